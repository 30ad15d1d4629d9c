//! Geography of each preset: counties and districts with their parks (industrial parks,
//! high-tech zones, towns, sub-districts), real for the city presets, patterned for the province.

use rand::Rng;
use rand::seq::SliceRandom;

/// A park to generate, with its relative share of the enterprises.
#[derive(Debug, Clone)]
pub struct ParkSpec {
    /// The park's name as stored and shown (万宝新区, 娄底经济技术开发区, …).
    pub name: String,
    /// Relative weight of its enterprise count.
    pub weight: f64,
}

/// A county or district with its parks.
#[derive(Debug, Clone)]
pub struct DistrictSpec {
    /// The county's or district's name (娄星区, …); also names its local unit (娄星区直机关).
    pub name: String,
    /// Short place word used in enterprise names.
    pub place: String,
    /// The parks in it, each with its share of the enterprises.
    pub parks: Vec<ParkSpec>,
    /// The local dispatching unit that staffs many of its officers (区直机关, 市直机关).
    pub local_unit: String,
}

fn park(name: &str, weight: f64) -> ParkSpec {
    ParkSpec { name: name.to_string(), weight }
}

fn district(name: &str, place: &str, parks: Vec<ParkSpec>) -> DistrictSpec {
    let local_unit = format!("{name}直机关");
    DistrictSpec { name: name.to_string(), place: place.to_string(), parks, local_unit }
}

/// A city (prefecture) with its counties and districts.
#[derive(Debug, Clone)]
pub struct CitySpec {
    /// The city's name as stored and shown (娄底市, 湘西土家族苗族自治州, …).
    pub name: String,
    /// Its counties and districts, each named without the city (岳麓区, not 长沙市岳麓区).
    pub districts: Vec<DistrictSpec>,
}

/// 娄底市 with its districts and parks.
pub fn loudi() -> CitySpec {
    CitySpec { name: "娄底市".into(), districts: loudi_districts() }
}

/// 长沙市 with its districts and parks.
pub fn changsha() -> CitySpec {
    CitySpec { name: "长沙市".into(), districts: changsha_districts() }
}

/// Districts and parks of Loudi.
fn loudi_districts() -> Vec<DistrictSpec> {
    vec![
        district(
            "娄星区",
            "娄底",
            vec![
                park("万宝新区", 1.6),
                park("娄底经济技术开发区", 1.8),
                park("娄星工业集中区", 1.0),
                park("乐坪街道", 0.6),
            ],
        ),
        district("涟源市", "涟源", vec![park("涟源经济开发区", 1.2), park("桥头河镇", 0.5), park("蓝田街道", 0.5)]),
        district("冷水江市", "冷水江", vec![park("冷水江工业园", 1.1), park("锡矿山街道", 0.5)]),
        district("双峰县", "双峰", vec![park("双峰经济开发区", 1.1), park("永丰街道", 0.5)]),
        district("新化县", "新化", vec![park("新化经济开发区", 1.0), park("上梅街道", 0.6)]),
    ]
}

/// Districts and parks of Changsha.
fn changsha_districts() -> Vec<DistrictSpec> {
    vec![
        district("芙蓉区", "长沙", vec![park("隆平高科技园", 0.5), park("东屯渡街道", 0.8), park("马坡岭街道", 0.6)]),
        district("开福区", "长沙", vec![park("伍家岭街道", 0.7), park("马栏山视频文创园", 0.8), park("洪山街道", 0.6)]),
        district("岳麓区", "长沙", vec![park("长沙高新技术产业开发区", 2.0), park("岳麓科技产业园", 0.9)]),
        district("雨花区", "长沙", vec![park("雨花经济开发区", 1.2), park("长沙环保科技产业园", 0.8)]),
        district("天心区", "长沙", vec![park("天心经济开发区", 0.9), park("暮云街道", 0.6)]),
        district("望城区", "望城", vec![park("望城经济技术开发区", 1.3), park("铜官街道", 0.5)]),
        district("长沙县", "星沙", vec![park("长沙经济技术开发区", 2.2), park("星沙街道", 0.7), park("黄花镇", 0.6)]),
        district(
            "浏阳市",
            "浏阳",
            vec![park("浏阳经济技术开发区", 1.5), park("浏阳高新技术产业开发区", 1.0), park("大瑶镇", 0.7)],
        ),
        district(
            "宁乡市",
            "宁乡",
            vec![park("宁乡高新区", 1.4), park("宁乡经济技术开发区", 1.2), park("花明楼镇", 0.5)],
        ),
    ]
}

