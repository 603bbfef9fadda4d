//! `allot generate`: a deterministic plan of any size, for benchmarks and
//! load tests. The same node count, depth and seed always give the same
//! bytes.
//!
//! Shape: up to 31 top-level nodes (as China has provinces), the other nodes
//! shared evenly over the deeper levels. Values: every leaf gets whole tonnes
//! of three quota kinds (some zero); each parent holds its children's sum
//! plus a little unallocated slack now and then; about one node in fifty is
//! locked. Names mix ASCII and Chinese.

use crate::core::model::Meta;
use crate::core::validate::{Amounts, NodeInput, QuotaInput, build};
use crate::core::{Plan, ROOT};

/// A small, fast, well-mixed generator (splitmix64); deterministic in the
/// seed on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

const PROVINCES: &[&str] = &[
    "Inner Mongolia 内蒙古",
    "Sichuan 四川",
    "Shandong 山东",
    "Jiangxi 江西",
    "Fujian 福建",
    "Guangdong 广东",
    "Guangxi 广西",
    "Hunan 湖南",
    "Yunnan 云南",
    "Hebei 河北",
    "Shanxi 山西",
    "Liaoning 辽宁",
    "Jilin 吉林",
    "Heilongjiang 黑龙江",
    "Jiangsu 江苏",
    "Zhejiang 浙江",
    "Anhui 安徽",
    "Henan 河南",
    "Hubei 湖北",
    "Hainan 海南",
    "Guizhou 贵州",
    "Shaanxi 陕西",
    "Gansu 甘肃",
    "Qinghai 青海",
    "Ningxia 宁夏",
    "Xinjiang 新疆",
    "Tibet 西藏",
    "Beijing 北京",
    "Tianjin 天津",
    "Shanghai 上海",
    "Chongqing 重庆",
];

const WORDS: &[&str] = &[
    "稀土",
    "矿业",
    "冶炼",
    "分离",
    "Rare Earth",
    "Mining",
    "Metals",
    "Resources",
    "有色",
    "Smelting",
    "新材料",
    "Group",
];

/// Counts of nodes per level (level 1 first) for `nodes` nodes in `depth`
/// levels.
fn level_sizes(nodes: usize, depth: usize) -> Vec<usize> {
    let depth = depth.max(1);
    let top = nodes.min(31);
    if depth == 1 || nodes <= top {
        return vec![nodes];
    }
    let rest = nodes - top;
    // Fan-out f per parent so that the deeper levels hold the rest:
    // top*(f + f^2 + ... + f^(depth-1)) ~= rest.
    let mut f = 1usize;
    loop {
        let mut total = 0usize;
        let mut level = top;
        for _ in 1..depth {
            level = level.saturating_mul(f);
            total = total.saturating_add(level);
        }
        if total >= rest {
            break;
        }
        f += 1;
    }
    let mut sizes = vec![top];
    let mut left = rest;
    for l in 1..depth {
        let want = if l + 1 == depth {
            left
        } else {
            (sizes[l - 1] * f).min(left)
        };
        sizes.push(want);
        left -= want;
    }
    sizes
}

struct Gen {
    rng: SplitMix,
    next_id: usize,
}

impl Gen {
    fn name(&mut self, level: usize, index: usize) -> String {
        if level == 1 && index < PROVINCES.len() {
            return PROVINCES[index].to_owned();
        }
        let a = WORDS[usize::try_from(self.rng.below(WORDS.len() as u64)).unwrap_or(0)];
        let b = WORDS[usize::try_from(self.rng.below(WORDS.len() as u64)).unwrap_or(0)];
        if self.rng.below(2) == 0 {
            format!("{a}{b} {index}")
        } else {
            format!("Enterprise {index} {a} {b}")
        }
    }

    fn id(&mut self) -> String {
        self.next_id += 1;
        format!("n{}", self.next_id)
    }
}

/// The sum of `quota` over `nodes`.
fn sum_of(nodes: &[NodeInput], quota: &str) -> u64 {
    nodes
        .iter()
        .map(|c| {
            c.alloc
                .iter()
                .find(|(k, _)| &**k == quota)
                .map_or(0, |(_, v)| match v {
                    Amounts::One(v) => *v,
                    _ => 0,
                })
        })
        .sum()
}

/// Write a generated plan to `out` (standard output when None or `-`; an
/// existing file only with `force`); returns the exit code.
pub fn run(
    nodes: usize,
    depth: usize,
    seed: u64,
    out: Option<&std::path::Path>,
    force: bool,
) -> u8 {
    use crate::storage::file::{Output, Policy};
    let plan = generate(nodes, depth, seed);
    let policy = Policy::named(force, Vec::new());
    let output = match out.map(|p| Output::check(p, &policy)) {
        None => Output::Stdout,
        Some(Ok(o)) => o,
        Some(Err(e)) => {
            let path = out.unwrap_or(std::path::Path::new("-"));
            let _ = crate::report::transfer::output_error(path, &e, path, &mut std::io::stderr());
            return 1;
        }
    };
    let mut stdout = std::io::stdout().lock();
    let written = output.write(&policy, &mut stdout, &mut |w, _| {
        crate::storage::format::write_json(&plan, w)
    });
    if let Err(e) = written {
        let m = crate::t!("apply-cannot-write", error = e.to_string());
        eprintln!(
            "{}: {}",
            crate::core::text::printable(&output.shown().display().to_string()),
            crate::t!("check-error", message = m)
        );
        return 1;
    }
    0
}

