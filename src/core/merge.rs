//! Reconciling two plans into one that is still consistent.
//!
//! The differences [`compare`] finds become items, each decided by taking
//! plan A's side, plan B's side, or (for a figure) a value typed by the
//! planner. The merged plan is rebuilt from the two plans and the decisions
//! every time, so a decision is checked against the whole result: one that
//! would over-allocate a parent that was not over-allocated before is
//! refused and changes nothing. An undecided item keeps plan A's side, so
//! the plan being built starts as A. Every decision is one undoable step.
//!
//! Besides the figures, nodes and moves, one item covers what is not a
//! figure: the plan's title, year, unit, levels, quota kinds and batches,
//! the order of nodes, notes and locks. Its side is the *base*: the merged
//! plan's layout and the attributes of nodes in both plans come from it.

use std::collections::{HashMap, HashSet};

use super::compare::{Change, Comparison, Moved, Renamed, Scope, compare};
use super::layout::Sel;
use super::validate::{Amounts, BuildError, NodeInput, QuotaInput, build_with};
use super::{NodeIx, Plan, ROOT};

/// One of the two plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The first plan.
    A,
    /// The second plan.
    B,
}

impl Side {
    /// `a` or `b`.
    pub fn letter(self) -> &'static str {
        match self {
            Self::A => "a",
            Self::B => "b",
        }
    }
}

/// A difference to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// The plan as a whole: title, year, unit, levels, quota kinds,
    /// batches, the order of nodes, notes and locks.
    Whole,
    /// A figure that differs (path in B when the node is in B).
    Figure(Change),
    /// A node (and the figures it holds) in one plan only.
    Only {
        /// The plan it is in.
        side: Side,
        /// Its path of ids there.
        path: Vec<String>,
    },
    /// A node under another parent in each plan.
    Moved(Moved),
    /// A node named differently.
    Renamed(Renamed),
}

impl Item {
    /// The id of the node the item is about (None for the whole plan and
    /// the national figures).
    pub fn node_id(&self) -> Option<&str> {
        match self {
            Self::Whole => None,
            Self::Figure(c) => c.path.last().map(String::as_str),
            Self::Only { path, .. } => path.last().map(String::as_str),
            Self::Moved(m) => Some(&m.id),
            Self::Renamed(r) => Some(&r.id),
        }
    }
}

/// A decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// That plan's side.
    Take(Side),
    /// A figure of the planner's own.
    Value(u64),
}

/// A figure over-allocated in the merged plan: its children hold more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Over {
    /// Path of ids (empty: national).
    pub path: Vec<String>,
    /// Quota kind id.
    pub quota: String,
    /// Batch id (None for a plan without batches).
    pub batch: Option<String>,
    /// By how much the children exceed it.
    pub by: u128,
}

/// Why a decision, or the merge, is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeRefusal {
    /// No such item.
    NoSuchItem,
    /// A typed value for something that is not a figure.
    NotAFigure,
    /// The node's parent is left out of the merged plan.
    ParentLeftOut {
        /// The node's id.
        id: String,
        /// The parent's id.
        parent: String,
    },
    /// The moves decided would put a node under itself.
    Cycle {
        /// A node on the cycle.
        id: String,
    },
    /// The figure cannot be stored as decided: the kind is derived, or
    /// the figure is a year of batches, in the merged plan; decide its
    /// parts.
    NotStored {
        /// Path of ids.
        path: Vec<String>,
        /// Quota kind id.
        quota: String,
        /// What the merged plan gives.
        got: u128,
        /// What was decided.
        wanted: u64,
    },
    /// Parents would give out more than they hold.
    Inconsistent(Vec<Over>),
    /// The merged plan breaks a rule of plan files.
    Invalid(Vec<BuildError>),
}

/// What a resolved figure was decided as, for the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// Path of ids.
    pub path: Vec<String>,
    /// Quota kind id.
    pub quota: String,
    /// Batch id.
    pub batch: Option<String>,
    /// A's figure.
    pub a: u64,
    /// B's figure.
    pub b: u64,
    /// The merged figure.
    pub value: u64,
    /// Where it came from (None: typed by the planner).
    pub from: Option<Side>,
}