/// The province of the `province` preset.
pub const PROVINCE: &str = "湖南省";

/// The 14 cities (prefectures) of Hunan and all their 122 county-level divisions (districts,
/// county-level cities, counties and autonomous counties), as of the 2021 changes (邵东市,
/// 祁阳市, 渌口区).
const HUNAN: [(&str, &[&str]); 14] = [
    ("长沙市", &["芙蓉区", "天心区", "岳麓区", "开福区", "雨花区", "望城区", "长沙县", "浏阳市", "宁乡市"]),
    ("株洲市", &["荷塘区", "芦淞区", "石峰区", "天元区", "渌口区", "攸县", "茶陵县", "炎陵县", "醴陵市"]),
    ("湘潭市", &["雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市"]),
    (
        "衡阳市",
        &[
            "珠晖区",
            "雁峰区",
            "石鼓区",
            "蒸湘区",
            "南岳区",
            "衡阳县",
            "衡南县",
            "衡山县",
            "衡东县",
            "祁东县",
            "耒阳市",
            "常宁市",
        ],
    ),
    (
        "邵阳市",
        &[
            "双清区",
            "大祥区",
            "北塔区",
            "新邵县",
            "邵阳县",
            "隆回县",
            "洞口县",
            "绥宁县",
            "新宁县",
            "城步苗族自治县",
            "武冈市",
            "邵东市",
        ],
    ),
    ("岳阳市", &["岳阳楼区", "云溪区", "君山区", "岳阳县", "华容县", "湘阴县", "平江县", "汨罗市", "临湘市"]),
    ("常德市", &["武陵区", "鼎城区", "安乡县", "汉寿县", "澧县", "临澧县", "桃源县", "石门县", "津市市"]),
    ("张家界市", &["永定区", "武陵源区", "慈利县", "桑植县"]),
    ("益阳市", &["资阳区", "赫山区", "南县", "桃江县", "安化县", "沅江市"]),
    (
        "郴州市",
        &["北湖区", "苏仙区", "桂阳县", "宜章县", "永兴县", "嘉禾县", "临武县", "汝城县", "桂东县", "安仁县", "资兴市"],
    ),
    (
        "永州市",
        &[
            "零陵区",
            "冷水滩区",
            "东安县",
            "双牌县",
            "道县",
            "江永县",
            "宁远县",
            "蓝山县",
            "新田县",
            "江华瑶族自治县",
            "祁阳市",
        ],
    ),
    (
        "怀化市",
        &[
            "鹤城区",
            "中方县",
            "沅陵县",
            "辰溪县",
            "溆浦县",
            "会同县",
            "麻阳苗族自治县",
            "新晃侗族自治县",
            "芷江侗族自治县",
            "靖州苗族侗族自治县",
            "通道侗族自治县",
            "洪江市",
        ],
    ),
    ("娄底市", &["娄星区", "双峰县", "新化县", "冷水江市", "涟源市"]),
    ("湘西土家族苗族自治州", &["吉首市", "泸溪县", "凤凰县", "花垣县", "保靖县", "古丈县", "永顺县", "龙山县"]),
];

/// Words for generated towns and sub-districts.
const TOWN_WORDS: [&str; 40] = [
    "青山", "金桥", "白沙", "石门", "桥头", "龙潭", "花园", "新塘", "杨家", "梅林", "黄土", "枫林", "长岭", "高桥",
    "双江", "三塘", "马安", "清水", "大湾", "麻田", "柏树", "荷塘", "水口", "太平", "茶园", "横山", "竹山", "铁山",
    "新桥", "油溪", "沙坪", "文星", "湘江", "鹿山", "桃花", "洪桥", "金星", "龙泉", "莲花", "望岳",
];