fn meta(nodes: usize, depth: usize, seed: u64) -> Meta {
    Meta {
        title: Some(format!(
            "Generated plan: {nodes} nodes, depth {depth}, seed {seed}"
        )),
        year: Some(2026),
        unit: Some("t REO".into()),
        levels: ["Province", "City", "County", "Enterprise", "Mine"]
            .iter()
            .take(depth.max(1))
            .map(|s| (*s).to_owned())
            .collect(),
    }
}

/// Generate a consistent plan of `nodes` nodes below national in `depth`
/// levels, from `seed`.
///
/// # Panics
/// Never: the generated plan is valid by construction.
pub fn generate(nodes: usize, depth: usize, seed: u64) -> Plan {
    let sizes = level_sizes(nodes, depth);
    let mut g = Gen {
        rng: SplitMix::new(seed),
        next_id: 0,
    };
    // Build level by level: parents[i] lists the children (indices into the
    // next level) of node i of this level.
    let mut levels: Vec<Vec<NodeInput>> = Vec::new();
    for (l, &count) in sizes.iter().enumerate() {
        let mut level = Vec::with_capacity(count);
        for i in 0..count {
            let locked = g.rng.below(50) == 0;
            let name = g.name(l + 1, i);
            let id = g.id();
            level.push(NodeInput {
                id,
                name,
                locked,
                ..NodeInput::default()
            });
        }
        levels.push(level);
    }
    // Values bottom-up; hang children under parents evenly.
    let quotas = ["rock", "ion", "smelting"];
    let mut below: Vec<NodeInput> = Vec::new();
    for l in (0..levels.len()).rev() {
        let mut level = std::mem::take(&mut levels[l]);
        let parents = level.len().max(1);
        let mut kids: Vec<Vec<NodeInput>> = vec![Vec::new(); parents];
        for (i, child) in below.into_iter().enumerate() {
            kids[i % parents].push(child);
        }
        for (node, children) in level.iter_mut().zip(kids) {
            let mut alloc = Vec::with_capacity(3);
            for (q, quota) in quotas.iter().enumerate() {
                let sum = sum_of(&children, quota);
                let v = if children.is_empty() {
                    // Leaves: mostly rock and smelting, some ion, some zero.
                    match (q, g.rng.below(10)) {
                        (1, 0..=6) | (_, 0) => 0,
                        _ => 1 + g.rng.below(2_000),
                    }
                } else if g.rng.below(4) == 0 {
                    sum + g.rng.below(500)
                } else {
                    sum
                };
                alloc.push(((*quota).into(), v.into()));
            }
            node.alloc = alloc;
            node.nodes = children;
        }
        below = level;
    }
    let totals: Vec<u64> = quotas
        .iter()
        .map(|quota| sum_of(&below, quota) + 1_000)
        .collect();
    let names = [
        "Rock-type mining",
        "Ion-adsorption mining",
        "Smelting and separation",
    ];
    let quota_inputs: Vec<QuotaInput> = quotas
        .iter()
        .zip(names)
        .zip(&totals)
        .map(|((id, name), &total)| QuotaInput::stored(id, name, total))
        .collect();
    let plan =
        build(meta(nodes, depth, seed), &quota_inputs, below).expect("a generated plan is valid");
    debug_assert!(plan.is_consistent() && plan.len() == nodes + 1 && plan.value(ROOT, 0) > 0);
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::to_json;

    #[test]
    fn shapes_and_sizes() {
        assert_eq!(level_sizes(1000, 2), vec![31, 969]);
        assert_eq!(level_sizes(10, 3), vec![10]);
        let s = level_sizes(100_000, 3);
        assert_eq!(s.iter().sum::<usize>(), 100_000);
        assert_eq!(s[0], 31);
        let p = generate(1000, 2, 7);
        assert_eq!(p.len(), 1001);
        assert!(p.is_consistent());
        assert!(!p.is_balanced(), "some remainders are left");
        assert!(p.preorder().any(|n| p.node(n).locked));
        assert!(p.preorder().any(|n| !p.node(n).name.is_ascii()));
        p.audit().unwrap();
        // Deep plans too.
        let d = generate(5000, 4, 1);
        assert_eq!(d.len(), 5001);
        assert!(d.preorder().any(|n| d.depth(n) == 4));
        assert!(d.is_consistent());
    }

    #[test]
    fn deterministic_in_the_seed() {
        assert_eq!(
            to_json(&generate(500, 2, 42)),
            to_json(&generate(500, 2, 42))
        );
        assert_ne!(
            to_json(&generate(500, 2, 42)),
            to_json(&generate(500, 2, 43))
        );
    }
}
