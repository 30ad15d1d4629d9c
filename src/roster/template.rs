//! The template (`dutydesk import --template FILE.xlsx`): a workbook with one sheet per kind,
//! named in Chinese and English, its headers (Chinese with English) in bold above one example
//! row that imports as it is, every cell text so codes and phones keep their digits.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::Kind;

/// The template's sheet name of a kind: `园区 (parks)`.
pub fn sheet_name(kind: Kind) -> String {
    format!("{} ({})", kind.zh(), kind.en())
}

/// Writes the template to `path`, refusing to replace a file that exists.
pub fn write(path: &Path) -> Result<(), String> {
    if path.exists() {
        return Err(format!("{} exists; give a new file name", path.display()));
    }
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    for kind in Kind::ALL {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(kind)).map_err(|e| e.to_string())?;
        for (i, c) in kind.columns().iter().enumerate() {
            let col = i as u16;
            let header = Kind::header(c);
            sheet.write_string_with_format(0, col, &header, &bold).map_err(|e| e.to_string())?;
            sheet.write_string_with_format(1, col, c.example, &text).map_err(|e| e.to_string())?;
            let width = header.chars().map(|ch| if ch.is_ascii() { 1.0 } else { 2.0 }).sum::<f64>().max(14.0);
            sheet.set_column_width(col, width + 2.0).map_err(|e| e.to_string())?;
        }
    }
    book.save(path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
