//! The two-week chart (`T`, `:chart`): snapshots in both languages at 80×24 and 160×48 in the
//! `mono` theme (series told apart by their markers), the values it shows, and that the keys
//! and the palette reach it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::console::look::i18n::Lang;
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::{State, View};
use crate::console::tables::{self, TableRef};
use crate::console::tests::fixtures;
use crate::console::update::update;
use crate::console::views::{buffer_text, render};

fn screen(s: &State, theme: &Theme) -> String {
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| render(s, theme, f, f.area())).unwrap();
    buffer_text(term.backend().buffer())
}

fn key(s: &mut State, c: char) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
}

#[test]
fn the_chart_in_both_sizes_and_languages_in_mono() {
    let mono = Theme::builtin("mono").unwrap();
    for (w, h) in [(80, 24), (160, 48)] {
        for lang in [Lang::En, Lang::Zh] {
            let mut s = fixtures::state(w, h, lang);
            assert_eq!(key(&mut s, 'T'), vec![Effect::Watch(None)]);
            assert_eq!(s.top().view, View::Chart);
            let text = screen(&s, &mono);
            // Every series is in the legend with its marker and latest value, and drawn with it.
            let last = fixtures::dashboard().totals.trend.last().cloned().unwrap();
            let resumed = format!("* {} {:.1}%", lang.t("chart.enterprises"), last.resumed.percent().unwrap());
            assert!(text.contains(&resumed), "{resumed}:\n{text}");
            // The plot: from the 100% line down to the x axis.
            let plot: String = text
                .lines()
                .skip_while(|l| !l.starts_with("100%"))
                .take_while(|l| !l.contains('└'))
                .collect::<Vec<_>>()
                .join("\n");
            for marker in ['*', '+', 'x', 'o'] {
                let plotted = plot.chars().filter(|c| *c == marker).count();
                assert!(plotted >= 5, "{marker} is plotted {plotted} times:\n{text}");
            }
            // The axes: 0–100 %, the trend's first and last days.
            assert!(text.contains("100%") && text.contains("0%"), "{text}");
            assert!(text.contains("02-16") && text.contains("02-04"), "the days on the x axis:\n{text}");
            insta::assert_snapshot!(format!("chart_{w}x{h}_{}", lang.code()), text);
        }
    }
}

#[test]
fn the_table_holds_every_day_newest_first_with_its_counts() {
    let mut s = fixtures::state(160, 48, Lang::En);
    crate::console::update::palette::execute(&mut s, "chart").unwrap();
    let t = tables::table(&s, TableRef::Top);
    assert_eq!(t.rows.len(), 14);
    assert_eq!(t.rows[0].key, "2026-02-16");
    assert_eq!(t.rows[13].key, "2026-02-03");
    let d = fixtures::dashboard();
    let day = &d.totals.trend[13];
    let cells: Vec<&str> = t.rows[0].cells.iter().map(|c| c.text.as_str()).collect();
    let staff = format!("{:.1}%", day.employees.percent().unwrap());
    let on_time = format!("{}/{}", day.on_time.num, day.on_time.den);
    assert!(cells.contains(&staff.as_str()) && cells.iter().any(|c| c.replace(',', "") == on_time), "{cells:?}");
}

#[test]
fn before_the_first_dashboard_the_chart_says_it_is_loading() {
    let mut s = fixtures::state(80, 24, Lang::En);
    s.dash = None;
    key(&mut s, 'T');
    let text = screen(&s, &Theme::default_theme());
    assert!(text.contains(Lang::En.t("msg.loading")), "{text}");
}

#[test]
fn todays_attendance_and_reports_are_so_far_until_their_cutoff_and_deadline() {
    // 14:32 local: past the 09:00 cutoff, before the 20:00 deadline.
    let mut s = fixtures::state(160, 48, Lang::En);
    key(&mut s, 'T');
    let t = tables::table(&s, TableRef::Top);
    let today: Vec<&str> = t.rows[0].cells.iter().map(|c| c.text.as_str()).collect();
    let d = fixtures::dashboard();
    let (att, on_time) = (d.totals.trend[13].attendance, d.totals.trend[13].on_time);
    assert!(today.contains(&format!("{:.1}%", att.percent().unwrap()).as_str()), "attendance settled: {today:?}");
    assert!(today.contains(&format!("{:.1}%…", on_time.percent().unwrap()).as_str()), "reports so far: {today:?}");
    // The legend gives the last settled day's on-time rate, and says which day it is.
    let text = screen(&s, &Theme::default_theme());
    let yesterday = d.totals.trend[12].on_time.percent().unwrap();
    let legend = format!("o {} {yesterday:.1}% (02-15)", Lang::En.t("chart.on_time"));
    assert!(text.contains(&legend), "{legend}:\n{text}");
    // 08:30 local, before the cutoff: today's attendance is not a fall to nought either.
    update(&mut s, Msg::Tick("2026-02-16T00:30:00Z".parse().unwrap()));
    let t = tables::table(&s, TableRef::Top);
    assert!(t.rows[0].cells.iter().any(|c| c.text == format!("{:.1}%…", att.percent().unwrap())), "{:?}", t.rows[0]);
    assert!(t.rows[1].cells.iter().all(|c| !c.text.ends_with('…')), "yesterday is settled");
}