/// A reconciliation in progress.
#[derive(Debug, Clone)]
pub struct Merge {
    a: Plan,
    b: Plan,
    items: Vec<Item>,
    choices: Vec<Option<Choice>>,
    undo: Vec<(usize, Option<Choice>)>,
    redo: Vec<(usize, Option<Choice>)>,
    result: Plan,
}

/// Whether anything but figures, nodes, moves and names differs.
fn whole_differs(a: &Plan, b: &Plan) -> bool {
    if a.meta() != b.meta() || a.layout().kinds() != b.layout().kinds() {
        return true;
    }
    if a.layout().batches() != b.layout().batches() {
        return true;
    }
    let common = |p: &Plan, q: &Plan| -> Vec<NodeIx> {
        p.preorder()
            .skip(1)
            .filter(|&n| q.find(&p.node(n).id).is_some())
            .collect()
    };
    let (ca, cb) = (common(a, b), common(b, a));
    let order_a: Vec<&str> = ca.iter().map(|&n| a.node(n).id.as_str()).collect();
    let order_b: Vec<&str> = cb.iter().map(|&n| b.node(n).id.as_str()).collect();
    if order_a != order_b {
        return true;
    }
    ca.iter().zip(&cb).any(|(&na, &nb)| {
        let (x, y) = (a.node(na), b.node(nb));
        x.note != y.note || x.locked != y.locked
    })
}

/// The items of a comparison, the whole plan first when it differs.
fn items_of(a: &Plan, b: &Plan, d: Comparison) -> Vec<Item> {
    let mut items = Vec::new();
    if whole_differs(a, b) {
        items.push(Item::Whole);
    }
    items.extend(d.changes.into_iter().map(Item::Figure));
    items.extend(d.only_in_a.into_iter().map(|path| Item::Only {
        side: Side::A,
        path,
    }));
    items.extend(d.only_in_b.into_iter().map(|path| Item::Only {
        side: Side::B,
        path,
    }));
    items.extend(d.moved.into_iter().map(Item::Moved));
    items.extend(d.renamed.into_iter().map(Item::Renamed));
    items
}

/// Over-allocated figures of `plan`, by kind and batch.
pub fn over_allocations(plan: &Plan) -> Vec<Over> {
    let layout = plan.layout();
    let mut out = Vec::new();
    for n in plan.preorder() {
        if !plan.is_parent(n) {
            continue;
        }
        for (col, _) in plan.quotas().iter().enumerate() {
            let r = plan.remainder(n, col);
            if r < 0 {
                let (k, j) = layout.column_of(col);
                out.push(Over {
                    path: plan.path_ids(n).into_iter().map(str::to_owned).collect(),
                    quota: layout.kinds()[k].id.clone(),
                    batch: layout.has_batches().then(|| layout.batches()[j].id.clone()),
                    by: r.unsigned_abs(),
                });
            }
        }
    }
    out
}

fn figure_u64(p: &Plan, n: NodeIx, k: usize, sel: Sel) -> u64 {
    u64::try_from(p.figure(n, k, sel)).unwrap_or(u64::MAX)
}

/// A figure's key: node id ("" national), quota id, batch id.
type Key = (String, String, Option<String>);

impl Merge {
    /// Start reconciling `a` with `b`: every difference undecided, the
    /// plan being built equal to `a`.
    pub fn new(a: Plan, b: Plan) -> Self {
        let d = compare(&a, &b, &Scope::default());
        let items = items_of(&a, &b, d);
        let choices = vec![None; items.len()];
        let result = a.clone();
        Self {
            a,
            b,
            items,
            choices,
            undo: Vec::new(),
            redo: Vec::new(),
            result,
        }
    }

    /// Plan A.
    pub fn a(&self) -> &Plan {
        &self.a
    }

    /// Plan B.
    pub fn b(&self) -> &Plan {
        &self.b
    }

