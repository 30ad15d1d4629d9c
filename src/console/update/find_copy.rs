//! Finding a problem by its number and copying what is selected.
//!
//! - `:problem 1020`, `#1020` or a bare `1020` in the palette opens that problem's detail,
//!   resolved ones too (the server's `GET /problems/{id}`, whatever list it is or is not in);
//!   a number no problem has answers 404, and the screen gives way to the notice
//!   "no problem #1020".
//! - `y` copies the selected row's one-line summary (`tables::summary`) to the clipboard: an
//!   [`Effect::Copy`] the runtime writes as OSC 52; a toast says what was copied.

use chrono::Duration;

use crate::api::types::NamedRef;
use crate::console::message::Effect;
use crate::console::model::{State, View};
use crate::console::tables::{self, TableRef, current, summary};

use super::navigation::push;

/// How long the copy toast shows.
const TOAST_SECS: i64 = 4;

/// The problem number of a word: `1020` or `#1020` (a positive whole number).
pub(crate) fn number(word: &str) -> Option<i64> {
    let digits = word.strip_prefix('#').unwrap_or(word);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

/// `:problem ARG`: opens the problem numbered `arg` (`1020` or `#1020`), or says how to ask.
pub(crate) fn problem_command(s: &mut State, arg: &str) -> Result<Vec<Effect>, String> {
    match number(arg.trim()) {
        Some(id) => Ok(open_problem(s, id)),
        None if arg.trim().is_empty() => Err(s.lang.t("find.usage").to_string()),
        None => Err(format!("{arg:?}: {}", s.lang.t("find.usage"))),
    }
}

/// Opens problem `id`'s detail (fetched from the server when watched), unless it is on top.
pub(crate) fn open_problem(s: &mut State, id: i64) -> Vec<Effect> {
    if matches!(&s.top().view, View::Problem(r) if r.id == id) {
        return Vec::new();
    }
    // The title is not known until the problem arrives: the breadcrumb shows the number.
    push(s, View::Problem(NamedRef { id, name: String::new() }))
}

/// The server has nothing at `view` (404). A problem's screen on top gives way to the notice
/// "no problem #N" (the view under it is watched again); any other screen says the server's
/// words, as for other failures.
pub(crate) fn not_found(s: &mut State, view: View, error: String) -> Vec<Effect> {
    let Some(at) = s.stack.iter().rposition(|sc| sc.view == view) else {
        return Vec::new();
    };
    let View::Problem(r) = &view else {
        s.stack[at].error = Some(error);
        return Vec::new();
    };
    let text = format!("{} #{}", s.lang.t("find.no_problem"), r.id);
    if at + 1 != s.stack.len() {
        s.stack[at].error = Some(text);
        return Vec::new();
    }
    s.stack.pop();
    s.notices.push(text);
    let v = s.top().view.clone();
    vec![Effect::Watch(v.needs_fetch().then_some(v))]
}

/// After a filter by number (`/1020`) that matches no loaded row of a problem list: the notice
/// that the list holds only the rows loaded so far and `:problem 1020` opens any problem.
pub(crate) fn number_not_loaded(s: &mut State) {
    let r = current(s);
    let n = tables::nav(s, r);
    if r != TableRef::Top || !matches!(s.top().view, View::Problems { .. }) || number(n.filter.trim()).is_none() {
        return;
    }
    let t = tables::table(s, r);
    if tables::shown(&t, n).is_empty() {
        s.notices.push(s.lang.t("find.not_loaded").to_string());
    }
}

/// `y`: the selected row's summary to the clipboard, with a toast; a notice when nothing is
/// selected.
pub(crate) fn copy(s: &mut State) -> Vec<Effect> {
    let Some(text) = summary::selected(s) else {
        s.notices.push(s.lang.t("cp.nothing").to_string());
        return Vec::new();
    };
    s.toast = Some((format!("✓ {} {text}", s.lang.t("cp.copied")), s.now + Duration::seconds(TOAST_SECS)));
    vec![Effect::Copy(text)]
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn a_number_is_digits_with_or_without_a_hash() {
        assert_eq!(number("1020"), Some(1020));
        assert_eq!(number("#1020"), Some(1020));
        for not in ["", "#", "0", "#0", "-3", "+3", "10x", "1 0", "##1", "１０２０", "99999999999999999999"] {
            assert_eq!(number(not), None, "{not:?}");
        }
    }
}
