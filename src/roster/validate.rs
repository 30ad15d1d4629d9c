//! One pass over every sheet that reports every problem: each sheet's kind (its name, or a
//! CSV's headers), its columns (a required one missing), each cell (control characters, empty
//! required cells, a bad credit code or phone, employees that are not a whole number), keys met
//! twice, and references (an officer's unit and park, an enterprise's park, an assignment's
//! officer and enterprise) that name no row of the files nor of the database. Text is trimmed.

use std::collections::{HashMap, HashSet};

use super::columns::{Kind, column_of, letter};
use super::sheet::Sheet;
use super::{Parsed, Problem};
use crate::domain::codes;
use crate::store::roster::{KnownKeys, ParkKey, RosterData, RosterDepartment, RosterEnterprise, RosterOfficer};

/// A sheet recognised as a kind, with the index of each of its kind's columns.
struct Mapped<'a> {
    sheet: &'a Sheet,
    kind: Kind,
    columns: Vec<Option<usize>>,
}

/// One row being read: its cells and where its problems go.
struct RowCells<'a> {
    sheet: &'a Sheet,
    columns: &'a [Option<usize>],
    number: usize,
    cells: &'a [String],
    problems: &'a mut Vec<Problem>,
}

impl RowCells<'_> {
    fn problem(&mut self, i: usize, reason: String) {
        let at = self.columns[i];
        self.problems.push(Problem {
            file: self.sheet.file.clone(),
            sheet: (!self.sheet.csv).then(|| self.sheet.name.clone()),
            row: Some(self.number),
            column: at.map(|a| self.sheet.headers[a].trim().to_string()),
            letter: at.map(letter),
            reason,
        });
    }

    /// Column `i`'s trimmed text: `None` (reported) when it holds a control character, a
    /// formula error, or nothing while required.
    fn text(&mut self, kind: Kind, i: usize) -> Option<String> {
        let c = &kind.columns()[i];
        let raw = self.columns[i].and_then(|a| self.cells.get(a)).map_or("", |s| s.trim());
        if let Some((at, ch)) = raw.chars().enumerate().find(|(_, ch)| crate::api::sanitize::is_forbidden(*ch)) {
            self.problem(i, format!("holds U+{:04X}, a control character, at character {}", ch as u32, at + 1));
            return None;
        }
        if let Some(e) = raw.strip_prefix("#ERROR ") {
            self.problem(i, format!("holds a formula error ({e})"));
            return None;
        }
        if raw.is_empty() && c.required {
            self.problem(i, "is empty; it is required".into());
            return None;
        }
        Some(raw.to_string())
    }
}

/// Recognises each sheet's kind and columns; sheets of no kind are noted (a workbook's) or
/// reported (a CSV, which is nothing else).
fn map_sheets<'a>(sheets: &'a [Sheet], problems: &mut Vec<Problem>, notes: &mut Vec<String>) -> Vec<Mapped<'a>> {
    let mut out = Vec::new();
    for sheet in sheets {
        let kind =
            Kind::of_name(&sheet.name).or_else(|| if sheet.csv { Kind::of_headers(&sheet.headers) } else { None });
        let Some(kind) = kind else {
            let names: Vec<String> = Kind::ALL.iter().map(|k| format!("{} ({})", k.zh(), k.en())).collect();
            if sheet.csv {
                problems.push(Problem::file(
                    &sheet.file,
                    format!(
                        "is no roster sheet: name the file after one of {}, or give it their headers",
                        names.join(", ")
                    ),
                ));
            } else {
                notes.push(format!("{}: sheet {} skipped: it is none of {}", sheet.file, sheet.name, names.join(", ")));
            }
            continue;
        };
        let columns: Vec<Option<usize>> = kind.columns().iter().map(|c| column_of(&sheet.headers, c)).collect();
        let mut complete = true;
        for (c, at) in kind.columns().iter().zip(&columns) {
            if at.is_none() && c.required {
                complete = false;
                problems.push(Problem {
                    file: sheet.file.clone(),
                    sheet: (!sheet.csv).then(|| sheet.name.clone()),
                    row: Some(1),
                    column: Some(Kind::header(c)),
                    letter: None,
                    reason: "the column is missing".into(),
                });
            }
        }
        for (i, h) in sheet.headers.iter().enumerate() {
            if !h.trim().is_empty() && !columns.contains(&Some(i)) {
                notes.push(format!(
                    "{}: column {} ({}) of {} is not read",
                    sheet.file,
                    letter(i),
                    h.trim(),
                    sheet.name
                ));
            }
        }
        if complete {
            out.push(Mapped { sheet, kind, columns });
        }
    }
    out
}

