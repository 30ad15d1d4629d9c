//! Offline start: a good run's dashboard, escalated queue and watched view are kept on disk,
//! and a console started with the API unreachable shows them at once, marked cached and then
//! OFFLINE with their age and the reason; never for another API or token; a corrupt file is
//! ignored.

use std::time::Duration;

use chrono::Utc;

use crate::console::look::i18n::Lang;
use crate::console::message::Msg;
use crate::console::model::keymap::Keymap;
use crate::console::model::settings::Settings;
use crate::console::model::{Freshness, State, View, ViewData};
use crate::console::runtime::cache::{Cache, Observed};
use crate::console::tests::fixtures;
use crate::console::update::{push, update};

const API: &str = "https://dutydesk.example.gov.cn";

/// A console just started: nothing fetched.
fn fresh(lang: Lang) -> State {
    let mut s = State::new(
        lang,
        "dark",
        Keymap::builtin(),
        Settings::from_config(&crate::config::Config::builtin().console, "娄底市"),
        "dutydesk.example.gov.cn",
        fixtures::now() + chrono::Duration::hours(2),
    );
    update(&mut s, Msg::Resize(160, 48));
    s
}

/// A good run: data, the escalated queue, a watched problem, a whole poll; its cache written.
async fn good_run(dir: &std::path::Path) -> State {
    let mut s = fixtures::state(160, 48, Lang::En);
    s.demo = false;
    let mut cache = Cache::in_dir(Some(dir), API, "tok-a");
    let escalated = Msg::Escalated { at: fixtures::now(), problems: fixtures::problems()[..2].to_vec().into() };
    let view = View::Problem(fixtures::r(101, "x"));
    push(&mut s, view.clone());
    let loaded = Msg::Loaded { view, data: fixtures::problem_detail(), at: fixtures::now() };
    for msg in [escalated, loaded, Msg::Polled { at: fixtures::now(), partial: None }] {
        let kind = Observed::of(&msg);
        update(&mut s, msg);
        cache.observe(&s, kind);
    }
    let written =
        || std::fs::read_dir(dir).map(|d| d.flatten().any(|e| e.path().extension().is_some_and(|x| x == "json")));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !written().unwrap_or(false) {
        assert!(tokio::time::Instant::now() < deadline, "the cache is written");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    s
}

#[tokio::test]
async fn started_offline_after_a_good_run_the_cached_panes_show_marked_offline() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let before = good_run(dir.path()).await;
    let cache = Cache::in_dir(Some(dir.path()), API, "tok-a");
    let mut s = fresh(Lang::En);
    assert!(cache.restore(&mut s), "the kept data is shown");
    assert_eq!(s.dash, before.dash);
    assert_eq!(s.escalated.as_ref().map(|e| e.len()), Some(2));
    assert_eq!(s.me, before.me);
    assert_eq!(s.freshness(), Freshness::Stale, "cached, not live");
    let line = fixtures::status_text(&s);
    assert!(line.contains("STALE · cached · age 2h"), "{line}");
    // The first try fails: OFFLINE with the reason, still the cached data and its age.
    let at = s.now;
    update(&mut s, Msg::Failed { at, error: fixtures::refused(), retry_at: at + chrono::Duration::seconds(3) });
    let line = fixtures::status_text(&s);
    assert!(line.contains("OFFLINE · connection refused · cached · retry in 3s · age 2h"), "{line}");
    s.lang = Lang::Zh;
    assert!(fixtures::status_text(&s).contains("离线 · 连接被拒绝 · 缓存"), "{}", fixtures::status_text(&s));
    // The watched view is kept too, and offered while offline.
    let view = View::Problem(fixtures::r(101, "x"));
    match cache.view(&s, &view) {
        Some(Msg::Loaded { data: ViewData::Problem(p, _), .. }) => assert_eq!(p.id, 101),
        other => panic!("{other:?}"),
    }
    // A whole poll ends the cached mark.
    update(&mut s, Msg::Data { at: Utc::now(), poll_secs: None, fresh: None });
    update(&mut s, Msg::Polled { at: Utc::now(), partial: None });
    assert!(!s.link.cached);
    assert!(cache.view(&s, &view).is_none(), "live data is fetched, not the kept");
}

#[tokio::test]
async fn the_cache_is_never_shown_for_another_api_or_token_and_a_corrupt_one_is_ignored() {
    let dir = tempfile::tempdir().expect("a temp dir");
    good_run(dir.path()).await;
    for (api, token) in [(API, "tok-b"), ("https://other.example.gov.cn", "tok-a")] {
        let mut s = fresh(Lang::En);
        assert!(!Cache::in_dir(Some(dir.path()), api, token).restore(&mut s), "{api} {token}");
        assert!(s.dash.is_none());
    }
    let file = std::fs::read_dir(dir.path()).expect("the dir").flatten().next().expect("the file").path();
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    assert!(!name.contains("tok-a") && !std::fs::read_to_string(&file).unwrap().contains("tok-a"), "no token");
    std::fs::write(&file, b"{\"version\": 1, \"api\": tru").expect("corrupted");
    let mut s = fresh(Lang::En);
    assert!(!Cache::in_dir(Some(dir.path()), API, "tok-a").restore(&mut s), "a corrupt file is ignored");
    assert_eq!(s.freshness(), Freshness::Connecting);
}
