//! Organisations of each preset: dispatching units (派出单位) and the departments problems go
//! to (full names, short names, aliases).

use super::geography::DistrictSpec;
use crate::store::bulk::SeedDepartment;

/// City-level dispatching units common to the city presets.
const CITY_UNITS: [&str; 24] = [
    "市发改委",
    "市委编办",
    "市工信局",
    "市委组织部",
    "市纪委监委",
    "市卫健委",
    "市应急管理局",
    "市委宣传部",
    "市委统战部",
    "市委政法委",
    "市政府办",
    "市财政局",
    "市教育局",
    "市自然资源和规划局",
    "市生态环境局",
    "市住建局",
    "市交通运输局",
    "市水利局",
    "市农业农村局",
    "市商务局",
    "市文旅广电局",
    "市审计局",
    "市国资委",
    "市市场监管局",
];

/// Dispatching units of a city preset: the city's bodies, its newspaper, then the districts'
/// local units.
pub fn city_units(newspaper: &str, districts: &[DistrictSpec]) -> Vec<String> {
    let mut units: Vec<String> = CITY_UNITS.iter().map(std::string::ToString::to_string).collect();
    units.push(newspaper.to_string());
    push_local_units(&mut units, districts);
    units
}

/// Dispatching units of the province preset: provincial bodies, then each city's bodies.
pub fn province_units(districts: &[DistrictSpec]) -> Vec<String> {
    let mut units: Vec<String> = CITY_UNITS.iter().take(20).map(|s| s.replacen('市', "省", 1)).collect();
    units.push("湖南日报社".into());
    push_local_units(&mut units, districts);
    units
}

fn push_local_units(units: &mut Vec<String>, districts: &[DistrictSpec]) {
    for d in districts {
        if !units.contains(&d.local_unit) {
            units.push(d.local_unit.clone());
        }
    }
}

/// Departments: (full name, short name, aliases) for a city and for the province.
const CITY_DEPARTMENTS: [(&str, &str, &[&str]); 12] = [
    ("市工业和信息化局", "工信局", &["市工信局", "工信"]),
    ("市卫生健康委员会", "卫健委", &["市卫健委", "卫健", "卫生局"]),
    ("市发展和改革委员会", "发改委", &["市发改委", "发改"]),
    ("市人力资源和社会保障局", "人社局", &["市人社局", "人社"]),
    ("市交通运输局", "交通运输局", &["交通局", "交通"]),
    ("市商务局", "商务局", &["商务"]),
    ("市住房和城乡建设局", "住建局", &["市住建局", "住建"]),
    ("市市场监督管理局", "市场监管局", &["市监局", "市场监管"]),
    ("市应急管理局", "应急管理局", &["应急局", "应急"]),
    ("市地方金融监督管理局", "金融办", &["金融局", "金融"]),
    ("市公安局", "公安局", &["公安"]),
    ("市委组织部", "组织部", &["联络员办公室", "组织"]),
];

const PROVINCE_DEPARTMENTS: [(&str, &str, &[&str]); 12] = [
    ("湖南省工业和信息化厅", "工信厅", &["工信局", "工信"]),
    ("湖南省卫生健康委员会", "卫健委", &["省卫健委", "卫健"]),
    ("湖南省发展和改革委员会", "发改委", &["省发改委", "发改"]),
    ("湖南省人力资源和社会保障厅", "人社厅", &["人社局", "人社"]),
    ("湖南省交通运输厅", "交通运输厅", &["交通运输局", "交通"]),
    ("湖南省商务厅", "商务厅", &["商务局", "商务"]),
    ("湖南省住房和城乡建设厅", "住建厅", &["住建局", "住建"]),
    ("湖南省市场监督管理局", "市场监管局", &["省市监局", "市场监管"]),
    ("湖南省应急管理厅", "应急管理厅", &["应急管理局", "应急"]),
    ("湖南省地方金融监督管理局", "金融办", &["金融局", "金融"]),
    ("湖南省公安厅", "公安厅", &["公安局", "公安"]),
    ("中共湖南省委组织部", "组织部", &["省委组织部", "联络员办公室"]),
];

/// Department ids, fixed across presets (the order of the tables above).
pub mod dept {
    /// 工信局, industry and information technology (工信厅 in the province preset).
    pub const INDUSTRY: i64 = 1;
    /// 卫健委, the health commission.
    pub const HEALTH: i64 = 2;
    /// 发改委, development and reform.
    pub const DEVELOPMENT: i64 = 3;
    /// 人社局, human resources and social security (人社厅 in the province preset).
    pub const LABOUR: i64 = 4;
    /// 交通运输局, transport (交通运输厅 in the province preset).
    pub const TRANSPORT: i64 = 5;
    /// 商务局, commerce (商务厅 in the province preset).
    pub const COMMERCE: i64 = 6;
    /// 住建局, housing and urban-rural construction (住建厅 in the province preset).
    pub const CONSTRUCTION: i64 = 7;
    /// 市场监管局, market regulation.
    pub const MARKET: i64 = 8;
    /// 应急管理局, emergency management (应急管理厅 in the province preset).
    pub const EMERGENCY: i64 = 9;
    /// 金融办, local financial regulation.
    pub const FINANCE: i64 = 10;
    /// 公安局, public security (公安厅 in the province preset).
    pub const POLICE: i64 = 11;
    /// 组织部, the Party organisation department (alias 联络员办公室, the liaison office).
    pub const ORGANISATION: i64 = 12;
}

/// The departments of a preset, ids 1 to 12 in the order of [`dept`].
pub fn departments(province: bool) -> Vec<SeedDepartment> {
    let table = if province { &PROVINCE_DEPARTMENTS } else { &CITY_DEPARTMENTS };
    table
        .iter()
        .enumerate()
        .map(|(i, (name, short, aliases))| SeedDepartment {
            id: i as i64 + 1,
            name: name.to_string(),
            short_name: short.to_string(),
            aliases: aliases.iter().map(std::string::ToString::to_string).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::geography::{loudi, province_cities};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn departments_have_short_names_and_aliases() {
        for province in [false, true] {
            let ds = departments(province);
            assert_eq!(ds.len(), 12);
            assert!(ds.iter().all(|d| !d.short_name.is_empty() && !d.aliases.is_empty()));
        }
        let city = departments(false);
        assert_eq!(city[(dept::HEALTH - 1) as usize].name, "市卫生健康委员会");
        assert_eq!(city[(dept::TRANSPORT - 1) as usize].short_name, "交通运输局");
        assert!((20..=40).contains(&city_units("娄底日报社", &loudi().districts).len()));
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let districts: Vec<_> = province_cities(&mut rng).into_iter().flat_map(|c| c.districts).collect();
        let units = province_units(&districts);
        assert!((20..=40).contains(&units.len()), "{}", units.len());
    }
}