/// The keys the files define (read before the rows, so a reference may point forward or to
/// another file): park keys by name, unit names, credit codes and phones.
#[derive(Default)]
struct Defined {
    parks: HashMap<String, Vec<ParkKey>>,
    units: HashSet<String>,
    enterprises: HashSet<String>,
    officers: HashSet<String>,
}

impl Defined {
    fn new(mapped: &[Mapped<'_>], known: &KnownKeys) -> Self {
        let mut d = Defined {
            units: known.units.clone(),
            enterprises: known.enterprises.clone(),
            officers: known.officers.clone(),
            ..Defined::default()
        };
        let mut parks: HashSet<ParkKey> = known.parks.iter().cloned().collect();
        for m in mapped {
            for (_, cells) in &m.sheet.rows {
                let cell = |i: usize| m.columns[i].and_then(|a| cells.get(a)).map_or("", |s| s.trim()).to_string();
                match m.kind {
                    Kind::Parks => {
                        parks.insert(ParkKey { city: cell(0), county: cell(1), name: cell(2) });
                    }
                    Kind::Units => {
                        d.units.insert(cell(0));
                    }
                    Kind::Enterprises => d.enterprises.extend(codes::credit_code(&cell(0)).ok()),
                    Kind::Officers => d.officers.extend(codes::phone(&cell(0))),
                    Kind::Departments | Kind::Assignments => {}
                }
            }
        }
        for p in parks {
            d.parks.entry(p.name.clone()).or_default().push(p);
        }
        d
    }

    /// The park a name means, or why none.
    fn park(&self, name: &str) -> Result<ParkKey, String> {
        match self.parks.get(name).map(Vec::as_slice) {
            Some([one]) => Ok(one.clone()),
            Some(several) => {
                let mut places: Vec<String> = several.iter().map(|p| format!("{} {}", p.city, p.county)).collect();
                places.sort();
                Err(format!(
                    "park {name} is in several counties ({}); give the parks distinct names",
                    places.join(", ")
                ))
            }
            None => Err(format!("names no park of the parks sheet (园区) nor of the database: {name}")),
        }
    }
}

/// Validates every sheet into the roster's rows, reporting every problem of every row.
pub fn validate(sheets: &[Sheet], known: &KnownKeys) -> Parsed {
    let mut out = Parsed::default();
    let mapped = map_sheets(sheets, &mut out.problems, &mut out.notes);
    let defined = Defined::new(&mapped, known);
    // Where each key was first met, for the duplicates' "also in".
    let mut seen: HashMap<(Kind, String), String> = HashMap::new();
    for m in &mapped {
        for (number, cells) in &m.sheet.rows {
            let mut row =
                RowCells { sheet: m.sheet, columns: &m.columns, number: *number, cells, problems: &mut out.problems };
            let first_problem = row.problems.len();
            let texts: Vec<Option<String>> = (0..m.kind.columns().len()).map(|i| row.text(m.kind, i)).collect();
            let duplicate = key_of(m.kind, &texts).and_then(|key| match seen.get(&(m.kind, key.clone())) {
                Some(first) => Some(format!("{key} is already in {first}; each key once")),
                None => {
                    let here = if m.sheet.csv {
                        format!("row {number} of {}", m.sheet.file)
                    } else {
                        format!("row {number} of sheet {}", m.sheet.name)
                    };
                    seen.insert((m.kind, key), here);
                    None
                }
            });
            if let Some(reason) = &duplicate {
                row.problem(0, reason.clone());
            }
            if read_row(m.kind, &texts, &defined, &mut row, &mut out.data) && duplicate.is_some() {
                pop(m.kind, &mut out.data);
            }
            // A row's problems in the order of its columns.
            row.problems[first_problem..].sort_by_key(|p| p.letter.as_ref().map(|l| (l.len(), l.clone())));
        }
    }
    out
}

/// The key a row's cells give (`None` when a key cell is empty or malformed, already reported).
fn key_of(kind: Kind, texts: &[Option<String>]) -> Option<String> {
    let text = |i: usize| texts[i].clone().filter(|t| !t.is_empty());
    Some(match kind {
        Kind::Parks => format!("park {} {} {}", text(0)?, text(1)?, text(2)?),
        Kind::Units => format!("unit {}", text(0)?),
        Kind::Departments => format!("department {}", text(0)?),
        Kind::Enterprises => format!("credit code {}", codes::credit_code(&text(0)?).ok()?),
        Kind::Officers => format!("phone {}", codes::phone(&text(0)?)?),
        Kind::Assignments => {
            format!("assignment {} ↔ {}", codes::phone(&text(0)?)?, codes::credit_code(&text(1)?).ok()?)
        }
    })
}

/// Removes the row just added of `kind` (a duplicate).
fn pop(kind: Kind, data: &mut RosterData) {
    match kind {
        Kind::Parks => drop(data.parks.pop()),
        Kind::Units => drop(data.units.pop()),
        Kind::Departments => drop(data.departments.pop()),
        Kind::Enterprises => drop(data.enterprises.pop()),
        Kind::Officers => drop(data.officers.pop()),
        Kind::Assignments => drop(data.assignments.pop()),
    }
}

/// Reads one row of `kind` from its cells' texts (`None`: already reported) into `data`;
/// `false` when any of its cells is wrong (each reported) and nothing was added.
fn read_row(
    kind: Kind,
    texts: &[Option<String>],
    defined: &Defined,
    row: &mut RowCells<'_>,
    data: &mut RosterData,
) -> bool {
    let mut ok = texts.iter().zip(kind.columns()).all(|(t, c)| t.is_some() || !c.required);
    let text = |i: usize| texts[i].clone().unwrap_or_default();
    // A value of column `i` or its problem (reported when the cell itself was readable).
    let mut check = |i: usize, r: Result<String, String>, ok: &mut bool| match r {
        Ok(v) => Some(v),
        Err(reason) => {
            if texts[i].is_some() {
                row.problem(i, reason);
            }
            *ok = false;
            None
        }
    };
    let credit = |t: String| codes::credit_code(&t).map_err(|e| format!("{t} is no credit code: {e}"));
    let phone = |t: String| {
        codes::phone(&t)
            .ok_or_else(|| format!("{t} is no phone number (a mobile 1XXXXXXXXXX or a landline 0XXX-XXXXXXX)"))
    };
    let park = |i: usize| defined.park(&text(i)).map(|p| p.name);
    match kind {
        Kind::Parks if ok => {
            data.parks.push(ParkKey { city: text(0), county: text(1), name: text(2) });
            true
        }
        Kind::Units if ok => {
            data.units.push(text(0));
            true
        }
        Kind::Parks | Kind::Units => false,
        Kind::Departments => {
            let name = text(0);
            let short = texts[1].clone().filter(|s| !s.is_empty()).unwrap_or_else(|| name.clone());
            let aliases = text(2)
                .split(['|', '、', ';', '；', ',', '，'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
            if ok {
                data.departments.push(RosterDepartment { name, short_name: short, aliases });
            }
            ok
        }
        Kind::Enterprises => {
            let code = check(0, credit(text(0)), &mut ok);
            let park = check(2, park(2), &mut ok).and_then(|p| defined.park(&p).ok());
            let raw = text(4);
            let employees = raw.parse::<i64>().ok().filter(|n| *n >= 0);
            let employees = check(
                4,
                employees
                    .map(|n| n.to_string())
                    .ok_or(format!("employees must be a whole number of 0 or more, not {raw}")),
                &mut ok,
            );
            let employees = employees.and_then(|n| n.parse().ok());
            match (code, park, employees) {
                (Some(credit_code), Some(park), Some(employees)) if ok => {
                    data.enterprises.push(RosterEnterprise {
                        credit_code,
                        name: text(1),
                        park,
                        class: text(3),
                        employees,
                    });
                    true
                }
                _ => false,
            }
        }
        Kind::Officers => {
            let number = check(0, phone(text(0)), &mut ok);
            let unit = text(2);
            let known_unit = if defined.units.contains(&unit) {
                Ok(unit.clone())
            } else {
                Err(format!("names no unit of the units sheet (派出单位) nor of the database: {unit}"))
            };
            let unit = check(2, known_unit, &mut ok);
            let park = check(3, park(3), &mut ok).and_then(|p| defined.park(&p).ok());
            match (number, unit, park) {
                (Some(phone), Some(unit), Some(park)) if ok => {
                    data.officers.push(RosterOfficer { phone, name: text(1), unit, park });
                    true
                }
                _ => false,
            }
        }
        Kind::Assignments => {
            let number = check(0, phone(text(0)), &mut ok);
            let code = check(1, credit(text(1)), &mut ok);
            let number = number.and_then(|n| {
                let known = if defined.officers.contains(&n) {
                    Ok(n.clone())
                } else {
                    Err(format!("names no officer of the officers sheet (联络员) nor of the database: {n}"))
                };
                check(0, known, &mut ok)
            });
            let code = code.and_then(|c| {
                let known = if defined.enterprises.contains(&c) {
                    Ok(c.clone())
                } else {
                    Err(format!("names no enterprise of the enterprises sheet (企业) nor of the database: {c}"))
                };
                check(1, known, &mut ok)
            });
            match (number, code) {
                (Some(number), Some(code)) if ok => {
                    data.assignments.push((number, code));
                    true
                }
                _ => false,
            }
        }
    }
}
