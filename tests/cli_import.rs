//! The roster import (`dutydesk import`) on SQLite and PostgreSQL: a workbook built here with
//! rust_xlsxwriter and the same roster as CSV files import exactly (counts, spot checks through
//! the API, kept figures equal to the recount); a file with many errors reports every one with
//! its sheet, row and column and writes nothing; a re-import changes only what changed (and a
//! dry run says so without writing); the template written by the binary imports back.

mod common;

use std::path::{Path, PathBuf};

use common::{Harness, world_now};
use dutydesk::domain::codes::credit_check_char;
use dutydesk::store::roster::{KindCounts, RosterCounts};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

/// The valid credit code numbered `n`.
fn code(n: u32) -> String {
    let first17 = format!("91430500MA{n:07}");
    format!("{first17}{}", credit_check_char(&first17).unwrap())
}

/// A sheet as (name, rows), the headers first.
type SheetRows = (&'static str, Vec<Vec<String>>);

fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
    r.iter().map(|row| row.iter().map(ToString::to_string).collect()).collect()
}

/// A roster beside the test world: one park, unit and department it has and one each it has
/// not (in a new city), three enterprises, two officers, three assignments.
fn roster() -> Vec<SheetRows> {
    let (c1, c2, c3) = (code(1), code(2), code(3));
    vec![
        (
            "园区 (parks)",
            rows(&[
                &["城市", "区县", "园区"],
                &["娄底市", "娄星区", "万宝新区"],
                &["邵阳市", "大祥区", "邵阳经济开发区"],
            ]),
        ),
        ("units", rows(&[&["unit"], &["市发改委"], &["邵阳市工信局"]])),
        (
            "职能部门",
            rows(&[
                &["职能部门", "简称", "别名"],
                &["市交通运输局", "交通运输局", "交通局"],
                &["邵阳市应急管理局", "应急管理局", ""],
            ]),
        ),
        (
            "企业",
            rows(&[
                &["统一社会信用代码 (credit code)", "企业名称", "园区", "企业类别", "员工人数"],
                &[&c1, "邵阳示例机械有限公司", "邵阳经济开发区", "规模以上工业企业", "150"],
                &[&c2, " 万宝示例食品厂 ", "万宝新区", "其他企业", "40"],
                &[&c3, "邵阳示例电子", "邵阳经济开发区", "四上企业", "0"],
            ]),
        ),
        (
            "officers",
            rows(&[
                &["phone", "officer", "unit", "park"],
                &["139 0000 0001", "刘洋", "邵阳市工信局", "邵阳经济开发区"],
                &["13900000002", "孙丽", "市发改委", "万宝新区"],
            ]),
        ),
        (
            "包联关系",
            rows(&[
                &["联络员手机号码", "统一社会信用代码"],
                &["13900000001", &c1],
                &["13900000001", &c3],
                &["13900000002", &c2],
            ]),
        ),
    ]
}

fn write_xlsx(path: &Path, sheets: &[SheetRows]) {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                // Employees as numbers, as a spreadsheet holds them.
                match cell.parse::<f64>() {
                    Ok(n) if cell.len() < 5 => sheet.write_number(r as u32, c as u16, n).unwrap(),
                    _ => sheet.write_string(r as u32, c as u16, cell).unwrap(),
                };
            }
        }
    }
    book.save(path).unwrap();
}

fn write_csvs(dir: &Path, sheets: &[SheetRows]) -> Vec<PathBuf> {
    sheets
        .iter()
        .enumerate()
        .map(|(i, (_, rows))| {
            // Named by number only: each file's kind comes from its headers.
            let path = dir.join(format!("part{i}.csv"));
            let mut w = csv::Writer::from_path(&path).unwrap();
            for row in rows {
                w.write_record(row).unwrap();
            }
            w.flush().unwrap();
            path
        })
        .collect()
}

async fn import(h: &Harness, files: &[PathBuf], dry_run: bool) -> Result<RosterCounts, Vec<String>> {
    let known = h.store.roster_keys().await.unwrap();
    let parsed = dutydesk::roster::parse(files, &known);
    if !parsed.problems.is_empty() {
        return Err(parsed.problems.iter().map(ToString::to_string).collect());
    }
    Ok(h.store.import_roster(&parsed.data, dry_run, world_now()).await.unwrap())
}

fn k(added: u64, changed: u64, unchanged: u64, not_in_file: u64) -> KindCounts {
    KindCounts { added, changed, unchanged, not_in_file }
}

/// What the first import of [`roster`] into the test world does.
fn first_import() -> RosterCounts {
    RosterCounts {
        parks: k(1, 0, 1, 2),
        units: k(1, 0, 1, 2),
        departments: k(1, 0, 1, 3),
        enterprises: k(3, 0, 0, 6),
        officers: k(2, 0, 0, 5),
        assignments: k(3, 0, 0, 7),
    }
}

