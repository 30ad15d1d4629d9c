//! The labels of a problem's timeline in words: the past-tense verbs of the one-line form,
//! the words of the details (level, priority, category), the problem categories, the desks
//! and the kinds of assignee, and the roles of a token (the status line's user).

labels! {
    "tl.raised" => "raised", "上报";
    "tl.acknowledged" => "acknowledged", "受理";
    "tl.escalated" => "escalated", "升级";
    "tl.reassigned" => "reassigned", "转派";
    "tl.resolved" => "resolved", "解决";
    "tl.reopened" => "reopened", "重开";
    "tl.commented" => "comment", "备注";
    "tl.priority" => "priority", "优先级";
    "tl.level" => "level", "级别";
    "cat.protective_supplies" => "protective supplies", "防疫物资";
    "cat.raw_materials" => "raw materials", "原材料";
    "cat.transport" => "transport", "物流运输";
    "cat.isolation" => "isolation", "隔离管控";
    "cat.financing" => "financing", "资金融资";
    "cat.policy" => "policy", "政策";
    "cat.labour" => "labour", "用工";
    "desk.park" => "park desk", "园区服务台";
    "desk.county" => "county task force", "区县专班";
    "desk.city" => "city command centre", "市指挥中心";
    "who.department" => "department", "部门";
    "who.officer" => "officer", "联络员";
    "role.viewer" => "viewer", "只读";
    "role.dispatcher" => "dispatcher", "调度员";
    "role.officer" => "officer", "联络员";
    "role.admin" => "admin", "管理员";
    "keys.on_problems" => "acts on a selected problem: open a problem list or a problem first", "用于所选问题：请先打开问题列表或问题详情";
    "keys.refreshes" => "refreshes", "刷新";
}

/// The label key of a problem category (`policy`, …), or `None` for one this console does
/// not know (shown as the server wrote it).
pub(crate) fn category_key(category: &str) -> Option<&'static str> {
    Some(match category {
        "protective_supplies" => "cat.protective_supplies",
        "raw_materials" => "cat.raw_materials",
        "transport" => "cat.transport",
        "isolation" => "cat.isolation",
        "financing" => "cat.financing",
        "policy" => "cat.policy",
        "labour" => "cat.labour",
        _ => return None,
    })
}

/// The label key of the desk of an escalation level (0 the park's, 1 the county's, 2 and
/// above the city's).
pub(crate) fn desk_key(level: i64) -> &'static str {
    match level {
        i64::MIN..=0 => "desk.park",
        1 => "desk.county",
        _ => "desk.city",
    }
}

/// The label key of a token's role.
pub(crate) fn role_key(role: crate::api::types::Role) -> &'static str {
    use crate::api::types::Role;
    match role {
        Role::Viewer => "role.viewer",
        Role::Dispatcher => "role.dispatcher",
        Role::Officer => "role.officer",
        Role::Admin => "role.admin",
    }
}
