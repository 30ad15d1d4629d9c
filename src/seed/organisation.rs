//! The organisation of a preset: cities, districts, parks, units, departments, enterprises, officers
//! and assignments, plus the hidden traits (readiness to resume, punctuality, reliability) from
//! which the history is generated.

use rand::Rng;
use rand::seq::SliceRandom;

use super::Preset;
use super::agencies;
use super::geography::{self, CitySpec, DistrictSpec};
use super::names::{EnterpriseNames, KNOWN_ENTERPRISES, PersonNames};
use crate::api::types::EnterpriseStatus;
use crate::store::bulk::{SeedData, SeedDistrict, SeedEnterprise, SeedOfficer, SeedPark};

/// Enterprise classes with their shares.
pub const CLASSES: [(&str, f64); 3] = [("规模以上工业企业", 0.30), ("四上企业", 0.35), ("其他企业", 0.35)];

/// Hidden traits of an enterprise that drive its history.
#[derive(Debug, Clone)]
pub struct EntTraits {
    /// Campaign day it resumes on (negative: before the campaign), `None`: not within it.
    pub resume_day: Option<i32>,
    /// Campaign day it was ordered to suspend (停产整顿).
    pub suspended_from: Option<i32>,
    /// Share of staff back on the first day of work.
    pub f0: f64,
    /// Daily growth of that share.
    pub ramp: f64,
    /// Highest share reached.
    pub cap: f64,
    /// Staff on site while not resumed (guards, maintenance).
    pub skeleton: i64,
    /// Reporting reliability: 0 good, 1 middling, 2 poor.
    pub reliability: usize,
    /// Days (inclusive) on which no report is ever filed.
    pub streak: Option<(i32, i32)>,
}

impl EntTraits {
    /// Status and share of staff on site on campaign day `d` (before daily noise).
    pub fn truth(&self, d: i32) -> (EnterpriseStatus, f64) {
        if self.suspended_from.is_some_and(|s| s <= d) {
            return (EnterpriseStatus::Suspended, 0.0);
        }
        match self.resume_day {
            Some(r) if r <= d => (EnterpriseStatus::Resumed, (self.f0 + self.ramp * (d - r) as f64).min(self.cap)),
            _ => (EnterpriseStatus::NotResumed, 0.0),
        }
    }
}

/// Hidden traits of an officer.
#[derive(Debug, Clone)]
pub struct OffTraits {
    /// Chance of a late first check-in on a day.
    pub p_late: f64,
    /// Chance of no check-in on a day.
    pub p_absent: f64,
    /// Enterprises in assignment order (the first one sets the officer's park).
    pub enterprises: Vec<i64>,
}

/// The generated organisation with its hidden traits. Ids are 1-based positions.
#[derive(Debug, Clone)]
pub struct Organisation {
    /// The name of the top of the data (娄底市, 长沙市 or 湖南省), stored as the `city` meta row.
    pub city: String,
    /// Rows generated so far (organisation only).
    pub data: SeedData,
    /// Traits per enterprise (index `id - 1`).
    pub ent: Vec<EntTraits>,
    /// Traits per officer (index `id - 1`).
    pub off: Vec<OffTraits>,
    /// Active officers per enterprise (index `id - 1`).
    pub ent_officers: Vec<Vec<i64>>,
    /// Active officers per park (index `id - 1`).
    pub park_officers: Vec<Vec<i64>>,
}

/// Splits `total` by `weights` with the largest-remainder method.
pub fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut out: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut rest: Vec<usize> = (0..weights.len()).collect();
    rest.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    let short = total - out.iter().sum::<usize>();
    for &i in rest.iter().take(short) {
        out[i] += 1;
    }
    out
}

fn smoothstep(t: f64) -> f64 {
    t * t * (3.0 - 2.0 * t)
}

