//! The labels of exports (`:export csv|xlsx [PATH]`): the toasts of progress, the file written and failure, and the command's errors.

labels! {
    "export.running" => "Exporting", "正在导出";
    "export.rows" => "rows", "行";
    "export.done" => "Exported", "已导出";
    "export.to" => "to", "→";
    "export.failed" => "Export failed: ", "导出失败：";
    "export.cannot_create" => "cannot create", "无法创建";
    "export.cannot_write" => "cannot write", "无法写入";
    "export.cannot_read" => "cannot read the list", "无法读取列表";
    "export.exists" => "exists (choose another name, or --force to replace it)", "已存在（请换一个文件名，或用 --force 覆盖）";
    "export.usage" => "use :export csv|xlsx [PATH]", "用法：:export csv|xlsx [路径]";
    "export.nothing" => "nothing to export here yet", "此处尚无可导出的内容";
}
