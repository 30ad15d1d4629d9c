//! Rates as numerator and denominator: aggregates add both, then divide (never average rates).

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign};
use utoipa::ToSchema;

/// A count out of a total, such as enterprises resumed out of enterprises under liaison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Ratio {
    /// The count, e.g. enterprises resumed.
    pub num: i64,
    /// The total it is out of, e.g. enterprises under liaison; 0 when nothing is expected (no rate).
    pub den: i64,
}

impl Ratio {
    /// A ratio of `num` out of `den`.
    pub fn new(num: i64, den: i64) -> Self {
        Self { num, den }
    }

    /// The rate in `[0, 1]`, or `None` when nothing is expected.
    pub fn rate(self) -> Option<f64> {
        (self.den > 0).then(|| self.num as f64 / self.den as f64)
    }

    /// The rate as a percentage, or `None` when nothing is expected.
    pub fn percent(self) -> Option<f64> {
        self.rate().map(|r| r * 100.0)
    }
}

impl Add for Ratio {
    type Output = Ratio;
    fn add(self, o: Ratio) -> Ratio {
        Ratio::new(self.num + o.num, self.den + o.den)
    }
}

impl AddAssign for Ratio {
    fn add_assign(&mut self, o: Ratio) {
        *self = *self + o;
    }
}

impl std::iter::Sum for Ratio {
    fn sum<I: Iterator<Item = Ratio>>(iter: I) -> Ratio {
        iter.fold(Ratio::default(), Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn totals_add_parts_then_divide() {
        let parks = [Ratio::new(1, 10), Ratio::new(90, 100)];
        let total: Ratio = parks.iter().copied().sum();
        assert_eq!(total, Ratio::new(91, 110));
        // The average of the rates would be 50%; the true rate is 82.7%.
        assert!((total.percent().unwrap() - 82.727).abs() < 0.01);
    }

    #[test]
    fn empty_has_no_rate() {
        assert_eq!(Ratio::default().rate(), None);
    }

    proptest! {
        #[test]
        fn sum_rate_between_min_and_max(parts in proptest::collection::vec((0i64..1000, 1i64..1000), 1..20)) {
            let ratios: Vec<Ratio> = parts.iter().map(|&(n, d)| Ratio::new(n.min(d), d)).collect();
            let total: Ratio = ratios.iter().copied().sum();
            let rates: Vec<f64> = ratios.iter().map(|r| r.rate().unwrap()).collect();
            let lo = rates.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = rates.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let t = total.rate().unwrap();
            prop_assert!(t >= lo - 1e-12 && t <= hi + 1e-12);
        }
    }
}
