//! Width-aware text helpers: display width (CJK and most emoji are two columns), truncation
//! with an ellipsis that never splits a character, padding, numbers, durations, bars and
//! sparklines as plain text (so they survive `snapshot` and `mono`).

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The ellipsis put at the end of truncated text (one column).
pub(crate) const ELLIPSIS: char = '…';

/// Display width in terminal columns.
pub(crate) fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns; when cut, it ends in `…` and never splits a character.
pub(crate) fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let budget = max - 1;
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    let mut out = String::with_capacity(end + 3);
    out.push_str(&s[..end]);
    out.push(ELLIPSIS);
    Cow::Owned(out)
}

/// `s` truncated to `w` columns and padded with spaces to exactly `w` (left aligned).
pub(crate) fn fit(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let pad = w.saturating_sub(width(&t));
    let mut out = String::with_capacity(t.len() + pad);
    out.push_str(&t);
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// `s` truncated to `w` columns and padded on the left to exactly `w` (right aligned).
pub(crate) fn fit_right(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let pad = w.saturating_sub(width(&t));
    let mut out: String = std::iter::repeat_n(' ', pad).collect();
    out.push_str(&t);
    out
}

/// `s` broken into lines of at most `w` columns: at a space where there is one, else between
/// characters (Chinese has no spaces), so a sentence in a dialog is read whole, not cut.
pub(crate) fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_inclusive(' ') {
        if width(line.trim_end()) + width(word.trim_end()) > w && !line.is_empty() {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        for c in word.chars() {
            if width(&line) + c.width().unwrap_or(0) > w && c != ' ' {
                lines.push(line.trim_end().to_string());
                line.clear();
            }
            line.push(c);
        }
    }
    if !line.trim_end().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// `1305` → `1,305`.
pub(crate) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A percentage with one decimal, or `—` when nothing is expected.
pub(crate) fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_string(), |p| format!("{p:.1}%"))
}

/// A percentage rounded to whole numbers, or `—`.
pub(crate) fn percent0(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_string(), |p| format!("{p:.0}%"))
}

/// A horizontal bar of `w` columns for a rate in `[0, 1]`, in eighths of a column.
pub(crate) fn bar(rate: Option<f64>, w: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let Some(r) = rate else {
        return " ".repeat(w);
    };
    let eighths = (r.clamp(0.0, 1.0) * (w * 8) as f64).round() as usize;
    let mut out: String = std::iter::repeat_n('█', eighths / 8).collect();
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8]);
    }
    let pad = w.saturating_sub(out.chars().count());
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// A sparkline of rates (scaled between their own minimum and maximum), one column each.
pub(crate) fn sparkline(rates: &[Option<f64>]) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let known: Vec<f64> = rates.iter().flatten().copied().collect();
    let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    rates
        .iter()
        .map(|r| match r {
            None => ' ',
            Some(_) if hi - lo < 1e-9 => LEVELS[if hi > 0.0 { 7 } else { 0 }],
            Some(v) => LEVELS[(((v - lo) / (hi - lo)) * 7.0).round() as usize],
        })
        .collect()
}

/// A duration in seconds as `2d 4h`, `3h 10m`, `45m`, `20s` (`zh`: `2天4时`, `3时10分`…).
pub(crate) fn duration(secs: i64, zh: bool) -> String {
    let s = secs.max(0);
    let (d, h, m) = (s / 86_400, s / 3600 % 24, s / 60 % 60);
    let (ud, uh, um, us, sep) = if zh { ("天", "时", "分", "秒", "") } else { ("d", "h", "m", "s", " ") };
    if d > 0 && h > 0 {
        format!("{d}{ud}{sep}{h}{uh}")
    } else if d > 0 {
        format!("{d}{ud}")
    } else if h > 0 && m > 0 {
        format!("{h}{uh}{sep}{m}{um}")
    } else if h > 0 {
        format!("{h}{uh}")
    } else if m > 0 {
        format!("{m}{um}")
    } else {
        format!("{s}{us}")
    }
}

/// [`duration`]'s shorter form for a narrow column: its largest unit alone (`2d`, `19h`,
/// `45m`; `zh`: `2天`, `19时`), so a duration that does not fit is shortened by a whole unit,
/// never cut in the middle of one. Under a minute it is [`coarse_duration`]'s `<1m`.
pub(crate) fn short_duration(secs: i64, zh: bool) -> String {
    let s = secs.max(0);
    let (ud, uh, um) = if zh { ("天", "时", "分") } else { ("d", "h", "m") };
    match s {
        s if s >= 86_400 => format!("{}{ud}", s / 86_400),
        s if s >= 3600 => format!("{}{uh}", s / 3600),
        s if s >= 60 => format!("{}{um}", s / 60),
        _ => coarse_duration(s, zh),
    }
}

