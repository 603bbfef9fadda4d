//! Property tests of the plan engine over random plans and random sequences
//! of operations, undo and redo included.
#![allow(
    clippy::many_single_char_names,
    clippy::items_after_statements,
    clippy::needless_range_loop,
    clippy::cast_possible_truncation,
    clippy::manual_checked_ops,
    clippy::too_many_lines
)]

use allot::core::layout::{Batch, Sel};
use allot::core::model::Meta;
use allot::core::validate::{NodeInput, QuotaInput, build};
use allot::core::{Editor, FillBy, NewNode, NodeIx, Plan};
use allot::storage::to_json;
use proptest::prelude::*;

/// A random tree: for each node (in creation order) the index of its parent
/// among earlier nodes (or the root), a weight used to draw its values, and
/// whether it is locked.
#[derive(Debug, Clone)]
struct TreeSpec {
    totals: Vec<u64>,
    nodes: Vec<(usize, u64, bool)>,
    fill_percent: u64,
    derived: bool,
}

fn tree_spec() -> impl Strategy<Value = TreeSpec> {
    (
        prop::collection::vec(0u64..2_000_000, 1..4),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                0u64..100,
                prop::bool::weighted(0.2),
            ),
            0..30,
        ),
        50u64..=100,
        any::<bool>(),
    )
        .prop_map(|(totals, raw, fill_percent, derived)| {
            let nodes = raw
                .into_iter()
                .enumerate()
                .map(|(i, (idx, w, locked))| (idx.index(i + 1), w, locked))
                .collect();
            TreeSpec {
                totals,
                nodes,
                fill_percent,
                derived,
            }
        })
}

/// Build a consistent plan from a spec: each parent gives out at most
/// `fill_percent` of its value, split by the children's weights.
fn make_plan(spec: &TreeSpec) -> Plan {
    let nq = spec.totals.len();
    let count = spec.nodes.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); count + 1];
    for (i, &(parent, _, _)) in spec.nodes.iter().enumerate() {
        children[parent].push(i + 1);
    }
    let mut values = vec![vec![0u64; nq]; count + 1];
    values[0].clone_from(&spec.totals);
    // Slot order is creation order, so parents come before children.
    for p in 0..=count {
        let kids = &children[p];
        let wsum: u64 = kids.iter().map(|&k| spec.nodes[k - 1].1).sum();
        for q in 0..nq {
            let budget = values[p][q] / 100 * spec.fill_percent;
            for &k in kids {
                values[k][q] = if wsum == 0 {
                    0
                } else {
                    budget / wsum * spec.nodes[k - 1].1
                };
            }
        }
    }
    fn input(i: usize, spec: &TreeSpec, children: &[Vec<usize>], values: &[Vec<u64>]) -> NodeInput {
        NodeInput {
            id: format!("n{i}"),
            name: if i.is_multiple_of(3) {
                format!("节点{i}")
            } else {
                format!("Node {i}")
            },
            alloc: values[i]
                .iter()
                .enumerate()
                .map(|(q, &v)| (format!("q{q}").into(), v.into()))
                .collect(),
            locked: spec.nodes[i - 1].2,
            note: None,
            nodes: children[i]
                .iter()
                .map(|&c| input(c, spec, children, values))
                .collect(),
        }
    }
    let mut quotas: Vec<QuotaInput> = (0..nq)
        .map(|q| QuotaInput {
            id: format!("q{q}"),
            name: format!("Quota {q}"),
            total: Some((spec.totals[q]).into()),
            unit: None,
            sum_of: None,
        })
        .collect();
    // A derived kind over every stored one (as mining over rock-type and
    // ion-adsorption).
    if spec.derived {
        quotas.push(QuotaInput {
            id: "all".to_owned(),
            name: "All".to_owned(),
            total: None,
            unit: None,
            sum_of: Some((0..nq).map(|q| format!("q{q}")).collect()),
        });
    }
    let tops = children[0]
        .iter()
        .map(|&c| input(c, spec, &children, &values))
        .collect();
    build(Meta::default(), &quotas, tops).expect("generated plan is valid")
}

const REL: u64 = 10_000_000_000_000_000;

/// Resolve a drawn value: relative ones are a percentage of `current`.
fn resolve(v: u64, current: u64) -> u64 {
    if (REL..REL + 1000).contains(&v) {
        current / 100 * (v - REL) + current % 100 * (v - REL) / 100
    } else {
        v
    }
}

