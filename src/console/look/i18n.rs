//! The two languages of the console: every label in English and Simplified Chinese.
//! `:lang` switches live; data (names) is never translated. Also the label keys of the domain's
//! values (problem states, priorities, enterprise statuses, life-cycle actions).

use crate::api::types::EnterpriseStatus;
use crate::domain::lifecycle::{Action, Priority, ProblemState};

/// A language of the labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (`en`, also `C` and `POSIX`): the default when nothing else is set.
    #[default]
    En,
    /// Simplified Chinese (`zh-CN`; any code starting with `zh`).
    Zh,
}

impl Lang {
    /// Parses `en`, `zh-CN`, `zh`, `zh_CN.UTF-8` …
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first of: the flag, the config, `LANG` (unknown values fall through), English.
    pub fn choose(flag: Option<&str>, config: &str, env_lang: Option<&str>) -> Lang {
        flag.and_then(Lang::parse)
            .or_else(|| Lang::parse(config))
            .or_else(|| env_lang.and_then(Lang::parse))
            .unwrap_or_default()
    }

    /// The code used by `:lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Whether this is Chinese.
    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }

    /// The label for `key` in this language (the key itself when unknown).
    pub fn t(self, key: &'static str) -> &'static str {
        label(key).map_or(key, |(en, zh)| if self.is_zh() { zh } else { en })
    }
}

macro_rules! labels {
    ($($key:literal => $en:literal, $zh:literal;)*) => {
        /// Every label key with its English and Chinese text.
        #[cfg(test)]
        pub(crate) const LABELS: &[(&str, &str, &str)] = &[$(($key, $en, $zh)),*];

        fn label(key: &str) -> Option<(&'static str, &'static str)> {
            match key {
                $($key => Some(($en, $zh)),)*
                _ => None,
            }
        }
    };
}

