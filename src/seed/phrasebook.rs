//! Chinese text material of the demo: problem titles and descriptions per category, resolutions,
//! comments and daily-report notes. Shared by the seed generator and the live simulator.

use rand::Rng;
use rand::seq::SliceRandom;

use super::agencies::dept;

/// Problem categories (snake_case ids, as sent on the wire).
pub const CATEGORIES: [&str; 7] =
    ["protective_supplies", "raw_materials", "transport", "isolation", "financing", "policy", "labour"];

/// Relative frequency of each category (supplies and transport dominated the first weeks).
const CATEGORY_WEIGHTS: [u32; 7] = [26, 16, 18, 10, 9, 12, 9];

/// A category drawn by its frequency.
pub fn category(rng: &mut impl Rng) -> &'static str {
    let total: u32 = CATEGORY_WEIGHTS.iter().sum();
    let mut pick = rng.gen_range(0..total);
    for (c, w) in CATEGORIES.iter().zip(CATEGORY_WEIGHTS) {
        if pick < w {
            return c;
        }
        pick -= w;
    }
    CATEGORIES[0]
}

/// Departments that can solve a problem of this category, most likely first.
pub fn departments_for(category: &str) -> &'static [i64] {
    match category {
        "protective_supplies" => &[dept::INDUSTRY, dept::HEALTH, dept::COMMERCE],
        "raw_materials" => &[dept::INDUSTRY, dept::COMMERCE, dept::TRANSPORT],
        "transport" => &[dept::TRANSPORT, dept::POLICE],
        "isolation" => &[dept::HEALTH, dept::CONSTRUCTION, dept::EMERGENCY],
        "financing" => &[dept::FINANCE, dept::DEVELOPMENT],
        "policy" => &[dept::DEVELOPMENT, dept::LABOUR, dept::MARKET],
        _ => &[dept::LABOUR, dept::ORGANISATION],
    }
}

/// A generated problem text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemText {
    /// The problem's one-line title, e.g. 口罩缺口约200只 or 消毒液、额温枪短缺.
    pub title: String,
    /// What the officer wrote.
    pub description: String,
}

/// A title and description for a problem of `category` at an enterprise with `employees` staff.
pub fn problem(category: &str, employees: i64, rng: &mut impl Rng) -> ProblemText {
    let e = employees.max(5);
    let (title, description) = match (category, rng.gen_range(0..3)) {
        ("protective_supplies", 0) => {
            let need = e * 2;
            let days = rng.gen_range(1..4);
            (
                format!("口罩缺口约{need}只"),
                format!(
                    "企业返岗员工{e}人，按每人每天2只计需口罩{need}只，现有库存仅够{days}天，采购渠道断供，请求协调调拨。"
                ),
            )
        }
        ("protective_supplies", 1) => (
            "消毒液、额温枪短缺".to_string(),
            format!(
                "厂区每日消杀需84消毒液约{}公斤，现库存不足，额温枪仅{}把，入口测温排队严重。",
                e / 10 + 5,
                rng.gen_range(1..4)
            ),
        ),
        ("protective_supplies", _) => (
            "防护服和手套储备不足".to_string(),
            "食堂与宿舍管理人员缺少防护服、一次性手套，按防控方案需储备7天用量，请帮助联系供应商。".to_string(),
        ),
        ("raw_materials", 0) => (
            "上游原材料未到货".to_string(),
            format!(
                "主要原材料供应商在外省，物流停运{}天，库存仅能维持{}天生产，请求协调物流通行。",
                rng.gen_range(5..15),
                rng.gen_range(2..6)
            ),
        ),
        ("raw_materials", 1) => (
            "包装材料供应中断".to_string(),
            "包装纸箱供应商尚未复工，成品无法出库，请求协助对接本地替代供应商。".to_string(),
        ),
        ("raw_materials", _) => (
            "进口零部件清关延迟".to_string(),
            "关键零部件在港口滞留，影响生产线满负荷运行，请求协调海关和物流企业加快放行。".to_string(),
        ),
        ("transport", 0) => {
            let n = e / 3 + rng.gen_range(10..60);
            (
                format!("{n}名外地员工返岗需包车"),
                format!("尚有{n}名员工在省内外未返岗，公共交通未恢复，请求协调返岗包车并办理通行证明。"),
            )
        }
        ("transport", 1) => (
            "员工上下班通勤困难".to_string(),
            "公交线路暂停，住在城郊的员工无法按时到岗，请求恢复园区公交或开通通勤专线。".to_string(),
        ),
        ("transport", _) => {
            ("货车通行证办理".to_string(), "运输原料的货车在卡口被劝返，请求办理重点物资运输车辆通行证。".to_string())
        }
        ("isolation", 0) => {
            let n = rng.gen_range(20..200);
            (
                format!("{n}名省外返岗员工需隔离"),
                format!("{n}名员工从省外返回，按要求需隔离14天，企业宿舍不足，请求协调集中隔离场所。"),
            )
        }
        ("isolation", 1) => (
            "居家观察人员无法落实".to_string(),
            "部分省内返岗员工需居家观察7天，租住小区拒绝其进入，请求社区协调。".to_string(),
        ),
        ("isolation", _) => (
            "厂区隔离观察室不达标".to_string(),
            "按防控要求需设置临时隔离观察室，现有场地通风不达标，请求卫健部门现场指导。".to_string(),
        ),
        ("financing", 0) => {
            let m = rng.gen_range(100..2000);
            (
                format!("流动资金缺口约{m}万元"),
                format!("停产期间工资、租金照常支出，流动资金缺口约{m}万元，请求对接银行专项贷款。"),
            )
        }
        ("financing", 1) => (
            "贷款到期续贷困难".to_string(),
            "一笔银行贷款本月到期，企业申请延期还本付息，请求金融部门协调。".to_string(),
        ),
        ("financing", _) => {
            ("申请贴息贷款".to_string(), "企业生产防疫物资，符合专项再贷款条件，请求协助准备申报材料。".to_string())
        }
        ("policy", 0) => (
            "社保费减免政策咨询".to_string(),
            "企业询问阶段性减免社保费的适用范围和办理流程，请求政策解读。".to_string(),
        ),
        ("policy", 1) => (
            "复工备案材料咨询".to_string(),
            "复工申请需提交防控方案、员工排查台账等材料，企业不清楚模板要求，请求指导。".to_string(),
        ),
        ("policy", _) => {
            ("稳岗补贴申领".to_string(), "企业未裁员，希望申领稳岗返还补贴，请求告知申报时限和所需材料。".to_string())
        }
        ("labour", 0) => {
            let n = e / 5 + rng.gen_range(5..40);
            (
                format!("一线用工缺口{n}人"),
                format!("订单恢复但一线工人返岗不足，缺口约{n}人，请求人社部门协助线上招聘。"),
            )
        }
        ("labour", 1) => (
            "技术工人返岗不足".to_string(),
            "设备调试技术员滞留外地无法返岗，生产线只能半负荷运行，请求协调点对点接回。".to_string(),
        ),
        _ => ("临时用工需求".to_string(), "企业需临时招聘消杀和测温人员，请求推荐本地富余劳动力。".to_string()),
    };
    ProblemText { title, description }
}

