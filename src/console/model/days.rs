//! The day the dashboard shows: today (live) or a past day (`[`, `]`, `:date`, `:today`). The
//! state keeps the day asked for ([`State::date`]); the figures shown say their own day
//! (`Dashboard::date`), so the status line tells what is on screen, and that another day is on
//! its way while the poller fetches it.

use chrono::{Duration, NaiveDate};

use super::state::State;

/// What the status line says of the day on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DayShown {
    /// Today's figures, with no other day asked for: nothing to say.
    Today,
    /// A past day's figures are on screen.
    Past(NaiveDate),
    /// Another day was asked for and its figures have not arrived yet.
    Loading(NaiveDate),
}

impl State {
    /// Today in the configured zone.
    pub fn today(&self) -> NaiveDate {
        self.local_now().date_naive()
    }

    /// The day the dashboard is asked for: the past day chosen, else today.
    pub fn viewed_day(&self) -> NaiveDate {
        self.date.unwrap_or_else(|| self.today())
    }

    /// The day asked for moved by `days` (negative: back), never past today; `None` (today,
    /// live) when it reaches today.
    pub fn stepped_day(&self, days: i64) -> Option<NaiveDate> {
        let to = self.viewed_day() + Duration::days(days);
        (to < self.today()).then_some(to)
    }

    /// What is on screen: the figures' own day against today, and whether another day was
    /// asked for since.
    pub(crate) fn day_shown(&self) -> DayShown {
        let today = self.today();
        let asked = self.viewed_day();
        match self.dash.as_ref().map(|d| d.date) {
            Some(shown) if shown != asked => DayShown::Loading(asked),
            None if asked != today => DayShown::Loading(asked),
            Some(shown) if shown < today => DayShown::Past(shown),
            _ => DayShown::Today,
        }
    }
}
