//! The province's test data: 湖南省 with four city rows (long names, an autonomous prefecture),
//! its organisation (a county of each city), and a console state on it.

use chrono::Duration;

use crate::api::sanitize::Sanitize;
use crate::api::types::*;
use crate::console::look::i18n::Lang;
use crate::console::message::Msg;
use crate::console::model::State;
use crate::console::tests::fixtures::{now, org, overdue, park, r, state, summed};
use crate::console::update::update;

/// The province's dashboard: 湖南省 with four city rows (long names, an autonomous prefecture).
pub(crate) fn province_dashboard() -> Dashboard {
    let cities = vec![
        park(1, "长沙市", (3_180, 4_000), 12, (120_000, 150_000), (40, 22, 9, 5, 4000), (3_800, 3_650, 60, 150), 30),
        park(2, "株洲市", (2_050, 3_100), 6, (80_000, 110_000), (25, 10, 3, 4, 2000), (2_900, 2_810, 40, 90), 12),
        park(13, "娄底市", (1_079, 1_305), 8, (30_000, 42_500), (65, 29, 40, 43, 5000), (1_234, 1_206, 67, 28), 164),
        park(
            14,
            "湘西土家族苗族自治州",
            (700, 1_200),
            3,
            (9_000, 16_000),
            (12, 4, 5, 2, 900),
            (1_100, 1_020, 30, 80),
            20,
        ),
    ];
    let province = PlaceRef { level: Level::Province, id: 0, name: "湖南省".into() };
    let totals = park(0, "湖南省", (0, 0), 0, (0, 0), (0, 0, 0, 0, 0), (0, 0, 0, 0), 0);
    let mut d = summed(province.clone(), vec![province], Level::City, totals, cities);
    d.sanitize();
    d
}

/// The organisation behind [`province_dashboard`]: four cities, a county of each, a park of each.
pub(crate) fn province_org() -> Org {
    let mut o = org();
    o.city = "湖南省".into();
    o.cities = vec![r(1, "长沙市"), r(2, "株洲市"), r(13, "娄底市"), r(14, "湘西土家族苗族自治州")];
    o.districts = vec![
        District { id: 3, name: "岳麓区".into(), city_id: 1 },
        District { id: 12, name: "醴陵市".into(), city_id: 2 },
        District { id: 1, name: "娄星区".into(), city_id: 13 },
        District { id: 20, name: "凤凰县".into(), city_id: 14 },
    ];
    o
}

/// A state on the province's dashboard (four cities) with its organisation, at `now()`.
pub(crate) fn province_state(w: u16, h: u16, lang: Lang) -> State {
    let mut s = state(w, h, lang);
    update(&mut s, Msg::Org(Box::new(province_org())));
    let fresh = Some(Box::new((province_dashboard(), Some(overdue().into()))));
    update(&mut s, Msg::Data { at: now() - Duration::seconds(2), poll_secs: Some(5), fresh });
    s
}
