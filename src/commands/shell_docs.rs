//! `dutydesk completions SHELL` and `dutydesk man [--out DIR]`: the shell completion scripts
//! (clap_complete) and the manual pages (clap_mangen), both generated from the command line's
//! own definition (`cli::Cli`), so they never fall behind a flag.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::Failure;
use crate::cli::{Cli, CompletionsArgs, ManArgs};

/// `dutydesk completions SHELL`: the completion script on standard output.
pub fn completions(args: &CompletionsArgs) -> Result<(), Failure> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "dutydesk", &mut out);
    write_stdout(&out)
}

/// `dutydesk man`: dutydesk.1 on standard output; with `--out DIR`, dutydesk.1 and a page per
/// subcommand (`dutydesk-serve.1`, `dutydesk-token-create.1` …) written into DIR (created if
/// needed), each named on stderr.
pub fn man(args: &ManArgs) -> Result<(), Failure> {
    match &args.out {
        None => write_stdout(&page()?),
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Failure::runtime(format!("cannot create {}: {e}", dir.display())))?;
            let written =
                write_pages(dir).map_err(|e| Failure::runtime(format!("cannot write into {}: {e}", dir.display())))?;
            let _ = writeln!(std::io::stderr(), "dutydesk: wrote {written} manual pages into {}", dir.display());
            Ok(())
        }
    }
}

/// The main page, dutydesk.1, as roff.
pub fn page() -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Failure::runtime(format!("cannot render the manual page: {e}")))?;
    Ok(out)
}

/// Writes dutydesk.1 and the subcommands' pages into `dir`; returns how many.
fn write_pages(dir: &Path) -> std::io::Result<usize> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut written = 0;
    write_tree(&cmd, dir, &mut written)?;
    Ok(written)
}

/// Writes the page of `cmd` (named by its `display_name`, `dutydesk-token-create`) and of its
/// visible subcommands, depth first.
fn write_tree(cmd: &clap::Command, dir: &Path, written: &mut usize) -> std::io::Result<()> {
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name()).to_string();
    let mut file = std::fs::File::create(dir.join(format!("{name}.1")))?;
    clap_mangen::Man::new(cmd.clone()).render(&mut file)?;
    *written += 1;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
        write_tree(sub, dir, written)?;
    }
    Ok(())
}

/// Writes `bytes` to standard output; a closed pipe (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::runtime(format!("cannot write: {e}"))),
        _ => Ok(()),
    }
}
