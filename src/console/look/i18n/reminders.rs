//! The labels of reminders (催报): the key, its confirmation, its toasts and the rows' note.

labels! {
    "rem.title" => "Chase late reports", "催报";
    "rem.question" => "Remind the officers of {count} overdue enterprises in {place}?", "催报{place} {count} 家逾期企业的联络员？";
    "rem.none" => "Nothing overdue to chase here", "此处没有逾期日报可催";
    "rem.not_here" => "m chases reports on an overdue row, an enterprise, a park or a unit", "m 用于逾期日报行、企业、园区或派出单位";
    "rem.counting" => "Counting the overdue reports…", "正在统计逾期日报…";
    "rem.sent" => "reminded", "已催报";
    "rem.officers" => "officers", "名联络员";
    "rem.already" => "already reminded recently", "近期已催报";
    "rem.failed" => "Reminder failed", "催报失败";
    "rem.cancelled" => "Reminder cancelled", "已取消催报";
    "rem.ago" => "reminded {} ago", "{}前已催报";
    "rem.action" => "Remind", "催报";
    "rem.kind" => "reminder", "催报";
}
