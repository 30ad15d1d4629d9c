//! The status line (city, local time, API host, LIVE/STALE/OFFLINE with age and retry, user and
//! role, DEMO, frozen and pending markers), the tab bar, the breadcrumb, banners and hints.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::console::look::format::{coarse_duration, duration, truncate, width};
use crate::console::look::i18n::role_key;
use crate::console::look::theme::Theme;
use crate::console::model::days::DayShown;
use crate::console::model::keymap::Layer;
use crate::console::model::{Freshness, Modal, Pane, State, View};

/// The freshness word with the reason and the data's age, and its style. While LIVE the age
/// is in whole minutes and left out under one (`LIVE`, `LIVE age 2m`), so an idle screen does
/// not tick by the second; once STALE or OFFLINE it is in seconds, with why
/// (`STALE · escalated queue: HTTP 500 · age 47s`) and the retry countdown
/// (`OFFLINE · connection refused · retry in 4s · age 1m 3s`, `retrying…` while it runs).
pub(super) fn freshness_word(state: &State, theme: &Theme) -> (String, Style) {
    let zh = state.lang.is_zh();
    let t = |k| state.lang.t(k);
    let age_secs = state.link.last_ok.map(|t| (state.now - t).num_seconds());
    let age = age_secs.map(|s| duration(s, zh));
    let age_txt = |a: Option<String>| a.map(|a| format!(" {} {a}", t("status.age"))).unwrap_or_default();
    let mut why: Vec<String> = state.link.error.iter().map(|e| e.text(state.lang)).collect();
    if state.link.cached {
        why.push(t("status.cached").to_string());
    }
    let why: String = why.iter().map(|w| format!(" · {w}")).collect();
    match state.freshness() {
        Freshness::Connecting => (t("fresh.connecting").to_string(), theme.muted),
        Freshness::Live => {
            let minutes = age_secs.filter(|s| *s >= 60).map(|s| coarse_duration(s, zh));
            (format!("{}{}", t("fresh.live"), age_txt(minutes)), theme.ok)
        }
        Freshness::Stale => {
            let sep = if why.is_empty() { "" } else { " ·" };
            (format!("{}{why}{sep}{}", t("fresh.stale"), age_txt(age)), theme.warn)
        }
        Freshness::Offline { retry_in } => {
            let retry = if retry_in > 0 {
                format!("{} {}", t("status.retry"), duration(retry_in, zh))
            } else {
                t("status.retrying").to_string()
            };
            let sep = if age.is_some() { " ·" } else { "" };
            (format!("{}{why} · {retry}{sep}{}", t("fresh.offline"), age_txt(age)), theme.critical)
        }
    }
}

fn weekday(state: &State, wd: chrono::Weekday) -> &'static str {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = wd.num_days_from_monday() as usize;
    if state.lang.is_zh() { ZH[i] } else { EN[i] }
}

