//! `:export`: a list longer than a page read whole from a loopback server and written as
//! xlsx (read back with calamine: every row, the headers in the language, numbers numeric,
//! times as datetimes) and as csv (read back with the csv crate); a pane's rates as numbers; the
//! default name, no file replaced, a bad path's error; the toasts (snapshots, en and zh).

use std::collections::HashMap;
use std::path::Path;

use axum::extract::Query;
use axum::routing::get;
use axum::{Json, Router};
use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use chrono::{Duration, NaiveDateTime};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::api::client::ApiClient;
use crate::api::types::{NamedRef, OverdueReport, Page, Problem};
use crate::console::look::i18n::Lang;
use crate::console::message::{Effect, Msg};
use crate::console::model::export::ExportRequest;
use crate::console::model::{Paged, Pane, State, View, ViewData};
use crate::console::runtime::export::run;
use crate::console::tables::{self, TableRef};
use crate::console::tests::fixtures::{self, now};
use crate::console::update::{palette, push, update};
use crate::console::views::buffer_text;

/// Rows the server holds of each list: more than two pages of 200.
const ROWS: usize = 450;

/// `ROWS` problems, due one minute apart from 100 minutes ago (some past their SLA).
fn problems() -> Vec<Problem> {
    let model = fixtures::problems().remove(2);
    (1..=ROWS as i64)
        .map(|id| Problem {
            id,
            title: format!("problem {id}"),
            level: id % 3,
            due_at: now() + Duration::minutes(id - 100),
            ..model.clone()
        })
        .collect()
}

/// `ROWS` overdue reports, longest first.
fn overdue() -> Vec<OverdueReport> {
    let model = fixtures::overdue().remove(0);
    (0..ROWS as i64)
        .map(|i| OverdueReport {
            enterprise: NamedRef { id: 1000 + i, name: format!("企业{i}") },
            overdue_secs: (ROWS as i64 - i) * 60 + 7,
            days_in_a_row: 1 + i % 4,
            ..model.clone()
        })
        .collect()
}

/// The page of `all` at the query's cursor (an offset) and limit, with the count when asked.
fn page<T: Clone>(all: Vec<T>, q: &HashMap<String, String>) -> Json<Page<T>> {
    let start: usize = q.get("cursor").and_then(|c| c.parse().ok()).unwrap_or(0);
    let limit: usize = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(50);
    let end = (start + limit).min(all.len());
    Json(Page {
        items: all[start..end].to_vec(),
        next_cursor: (end < all.len()).then(|| end.to_string()),
        total: q.contains_key("total").then_some(all.len() as i64),
    })
}

