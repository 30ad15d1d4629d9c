//! The generated data itself: the same inputs give the same data, sizes match the presets,
//! nothing lies after `now`, the day has its shape at 08:00 and 21:00, return to work rises,
//! and problem timelines replay to their stored state.

use std::collections::{HashMap, HashSet};

use super::{at, check_org, check_timelines, fingerprint, gen_at, within};
use crate::api::types::EnterpriseStatus;
use crate::domain::calendar::Calendar;
use crate::domain::lifecycle::ProblemState;
use crate::seed::{CampaignDays, Preset, organisation};
use crate::store::bulk::SeedData;

#[test]
fn same_inputs_same_data_other_seed_other_data() {
    let a = gen_at(Preset::Loudi, 7, "2026-02-16T15:00:00+08:00");
    let b = gen_at(Preset::Loudi, 7, "2026-02-16T15:00:00+08:00");
    let c = gen_at(Preset::Loudi, 8, "2026-02-16T15:00:00+08:00");
    assert_eq!(fingerprint(&a), fingerprint(&b));
    assert_ne!(fingerprint(&a), fingerprint(&c));
    assert_ne!(a.enterprises[10].name, c.enterprises[10].name);
    let meta: HashMap<_, _> = a.meta.iter().cloned().collect();
    assert_eq!(meta["city"], "娄底市");
    assert_eq!(meta["province"], "湖南省");
    assert_eq!(meta["preset"], "loudi");
    assert_eq!(meta["seed"], "7");
    assert_eq!(meta["campaign_start"], "2026-02-03");
}

#[test]
fn preset_names_round_trip() {
    for p in Preset::ALL {
        assert_eq!(p.as_str().parse::<Preset>(), Ok(p));
    }
    assert!("mars".parse::<Preset>().unwrap_err().contains("loudi"));
}

#[test]
fn sizes_match_the_presets() {
    let d = gen_at(Preset::Loudi, 1, "2026-02-16T21:00:00+08:00");
    check_org(&d, Preset::Loudi);
    assert!(d.parks.iter().any(|p| p.name == "万宝新区"));
    let solved = d.problems.iter().filter(|p| p.state == ProblemState::Resolved).count();
    assert!(within(solved, 975, 5.0), "{solved}");
    assert!(within(d.problems.len(), 1305 * 82 / 100, 8.0), "{}", d.problems.len());
    let d = gen_at(Preset::Changsha, 1, "2026-02-16T21:00:00+08:00");
    check_org(&d, Preset::Changsha);
    assert!(d.parks.iter().any(|p| p.name == "隆平高科技园"));
    let mut rng = rand::SeedableRng::seed_from_u64(1);
    let o = organisation::build(Preset::Province, &mut rng as &mut rand_chacha::ChaCha8Rng);
    check_org(&o.data, Preset::Province);
    assert!(o.data.parks.len() > 250);
}

#[test]
fn city_presets_have_one_city_and_the_province_has_hunans_fourteen() {
    for (preset, city, counties) in [(Preset::Loudi, "娄底市", 5), (Preset::Changsha, "长沙市", 9)] {
        let mut rng = rand::SeedableRng::seed_from_u64(1);
        let o = organisation::build(preset, &mut rng as &mut rand_chacha::ChaCha8Rng);
        assert_eq!(o.data.cities, vec![(1, city.to_string())]);
        assert_eq!(o.data.districts.len(), counties);
        assert!(o.data.districts.iter().all(|d| d.city_id == 1 && !d.name.starts_with(city)));
        assert_eq!(o.city, city);
    }
    let mut rng = rand::SeedableRng::seed_from_u64(1);
    let o = organisation::build(Preset::Province, &mut rng as &mut rand_chacha::ChaCha8Rng);
    let d = &o.data;
    assert_eq!(o.city, "湖南省");
    assert_eq!(d.cities.len(), 14);
    assert_eq!(d.cities[0].1, "长沙市");
    assert_eq!(d.districts.len(), 122);
    let city_of = |county: &str| {
        let district = d.districts.iter().find(|x| x.name == county).unwrap_or_else(|| panic!("{county}"));
        d.cities[(district.city_id - 1) as usize].1.as_str()
    };
    assert_eq!(city_of("岳麓区"), "长沙市");
    assert_eq!(city_of("醴陵市"), "株洲市");
    assert_eq!(city_of("新化县"), "娄底市");
    assert_eq!(city_of("凤凰县"), "湘西土家族苗族自治州");
    assert_eq!(city_of("江华瑶族自治县"), "永州市");
    // Every district has parks, every park a district, and no county repeats a park name.
    let mut per_district: HashMap<i64, HashSet<&str>> = HashMap::new();
    for p in &d.parks {
        assert!(per_district.entry(p.district_id).or_default().insert(&p.name), "{} twice in a county", p.name);
    }
    assert_eq!(per_district.len(), 122);
}

#[test]
fn nothing_lies_after_now_or_before_the_campaign() {
    let now = at("2026-02-16T10:30:00+08:00");
    let d = gen_at(Preset::Loudi, 3, "2026-02-16T10:30:00+08:00");
    let cal = Calendar::default();
    let campaign = CampaignDays::new(&cal, now);
    let n = now.timestamp_millis();
    assert!(d.checkins.iter().all(|c| c.at <= n && c.at >= campaign.start()));
    assert!(d.checkins.iter().all(|c| cal.local_date(crate::store::from_ms(c.at)) == c.date));
    assert!(d.reports.iter().all(|r| r.submitted_at <= n && campaign.dates.contains(&r.date)));
    assert!(d.enterprises.iter().all(|e| e.updated_at <= n));
    assert!(d.problems.iter().all(|p| p.created_at >= campaign.start() && p.created_at <= n && p.updated_at <= n));
    assert!(d.problems.iter().all(|p| p.resolved_at.is_none_or(|r| r <= n)));
    assert!(d.events.iter().all(|e| e.at <= n));
    assert!(d.events.windows(2).all(|w| w[0].at <= w[1].at), "events in time order");
}

