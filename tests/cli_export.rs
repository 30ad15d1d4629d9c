//! `dutydesk export` against a real, seeded `dutydesk serve`: a list of several pages written
//! whole to xlsx (read back with calamine) and to csv on standard output (read back with the
//! csv crate), the same rows and the server's count; headers in the language asked for; clear
//! errors with status 2 for bad options and an existing file.

mod e2e;

use std::process::Output;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use e2e::{Sandbox, Server};

fn export(sandbox: &Sandbox, server: &Server, token: &str, args: &[&str]) -> Output {
    let mut c = sandbox.dutydesk();
    c.args(["export", "--api", &server.url, "--token", token]).args(args);
    c.output().expect("dutydesk export runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_list_of_several_pages_is_exported_whole_to_xlsx_and_csv() {
    let sandbox = Sandbox::new();
    let server = Server::start_seeded(&sandbox, &[]);
    let token = server.token("viewer", "export");
    // Every resolved problem of the seeded fortnight: more than a page of 200.
    let every = ["--view", "problems", "--filter", "state=resolved"];
    let xlsx = sandbox.path().join("problems.xlsx");
    let args = [&every[..], &["--format", "xlsx", "--out", xlsx.to_str().unwrap(), "--lang", "zh-CN"]].concat();
    let out = export(&sandbox, &server, &token, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stderr);
    let count: usize = said
        .strip_prefix("dutydesk: exported ")
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {said:?}"));
    assert!(said.trim().ends_with(&format!("rows to {}", xlsx.display())), "{said}");
    assert!(count > 200, "the list is longer than a page of 200: {count}");
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), count + 1, "a header and every problem");
    assert_eq!(rows[0][1], Data::String("标题".into()), "Chinese headers: {:?}", rows[0]);
    assert!(rows[1..].iter().all(|r| matches!(r[0], Data::Float(_))), "numbers are numeric");
    assert!(rows[1..].iter().all(|r| matches!(r[5], Data::Float(_))), "levels are numeric");
    assert!(rows[1..].iter().all(|r| r[7] == Data::Empty), "a resolved problem has no due time, as on screen");

    let out = export(&sandbox, &server, &token, &[&every[..], &["--format", "csv", "--out", "-"]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(&reader.headers().unwrap()[1], "title", "English by default, no byte-order mark on stdout");
    let ids: Vec<f64> = reader.records().map(|r| r.unwrap()[0].parse().unwrap()).collect();
    let xlsx_ids: Vec<f64> = rows[1..].iter().map(|r| r[0].as_f64().unwrap()).collect();
    assert_eq!(ids, xlsx_ids, "the same rows in the same order");
}

#[test]
fn bad_options_and_an_existing_file_are_refused_with_status_2() {
    let sandbox = Sandbox::new();
    let server = Server::start_seeded(&sandbox, &[]);
    let token = server.token("viewer", "export");
    let out_file = sandbox.path().join("x.csv");
    let out = out_file.to_str().unwrap();
    for (args, says) in [
        (vec!["--view", "nothing", "--out", out], "unknown view \"nothing\""),
        (vec!["--view", "enterprises", "--out", out], "--view enterprises needs --park NAME"),
        (vec!["--view", "problems", "--format", "pdf", "--out", out], "--format is csv or xlsx"),
        (vec!["--view", "enterprises", "--park", "no such park", "--out", out], "no park matches"),
        (vec!["--view", "units", "--format", "xlsx", "--out", "-"], "goes to a file"),
    ] {
        let o = export(&sandbox, &server, &token, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains(says), "{args:?}: {}", text(&o.stderr));
        assert_eq!(text(&o.stderr).trim().lines().count(), 1, "one line: {}", text(&o.stderr));
    }
    std::fs::write(&out_file, "kept").unwrap();
    let o = export(&sandbox, &server, &token, &["--view", "units", "--out", out]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("exists"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "kept");
    let o = export(&sandbox, &server, &token, &["--view", "units", "--out", out, "--force"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let replaced = std::fs::read_to_string(&out_file).unwrap();
    assert!(replaced.starts_with("\u{feff}unit,"), "replaced by the units table: {replaced:.80}");
}
