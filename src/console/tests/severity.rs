//! Colour by severity on the `loudi` demo as the server computes it: drawn at 200×50 in the
//! default theme, the rows whose name is in the critical colour are exactly the ones past the
//! `[console.severity]` thresholds (attendance below 90 %, two days overdue in a row, ten
//! problems past their SLA deadline), pinned by name pane by pane.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use crate::api::sanitize::Sanitize;
use crate::api::types::{Dashboard, OverdueReport};
use crate::config::Config;
use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::Msg;
use crate::console::model::State;
use crate::console::tests::fixtures;
use crate::console::update::update;
use crate::console::views::render;
use crate::seed::{Preset, generate};
use crate::store::Store;
use crate::store::overdue::OverdueFilter;

/// The `loudi` preset's dashboard (its city, rows its counties) and the first page of its
/// overdue list at the fixtures' clock, read from a temporary SQLite store.
async fn loudi() -> (Dashboard, Vec<OverdueReport>) {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::builtin();
    let store = Store::open(&dir.path().join("loudi.db").display().to_string(), &config.server).await.unwrap();
    let now = fixtures::now();
    store.load_seed(&generate(Preset::Loudi, 2020, now, &store.calendar, &store.sla)).await.unwrap();
    let (mut dash, _) = store.dashboard(store.calendar.local_date(now), now, None).await.unwrap();
    let mut overdue = store.overdue(&OverdueFilter::default(), now).await.unwrap().items;
    dash.sanitize();
    overdue.sanitize();
    (dash, overdue)
}

fn state(dash: Dashboard, overdue: Vec<OverdueReport>, w: u16, h: u16) -> State {
    let mut s = fixtures::state(w, h, Lang::En);
    let fresh = Some(Box::new((dash, Some(overdue.into()))));
    update(&mut s, Msg::Data { at: fixtures::now(), poll_secs: Some(5), fresh });
    s
}

fn draw(s: &State, theme: &Theme) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| render(s, theme, f, f.area())).unwrap();
    term.backend().buffer().clone()
}

/// The text of cells `from..to` of line `y` (a wide character once), spaces collapsed.
fn text(buf: &Buffer, y: u16, from: u16, to: u16) -> String {
    let mut out = String::new();
    let mut x = from;
    while x < to {
        let s = buf[(x, y)].symbol();
        out.push_str(s);
        x += crate::console::look::format::width(s).max(1) as u16;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Per pane of the grid (by its title), the rows whose first cell is drawn in `colour`.
fn rows_in(buf: &Buffer, colour: Color) -> Vec<(String, Vec<String>)> {
    let mut panes: Vec<(String, Vec<String>)> = Vec::new();
    let mut open: Vec<(usize, u16, u16)> = Vec::new();
    for y in 0..buf.area.height {
        let starts: Vec<u16> = (0..buf.area.width).filter(|&x| matches!(buf[(x, y)].symbol(), "┌" | "┏")).collect();
        if !starts.is_empty() {
            open.clear();
            for x in starts {
                let end = (x + 1..buf.area.width).find(|&e| matches!(buf[(e, y)].symbol(), "┐" | "┓")).unwrap();
                let title = text(buf, y, x + 1, end).trim_matches(|c| c == '─' || c == '━' || c == ' ').to_string();
                open.push((panes.len(), x, end));
                panes.push((title, Vec::new()));
            }
            continue;
        }
        for &(pane, start, end) in &open {
            // Inside the border, after the two columns of the selection marker.
            let name = start + 3;
            if name < end && buf[(name, y)].fg == colour && buf[(name, y)].symbol() != " " {
                panes[pane].1.push(text(buf, y, name, end));
            }
        }
    }
    panes
}

#[tokio::test]
async fn on_the_loudi_demo_only_the_rows_past_the_thresholds_are_critical() {
    let (dash, overdue) = loudi().await;
    let theme = Theme::default_theme();
    let s = state(dash, overdue, 200, 50);
    let buf = draw(&s, &theme);
    let critical = rows_in(&buf, theme.critical.fg.unwrap());
    let names: Vec<(&str, Vec<&str>)> = critical
        .iter()
        .map(|(pane, rows)| (pane.as_str(), rows.iter().map(|r| r.split(' ').next().unwrap()).collect()))
        .collect();
    let pane = |title: &str| names.iter().find(|(p, _)| *p == title).map(|(_, rows)| rows.clone()).unwrap();
    // Every county is within 96 % to 99 % attendance and its return to work is not toned red.
    assert_eq!(pane("1 Return to work"), Vec::<&str>::new());
    assert_eq!(pane("3 Attendance"), Vec::<&str>::new());
    // 娄星区 has 18 problems past their SLA deadline; 双峰县 7, 冷水江市 6, 涟源市 and 新化县 5 warn.
    assert_eq!(pane("2 Open problems by county"), ["娄星区"]);
    let warned = rows_in(&buf, theme.warn.fg.unwrap());
    let warned: Vec<&str> = warned[1].1.iter().map(|r| r.split(' ').next().unwrap()).collect();
    assert_eq!(warned, ["双峰县", "冷水江市", "涟源市", "新化县"]);
    // The overdue list is worst first: the rows on screen are the enterprises overdue two days
    // or more in a row, every one critical.
    let overdue = pane("4 Overdue reports");
    assert_eq!((overdue.len(), overdue[0]), (20, "湖南联成化工有限责任公司"));
}
