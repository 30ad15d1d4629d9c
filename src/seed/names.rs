//! Name material for generated demo data: officers' names from common surnames and given-name
//! characters, and enterprise names from place, word, industry and suffix. No real people.

use std::collections::HashSet;

use rand::Rng;
use rand::seq::SliceRandom;

/// Common surnames with rough weights (per mille of the population, rounded).
const SURNAMES: [(&str, u32); 48] = [
    ("王", 72),
    ("李", 72),
    ("张", 68),
    ("刘", 54),
    ("陈", 45),
    ("杨", 31),
    ("黄", 23),
    ("赵", 22),
    ("吴", 20),
    ("周", 20),
    ("徐", 17),
    ("孙", 15),
    ("马", 15),
    ("朱", 14),
    ("胡", 13),
    ("郭", 12),
    ("何", 12),
    ("高", 11),
    ("林", 11),
    ("罗", 11),
    ("郑", 10),
    ("梁", 10),
    ("谢", 9),
    ("宋", 8),
    ("唐", 8),
    ("许", 7),
    ("韩", 7),
    ("冯", 7),
    ("邓", 7),
    ("曹", 7),
    ("彭", 7),
    ("曾", 6),
    ("肖", 6),
    ("田", 6),
    ("董", 5),
    ("袁", 5),
    ("潘", 5),
    ("于", 5),
    ("蒋", 5),
    ("蔡", 5),
    ("余", 5),
    ("杜", 4),
    ("叶", 4),
    ("程", 4),
    ("苏", 4),
    ("魏", 4),
    ("吕", 4),
    ("贺", 4),
];

/// Characters used in given names.
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌波辉宇浩凯鹏飞俊峰\
    亮红梅兰玲燕云琳晨欣怡婷雪慧颖佳欢璐倩琴蓉丹薇雯海涛振宁志鸿立新东林松柏湘楚江湖晓春秋冬\
    泽瑞祥德昌盛荣兴旺永安康乐福贵嘉铭轩逸博睿哲思远航宏毅昊天晟阳光朝辰星月萍莉娅蕾菲曼";

/// Two-character brand words of generated enterprise names.
const BRAND_A: &str = "华金宏鑫恒瑞丰德天新盛永兴昌嘉泰隆富源达通利益中正汇联远湘楚资涟星";
const BRAND_B: &str = "洋龙达源信丰泰盛昌通茂隆辉华宇兴邦诚润发祥光明成康安和顺泽峰岳科";

/// Industries of generated enterprises.
const INDUSTRIES: [&str; 40] = [
    "机械制造",
    "新材料",
    "电子科技",
    "生物科技",
    "食品",
    "纺织",
    "建材",
    "建设工程",
    "物流",
    "医药",
    "化工",
    "陶瓷",
    "五金制品",
    "服饰",
    "农业开发",
    "包装材料",
    "汽车零部件",
    "环保科技",
    "能源",
    "钢材加工",
    "锑品",
    "矿业",
    "电气设备",
    "精密铸造",
    "塑胶制品",
    "家具",
    "印务",
    "米业",
    "茶业",
    "竹木制品",
    "智能装备",
    "光电科技",
    "信息技术",
    "水泥",
    "冶金",
    "电池材料",
    "农产品加工",
    "卫生用品",
    "玻璃制品",
    "不锈钢制品",
];

/// Short products for the "…厂" form (光华机械厂).
const FACTORIES: [&str; 12] = [
    "机械厂",
    "农机厂",
    "造纸厂",
    "砖瓦厂",
    "纺织厂",
    "食品厂",
    "印刷厂",
    "锻造厂",
    "铸造厂",
    "服装厂",
    "木材加工厂",
    "电机厂",
];

/// Company suffixes, most common first.
const SUFFIXES: [&str; 5] = ["有限公司", "有限公司", "有限责任公司", "股份有限公司", "集团有限公司"];

/// Enterprises named in the sources, used as they are in every preset.
pub const KNOWN_ENTERPRISES: [&str; 7] = [
    "湖南邦普循环",
    "长沙市惠瑞生物科技",
    "湖南高岭建设集团",
    "湖南华洋茂建设工程",
    "光华机械厂",
    "文昌科技",
    "正新橡胶",
];

