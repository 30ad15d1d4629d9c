//! The one sanitiser every string from the API passes before any widget sees it.
//!
//! Terminal output is a command channel: a C0/C1 control, an escape sequence or a bidi
//! override in a name from a remote server could move the cursor, retitle the window or
//! reorder what the operator reads (the kubectl CVE-2021-25743 precedent). [`clean`] keeps
//! printable text (CJK, emoji, joiners) and turns line breaks and tabs into spaces.
//! [`Sanitize`] applies it to every string field of the wire types; [`crate::api::client`]
//! calls it exactly once on every decoded value.

use crate::api::types::*;

/// Whether `c` must never reach the terminal.
pub fn is_forbidden(c: char) -> bool {
    c.is_control() // C0, DEL and C1 (ESC, CSI 0x9b, OSC 0x9d included)
        || matches!(c,
            '\u{200E}' | '\u{200F}' | '\u{061C}'            // LRM, RLM, ALM
            | '\u{202A}'..='\u{202E}'                       // LRE RLE PDF LRO RLO
            | '\u{2066}'..='\u{2069}'                       // LRI RLI FSI PDI
            | '\u{2028}' | '\u{2029}'                       // line and paragraph separators
            | '\u{FFF9}'..='\u{FFFB}'                       // interlinear annotation
            | '\u{FEFF}') // BOM / zero-width no-break space
}