/// How a problem of `category` was solved.
pub fn resolution(category: &str, rng: &mut impl Rng) -> String {
    let options: &[&str] = match category {
        "protective_supplies" => {
            &["经工信局协调，调拨口罩和消毒液，已送达企业。", "已对接本地防护物资生产企业，企业按需采购到货。"]
        }
        "raw_materials" => &["已协调物流企业开通运输专线，原材料已到厂。", "已对接本地替代供应商，签订供货协议。"],
        "transport" => &["已安排返岗包车，员工全部接回并完成健康登记。", "已办理重点物资运输车辆通行证。"],
        "isolation" => &["已协调集中隔离酒店，返岗员工入住观察。", "卫健部门现场指导，隔离观察室整改到位。"],
        "financing" => &["已对接银行，专项贷款完成审批放款。", "银行同意延期还本付息三个月。"],
        "policy" => &["已现场解读政策，企业完成线上申报。", "已提供材料模板并指导企业完成备案。"],
        _ => &["已发布线上招聘信息，新员工陆续到岗。", "已协调人社部门点对点接回技术工人。"],
    };
    options.choose(rng).expect("not empty").to_string()
}

/// A follow-up comment on a problem.
pub fn comment(rng: &mut impl Rng) -> String {
    const C: [&str; 8] = [
        "已电话联系企业负责人，正在核实需求。",
        "督导组已现场查看，情况属实。",
        "企业补充了需求清单，已转相关部门。",
        "联络员反馈：企业已自行解决一部分。",
        "已与供应商沟通，预计明天到货。",
        "请园区服务台明日上午反馈进展。",
        "已纳入一企一策台账跟踪。",
        "企业负责人表示理解，等待协调结果。",
    ];
    C.choose(rng).expect("not empty").to_string()
}

/// A note on an escalation.
pub fn escalation_note(rng: &mut impl Rng) -> String {
    const N: [&str; 4] = [
        "园区层面无法解决，提请上级协调。",
        "涉及跨部门协调，请专班处理。",
        "企业多次反映未解决，请求上级督办。",
        "超出园区权限，上报指挥中心。",
    ];
    N.choose(rng).expect("not empty").to_string()
}

/// A daily-report note for an enterprise in `status` (`None` when there is nothing to add).
pub fn report_note(resumed: bool, suspended: bool, rng: &mut impl Rng) -> Option<&'static str> {
    if suspended {
        return Some("停产整顿中，已督促企业落实整改措施。");
    }
    if !rng.gen_bool(0.4) {
        return None;
    }
    const RESUMED: [&str; 8] = [
        "全员测温正常，无发热人员。",
        "已完成厂区消杀，食堂分餐就餐。",
        "新返岗员工均已登记健康档案。",
        "口罩库存紧张，已上报。",
        "生产线逐步恢复，产能约六成。",
        "人员排查台账已更新。",
        "宿舍实行封闭管理，进出登记。",
        "检测报告已归档。",
    ];
    const NOT_RESUMED: [&str; 4] = [
        "复工申请材料准备中。",
        "防控物资尚未到位，暂未复工。",
        "员工排查进行中，计划下周复工。",
        "值守人员在岗，厂区无异常。",
    ];
    let pool: &[&str] = if resumed { &RESUMED } else { &NOT_RESUMED };
    pool.choose(rng).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn every_category_has_texts_and_departments() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for c in CATEGORIES {
            for _ in 0..20 {
                let t = problem(c, 120, &mut rng);
                assert!(!t.title.is_empty() && t.title.chars().count() <= 200);
                assert!(!t.description.is_empty());
                assert!(!resolution(c, &mut rng).is_empty());
            }
            assert!(!departments_for(c).is_empty());
        }
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2000 {
            seen.insert(category(&mut rng));
        }
        assert_eq!(seen.len(), CATEGORIES.len());
    }
}
