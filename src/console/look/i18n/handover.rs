//! The shift handover view's labels (its content's words are `api::handover_text`'s).

labels! {
    "handover.title" => "Shift handover", "交接班";
    "handover.future" => "the shift cannot start in the future", "交接班开始时间不能晚于现在";
    "handover.col.what" => "what happened in the shift", "本班情况";
}