/// A relative time that never ticks by the second: under a minute `<1m` (`<1分`), then as
/// [`duration`] (whole minutes below a day, whole hours beyond). For ages and countdowns
/// redrawn by the clock alone (a problem's age, its time to the SLA), so an idle screen changes
/// at most once a minute.
pub(crate) fn coarse_duration(secs: i64, zh: bool) -> String {
    if secs < 60 { (if zh { "<1分" } else { "<1m" }).to_string() } else { duration(secs, zh) }
}

/// The smallest whole number of seconds above `secs` at which [`duration`] reads otherwise:
/// the next second below a minute, the next minute below a day, the next hour beyond.
pub(crate) fn duration_changes_at(secs: i64) -> i64 {
    match secs {
        s if s < 0 => 1,
        s if s < 60 => s + 1,
        s if s < 86_400 => (s / 60 + 1) * 60,
        s => (s / 3600 + 1) * 3600,
    }
}

/// The smallest whole number of seconds above `secs` at which [`coarse_duration`] reads
/// otherwise (the first minute is one reading).
pub(crate) fn coarse_duration_changes_at(secs: i64) -> i64 {
    if secs < 60 { 60 } else { duration_changes_at(secs) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn truncation_respects_wide_characters() {
        assert_eq!(truncate("湖南华洋茂建设工程", 5), "湖南…");
        assert_eq!(truncate("湖南华洋茂建设工程", 6), "湖南…");
        assert_eq!(truncate("湖南华洋茂建设工程", 7), "湖南华…");
        assert_eq!(truncate("光华机械厂", 10), "光华机械厂");
        assert_eq!(truncate("🏭工厂 Plant", 4), "🏭…");
        assert_eq!(fit("中文", 5), "中文 ");
        assert_eq!(fit("中文字", 4), "中… ");
        assert_eq!(fit_right("12", 4), "  12");
    }

    #[test]
    fn numbers_bars_and_durations() {
        assert_eq!(thousands(1305), "1,305");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(bar(Some(0.5), 4), "██  ");
        assert_eq!(bar(Some(1.0), 3), "███");
        assert_eq!(bar(Some(0.0), 2), "  ");
        assert_eq!(width(&bar(Some(0.61), 6)), 6);
        assert_eq!(sparkline(&[Some(0.1), Some(0.5), Some(0.9)]), "▁▅█");
        assert_eq!(duration(2 * 86_400 + 4 * 3600 + 5, false), "2d 4h");
        assert_eq!(duration(3 * 3600 + 600, true), "3时10分");
        assert_eq!(duration(45 * 60, false), "45m");
        assert_eq!(percent(Some(78.24)), "78.2%");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn short_durations_keep_the_largest_unit_whole() {
        assert_eq!(short_duration(19 * 3600 + 36 * 60, true), "19时");
        assert_eq!(short_duration(19 * 3600 + 36 * 60, false), "19h");
        assert_eq!(short_duration(2 * 86_400 + 4 * 3600, false), "2d");
        assert_eq!(short_duration(45 * 60 + 10, true), "45分");
        assert_eq!(short_duration(20, false), "<1m");
    }

    #[test]
    fn coarse_durations_never_show_seconds() {
        assert_eq!(coarse_duration(0, false), "<1m");
        assert_eq!(coarse_duration(59, true), "<1分");
        assert_eq!(coarse_duration(60, false), "1m");
        assert_eq!(coarse_duration(3 * 86_400 + 5 * 3600 + 59, false), "3d 5h");
    }

    proptest! {
        /// Each reading holds from `secs` up to the computed change and differs there, for
        /// the plain and the coarse form: the run loop sleeps until then and is never late.
        #[test]
        fn duration_changes_exactly_where_computed(secs in -5i64..400_000) {
            for (text, next) in [
                (duration as fn(i64, bool) -> String, duration_changes_at as fn(i64) -> i64),
                (coarse_duration, coarse_duration_changes_at),
            ] {
                let at = next(secs);
                prop_assert!(at > secs);
                let now = text(secs, false);
                for s in secs + 1..at {
                    prop_assert_eq!(&text(s, false), &now, "changed early at {}", s);
                }
                prop_assert_ne!(text(at, false), now);
            }
        }

        #[test]
        fn truncate_fits_and_is_a_prefix(s in "[a-z中文字🏭é ]{0,30}", max in 0usize..20) {
            let t = truncate(&s, max);
            prop_assert!(width(&t) <= max);
            let body = t.strip_suffix(ELLIPSIS).unwrap_or(&t);
            prop_assert!(s.starts_with(body));
            let f = fit(&s, max);
            prop_assert_eq!(width(&f), max);
        }
    }

    #[test]
    fn wrap_breaks_at_spaces_and_between_chinese_characters() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("项操作尚未得到服务器答复", 8), ["项操作尚", "未得到服", "务器答复"]);
        assert_eq!(wrap("short", 20), ["short"]);
        assert!(wrap("a very long sentence that goes on", 10).iter().all(|l| width(l) <= 10));
    }
}
