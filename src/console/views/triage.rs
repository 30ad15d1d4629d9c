//! The triage layers drawn over the body: the reassign picker, the one-line editor, the
//! priority chooser, confirmations (Cancel first), the "changed meanwhile" dialog after a 412,
//! `:outbox` (each action awaiting a definite answer with its age and how its delivery goes;
//! the question before dropping one), the question on quitting with actions pending, the
//! alerts list and the toast. Only draws.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use crate::api::types::{Problem, TimelineEvent};
use crate::domain::lifecycle::Priority;
use crate::matcher::CandidateKind;

use crate::console::look::format::{fit, truncate, width, wrap};
use crate::console::look::i18n::{action_key, actor_name, prio_key, state_key};
use crate::console::look::theme::Theme;
use crate::console::model::alerts::AlertKind;
use crate::console::model::{Modal, State};
use crate::console::tables::TableContext;
use crate::console::tables::details::via_key;
use crate::console::tables::timeline;
use crate::console::update::outbox::describe;

use super::field::field;

/// A bordered box of `h` inner lines at the bottom of `body`, cleared; returns its inside.
fn frame(theme: &Theme, buf: &mut Buffer, body: Rect, h: u16, title: &str) -> Rect {
    let h = (h + 2).min(body.height);
    let w = body.width.saturating_sub(2).min(76);
    let area = Rect::new(body.x + 1, body.y + body.height - h, w, h);
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_style(theme.border_focus)
        .title(Span::styled(format!(" {} ", truncate(title, w.saturating_sub(4) as usize)), theme.title));
    let inner = block.inner(area);
    block.render(area, buf);
    buf.set_style(inner, theme.base);
    inner
}

fn put(buf: &mut Buffer, inner: Rect, row: u16, spans: Vec<Span>) {
    if row < inner.height {
        buf.set_line(inner.x, inner.y + row, &Line::from(spans), inner.width);
    }
}

fn head(state: &State, p: &Problem) -> String {
    format!("#{} {} · {}", p.id, p.title, state.lang.t(state_key(p.state)))
}

