//! Start-up warnings for secrets others can read: the database file, a token file, a config
//! file that holds a token. On unix a file whose mode has any group or other bit
//! (`mode & 0o077`) draws a warning naming it and the `chmod` that fixes it; elsewhere nothing
//! is checked.

use std::path::Path;

/// The warning for `path` (described as `what`, e.g. "token file") when others may read it,
/// or `None` when only its owner can (or it cannot be looked at).
pub fn exposed(path: &Path, what: &str) -> Option<String> {
    let mode = mode(path)?;
    (mode & 0o077 != 0).then(|| {
        format!(
            "warning: the {what} {} is readable by others (mode {:03o}); run: chmod 600 {}",
            path.display(),
            mode & 0o777,
            shell_quoted(path)
        )
    })
}

#[cfg(unix)]
fn mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).ok().map(|m| m.permissions().mode())
}

#[cfg(not(unix))]
fn mode(_path: &Path) -> Option<u32> {
    None
}

fn shell_quoted(path: &Path) -> String {
    let s = path.display().to_string();
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-~+".contains(c)) {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Whether a config file's text sets a token (`[console] token = "…"`, not empty).
pub fn holds_token(text: &str) -> bool {
    text.parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("console")?.get("token")?.as_str().map(|s| !s.trim().is_empty()))
        .unwrap_or(false)
}

/// The warning for a config file that holds a token and that others may read.
pub fn exposed_config(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    if holds_token(&text) { exposed(path, "config file (it holds a token)") } else { None }
}

/// The SQLite file a database URL or path names, if it is one (not PostgreSQL, not memory).
pub fn sqlite_file(db: &str) -> Option<&Path> {
    let db = db.trim();
    if db.starts_with("postgres://") || db.starts_with("postgresql://") || db.contains(":memory:") {
        return None;
    }
    let path = db.strip_prefix("sqlite:").map(|r| r.trim_start_matches("//")).unwrap_or(db);
    let path = path.split('?').next().unwrap_or_default();
    (!path.is_empty()).then(|| Path::new(path))
}

/// Prints a warning to stderr and logs it (never panics when stderr is gone).
pub fn warn(message: &str) {
    use std::io::Write;
    tracing::warn!("{message}");
    let _ = writeln!(std::io::stderr(), "dutydesk: {message}");
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn file_with_mode(dir: &Path, name: &str, text: &str, mode: u32) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    #[test]
    fn files_others_can_read_are_named_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let open = file_with_mode(dir.path(), "token", "secret", 0o644);
        let warning = exposed(&open, "token file").unwrap();
        assert!(
            warning.contains("mode 644") && warning.contains(&format!("chmod 600 {}", open.display())),
            "{warning}"
        );
        assert!(exposed(&file_with_mode(dir.path(), "g", "s", 0o640), "token file").is_some(), "group-readable");
        assert!(exposed(&file_with_mode(dir.path(), "w", "s", 0o602), "token file").is_some(), "others may write");
        assert_eq!(exposed(&file_with_mode(dir.path(), "private", "s", 0o600), "token file"), None);
        assert_eq!(exposed(&dir.path().join("missing"), "token file"), None);
        let spaced = file_with_mode(dir.path(), "my token", "s", 0o644);
        assert!(exposed(&spaced, "token file").unwrap().contains("chmod 600 '"), "quoted for the shell");
    }

    #[test]
    fn a_config_file_warns_only_when_it_holds_a_token() {
        let dir = tempfile::tempdir().unwrap();
        let with = file_with_mode(dir.path(), "a.toml", "[console]\napi = \"https://x\"\ntoken = \"s3cret\"\n", 0o644);
        assert!(exposed_config(&with).unwrap().contains("holds a token"));
        let without = file_with_mode(dir.path(), "b.toml", "[console]\ntoken = \"\"\ntheme = \"light\"\n", 0o644);
        assert_eq!(exposed_config(&without), None);
        let private = file_with_mode(dir.path(), "c.toml", "[console]\ntoken = \"s3cret\"\n", 0o600);
        assert_eq!(exposed_config(&private), None);
    }

    #[test]
    fn the_sqlite_file_of_a_database_argument() {
        assert_eq!(sqlite_file("data/d.db"), Some(Path::new("data/d.db")));
        assert_eq!(sqlite_file("sqlite:///var/lib/d.db?mode=rwc"), Some(Path::new("/var/lib/d.db")));
        assert_eq!(sqlite_file("sqlite://d.db"), Some(Path::new("d.db")));
        assert_eq!(sqlite_file("postgres://u@h/db"), None);
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }
}
