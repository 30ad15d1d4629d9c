//! What the table builders write cells with: a small context of the language, the clock,
//! the zone and the day's cutoffs, plus the two overlays a problem row shows (actions in
//! flight and fresh alerts). Builders take it and their data, never the whole state.

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::api::types::Department;
use crate::config::severity::{Severity, SeverityConfig};
use crate::console::look::format::{coarse_duration, short_duration};
use crate::console::look::i18n::Lang;
use crate::console::model::State;
use crate::console::model::alerts::Alerts;
use crate::console::model::export::ContextParts;
use crate::console::model::outbox::Pending;

use super::table::Tone;

/// The context of a table builder.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableContext<'a> {
    /// The language of titles, labels and durations (the state's `lang`).
    pub lang: Lang,
    /// The clock (SLA standing, flashing alerts, today).
    pub now: DateTime<Utc>,
    /// The clock of relative texts (ages, time to the SLA): `now` down to its whole minute, so
    /// every such text on screen moves once a minute, together with the status line's clock.
    pub minute: DateTime<Utc>,
    /// The zone of local times and days.
    pub tz: Tz,
    /// Today's check-in cutoff (attendance says "not yet" before it).
    pub checkin_cutoff: NaiveTime,
    /// The daily report deadline, `HH:MM`.
    pub report_deadline: &'a str,
    /// When a row is a warning or critical (`[console.severity]`).
    pub severity: SeverityConfig,
    /// Triage actions sent and not yet answered (their rows show the preview).
    pub pending: &'a [Pending],
    /// Recent alerts (their rows flash).
    pub alerts: &'a Alerts,
    /// The organisation's departments, to name an assignee by its id (a timeline's reassigns).
    pub departments: &'a [Department],
}

impl<'a> TableContext<'a> {
    /// The context of the state as it is.
    pub(crate) fn of(state: &'a State) -> TableContext<'a> {
        TableContext {
            lang: state.lang,
            now: state.now,
            minute: whole_minute(state.now),
            tz: state.settings.tz,
            checkin_cutoff: state.settings.checkin_cutoff,
            report_deadline: &state.settings.report_deadline,
            severity: state.settings.severity,
            pending: &state.inflight,
            alerts: &state.alerts,
            departments: state.org.as_ref().map_or(&[], |o| o.departments.as_slice()),
        }
    }

    /// A context of its parts, without actions in flight (an export writes what the server
    /// holds, not a preview).
    pub(crate) fn bare(parts: &'a ContextParts, alerts: &'a Alerts) -> TableContext<'a> {
        TableContext {
            lang: parts.lang,
            now: parts.now,
            minute: whole_minute(parts.now),
            tz: parts.tz,
            checkin_cutoff: parts.checkin_cutoff,
            report_deadline: &parts.report_deadline,
            severity: parts.severity,
            pending: &[],
            alerts,
            departments: &[],
        }
    }

    /// The tone of a severity: normal, warning or critical.
    pub(crate) fn tone(severity: Severity) -> Tone {
        match severity {
            Severity::Normal => Tone::Normal,
            Severity::Warning => Tone::Warn,
            Severity::Critical => Tone::Critical,
        }
    }

    /// A label in the context's language.
    pub(crate) fn t(&self, key: &'static str) -> &'static str {
        self.lang.t(key)
    }

    /// The local time now.
    pub(crate) fn local_now(&self) -> DateTime<Tz> {
        self.now.with_timezone(&self.tz)
    }

    /// Before today's check-in cutoff.
    pub(crate) fn before_cutoff(&self) -> bool {
        self.local_now().time() < self.checkin_cutoff
    }

    /// An instant as local `MM-DD HH:MM`.
    pub(crate) fn local_time(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.tz).format("%m-%d %H:%M").to_string()
    }

    /// An age (`now - at`) as a short duration that never shows seconds (by the minute clock).
    pub(crate) fn age(&self, at: DateTime<Utc>) -> String {
        coarse_duration((self.minute - at).num_seconds(), self.lang == Lang::Zh)
    }

    /// The time left until `at` as a short duration that never shows seconds (by the minute
    /// clock).
    pub(crate) fn left(&self, at: DateTime<Utc>) -> String {
        coarse_duration((at - self.minute).num_seconds(), self.lang == Lang::Zh)
    }

    /// [`TableContext::age`] in its largest unit alone, for a narrow column.
    pub(crate) fn age_short(&self, at: DateTime<Utc>) -> String {
        short_duration((self.minute - at).num_seconds(), self.lang == Lang::Zh)
    }

    /// [`TableContext::left`] in its largest unit alone, for a narrow column.
    pub(crate) fn left_short(&self, at: DateTime<Utc>) -> String {
        short_duration((at - self.minute).num_seconds(), self.lang == Lang::Zh)
    }
}

/// `at` down to its whole minute (UTC minutes are every zone's minutes but a few historical
/// ones).
pub(crate) fn whole_minute(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(at.timestamp().div_euclid(60) * 60, 0).unwrap_or(at)
}

/// Names joined with spaces.
pub(crate) fn names(refs: &[crate::api::types::NamedRef]) -> String {
    refs.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(" ")
}