/// The officer named `name` as the API lists it.
async fn officer(h: &Harness, name: &str) -> Value {
    let (_, _, page) = h.get("/api/v1/officers?limit=100", &h.viewer).await;
    page["items"].as_array().unwrap().iter().find(|o| o["name"] == name).cloned().expect(name)
}

/// The organisation, the officers and the figures after the first import.
async fn spot_checks(h: &Harness, enterprises_before: i64) {
    let (_, _, org) = h.get("/api/v1/org", &h.viewer).await;
    let parks: Vec<&str> = org["parks"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(parks.iter().filter(|p| **p == "邵阳经济开发区").count(), 1, "{parks:?}");
    assert_eq!(org["cities"].as_array().unwrap().len(), 2, "{org}");
    let liu = officer(h, "刘洋").await;
    assert_eq!(liu["phone"], "13900000001");
    assert_eq!(
        (liu["unit"]["name"].as_str(), liu["park"]["name"].as_str()),
        (Some("邵阳市工信局"), Some("邵阳经济开发区"))
    );
    let served: Vec<&str> =
        liu["enterprises"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(served, ["邵阳示例机械有限公司", "邵阳示例电子"]);
    assert_eq!(officer(h, "孙丽").await["enterprises"][0]["name"], "万宝示例食品厂", "trimmed");
    let date = h.store.calendar.local_date(world_now());
    for scope in [None, Some(dutydesk::api::types::Scope::Province)] {
        let (kept, _) = h.store.dashboard(date, world_now(), scope).await.unwrap();
        assert_eq!(kept, h.store.recount_dashboard(date, world_now(), scope).await.unwrap());
        assert_eq!(kept.totals.enterprises.den, enterprises_before + 3, "{:?}", kept.totals.enterprises);
    }
}

async fn enterprises_now(h: &Harness) -> i64 {
    let date = h.store.calendar.local_date(world_now());
    h.store.dashboard(date, world_now(), None).await.unwrap().0.totals.enterprises.den
}

both_stores!(a_workbook_imports_exactly, |h| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    write_xlsx(&path, &roster());
    let before = enterprises_now(&h).await;
    let seq = h.store.change_seq().await.unwrap();
    assert_eq!(import(&h, std::slice::from_ref(&path), false).await, Ok(first_import()));
    assert!(h.store.change_seq().await.unwrap() > seq, "the change feed moved");
    spot_checks(&h, before).await;
});

both_stores!(csv_files_import_together_exactly, |h| {
    let dir = tempfile::tempdir().unwrap();
    let files = write_csvs(dir.path(), &roster());
    let before = enterprises_now(&h).await;
    assert_eq!(import(&h, &files, false).await, Ok(first_import()));
    spot_checks(&h, before).await;
});

both_stores!(every_problem_is_reported_and_nothing_is_written, |h| {
    let mut sheets = roster();
    let check = code(4).pop().unwrap();
    let wrong = if check == '0' { '1' } else { '0' };
    let bad = format!("{}{wrong}", &code(4)[..17]);
    sheets[3].1.push(rows(&[&[&bad, "坏代码企业", "万宝新区", "其他企业", "十"]]).remove(0));
    sheets[3].1.push(rows(&[&[&code(1), "重复企业", "无此园区", "其他企业", "5"]]).remove(0));
    sheets[4].1.push(rows(&[&["12345", "", "无此单位", "万宝新区"]]).remove(0));
    sheets[5].1.push(rows(&[&["13900000009", &code(9)]]).remove(0));
    sheets[1].1.push(rows(&[&["控制\u{1b}[31m字符"]]).remove(0));
    sheets[2].1[0][0] = "部门".into();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.xlsx");
    write_xlsx(&path, &sheets);
    let counts_before = h.store.import_roster(&Default::default(), true, world_now()).await.unwrap();
    let problems = import(&h, &[path], false).await.unwrap_err();
    let at = |s: &str| dir.path().join("bad.xlsx").display().to_string() + s;
    let expected = [
        at(", sheet 职能部门, row 1, column 职能部门 (department): the column is missing"),
        at(", sheet units, row 4, column A (unit): holds U+001B, a control character, at character 3"),
        at(&format!(
            ", sheet 企业, row 5, column A (统一社会信用代码 (credit code)): {bad} is no credit code: \
             the check character is {wrong:?}, the first 17 characters give {check:?}"
        )),
        at(", sheet 企业, row 5, column E (员工人数): employees must be a whole number of 0 or more, not 十"),
        at(&format!(
            ", sheet 企业, row 6, column A (统一社会信用代码 (credit code)): credit code {} is already in row 2 of sheet 企业; each key once",
            code(1)
        )),
        at(
            ", sheet 企业, row 6, column C (园区): names no park of the parks sheet (园区) nor of the database: 无此园区",
        ),
        at(
            ", sheet officers, row 4, column A (phone): 12345 is no phone number (a mobile 1XXXXXXXXXX or a landline 0XXX-XXXXXXX)",
        ),
        at(", sheet officers, row 4, column B (officer): is empty; it is required"),
        at(
            ", sheet officers, row 4, column C (unit): names no unit of the units sheet (派出单位) nor of the database: 无此单位",
        ),
        at(
            ", sheet 包联关系, row 5, column A (联络员手机号码): names no officer of the officers sheet (联络员) nor of the database: 13900000009",
        ),
        at(&format!(
            ", sheet 包联关系, row 5, column B (统一社会信用代码): names no enterprise of the enterprises sheet (企业) nor of the database: {}",
            code(9)
        )),
    ];
    assert_eq!(problems, expected);
    // Nothing was written.
    assert_eq!(h.store.import_roster(&Default::default(), true, world_now()).await.unwrap(), counts_before);
    assert!(h.store.roster_keys().await.unwrap().officers.is_empty());
});

both_stores!(a_reimport_changes_only_what_changed, |h| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    write_xlsx(&path, &roster());
    import(&h, std::slice::from_ref(&path), false).await.unwrap();
    let mut sheets = roster();
    sheets[3].1[2][4] = "45".into(); // 万宝示例食品厂 employees 40 → 45
    sheets[4].1[2][2] = "邵阳市工信局".into(); // 孙丽 to another unit
    sheets[5].1.push(vec!["13900000002".into(), code(1)]);
    let again = dir.path().join("again.xlsx");
    write_xlsx(&again, &sheets);
    let expected = RosterCounts {
        parks: k(0, 0, 2, 2),
        units: k(0, 0, 2, 2),
        departments: k(0, 0, 2, 3),
        enterprises: k(0, 1, 2, 6),
        officers: k(0, 1, 1, 5),
        assignments: k(1, 0, 3, 7),
    };
    let seq = h.store.change_seq().await.unwrap();
    assert_eq!(import(&h, std::slice::from_ref(&again), true).await, Ok(expected), "dry run");
    assert_eq!(h.store.change_seq().await.unwrap(), seq, "a dry run writes nothing");
    assert_eq!(officer(&h, "孙丽").await["unit"]["name"], "市发改委");
    assert_eq!(import(&h, std::slice::from_ref(&again), false).await, Ok(expected));
    assert_eq!(officer(&h, "孙丽").await["unit"]["name"], "邵阳市工信局");
    let unchanged =
        RosterCounts { enterprises: k(0, 0, 3, 6), officers: k(0, 0, 2, 5), assignments: k(0, 0, 4, 7), ..expected };
    assert_eq!(import(&h, &[again], false).await, Ok(unchanged), "the same file again changes nothing");
});

