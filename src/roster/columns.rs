//! The roster's sheets and their columns in both languages: which sheet a name or a CSV's
//! headers mean, which column a header means, and the template's example row.

/// One kind of row, one sheet of the workbook (or one CSV file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Parks with their city and county.
    Parks,
    /// Dispatching units (派出单位).
    Units,
    /// Functional departments (职能部门).
    Departments,
    /// Enterprises, keyed by credit code.
    Enterprises,
    /// Officers, keyed by phone.
    Officers,
    /// Officer ↔ enterprise assignments (包联关系).
    Assignments,
}

/// A column of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its English header.
    pub en: &'static str,
    /// Its Chinese header.
    pub zh: &'static str,
    /// A row without it is refused.
    pub required: bool,
    /// The template's example value.
    pub example: &'static str,
}

const fn col(en: &'static str, zh: &'static str, required: bool, example: &'static str) -> Column {
    Column { en, zh, required, example }
}

/// A park's columns; a park is keyed by all three.
const PARKS: [Column; 3] = [
    col("city", "城市", true, "娄底市"),
    col("county", "区县", true, "娄星区"),
    col("park", "园区", true, "娄底经济技术开发区"),
];
const UNITS: [Column; 1] = [col("unit", "派出单位", true, "娄底市工业和信息化局")];
const DEPARTMENTS: [Column; 3] = [
    col("department", "职能部门", true, "娄底市交通运输局"),
    col("short name", "简称", false, "交通运输局"),
    col("aliases", "别名", false, "交通局|运管局"),
];
const ENTERPRISES: [Column; 5] = [
    col("credit code", "统一社会信用代码", true, "91431300MA4L0AB124"),
    col("enterprise", "企业名称", true, "娄底市示例机械制造有限公司"),
    col("park", "园区", true, "娄底经济技术开发区"),
    col("class", "企业类别", true, "规模以上工业企业"),
    col("employees", "员工人数", true, "120"),
];
const OFFICERS: [Column; 4] = [
    col("phone", "手机号码", true, "13807381234"),
    col("officer", "姓名", true, "张伟"),
    col("unit", "派出单位", true, "娄底市工业和信息化局"),
    col("park", "园区", true, "娄底经济技术开发区"),
];
const ASSIGNMENTS: [Column; 2] = [
    col("officer phone", "联络员手机号码", true, "13807381234"),
    col("credit code", "统一社会信用代码", true, "91431300MA4L0AB124"),
];

impl Kind {
    /// Every kind, in the order of the template's sheets (and of the writes).
    pub const ALL: [Kind; 6] =
        [Kind::Parks, Kind::Units, Kind::Departments, Kind::Enterprises, Kind::Officers, Kind::Assignments];

    /// The sheet's English name (also a CSV file's name).
    pub fn en(self) -> &'static str {
        match self {
            Kind::Parks => "parks",
            Kind::Units => "units",
            Kind::Departments => "departments",
            Kind::Enterprises => "enterprises",
            Kind::Officers => "officers",
            Kind::Assignments => "assignments",
        }
    }

    /// The sheet's Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Parks => "园区",
            Kind::Units => "派出单位",
            Kind::Departments => "职能部门",
            Kind::Enterprises => "企业",
            Kind::Officers => "联络员",
            Kind::Assignments => "包联关系",
        }
    }

    /// Its columns, key first.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Kind::Parks => &PARKS,
            Kind::Units => &UNITS,
            Kind::Departments => &DEPARTMENTS,
            Kind::Enterprises => &ENTERPRISES,
            Kind::Officers => &OFFICERS,
            Kind::Assignments => &ASSIGNMENTS,
        }
    }

    /// The kind a sheet's (or a CSV file's) name means: its English or Chinese name, or both
    /// as the template writes them (`企业 enterprises`), in any case.
    pub fn of_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| matches_label(name, k.en(), k.zh()))
    }

    /// The kind a CSV's headers mean: the one whose required columns are all there and which
    /// knows the most of them.
    pub fn of_headers(headers: &[String]) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| k.columns().iter().filter(|c| c.required).all(|c| column_of(headers, c).is_some()))
            .max_by_key(|k| k.columns().iter().filter(|c| column_of(headers, c).is_some()).count())
    }

    /// The template's header of column `c`: Chinese, then English in brackets.
    pub fn header(c: &Column) -> String {
        format!("{} ({})", c.zh, c.en)
    }
}

/// Whether `text` names a label `en`/`zh`: either alone, or one beside the other in brackets or
/// after a space, ignoring case and the difference between spaces, `_` and `-`.
fn matches_label(text: &str, en: &str, zh: &str) -> bool {
    let norm = |s: &str| s.trim().to_lowercase().replace(['_', '-'], " ");
    let text = norm(text);
    let (en, zh) = (norm(en), norm(zh));
    let parts: Vec<String> =
        text.split(['(', ')', '（', '）']).map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
    let is = |p: &str| p == en || p == zh;
    is(&text)
        || (!parts.is_empty() && parts.iter().all(|p| is(p)))
        || text.strip_prefix(zh.as_str()).is_some_and(|rest| rest.trim() == en)
}

/// The index of the header that names column `c`, if any.
pub fn column_of(headers: &[String], c: &Column) -> Option<usize> {
    headers.iter().position(|h| matches_label(h, c.en, c.zh))
}

/// The spreadsheet letter of a 0-based column index (A, …, Z, AA, …).
pub fn letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_headers_match_in_either_language_or_both() {
        assert_eq!(Kind::of_name("企业"), Some(Kind::Enterprises));
        assert_eq!(Kind::of_name("Officers"), Some(Kind::Officers));
        assert_eq!(Kind::of_name("包联关系 (assignments)"), Some(Kind::Assignments));
        assert_eq!(Kind::of_name("说明"), None);
        let headers: Vec<String> =
            ["统一社会信用代码 (credit code)", "Enterprise", "园区", "class", "员工人数"].map(String::from).to_vec();
        assert_eq!(Kind::of_headers(&headers), Some(Kind::Enterprises));
        assert_eq!(column_of(&headers, &ENTERPRISES[4]), Some(4));
        assert_eq!(Kind::of_headers(&["phone".into(), "credit_code".into()]), None);
        assert_eq!(Kind::of_headers(&["officer phone".into(), "credit_code".into()]), Some(Kind::Assignments));
    }

    #[test]
    fn letters_run_past_z() {
        assert_eq!(
            [0, 2, 25, 26, 27, 51, 52, 701, 702].map(letter),
            ["A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }
}
