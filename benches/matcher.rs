//! How long ranking reassign candidates takes for one keystroke, with a Loudi-sized directory
//! (12 departments, 1,238 officers), and how long building the candidates takes.

// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use dutydesk::matcher::{Candidate, CandidateKind, rank};

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红";

fn directory() -> Vec<Candidate> {
    let departments = [
        "交通运输局",
        "卫健委",
        "工信局",
        "发改委",
        "人社局",
        "商务局",
        "住建局",
        "市场监管局",
        "应急管理局",
        "金融办",
        "公安局",
        "组织部",
    ];
    let mut out: Vec<Candidate> = departments
        .iter()
        .enumerate()
        .map(|(i, d)| Candidate::new(CandidateKind::Department, i as i64, d, &[]))
        .collect();
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    for i in 0..1238usize {
        let name = format!("{}{}{}", s[i % s.len()], g[(i * 7) % g.len()], g[(i * 13 + 5) % g.len()]);
        out.push(Candidate::new(CandidateKind::Officer, i as i64, &name, &[]));
    }
    out
}

fn bench(c: &mut Criterion) {
    c.bench_function("build 1,250 candidates", |b| b.iter(directory));
    let dir = directory();
    for q in ["j", "jt", "jiaotong", "卫健"] {
        c.bench_function(&format!("rank {q:?} over 1,250"), |b| b.iter(|| rank(q, &dir)));
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
