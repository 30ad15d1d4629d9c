//! The labels of the two-week chart (`T`, `:chart`) and of past days (`[`, `]`, `:date`, `:today`).

labels! {
    "view.chart" => "Two-week trend", "两周趋势";
    "chart.enterprises" => "Enterprises resumed", "企业复工";
    "chart.staff" => "Staff back", "员工返岗";
    "chart.attendance" => "Attendance", "出勤";
    "chart.on_time" => "Reports on time", "日报按时";
    "chart.enterprises.short" => "firms", "企业";
    "chart.staff.short" => "staff", "员工";
    "chart.attendance.short" => "attend", "出勤";
    "chart.on_time.short" => "on time", "按时";
    "chart.y_title" => "rate", "比率";
    "chart.x_title" => "date", "日期";
    "chart.day" => "day", "日期";
    "chart.empty" => "no trend yet: waiting for the dashboard", "暂无趋势：等待总览数据";
    "day.past" => "past", "历史";
    "day.loading" => "loading", "加载中";
    "day.already_today" => "already at today: ] goes forward to today only", "已是今天：] 最多前进到今天";
    "day.bad_date" => "not a date (use YYYY-MM-DD, e.g. 2026-02-20)", "不是日期（格式 YYYY-MM-DD，如 2026-02-20）";
    "day.future" => "a day after today has no figures yet", "今天之后的日期还没有数据";
    "day.not_here" => "past days apply to the dashboard, parks, units and the chart: Esc back to them first", "历史日期只用于总览、园区、派出单位和趋势图：先按 Esc 返回";
}
