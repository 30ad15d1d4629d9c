//! Past days: `[` and `]` step the whole dashboard (every pane, the parks and units tables and
//! the chart) one day back or forward, never past today; `:date YYYY-MM-DD` jumps to a day and
//! `:today` comes back. The poller asks the dashboard and the overdue list for the day
//! (`Effect::Date`); the status line says which day is on screen (`model::days`).

use chrono::NaiveDate;

use crate::console::message::Effect;
use crate::console::model::{State, View};

/// Whether the top screen is drawn from the dashboard, so a day applies to it.
fn on_dashboard_views(s: &State) -> bool {
    matches!(s.top().view, View::Dashboard | View::Parks | View::Units | View::Chart)
}

/// `[` (`days` = -1) and `]` (`days` = 1): the day viewed moved by `days`, up to today. At
/// today `]` says so; on a drill-down screen (live data of its own) the keys say where they
/// apply.
pub(super) fn step(s: &mut State, days: i64) -> Vec<Effect> {
    if !on_dashboard_views(s) {
        s.notices.push(s.lang.t("day.not_here").to_string());
        return Vec::new();
    }
    if days > 0 && s.date.is_none() {
        s.notices.push(s.lang.t("day.already_today").to_string());
        return Vec::new();
    }
    let to = s.stepped_day(days);
    set_date(s, to)
}

/// Views `date` (`None` or today: today, live); nothing when it is the day already asked for.
pub(crate) fn set_date(s: &mut State, date: Option<NaiveDate>) -> Vec<Effect> {
    let date = date.filter(|d| *d < s.today());
    if date == s.date {
        return Vec::new();
    }
    s.date = date;
    // The overdue list held is the old day's: no further page of it is asked for (its cursor
    // means nothing for the new day); the new day's first page arrives with its dashboard.
    s.overdue.asked = true;
    vec![Effect::Date(date)]
}

/// `:date ARG`: the day of `YYYY-MM-DD`, today or earlier; a clear message otherwise.
pub(super) fn jump(s: &mut State, arg: &str) -> Result<Vec<Effect>, String> {
    let t = |k| s.lang.t(k);
    let date =
        NaiveDate::parse_from_str(arg.trim(), "%Y-%m-%d").map_err(|_| format!("{} {arg:?}", t("day.bad_date")))?;
    if date > s.today() {
        return Err(format!("{}: {date}", t("day.future")));
    }
    Ok(set_date(s, Some(date)))
}