/// Draws the triage layer in effect, if any; returns where the cursor goes when it has a text
/// field (the picker's query, the editor's text).
pub(crate) fn draw(state: &State, theme: &Theme, buf: &mut Buffer, body: Rect) -> Option<Position> {
    let t = |k| state.lang.t(k);
    match &state.modal {
        Modal::Picker { problem, query, selected } => {
            let choices = state.assignees.choices(query.value());
            let search = &state.assignees.search;
            // One line under the choices: what the officer search is doing.
            let status = if query.value().trim().is_empty() {
                Some((t("tri.search_hint").to_string(), theme.muted))
            } else if search.in_flight {
                Some((t("tri.searching_officers").to_string(), theme.muted))
            } else {
                search.error.as_ref().map(|e| (format!("{}: {e}", t("tri.search_failed")), theme.critical))
            };
            let rows = (choices.len().max(1) as u16).min(body.height.saturating_sub(5).clamp(1, 8));
            let title = format!("{} · #{} {}", t("tri.reassign_title"), problem.id, problem.title);
            let inner = frame(theme, buf, body, rows + 1 + u16::from(status.is_some()), &title);
            let cursor = field(buf, Rect { height: inner.height.min(1), ..inner }, query, theme.base);
            if choices.is_empty() && !search.in_flight {
                put(buf, inner, 1, vec![Span::styled(t("tri.no_match"), theme.muted)]);
            }
            let first = selected.saturating_sub(rows as usize - 1);
            for (i, c) in choices.iter().enumerate().skip(first).take(rows as usize) {
                let sel = i == *selected;
                let kind = t(if c.target.kind == CandidateKind::Department { "tri.department" } else { "tri.officer" });
                let load = c.info.load.map(|n| format!("{} {n}", t("tri.open_load"))).unwrap_or_default();
                let place = if c.info.place.is_empty() { String::new() } else { format!("{} · ", c.info.place) };
                let style = if sel { theme.selected } else { theme.base };
                let line = vec![
                    Span::styled(if sel { "▶" } else { " " }, style),
                    Span::styled(fit(&c.target.name, 12), style),
                    Span::styled(" ", style),
                    Span::styled(fit(kind, 6), if sel { style } else { theme.muted }),
                    Span::styled(" ", style),
                    Span::styled(format!("{place}{load}"), if sel { style } else { theme.muted }),
                ];
                put(buf, inner, 1 + (i - first) as u16, line);
                if sel {
                    buf.set_style(Rect::new(inner.x, inner.y + 1 + (i - first) as u16, inner.width, 1), theme.selected);
                }
            }
            if let Some((text, style)) = status {
                put(buf, inner, rows + 1, vec![Span::styled(text, style)]);
            }
            return Some(cursor);
        }
        Modal::Text { problem, kind, text, refused } => {
            let inner = frame(theme, buf, body, 3, &format!("{} · #{}", t(kind.title_key()), problem.id));
            put(buf, inner, 0, vec![Span::styled(head(state, problem), theme.muted)]);
            put(buf, inner, 1, vec![Span::styled("› ", theme.base)]);
            let line = Rect::new(inner.x + 2.min(inner.width), inner.y + 1, inner.width.saturating_sub(2), 1);
            let cursor = (inner.height > 1).then(|| field(buf, line, text, theme.base));
            if *refused {
                put(buf, inner, 2, vec![Span::styled(t("tri.required"), theme.critical)]);
            } else {
                put(buf, inner, 2, vec![Span::styled(t("tri.text_hint"), theme.muted)]);
            }
            return cursor;
        }
        Modal::Priority { problem, selected } => {
            let inner = frame(theme, buf, body, 4, &format!("{} · #{}", t("act.set_priority"), problem.id));
            put(buf, inner, 0, vec![Span::styled(head(state, problem), theme.muted)]);
            for (i, p) in Priority::ALL.iter().enumerate() {
                let sel = i == *selected;
                let mark = if *p == problem.priority { " ·" } else { "" };
                let style = if sel { theme.selected } else { theme.base };
                let text = format!("{}{}{mark}", if sel { "▶ " } else { "  " }, t(prio_key(*p)));
                put(buf, inner, 1 + i as u16, vec![Span::styled(fit(&text, inner.width as usize), style)]);
            }
        }
        Modal::Confirm { problem, op, yes } => {
            let question = match op {
                crate::console::model::triage::Op::Escalate => {
                    format!("{} → {} {}?", t("act.escalate"), t("det.level"), problem.level + 1)
                }
                _ => format!("{}?", op.describe(state.lang)),
            };
            let inner = frame(theme, buf, body, 4, &format!("{} · #{}", t("tri.confirm"), problem.id));
            put(buf, inner, 0, vec![Span::styled(head(state, problem), theme.muted)]);
            put(buf, inner, 1, vec![Span::styled(question, theme.warn)]);
            buttons(state, theme, buf, inner, 3, *yes, t(action_key(op.action())));
        }
        Modal::Stale { current, seen_version, events, op, yes } => {
            let n = events.len().min(body.height.saturating_sub(8) as usize).max(1) as u16;
            let title = format!("{} · #{} v{} → v{}", t("tri.stale_title"), current.id, seen_version, current.version);
            let inner = frame(theme, buf, body, n + 5, &title);
            put(buf, inner, 0, vec![Span::styled(t("tri.stale_intro"), theme.warn)]);
            if events.is_empty() {
                put(buf, inner, 1, vec![Span::styled(t("tri.stale_unknown"), theme.muted)]);
            }
            for (i, line) in event_lines(state, events).into_iter().take(n as usize).enumerate() {
                put(buf, inner, 1 + i as u16, vec![Span::styled(line, theme.base)]);
            }
            let now = format!(
                "{}: {} · {} {} · {} · {}",
                t("tri.now"),
                t(state_key(current.state)),
                t("det.level"),
                current.level,
                current.assignee.name,
                t(prio_key(current.priority))
            );
            put(buf, inner, 1 + n, vec![Span::styled(now, theme.accent)]);
            let ask = format!("{} «{}»?", t("tri.apply_new"), op.describe(state.lang));
            put(buf, inner, 2 + n, vec![Span::styled(ask, theme.base)]);
            buttons(state, theme, buf, inner, 4 + n, *yes, t("tri.apply"));
        }
        Modal::Alerts { selected } => {
            let list = &state.alerts.list;
            let rows = (list.len().max(1) as u16).min(body.height.saturating_sub(3).clamp(1, 12));
            let inner = frame(theme, buf, body, rows, &format!("{} · {}", t("tri.alerts"), list.len()));
            if list.is_empty() {
                put(buf, inner, 0, vec![Span::styled(t("tri.no_alerts"), theme.muted)]);
            }
            let first = selected.saturating_sub(rows as usize - 1);
            for (i, a) in list.iter().enumerate().skip(first).take(rows as usize) {
                let what = match a.kind {
                    AlertKind::Escalated(l) => format!("▲ {} {l}", t("tri.alert_escalated")),
                    AlertKind::SlaPassed => format!("✗ {}", t("tri.alert_sla")),
                };
                let text = format!(
                    "{} {what}  #{} {} · {}",
                    TableContext::of(state).local_time(a.at),
                    a.problem.id,
                    a.problem.name,
                    a.park
                );
                let sel = i == *selected;
                let style = if sel { theme.selected } else { theme.base };
                let text = format!("{}{}", if sel { "▶" } else { " " }, text);
                put(buf, inner, (i - first) as u16, vec![Span::styled(fit(&text, inner.width as usize), style)]);
            }
        }
        Modal::Outbox { selected, dropping } => {
            let list = &state.inflight;
            let rows = (list.len().max(1) as u16).min(body.height.saturating_sub(5).clamp(1, 12));
            let extra = if *dropping { 3 } else { 1 };
            let inner = frame(theme, buf, body, rows + extra, &format!("{} · {}", t("ob.title"), list.len()));
            if list.is_empty() {
                put(buf, inner, 0, vec![Span::styled(t("ob.empty"), theme.muted)]);
            }
            let first = selected.saturating_sub(rows as usize - 1);
            for (i, p) in list.iter().enumerate().skip(first).take(rows as usize) {
                let sel = i == *selected;
                let style = if sel { theme.selected } else { theme.base };
                let text = format!("{}{}", if sel { "▶" } else { " " }, describe(state, p, state.now));
                put(buf, inner, (i - first) as u16, vec![Span::styled(fit(&text, inner.width as usize), style)]);
            }
            if *dropping {
                put(buf, inner, rows, vec![Span::styled(t("ob.drop_q"), theme.warn)]);
                buttons(state, theme, buf, inner, rows + 2, false, t("ob.drop"));
            } else {
                put(buf, inner, rows, vec![Span::styled(t("ob.hint"), theme.muted)]);
            }
        }
        Modal::Quit { yes } => {
            let text = format!("{} {}", state.inflight.len(), t("quit.pending"));
            let lines = wrap(&text, body.width.saturating_sub(4).min(74) as usize);
            let n = lines.len() as u16;
            let inner = frame(theme, buf, body, n + 2, t("quit.title"));
            for (i, line) in lines.into_iter().enumerate() {
                put(buf, inner, i as u16, vec![Span::styled(line, theme.warn)]);
            }
            buttons(state, theme, buf, inner, n + 1, *yes, t("quit.quit"));
        }
        Modal::Remind { choice, count, yes } => {
            let inner = frame(theme, buf, body, 4, &format!("{} · {}", t("rem.title"), choice.place));
            let question = t("rem.question").replace("{count}", &count.to_string()).replace("{place}", &choice.place);
            put(buf, inner, 1, vec![Span::styled(question, theme.warn)]);
            buttons(state, theme, buf, inner, 3, *yes, t("rem.action"));
        }
        _ => {}
    }
    None
}

