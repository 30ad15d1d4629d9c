//! How the console reads and looks, the layer every other one may use and which imports
//! nothing of the console: labels in English and Chinese ([`i18n`]), width-aware formatting of
//! numbers, rates, bars and durations ([`mod@format`]), and themes as semantic styles ([`theme`]).

pub(crate) mod format;
pub(crate) mod i18n;
pub(crate) mod theme;
