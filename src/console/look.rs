//! How the console reads and looks, the layer every other one may use and which imports
//! nothing of the console: labels in English and Chinese ([`i18n`]), width-aware formatting of
//! numbers, rates, bars and durations ([`format`]), and themes as semantic styles ([`theme`]).

pub mod format;
pub mod i18n;
pub mod theme;