    /// The differences.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The decision on item `i`.
    pub fn choice(&self, i: usize) -> Option<Choice> {
        self.choices.get(i).copied().flatten()
    }

    /// How many items are still undecided.
    pub fn unresolved(&self) -> usize {
        self.choices.iter().filter(|c| c.is_none()).count()
    }

    /// The plan as decided so far (undecided items keep A's side).
    pub fn result(&self) -> &Plan {
        &self.result
    }

    /// Decide item `i` (None: undecide it). One undoable step.
    ///
    /// # Errors
    /// When the merged plan would break a rule or over-allocate a parent
    /// that was not over-allocated before; nothing changes then.
    pub fn decide(&mut self, i: usize, choice: Option<Choice>) -> Result<(), MergeRefusal> {
        let old = self.set(i, choice)?;
        self.undo.push((i, old));
        self.redo.clear();
        Ok(())
    }

    fn set(&mut self, i: usize, choice: Option<Choice>) -> Result<Option<Choice>, MergeRefusal> {
        let item = self.items.get(i).ok_or(MergeRefusal::NoSuchItem)?;
        if matches!(choice, Some(Choice::Value(_))) && !matches!(item, Item::Figure(_)) {
            return Err(MergeRefusal::NotAFigure);
        }
        let mut choices = self.choices.clone();
        let old = choices[i];
        choices[i] = choice;
        let plan = self.build(&choices)?;
        let before: HashSet<(Vec<String>, String, Option<String>)> = over_allocations(&self.result)
            .into_iter()
            .map(|o| (o.path, o.quota, o.batch))
            .collect();
        let new: Vec<Over> = over_allocations(&plan)
            .into_iter()
            .filter(|o| !before.contains(&(o.path.clone(), o.quota.clone(), o.batch.clone())))
            .collect();
        if !new.is_empty() {
            return Err(MergeRefusal::Inconsistent(new));
        }
        self.choices = choices;
        self.result = plan;
        Ok(old)
    }

    /// Undo the last decision; false when there is none.
    pub fn undo(&mut self) -> bool {
        self.step(true)
    }

    /// Redo the last undone decision; false when there is none.
    pub fn redo(&mut self) -> bool {
        self.step(false)
    }

    fn step(&mut self, undo: bool) -> bool {
        let stack = if undo { &mut self.undo } else { &mut self.redo };
        let Some((i, choice)) = stack.pop() else {
            return false;
        };
        // Going back to a state that was accepted: rebuild without the
        // over-allocation check (it held then).
        let mut choices = self.choices.clone();
        let old = choices[i];
        choices[i] = choice;
        match self.build(&choices) {
            Ok(plan) => {
                self.choices = choices;
                self.result = plan;
                let other = if undo { &mut self.redo } else { &mut self.undo };
                other.push((i, old));
                true
            }
            Err(_) => false,
        }
    }

    /// Decide every item for `side` at once (the headless merge) and
    /// check the result is consistent.
    ///
    /// # Errors
    /// When the merged plan breaks a rule or over-allocates a parent.
    pub fn take_all(&mut self, side: Side) -> Result<(), MergeRefusal> {
        let choices = vec![Some(Choice::Take(side)); self.items.len()];
        let plan = self.build(&choices)?;
        let over = over_allocations(&plan);
        if !over.is_empty() {
            return Err(MergeRefusal::Inconsistent(over));
        }
        self.choices = choices;
        self.result = plan;
        self.undo.clear();
        self.redo.clear();
        Ok(())
    }

    /// The figures decided, for the record.
    pub fn decided(&self) -> Vec<Decided> {
        self.items
            .iter()
            .zip(&self.choices)
            .filter_map(|(item, choice)| {
                let (Item::Figure(c), Some(choice)) = (item, choice) else {
                    return None;
                };
                let (value, from) = match *choice {
                    Choice::Take(Side::A) => (c.a, Some(Side::A)),
                    Choice::Take(Side::B) => (c.b, Some(Side::B)),
                    Choice::Value(v) => (v, None),
                };
                Some(Decided {
                    path: c.path.clone(),
                    quota: c.quota.clone(),
                    batch: c.batch.clone(),
                    a: c.a,
                    b: c.b,
                    value,
                    from,
                })
            })
            .collect()
    }

