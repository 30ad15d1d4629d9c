//! Banners tied to a cause: a message that stays while what caused it lasts and goes by itself
//! when it is gone, so an unattended screen (a night shift) does not keep yesterday's error
//! under a LIVE status line. A page that could not be loaded is gone when that list loads again
//! or a whole poll succeeds (the API answers again); an action whose outcome is unknown, or
//! that could not be saved, when it has a definite answer or is dropped. Like every notice, a
//! key also dismisses them.

use uuid::Uuid;

use super::view::ListRef;

/// What a banner is about.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cause {
    /// A further page of this list could not be fetched.
    Page(ListRef),
    /// The outbox's action with this `Idempotency-Key` has no definite answer yet.
    Delivery(Uuid),
}

/// A banner and its cause.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Banner {
    /// What it is about; it goes when that is over.
    pub(crate) cause: Cause,
    /// What it says (in the language of the moment it was raised).
    pub(crate) text: String,
}

/// The banners shown, each once per cause (a newer text replaces an older one).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Banners(Vec<Banner>);

impl Banners {
    /// Raises `text` for `cause`, replacing the banner it had.
    pub(crate) fn raise(&mut self, cause: Cause, text: String) {
        self.0.retain(|b| b.cause != cause);
        self.0.push(Banner { cause, text });
    }

    /// Lowers the banners whose cause `over` says is gone.
    pub(crate) fn lower(&mut self, over: impl Fn(&Cause) -> bool) {
        self.0.retain(|b| !over(&b.cause));
    }

    /// Lowers them all (a key was pressed: the user has seen them).
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    /// Their texts, oldest first.
    pub(crate) fn texts(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|b| b.text.as_str())
    }
}