labels! {
    "pane.rtw" => "Return to work", "复工率";
    "pane.problems" => "Open problems by park", "园区未结问题";
    "pane.problems.city" => "Open problems by city", "市州未结问题";
    "pane.problems.county" => "Open problems by county", "区县未结问题";
    "pane.problems.short" => "Problems", "问题";
    "pane.attendance" => "Attendance", "考勤";
    "pane.overdue" => "Overdue reports", "逾期日报";
    "pane.overdue.short" => "Overdue", "逾期";
    "view.dashboard" => "Dashboard", "总览";
    "view.parks" => "Parks", "园区";
    "view.units" => "Dispatching units", "派出单位";
    "view.problems" => "Problems", "问题";
    "view.escalated" => "Escalated", "已升级";
    "view.enterprises" => "enterprises", "企业";
    "view.officers" => "officers", "联络员";
    "view.problem_queue" => "problems", "问题";
    "fresh.live" => "LIVE", "实时";
    "fresh.stale" => "STALE", "过期";
    "fresh.offline" => "OFFLINE", "离线";
    "fresh.connecting" => "CONNECTING", "连接中";
    "status.retry" => "retry in", "重试";
    "status.retrying" => "retrying…", "正在重试…";
    "status.cached" => "cached", "缓存";
    "link.refused" => "connection refused", "连接被拒绝";
    "link.dns" => "DNS lookup failed", "域名解析失败";
    "link.tls.issuer" => "TLS: unknown certificate issuer", "TLS：证书颁发者不受信任";
    "link.tls.name" => "TLS: certificate not for this host", "TLS：证书与主机名不符";
    "link.tls.expired" => "TLS: certificate expired", "TLS：证书已过期";
    "link.tls" => "TLS handshake failed", "TLS 握手失败";
    "link.timeout" => "timed out", "请求超时";
    "link.reset" => "connection lost", "连接中断";
    "link.unreachable" => "unreachable", "无法连接";
    "link.server" => "server error", "服务器错误";
    "link.unauthorized" => "token rejected (401)", "令牌无效 (401)";
    "link.forbidden" => "access denied (403)", "无权访问 (403)";
    "link.rate_limited" => "rate limited (429)", "请求过多 (429)";
    "link.bad_response" => "bad response", "响应格式错误";
    "link.too_large" => "response over 32 MB", "响应超过 32 MB";
    "link.setup" => "bad API settings", "API 设置有误";
    "link.part.escalated" => "escalated queue", "已升级问题";
    "status.age" => "age", "数据";
    "status.demo" => "DEMO", "演示";
    "status.frozen" => "FROZEN", "已冻结";
    "status.pending" => "pending", "待发送";
    "status.outbox_retrying" => "retrying", "重试中";
    "status.readonly" => "read-only", "只读";
    "col.park" => "park", "园区";
    "col.city" => "city", "市州";
    "col.county" => "county", "区县";
    "col.unit" => "unit", "派出单位";
    "col.enterprises" => "enterprises", "企业复工";
    "col.staff" => "staff", "员工返岗";
    "col.trend" => "14 d", "14天";
    "col.susp" => "susp", "停产";
    "col.open" => "open", "待处理";
    "col.ack" => "ack", "已受理";
    "col.esc" => "esc", "已升级";
    "col.sla" => "SLA✗", "超时";
    "col.oldest" => "oldest", "最久";
    "col.present" => "present", "到岗";
    "col.rate" => "rate", "比例";
    "col.late" => "late", "迟到";
    "col.absent" => "absent", "缺勤";
    "col.enterprise" => "enterprise", "企业";
    "col.officers" => "officers", "联络员";
    "col.over" => "over", "逾期";
    "col.days" => "days", "连续";
    "col.name" => "name", "名称";
    "col.status" => "status", "状态";
    "col.report" => "report", "日报";
    "col.problems" => "problems", "问题";
    "col.title" => "title", "标题";
    "col.state" => "state", "状态";
    "col.level" => "lvl", "级";
    "col.prio" => "prio", "优先";
    "col.due" => "due", "时限";
    "col.assignee" => "assignee", "承办";
    "col.today" => "today", "今日";
    "col.checkin" => "check-in", "签到";
    "col.kind" => "kind", "类别";
    "col.what" => "what", "内容";
    "col.when" => "when", "时间";
    "col.info" => "details", "详情";
    "col.action" => "action", "操作";
    "col.actor" => "by", "操作人";
    "col.via" => "via", "途径";
    "col.change" => "state", "状态变化";
    "sum.suspended" => "suspended (停产整顿)", "停产整顿";
    "sum.escalated" => "escalated", "已升级";
    "sum.loaded" => "loaded", "条已加载";
    "sum.of_loaded" => "of them:", "其中";
    "msg.page_failed" => "could not load more rows", "无法加载更多行";
    "sum.by_park" => "by park", "按园区";
    "sum.by_county" => "by county", "按区县";
    "sum.by_city" => "by city", "按市州";
    "sum.by_unit" => "by unit", "按派出单位";
    "sum.toggle_unit" => "u: by unit", "u 切换派出单位";
    "sum.toggle_park" => "u: by park", "u 切换园区";
    "sum.toggle_county" => "u: by county", "u 切换区县";
    "sum.toggle_city" => "u: by city", "u 切换市州";
    "sum.deadline" => "deadline", "截止";
    "sum.listed_for" => "list of", "列表日期";
    "sum.cutoff" => "cutoff", "签到截止";
    "status.poll" => "poll", "轮询";
    "col.ovd" => "ovd", "逾期";
    "sum.total" => "total", "合计";
    "sum.rows" => "rows", "行";
    "att.present" => "present", "到岗";
    "att.late" => "late", "迟到";
    "att.absent" => "absent", "缺勤";
    "att.not_yet" => "not yet", "未到";
    "ent.resumed" => "resumed", "已复工";
    "ent.not_resumed" => "not resumed", "未复工";
    "ent.suspended" => "suspended", "停产整顿";
    "st.open" => "open", "待处理";
    "st.acknowledged" => "acknowledged", "已受理";
    "st.resolved" => "resolved", "已解决";
    "prio.urgent" => "urgent", "紧急";
    "prio.high" => "high", "高";
    "prio.normal" => "normal", "普通";
    "kind.officer" => "officer", "联络员";
    "kind.problem" => "problem", "问题";
    "kind.report" => "report", "日报";
    "kind.checkin" => "check-in", "签到";
    "det.class" => "class", "类别";
    "det.officers" => "officers", "联络员";
    "det.staff" => "staff on site", "在岗员工";
    "det.enterprises" => "enterprises", "联系企业";
    "det.raised_by" => "raised by", "上报人";
    "det.assignee" => "assignee", "承办";
    "det.due" => "due", "时限";
    "det.over_sla" => "over SLA", "超时";
    "det.due_in" => "due in", "剩余";
    "det.on_time" => "on time", "按时";
    "det.late" => "late", "迟交";
    "det.level" => "level", "级别";
    "det.first_checkin" => "first check-in", "首次签到";
    "det.open_problems" => "open problems", "未结问题";
    "act.raise" => "raise", "上报";
    "act.acknowledge" => "acknowledge", "受理";
    "act.escalate" => "escalate", "升级";
    "act.reassign" => "reassign", "转派";
    "act.resolve" => "resolve", "解决";
    "act.reopen" => "reopen", "重开";
    "act.comment" => "comment", "备注";
    "act.set_priority" => "set priority", "调整优先级";
    "via.console" => "console", "控制台";
    "via.api" => "api", "接口";
    "via.system" => "system", "系统";
    "msg.loading" => "loading…", "加载中…";
    "msg.empty" => "nothing here", "暂无数据";
    "msg.no_match" => "no row matches the filter", "没有符合筛选的行";
    "msg.frozen" => "FROZEN — rows stay put while you read; f resumes", "已冻结 — 数据暂停刷新；按 f 恢复";
    "msg.held" => "updates waiting", "条更新待显示";
    "msg.unknown_cmd" => "unknown command", "未知命令";
    "msg.no_park" => "no park named", "没有这个园区";
    "msg.no_place" => "no city or county named", "没有这个市州或区县";
    "msg.filter" => "filter", "筛选";
    "msg.sorted" => "sorted by", "排序";
    "help.title" => "Keys", "按键";
    "help.close" => "Esc closes", "Esc 关闭";
    "palette.title" => "Command", "命令";
    "status.alerts" => "alerts", "告警";
    "tri.reassign_to" => "reassign to", "转派给";
    "tri.reassign_title" => "Reassign to", "转派给";
    "tri.department" => "dept", "部门";
    "tri.officer" => "officer", "联络员";
    "tri.open_load" => "open", "未结";
    "tri.no_match" => "nobody matches", "没有匹配的部门或联络员";
    "tri.searching_officers" => "searching officers…", "正在搜索联络员…";
    "tri.search_hint" => "type a name, pinyin or initials to find officers", "输入姓名、拼音或首字母查找联络员";
    "tri.search_failed" => "officer search failed (departments still listed)", "联络员搜索失败（部门仍可选）";
    "tri.resolution" => "Resolution", "解决结果";
    "tri.reason" => "Reason to reopen", "重开原因";
    "tri.comment" => "Comment", "备注";
    "tri.required" => "required: type something first (Esc cancels)", "必填：请先输入内容（Esc 取消）";
    "tri.text_hint" => "Enter sends · Esc cancels", "Enter 提交 · Esc 取消";
    "tri.confirm" => "Confirm", "确认";
    "tri.cancel" => "Cancel", "取消";
    "tri.apply" => "Apply", "执行";
    "tri.cancelled" => "cancelled: nothing was sent", "已取消，未发送";
    "tri.readonly" => "read-only: triage keys are off", "只读模式：不能处置问题";
    "tri.no_problem" => "select a problem first", "请先选择一个问题";
    "tri.busy" => "an action on this problem is still pending", "该问题还有操作在等待服务器答复";
    "tri.refused" => "not done", "未执行";
    "tri.rule.top" => "it is already at the top level (city command center); it cannot be escalated further", "已在最高级（市指挥部），无法继续升级";
    "tri.rule.generic" => "the problem's life cycle does not allow this", "问题流程不允许此操作";
    "tri.forbidden" => "this token may not triage (403): triage keys are now hidden", "当前令牌无处置权限（403），已隐藏处置按键";
    "tri.failed" => "refused by the server", "服务器拒绝";
    "tri.stale_title" => "Changed meanwhile", "已被他人修改";
    "tri.stale_intro" => "Someone changed this problem first:", "在你操作之前，此问题已被修改：";
    "tri.stale_unknown" => "(the history could not be loaded)", "（无法加载修改记录）";
    "tri.now" => "now", "现在";
    "tri.apply_new" => "Apply to the new version", "是否对新版本执行";
    "tri.alerts" => "Recent alerts", "最近告警";
    "tri.no_alerts" => "no alerts yet", "暂无告警";
    "tri.alert_escalated" => "escalated to level", "升级至";
    "tri.alert_sla" => "past its SLA deadline", "已超时";
    "ob.title" => "Outbox: actions awaiting the server's answer", "待发送：等待服务器答复的操作";
    "ob.empty" => "nothing waiting: every action has its answer", "没有待发送的操作：每项都已得到答复";
    "ob.hint" => "d drop · Esc close · kept on disk, resent with the same key until answered", "d 丢弃 · Esc 关闭 · 已存盘，以同一幂等键重发直至答复";
    "ob.drop_q" => "Drop it? It may already have reached the server; it will not be sent again.", "丢弃此操作？它可能已到达服务器；之后不再发送。";
    "ob.drop" => "Drop", "丢弃";
    "ob.dropped" => "dropped from the outbox, not sent again", "已从待发送中丢弃，不再发送";
    "ob.sending" => "sending", "发送中";
    "ob.retrying" => "unknown, retrying", "结果未知，重试中";
    "ob.ago" => "ago", "前";
    "ob.unknown" => "no answer, unknown whether it arrived; retrying with the same key", "未收到答复，不确定是否送达；以同一幂等键重试";
    "ob.restored" => "action(s) from the last run not yet answered: resending", "项上次未得到答复的操作：正在重新发送";
    "ob.unsaved" => "could not be saved to disk (a restart would lose it)", "未能存盘（重启将丢失）";
    "ob.unreadable" => "the outbox of the last run could not be read", "无法读取上次的待发送记录";
    "quit.title" => "Quit?", "退出？";
    "quit.pending" => "action(s) not yet answered by the server. They stay saved and are resent at the next start.", "项操作尚未得到服务器答复。它们已保存，下次启动时重新发送。";
    "quit.quit" => "Quit", "退出";
}

