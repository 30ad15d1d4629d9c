//! Pure domain rules with no IO: the problem life cycle, local days and deadlines, and rates.

pub mod calendar;
pub mod codes;
pub mod escalation;
pub mod lifecycle;
pub mod rates;
