//! Reminders (催报): the request that chases the officers of overdue reports, its answer, and a
//! reminder as an officer (`GET /me/reminders`) and an enterprise's detail read it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{FieldError, NamedRef, Via};

/// An enterprise reminded less than this many minutes ago is not reminded again: the answer
/// names it in `already_reminded` instead, so two desks do not chase the same officer twice.
pub const REMIND_AGAIN_AFTER_MINUTES: i64 = 60;

/// The most enterprises one request may name.
pub const MAX_NAMED_ENTERPRISES: usize = 200;

/// `POST /reminders`: whom to remind, exactly one of `enterprises`, `park` or `unit`. A park or
/// a dispatching unit stands for its enterprises whose report of `date` is overdue (the same
/// set as `GET /reports/overdue?park=` or `?unit=`), expanded by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReminders {
    /// These enterprises (1 to 200 ids): their officers are reminded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprises: Option<Vec<i64>>,
    /// Every overdue enterprise of this park.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park: Option<i64>,
    /// Every overdue enterprise an officer of this dispatching unit liaises with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<i64>,
    /// The report day chased (default: the latest day whose deadline has passed, the overdue
    /// list's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// Whom a valid [`NewReminders`] names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemindTarget {
    /// Named enterprises (deduplicated, in the order given).
    Enterprises(Vec<i64>),
    /// A park's overdue enterprises.
    Park(i64),
    /// A dispatching unit's overdue enterprises.
    Unit(i64),
}

impl NewReminders {
    /// Reminds the officers of these enterprises.
    pub fn for_enterprises(ids: Vec<i64>) -> NewReminders {
        NewReminders { enterprises: Some(ids), ..Default::default() }
    }

    /// Reminds the officers of a park's overdue enterprises.
    pub fn for_park(id: i64) -> NewReminders {
        NewReminders { park: Some(id), ..Default::default() }
    }

    /// Reminds the officers of a dispatching unit's overdue enterprises.
    pub fn for_unit(id: i64) -> NewReminders {
        NewReminders { unit: Some(id), ..Default::default() }
    }

    /// Whom it names, or the field that is wrong: exactly one of the three, and 1 to
    /// [`MAX_NAMED_ENTERPRISES`] enterprise ids.
    pub fn target(&self) -> Result<RemindTarget, FieldError> {
        let err = |field: &str, message: String| FieldError { field: field.into(), message };
        match (&self.enterprises, self.park, self.unit) {
            (Some(ids), None, None) => {
                if ids.is_empty() || ids.len() > MAX_NAMED_ENTERPRISES {
                    return Err(err(
                        "enterprises",
                        format!("name 1 to {MAX_NAMED_ENTERPRISES} enterprises (got {})", ids.len()),
                    ));
                }
                let mut seen = Vec::with_capacity(ids.len());
                for &id in ids {
                    if !seen.contains(&id) {
                        seen.push(id);
                    }
                }
                Ok(RemindTarget::Enterprises(seen))
            }
            (None, Some(p), None) => Ok(RemindTarget::Park(p)),
            (None, None, Some(u)) => Ok(RemindTarget::Unit(u)),
            (None, None, None) => Err(err("enterprises", "name enterprises, a park or a unit".into())),
            _ => Err(err("enterprises", "name exactly one of enterprises, park and unit".into())),
        }
    }
}

/// An enterprise skipped because it was reminded a short while ago.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecentReminder {
    /// The enterprise.
    pub enterprise: NamedRef,
    /// When it was last reminded.
    pub at: DateTime<Utc>,
    /// Who reminded it (the token's person).
    pub by: String,
}

/// The answer to `POST /reminders` (201).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RemindersSent {
    /// The request's record (one per request; a replay answers the same).
    pub batch_id: i64,
    /// The report day chased.
    pub date: NaiveDate,
    /// How many enterprises had their officers reminded now.
    pub reminded: i64,
    /// How many officer reminders were recorded (an enterprise with two officers counts two).
    pub officers: i64,
    /// Enterprises not reminded again: reminded within the last
    /// [`REMIND_AGAIN_AFTER_MINUTES`] minutes.
    pub already_reminded: Vec<RecentReminder>,
    /// Named enterprises with nothing to chase: the day's report is filed, or no officer
    /// liaises with them.
    pub not_overdue: Vec<NamedRef>,
}

/// One reminder an officer received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Reminder {
    /// The reminder's id (increasing).
    pub id: i64,
    /// The enterprise whose report is chased.
    pub enterprise: NamedRef,
    /// The officer reminded.
    pub officer: NamedRef,
    /// The report day chased.
    pub date: NaiveDate,
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// Who sent it.
    pub by: String,
    /// Through which client.
    pub via: Via,
}

/// Query of `GET /me/reminders`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReminderQuery {
    /// Opaque cursor from the previous page's `next_cursor`; absent for the first page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Include the total count.
    pub total: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_target_with_a_bounded_list() {
        assert_eq!(NewReminders::for_park(3).target(), Ok(RemindTarget::Park(3)));
        assert_eq!(NewReminders::for_unit(2).target(), Ok(RemindTarget::Unit(2)));
        assert_eq!(NewReminders::for_enterprises(vec![4, 2, 4]).target(), Ok(RemindTarget::Enterprises(vec![4, 2])));
        assert_eq!(NewReminders::default().target().unwrap_err().field, "enterprises");
        let both = NewReminders { park: Some(1), unit: Some(2), ..Default::default() };
        assert!(both.target().unwrap_err().message.contains("exactly one"));
        assert!(NewReminders::for_enterprises(Vec::new()).target().is_err());
        assert!(NewReminders::for_enterprises((0..201).collect()).target().is_err());
        let body = serde_json::to_value(NewReminders::for_park(3)).unwrap();
        assert_eq!(body, serde_json::json!({"park": 3}));
    }
}
