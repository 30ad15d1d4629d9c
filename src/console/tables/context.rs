//! What cell text is written with: labels in the user's language, local times and ages.

use crate::console::look::i18n::Lang;
use crate::console::model::State;

/// A label in the state's language.
pub fn t(state: &State, key: &'static str) -> &'static str {
    state.lang.t(key)
}

/// Formats an instant as local `MM-DD HH:MM`.
pub fn local_time(state: &State, at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&state.settings.tz).format("%m-%d %H:%M").to_string()
}

/// An age (`now - at`) as a short duration.
pub fn age(state: &State, at: chrono::DateTime<chrono::Utc>) -> String {
    crate::console::look::format::duration((state.now - at).num_seconds(), state.lang == Lang::Zh)
}

/// Names joined with spaces.
pub fn names(refs: &[crate::api::types::NamedRef]) -> String {
    refs.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(" ")
}
