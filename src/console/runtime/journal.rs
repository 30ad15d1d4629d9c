//! The outbox on disk: one small JSON file per API and user in `<state dir>/outbox/`, holding
//! every action awaiting a definite answer. Each change writes the whole file anew to a
//! temporary file, fsyncs it, renames it over the old one and fsyncs the folder, so after a
//! crash or SIGKILL the file is the old list or the new one, never half of either. (The list is
//! a handful of actions: a rewrite costs less than a log to compact, and needs no second
//! database in the console.)
//!
//! The file's name is a digest of the API URL and of a digest of the token, and the file
//! repeats both: an action is only ever resent to the server and with the token (the user) it
//! was confirmed for. The token itself is never written. The file is readable by its owner only.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The outbox file of one API and user.
#[derive(Debug, Clone)]
pub(crate) struct Journal {
    path: PathBuf,
    api: String,
    user: String,
}

/// What the file holds.
#[derive(Debug, Serialize, Deserialize)]
struct Contents<T> {
    /// The API URL the actions go to.
    api: String,
    /// A digest of the token they go with.
    user: String,
    /// The actions, oldest first.
    actions: Vec<T>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Journal {
    /// The journal of `api_url` and `token` under `state_dir`.
    pub(crate) fn new(state_dir: &Path, api_url: &str, token: &str) -> Journal {
        let api = api_url.trim().trim_end_matches('/').to_string();
        let user = hex(&Sha256::digest(format!("dutydesk outbox user\n{token}")));
        let name = hex(&Sha256::digest(format!("{api}\n{user}")))[..24].to_string();
        Journal { path: state_dir.join("outbox").join(format!("{name}.json")), api, user }
    }

    /// The journal of another kind of action (`reminders`) of the same API and user: a file
    /// of its own beside the triage outbox's, `<name>.<kind>.json`.
    pub(crate) fn of_kind(state_dir: &Path, api_url: &str, token: &str, kind: &str) -> Journal {
        let mut j = Journal::new(state_dir, api_url, token);
        j.path = j.path.with_extension(format!("{kind}.json"));
        j
    }

    /// The file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The actions kept (none when there is no file). A file that does not parse, or that
    /// belongs to another API or user, is set aside (renamed `*.unreadable`) and said so.
    pub(crate) fn load<T: DeserializeOwned>(&self) -> Result<Vec<T>, String> {
        let text = match fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(format!("{}: {e}", self.path.display())),
        };
        match serde_json::from_str::<Contents<T>>(&text) {
            Ok(c) if c.api == self.api && c.user == self.user => Ok(c.actions),
            Ok(_) => Err(self.set_aside("it belongs to another API or user")),
            Err(e) => Err(self.set_aside(&e.to_string())),
        }
    }

    fn set_aside(&self, why: &str) -> String {
        let aside = self.path.with_extension("unreadable");
        let moved = fs::rename(&self.path, &aside);
        match moved {
            Ok(()) => format!("{}: {why}; kept as {}", self.path.display(), aside.display()),
            Err(e) => format!("{}: {why} (and cannot set it aside: {e})", self.path.display()),
        }
    }

    /// Writes `actions` durably (see the module's doc); no actions: the file is removed.
    pub(crate) fn save<T: Serialize + Clone>(&self, actions: &[T]) -> io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        if actions.is_empty() {
            return match fs::remove_file(&self.path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => sync_dir(dir),
            };
        }
        fs::create_dir_all(dir)?;
        let contents = Contents { api: self.api.clone(), user: self.user.clone(), actions: actions.to_vec() };
        let bytes = serde_json::to_vec_pretty(&contents).map_err(io::Error::other)?;
        let tmp = self.path.with_extension("tmp");
        let mut f = owner_only(OpenOptions::new().write(true).create(true).truncate(true)).open(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, &self.path)?;
        sync_dir(dir)
    }
}

#[cfg(unix)]
fn owner_only(o: &mut OpenOptions) -> &mut OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    o.mode(0o600)
}

#[cfg(not(unix))]
fn owner_only(o: &mut OpenOptions) -> &mut OpenOptions {
    o
}

/// Makes a rename or removal in `dir` durable.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, File::open);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::model::outbox::Pending;
    use crate::console::model::triage::Op;
    use crate::console::tests::fixtures;

    fn pending(n: u128) -> Pending {
        Pending::new(
            uuid::Uuid::from_u128(n),
            Op::Comment("已联系".into()),
            fixtures::problems()[0].clone(),
            fixtures::now(),
        )
    }

    #[test]
    fn kept_per_api_and_user_and_removed_when_empty() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path(), "http://a.example/", "dd_one");
        assert_eq!(j.load::<Pending>().unwrap(), Vec::new());
        j.save(&[pending(1), pending(2)]).unwrap();
        let back = j.load::<Pending>().unwrap();
        assert_eq!(back.iter().map(|p| p.key.as_u128()).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(back[0].op, Op::Comment("已联系".into()));
        // Another user or another server has its own (empty) outbox; the token is not on disk.
        assert!(Journal::new(dir.path(), "http://a.example", "dd_two").load::<Pending>().unwrap().is_empty());
        assert!(Journal::new(dir.path(), "http://b.example", "dd_one").load::<Pending>().unwrap().is_empty());
        assert!(!fs::read_to_string(j.path()).unwrap().contains("dd_one"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(j.path()).unwrap().permissions().mode() & 0o777, 0o600);
        }
        j.save::<Pending>(&[]).unwrap();
        assert!(!j.path().exists());
    }

    #[test]
    fn an_unreadable_file_is_set_aside_and_said() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path(), "http://a.example", "dd_one");
        fs::create_dir_all(j.path().parent().unwrap()).unwrap();
        fs::write(j.path(), "{ not json").unwrap();
        let e = j.load::<Pending>().unwrap_err();
        assert!(e.contains("unreadable"), "{e}");
        assert!(j.load::<Pending>().unwrap().is_empty(), "set aside, so the next start begins empty");
    }
}