/// Whether a stored text (a title, a comment, a reason…) must not hold `c`: a control
/// character other than newline and tab (NUL, ESC, C1, CR…), or a bidi embedding, override or
/// isolate (U+202A–U+202E, U+2066–U+2069). The server refuses such text with 422 rather than
/// storing it; [`clean`] still guards what is drawn.
pub fn is_unstorable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Why `s` cannot be stored, naming the first offending character and where it is (counted
/// in characters from 1), or `None` when it can.
pub fn unstorable(s: &str) -> Option<String> {
    let (at, c) = s.chars().enumerate().find(|(_, c)| is_unstorable(*c))?;
    let kind = if c.is_control() { "a control character" } else { "a bidi override" };
    Some(format!(
        "holds U+{:04X} ({kind}) at character {}; only printable text, newlines and tabs are accepted",
        c as u32,
        at + 1
    ))
}

/// A copy of `s` that is safe to draw: whitespace controls become spaces, every other
/// forbidden character is dropped.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Cleans every string a value holds, in place.
pub trait Sanitize {
    /// Applies [`clean`] to every string inside.
    fn sanitize(&mut self);
}

impl Sanitize for String {
    fn sanitize(&mut self) {
        if self.chars().any(is_forbidden) {
            *self = clean(self);
        }
    }
}

impl<T: Sanitize> Sanitize for Option<T> {
    fn sanitize(&mut self) {
        if let Some(v) = self {
            v.sanitize();
        }
    }
}

impl<T: Sanitize> Sanitize for Vec<T> {
    fn sanitize(&mut self) {
        self.iter_mut().for_each(Sanitize::sanitize);
    }
}

impl<T: Sanitize> Sanitize for Box<T> {
    fn sanitize(&mut self) {
        (**self).sanitize();
    }
}

impl<A: Sanitize, B: Sanitize> Sanitize for (A, B) {
    fn sanitize(&mut self) {
        self.0.sanitize();
        self.1.sanitize();
    }
}

impl Sanitize for serde_json::Value {
    fn sanitize(&mut self) {
        match self {
            serde_json::Value::String(s) => s.sanitize(),
            serde_json::Value::Array(a) => a.sanitize(),
            serde_json::Value::Object(m) => {
                // Keys are shown too (payload details): rebuild the map with clean keys.
                let old = std::mem::take(m);
                for (k, mut v) in old {
                    v.sanitize();
                    m.insert(clean(&k), v);
                }
            }
            _ => {}
        }
    }
}

/// Implements [`Sanitize`] for a struct by listing its fields that hold text.
macro_rules! sanitize_fields {
    ($($ty:ty => [$($field:ident),*];)*) => {$(
        impl Sanitize for $ty {
            fn sanitize(&mut self) {
                $(self.$field.sanitize();)*
            }
        }
    )*};
}

sanitize_fields! {
    ServerSettings => [city, time_zone, report_deadline, checkin_cutoff];
    Me => [name, settings];
    NamedRef => [name];
    Park => [name];
    District => [name];
    PlaceRef => [name];
    Department => [name, short_name, aliases];
    Org => [city, province, cities, districts, parks, departments, units, settings];
    PlaceFigures => [name];
    UnitFigures => [unit_name];
    Dashboard => [scope, path, totals, rows, units];
    Assignee => [name];
    Problem => [enterprise, park, title, description, category, assignee, raised_by];
    TimelineEvent => [actor, payload];
    DailyReport => [officer, notes];
    Enterprise => [name, park, class, officers];
    EnterpriseDetail => [enterprise, recent_reports, problems, reminders];
    Checkin => [enterprise];
    Officer => [name, phone, unit, park, enterprises];
    OfficerDetail => [officer, checkins, reports];
    OverdueReport => [enterprise, park, officers, units, last_reminded_by];
    Reminder => [enterprise, officer, by];
    RecentReminder => [enterprise, by];
    RemindersSent => [already_reminded, not_overdue];
    Changes => [changes];
    Change => [kind, op];
    FieldError => [field, message];
    ApiError => [kind, title, detail, code, errors, current];
}

impl<T: Sanitize> Sanitize for Page<T> {
    fn sanitize(&mut self) {
        self.items.sanitize();
        self.next_cursor.sanitize();
    }
}

impl Sanitize for () {
    fn sanitize(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escape_sequences_and_bidi_are_removed() {
        let hostile = "光华\u{1b}[31m机械\u{1b}]0;pwned\u{7}厂\u{202e}gpj.exe\u{9b}2J\u{0}";
        let c = clean(hostile);
        assert!(!c.chars().any(is_forbidden), "{c:?}");
        assert!(c.starts_with("光华[31m机械]0;pwned厂gpj.exe2J"), "{c:?}");
    }

    #[test]
    fn printable_text_is_kept() {
        for s in ["湖南邦普循环 🏭", "👨‍👩‍👧 family", "Zhāng 张敏 🇨🇳", "é"] {
            assert_eq!(clean(s), s);
        }
        assert_eq!(clean("a\tb\nc\r\nd"), "a b c  d");
    }

    #[test]
    fn nested_values_are_cleaned() {
        let mut v = serde_json::json!({"k\u{1b}": ["x\u{202e}y", {"z": "\u{9b}q"}]});
        v.sanitize();
        assert_eq!(v, serde_json::json!({"k": ["xy", {"z": "q"}]}));
        let mut p: Page<NamedRef> =
            Page { items: vec![NamedRef { id: 1, name: "a\u{1b}b".into() }], next_cursor: None, total: None };
        p.sanitize();
        assert_eq!(p.items[0].name, "ab");
    }

    #[test]
    fn stored_text_refuses_controls_but_newline_and_tab_and_bidi_overrides() {
        assert_eq!(unstorable("复工\n第二行\t表格"), None);
        assert_eq!(unstorable("中文 é 🏭 \u{200d}"), None);
        let nul = unstorable("ab\0c").unwrap();
        assert!(nul.contains("U+0000") && nul.contains("character 3"), "{nul}");
        for bad in ["\u{1b}[31m", "\r", "\u{7f}", "\u{9b}", "\u{202a}", "\u{202e}", "\u{2066}", "\u{2069}"] {
            assert!(unstorable(bad).is_some(), "{bad:?} must be refused");
        }
        assert!(unstorable("x\u{202e}").unwrap().contains("bidi"));
    }

    proptest! {
        #[test]
        fn clean_output_never_has_forbidden_chars(s in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\\u{202a}-\\u{202e}a-z中文]*") {
            let c = clean(&s);
            prop_assert!(!c.chars().any(is_forbidden));
            // Idempotent.
            prop_assert_eq!(clean(&c), c.clone());
        }

        #[test]
        fn clean_keeps_safe_strings(s in "[a-zA-Z0-9 中文园区🏭é·…-]*") {
            prop_assert_eq!(clean(&s), s);
        }
    }
}
