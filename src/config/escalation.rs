//! The `[server.escalation]` section: where the escalation policy runs and its delays per
//! priority, turned into the domain's [`EscalationPolicy`].

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::domain::escalation::EscalationPolicy;

/// Where the server escalates unacknowledged problems past their SLA by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EscalationRun {
    /// In the embedded demo only (the default): `dutydesk serve` leaves escalation to people.
    Demo,
    /// In `dutydesk serve` too.
    On,
    /// Nowhere.
    Off,
}

/// The `[server.escalation]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationConfig {
    /// Where the policy runs.
    pub run: EscalationRun,
    /// Hours after the SLA deadline at which an open urgent problem goes from level 0 to 1,
    /// then from 1 to 2.
    pub urgent: Vec<i64>,
    /// The same for high-priority problems.
    pub high: Vec<i64>,
    /// The same for normal problems.
    pub normal: Vec<i64>,
}

impl EscalationConfig {
    /// The policy these settings describe, or what is wrong with them.
    pub fn policy(&self) -> Result<EscalationPolicy, String> {
        let hours = |h: &[i64]| h.iter().map(|h| Duration::hours(*h)).collect();
        EscalationPolicy::new(hours(&self.urgent), hours(&self.high), hours(&self.normal))
            .map_err(|e| format!("escalation.{e}"))
    }

    /// The policy to run in the embedded demo (`demo`) or in `dutydesk serve`, if it runs there.
    pub fn policy_for(&self, demo: bool) -> Option<EscalationPolicy> {
        let runs = match self.run {
            EscalationRun::On => true,
            EscalationRun::Demo => demo,
            EscalationRun::Off => false,
        };
        // `Config::from_layers` has checked the delays, so a policy is always there.
        runs.then(|| self.policy().ok()).flatten()
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, DEFAULT_TOML};
    use crate::domain::lifecycle::Priority;

    #[test]
    fn it_runs_in_the_demo_only_unless_told() {
        let c = Config::builtin().server.escalation;
        assert!(c.policy_for(true).is_some() && c.policy_for(false).is_none());
        let on = Config::from_layers(&[("d", DEFAULT_TOML), ("u", "[server.escalation]\nrun = \"on\"\n")]).unwrap();
        assert!(on.server.escalation.policy_for(false).is_some());
        let off = Config::from_layers(&[("d", DEFAULT_TOML), ("u", "[server.escalation]\nrun = \"off\"\n")]).unwrap();
        assert!(off.server.escalation.policy_for(true).is_none());
        let p = Config::builtin().server.escalation.policy().unwrap();
        assert_eq!(p.delay(Priority::Urgent, 1), Some(chrono::Duration::hours(2)));
    }

    #[test]
    fn bad_settings_are_named() {
        let err = Config::from_layers(&[("d", DEFAULT_TOML), ("u", "[server.escalation]\nhigh = [8, 1]\n")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("escalation.high"), "{err}");
        let err = Config::from_layers(&[("d", DEFAULT_TOML), ("u", "[server.escalation]\nrun = \"sometimes\"\n")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("sometimes"), "{err}");
        let err = Config::from_layers(&[("d", DEFAULT_TOML), ("u", "[console]\nalert_sla = \"most\"\n")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("most"), "{err}");
    }
}