/// Builds the organisation of `preset`.
pub fn build(preset: Preset, rng: &mut impl Rng) -> Organisation {
    let (cities, coverage): (Vec<CitySpec>, f64) = match preset {
        Preset::Loudi => (vec![geography::loudi()], 1.0),
        Preset::Changsha => (vec![geography::changsha()], 0.99),
        Preset::Province => (geography::province_cities(rng), 0.99),
    };
    let districts: Vec<DistrictSpec> = cities.iter().flat_map(|c| c.districts.iter().cloned()).collect();
    let units = match preset {
        Preset::Loudi => agencies::city_units("娄底日报社", &districts),
        Preset::Changsha => agencies::city_units("长沙晚报", &districts),
        Preset::Province => agencies::province_units(&districts),
    };
    let mut data = SeedData {
        departments: agencies::departments(preset == Preset::Province),
        units: units.iter().enumerate().map(|(i, u)| (i as i64 + 1, u.clone())).collect(),
        cities: cities.iter().enumerate().map(|(i, c)| (i as i64 + 1, c.name.clone())).collect(),
        ..SeedData::default()
    };
    for (ci, c) in cities.iter().enumerate() {
        for d in &c.districts {
            let id = data.districts.len() as i64 + 1;
            data.districts.push(SeedDistrict { id, city_id: ci as i64 + 1, name: d.name.clone() });
        }
    }
    // Parks, flattened, with their district and a return-to-work curve each.
    let mut park_district = Vec::new();
    let mut weights = Vec::new();
    for (di, d) in districts.iter().enumerate() {
        for p in &d.parks {
            let id = data.parks.len() as i64 + 1;
            data.parks.push(SeedPark { id, district_id: di as i64 + 1, name: p.name.clone() });
            park_district.push(di);
            weights.push(p.weight);
        }
    }
    let curves: Vec<(f64, f64)> =
        weights.iter().map(|_| (rng.gen_range(0.32..0.48), rng.gen_range(0.70..0.88))).collect();
    let per_park = apportion(preset.enterprises(), &weights);

    // Enterprises.
    let mut namer = EnterpriseNames::new();
    for n in KNOWN_ENTERPRISES {
        namer.reserve(n);
    }
    let mut ent = Vec::with_capacity(preset.enterprises());
    let mut covered: Vec<Vec<i64>> = vec![Vec::new(); data.parks.len()];
    for (pi, &count) in per_park.iter().enumerate() {
        let d = &districts[park_district[pi]];
        let park = &data.parks[pi];
        for _ in 0..count {
            let id = data.enterprises.len() as i64 + 1;
            let (class, baseline) = class_and_baseline(rng);
            let traits = enterprise_traits(class, curves[pi], rng);
            data.enterprises.push(SeedEnterprise {
                id,
                park_id: park.id,
                name: namer.next(rng, &d.place, &park.name),
                class: class.to_string(),
                status: EnterpriseStatus::NotResumed,
                employees_baseline: baseline,
                employees_on_site: 0,
                updated_at: 0,
                credit_code: Some(demo_credit_code(id)),
            });
            ent.push(traits);
            if rng.gen_bool(coverage) {
                covered[pi].push(id);
            }
        }
    }
    let mut known: Vec<usize> = (0..data.enterprises.len()).collect();
    known.shuffle(rng);
    for (name, &i) in KNOWN_ENTERPRISES.iter().zip(&known) {
        data.enterprises[i].name = name.to_string();
    }

    // Officers, park by park, then assignments cycling through them.
    let people = PersonNames::new();
    let cov_weights: Vec<f64> = covered.iter().map(|c| c.len().max(1) as f64).collect();
    let officers_per_park = apportion(preset.officers(), &cov_weights);
    // Local units come after the common ones.
    let common_units = units.iter().position(|u| districts.iter().any(|d| d.local_unit == *u)).unwrap_or(units.len());
    let unit_w: Vec<f64> = (0..common_units).map(|i| 1.0 / (i as f64 + 3.0)).collect();
    let unit_total: f64 = unit_w.iter().sum();
    let mut off = Vec::with_capacity(preset.officers());
    for (pi, &n) in officers_per_park.iter().enumerate() {
        let ents = &covered[pi];
        if ents.is_empty() || n == 0 {
            continue;
        }
        let local = units.iter().position(|u| *u == districts[park_district[pi]].local_unit).unwrap_or(0);
        let first = data.officers.len() as i64 + 1;
        let mut ids: Vec<i64> = (first..first + n as i64).collect();
        for _ in 0..n {
            let unit = if rng.gen_bool(0.4) { local } else { weighted(&unit_w, unit_total, rng) };
            let id = data.officers.len() as i64 + 1;
            let name = people.person(rng);
            data.officers.push(SeedOfficer {
                id,
                name,
                unit_id: unit as i64 + 1,
                park_id: pi as i64 + 1,
                active: true,
                phone: Some(demo_phone(id)),
            });
            let (p_late, p_absent) = match rng.gen_range(0..100) {
                0..85 => (0.03, 0.01),
                85..97 => (0.15, 0.05),
                _ => (0.30, 0.20),
            };
            off.push(OffTraits { p_late, p_absent, enterprises: Vec::new() });
        }
        ids.shuffle(rng);
        let mut slots: Vec<usize> = ents.iter().map(|_| if rng.gen_bool(0.45) { 2 } else { 1 }).collect();
        while slots.iter().sum::<usize>() < n {
            let i = rng.gen_range(0..slots.len());
            slots[i] = (slots[i] + 1).min(3);
        }
        let mut cursor = 0;
        for (e, &k) in ents.iter().zip(&slots) {
            let mut taken: Vec<i64> = Vec::with_capacity(k);
            for _ in 0..k.min(n) {
                while taken.contains(&ids[cursor % n]) {
                    cursor += 1;
                }
                let o = ids[cursor % n];
                cursor += 1;
                taken.push(o);
                data.assignments.push((o, *e));
                off[(o - 1) as usize].enterprises.push(*e);
            }
        }
    }
    data.assignments.sort_unstable();

    // A few officers left the campaign; only those whose enterprises keep another officer.
    let mut ent_officers: Vec<Vec<i64>> = vec![Vec::new(); data.enterprises.len()];
    for &(o, e) in &data.assignments {
        ent_officers[(e - 1) as usize].push(o);
    }
    for o in &mut data.officers {
        let es = &off[(o.id - 1) as usize].enterprises;
        if rng.gen_bool(0.006) && es.iter().all(|e| ent_officers[(e - 1) as usize].len() >= 2) {
            o.active = false;
            for e in es {
                ent_officers[(e - 1) as usize].retain(|x| *x != o.id);
            }
        }
    }
    let mut park_officers = vec![Vec::new(); data.parks.len()];
    for o in data.officers.iter().filter(|o| o.active) {
        park_officers[(o.park_id - 1) as usize].push(o.id);
    }
    Organisation { city: preset.city().to_string(), data, ent, off, ent_officers, park_officers }
}