/// A loopback server of the two paged lists.
async fn serve() -> ApiClient {
    type Q = Query<HashMap<String, String>>;
    let app = Router::new()
        .route("/api/v1/problems", get(|Query(q): Q| async move { page(problems(), &q) }))
        .route("/api/v1/reports/overdue", get(|Query(q): Q| async move { page(overdue(), &q) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    ApiClient::new(&format!("http://{addr}"), "t").unwrap()
}

/// The problem queue open with its first page.
fn queue(lang: Lang) -> State {
    let mut s = fixtures::state(160, 48, lang);
    let view = View::problems(None, false);
    push(&mut s, view.clone());
    let first = problems()[..200].to_vec();
    let data = ViewData::Problems(Paged::first(first, Some(ROWS as i64), Some("200".into())));
    update(&mut s, Msg::Loaded { view, data, at: now() });
    s
}

/// The request `:export ARGS` makes.
fn export_request(s: &mut State, args: &str) -> ExportRequest {
    match palette::execute(s, &format!("export {args}")).expect("a command").as_slice() {
        [Effect::Export(req)] => (**req).clone(),
        other => panic!("{other:?}"),
    }
}

fn titles(s: &State) -> Vec<String> {
    tables::table(s, tables::current(s)).cols.into_iter().map(|c| c.title).collect()
}

fn local(s: &State, at: chrono::DateTime<chrono::Utc>) -> NaiveDateTime {
    at.with_timezone(&s.settings.tz).naive_local()
}

#[tokio::test]
async fn a_list_of_three_pages_is_written_whole_to_xlsx_with_typed_cells() {
    let client = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let mut s = queue(Lang::Zh);
    let path = dir.path().join("问题.xlsx");
    let req = export_request(&mut s, &format!("xlsx {}", path.display()));
    let mut seen = Vec::new();
    let (written, rows) = run(&client, req, false, |_, n, total| seen.push((n, total))).await.unwrap();
    assert_eq!((written.as_str(), rows), (path.to_str().unwrap(), ROWS));
    assert_eq!(seen, [(0, None), (200, Some(450)), (400, Some(450)), (450, Some(450))], "progress page by page");

    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let mut lines = sheet.rows();
    let header: Vec<String> = lines.next().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(header, titles(&s), "the headers are the table's, in Chinese");
    assert_eq!(header[1], "标题");
    let all = problems();
    let body: Vec<&[Data]> = lines.collect();
    assert_eq!(body.len(), ROWS, "every row, not only the page loaded");
    for (row, p) in body.iter().zip(&all) {
        assert_eq!(row[0], Data::Float(p.id as f64), "the number is numeric");
        assert_eq!(row[1], Data::String(p.title.clone()));
        assert_eq!(row[5], Data::Float(p.level as f64), "the level without its ▲");
        let Data::DateTime(due) = &row[7] else { panic!("the due time is a datetime: {:?}", row[7]) };
        let off = due.as_datetime().expect("a date and time") - local(&s, p.due_at);
        assert!(off.num_milliseconds().abs() < 1_000, "in local time: {due:?} for {}", p.due_at);
    }
}

#[tokio::test]
async fn the_overdue_pane_is_written_whole_to_csv_under_the_default_name() {
    let client = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let mut s = fixtures::state(160, 48, Lang::En);
    s.focus = Pane::of_table(crate::console::model::pane::PaneTable::Overdue);
    assert_eq!(tables::current(&s), TableRef::Pane(s.focus));
    let req = export_request(&mut s, &format!("csv {}", dir.path().display()));
    let (written, rows) = run(&client, req, false, |_, _, _| {}).await.unwrap();
    let name = format!("dutydesk-overdue-{}.csv", now().with_timezone(&s.settings.tz).format("%Y%m%d-%H%M"));
    assert_eq!(Path::new(&written), dir.path().join(name));
    assert_eq!(rows, ROWS);

    let bytes = std::fs::read(&written).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark for spreadsheet programs");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, titles(&s));
    assert_eq!(header[0], "enterprise");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), ROWS);
    for (rec, o) in records.iter().zip(overdue()) {
        assert_eq!(&rec[0], o.enterprise.name);
        assert_eq!(rec[3], format!("{}:{:02}", o.overdue_secs / 3600, o.overdue_secs % 3600 / 60));
        assert_eq!(rec[4].parse::<i64>().unwrap(), o.days_in_a_row, "a number, not text");
    }
}

#[tokio::test]
async fn csv_times_are_iso_local_and_no_file_is_replaced() {
    let client = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let mut s = queue(Lang::En);
    let path = dir.path().join("queue.csv");
    std::fs::write(&path, "kept").unwrap();
    let req = export_request(&mut s, &format!("csv {}", path.display()));
    let (written, _) = run(&client, req.clone(), false, |_, _, _| {}).await.unwrap();
    assert_eq!(Path::new(&written), dir.path().join("queue-1.csv"));
    let (again, _) = run(&client, req, false, |_, _, _| {}).await.unwrap();
    assert_eq!(Path::new(&again), dir.path().join("queue-2.csv"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "kept", "the existing file is untouched");

    let text = std::fs::read_to_string(&written).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let first = reader.records().next().unwrap().unwrap();
    let p = &problems()[0];
    assert_eq!(&first[0], "1");
    let due = chrono::DateTime::parse_from_rfc3339(&first[7]).unwrap();
    assert_eq!(due, p.due_at);
    assert!(first[7].ends_with("+08:00"), "local time with its offset: {}", &first[7]);
}

#[tokio::test]
async fn a_pane_is_written_as_it_holds_with_rates_as_numbers() {
    // No list to read: the pane's rows come from the dashboard held.
    let client = ApiClient::new("http://127.0.0.1:9", "t").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut s = fixtures::state(160, 48, Lang::En);
    let path = dir.path().join("rtw.xlsx");
    let req = export_request(&mut s, &format!("xlsx {}", path.display()));
    let (_, rows) = run(&client, req, false, |_, _, _| {}).await.unwrap();
    let shown = tables::table(&s, tables::current(&s));
    assert_eq!(rows, shown.rows.len());
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let d = s.dash.as_ref().unwrap();
    for (row, cells) in sheet.rows().skip(1).zip(&shown.rows) {
        let place = d.rows.iter().find(|p| Data::String(p.name.clone()) == row[0]).expect("a row of the pane");
        assert_eq!(row[0], Data::String(cells.cells[0].text.clone()), "the pane's order");
        match place.enterprises.rate() {
            Some(rate) => assert_eq!(row[1], Data::Float(rate), "a rate, formatted as a percent"),
            None => assert_eq!(row[1], Data::Empty),
        }
        assert_eq!(row[2], Data::String(format!("{}/{}", place.enterprises.num, place.enterprises.den)));
        assert_eq!(row[5], Data::Float(place.suspended as f64));
    }
}

#[tokio::test]
async fn the_charts_days_are_written_with_dates_rates_and_counts() {
    let client = ApiClient::new("http://127.0.0.1:9", "t").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut s = fixtures::state(160, 48, Lang::En);
    update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('T'), KeyModifiers::NONE)));
    let path = dir.path().join("chart.xlsx");
    let (_, rows) =
        run(&client, export_request(&mut s, &format!("xlsx {}", path.display())), false, |_, _, _| {}).await.unwrap();
    let trend = &s.dash.as_ref().unwrap().totals.trend;
    assert_eq!(rows, trend.len());
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let newest = trend.last().unwrap();
    let row = sheet.rows().nth(1).expect("the newest day first");
    let day = row[0].as_date().expect("the day as a date");
    assert_eq!(day, newest.date);
    match newest.resumed.rate() {
        Some(rate) => assert_eq!(row[1], Data::Float(rate)),
        None => assert_eq!(row[1], Data::Empty),
    }
    assert_eq!(row[2], Data::String(format!("{}/{}", newest.resumed.num, newest.resumed.den)));
}