#[test]
fn the_template_written_by_the_binary_imports_back() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.xlsx");
    let db = dir.path().join("t.db");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dutydesk"))
            .args(args)
            .env_remove("DUTYDESK_DB")
            .env("HOME", dir.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (status, _, err) = run(&["import", "--template", template.to_str().unwrap()]);
    assert_eq!(status, Some(0), "{err}");
    let (status, _, err) = run(&["import", "--template", template.to_str().unwrap()]);
    assert_eq!(status, Some(2), "an existing file is not replaced: {err}");
    let db_arg = db.to_str().unwrap();
    let (status, out, err) = run(&["import", "--db", db_arg, "--dry-run", template.to_str().unwrap()]);
    assert_eq!((status, err.as_str()), (Some(0), ""));
    assert!(out.starts_with("dry run, nothing written"), "{out}");
    let (status, out, err) = run(&["import", "--db", db_arg, template.to_str().unwrap()]);
    assert_eq!((status, err.as_str()), (Some(0), ""));
    for kind in ["parks", "units", "departments", "enterprises", "officers", "assignments"] {
        let line = out.lines().find(|l| l.starts_with(kind)).unwrap_or_else(|| panic!("{kind}: {out}"));
        assert_eq!(line.split_whitespace().skip(1).collect::<Vec<_>>(), ["1", "0", "0", "0"], "{out}");
    }
    let (status, out, _) = run(&["import", "--db", db_arg, template.to_str().unwrap()]);
    assert_eq!(status, Some(0));
    let enterprises = out.lines().find(|l| l.starts_with("enterprises")).unwrap();
    assert_eq!(enterprises.split_whitespace().skip(1).collect::<Vec<_>>(), ["0", "0", "1", "0"], "{out}");
}
