//! What flows into `update` (messages: keys, ticks, fetch results, all with their time) and
//! what comes out (effects the run loop carries out).

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use uuid::Uuid;

use crate::api::types::*;

use crate::console::model::export::ExportRequest;
use crate::console::model::link::LinkError;
use crate::console::model::outbox::Pending;
use crate::console::model::triage::TriageFailure;
use crate::console::model::{ListRef, PageRows, Paged, ProblemList, View, ViewData};

/// An input to the update function (`update::update`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// The terminal's new size.
    Resize(u16, u16),
    /// The clock (once a second).
    Tick(DateTime<Utc>),
    /// `GET /me` answered.
    Me(Box<Me>),
    /// `GET /org` answered.
    Org(Box<Org>),
    /// A poll succeeded: a new dashboard (with the overdue list's first page when it was
    /// re-read), or `None` for 304.
    Data {
        /// When the answer arrived (the poller's clock); the link counts as live from then.
        at: DateTime<Utc>,
        /// The server's `X-Poll-Interval` in seconds, when it sent one (it replaces the configured interval).
        poll_secs: Option<u64>,
        /// The new figures, unless not modified.
        fresh: Option<Box<(Dashboard, Option<Paged<OverdueReport>>)>>,
    },
    /// A drill-down view's data arrived.
    Loaded {
        /// For which view.
        view: View,
        /// The data as fetched (a list's first page, with the server's count).
        data: ViewData,
        /// When the data arrived (the poller's clock).
        at: DateTime<Utc>,
    },
    /// Problems changed (from the change feed and `GET /problems?since=`): merged into the
    /// queues held, with the server's new counts.
    Changed {
        /// When they arrived (the poller's clock).
        at: DateTime<Utc>,
        /// Every problem changed since the last cursor, in any state.
        problems: Vec<Problem>,
        /// The server's count of the escalated queue and of the watched queue.
        totals: Vec<(View, i64)>,
    },
    /// A further page of a list arrived.
    Page {
        /// Which list asked for it.
        list: ListRef,
        /// The cursor it was asked for at; appended only if the list still waits on it.
        cursor: String,
        /// The page's rows.
        rows: PageRows,
        /// The cursor of the page after it; `None` at the end.
        next: Option<String>,
    },
    /// A further page of a list could not be fetched.
    PageFailed {
        /// Which list asked for it.
        list: ListRef,
        /// What went wrong.
        error: String,
    },
    /// A drill-down fetch failed without the link being down (404, 403 …).
    ViewFailed {
        /// For which view.
        view: View,
        /// What went wrong.
        error: String,
    },
    /// A drill-down fetch answered 404: what the view shows does not exist (`:problem 1020`
    /// of a number no problem has).
    NotFound {
        /// For which view.
        view: View,
        /// The server's words.
        error: String,
    },
    /// A poll failed: the API is unreachable (OFFLINE, when [`LinkError::offline`]) or
    /// answered with an error (STALE).
    Failed {
        /// When the poll failed (the poller's clock).
        at: DateTime<Utc>,
        /// Why, classified.
        error: LinkError,
        /// When the poller tries again.
        retry_at: DateTime<Utc>,
    },
    /// A poll ended without failing as a whole; `partial` says which part failed, if one did
    /// (LIVE only without).
    Polled {
        /// When the poll ended (the poller's clock).
        at: DateTime<Utc>,
        /// The part of the poll that failed while the rest succeeded.
        partial: Option<LinkError>,
    },
    /// The deadline watch answered ([`Effect::WatchDeadlines`]): the unresolved problems due
    /// next, soonest first, or why it failed.
    Deadlines {
        /// When it answered.
        at: DateTime<Utc>,
        /// The first page of `GET /problems?sort=due`, or the error.
        result: Result<ProblemList, String>,
    },
    /// A theme was loaded (after `:theme`), with its error if it fell back.
    Theme {
        /// The name in effect.
        name: String,
        /// What went wrong.
        error: Option<String>,
    },
    /// The escalated queue (level ≥ 1, not resolved, most urgent first), polled at `at`.
    Escalated {
        /// When the queue arrived; alerts compare it with the previous poll's.
        at: DateTime<Utc>,
        /// The escalated problems, as the server ordered them, with its count of them all.
        problems: ProblemList,
    },
    /// The open-problem load of the departments arrived, for the reassign picker: (department
    /// id, unresolved problems assigned to it); a department whose count was refused is absent.
    DepartmentLoads(Vec<(i64, i64)>),
    /// The server's officer search answered (for the reassign picker).
    Officers {
        /// The query it answers; an answer to any but the latest query asked is dropped.
        query: String,
        /// The officers found, best match first, or why the search failed.
        result: Result<Vec<Officer>, String>,
    },
    /// The server answered a triage action definitely (it has left the outbox).
    Triaged {
        /// The action's `Idempotency-Key` ([`crate::console::model::outbox::Pending::key`]).
        key: Uuid,
        /// The problem as changed, or why not.
        result: Result<Box<Problem>, TriageFailure>,
    },
    /// How the outbox's deliveries go.
    Outbox(OutboxNews),
    /// An export's task read another page: rows read so far of how many (the server's count).
    Exporting {
        /// The file it writes.
        path: String,
        /// Rows read so far.
        rows: usize,
        /// The server's count, when it said.
        total: Option<i64>,
    },
    /// An export ended: the file written and its rows, or why it failed (in words for the user).
    Exported(Result<(String, usize), String>),
    /// The server's count of the overdue enterprises a reminder would chase (asked by
    /// [`Effect::CountOverdue`]), or why it could not say.
    RemindCount {
        /// The reminder asked about.
        choice: crate::console::model::reminders::RemindChoice,
        /// The overdue list's total there.
        result: Result<i64, String>,
    },
    /// The server answered a reminder definitely (it has left its journal).
    Reminded {
        /// The reminder's `Idempotency-Key`.
        key: Uuid,
        /// What was recorded, or why not.
        result: Result<Box<crate::api::types::RemindersSent>, String>,
    },
    /// Text pasted (bracketed paste; an input method may commit this way too).
    Paste(String),
    /// Quit (a signal).
    Quit,
}

