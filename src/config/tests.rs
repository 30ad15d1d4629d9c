//! Tests of the settings: layering, and the messages of every kind of problem (file, line,
//! column, key, what the key takes).

use super::*;

#[test]
fn builtin_is_valid() {
    let c = Config::builtin();
    assert_eq!(c.server.time_zone, "Asia/Shanghai");
    assert_eq!(c.server.sla_hours.urgent, 2);
    assert_eq!(c.console.theme, "dark");
}

#[test]
fn user_layer_overrides_one_key() {
    let c = Config::from_layers(&[("d", DEFAULT_TOML), ("u", "[server]\nreport_deadline = \"19:30\"\n")]).unwrap();
    assert_eq!(c.server.report_deadline, "19:30");
    assert_eq!(c.server.checkin_cutoff, "09:00");
}

#[test]
fn unknown_key_is_named() {
    let err = Config::from_layers(&[("d", DEFAULT_TOML), ("user.toml", "[console]\nthem = \"x\"\n")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("console.them"), "{err}");
    assert!(err.contains("user.toml"), "{err}");
}

#[test]
fn bad_time_and_zone_are_reported() {
    let err = Config::from_layers(&[("d", DEFAULT_TOML), ("u", "[server]\nreport_deadline = \"25:00\"\n")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("report_deadline"), "{err}");
    let err = Config::from_layers(&[("d", DEFAULT_TOML), ("u", "[server]\ntime_zone = \"Mars/Base\"\n")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("Mars/Base"), "{err}");
}

#[test]
fn wrong_type_is_reported() {
    let err =
        Config::from_layers(&[("d", DEFAULT_TOML), ("u", "[console]\nbell = \"yes\"\n")]).unwrap_err().to_string();
    assert!(err.contains("bell") || err.contains("bool"), "{err}");
}

fn problem(layers: &[(&str, &str)]) -> String {
    Config::from_layers(layers).unwrap_err().to_string()
}

fn env_problem(file: Option<&str>, vars: &[(&str, &str)]) -> String {
    let vars: Vec<(String, String)> = vars.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    let mut layers: Vec<Layer<'_>> = file.iter().map(|text| Layer::File { origin: "user.toml", text }).collect();
    layers.extend(vars.iter().map(|(name, value)| Layer::Env { name, value }));
    layers::layered(&layers).unwrap_err().to_string()
}

#[test]
fn a_syntax_error_names_the_file_line_column_and_key_with_what_it_takes() {
    let err = problem(&[("/home/u/.config/dutydesk/config.toml", "# mine\n[console]\nbell = tru\n")]);
    assert!(err.starts_with("/home/u/.config/dutydesk/config.toml:3:8: console.bell: "), "{err}");
    assert!(err.contains("console.bell takes true or false, e.g. `bell = false`"), "{err}");
    assert!(!err.contains('\n'), "one line: {err}");
    assert!(!err.contains("built-in") && !err.contains("default.toml"), "never the built-in file: {err}");
}

#[test]
fn a_wrong_type_points_at_the_value() {
    let err = problem(&[("u.toml", "[console]\ntheme = \"light\"\nbell = \"yes\"\n")]);
    assert!(err.starts_with("u.toml:3:8: console.bell: invalid type: string \"yes\", expected a boolean"), "{err}");
    assert!(err.contains("e.g. `bell = false`"), "{err}");
    let err = problem(&[("u.toml", "[server.sla_hours]\nurgent = 2.5\n")]);
    assert!(err.starts_with("u.toml:2:10: server.sla_hours.urgent: "), "{err}");
    assert!(err.contains("a whole number"), "{err}");
    let err = problem(&[("u.toml", "[console]\nalert_sla = \"most\"\n")]);
    assert!(
        err.contains("u.toml:2:13: console.alert_sla: unknown variant `most`, expected `escalated` or `all`"),
        "{err}"
    );
}

#[test]
fn an_unknown_key_is_reported_at_its_line_with_a_suggestion() {
    let err = problem(&[("u.toml", "[console]\nbell = true\nthem = \"x\"\n")]);
    assert_eq!(err, "u.toml:3:1: console.them: unknown key; did you mean `theme`?");
    let err = problem(&[("u.toml", "[consol]\nbell = true\n")]);
    assert!(err.starts_with("u.toml:1:2: consol: unknown key; did you mean `console`?"), "{err}");
    let err = problem(&[("u.toml", "[console]\nzzz = 1\n")]);
    assert!(err.contains("[console] has alert_sla, api, bell,"), "{err}");
    assert!(err.contains("`dutydesk config --defaults`"), "{err}");
}

#[test]
fn a_bad_value_is_reported_without_the_key_twice() {
    let err = problem(&[("u.toml", "[server]\ntime_zone = \"Mars/Base\"\n")]);
    assert_eq!(err, "u.toml:2:13: server.time_zone: \"Mars/Base\" is not an IANA zone like Asia/Shanghai");
    let err = problem(&[("u.toml", "[server.escalation]\nhigh = [8, 1]\n")]);
    assert_eq!(err, "u.toml:2:8: server.escalation.high: each level's delay must be at least the one before it");
}

#[test]
fn every_problem_is_reported() {
    let err =
        problem(&[("u.toml", "[console]\nbell = \"yes\"\nthem = \"x\"\n[server]\nreport_deadline = \"25:00\"\n")]);
    assert!(err.starts_with("3 problems in the settings:\n"), "{err}");
    for part in ["u.toml:2:8: console.bell", "u.toml:3:1: console.them", "u.toml:5:19: server.report_deadline"] {
        assert!(err.contains(part), "{part}: {err}");
    }
}

#[test]
fn a_section_given_a_value_says_what_to_write() {
    let err = problem(&[("u.toml", "[server]\nsla_hours = 3\n")]);
    assert_eq!(
        err,
        "u.toml:2:13: server.sla_hours: a section, not a value: write [server.sla_hours] with high, normal, urgent"
    );
}

#[test]
fn environment_variables_reach_every_setting() {
    let vars = [
        ("DUTYDESK_CONSOLE__BELL", "true"),
        ("DUTYDESK_SERVER__SLA_HOURS__URGENT", "3"),
        ("DUTYDESK_SERVER__ESCALATION__HIGH", "[0, 4]"),
        ("DUTYDESK_CONSOLE__TOKEN", "12345"),
        ("DUTYDESK_CONSOLE__THEME", "light"),
    ];
    let vars: Vec<(String, String)> = vars.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    let file = "[console]\nbell = false\ntheme = \"mono\"\n";
    let mut layers = vec![Layer::File { origin: "user.toml", text: file }];
    layers.extend(vars.iter().map(|(name, value)| Layer::Env { name, value }));
    let t = layers::layered(&layers).unwrap();
    assert!(t.config.console.bell, "the variable is over the file");
    assert_eq!(t.config.server.sla_hours.urgent, 3);
    assert_eq!(t.config.server.escalation.high, vec![0, 4]);
    assert_eq!(t.config.console.token, "12345", "a string setting takes digits as they are");
    assert_eq!(t.config.console.theme, "light");
    assert_eq!(t.sources["console.bell"], Source::Env("DUTYDESK_CONSOLE__BELL".into()));
    assert_eq!(t.sources["console.theme"].to_string(), "DUTYDESK_CONSOLE__THEME");
    assert_eq!(t.sources["server.city"], Source::Builtin);
    let t = layers::layered(&[Layer::File { origin: "user.toml", text: file }]).unwrap();
    assert_eq!(t.sources["console.theme"], Source::File { path: "user.toml".into(), line: 3 });
}

#[test]
fn a_bad_environment_variable_is_named() {
    let err = env_problem(None, &[("DUTYDESK_CONSOLE__BELL", "tru")]);
    assert_eq!(
        err,
        "environment variable DUTYDESK_CONSOLE__BELL: console.bell: invalid type: string \"tru\", expected a \
         boolean; console.bell takes true or false, e.g. `bell = false`"
    );
    let err = env_problem(Some("[console]\n"), &[("DUTYDESK_CONSOLE__THEMES", "x"), ("DUTYDESK_SERVER__", "1")]);
    assert!(
        err.contains(
            "environment variable DUTYDESK_CONSOLE__THEMES: console.themes: unknown key; did you mean `theme`?"
        ),
        "{err}"
    );
    assert!(err.contains("environment variable DUTYDESK_SERVER__: an empty part"), "{err}");
}
