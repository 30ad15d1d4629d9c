//! What the table builders write cells with: a small context of the language, the clock,
//! the zone and the day's cutoffs, plus the two overlays a problem row shows (actions in
//! flight and fresh alerts). Builders take it and their data, never the whole state.

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::console::look::i18n::Lang;
use crate::console::model::State;
use crate::console::model::alerts::Alerts;
use crate::console::model::triage::Pending;

/// The context of a table builder.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableContext<'a> {
    /// The language of titles, labels and durations (the state's `lang`).
    pub lang: Lang,
    /// The clock (ages, SLA countdowns, today).
    pub now: DateTime<Utc>,
    /// The zone of local times and days.
    pub tz: Tz,
    /// Today's check-in cutoff (attendance says "not yet" before it).
    pub checkin_cutoff: NaiveTime,
    /// The daily report deadline, `HH:MM`.
    pub report_deadline: &'a str,
    /// Triage actions sent and not yet answered (their rows show the preview).
    pub pending: &'a [Pending],
    /// Recent alerts (their rows flash).
    pub alerts: &'a Alerts,
}

impl<'a> TableContext<'a> {
    /// The context of the state as it is.
    pub(crate) fn of(state: &'a State) -> TableContext<'a> {
        TableContext {
            lang: state.lang,
            now: state.now,
            tz: state.settings.tz,
            checkin_cutoff: state.settings.checkin_cutoff,
            report_deadline: &state.settings.report_deadline,
            pending: &state.inflight,
            alerts: &state.alerts,
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

    /// An age (`now - at`) as a short duration.
    pub(crate) fn age(&self, at: DateTime<Utc>) -> String {
        crate::console::look::format::duration((self.now - at).num_seconds(), self.lang == Lang::Zh)
    }
}

/// Names joined with spaces.
pub(crate) fn names(refs: &[crate::api::types::NamedRef]) -> String {
    refs.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(" ")
}
