//! `dutydesk import`: the roster files read and validated together against the database's keys,
//! every problem printed (and nothing written) or the rows merged in one transaction, then what
//! was added, changed and left alone per kind; `--template` writes the empty workbook.

use std::io::Write;

use super::{Failure, open_store};
use crate::cli::ImportArgs;
use crate::config::Config;
use crate::store::roster::RosterCounts;

/// `dutydesk import`: the template, or an import (a dry run with `--dry-run`).
pub async fn import(config: &Config, args: &ImportArgs) -> Result<(), Failure> {
    if let Some(path) = &args.template {
        crate::roster::template::write(path).map_err(Failure::usage)?;
        println!(
            "wrote the roster template {}: fill its sheets, then `dutydesk import --db … {}`",
            path.display(),
            path.display()
        );
        return Ok(());
    }
    let store = open_store(&args.db, &config.server).await?;
    let known = store.roster_keys().await?;
    let files = args.files.clone();
    let parsed = tokio::task::spawn_blocking(move || crate::roster::parse(&files, &known))
        .await
        .map_err(|e| Failure::runtime(format!("reading the files failed: {e}")))?;
    let mut err = std::io::stderr().lock();
    for note in &parsed.notes {
        let _ = writeln!(err, "note: {note}");
    }
    if !parsed.problems.is_empty() {
        for p in &parsed.problems {
            let _ = writeln!(err, "  {p}");
        }
        let n = parsed.problems.len();
        return Err(Failure::usage(format!(
            "{n} problem{} found; nothing was imported",
            if n == 1 { "" } else { "s" }
        )));
    }
    drop(err);
    let counts = store.import_roster(&parsed.data, args.dry_run, chrono::Utc::now()).await?;
    store.close().await;
    print!("{}", report(&counts, args.dry_run));
    Ok(())
}

/// The table of what an import did (or, in a dry run, would do), one line per kind.
fn report(counts: &RosterCounts, dry_run: bool) -> String {
    let mut out =
        String::from(if dry_run { "dry run, nothing written; the import would give:\n" } else { "imported:\n" });
    out.push_str(&format!("{:<12} {:>7} {:>8} {:>10} {:>12}\n", "", "added", "changed", "unchanged", "not in file"));
    for (kind, k) in counts.kinds() {
        out.push_str(&format!(
            "{kind:<12} {:>7} {:>8} {:>10} {:>12}\n",
            k.added, k.changed, k.unchanged, k.not_in_file
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::roster::KindCounts;

    #[test]
    fn the_report_has_a_line_per_kind_and_says_a_dry_run_wrote_nothing() {
        let c = RosterCounts {
            enterprises: KindCounts { added: 2, changed: 1, unchanged: 3, not_in_file: 4 },
            ..RosterCounts::default()
        };
        let text = report(&c, true);
        assert!(text.starts_with("dry run, nothing written"), "{text}");
        assert_eq!(text.lines().count(), 8, "{text}");
        assert!(text.contains("enterprises        2        1          3            4"), "{text}");
    }
}