/// What the outbox says about its deliveries (besides a definite answer, [`Msg::Triaged`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum OutboxNews {
    /// Actions a previous run left unanswered (kept on disk for this API and user): resent
    /// now with their keys.
    Restored(Vec<Pending>),
    /// A try got no definite answer (timeout, refused, 5xx, an answer lost): whether the
    /// server applied it is unknown; the same request goes again at `next_at`.
    Retrying {
        /// The action's key.
        key: Uuid,
        /// Tries without a definite answer so far.
        attempts: u32,
        /// Why this one had none.
        error: String,
        /// When the next try goes.
        next_at: DateTime<Utc>,
    },
    /// The action could not be written to disk (it is sent anyway; a restart would lose it).
    Unsaved {
        /// The action's key.
        key: Uuid,
        /// The file system's error.
        error: String,
    },
    /// The outbox file of this API and user could not be read (it was set aside).
    Unreadable(String),
    /// The action was dropped (and removed from disk) as the user asked.
    Dropped {
        /// The action's key.
        key: Uuid,
    },
}

/// Something for the run loop to do.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Effect {
    /// Leave the console.
    Quit,
    /// Keep this drill-down view fresh (or none).
    Watch(Option<View>),
    /// Poll now instead of waiting.
    Refresh,
    /// Ask the dashboard for this scope from now on (`None`: the top of the data), at once.
    Scope(Option<Scope>),
    /// Ask the dashboard (and the overdue list) for this day from now on (`None`: today,
    /// live), at once.
    Date(Option<chrono::NaiveDate>),
    /// Load and apply a theme.
    LoadTheme(String),
    /// Ring the bell.
    Bell,
    /// Clear and redraw the whole screen.
    ClearScreen,
    /// Put a confirmed triage action in the outbox: written to disk, then sent (with its key
    /// and `If-Match`) and retried until a definite answer ([`Msg::Triaged`]).
    Triage(Box<Pending>),
    /// Keep a confirmed reminder on disk, then send it with its key until a definite answer
    /// ([`Msg::Reminded`]).
    Remind(Box<crate::console::model::reminders::PendingReminder>),
    /// Ask the server how many overdue enterprises a park's or a unit's reminder chases
    /// (answered as [`Msg::RemindCount`]).
    CountOverdue(crate::console::model::reminders::RemindChoice),
    /// Drop an action from the outbox (the user chose to, in `:outbox`): not tried again.
    DropPending {
        /// Its `Idempotency-Key`.
        key: Uuid,
    },
    /// Fetch a further page of a list (answered as [`Msg::Page`]).
    LoadPage {
        /// Which list.
        list: ListRef,
        /// The cursor of the page (the list's `next`).
        cursor: String,
    },
    /// Fetch the open-problem load of these departments, for the picker (answered as
    /// [`Msg::DepartmentLoads`]).
    LoadDepartmentLoads {
        /// Ids of the departments whose unresolved-problem load the picker shows.
        departments: Vec<i64>,
    },
    /// Ask for the unresolved problems due next after `after` (answered as [`Msg::Deadlines`]),
    /// for the alerts on level-0 deadlines (`[console] alert_sla = "all"`).
    WatchDeadlines {
        /// Deadlines after this instant.
        after: DateTime<Utc>,
    },
    /// Put this text on the clipboard (`y`): an OSC 52 sequence through the terminal writer,
    /// between frames.
    Copy(String),
    /// Write the table in view to a file (`:export`), every row read from the server; progress
    /// and the end come back as [`Msg::Exporting`] and [`Msg::Exported`].
    Export(Box<ExportRequest>),
    /// Search the officers on the server for the picker, once the typing has paused (answered
    /// as [`Msg::Officers`]); an empty query cancels the search awaited.
    SearchOfficers {
        /// The query typed (trimmed).
        query: String,
    },
}