fn buttons(state: &State, theme: &Theme, buf: &mut Buffer, inner: Rect, row: u16, yes: bool, verb: &str) {
    let (cancel, apply): (Style, Style) =
        if yes { (theme.muted, theme.selected) } else { (theme.selected, theme.muted) };
    let spans = vec![
        Span::styled(format!("{} [ {} ] ", if yes { " " } else { "▶" }, state.lang.t("tri.cancel")), cancel),
        Span::raw("  "),
        Span::styled(format!("{} [ {verb} ] ", if yes { "▶" } else { " " }), apply),
    ];
    put(buf, inner, row.min(inner.height.saturating_sub(1)), spans);
}

/// Timeline events in words, one line each: when, who, what (in words), via what.
pub(crate) fn event_lines(state: &State, events: &[TimelineEvent]) -> Vec<String> {
    let cx = TableContext::of(state);
    let details = timeline::details(events, state.lang, cx.departments);
    events
        .iter()
        .zip(details)
        .map(|(e, details)| {
            format!(
                "{} {} {} ({})",
                cx.local_time(e.at),
                actor_name(e, state.lang),
                timeline::phrase(e.action, &details, state.lang),
                state.lang.t(via_key(e.via))
            )
        })
        .collect()
}

/// The toast, right-aligned on the row above the hint bar.
pub(crate) fn toast(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) {
    if let Some((text, _)) = &state.toast {
        let text = truncate(text, area.width.saturating_sub(2) as usize).into_owned();
        let w = width(&text) as u16 + 2;
        let x = area.x + area.width.saturating_sub(w);
        buf.set_string(x, area.y, format!(" {text} "), theme.ok.add_modifier(ratatui::style::Modifier::REVERSED));
    }
}