#[derive(Debug, Clone)]
enum Op {
    Set(usize, usize, u64),
    Rebalance(usize, usize, u64),
    Scale(usize, usize, u64),
    Fill(usize, usize),
    FillAll(usize),
    Lock(usize, bool),
    Add(usize, u64),
    Delete(usize),
    Move(usize, usize),
    Rename(usize),
    AddQuota(u64),
    DeleteQuota(usize),
    AddBatch(u64),
    DeleteBatch(usize),
    MoveBatch(usize, usize),
    FillBy(usize, usize, usize),
    FillDown(usize, usize),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    let n = any::<usize>();
    let q = 0usize..4;
    // Values: mostly near existing magnitudes, sometimes extreme.
    // Values: mostly relative to the current value (encoded as 10^16 + percent),
    // sometimes absolute or extreme.
    let v = prop_oneof![
        4 => (0u64..250).prop_map(|p| REL + p),
        2 => 0u64..3_000_000,
        1 => Just(0u64),
        1 => Just(1_000_000_000_000_000u64),
        1 => Just(u64::MAX),
    ];
    prop_oneof![
        4 => (n, q.clone(), v.clone()).prop_map(|(a, b, c)| Op::Set(a, b, c)),
        4 => (n, q.clone(), v.clone()).prop_map(|(a, b, c)| Op::Rebalance(a, b, c)),
        3 => (n, q.clone(), v.clone()).prop_map(|(a, b, c)| Op::Scale(a, b, c)),
        2 => (n, q.clone()).prop_map(|(a, b)| Op::Fill(a, b)),
        1 => n.prop_map(Op::FillAll),
        2 => (n, any::<bool>()).prop_map(|(a, b)| Op::Lock(a, b)),
        2 => (n, 0u64..1000).prop_map(|(a, b)| Op::Add(a, b)),
        1 => n.prop_map(Op::Delete),
        2 => (n, n).prop_map(|(a, b)| Op::Move(a, b)),
        1 => n.prop_map(Op::Rename),
        1 => (0u64..1_000_000).prop_map(Op::AddQuota),
        1 => q.clone().prop_map(Op::DeleteQuota),
        2 => (0u64..150).prop_map(Op::AddBatch),
        1 => (0usize..4).prop_map(Op::DeleteBatch),
        1 => (0usize..4, 0usize..4).prop_map(|(a, b)| Op::MoveBatch(a, b)),
        3 => (n, q.clone(), 0usize..5).prop_map(|(a, b, c)| Op::FillBy(a, b, c)),
        2 => (n, q).prop_map(|(a, b)| Op::FillDown(a, b)),
        3 => Just(Op::Undo),
        2 => Just(Op::Redo),
    ]
}

/// Every node's cumulative figure of every kind, by (node id, kind id).
fn cumulative(plan: &Plan) -> std::collections::HashMap<(String, String), u128> {
    let layout = plan.layout();
    plan.preorder()
        .flat_map(|n| {
            layout.kinds().iter().enumerate().map(move |(k, kind)| {
                (
                    (plan.node(n).id.clone(), kind.id.clone()),
                    plan.figure(n, k, Sel::Cumulative),
                )
            })
        })
        .collect()
}

/// At every node: a cumulative figure is the sum of the batches', and a
/// derived kind's figure the sum of its parts', in each batch.
fn check_figures(plan: &Plan) -> Result<(), TestCaseError> {
    let layout = plan.layout();
    let nb = layout.batch_count();
    for n in plan.preorder() {
        for (k, kind) in layout.kinds().iter().enumerate() {
            let by_batch: u128 = (0..nb).map(|b| plan.figure(n, k, Sel::Batch(b))).sum();
            prop_assert_eq!(plan.figure(n, k, Sel::Cumulative), by_batch);
            for b in 0..nb {
                let figure = plan.figure(n, k, Sel::Batch(b));
                if kind.is_derived() {
                    let parts: u128 = kind
                        .sum_of
                        .iter()
                        .map(|&p| plan.figure(n, p, Sel::Batch(b)))
                        .sum();
                    prop_assert_eq!(figure, parts, "derived {} at {:?}", kind.id, n);
                } else {
                    let c = layout.column(k, b).expect("a stored kind has a column");
                    prop_assert_eq!(figure, u128::from(plan.value(n, c)));
                }
            }
        }
    }
    Ok(())
}

