//! The client's calls of reminders (催报): sending one with its key, and an officer's own.

use uuid::Uuid;

use super::{ApiClient, ClientError};
use crate::api::types::{NewReminders, Page, Reminder, ReminderQuery, RemindersSent};

impl ApiClient {
    /// `POST /reminders` with `key` as its `Idempotency-Key` (催报: the same key never
    /// reminds twice).
    pub async fn remind(&self, request: &NewReminders, key: Uuid) -> Result<RemindersSent, ClientError> {
        self.post_with_key("reminders", request, None, key).await
    }

    /// `GET /me/reminders`: an officer token's own reminders, newest first.
    pub async fn my_reminders(&self, q: &ReminderQuery) -> Result<Page<Reminder>, ClientError> {
        self.get_value("me/reminders", q).await
    }
}