/// The chars of a string constant as a vector (the pools above are written as plain text).
fn chars(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Draws officers' names: a weighted surname and one or two given-name characters.
#[derive(Debug, Clone)]
pub struct PersonNames {
    given: Vec<char>,
    total_weight: u32,
}

impl Default for PersonNames {
    fn default() -> Self {
        Self::new()
    }
}

impl PersonNames {
    /// The name pool.
    pub fn new() -> Self {
        Self { given: chars(GIVEN), total_weight: SURNAMES.iter().map(|s| s.1).sum() }
    }

    /// A surname drawn by weight.
    pub fn surname(&self, rng: &mut impl Rng) -> &'static str {
        let mut pick = rng.gen_range(0..self.total_weight);
        for (s, w) in SURNAMES {
            if pick < w {
                return s;
            }
            pick -= w;
        }
        SURNAMES[0].0
    }

    /// A full name such as 刘晓燕 or 王磊.
    pub fn person(&self, rng: &mut impl Rng) -> String {
        let mut name = String::from(self.surname(rng));
        let n = if rng.gen_bool(0.7) { 2 } else { 1 };
        for _ in 0..n {
            name.push(*self.given.choose(rng).expect("pool is not empty"));
        }
        name
    }
}

/// Draws distinct enterprise names for one preset.
#[derive(Debug, Clone)]
pub struct EnterpriseNames {
    a: Vec<char>,
    b: Vec<char>,
    used: HashSet<String>,
}

impl Default for EnterpriseNames {
    fn default() -> Self {
        Self::new()
    }
}

impl EnterpriseNames {
    /// An empty set of used names.
    pub fn new() -> Self {
        Self { a: chars(BRAND_A), b: chars(BRAND_B), used: HashSet::new() }
    }

    /// Marks a name as taken (for the names from the sources).
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_string());
    }

    fn brand(&self, rng: &mut impl Rng) -> String {
        let mut s = String::with_capacity(6);
        s.push(*self.a.choose(rng).expect("pool is not empty"));
        s.push(*self.b.choose(rng).expect("pool is not empty"));
        s
    }

    /// A new distinct name. `place` is a short place word (湖南, 娄底, 涟源); `park` the park's
    /// name, used in the deliberately long names (about 1 in 150).
    pub fn next(&mut self, rng: &mut impl Rng, place: &str, park: &str) -> String {
        for attempt in 0..20 {
            let brand = self.brand(rng);
            let roll = rng.gen_range(0..150);
            let mut name = if roll == 0 {
                let ind = INDUSTRIES.choose(rng).expect("not empty");
                format!("湖南省{place}{park}{brand}高新技术{ind}研发制造有限责任公司")
            } else if roll < 12 {
                format!("{brand}{}", FACTORIES.choose(rng).expect("not empty"))
            } else if roll < 40 {
                format!("{brand}{}", INDUSTRIES.choose(rng).expect("not empty"))
            } else {
                let ind = INDUSTRIES.choose(rng).expect("not empty");
                let suffix = SUFFIXES.choose(rng).expect("not empty");
                let prefix = if rng.gen_bool(0.5) { place } else { "湖南" };
                format!("{prefix}{brand}{ind}{suffix}")
            };
            if attempt >= 10 {
                name.push_str(["（一分厂）", "（二分厂）", "（新厂区）"][attempt % 3]);
            }
            if self.used.insert(name.clone()) {
                return name;
            }
        }
        // Twenty collisions in a row: number it so it stays distinct.
        let name = format!("{place}{}{}号厂", self.brand(rng), self.used.len());
        self.used.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn person_names_are_two_or_three_chars_with_known_surname() {
        let pool = PersonNames::new();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..500 {
            let n = pool.person(&mut rng);
            let len = n.chars().count();
            assert!((2..=3).contains(&len), "{n}");
            let first: String = n.chars().take(1).collect();
            assert!(SURNAMES.iter().any(|s| s.0 == first), "{n}");
        }
    }

    #[test]
    fn enterprise_names_are_distinct_even_when_many() {
        let mut names = EnterpriseNames::new();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let mut seen = HashSet::new();
        for _ in 0..20_000 {
            assert!(seen.insert(names.next(&mut rng, "娄底", "万宝新区")));
        }
        assert!(seen.iter().any(|n| n.chars().count() > 25), "some long names");
        assert!(seen.iter().any(|n| n.ends_with('厂')), "some factories");
    }
}
