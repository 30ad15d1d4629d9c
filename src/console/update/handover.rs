//! Opening the shift handover (`H`, `:handover [HH:MM]`): from the time given, the last one
//! before now in the command center's zone; without one, from the last report deadline
//! before now (at 08:00, yesterday's 20:00: the night shift). The scope is the dashboard's.

use chrono::{DateTime, NaiveTime, Utc};

use crate::api::handover_text::{last_before, parse_when};
use crate::console::message::Effect;
use crate::console::model::{State, View};

/// The shift's start `arg` names at the state's now (the last report deadline when empty).
pub(crate) fn since(state: &State, arg: &str) -> Result<DateTime<Utc>, String> {
    let (now, tz) = (state.now, state.settings.tz);
    let since = if arg.trim().is_empty() {
        let deadline = NaiveTime::parse_from_str(state.settings.report_deadline.trim(), "%H:%M")
            .unwrap_or_else(|_| NaiveTime::from_hms_opt(20, 0, 0).expect("a valid time"));
        last_before(deadline, now, tz)
    } else {
        parse_when(arg, now, tz)?
    };
    if since >= now {
        return Err(format!("{}: {arg}", state.lang.t("handover.future")));
    }
    Ok(since)
}

/// Pushes the handover view from `arg`'s start (see [`since`]) for the dashboard's scope.
pub(crate) fn open(state: &mut State, arg: &str) -> Result<Vec<Effect>, String> {
    let since = since(state, arg)?;
    Ok(super::navigation::push(state, View::Handover { since, scope: state.scope.map(|s| s.to_string()) }))
}