fn weighted(w: &[f64], total: f64, rng: &mut impl Rng) -> usize {
    let mut pick = rng.gen_range(0.0..total);
    for (i, x) in w.iter().enumerate() {
        if pick < *x {
            return i;
        }
        pick -= x;
    }
    w.len() - 1
}

fn class_and_baseline(rng: &mut impl Rng) -> (&'static str, i64) {
    let u: f64 = rng.r#gen();
    let x: f64 = rng.r#gen();
    if u < CLASSES[0].1 {
        let b = if rng.gen_bool(0.03) { 800.0 + 2200.0 * x } else { 80.0 * 15f64.powf(x) };
        (CLASSES[0].0, b.round() as i64)
    } else if u < CLASSES[0].1 + CLASSES[1].1 {
        (CLASSES[1].0, (20.0 * 20f64.powf(x)).round() as i64)
    } else {
        (CLASSES[2].0, (5.0 * 24f64.powf(x)).round() as i64)
    }
}

fn enterprise_traits(class: &str, (start, end): (f64, f64), rng: &mut impl Rng) -> EntTraits {
    let rate = |d: i32| start + (end - start) * smoothstep(d as f64 / 13.0);
    // Above-size industrial enterprises were pushed to resume first.
    let readiness = rng.r#gen::<f64>() * if class == CLASSES[0].0 { 0.85 } else { 1.0 };
    let resume_day =
        if rate(0) >= readiness { Some(-rng.gen_range(1..6)) } else { (0..14).find(|&d| rate(d) >= readiness) };
    let suspended_from = rng.gen_bool(0.01).then(|| rng.gen_range(2..13));
    let reliability = match rng.gen_range(0..100) {
        0..85 => 0,
        85..97 => 1,
        _ => 2,
    };
    let streak = match rng.gen_range(0..1000) {
        0..30 => {
            let len = rng.gen_range(2..=6);
            Some((14 - len, 13))
        }
        30..45 => {
            let s = rng.gen_range(0..9);
            Some((s, s + rng.gen_range(1..4)))
        }
        _ => None,
    };
    EntTraits {
        resume_day,
        suspended_from,
        f0: rng.gen_range(0.25..0.55),
        ramp: rng.gen_range(0.03..0.08),
        cap: rng.gen_range(0.85..1.0),
        skeleton: rng.gen_range(0..=3),
        reliability,
        streak,
    }
}

/// A valid credit code (GB 32100-2015) of the demo's enterprise `id`: Hunan's division code and
/// the id as the organisation code, so every enterprise of a preset has its own.
pub fn demo_credit_code(id: i64) -> String {
    let first17 = format!("91430000MA{:07}", id % 10_000_000);
    let check = crate::domain::codes::credit_check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

/// The demo's officer `id`'s mobile number: `139` and the id in eight digits, one each.
pub fn demo_phone(id: i64) -> String {
    format!("139{:08}", id % 100_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_is_exact_and_proportional() {
        let v = apportion(1305, &[1.6, 1.8, 1.0, 0.6]);
        assert_eq!(v.iter().sum::<usize>(), 1305);
        assert!(v[1] > v[0] && v[0] > v[2] && v[2] > v[3]);
    }

    #[test]
    fn truth_follows_resume_and_suspension() {
        let t = EntTraits {
            resume_day: Some(3),
            suspended_from: Some(10),
            f0: 0.4,
            ramp: 0.05,
            cap: 0.9,
            skeleton: 2,
            reliability: 0,
            streak: None,
        };
        assert_eq!(t.truth(2).0, EnterpriseStatus::NotResumed);
        assert_eq!(t.truth(3), (EnterpriseStatus::Resumed, 0.4));
        assert!((t.truth(5).1 - 0.5).abs() < 1e-9);
        assert_eq!(t.truth(10).0, EnterpriseStatus::Suspended);
    }
}
