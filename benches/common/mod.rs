//! Fixtures shared by the benchmarks (`benches/scale.rs`) and the target
//! measurements (`benches/targets.rs`): generated plans of each size, the
//! nodes the operations work on, and driving the planner with messages.
#![allow(dead_code, reason = "each bench target uses a part of this module")]

use std::time::{Duration, Instant};

use allot::core::{Editor, NewNode, NodeIx, Plan, ROOT};
use allot::report::generate::generate;
use allot::tui::app::{App, Source};
use allot::tui::command::Command;
use allot::tui::config::Config;
use allot::tui::input::{Msg, TextOp};
use allot::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Plan sizes measured (nodes below national).
pub const DEFAULT_SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];
/// Levels of the main fixture plans: province, enterprise (as `allot
/// generate` by default: ~3,200 enterprises per province at 100,000 nodes).
pub const DEPTH: usize = 2;
/// Levels of the plan for "Set on a deep leaf".
pub const DEEP: usize = 5;
/// Seed of every generated plan (the default of `allot generate`).
pub const SEED: u64 = 1;
/// Terminal size of every drawn frame.
pub const SCREEN: (u16, u16) = (200, 50);
/// Children of the parent built for the dedicated rebalance benchmark.
pub const SIBLINGS: usize = 3_000;

/// The sizes to measure: `ALLOT_BENCH_SIZES=1000,10000` limits them.
///
/// # Panics
/// On a size that is not a whole number.
pub fn sizes() -> Vec<usize> {
    match std::env::var("ALLOT_BENCH_SIZES") {
        Ok(s) if !s.trim().is_empty() => s
            .split(',')
            .map(|x| {
                x.trim()
                    .replace('_', "")
                    .parse()
                    .expect("ALLOT_BENCH_SIZES: whole numbers separated by commas")
            })
            .collect(),
        _ => DEFAULT_SIZES.to_vec(),
    }
}

/// The main fixture plan of `n` nodes (what `allot generate --nodes n`
/// writes).
pub fn plan(n: usize) -> Plan {
    generate(n, DEPTH, SEED)
}

/// A plan of `n` nodes in [`DEEP`] levels, for "Set on a deep leaf".
pub fn deep_plan(n: usize) -> Plan {
    generate(n, DEEP, SEED)
}

/// The top-level nodes, in order.
pub fn provinces(plan: &Plan) -> Vec<NodeIx> {
    plan.children(ROOT).to_vec()
}

/// An unlocked leaf with some of quota 0 under an unlocked top-level node
/// with the most children: the enterprise the edits work on.
///
/// # Panics
/// When the plan has no such leaf.
pub fn enterprise(plan: &Plan) -> NodeIx {
    let mut tops = provinces(plan);
    tops.sort_by_key(|&p| std::cmp::Reverse(plan.children(p).len()));
    tops.iter()
        .filter(|&&p| !plan.node(p).locked)
        .flat_map(|&p| plan.children(p).iter().copied())
        .find(|&c| !plan.node(c).locked && !plan.is_parent(c) && plan.value(c, 0) > 1)
        .expect("an unlocked leaf with a value")
}

/// The deepest unlocked leaf with some of quota 0 (the last one in tree
/// order among the deepest).
///
/// # Panics
/// When the plan has no such leaf.
pub fn deepest_leaf(plan: &Plan) -> NodeIx {
    plan.preorder()
        .filter(|&n| {
            n != ROOT && !plan.is_parent(n) && !plan.node(n).locked && plan.value(n, 0) > 1
        })
        .max_by_key(|&n| plan.depth(n))
        .expect("a leaf")
}

/// An unlocked top-level node that can be scaled down by a tenth in quota 0.
///
/// # Panics
/// When there is none.
pub fn scalable_province(plan: &Plan) -> NodeIx {
    provinces(plan)
        .into_iter()
        .find(|&p| {
            let v = plan.value(p, 0);
            !plan.node(p).locked && v > 10 && plan.floor(p, 0) <= u128::from(v - v / 10)
        })
        .expect("a province that can be scaled")
}

/// A top-level node and quota with something unallocated and an unlocked
/// child to fill it into, preferring the node with the most children.
///
/// # Panics
/// When there is none.
pub fn fillable(plan: &Plan) -> (NodeIx, usize) {
    let mut tops = provinces(plan);
    tops.sort_by_key(|&p| std::cmp::Reverse(plan.children(p).len()));
    for p in tops {
        for q in 0..plan.quotas().len() {
            if plan.remainder(p, q) > 0 && plan.children(p).iter().any(|&c| !plan.node(c).locked) {
                return (p, q);
            }
        }
    }
    panic!("no remainder to fill")
}