fn live_nodes(plan: &Plan) -> Vec<NodeIx> {
    plan.preorder().collect()
}

fn locked_values(plan: &Plan) -> Vec<(NodeIx, Vec<u64>)> {
    plan.preorder()
        .filter(|&n| plan.node(n).locked)
        .map(|n| (n, plan.values(n).to_vec()))
        .collect()
}

/// Apply one op; check the properties that depend on its kind.
fn step(ed: &mut Editor, op: &Op, counter: &mut usize) -> Result<(), TestCaseError> {
    let nodes = live_nodes(ed.plan());
    let pick = |i: usize| nodes[i % nodes.len()];
    let nq = ed.plan().quotas().len();
    let before_json = to_json(ed.plan());
    let before_rev = ed.revision();
    let was_consistent = ed.plan().is_consistent();
    let locked_before = locked_values(ed.plan());
    let mut redistributes = false;
    let mut cumulative_checked = false;
    let cumulative_before = cumulative(ed.plan());
    let result: Result<allot::core::Outcome, allot::core::Refusal> = match *op {
        Op::Set(n, q, v) => {
            let (n, q) = (pick(n), q % nq);
            ed.set_value(n, q, resolve(v, ed.plan().value(n, q)))
        }
        Op::Rebalance(n, q, v) => {
            redistributes = true;
            let n = pick(n);
            let q = q % nq;
            let v = resolve(v, ed.plan().value(n, q));
            let parent = ed.plan().parent(n);
            let parent_alloc = parent.map(|p| ed.plan().allocated(p, q));
            let r = ed.set_rebalance(n, q, v);
            if r.is_ok() && ed.revision() != before_rev {
                let p = parent.expect("rebalance succeeded on a node with a parent");
                prop_assert_eq!(
                    Some(ed.plan().allocated(p, q)),
                    parent_alloc,
                    "parent's sum kept"
                );
                prop_assert_eq!(ed.plan().value(n, q), v);
            }
            r
        }
        Op::Scale(n, q, v) => {
            redistributes = true;
            let n = pick(n);
            let q = q % nq;
            let v = resolve(v, ed.plan().value(n, q));
            let r = ed.scale(n, q, v);
            if r.is_ok() {
                prop_assert_eq!(ed.plan().value(n, q), v);
            }
            r
        }
        Op::Fill(n, q) => {
            redistributes = true;
            let n = pick(n);
            let q = q % nq;
            let rem = ed.plan().remainder(n, q);
            let kids: Vec<(NodeIx, u64)> = ed
                .plan()
                .children(n)
                .iter()
                .filter(|&&c| !ed.plan().node(c).locked)
                .map(|&c| (c, ed.plan().value(c, q)))
                .collect();
            // In a later batch the weights may be the earlier batches'.
            let first_batch = ed.plan().layout().column_of(q).1 == 0;
            let r = ed.fill(n, q);
            if r.is_ok() {
                prop_assert_eq!(
                    ed.plan().remainder(n, q),
                    0,
                    "fill leaves nothing unallocated"
                );
            }
            if r.is_ok() && first_batch {
                // Each share is the exact proportional share rounded down or up.
                let w: u128 = kids.iter().map(|k| u128::from(k.1)).sum();
                let rem = u128::try_from(rem).expect("fill needs a positive remainder");
                for &(c, before) in &kids {
                    let got = u128::from(ed.plan().value(c, q) - before);
                    let (lo, hi) = if w == 0 {
                        let k = kids.len() as u128;
                        (rem / k, rem.div_ceil(k))
                    } else {
                        (
                            rem * u128::from(before) / w,
                            (rem * u128::from(before)).div_ceil(w),
                        )
                    };
                    prop_assert!(
                        lo <= got && got <= hi,
                        "share {} outside [{}, {}]",
                        got,
                        lo,
                        hi
                    );
                }
            }
            r
        }
        Op::FillAll(n) => {
            redistributes = true;
            ed.fill_all(pick(n))
        }
        Op::Lock(n, l) => ed.set_locked(pick(n), l),
        Op::Add(n, v) => {
            *counter += 1;
            let spec = NewNode {
                id: format!("new{counter}"),
                name: format!("New {counter}"),
                values: vec![v; nq],
                ..NewNode::default()
            };
            ed.add_node(pick(n), None, spec).map(|(_, m)| m)
        }
        Op::Delete(n) => ed.delete(pick(n)),
        Op::Move(n, to) => ed.move_to(pick(n), pick(to), None),
        Op::Rename(n) => ed.rename(pick(n), "Renamed 改名"),
        Op::AddQuota(t) => {
            *counter += 1;
            ed.add_quota(&format!("extra{counter}"), "Extra", t)
        }
        Op::DeleteQuota(q) => ed.delete_quota(q % nq),
        Op::AddBatch(pct) => {
            *counter += 1;
            // Totals: a percentage of the last batch's.
            let plan = ed.plan();
            let layout = plan.layout();
            let last = layout.batch_count() - 1;
            let totals: Vec<(usize, u64)> = layout
                .stored()
                .iter()
                .map(|&k| {
                    let v = plan.value(allot::core::ROOT, layout.column(k, last).unwrap());
                    (k, v / 100 * pct)
                })
                .collect();
            let batch = |id: String| Batch {
                name: format!("Batch {id}"),
                id,
                date: None,
                notice: None,
            };
            ed.add_batch(
                batch(format!("b{counter}")),
                &totals,
                Some(batch(format!("first{counter}"))),
            )
        }
        Op::DeleteBatch(b) => {
            let nb = ed.plan().layout().batches().len().max(1);
            ed.delete_batch(b % nb)
        }
        Op::MoveBatch(a, b) => {
            let nb = ed.plan().layout().batches().len().max(1);
            ed.move_batch(a % nb, b % nb)
        }
        Op::FillBy(n, q, by) => {
            redistributes = true;
            cumulative_checked = true;
            let by = [
                None,
                Some(FillBy::Current),
                Some(FillBy::Previous),
                Some(FillBy::Cumulative),
                Some(FillBy::Equal),
            ][by];
            let (n, q) = (pick(n), q % nq);
            let r = ed.fill_by(n, q, by);
            if r.is_ok() {
                prop_assert_eq!(ed.plan().remainder(n, q), 0, "a fill leaves nothing");
            }
            r
        }
        Op::FillDown(n, q) => {
            redistributes = true;
            cumulative_checked = true;
            ed.fill_down(pick(n), q % nq, None)
        }
        Op::Undo => ed.undo(),
        Op::Redo => ed.redo(),
    };
    if let Err(e) = &result {
        prop_assert!(!e.to_string().is_empty(), "a refusal says why");
        prop_assert_eq!(
            &to_json(ed.plan()),
            &before_json,
            "refused {:?} changed the plan",
            op
        );
        prop_assert_eq!(ed.revision(), before_rev);
    }
    if let Err(e) = ed.plan().audit() {
        return Err(TestCaseError::fail(format!(
            "cached sums wrong after {op:?}: {e}"
        )));
    }
    check_figures(ed.plan())?;
    if cumulative_checked && result.is_ok() {
        // A fill only adds: no cumulative figure goes down.
        let after = cumulative(ed.plan());
        for (key, before) in &cumulative_before {
            let now = after.get(key).copied().unwrap_or(0);
            prop_assert!(
                now >= *before,
                "{:?} lowered {:?}: {} -> {}",
                op,
                key,
                before,
                now
            );
        }
    }
    if was_consistent && !matches!(op, Op::Undo | Op::Redo) {
        prop_assert!(ed.plan().is_consistent(), "{:?} broke consistency", op);
    }
    if redistributes {
        for (n, vals) in locked_before {
            prop_assert_eq!(
                ed.plan().values(n),
                &vals[..],
                "locked node changed by {:?}",
                op
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn operations_keep_the_invariants(spec in tree_spec(), ops in prop::collection::vec(op(), 1..40)) {
        let plan = make_plan(&spec);
        prop_assert!(plan.is_consistent());
        plan.audit().map_err(TestCaseError::fail)?;
        let original = to_json(&plan);
        let mut ed = Editor::new(plan);
        let mut counter = 0;
        for op in &ops {
            step(&mut ed, op, &mut counter)?;
        }
        let end = to_json(ed.plan());
        let mut undone = 0;
        while ed.undo().is_ok() {
            undone += 1;
            ed.plan().audit().map_err(TestCaseError::fail)?;
        }
        prop_assert_eq!(&to_json(ed.plan()), &original, "undo of everything restores the original");
        for _ in 0..undone {
            prop_assert!(ed.redo().is_ok());
        }
        prop_assert_eq!(&to_json(ed.plan()), &end, "redo of everything restores the end state");
    }

    #[test]
    fn plans_without_batches_are_written_as_version_one_and_read_back_the_same(spec in tree_spec()) {
        let mut spec = spec;
        spec.derived = false;
        let text = to_json(&make_plan(&spec));
        prop_assert!(text.contains("\"version\": 1"));
        let again = allot::storage::parse_plan(&text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(&to_json(&again), &text, "byte for byte");
    }

    #[test]
    fn batched_plans_round_trip(spec in tree_spec(), ops in prop::collection::vec(op(), 1..20)) {
        let plan = make_plan(&spec);
        let mut ed = Editor::new(plan);
        let mut counter = 0;
        for op in &ops {
            step(&mut ed, op, &mut counter)?;
        }
        let text = to_json(ed.plan());
        let again = allot::storage::parse_plan(&text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(&to_json(&again), &text);
    }

    #[test]
    fn inconsistent_plans_still_load_and_edit_safely(spec in tree_spec(), ops in prop::collection::vec(op(), 1..20)) {
        // Parents give out more than they have: the file loads, and edits
        // keep every figure exact and undoable.
        let mut spec = spec;
        spec.fill_percent = 130;
        let plan = make_plan(&spec);
        let original = to_json(&plan);
        let mut ed = Editor::new(plan);
        let mut counter = 0;
        for op in &ops {
            step(&mut ed, op, &mut counter)?;
        }
        while ed.undo().is_ok() {}
        prop_assert_eq!(&to_json(ed.plan()), &original);
    }
}

/// A comparison in a form that does not depend on which plan's order or
/// paths it was listed in: changes by node id, names and moves by id.
fn normalized(d: &allot::core::compare::Comparison) -> Vec<String> {
    let last = |p: &[String]| p.last().cloned().unwrap_or_default();
    let mut v: Vec<String> = d
        .changes
        .iter()
        .map(|c| {
            format!(
                "change {} {} {:?} {} {}",
                last(&c.path),
                c.quota,
                c.batch,
                c.a,
                c.b
            )
        })
        .collect();
    v.extend(d.only_in_a.iter().map(|p| format!("a {}", last(p))));
    v.extend(d.only_in_b.iter().map(|p| format!("b {}", last(p))));
    v.extend(
        d.moved
            .iter()
            .map(|m| format!("moved {} {:?} {:?}", m.id, m.a_path, m.b_path)),
    );
    v.extend(
        d.renamed
            .iter()
            .map(|r| format!("renamed {} {} {}", r.id, r.a_name, r.b_name)),
    );
    v.extend(d.kinds_only_in_a.iter().map(|k| format!("kind a {k}")));
    v.extend(d.kinds_only_in_b.iter().map(|k| format!("kind b {k}")));
    v.extend(d.batches_only_in_a.iter().map(|k| format!("batch a {k}")));
    v.extend(d.batches_only_in_b.iter().map(|k| format!("batch b {k}")));
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn comparing_and_merging_two_versions_of_a_plan(
        spec in tree_spec(),
        ops in prop::collection::vec(op(), 1..25),
    ) {
        use allot::core::compare::{Scope, compare};
        use allot::core::merge::{Merge, Side};
        let a = make_plan(&spec);
        let mut ed = Editor::new(a.clone());
        let mut counter = 0;
        for op in &ops {
            step(&mut ed, op, &mut counter)?;
        }
        let b = ed.plan().clone();
        let all = Scope::default();
        prop_assert!(compare(&a, &a, &all).is_same(), "a plan is the same as itself");
        prop_assert!(compare(&b, &b, &all).is_same());
        let ab = compare(&a, &b, &all);
        let ba = compare(&b, &a, &all);
        prop_assert_eq!(normalized(&ab.mirrored()), normalized(&ba), "diff(B,A) mirrors diff(A,B)");
        if to_json(&a) == to_json(&b) {
            prop_assert!(ab.is_same());
        }
        if ab.is_same() {
            // Nothing compared differs: only notes, locks or order can.
            prop_assert_eq!(a.len(), b.len());
        }
        // Taking one side for every difference gives that plan exactly;
        // an inconsistent side is refused.
        for (side, want) in [(Side::A, &a), (Side::B, &b)] {
            let mut m = Merge::new(a.clone(), b.clone());
            prop_assert_eq!(m.result().is_consistent(), a.is_consistent());
            match m.take_all(side) {
                Ok(()) => {
                    prop_assert!(want.is_consistent());
                    prop_assert_eq!(to_json(m.result()), to_json(want));
                    prop_assert_eq!(m.unresolved(), 0);
                }
                Err(e) => prop_assert!(!want.is_consistent(), "refused {:?}", e),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Spreading by a reference's figures (fill, rebalance, scale): exact
    /// sums, locks kept, consistent, undoable, or refused with nothing
    /// changed.
    #[test]
    fn spreading_by_reference_weights_is_exact(
        spec in tree_spec(),
        which in 0usize..3,
        pick in any::<usize>(),
        q in 0usize..4,
        v in 0u64..3_000_000,
        salt in 0u64..1000,
    ) {
        let plan = make_plan(&spec);
        let nodes = live_nodes(&plan);
        let n = nodes[pick % nodes.len()];
        let q = q % plan.quotas().len();
        // Weights as a reference would give them: some 0, some large.
        let weigh = |c: NodeIx| -> u64 {
            let h = (c.0 as u64).wrapping_mul(2_654_435_761).wrapping_add(salt) % 97;
            if h < 15 { 0 } else { h * 1_000 }
        };
        let before = to_json(&plan);
        let locked = locked_values(&plan);
        let was_consistent = plan.is_consistent();
        let parent_before = plan.parent(n).map(|p| plan.value(p, q));
        let remainder_before = plan.remainder(n, q);
        let mut ed = Editor::new(plan);
        let r = match which {
            0 => ed.fill_given(n, q, &weigh),
            1 => ed.rebalance_given(n, q, v, &weigh),
            _ => ed.scale_given(n, q, v, &weigh, 500),
        };
        let after = ed.plan();
        if r.is_err() {
            prop_assert_eq!(to_json(after), before, "a refusal changes nothing");
        } else {
            {
                after.audit().map_err(TestCaseError::fail)?;
                prop_assert_eq!(locked_values(after), locked, "locked figures kept");
                if was_consistent {
                    prop_assert!(after.is_consistent());
                }
                match which {
                    0 => {
                        prop_assert!(remainder_before > 0);
                        prop_assert_eq!(after.remainder(n, q), 0, "the remainder is shared exactly");
                    }
                    1 => {
                        prop_assert_eq!(after.value(n, q), v);
                        prop_assert_eq!(after.parent(n).map(|p| after.value(p, q)), parent_before);
                        let p = after.parent(n).unwrap();
                        let orig: Plan = allot::storage::parse_plan(&before).unwrap();
                        prop_assert_eq!(after.allocated(p, q), orig.allocated(p, q), "siblings absorb exactly");
                    }
                    _ => {
                        prop_assert_eq!(after.value(n, q), v);
                        prop_assert!(after.allocated(n, q) <= u128::from(v));
                    }
                }
                prop_assert!(ed.undo().is_ok());
                prop_assert_eq!(to_json(ed.plan()), before, "undo restores");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A fill's recorded apportionment is what it did: the shares add up
    /// to the remainder shared, each recipient's figure moved by its share,
    /// and each share is its exact fraction's whole part plus the leftover
    /// unit it was given.
    #[test]
    fn a_fill_records_the_apportionment_it_applied(
        spec in tree_spec(),
        pick in any::<usize>(),
        q in 0usize..4,
    ) {
        let plan = make_plan(&spec);
        let parents: Vec<NodeIx> = live_nodes(&plan)
            .into_iter()
            .filter(|&n| plan.is_parent(n))
            .collect();
        let n = parents[pick % parents.len()];
        let q = q % plan.quotas().len();
        let rem = plan.remainder(n, q);
        let mut ed = Editor::new(plan);
        if ed.fill(n, q).is_err() {
            return Ok(());
        }
        let steps = ed.steps_since(0).unwrap();
        prop_assert_eq!(steps.len(), 1);
        let step = &steps[0];
        let shared: u128 = step.apportionment.iter().map(|(_, _, e)| u128::from(e.share())).sum();
        prop_assert_eq!(i128::try_from(shared).unwrap(), rem);
        for (c, col, e) in &step.apportionment {
            prop_assert_eq!(*col, q);
            prop_assert_eq!(u128::from(e.base), e.share_num / e.share_den);
            let moved = step
                .cells
                .iter()
                .find(|x| x.node == *c && x.col == q)
                .map_or(0, |x| x.new - x.old);
            prop_assert_eq!(moved, e.share());
        }
    }
}