#[tokio::test]
async fn a_bad_path_fails_with_its_reason_and_leaves_nothing() {
    let client = serve().await;
    let mut s = queue(Lang::En);
    let req = export_request(&mut s, "xlsx /nonexistent-dir-of-dutydesk/q.xlsx");
    let err = run(&client, req, false, |_, _, _| {}).await.unwrap_err();
    assert!(err.starts_with("cannot create /nonexistent-dir-of-dutydesk/q.xlsx: "), "{err}");
    assert!(err.contains("No such file or directory"), "{err}");
    update(&mut s, Msg::Exported(Err(err)));
    let toast = &s.toast.as_ref().unwrap().0;
    assert!(toast.starts_with("Export failed: cannot create /nonexistent-dir-of-dutydesk/q.xlsx"), "{toast}");
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_full_disk_fails_with_its_reason() {
    let client = serve().await;
    let mut s = queue(Lang::En);
    let mut req = export_request(&mut s, "csv /dev/full");
    req.exact = true;
    let err = run(&client, req, true, |_, _, _| {}).await.unwrap_err();
    assert!(err.starts_with("cannot write /dev/full: "), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(Path::new("/dev/full").exists(), "a device is never removed");
}

#[test]
fn the_palette_refuses_an_unknown_format_and_a_view_without_data() {
    let mut s = queue(Lang::En);
    assert_eq!(palette::execute(&mut s, "export pdf").unwrap_err(), "use :export csv|xlsx [PATH]");
    let mut bare = fixtures::state(160, 48, Lang::Zh);
    bare.dash = None;
    assert_eq!(palette::execute(&mut bare, "export csv").unwrap_err(), "此处尚无可导出的内容");
    assert!(palette::suggestions(&s, "exp").contains(&"export ".to_string()));
    assert_eq!(palette::suggestions(&s, "export x"), ["export xlsx"]);
}

fn frame(s: &State) -> String {
    let area = ratatui::layout::Rect::new(0, 0, s.size.0, s.size.1);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::console::views::draw(s, &crate::console::look::theme::Theme::default_theme(), &mut buf, area);
    buffer_text(&buf)
}

#[test]
fn export_toasts_en_and_zh() {
    let path = "/home/duty/Downloads/dutydesk-problems-20260216-1432.xlsx";
    for lang in [Lang::En, Lang::Zh] {
        let mut s = fixtures::state(120, 12, lang);
        update(&mut s, Msg::Exporting { path: path.into(), rows: 1_200, total: Some(100_000) });
        insta::assert_snapshot!(format!("export_progress_{lang:?}"), frame(&s));
        update(&mut s, Msg::Exported(Ok((path.into(), 100_000))));
        insta::assert_snapshot!(format!("export_done_{lang:?}"), frame(&s));
        let err = format!("{} /mnt/usb/q.xlsx: No space left on device (os error 28)", lang.t("export.cannot_write"));
        update(&mut s, Msg::Exported(Err(err)));
        insta::assert_snapshot!(format!("export_failed_{lang:?}"), frame(&s));
        // The toast goes by the clock.
        let later = s.now + Duration::seconds(11);
        update(&mut s, Msg::Tick(later));
        assert!(s.toast.is_none());
    }
}
