//! The console's layering, checked on its source: every file's references to other console
//! modules (`crate::console::…` and `super::…` paths in code, not in comments) point only to
//! its own layer or a lower one, and no two files of the console import each other, directly
//! or round a longer circle. The layers, lowest first, are the folders of `src/console` (see
//! `docs/architecture.md`). The console's test suites (`src/console/tests/`) are not checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The console's layers, lowest first.
const LAYERS: &[&str] = &["look", "model", "message", "tables", "update", "views", "runtime"];

fn console_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/console")
}

/// Every `.rs` file under `dir`, as paths relative to `src/console` (`update/navigation.rs`).
fn files(dir: &Path, rel: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("src/console is readable") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let rel_name = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        if path.is_dir() {
            files(&path, &rel_name, out);
        } else if name.ends_with(".rs") {
            out.push(rel_name);
        }
    }
}

/// The module path of a file: `update/navigation.rs` → `["update", "navigation"]`.
fn module_of(file: &str) -> Vec<String> {
    file.trim_end_matches(".rs").split('/').map(str::to_string).collect()
}

/// The file holding a module path, or the nearest ancestor that is a file (items of a module
/// live in its file).
fn file_of(module: &[String], known: &BTreeSet<String>) -> Option<String> {
    (1..=module.len()).rev().map(|n| format!("{}.rs", module[..n].join("/"))).find(|f| known.contains(f))
}

/// Code without comments and string literals (a crude but sufficient lexer for this crate).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.split("//").next().unwrap_or_default();
            let mut out = String::new();
            let mut in_str = false;
            for c in l.chars() {
                if c == '"' {
                    in_str = !in_str;
                } else if !in_str {
                    out.push(c);
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The console modules a file refers to, resolved to files.
fn references(file: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let code = code_of(text);
    let own = module_of(file);
    let mut out = BTreeSet::new();
    let word = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (i, _) in code.match_indices("crate::console::") {
        let rest = &code[i + "crate::console::".len()..];
        let path: Vec<String> = rest.split("::").map(word).take_while(|w| !w.is_empty()).collect();
        if let Some(f) = file_of(&path, known) {
            out.insert(f);
        }
    }
    for (i, _) in code.match_indices("super::") {
        // Only paths that start with `super::` (not `crate::…::super`), outside inline tests.
        let before = code[..i].chars().last().unwrap_or(' ');
        if before == ':' {
            continue;
        }
        let rest = &code[i + "super::".len()..];
        // `super::name…` or `super::{a, b::c, …}`: each first segment, resolved from the parent.
        let names: Vec<String> = match rest.strip_prefix('{') {
            Some(group) => group.split('}').next().unwrap_or_default().split(',').map(|n| word(n.trim())).collect(),
            None => vec![word(rest)],
        };
        for name in names.into_iter().filter(|n| !n.is_empty() && n != "super") {
            let mut path = own[..own.len() - 1].to_vec();
            path.push(name);
            if let Some(f) = file_of(&path, known) {
                out.insert(f);
            }
        }
    }
    // Paths into the file's own submodules (`use navigation::quit;` in `update.rs`).
    for line in code.lines() {
        let decl = line.trim().trim_start_matches("pub ").trim_start_matches("pub(crate) ");
        let Some(child) = decl.strip_prefix("mod ").and_then(|d| d.strip_suffix(';')) else { continue };
        let uses = code
            .match_indices(&format!("{child}::"))
            .any(|(i, _)| !code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'));
        let mut path = own.clone();
        path.push(child.to_string());
        if uses && let Some(f) = file_of(&path, known) {
            out.insert(f);
        }
    }
    out.remove(file);
    out
}

fn layer_of(file: &str) -> Option<usize> {
    let first = file.split('/').next()?.trim_end_matches(".rs");
    LAYERS.iter().position(|l| *l == first)
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut all = Vec::new();
    files(&console_dir(), "", &mut all);
    let all: Vec<String> = all.into_iter().filter(|f| !f.starts_with("tests")).collect();
    let known: BTreeSet<String> = all.iter().cloned().collect();
    all.iter()
        .map(|f| {
            let text = std::fs::read_to_string(console_dir().join(f)).expect("a source file");
            // Inline test modules may use the test fixtures; they are not part of the layering.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            (f.clone(), references(f, text, &known))
        })
        .collect()
}

#[test]
fn every_console_file_is_in_a_layer() {
    for file in graph().keys() {
        assert!(file == "tests.rs" || layer_of(file).is_some(), "{file} is in no layer of {LAYERS:?}");
    }
}

#[test]
fn imports_point_only_down() {
    let mut upward = Vec::new();
    for (file, refs) in graph() {
        let Some(own) = layer_of(&file) else { continue };
        for r in refs {
            if let Some(l) = layer_of(&r).filter(|&l| l > own) {
                upward.push(format!("{file} ({}) uses {r} ({})", LAYERS[own], LAYERS[l]));
            }
        }
    }
    assert!(upward.is_empty(), "imports that point up:\n{}", upward.join("\n"));
}

#[test]
fn no_import_cycle_inside_the_console() {
    let g = graph();
    // Depth-first search with colours; a grey node reached again closes a circle.
    fn visit<'a>(
        n: &'a str,
        g: &'a BTreeMap<String, BTreeSet<String>>,
        colour: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        colour.insert(n, 1);
        path.push(n);
        for m in g.get(n).into_iter().flatten() {
            match colour.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|p| *p == m).unwrap_or(0);
                    let mut circle: Vec<String> = path[start..].iter().map(std::string::ToString::to_string).collect();
                    circle.push(m.clone());
                    return Some(circle);
                }
                0 => {
                    if let Some(c) = visit(m, g, colour, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        colour.insert(n, 2);
        None
    }
    let mut colour = BTreeMap::new();
    for n in g.keys() {
        if colour.get(n.as_str()).copied().unwrap_or(0) == 0
            && let Some(circle) = visit(n, &g, &mut colour, &mut Vec::new())
        {
            panic!("import cycle: {}", circle.join(" → "));
        }
    }
}

#[test]
fn the_checker_sees_a_reference_and_a_circle() {
    let known: BTreeSet<String> = ["a.rs", "a/b.rs", "c.rs"].iter().map(std::string::ToString::to_string).collect();
    let refs = references("a/b.rs", "use super::x;\nuse crate::console::c::Thing; // crate::console::z", &known);
    assert_eq!(references("a/b.rs", "use super::{X, y};", &known), ["a.rs".to_string()].into());
    assert_eq!(refs, ["a.rs", "c.rs"].iter().map(std::string::ToString::to_string).collect());
    assert!(references("c.rs", "let s = \"crate::console::a::b\";", &known).is_empty());
    assert_eq!(references("a.rs", "pub mod b;\nuse b::Thing;", &known), ["a/b.rs".to_string()].into());
}
