//! The pure logic of reminders (催报): `m` on an overdue row or an enterprise reminds its
//! officers at once; on a park or a unit row it first asks the server how many of its
//! enterprises are overdue (the count the server will expand to), then confirms with that
//! count (starting on Cancel). A confirmed reminder gets its `Idempotency-Key` now and goes to
//! the runtime's journal ([`Effect::Remind`]); the definite answer is a toast.

use chrono::Duration;
use uuid::Uuid;

use crate::api::types::{NewReminders, RemindersSent};

use crate::console::message::Effect;
use crate::console::model::keymap::{Key, KeyAction, Layer};
use crate::console::model::reminders::{PendingReminder, RemindChoice};
use crate::console::model::{Modal, State, ViewData};
use crate::console::tables;

use super::navigation::quit;
use super::triage::note;

/// How long a reminder's toast shows.
const TOAST_SECS: i64 = 4;

/// What `m` would chase: the enterprise of the detail in view, or the selected row's
/// enterprise, park or unit (by its key: `ent3`, `park2`, `unit5`).
pub(crate) fn choice(s: &State) -> Option<RemindChoice> {
    if let Some(ViewData::Enterprise(d)) = &s.top().data {
        let e = &d.enterprise;
        return Some(RemindChoice { request: NewReminders::for_enterprises(vec![e.id]), place: e.name.clone() });
    }
    let r = tables::current(s);
    let t = tables::table(s, r);
    let shown = tables::shown(&t, tables::nav(s, r));
    let row = t.row(*shown.get(tables::nav(s, r).selected)?)?;
    let place = row.cells.first().map(|c| c.text.trim().to_string()).unwrap_or_default();
    let id = |prefix: &str| row.key.strip_prefix(prefix).and_then(|n| n.parse::<i64>().ok());
    let request = if let Some(e) = id("ent") {
        NewReminders::for_enterprises(vec![e])
    } else if let Some(p) = id("park") {
        NewReminders::for_park(p)
    } else {
        NewReminders::for_unit(id("unit")?)
    };
    Some(RemindChoice { request, place })
}

/// `m`: an enterprise is reminded at once; a park or a unit is counted first.
pub(crate) fn remind_key(s: &mut State) -> Vec<Effect> {
    if !s.can_triage() {
        return note(s, "tri.readonly");
    }
    let Some(c) = choice(s) else {
        return note(s, "rem.not_here");
    };
    if c.request.enterprises.is_some() {
        return send(s, c);
    }
    s.notices.push(s.lang.t("rem.counting").to_string());
    vec![Effect::CountOverdue(c)]
}

/// The server's count for a park or a unit: the confirmation, or why there is none.
pub(crate) fn counted(s: &mut State, choice: RemindChoice, result: Result<i64, String>) -> Vec<Effect> {
    let counting = s.lang.t("rem.counting");
    s.notices.retain(|n| n != counting);
    match result {
        Ok(0) => note(s, "rem.none"),
        Ok(count) => {
            s.modal = Modal::Remind { choice, count, yes: false };
            Vec::new()
        }
        Err(e) => {
            s.notices.push(format!("{}: {e}", s.lang.t("rem.failed")));
            Vec::new()
        }
    }
}

/// Keys of the confirmation; `None` when it is not open.
pub(crate) fn modal_key(s: &mut State, k: Key) -> Option<Vec<Effect>> {
    let Modal::Remind { choice, count, yes } = s.modal.clone() else {
        return None;
    };
    Some(match s.keymap.layer(Layer::Dialog).action(k) {
        Some(KeyAction::Toggle) => {
            s.modal = Modal::Remind { choice, count, yes: !yes };
            Vec::new()
        }
        Some(KeyAction::Accept) if yes => send(s, choice),
        Some(KeyAction::Yes) => send(s, choice),
        Some(KeyAction::Accept | KeyAction::Cancel | KeyAction::No) => {
            s.modal = Modal::None;
            note(s, "rem.cancelled")
        }
        Some(KeyAction::Quit) => quit(s),
        _ => Vec::new(),
    })
}

/// Gives the reminder its `Idempotency-Key` (the session's seed mixed with its number, as
/// triage actions do) and hands it to the runtime's journal.
fn send(s: &mut State, c: RemindChoice) -> Vec<Effect> {
    s.sent += 1;
    let key = Uuid::from_u128(s.session.as_u128() ^ u128::from(s.sent));
    let pending = PendingReminder { key, request: c.request, place: c.place, queued_at: s.now };
    s.reminding.push(pending.clone());
    s.modal = Modal::None;
    vec![Effect::Remind(Box::new(pending))]
}

/// The server's definite answer to the reminder with `key`: a toast, or the failure.
pub(crate) fn answered(s: &mut State, key: Uuid, result: Result<Box<RemindersSent>, String>) -> Vec<Effect> {
    let place = match s.reminding.iter().position(|p| p.key == key) {
        Some(i) => s.reminding.remove(i).place,
        None => String::new(),
    };
    let t = |k| s.lang.t(k);
    match result {
        Ok(sent) => {
            let mut text =
                format!("✓ {place} {} {} · {} {}", t("rem.sent"), sent.reminded, sent.officers, t("rem.officers"));
            if !sent.already_reminded.is_empty() {
                text.push_str(&format!(" · {} {}", sent.already_reminded.len(), t("rem.already")));
            }
            s.toast = Some((text, s.now + Duration::seconds(TOAST_SECS)));
        }
        Err(e) => s.notices.push(format!("{} {place}: {e}", t("rem.failed"))),
    }
    Vec::new()
}
