//! The escalation policy's labels: the server's own actions on a timeline.

labels! {
    "actor.system" => "system (escalation policy)", "系统（超时升级）";
}
