//! The labels of finding a problem by its number (`:problem 1020`, `#1020`) and of copying the
//! selected row's summary (`y`).

labels! {
    "find.no_problem" => "no problem", "没有问题";
    "find.usage" => "a problem number, e.g. :problem 1020 or #1020", "请输入问题编号，例如 :problem 1020 或 #1020";
    "find.not_loaded" => "not among the loaded rows; :problem NUMBER opens any problem", "不在已加载的行中；:problem 编号 可打开任一问题";
    "cp.copied" => "copied", "已复制";
    "cp.nothing" => "nothing selected to copy", "没有选中可复制的内容";
    "cp.days_run" => "{n} days in a row", "连续 {n} 天";
    "cp.report_overdue" => "report overdue", "日报逾期";
    "cp.check_in" => "check-in", "签到";
    "cp.reports" => "reports", "日报";
    "cp.overdue" => "overdue", "逾期";
    "cp.units" => "units", "派出单位";
}