// The label keys of domain values.

/// The label key of a problem state.
pub(crate) fn state_key(s: ProblemState) -> &'static str {
    match s {
        ProblemState::Open => "st.open",
        ProblemState::Acknowledged => "st.acknowledged",
        ProblemState::Resolved => "st.resolved",
    }
}

/// The label key of a priority.
pub(crate) fn prio_key(p: Priority) -> &'static str {
    match p {
        Priority::Urgent => "prio.urgent",
        Priority::High => "prio.high",
        Priority::Normal => "prio.normal",
    }
}

/// The label key of an enterprise status.
pub(crate) fn status_key(s: EnterpriseStatus) -> &'static str {
    match s {
        EnterpriseStatus::Resumed => "ent.resumed",
        EnterpriseStatus::NotResumed => "ent.not_resumed",
        EnterpriseStatus::Suspended => "ent.suspended",
    }
}

/// The label key of a life-cycle action.
pub(crate) fn action_key(a: Action) -> &'static str {
    match a {
        Action::Raise => "act.raise",
        Action::Acknowledge => "act.acknowledge",
        Action::Escalate => "act.escalate",
        Action::Reassign => "act.reassign",
        Action::Resolve => "act.resolve",
        Action::Reopen => "act.reopen",
        Action::Comment => "act.comment",
        Action::SetPriority => "act.set_priority",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_order() {
        assert_eq!(Lang::choose(Some("zh-CN"), "en", Some("en_US.UTF-8")), Lang::Zh);
        assert_eq!(Lang::choose(None, "", Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::choose(None, "", Some("de_DE.UTF-8")), Lang::En);
        assert_eq!(Lang::choose(Some("xx"), "zh", None), Lang::Zh);
    }

    #[test]
    fn every_label_has_both_languages() {
        for (k, en, zh) in LABELS {
            assert!(!en.is_empty() && !zh.is_empty(), "{k}");
            assert_eq!(Lang::Zh.t(k), *zh);
        }
        let mut keys: Vec<_> = LABELS.iter().map(|l| l.0).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), LABELS.len(), "duplicate label key");
    }
}