/// Draws the status line; pieces are dropped, least important first, to fit.
pub(super) fn status_line(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) {
    let local = state.local_now();
    let date_fmt = if area.width >= 120 { "%Y-%m-%d" } else { "%m-%d" };
    let user = state.me.as_ref().map(|m| format!("{} {}", m.name, state.lang.t(role_key(m.role))));
    let (fresh, fresh_style) = freshness_word(state, theme);
    // (priority: lower is kept longer, text, style)
    let mut items: Vec<(u8, String, Style)> = vec![
        (6, "dutydesk".into(), theme.status.add_modifier(ratatui::style::Modifier::BOLD)),
        (1, state.place_name(), theme.status),
        (
            0,
            format!("{} {} {}", local.format(date_fmt), weekday(state, local.weekday()), local.format("%H:%M")),
            theme.status,
        ),
        (7, format!("api {}", state.api_host), theme.status),
        (
            8,
            format!(
                "{} {}",
                state.lang.t("status.poll"),
                duration(state.settings.poll_secs as i64, state.lang.is_zh())
            ),
            theme.status,
        ),
        (0, fresh, fresh_style),
    ];
    match state.day_shown() {
        DayShown::Today => {}
        DayShown::Past(day) => {
            let text = if state.lang.is_zh() {
                format!("{} {day}", state.lang.t("day.past"))
            } else {
                format!("{day} ({})", state.lang.t("day.past"))
            };
            items.insert(3, (0, text, theme.banner));
        }
        DayShown::Loading(day) => items.insert(3, (0, format!("→ {day} {}…", state.lang.t("day.loading")), theme.warn)),
    }
    if let Some(u) = user {
        items.push((3, u, theme.status));
    }
    if state.demo {
        items.push((2, state.lang.t("status.demo").into(), theme.status.add_modifier(ratatui::style::Modifier::BOLD)));
    }
    if !state.can_triage() {
        items.push((1, format!("🔒 {}", state.lang.t("status.readonly")), theme.status));
    }
    if state.alerts.unseen > 0 {
        let style = theme.critical.add_modifier(ratatui::style::Modifier::BOLD);
        items.push((0, format!("⚑ {} {}", state.alerts.unseen, state.lang.t("status.alerts")), style));
    }
    if state.frozen.is_some() {
        items.push((0, format!("❄ {}", state.lang.t("status.frozen")), theme.banner));
    }
    if state.pending > 0 {
        let mut text = if state.lang.is_zh() {
            format!("{} {}", state.lang.t("status.pending"), state.pending)
        } else {
            format!("↑{} {}", state.pending, state.lang.t("status.pending"))
        };
        if crate::console::update::outbox::retrying(state) {
            text.push_str(&format!(" · {}", state.lang.t("status.outbox_retrying")));
        }
        items.push((0, text, theme.warn));
    }
    let total = |it: &[(u8, String, Style)]| it.iter().map(|(_, t, _)| width(t) + 3).sum::<usize>();
    while total(&items) > area.width as usize {
        let Some(pos) = items.iter().enumerate().filter(|(_, i)| i.0 > 0).max_by_key(|(_, i)| i.0).map(|(p, _)| p)
        else {
            break;
        };
        items.remove(pos);
    }
    buf.set_style(area, theme.status);
    let mut spans = vec![Span::styled(" ", theme.status)];
    for (n, (_, text, style)) in items.iter().enumerate() {
        if n > 0 {
            spans.push(Span::styled(" · ", theme.status));
        }
        spans.push(Span::styled(text.clone(), *style));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

fn pane_label(state: &State, p: Pane, short: bool) -> &'static str {
    let spec = p.spec();
    state.lang.t(spec.short_key.filter(|_| short).unwrap_or(state.pane_title_key(p)))
}

/// The tab bar of the narrow dashboard.
pub(super) fn tabs(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) {
    let build = |short: bool| -> Vec<(String, bool)> {
        Pane::all()
            .enumerate()
            .map(|(i, p)| {
                let active = p == state.focus;
                let label = format!("{} {}", i + 1, pane_label(state, p, short));
                (if active { format!("[{label}]") } else { format!(" {label} ") }, active)
            })
            .collect()
    };
    let mut tabs = build(false);
    if tabs.iter().map(|t| width(&t.0) + 1).sum::<usize>() > area.width as usize {
        tabs = build(true);
    }
    let mut spans = vec![Span::raw(" ")];
    for (t, active) in tabs {
        spans.push(Span::styled(t, if active { theme.tab_active } else { theme.tab }));
        spans.push(Span::raw(" "));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// The name of a view in the breadcrumb.
pub(super) fn crumb(state: &State, v: &View) -> String {
    let t = |k| state.lang.t(k);
    let sp = if state.lang.is_zh() { "" } else { " " };
    match v {
        View::Dashboard => t("view.dashboard").to_string(),
        View::Parks => t("view.parks").to_string(),
        View::Units => t("view.units").to_string(),
        View::Problems { park, escalated, filter } => {
            let base = match (escalated, park) {
                (true, _) => t("view.escalated").to_string(),
                (false, Some(p)) => format!("{}{sp}{}", p.name, t("view.problem_queue")),
                (false, None) => t("view.problems").to_string(),
            };
            let words = filter.describe();
            if words.is_empty() { base } else { format!("{base} [{words}]") }
        }
        View::Enterprises { park } => format!("{}{sp}{}", park.name, t("view.enterprises")),
        View::Officers { park, unit } => {
            let name = unit.as_ref().or(park.as_ref()).map(|r| r.name.as_str()).unwrap_or("");
            format!("{name}{sp}{}", t("view.officers"))
        }
        View::Enterprise(r) | View::Officer(r) => r.name.clone(),
        // Opened by number (`:problem 1020`, `snapshot --view problem:1020`): the number alone.
        View::Problem(r) if r.name.is_empty() || r.name == format!("#{}", r.id) => format!("#{}", r.id),
        View::Problem(r) => format!("#{} {}", r.id, r.name),
        View::Place(p) => p.name.clone(),
        View::Chart => t("view.chart").to_string(),
        View::Handover { since, .. } => {
            format!("{} {}", t("handover.title"), since.with_timezone(&state.settings.tz).format("%m-%d %H:%M"))
        }
    }
}

/// The breadcrumb of drill-down screens: the path taken from the dashboard (whose scope the
/// status line names), with the pane whose row opened the first screen, if one did
/// (`Dashboard › Return to work › 万宝新区`, `Dashboard › Escalated › #101 …`).
pub(super) fn breadcrumb(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) {
    let mut parts: Vec<String> = vec![crumb(state, &View::Dashboard)];
    for screen in state.stack.iter().skip(1) {
        if let Some(pane) = screen.from_pane {
            parts.push(state.lang.t(state.pane_title_key(pane)).to_string());
        }
        parts.push(crumb(state, &screen.view));
    }
    let mut text = parts.join(" › ");
    // Keep the end (where you are) when it is too long.
    let max = area.width.saturating_sub(2) as usize;
    while width(&text) > max && parts.len() > 1 {
        parts.remove(0);
        text = format!("… › {}", parts.join(" › "));
    }
    let last = parts.pop().unwrap_or_default();
    let head = text.strip_suffix(last.as_str()).unwrap_or("").to_string();
    let spans = vec![
        Span::raw(" "),
        Span::styled(head, theme.muted),
        Span::styled(truncate(&last, max).into_owned(), theme.title),
    ];
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// Banner lines: frozen, then notices, then the banners tied to a cause.
pub(super) fn banners(state: &State) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(f) = &state.frozen {
        let mut s = state.lang.t("msg.frozen").to_string();
        if !f.held.is_empty() {
            s.push_str(&format!(" · {} {}", f.held.len(), state.lang.t("msg.held")));
        }
        out.push(format!("❄ {s}"));
    }
    out.extend(state.notices.iter().map(|n| format!("⚠ {n}")));
    out.extend(state.banners.texts().map(|n| format!("⚠ {n}")));
    out
}

/// The hint bar, from the keymap entries marked `hint`.
pub(super) fn hints(state: &State, theme: &Theme, buf: &mut Buffer, area: Rect) {
    let layers: &[Layer] = match state.modal {
        Modal::Help { .. } => &[Layer::Help],
        Modal::Filter { .. } | Modal::Palette { .. } | Modal::Picker { .. } | Modal::Text { .. } => &[Layer::Input],
        Modal::Confirm { .. }
        | Modal::Remind { .. }
        | Modal::Stale { .. }
        | Modal::Priority { .. }
        | Modal::Alerts { .. }
        | Modal::Outbox { .. }
        | Modal::Quit { .. } => &[Layer::Dialog],
        Modal::None if state.can_triage() && crate::console::update::triage::on_problems(state) => {
            &[Layer::Triage, Layer::Normal]
        }
        Modal::None => &[Layer::Normal],
    };
    let complete = matches!(state.modal, Modal::Palette { .. } | Modal::Filter { .. });
    let mut entries: Vec<(String, String, bool)> = layers
        .iter()
        .flat_map(|l| state.keymap.layer(*l).visible())
        .filter(|e| e.hint && (complete || e.action != "complete"))
        .map(|e| {
            (
                e.keys[0].clone(),
                format!(" {}  ", e.describe(state.lang)),
                matches!(e.action.as_str(), "help" | "quit" | "back" | "refresh"),
            )
        })
        .collect();
    // Drop from the middle, never help, quit, back or refresh.
    while entries.iter().map(|(k, d, _)| width(k) + width(d)).sum::<usize>() > area.width as usize + 1 {
        let Some(pos) = entries.iter().rposition(|e| !e.2) else {
            break;
        };
        entries.remove(pos);
    }
    let mut spans = vec![Span::raw(" ")];
    for (k, d, _) in entries {
        spans.push(Span::styled(k, theme.accent));
        spans.push(Span::styled(d, theme.muted));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}
