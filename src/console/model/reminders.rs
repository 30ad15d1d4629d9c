//! Reminders (催报) as data: a reminder the user confirmed, kept on disk by the runtime (its
//! own journal beside the triage outbox) and sent with its `Idempotency-Key` until a definite
//! answer, so it is never lost and never recorded twice; and the rows' "reminded 2h ago".
//! Pure: the keys are in `update/reminders.rs`, the disk and the network in
//! `runtime/reminders.rs`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::types::NewReminders;

use crate::console::look::format::coarse_duration;
use crate::console::look::i18n::Lang;

/// A reminder confirmed and not yet answered definitely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingReminder {
    /// Its `Idempotency-Key`, chosen when the user confirmed it; every try sends it.
    pub key: Uuid,
    /// The request: enterprises, a park or a unit.
    pub request: NewReminders,
    /// What it chases, in words (the enterprise's, park's or unit's name), for the toast.
    pub place: String,
    /// When the user confirmed it.
    pub queued_at: DateTime<Utc>,
}

/// Where a reminder key points, read from the selected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemindChoice {
    /// The request it would send.
    pub request: NewReminders,
    /// The row's name.
    pub place: String,
}

/// "reminded 2h ago" / "2小时前已催报" for a reminder at `at`, seen at `now`.
pub(crate) fn reminded_ago(lang: Lang, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let age = coarse_duration((now - at).num_seconds(), lang.is_zh());
    let age = if lang.is_zh() { age.replace('时', "小时").replace('分', "分钟") } else { age };
    lang.t("rem.ago").replace("{}", &age)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_age_reads_in_both_languages() {
        let now: DateTime<Utc> = "2026-02-16T06:00:00Z".parse().unwrap();
        let two_hours = now - chrono::Duration::hours(2);
        assert_eq!(reminded_ago(Lang::En, two_hours, now), "reminded 2h ago");
        assert_eq!(reminded_ago(Lang::Zh, two_hours, now), "2小时前已催报");
        assert_eq!(reminded_ago(Lang::Zh, now - chrono::Duration::minutes(5), now), "5分钟前已催报");
        assert_eq!(reminded_ago(Lang::En, now, now), "reminded <1m ago");
    }
}