    fn side(&self, s: Side) -> &Plan {
        match s {
            Side::A => &self.a,
            Side::B => &self.b,
        }
    }

    /// The merged plan for `choices`.
    #[allow(clippy::too_many_lines)]
    fn build(&self, choices: &[Option<Choice>]) -> Result<Plan, MergeRefusal> {
        let taken = |i: usize| match choices[i] {
            Some(Choice::Take(s)) => s,
            _ => Side::A,
        };
        let base_side = self
            .items
            .iter()
            .position(|x| *x == Item::Whole)
            .map_or(Side::A, taken);
        let other_side = if base_side == Side::A {
            Side::B
        } else {
            Side::A
        };
        let (base, other) = (self.side(base_side), self.side(other_side));
        // Decisions by node id.
        let mut only: HashMap<&str, (Side, bool)> = HashMap::new();
        let mut moved: HashMap<&str, Side> = HashMap::new();
        let mut renamed: HashMap<&str, Side> = HashMap::new();
        let mut figures: HashMap<Key, (u64, usize)> = HashMap::new();
        for (i, item) in self.items.iter().enumerate() {
            match item {
                Item::Whole => {}
                Item::Only { side, path } => {
                    let keep = taken(i) == *side;
                    only.insert(path.last().map_or("", String::as_str), (*side, keep));
                }
                Item::Moved(m) => {
                    moved.insert(&m.id, taken(i));
                }
                Item::Renamed(r) => {
                    renamed.insert(&r.id, taken(i));
                }
                Item::Figure(c) => {
                    let v = match choices[i] {
                        Some(Choice::Value(v)) => v,
                        Some(Choice::Take(Side::B)) => c.b,
                        _ => c.a,
                    };
                    let id = c.path.last().cloned().unwrap_or_default();
                    figures.insert((id, c.quota.clone(), c.batch.clone()), (v, i));
                }
            }
        }
        // Which side a node's parent comes from.
        let where_of = |id: &str| -> Option<(Side, NodeIx)> {
            match only.get(id) {
                Some((side, true)) => self.side(*side).find(id).map(|n| (*side, n)),
                Some((_, false)) => None,
                None => {
                    let side = moved.get(id).copied().unwrap_or(base_side);
                    self.side(side).find(id).map(|n| (side, n))
                }
            }
        };
        // Every node of the merged plan with its parent's id, in order:
        // the base's order first, then the other plan's nodes.
        let mut nodes: Vec<(String, String, Side, NodeIx)> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        let mut first_pass = 0;
        for (pass, (p, side)) in [(base, base_side), (other, other_side)]
            .into_iter()
            .enumerate()
        {
            if pass == 1 {
                first_pass = nodes.len();
            }
            for n in p.preorder().skip(1) {
                let id = p.node(n).id.as_str();
                if seen.contains(id) {
                    continue;
                }
                let Some((s, at)) = where_of(id) else {
                    continue;
                };
                if s != side && !only.contains_key(id) && !moved.contains_key(id) {
                    continue;
                }
                seen.insert(id);
                let plan = self.side(s);
                let parent = plan
                    .parent(at)
                    .map_or_else(String::new, |q| plan.node(q).id.clone());
                nodes.push((id.to_owned(), parent, s, at));
            }
        }
        let included: HashSet<&str> = nodes.iter().map(|x| x.0.as_str()).collect();
        // Nodes in one plan whose parent is left out go with it; a node in
        // both whose parent is left out is refused.
        let mut dropped: HashSet<String> = HashSet::new();
        for (id, parent, _, _) in &nodes {
            if parent.is_empty()
                || (included.contains(parent.as_str()) && !dropped.contains(parent))
            {
                continue;
            }
            if only.contains_key(id.as_str()) {
                dropped.insert(id.clone());
            } else {
                return Err(MergeRefusal::ParentLeftOut {
                    id: id.clone(),
                    parent: parent.clone(),
                });
            }
        }
        nodes.retain(|x| !dropped.contains(&x.0));
        let parent_of: HashMap<&str, &str> = nodes
            .iter()
            .map(|(id, p, _, _)| (id.as_str(), p.as_str()))
            .collect();
        for (id, _, _, _) in &nodes {
            let mut at = id.as_str();
            for _ in 0..=nodes.len() {
                match parent_of.get(at) {
                    Some(&"") | None => break,
                    Some(p) => at = p,
                }
                if at == id {
                    return Err(MergeRefusal::Cycle { id: id.clone() });
                }
            }
        }
        // The layout of the base.
        let layout = base.layout();
        let kinds = layout.kinds();
        let batch_ids: Vec<Option<String>> = if layout.has_batches() {
            layout
                .batches()
                .iter()
                .map(|x| Some(x.id.clone()))
                .collect()
        } else {
            vec![None]
        };
        let value = |id: &str, side: Side, at: NodeIx, k: usize, j: usize| -> u64 {
            let key = (id.to_owned(), kinds[k].id.clone(), batch_ids[j].clone());
            if let Some((v, _)) = figures.get(&key) {
                return *v;
            }
            let p = self.side(side);
            // A node's figure from the plan it is taken from, when it has
            // the kind and batch; else the other plan's.
            let from = |p: &Plan, at: NodeIx| -> Option<u64> {
                let pk = p.layout().kind_index(&kinds[k].id)?;
                let sel = match &batch_ids[j] {
                    None if p.layout().has_batches() => Sel::Cumulative,
                    None => Sel::Batch(0),
                    Some(x) if p.layout().has_batches() => Sel::Batch(p.layout().batch_index(x)?),
                    Some(_) => return None,
                };
                Some(figure_u64(p, at, pk, sel))
            };
            if let Some(v) = from(p, at) {
                return v;
            }
            let q = if side == Side::A { &self.b } else { &self.a };
            let there = if id.is_empty() {
                Some(ROOT)
            } else {
                q.find(id)
            };
            there.and_then(|n| from(q, n)).unwrap_or(0)
        };
        let alloc =
            |id: &str, side: Side, at: NodeIx| -> Vec<(crate::core::validate::QuotaKey, Amounts)> {
                layout
                    .stored()
                    .iter()
                    .filter_map(|&k| {
                        let vs: Vec<u64> = (0..batch_ids.len())
                            .map(|j| value(id, side, at, k, j))
                            .collect();
                        if vs.iter().all(|&v| v == 0) {
                            return None;
                        }
                        let amounts = if layout.has_batches() {
                            Amounts::List(vs)
                        } else {
                            Amounts::One(vs[0])
                        };
                        Some((kinds[k].id.as_str().into(), amounts))
                    })
                    .collect()
            };
        let quotas: Vec<QuotaInput> = kinds
            .iter()
            .enumerate()
            .map(|(k, kind)| QuotaInput {
                id: kind.id.clone(),
                name: kind.name.clone(),
                unit: kind.unit.clone(),
                total: (!kind.is_derived()).then(|| {
                    let vs: Vec<u64> = (0..batch_ids.len())
                        .map(|j| value("", base_side, ROOT, k, j))
                        .collect();
                    if layout.has_batches() {
                        Amounts::List(vs)
                    } else {
                        Amounts::One(vs[0])
                    }
                }),
                sum_of: kind
                    .is_derived()
                    .then(|| kind.sum_of.iter().map(|&p| kinds[p].id.clone()).collect()),
            })
            .collect();
        // Children in the base's order; a node of the other plan goes
        // after the sibling it follows there.
        let index: HashMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, x)| (x.0.as_str(), i))
            .collect();
        let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (_, parent, side, at)) in nodes.iter().enumerate() {
            let list = children.entry(parent.as_str()).or_default();
            if i < first_pass {
                list.push(i);
                continue;
            }
            let p = self.side(*side);
            let sibs = p.parent(*at).map_or(&[][..], |q| p.children(q));
            let pos = sibs.iter().position(|&s| s == *at).unwrap_or(0);
            let after = sibs[..pos]
                .iter()
                .rev()
                .find_map(|&s| index.get(p.node(s).id.as_str()))
                .and_then(|j| list.iter().position(|x| x == j));
            list.insert(after.map_or(0, |x| x + 1), i);
        }
        let input = |i: usize| -> NodeInput {
            let (id, _, side, at) = &nodes[i];
            let p = self.side(*side);
            let node = p.node(*at);
            // Name: the rename's decision; note and lock: the base's
            // for a node in both.
            let name_side = renamed.get(id.as_str()).copied().unwrap_or(*side);
            let name_plan = self.side(name_side);
            let name = name_plan
                .find(id)
                .map_or_else(|| node.name.clone(), |n| name_plan.node(n).name.clone());
            let attrs = if only.contains_key(id.as_str()) {
                node
            } else {
                base.find(id).map_or(node, |n| base.node(n))
            };
            NodeInput {
                id: id.clone(),
                name,
                alloc: alloc(id, *side, *at),
                locked: attrs.locked,
                note: attrs.note.clone(),
                nodes: Vec::new(),
            }
        };
        let mut made: Vec<Option<NodeInput>> = (0..nodes.len()).map(|i| Some(input(i))).collect();
        let tree = assemble("", &children, &nodes, &mut made);
        let batches = layout.batches().to_vec();
        let plan = build_with(base.meta().clone(), batches, &quotas, tree)
            .map_err(MergeRefusal::Invalid)?;
        self.check_decided(&plan, choices)?;
        Ok(plan)
    }

    /// Every decided figure must be what the merged plan holds (a derived
    /// kind or a year of batches cannot be set on its own).
    fn check_decided(&self, plan: &Plan, choices: &[Option<Choice>]) -> Result<(), MergeRefusal> {
        for (i, item) in self.items.iter().enumerate() {
            let (Item::Figure(change), Some(choice)) = (item, choices[i]) else {
                continue;
            };
            let wanted = match choice {
                Choice::Take(Side::A) => change.a,
                Choice::Take(Side::B) => change.b,
                Choice::Value(v) => v,
            };
            let id = change.path.last().map_or("", String::as_str);
            let node = if id.is_empty() {
                Some(ROOT)
            } else {
                plan.find(id)
            };
            let Some(node) = node else { continue };
            let Some(k) = plan.layout().kind_index(&change.quota) else {
                continue;
            };
            let sel = match &change.batch {
                Some(x) => match plan.layout().batch_index(x) {
                    Some(j) => Sel::Batch(j),
                    None => continue,
                },
                None if plan.layout().has_batches() => Sel::Cumulative,
                None => Sel::Batch(0),
            };
            let got = plan.figure(node, k, sel);
            if got != u128::from(wanted) {
                return Err(MergeRefusal::NotStored {
                    path: change.path.clone(),
                    quota: change.quota.clone(),
                    got,
                    wanted,
                });
            }
        }
        Ok(())
    }
}