/// The plan with one more top-level node that has exactly [`SIBLINGS`]
/// unlocked children, all with values; returns the plan and the first
/// child (the one whose value the rebalance benchmark sets).
///
/// # Panics
/// Never on a generated plan.
pub fn with_siblings(plan: &Plan) -> (Plan, NodeIx) {
    let mut ed = Editor::new(plan.clone());
    let per = |i: usize| 500 + (i as u64 * 7919) % 1_500;
    let sum: Vec<u64> = (0..3)
        .map(|q| (0..SIBLINGS).map(|i| per(i + q)).sum::<u64>() + 1_000)
        .collect();
    for (q, &s) in sum.iter().enumerate() {
        let total = ed.plan().value(ROOT, q);
        ed.set_value(ROOT, q, total + s)
            .expect("raise the national total");
    }
    let (parent, _) = ed
        .add_node(
            ROOT,
            None,
            NewNode {
                id: "bench-siblings".to_owned(),
                name: "Bench 3000 siblings 基准".to_owned(),
                values: sum,
                ..NewNode::default()
            },
        )
        .expect("add the parent");
    let mut first = None;
    for i in 0..SIBLINGS {
        let (c, _) = ed
            .add_node(
                parent,
                None,
                NewNode {
                    id: format!("bench-sibling-{i}"),
                    name: format!("Sibling {i} 企业"),
                    values: (0..3).map(|q| per(i + q)).collect(),
                    ..NewNode::default()
                },
            )
            .expect("add a child");
        first.get_or_insert(c);
    }
    (ed.into_plan(), first.expect("children were added"))
}

/// A terminal of [`SCREEN`] size on ratatui's test backend.
///
/// # Panics
/// Never.
pub fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SCREEN.0, SCREEN.1)).expect("a test terminal")
}

/// Draw one frame of the planner.
///
/// # Panics
/// Never: the test backend does not fail.
pub fn draw(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|f| ui::draw(f, app)).expect("draw");
}

/// The planner on `plan`, as `allot` opens it on a [`SCREEN`]-sized
/// terminal.
pub fn app(plan: Plan) -> App {
    App::new(plan, Source::Sample, Config::default(), SCREEN)
}

/// Select node `n` (revealing it) in column `col`, as a search or the arrow
/// keys would.
///
/// # Panics
/// When `n` is not in the plan.
pub fn select(app: &mut App, n: NodeIx, col: usize) {
    assert!(app.plan().is_live(n), "the node is in the plan");
    app.select(n, col);
}

/// Type an edit of the selected cell: `cmd` (Edit, `EditRebalance`,
/// `EditScale`), the digits of `value`, Enter. Returns whether it was
/// accepted.
pub fn type_edit(app: &mut App, cmd: Command, value: u64) -> bool {
    app.handle(Msg::Cmd(cmd));
    app.handle(Msg::Text(TextOp::Clear));
    for c in value.to_string().chars() {
        app.handle(Msg::Text(TextOp::Insert(c)));
    }
    app.handle(Msg::Submit);
    if app.dialog_name() == Some("edit") {
        app.handle(Msg::Cancel);
        return false;
    }
    true
}

/// Type a search for `query` and jump to the match with Enter.
pub fn type_search(app: &mut App, query: &str) {
    app.handle(Msg::Cmd(Command::Search));
    for c in query.chars() {
        app.handle(Msg::Text(TextOp::Insert(c)));
    }
    app.handle(Msg::Submit);
}

/// A search query for a node near the end of the tree (the id of the last
/// node in tree order): typing it walks the whole plan on every key.
pub fn far_query(plan: &Plan) -> String {
    let last = plan.preorder().last().expect("a node");
    plan.node(last).id.clone()
}

/// Run `op` `iters` times, timing only `op`; `reset` runs after each,
/// untimed, to bring the state back.
pub fn timed<S>(
    state: &mut S,
    iters: u64,
    mut op: impl FnMut(&mut S),
    mut reset: impl FnMut(&mut S),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let t = Instant::now();
        op(state);
        total += t.elapsed();
        reset(state);
    }
    total
}

/// The median of some durations.
///
/// # Panics
/// On an empty list.
pub fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// `VmHWM` (peak resident memory) and `VmRSS` of this process, in KiB, from
/// `/proc/self/status` (Linux only; None elsewhere).
pub fn memory_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}