#[test]
fn today_at_08_and_at_21_differ_as_a_day_does() {
    let morning = gen_at(Preset::Loudi, 5, "2026-02-16T08:00:00+08:00");
    let evening = gen_at(Preset::Loudi, 5, "2026-02-16T21:00:00+08:00");
    let today: chrono::NaiveDate = "2026-02-16".parse().expect("date");
    let active = morning.officers.iter().filter(|o| o.active).count();
    let covered: HashSet<i64> = morning.assignments.iter().map(|a| a.1).collect();
    let checked = |d: &SeedData| {
        d.checkins.iter().filter(|c| c.date == today).map(|c| c.officer_id).collect::<HashSet<_>>().len()
    };
    let reported = |d: &SeedData| d.reports.iter().filter(|r| r.date == today).count();
    let (m, e) = (checked(&morning), checked(&evening));
    assert!(m > active / 5 && m < active * 8 / 10, "morning: check-ins arriving ({m} of {active})");
    assert!(e > active * 9 / 10 && e < active, "evening: most checked in, a few absent ({e} of {active})");
    assert_eq!(reported(&morning), 0, "no report of today in the morning");
    let r = reported(&evening);
    assert!(r > covered.len() * 8 / 10 && r < covered.len(), "evening: most reported, some overdue ({r})");
    // The same world, further along: every morning check-in is there in the evening.
    let eve: HashSet<_> = evening.checkins.iter().map(|c| (c.officer_id, c.at)).collect();
    assert!(morning.checkins.iter().all(|c| eve.contains(&(c.officer_id, c.at))));
    // Some enterprises are overdue three days in a row (no report today, yesterday, the day before).
    let by_ent: HashSet<(i64, chrono::NaiveDate)> = evening.reports.iter().map(|r| (r.enterprise_id, r.date)).collect();
    let streaks = covered
        .iter()
        .filter(|e| (0..3).all(|back| !by_ent.contains(&(**e, today - chrono::Duration::days(back)))))
        .count();
    assert!(streaks > 5, "{streaks}");
}

#[test]
fn return_to_work_rises_and_status_is_latest_report() {
    let d = gen_at(Preset::Changsha, 11, "2026-02-16T21:00:00+08:00");
    let mut by_day: HashMap<chrono::NaiveDate, (usize, usize)> = HashMap::new();
    let mut latest: HashMap<i64, (chrono::NaiveDate, EnterpriseStatus, i64)> = HashMap::new();
    for r in &d.reports {
        let e = by_day.entry(r.date).or_default();
        e.1 += 1;
        if r.status == EnterpriseStatus::Resumed {
            e.0 += 1;
        }
        let l = latest.entry(r.enterprise_id).or_insert((r.date, r.status, r.employees_on_site));
        if r.date >= l.0 {
            *l = (r.date, r.status, r.employees_on_site);
        }
        let base = d.enterprises[(r.enterprise_id - 1) as usize].employees_baseline;
        assert!((0..=base).contains(&r.employees_on_site));
        assert!(r.status == EnterpriseStatus::Resumed || r.employees_on_site <= 3);
    }
    let mut days: Vec<_> = by_day.into_iter().collect();
    days.sort();
    let rate = |(r, n): (usize, usize)| r as f64 / n as f64;
    let (first, last) = (rate(days[0].1), rate(days[days.len() - 1].1));
    assert!((0.3..0.55).contains(&first) && (0.7..0.9).contains(&last), "{first} → {last}");
    for e in &d.enterprises {
        if let Some((_, status, on_site)) = latest.get(&e.id) {
            assert_eq!((e.status, e.employees_on_site), (*status, *on_site), "{}", e.name);
        }
    }
    assert!(d.enterprises.iter().any(|e| e.status == EnterpriseStatus::Suspended));
}

#[test]
fn problem_timelines_replay_to_their_state() {
    for (preset, now) in [(Preset::Loudi, "2026-02-16T09:30:00+08:00"), (Preset::Changsha, "2026-02-17T02:00:00+08:00")]
    {
        let d = gen_at(preset, 21, now);
        check_timelines(&d, at(now).timestamp_millis());
    }
}

#[test]
fn every_enterprise_has_its_own_valid_credit_code_and_every_officer_a_phone() {
    let d = gen_at(Preset::Loudi, 7, "2026-02-16T15:00:00+08:00");
    let codes: HashSet<&str> = d.enterprises.iter().filter_map(|e| e.credit_code.as_deref()).collect();
    assert_eq!(codes.len(), d.enterprises.len());
    assert!(codes.iter().all(|c| crate::domain::codes::credit_code(c).as_deref() == Ok(*c)), "{codes:?}");
    let phones: HashSet<&str> = d.officers.iter().filter_map(|o| o.phone.as_deref()).collect();
    assert_eq!(phones.len(), d.officers.len());
    assert!(phones.iter().all(|p| crate::domain::codes::phone(p).as_deref() == Some(*p)), "{phones:?}");
}
