//! The offline cache: the last good dashboard (of the top scope and of today, with the overdue list's
//! first rows), the escalated queue, `/me` and the last few watched views, kept on disk in the
//! user's cache directory (`~/.cache/dutydesk/`), one file per API URL and token (the file's
//! name is a SHA-256 of both; the token itself is never written), so it is never shown for
//! another server or user. A console started while the API is unreachable shows them at once,
//! marked as cached, with their age (and OFFLINE with the reason from the first failed try).
//!
//! Written after a whole poll, at most every 30 s and only when data changed, atomically
//! (a temporary file in the same directory, synced, then renamed), bounded in size (views
//! dropped first, then the file skipped); a missing, corrupt, oversized or foreign file is
//! ignored with a log line and never stops the console from starting.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::api::types::{Dashboard, Me, OverdueReport};
use crate::console::message::Msg;
use crate::console::model::{Paged, ProblemList, State, View, ViewData};
use crate::console::update::update;

/// The largest cache file written or read.
const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Watched views kept, newest first.
const VIEWS: usize = 4;
/// The format; a file of another is ignored.
const VERSION: u32 = 1;
/// Rows kept of a list (the first page's worth).
const ROWS: usize = 200;

/// What is kept.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
struct Kept {
    version: u32,
    /// The API URL it came from.
    api: String,
    /// When the data was current.
    at: Option<DateTime<Utc>>,
    me: Option<Me>,
    dashboard: Option<(Dashboard, Paged<OverdueReport>)>,
    escalated: Option<ProblemList>,
    views: Vec<(View, ViewData)>,
}

/// The cache of one API and token.
#[derive(Debug)]
pub(crate) struct Cache {
    path: Option<PathBuf>,
    kept: Kept,
    /// Data changed since the last write.
    dirty: bool,
    written: Option<DateTime<Utc>>,
}

