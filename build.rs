//! Puts the build into `dutydesk --version`: `BUILD_COMMIT_AND_DATE` is "COMMIT, built DATE", the short
//! commit from `git` (with `-dirty` when the work tree had changes) or "unknown" where there is
//! no git or no repository (a tarball), and the UTC date of the build, or of
//! `SOURCE_DATE_EPOCH` when it is set (a reproducible build).
//!
//! It reruns only when the commit can have changed (HEAD, the branch it points to, the packed
//! refs, the index) or `SOURCE_DATE_EPOCH` did, so an edit of the sources does not rerun it: the
//! `-dirty` it says is the work tree's as of the last commit, checkout or `git add`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let commit = match repository(&manifest) {
        Some(()) => {
            for path in ["HEAD", "packed-refs", "index"] {
                watch(&manifest, path);
            }
            if let Some(branch) = git(&manifest, &["symbolic-ref", "-q", "HEAD"]) {
                watch(&manifest, &branch);
            }
            commit(&manifest)
        }
        None => {
            // No repository: rerun if one appears.
            println!("cargo:rerun-if-changed=.git");
            "unknown".to_string()
        }
    };
    println!("cargo:rustc-env=BUILD_COMMIT_AND_DATE={commit}, built {}", build_date());
}

/// Runs `git ARGS` in `dir`; its trimmed output when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).current_dir(dir).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    out.status.success().then(|| text.trim().to_string())
}

/// Whether the crate's folder is the top of a git work tree (not a folder inside another
/// repository, as a tarball unpacked in one would be).
fn repository(manifest: &Path) -> Option<()> {
    let top = git(manifest, &["rev-parse", "--show-toplevel"])?;
    let same = std::fs::canonicalize(top).ok()? == std::fs::canonicalize(manifest).ok()?;
    same.then_some(())
}

/// Asks cargo to rerun when the repository file `name` (`HEAD`, `refs/heads/main` …) changes,
/// wherever this work tree keeps it (a linked work tree keeps HEAD apart from the refs).
fn watch(manifest: &Path, name: &str) {
    if let Some(path) = git(manifest, &["rev-parse", "--git-path", name]) {
        let path = manifest.join(path);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}

/// The short commit, `-dirty` when tracked files differ from it; "unknown" without a commit.
fn commit(manifest: &Path) -> String {
    let Some(hash) = git(manifest, &["rev-parse", "--short=9", "HEAD"]) else {
        return "unknown".to_string();
    };
    let dirty = git(manifest, &["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    if dirty { format!("{hash}-dirty") } else { hash }
}

/// The build's UTC date, YYYY-MM-DD: `SOURCE_DATE_EPOCH` (seconds) when set, else now.
fn build_date() -> String {
    let secs =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        });
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day number since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`), so the build script needs no date crate.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}