/// The stem of a county name for park names: 浏阳市 → 浏阳, 江华瑶族自治县 → 江华, 道县 → 道县.
fn stem(county: &str) -> String {
    let chars: Vec<char> = county.chars().collect();
    if county.contains("自治") {
        return chars[..2].iter().collect();
    }
    if chars.len() <= 2 {
        return county.to_string();
    }
    chars[..chars.len() - 1].iter().collect()
}

/// The cities of the province-wide preset with their real counties and districts, and parks
/// generated by the naming patterns of parks (经济开发区, 高新技术产业开发区, 工业集中区, towns,
/// sub-districts). Park names repeat across counties (two 枫林街道), never within one.
pub fn province_cities(rng: &mut impl Rng) -> Vec<CitySpec> {
    let mut out = Vec::new();
    for (city, counties) in HUNAN {
        let mut districts = Vec::new();
        for county in counties {
            let s = stem(county);
            let mut parks = vec![park(&format!("{s}经济开发区"), rng.gen_range(1.2..2.2))];
            if rng.gen_bool(0.5) {
                parks.push(park(&format!("{s}高新技术产业开发区"), rng.gen_range(1.0..1.8)));
            }
            parks.push(park(&format!("{s}工业集中区"), rng.gen_range(0.8..1.4)));
            if rng.gen_bool(0.4) {
                parks.push(park(&format!("{s}产业园"), rng.gen_range(0.6..1.2)));
            }
            let mut words = TOWN_WORDS.to_vec();
            words.shuffle(rng);
            let towns = rng.gen_range(2..=4);
            for (i, w) in words.iter().take(towns).enumerate() {
                let kind = if i % 2 == 0 { "镇" } else { "街道" };
                parks.push(park(&format!("{w}{kind}"), rng.gen_range(0.3..0.8)));
            }
            let mut d = district(county, &s, parks);
            d.local_unit = format!("{city}直机关");
            districts.push(d);
        }
        out.push(CitySpec { name: city.to_string(), districts });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn stems() {
        assert_eq!(stem("浏阳市"), "浏阳");
        assert_eq!(stem("江华瑶族自治县"), "江华");
        assert_eq!(stem("道县"), "道县");
        assert_eq!(stem("岳阳楼区"), "岳阳楼");
    }

    #[test]
    fn stems_of_autonomous_and_two_character_counties() {
        assert_eq!(stem("城步苗族自治县"), "城步");
        assert_eq!(stem("靖州苗族侗族自治县"), "靖州");
        assert_eq!(stem("南县"), "南县");
        assert_eq!(stem("津市市"), "津市");
    }

    #[test]
    fn hunan_has_14_cities_and_122_counties_named_without_the_city() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let cities = province_cities(&mut rng);
        assert_eq!(cities.len(), 14);
        let ds: Vec<&DistrictSpec> = cities.iter().flat_map(|c| &c.districts).collect();
        assert_eq!(ds.len(), 122);
        let mut names: Vec<&str> = ds.iter().map(|d| d.name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 122, "county names are unique in Hunan");
        for c in &cities {
            assert!(c.name.ends_with('市') || c.name.ends_with('州'), "{}", c.name);
            for d in &c.districts {
                assert!(!d.name.starts_with(&c.name), "{} keeps no city prefix", d.name);
                assert!(["区", "市", "县"].iter().any(|k| d.name.ends_with(k)), "{}", d.name);
            }
        }
        let changsha = &cities[0];
        assert_eq!(changsha.name, "长沙市");
        assert!(changsha.districts.iter().any(|d| d.name == "岳麓区"));
        let xiangxi = cities.iter().find(|c| c.name == "湘西土家族苗族自治州").unwrap();
        assert_eq!(xiangxi.districts.len(), 8);
        for d in &ds {
            let mut names: Vec<_> = d.parks.iter().map(|p| p.name.as_str()).collect();
            let n = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), n, "{}", d.name);
        }
        assert!(ds.iter().map(|d| d.parks.len()).sum::<usize>() > 250);
    }
}