/// The inputs of `parent`'s children, each with its own.
fn assemble(
    parent: &str,
    children: &HashMap<&str, Vec<usize>>,
    nodes: &[(String, String, Side, NodeIx)],
    made: &mut [Option<NodeInput>],
) -> Vec<NodeInput> {
    let Some(kids) = children.get(parent) else {
        return Vec::new();
    };
    kids.iter()
        .filter_map(|&i| {
            let mut n = made[i].take()?;
            n.nodes = assemble(&nodes[i].0, children, nodes, made);
            Some(n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::parse_plan;

    fn plan(text: &str) -> Plan {
        parse_plan(text).expect("valid")
    }

    const A: &str = r#"{"format":"allot-plan","version":1,"levels":["P","E"],
      "quotas":[{"id":"m","name":"Mining","total":1000}],
      "nodes":[
        {"id":"p1","name":"One","alloc":{"m":600},"nodes":[
          {"id":"e1","name":"E1","alloc":{"m":300}},
          {"id":"e2","name":"E2","alloc":{"m":200}}]},
        {"id":"p2","name":"Two","alloc":{"m":300}}]}"#;

    const B: &str = r#"{"format":"allot-plan","version":1,"levels":["P","E"],
      "quotas":[{"id":"m","name":"Mining","total":1000}],
      "nodes":[
        {"id":"p1","name":"One","alloc":{"m":500},"nodes":[
          {"id":"e1","name":"E1","alloc":{"m":300}}]},
        {"id":"p2","name":"Two 二","alloc":{"m":400},"nodes":[
          {"id":"e2","name":"E2","alloc":{"m":150}},
          {"id":"e3","name":"E3","alloc":{"m":100}}]}]}"#;

    fn json(p: &Plan) -> String {
        crate::storage::to_json(p)
    }

    #[test]
    fn taking_one_side_everywhere_gives_that_plan() {
        for side in [Side::A, Side::B] {
            let mut m = Merge::new(plan(A), plan(B));
            assert!(m.unresolved() > 0);
            m.take_all(side).unwrap();
            assert_eq!(m.unresolved(), 0);
            let want = if side == Side::A { A } else { B };
            assert_eq!(json(m.result()), json(&plan(want)));
        }
    }

    #[test]
    fn a_decision_that_over_allocates_is_refused_and_changes_nothing() {
        let mut m = Merge::new(plan(A), plan(B));
        let before = json(m.result());
        // p1 down to B's 500 while e1 300 + e2 200 stay under it: fine.
        let p1 = m
            .items()
            .iter()
            .position(|x| matches!(x, Item::Figure(c) if c.path == ["p1"]))
            .unwrap();
        // Typed 400 under children of 500: refused, naming p1.
        let err = m.decide(p1, Some(Choice::Value(400))).unwrap_err();
        let MergeRefusal::Inconsistent(over) = err else {
            panic!("{err:?}")
        };
        assert_eq!(over[0].path, ["p1"]);
        assert_eq!(over[0].by, 100);
        assert_eq!(json(m.result()), before);
        assert_eq!(m.unresolved(), m.items().len());
        // Taking B's 500 is fine; undo gives A back.
        m.decide(p1, Some(Choice::Take(Side::B))).unwrap();
        assert_eq!(m.result().value(m.result().find("p1").unwrap(), 0), 500);
        assert!(m.undo());
        assert_eq!(json(m.result()), before);
        assert!(m.redo());
        assert_eq!(m.decided()[0].value, 500);
        assert_eq!(m.decided()[0].from, Some(Side::B));
    }

    #[test]
    fn moves_and_nodes_of_one_plan_follow_their_decision() {
        let mut m = Merge::new(plan(A), plan(B));
        let find = |m: &Merge, f: &dyn Fn(&Item) -> bool| m.items().iter().position(f).unwrap();
        let e3 = find(&m, &|x| matches!(x, Item::Only { side: Side::B, .. }));
        let mv = find(&m, &|x| matches!(x, Item::Moved(_)));
        // e3 (100) under p2 (300): p2 holds it.
        m.decide(e3, Some(Choice::Take(Side::B))).unwrap();
        let r = m.result();
        assert_eq!(r.parent(r.find("e3").unwrap()), r.find("p2"));
        // e2 (200) to p2 as well: 300 < 300 + ... over by 0? 200+100 = 300.
        m.decide(mv, Some(Choice::Take(Side::B))).unwrap();
        let r = m.result();
        assert_eq!(r.parent(r.find("e2").unwrap()), r.find("p2"));
        assert!(r.is_consistent());
        // p2 down to a typed 250 is refused (children hold 300).
        let p2 = find(&m, &|x| matches!(x, Item::Figure(c) if c.path == ["p2"]));
        assert!(m.decide(p2, Some(Choice::Value(250))).is_err());
        // A value for a node is not a figure.
        assert_eq!(
            m.decide(mv, Some(Choice::Value(1))),
            Err(MergeRefusal::NotAFigure)
        );
    }
}
