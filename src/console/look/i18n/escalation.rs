//! The escalation policy's labels: the server's own actions on a timeline.

labels! {
    "actor.system" => "SLA policy", "超时升级";
}