/// The file for `api` and `token` under `dir`: a hash of both, so neither is in its name.
fn file_for(dir: &Path, api: &str, token: &str) -> PathBuf {
    let digest = Sha256::digest(format!("{}\n{}", api.trim().trim_end_matches('/'), token.trim()).as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    dir.join(format!("link-{hex}.json"))
}

fn trimmed<T: Clone>(p: &Paged<T>) -> Paged<T> {
    let mut p = p.clone();
    if p.rows.len() > ROWS {
        p.rows.truncate(ROWS);
        p.next = None;
    }
    p
}

impl Cache {
    /// The cache of `api` and `token` in the user's cache directory (none if it has none).
    pub(crate) fn open(api: &str, token: &str) -> Cache {
        let dir = crate::config::project_dirs().map(|d| d.cache_dir().to_path_buf());
        Cache::in_dir(dir.as_deref(), api, token)
    }

    /// The cache of `api` and `token` in `dir`, read if it is there and sound.
    pub(crate) fn in_dir(dir: Option<&Path>, api: &str, token: &str) -> Cache {
        let path = dir.map(|d| file_for(d, api, token));
        let kept = path.as_deref().and_then(|p| read(p, api)).unwrap_or_default();
        Cache { path, kept: Kept { api: api.to_string(), version: VERSION, ..kept }, dirty: false, written: None }
    }

    /// Shows what was kept, as it was at its time, marked as cached; false if nothing was.
    pub(crate) fn restore(&self, s: &mut State) -> bool {
        let (Some(at), Some((dash, overdue))) = (self.kept.at, self.kept.dashboard.clone()) else {
            return false;
        };
        if let Some(me) = self.kept.me.clone() {
            update(s, Msg::Me(Box::new(me)));
        }
        update(s, Msg::Data { at, poll_secs: None, fresh: Some(Box::new((dash, Some(overdue)))) });
        if let Some(problems) = self.kept.escalated.clone() {
            update(s, Msg::Escalated { at, problems });
        }
        s.link.cached = true;
        tracing::info!(%at, "showing the cached data until the API answers");
        true
    }

    /// The kept data of `view`, while the link shows nothing newer (cached or OFFLINE).
    pub(crate) fn view(&self, s: &State, view: &View) -> Option<Msg> {
        if !(s.link.cached || s.link.offline.is_some()) {
            return None;
        }
        let (_, data) = self.kept.views.iter().find(|(v, _)| v == view)?;
        Some(Msg::Loaded { view: view.clone(), data: data.clone(), at: self.kept.at? })
    }

    /// Notes what a message brought (after `update` applied it) and, after a whole poll,
    /// writes the file if data changed and the last write is 30 s old.
    pub(crate) fn observe(&mut self, s: &State, msg_kind: Observed) {
        match msg_kind {
            Observed::Data => self.dirty = true,
            Observed::WholePoll if s.link.error.is_none() => {
                let due = self.written.is_none_or(|t| s.now - t >= chrono::Duration::seconds(30));
                if self.dirty && due {
                    self.capture(s);
                    self.save();
                    self.dirty = false;
                    self.written = Some(s.now);
                }
            }
            _ => {}
        }
    }

    /// Takes the state's data into the kept copy.
    fn capture(&mut self, s: &State) {
        self.kept.at = s.link.last_ok;
        if s.me.is_some() {
            self.kept.me = s.me.clone();
        }
        if s.scope.is_none()
            && s.date.is_none()
            && let Some(d) = &s.dash
            && d.date >= s.today()
        {
            self.kept.dashboard = Some((d.clone(), trimmed(&s.overdue)));
        }
        if let Some(e) = &s.escalated {
            self.kept.escalated = Some(trimmed(e));
        }
        if let Some(top) = s.stack.last()
            && let Some(data) = &top.data
            && top.view.needs_fetch()
        {
            let data = match data {
                ViewData::Problems(p) => ViewData::Problems(trimmed(p)),
                ViewData::Enterprises(p) => ViewData::Enterprises(trimmed(p)),
                ViewData::Officers(p) => ViewData::Officers(trimmed(p)),
                other => other.clone(),
            };
            self.kept.views.retain(|(v, _)| *v != top.view);
            self.kept.views.insert(0, (top.view.clone(), data));
            self.kept.views.truncate(VIEWS);
        }
    }

    /// Writes the kept copy atomically; too large even without views: not written.
    fn save(&mut self) {
        let Some(path) = self.path.clone() else { return };
        let mut bytes = serde_json::to_vec(&self.kept).unwrap_or_default();
        while bytes.len() > MAX_BYTES && !self.kept.views.is_empty() {
            self.kept.views.pop();
            bytes = serde_json::to_vec(&self.kept).unwrap_or_default();
        }
        if bytes.len() > MAX_BYTES {
            tracing::warn!(bytes = bytes.len(), "offline cache not written: over {MAX_BYTES} bytes");
            return;
        }
        tokio::task::spawn_blocking(move || {
            if let Err(e) = write_atomic(&path, &bytes) {
                tracing::warn!(error = %e, path = %path.display(), "offline cache not written");
            }
        });
    }
}

/// What a message was, for [`Cache::observe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Observed {
    /// New data (a dashboard, a queue, a view, changed problems).
    Data,
    /// A poll ended.
    WholePoll,
    /// Anything else.
    Other,
}

impl Observed {
    /// The kind of `msg`.
    pub(crate) fn of(msg: &Msg) -> Observed {
        match msg {
            Msg::Data { fresh: Some(_), .. } | Msg::Escalated { .. } | Msg::Loaded { .. } | Msg::Changed { .. } => {
                Observed::Data
            }
            Msg::Polled { partial: None, .. } => Observed::WholePoll,
            _ => Observed::Other,
        }
    }
}

/// The kept data of `path` if it is sound and of `api`; a log line otherwise.
fn read(path: &Path, api: &str) -> Option<Kept> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() as usize > MAX_BYTES {
        tracing::warn!(path = %path.display(), "offline cache ignored: too large");
        return None;
    }
    let bytes = std::fs::read(path).map_err(|e| tracing::warn!(error = %e, "offline cache unreadable")).ok()?;
    match serde_json::from_slice::<Kept>(&bytes) {
        Ok(k) if k.version == VERSION && k.api == api => Some(k),
        Ok(_) => {
            tracing::warn!(path = %path.display(), "offline cache ignored: another version or API");
            None
        }
        Err(e) => {
            tracing::warn!(error = %e, path = %path.display(), "offline cache ignored: corrupt");
            None
        }
    }
}

/// `bytes` to `path` through a synced temporary file in the same directory and a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    let mut f = open.open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)
}
