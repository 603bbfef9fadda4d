//! The operations a planner performs, each one undoable step that applies
//! whole or is refused with a reason and changes nothing.
//!
//! Redistribution (rebalancing, scaling, filling) shares whole units by the
//! largest-remainder (Hamilton) method of [`super::apportion`].

use std::sync::Arc;

use super::amount::MAX_AMOUNT;
use super::apportion::{Explained, apportion, apportion_capped, explain, explain_capped};
use super::layout::{Batch, Kind, Layout};
use super::model::{Change, MAX_DEPTH, MetaField, NodeIx, Plan, Quota, ROOT};
pub use super::outcome::{Field, Outcome, Refusal, Shortfall, Spread};
use super::validate::{
    Issue, check_batch_id, check_date, check_name, check_node_id, check_quota_id,
};
use super::value::{ValueContext, parse_value};

/// Result of an operation: what was done, or why nothing was.
pub type OpResult = Result<Outcome, Refusal>;

fn refuse<T>(r: Refusal) -> Result<T, Refusal> {
    Err(r)
}

/// A validator's reason as a refusal.
#[allow(clippy::needless_pass_by_value)]
fn invalid(reason: Issue) -> Refusal {
    Refusal::Invalid(Box::new(reason))
}

/// An amount above the largest one is refused with both figures.
fn amount_ok(v: u64) -> Result<(), Refusal> {
    if v > MAX_AMOUNT {
        refuse(Refusal::AmountTooLarge {
            value: v,
            max: MAX_AMOUNT,
        })
    } else {
        Ok(())
    }
}

/// One undoable step: its label and the changes that reverse (or, on the redo
/// stack, repeat) it.
#[derive(Debug, Clone)]
struct Step {
    id: u64,
    label: Outcome,
    changes: Vec<Change>,
    /// Why, when the planner said.
    reason: Option<String>,
    /// How each redistribution shared: (node, value column, explanation).
    apportionment: Vec<(NodeIx, usize, Explained)>,
}

/// A value a step changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellChange {
    /// Node.
    pub node: NodeIx,
    /// Value column.
    pub col: usize,
    /// Before.
    pub old: u64,
    /// After.
    pub new: u64,
}

/// One step of the history as it stands: what it did, why, the values it
/// changed and how its redistributions shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecord {
    /// What it did.
    pub label: Outcome,
    /// Why, when said.
    pub reason: Option<String>,
    /// The values changed, in the order first changed.
    pub cells: Vec<CellChange>,
    /// How each redistribution shared: (node, value column, explanation).
    pub apportionment: Vec<(NodeIx, usize, Explained)>,
}

/// A node to add.
#[derive(Debug, Clone, Default)]
pub struct NewNode {
    /// Id, unique in the plan.
    pub id: String,
    /// Name.
    pub name: String,
    /// Values by quota position (missing ones are 0).
    pub values: Vec<u64>,
    /// Locked.
    pub locked: bool,
    /// Note.
    pub note: Option<String>,
}

/// A plan with its undo history: the only way the rest of the program edits
/// a plan.
#[derive(Debug, Clone)]
pub struct Editor {
    /// Shared with snapshots (a save or a recovery copy being written
    /// while the planner goes on); copied on the next change only while a
    /// snapshot is still held.
    plan: Arc<Plan>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    next_step: u64,
    /// What the last applied, undone or redone step touched.
    touched: Touched,
}

/// The cells and nodes a step changed, so that the planner can show them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// Values changed: (node, quota), in the order changed.
    pub cells: Vec<(NodeIx, usize)>,
    /// Nodes changed otherwise (renamed, locked, moved, added...).
    pub nodes: Vec<NodeIx>,
}

impl Touched {
    fn of(changes: &[Change]) -> Self {
        let mut t = Self::default();
        for c in changes {
            match c {
                Change::Value { node, quota, .. } if !t.cells.contains(&(*node, *quota)) => {
                    t.cells.push((*node, *quota));
                }
                Change::Locked { node, .. }
                | Change::Name { node, .. }
                | Change::Id { node, .. }
                | Change::Note { node, .. }
                | Change::Attach { node, .. }
                | Change::Detach { node, .. }
                | Change::Move { node, .. }
                    if !t.nodes.contains(node) =>
                {
                    t.nodes.push(*node);
                }
                _ => {}
            }
        }
        t
    }

    /// The node to show first: the first whose value changed, else the
    /// first changed otherwise.
    pub fn first_node(&self) -> Option<NodeIx> {
        self.cells
            .first()
            .map(|c| c.0)
            .or(self.nodes.first().copied())
    }
}

/// Records the inverses of applied changes so that a refused operation can be
/// rolled back.
struct Tx<'a> {
    plan: &'a mut Plan,
    inverses: Vec<Change>,
    explained: Vec<(NodeIx, usize, Explained)>,
}

impl Tx<'_> {
    fn apply(&mut self, c: Change) {
        let inv = self.plan.apply(c);
        self.inverses.push(inv);
    }

    fn set(&mut self, node: NodeIx, quota: usize, value: u64) {
        if self.plan.value(node, quota) != value {
            self.apply(Change::Value { node, quota, value });
        }
    }

    /// Keep how `total` was shared in column `col` among `nodes` by
    /// `weights` (capped by `caps`); weights beyond the nodes (a parent's
    /// own remainder) take part without a row.
    fn explain(
        &mut self,
        nodes: &[NodeIx],
        col: usize,
        total: u64,
        weights: &[u64],
        caps: Option<&[u64]>,
    ) {
        let e = match caps {
            Some(c) => explain_capped(total, weights, c),
            None => explain(total, weights),
        };
        if let Some(e) = e {
            self.explained
                .extend(nodes.iter().zip(e).map(|(&n, e)| (n, col, e)));
        }
    }
}

impl Editor {
    /// Start editing a plan with an empty history.
    pub fn new(plan: Plan) -> Self {
        Self {
            plan: Arc::new(plan),
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            next_step: 1,
            touched: Touched::default(),
        }
    }

    /// An editor on the same plan with an empty history, to try an
    /// operation without touching this one (a preview).
    #[must_use]
    pub fn scratch(&self) -> Self {
        Self {
            plan: Arc::clone(&self.plan),
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            next_step: 1,
            touched: Touched::default(),
        }
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Take the plan out.
    pub fn into_plan(self) -> Plan {
        Arc::unwrap_or_clone(self.plan)
    }

    /// The plan as it is now, to read elsewhere (a save, a recovery copy)
    /// while editing goes on.
    pub fn snapshot(&self) -> Arc<Plan> {
        Arc::clone(&self.plan)
    }

    /// A counter that changes with every applied step, undo and redo (for
    /// "unsaved changes" tracking and caches).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Identifies the current state of the plan in the history: equal ids
    /// mean equal plans (0 for the state the editor started with). Undo back
    /// to a saved state gives its id again.
    pub fn state_id(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.id)
    }

    /// How many steps have been made so far (undo and redo make none): it
    /// grows exactly when an operation applies a new step.
    pub fn steps_made(&self) -> u64 {
        self.next_step - 1
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What the last applied, undone or redone step changed.
    pub fn touched(&self) -> &Touched {
        &self.touched
    }

    /// What each step of the undo stack did, newest last.
    pub fn undo_labels(&self) -> impl Iterator<Item = &Outcome> {
        self.undo.iter().map(|s| &s.label)
    }

    /// Give the last step its reason; false when there is no step.
    pub fn set_reason(&mut self, reason: &str) -> bool {
        let Some(step) = self.undo.last_mut() else {
            return false;
        };
        let r = reason.trim();
        step.reason = (!r.is_empty()).then(|| r.to_owned());
        true
    }

    /// How the last step's redistributions shared (empty when it shared
    /// nothing): (node, value column, explanation).
    pub fn last_apportionment(&self) -> &[(NodeIx, usize, Explained)] {
        self.undo.last().map_or(&[], |s| s.apportionment.as_slice())
    }

    /// The reason of the last step, if it has one.
    pub fn last_reason(&self) -> Option<&str> {
        self.undo.last().and_then(|s| s.reason.as_deref())
    }

    /// The steps applied since state `since` (a [`Editor::state_id`]),
    /// oldest first, each with the values it changed (old and new); None
    /// when `since` is no longer on the way back (undone below it, then
    /// edited), so the steps do not lead from it.
    pub fn steps_since(&self, since: u64) -> Option<Vec<StepRecord>> {
        let start = if since == 0 {
            0
        } else {
            self.undo.iter().position(|s| s.id == since)? + 1
        };
        // Walk back from now: each step's new values are those of the
        // state after it.
        let mut overlay: std::collections::HashMap<(NodeIx, usize), u64> =
            std::collections::HashMap::new();
        let mut out = Vec::new();
        for step in self.undo[start..].iter().rev() {
            let mut cells: Vec<CellChange> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            let mut olds: Vec<(NodeIx, usize, u64)> = Vec::new();
            for c in &step.changes {
                if let Change::Value { node, quota, value } = c {
                    olds.push((*node, *quota, *value));
                }
            }
            // Inverses are kept in the order applied: a cell's first one
            // holds its value before the step.
            for &(node, col, old) in &olds {
                if seen.insert((node, col)) {
                    let new = overlay
                        .get(&(node, col))
                        .copied()
                        .unwrap_or_else(|| self.plan.value_or_zero(node, col));
                    cells.push(CellChange {
                        node,
                        col,
                        old,
                        new,
                    });
                }
            }
            for c in &cells {
                overlay.insert((c.node, c.col), c.old);
            }
            cells.retain(|c| c.old != c.new);
            out.push(StepRecord {
                label: step.label.clone(),
                reason: step.reason.clone(),
                cells,
                apportionment: step.apportionment.clone(),
            });
        }
        out.reverse();
        Some(out)
    }

    fn run(&mut self, f: impl FnOnce(&mut Tx<'_>) -> OpResult) -> OpResult {
        let mut tx = Tx {
            plan: Arc::make_mut(&mut self.plan),
            inverses: Vec::new(),
            explained: Vec::new(),
        };
        match f(&mut tx) {
            Ok(label) => {
                let inverses = tx.inverses;
                self.touched = Touched::of(&inverses);
                if !inverses.is_empty() {
                    self.undo.push(Step {
                        id: self.next_step,
                        label: label.clone(),
                        changes: inverses,
                        reason: None,
                        apportionment: tx.explained,
                    });
                    self.redo.clear();
                    self.revision += 1;
                    self.next_step += 1;
                }
                Ok(label)
            }
            Err(e) => {
                let Tx { plan, inverses, .. } = tx;
                for inv in inverses.into_iter().rev() {
                    plan.apply(inv);
                }
                Err(e)
            }
        }
    }

    /// Undo the last step; returns what was undone.
    ///
    /// # Errors
    /// When there is nothing to undo.
    pub fn undo(&mut self) -> OpResult {
        let Some(step) = self.undo.pop() else {
            return refuse(Refusal::NothingToUndo);
        };
        let mut forward: Vec<Change> = step
            .changes
            .into_iter()
            .rev()
            .map(|c| Arc::make_mut(&mut self.plan).apply(c))
            .collect();
        forward.reverse();
        self.touched = Touched::of(&forward);
        let msg = Outcome::Undone(Box::new(step.label.clone()));
        self.redo.push(Step {
            id: step.id,
            label: step.label,
            changes: forward,
            reason: step.reason,
            apportionment: step.apportionment,
        });
        self.revision += 1;
        Ok(msg)
    }

    /// Redo the last undone step; returns what was redone.
    ///
    /// # Errors
    /// When there is nothing to redo.
    pub fn redo(&mut self) -> OpResult {
        let Some(step) = self.redo.pop() else {
            return refuse(Refusal::NothingToRedo);
        };
        let inverses: Vec<Change> = step
            .changes
            .into_iter()
            .map(|c| Arc::make_mut(&mut self.plan).apply(c))
            .collect();
        self.touched = Touched::of(&inverses);
        let msg = Outcome::Redone(Box::new(step.label.clone()));
        self.undo.push(Step {
            id: step.id,
            label: step.label,
            changes: inverses,
            reason: step.reason,
            apportionment: step.apportionment,
        });
        self.revision += 1;
        Ok(msg)
    }

    /// What the value parser needs to know about cell (`n`, `q`).
    pub fn value_context(&self, n: NodeIx, q: usize) -> ValueContext {
        let p = &self.plan;
        let parent = p.parent(n);
        ValueContext {
            current: p.value(n, q),
            parent_value: parent.map(|x| p.value(x, q)),
            parent_remainder: parent.map(|x| p.remainder(x, q)),
        }
    }

    /// Parse what a planner typed for cell (`n`, `q`) with the one value
    /// parser ([`parse_value`]).
    ///
    /// # Errors
    /// The parser's message when the text is not an accepted form.
    pub fn parse_input(&self, n: NodeIx, q: usize, text: &str) -> Result<u64, Refusal> {
        if !self.plan.is_live(n) || q >= self.plan.quotas().len() {
            return refuse(Refusal::NoSuchCell);
        }
        parse_value(text, &self.value_context(n, q)).map_err(Refusal::Value)
    }

    // ----- helpers for messages -----

    // ----- values -----

    /// Set a node's value (or, on the root, a quota's national total); the
    /// difference comes from, or goes back to, the parent's remainder.
    ///
    /// # Errors
    /// When the parent cannot cover an increase, the value is below what the
    /// node has allocated, the node is locked, or the value is too large.
    pub fn set_value(&mut self, n: NodeIx, q: usize, value: u64) -> OpResult {
        check_set(&self.plan, n, q, value)?;
        let label = self.value_label(n, q, value, Spread::Alone);
        self.run(|tx| {
            tx.set(n, q, value);
            Ok(label)
        })
    }

    fn value_label(&self, n: NodeIx, q: usize, value: u64, spread: Spread) -> Outcome {
        let p = &self.plan;
        Outcome::Value {
            node: self.name(n),
            quota: self.quota_name(q),
            old: p.value(n, q),
            new: value,
            unit: self.unit(),
            spread,
        }
    }

    fn name(&self, n: NodeIx) -> String {
        name(&self.plan, n)
    }

    fn quota_name(&self, q: usize) -> String {
        quota_name(&self.plan, q)
    }

    fn unit(&self) -> String {
        unit(&self.plan)
    }

    /// Whether setting (`n`, `q`) to `value`, spread as `spread`, would pass
    /// the checks made before anything moves (a refusal found later, while
    /// sharing out, is still possible for a rebalance). Changes nothing.
    ///
    /// # Errors
    /// The refusal the operation would give.
    pub fn check(&self, n: NodeIx, q: usize, value: u64, spread: Spread) -> Result<(), Refusal> {
        let p = &self.plan;
        match spread {
            Spread::Alone => check_set(p, n, q, value),
            Spread::Subtree => {
                live(p, n)?;
                quota_ok(p, q)?;
                unlocked(p, n)?;
                amount_ok(value)?;
                check_parent_covers(p, n, q, value)?;
                let floor = p.floor(n, q);
                if u128::from(value) < floor {
                    return refuse(Refusal::LockedFloor {
                        node: name(p, n),
                        floor,
                        unit: unit(p),
                    });
                }
                Ok(())
            }
            Spread::Siblings => {
                live(p, n)?;
                quota_ok(p, q)?;
                let Some(parent) = p.parent(n) else {
                    return refuse(Refusal::RootRebalance);
                };
                unlocked(p, n)?;
                amount_ok(value)?;
                let allocated = p.allocated(n, q);
                if u128::from(value) < allocated {
                    return refuse(Refusal::BelowAllocated {
                        node: name(p, n),
                        allocated,
                        unit: unit(p),
                        quota: quota_name(p, q),
                    });
                }
                let others = p
                    .children(parent)
                    .iter()
                    .any(|&s| s != n && !p.node(s).locked);
                if !others && value != p.value(n, q) {
                    return refuse(Refusal::NoUnlockedSiblings { node: name(p, n) });
                }
                Ok(())
            }
        }
    }

    /// Set several values at once (a column pasted from a spreadsheet), as
    /// one step: each a plain set with its usual checks, decreases first
    /// (deepest first) so that they free what the increases need, then
    /// increases (shallowest first). Refused whole when any one is.
    ///
    /// # Errors
    /// When nothing is given, or any one set would be refused: the refusal
    /// of the first that is, with its position in `cells`.
    pub fn paste(
        &mut self,
        cells: &[(NodeIx, usize, u64)],
    ) -> Result<Outcome, (Option<usize>, Refusal)> {
        let Some(&(_, q0, _)) = cells.first() else {
            return Err((None, Refusal::NothingToPaste));
        };
        for (i, &(n, q, _)) in cells.iter().enumerate() {
            live(&self.plan, n)
                .and_then(|()| quota_ok(&self.plan, q))
                .map_err(|e| (Some(i), e))?;
        }
        let p = &self.plan;
        let mut order: Vec<(usize, (NodeIx, usize, u64))> =
            cells.iter().copied().enumerate().collect();
        order.sort_by_key(|&(_, (n, q, v))| {
            let down = v < p.value(n, q);
            let depth = p.depth(n);
            // Decreases first, deepest first; then increases, shallowest
            // first.
            if down {
                (0, usize::MAX - depth)
            } else {
                (1, depth)
            }
        });
        let changed = cells
            .iter()
            .filter(|&&(n, q, v)| p.value(n, q) != v)
            .count();
        let label = Outcome::Pasted {
            cells: changed,
            quota: if cells.iter().all(|c| c.1 == q0) {
                Some(self.quota_name(q0))
            } else {
                None
            },
        };
        let mut failed = None;
        self.run(|tx| {
            for (i, (n, q, v)) in order {
                failed = Some(i);
                check_set(tx.plan, n, q, v)?;
                tx.set(n, q, v);
            }
            Ok(label)
        })
        .map_err(|e| (failed, e))
    }

    /// Set a node's value keeping the parent's value: the node's unlocked
    /// siblings give or take the difference in proportion to their values. A
    /// sibling that falls below what it has allocated has its subtree scaled
    /// down proportionally (cascading, respecting locks).
    ///
    /// # Errors
    /// When there are no unlocked siblings, they cannot give enough, the node
    /// is locked, or the value is below what the node has allocated.
    ///
    /// # Panics
    /// Never: the sibling list is checked to be non-empty first.
    pub fn set_rebalance(&mut self, n: NodeIx, q: usize, value: u64) -> OpResult {
        self.rebalance_by(n, q, value, None)
    }

    /// [`Editor::set_rebalance`] with the siblings weighted by `weigh` (a
    /// reference plan's figures) instead of their own figures.
    ///
    /// # Errors
    /// As [`Editor::set_rebalance`]; also when no unlocked sibling has a
    /// weight.
    pub fn rebalance_given(
        &mut self,
        n: NodeIx,
        q: usize,
        value: u64,
        weigh: Given<'_>,
    ) -> OpResult {
        self.rebalance_by(n, q, value, Some(weigh))
    }

    fn rebalance_by(
        &mut self,
        n: NodeIx,
        q: usize,
        value: u64,
        weigh: Option<Given<'_>>,
    ) -> OpResult {
        live(&self.plan, n)?;
        quota_ok(&self.plan, q)?;
        let Some(parent) = self.plan.parent(n) else {
            return refuse(Refusal::RootRebalance);
        };
        unlocked(&self.plan, n)?;
        amount_ok(value)?;
        let p = &self.plan;
        let allocated = p.allocated(n, q);
        if u128::from(value) < allocated {
            return refuse(Refusal::BelowAllocated {
                node: self.name(n),
                allocated,
                unit: self.unit(),
                quota: self.quota_name(q),
            });
        }
        let old = p.value(n, q);
        if value == old {
            return Ok(Outcome::Unchanged);
        }
        let siblings: Vec<NodeIx> = p
            .children(parent)
            .iter()
            .copied()
            .filter(|&s| s != n && !p.node(s).locked)
            .collect();
        if siblings.is_empty() {
            return refuse(Refusal::NoUnlockedSiblings { node: self.name(n) });
        }
        let weights: Vec<u64> = match weigh {
            Some(w) => siblings.iter().map(|&s| w(s)).collect(),
            None => siblings.iter().map(|&s| p.value(s, q)).collect(),
        };
        if weigh.is_some() && weights.iter().all(|&w| w == 0) {
            return refuse(Refusal::NoWeights {
                node: self.name(parent),
            });
        }
        let label = self.value_label(n, q, value, Spread::Siblings);
        if value > old {
            let give = value - old;
            let caps: Vec<u64> = siblings.iter().map(|&s| p.slack(s, q)).collect();
            let Some(shares) = apportion_capped(give, &weights, &caps) else {
                let can: u128 = caps.iter().map(|&c| u128::from(c)).sum();
                return refuse(Refusal::SiblingsShort {
                    node: self.name(n),
                    can,
                    need: give,
                    unit: self.unit(),
                });
            };
            self.run(|tx| {
                tx.explain(&siblings, q, give, &weights, Some(&caps));
                for (&s, share) in siblings.iter().zip(shares) {
                    let nv = tx.plan.value(s, q) - share;
                    tx.set(s, q, nv);
                    if u128::from(nv) < tx.plan.allocated(s, q) {
                        shrink_to_fit(tx, s, q)?;
                    }
                }
                tx.set(n, q, value);
                Ok(label)
            })
        } else {
            let take = old - value;
            let shares = apportion(take, &weights).expect("siblings are not empty");
            for (&s, &share) in siblings.iter().zip(&shares) {
                if p.value(s, q)
                    .checked_add(share)
                    .is_none_or(|v| v > MAX_AMOUNT)
                {
                    return refuse(Refusal::AboveMaximum {
                        node: self.name(s),
                        max: MAX_AMOUNT,
                    });
                }
            }
            self.run(|tx| {
                tx.explain(&siblings, q, take, &weights, None);
                for (&s, share) in siblings.iter().zip(shares) {
                    let nv = tx.plan.value(s, q) + share;
                    tx.set(s, q, nv);
                }
                tx.set(n, q, value);
                Ok(label)
            })
        }
    }

    /// Set a node's value and scale everything under it proportionally (its
    /// remainder too); locked nodes keep their values.
    ///
    /// # Errors
    /// When the parent cannot cover an increase, locked nodes below hold more
    /// than the value, the node is locked, or the value is too large.
    pub fn scale(&mut self, n: NodeIx, q: usize, value: u64) -> OpResult {
        live(&self.plan, n)?;
        quota_ok(&self.plan, q)?;
        unlocked(&self.plan, n)?;
        amount_ok(value)?;
        check_parent_covers(&self.plan, n, q, value)?;
        let p = &self.plan;
        let floor = p.floor(n, q);
        if u128::from(value) < floor {
            return refuse(Refusal::LockedFloor {
                node: self.name(n),
                floor,
                unit: self.unit(),
            });
        }
        let label = self.value_label(n, q, value, Spread::Subtree);
        self.run(|tx| {
            let old = tx.plan.value(n, q);
            tx.set(n, q, value);
            rescale(tx, n, q, old)?;
            Ok(label)
        })
    }

    /// Share a parent's remainder among its unlocked children in proportion
    /// to their values (equally when all are 0); in a batch whose children
    /// have nothing yet, in proportion to their figures of the earlier
    /// batches. Only adds.
    ///
    /// # Errors
    /// When nothing is unallocated or no child is unlocked.
    pub fn fill(&mut self, n: NodeIx, q: usize) -> OpResult {
        self.fill_by(n, q, None)
    }

    /// Share a parent's remainder in column `q` among its unlocked
    /// children, weighted as `by` says (None: as [`Editor::fill`] chooses).
    /// Only adds: no figure, and so no cumulative figure, goes down.
    ///
    /// # Errors
    /// When nothing is unallocated or no child is unlocked.
    pub fn fill_by(&mut self, n: NodeIx, q: usize, by: Option<FillBy>) -> OpResult {
        live(&self.plan, n)?;
        quota_ok(&self.plan, q)?;
        let plan = &self.plan;
        let weights = weights_for(plan, n, q, by);
        let shares = fill_shares(plan, n, q, weights)?;
        let explained = fill_explained(plan, n, q, weights.newcomers, &|c| {
            weight(plan, c, q, weights.by)
        });
        self.add_shares(n, q, shares, weights, explained)
    }

    /// Add the `shares` of `n`'s remainder in column `q` to its children,
    /// as one step.
    fn add_shares(
        &mut self,
        n: NodeIx,
        q: usize,
        shares: Vec<(NodeIx, u64)>,
        weights: Weights,
        explained: Vec<(NodeIx, usize, Explained)>,
    ) -> OpResult {
        let label = Outcome::Filled {
            node: self.name(n),
            quota: self.quota_name(q),
            amount: self.plan.remainder(n, q).unsigned_abs(),
            unit: self.unit(),
            by: weights.by,
            newcomers: weights.newcomers,
        };
        self.run(|tx| {
            tx.explained.extend(explained);
            for (c, share) in shares {
                let v = tx.plan.value(c, q) + share;
                tx.set(c, q, v);
            }
            Ok(label)
        })
    }

    /// Share a parent's remainder in column `q` among its unlocked
    /// children in proportion to `weigh` (a reference plan's figures for
    /// them). Only adds.
    ///
    /// # Errors
    /// When nothing is unallocated, no child is unlocked, or none has a
    /// weight.
    pub fn fill_given(&mut self, n: NodeIx, q: usize, weigh: Given<'_>) -> OpResult {
        live(&self.plan, n)?;
        quota_ok(&self.plan, q)?;
        let plan = &self.plan;
        if plan
            .children(n)
            .iter()
            .all(|&c| plan.node(c).locked || weigh(c) == 0)
            && plan.remainder(n, q) > 0
        {
            return refuse(Refusal::NoWeights { node: self.name(n) });
        }
        let shares = fill_shares_by(plan, n, q, false, weigh)?;
        let weights = Weights {
            by: FillBy::Reference,
            newcomers: false,
        };
        let explained = fill_explained(plan, n, q, false, weigh);
        self.add_shares(n, q, shares, weights, explained)
    }

    /// Set a node's value and share it out anew among its children in
    /// proportion to `weigh` (a reference plan's figures for them, and for
    /// what the node keeps unallocated: `kept`); each child's subtree is
    /// then scaled to its new figure. Locked children keep theirs.
    ///
    /// # Errors
    /// As [`Editor::scale`]; also when nothing has a weight.
    ///
    /// # Panics
    /// Never: the weights include `kept`, so they are not empty.
    pub fn scale_given(
        &mut self,
        n: NodeIx,
        q: usize,
        value: u64,
        weigh: Given<'_>,
        kept: u64,
    ) -> OpResult {
        live(&self.plan, n)?;
        quota_ok(&self.plan, q)?;
        unlocked(&self.plan, n)?;
        amount_ok(value)?;
        check_parent_covers(&self.plan, n, q, value)?;
        let p = &self.plan;
        let (kids, locked) = split_children(p, n, q);
        let Some(avail) =
            u64::try_from(u128::from(value).checked_sub(locked).ok_or_else(|| {
                Refusal::LockedFloor {
                    node: self.name(n),
                    floor: locked,
                    unit: self.unit(),
                }
            })?)
            .ok()
        else {
            return refuse(Refusal::AmountTooLarge {
                value,
                max: MAX_AMOUNT,
            });
        };
        let mut weights: Vec<u64> = kids.iter().map(|&c| weigh(c)).collect();
        weights.push(kept);
        if weights.iter().all(|&w| w == 0) {
            return refuse(Refusal::NoWeights { node: self.name(n) });
        }
        let targets = apportion(avail, &weights).expect("weights are not empty");
        for (&c, &t) in kids.iter().zip(&targets) {
            let floor = p.floor(c, q);
            if u128::from(t) < floor {
                return refuse(Refusal::LockedFloor {
                    node: self.name(c),
                    floor,
                    unit: self.unit(),
                });
            }
        }
        let label = self.value_label(n, q, value, Spread::Subtree);
        self.run(|tx| {
            tx.explain(&kids, q, avail, &weights, None);
            tx.set(n, q, value);
            for (&c, &t) in kids.iter().zip(&targets) {
                let old = tx.plan.value(c, q);
                tx.set(c, q, t);
                rescale(tx, c, q, old)?;
            }
            Ok(label)
        })
    }

    /// Fill `n`'s remainder in column `q`, then each of its children's in
    /// turn, down to the leaves, as one step (weighted as `by`, or as
    /// [`Editor::fill`] chooses at each parent).
    ///
    /// # Errors
    /// When nothing anywhere under `n` was left to fill.
    pub fn fill_down(&mut self, n: NodeIx, q: usize, by: Option<FillBy>) -> OpResult {
        live(&self.plan, n)?;
        quota_ok(&self.plan, q)?;
        let label = Outcome::FilledDown {
            node: self.name(n),
            quota: self.quota_name(q),
            amount: self.plan.remainder(n, q).max(0).unsigned_abs(),
            unit: self.unit(),
        };
        let mut filled = 0usize;
        let first = fill_shares(&self.plan, n, q, weights_for(&self.plan, n, q, by)).err();
        let r = self.run(|tx| {
            let mut stack = vec![n];
            while let Some(x) = stack.pop() {
                let weights = weights_for(tx.plan, x, q, by);
                if let Ok(shares) = fill_shares(tx.plan, x, q, weights) {
                    let plan: &Plan = tx.plan;
                    let e = fill_explained(plan, x, q, weights.newcomers, &|c| {
                        weight(plan, c, q, weights.by)
                    });
                    tx.explained.extend(e);
                    for (c, share) in shares {
                        let v = tx.plan.value(c, q) + share;
                        tx.set(c, q, v);
                        filled += 1;
                    }
                }
                stack.extend(tx.plan.children(x).iter().rev().copied());
            }
            Ok(label)
        });
        if filled == 0 {
            return Err(first.unwrap_or(Refusal::NothingToFill {
                node: self.name(n),
                quota: self.quota_name(q),
            }));
        }
        r
    }

    /// Fill every quota that has something unallocated under `n`, as one
    /// step.
    ///
    /// # Errors
    /// When no quota can be filled.
    pub fn fill_all(&mut self, n: NodeIx) -> OpResult {
        let cols: Vec<usize> = (0..self.plan.quotas().len()).collect();
        self.fill_columns(n, &cols)
    }

    /// Fill the columns `cols` that have something unallocated under `n`
    /// (those of one batch, say), as one step.
    ///
    /// # Errors
    /// When none can be filled.
    pub fn fill_columns(&mut self, n: NodeIx, cols: &[usize]) -> OpResult {
        live(&self.plan, n)?;
        let mut all = Vec::new();
        let mut last_err = None;
        for &q in cols {
            quota_ok(&self.plan, q)?;
            match fill_shares(&self.plan, n, q, weights_for(&self.plan, n, q, None)) {
                Ok(s) => all.push((q, s)),
                Err(e) => last_err = Some(e),
            }
        }
        if all.is_empty() {
            return Err(last_err.unwrap_or(Refusal::NoSuchQuota));
        }
        let label = Outcome::FilledAll {
            node: self.name(n),
            quotas: all
                .iter()
                .map(|(q, _)| self.plan.quotas()[*q].name.clone())
                .collect(),
        };
        self.run(|tx| {
            for (q, shares) in all {
                let plan: &Plan = tx.plan;
                let w = weights_for(plan, n, q, None);
                let e = fill_explained(plan, n, q, w.newcomers, &|c| weight(plan, c, q, w.by));
                tx.explained.extend(e);
                for (c, share) in shares {
                    let v = tx.plan.value(c, q) + share;
                    tx.set(c, q, v);
                }
            }
            Ok(label)
        })
    }

    // ----- locks, names, notes -----

    /// Lock or unlock a node.
    ///
    /// # Errors
    /// On the national root.
    pub fn set_locked(&mut self, n: NodeIx, locked: bool) -> OpResult {
        live(&self.plan, n)?;
        if n == ROOT {
            return refuse(Refusal::RootLock);
        }
        let label = Outcome::Locked {
            node: self.name(n),
            locked,
        };
        self.run(|tx| {
            if tx.plan.node(n).locked != locked {
                tx.apply(Change::Locked { node: n, locked });
            }
            Ok(label)
        })
    }

    /// Rename a node.
    ///
    /// # Errors
    /// On an empty name or the national root.
    pub fn rename(&mut self, n: NodeIx, name: &str) -> OpResult {
        live(&self.plan, n)?;
        if n == ROOT {
            return refuse(Refusal::RootRename);
        }
        check_name(name).map_err(invalid)?;
        let label = Outcome::Renamed {
            from: self.name(n),
            to: name.to_owned(),
        };
        self.run(|tx| {
            if tx.plan.node(n).name != name {
                tx.apply(Change::Name {
                    node: n,
                    name: name.to_owned(),
                });
            }
            Ok(label)
        })
    }

    /// Change a node's id.
    ///
    /// # Errors
    /// On an invalid or taken id, or the national root.
    pub fn set_id(&mut self, n: NodeIx, id: &str) -> OpResult {
        live(&self.plan, n)?;
        if n == ROOT {
            return refuse(Refusal::RootId);
        }
        check_node_id(id).map_err(invalid)?;
        if let Some(other) = self.plan.find(id)
            && other != n
        {
            return refuse(Refusal::IdTaken {
                id: id.to_owned(),
                by: self.name(other),
            });
        }
        let label = Outcome::IdSet {
            node: self.name(n),
            id: id.to_owned(),
        };
        self.run(|tx| {
            if tx.plan.node(n).id != id {
                tx.apply(Change::Id {
                    node: n,
                    id: id.to_owned(),
                });
            }
            Ok(label)
        })
    }

    /// Set or clear (empty text) a node's note.
    ///
    /// # Errors
    /// When the node is gone.
    pub fn set_note(&mut self, n: NodeIx, note: &str) -> OpResult {
        live(&self.plan, n)?;
        let note = (!note.is_empty()).then(|| note.to_owned());
        let label = Outcome::NoteEdited { node: self.name(n) };
        self.run(|tx| {
            if tx.plan.node(n).note != note {
                tx.apply(Change::Note { node: n, note });
            }
            Ok(label)
        })
    }

    // ----- structure -----

    /// Add a node under `parent` at `index` (at the end when None). Its values
    /// come out of the parent's remainder.
    ///
    /// # Errors
    /// On a bad or taken id, an empty name, or values the parent cannot cover.
    pub fn add_node(
        &mut self,
        parent: NodeIx,
        index: Option<usize>,
        spec: NewNode,
    ) -> Result<(NodeIx, Outcome), Refusal> {
        live(&self.plan, parent)?;
        check_node_id(&spec.id).map_err(invalid)?;
        check_name(&spec.name).map_err(invalid)?;
        if let Some(other) = self.plan.find(&spec.id) {
            return refuse(Refusal::IdTaken {
                id: spec.id.clone(),
                by: self.name(other),
            });
        }
        let nq = self.plan.quotas().len();
        let mut values = spec.values;
        values.resize(nq, 0);
        for (q, &v) in values.iter().enumerate() {
            amount_ok(v)?;
            let rem = self.plan.remainder(parent, q);
            if v > 0 && rem < i128::from(v) {
                return refuse(Refusal::ParentShort(Box::new(Shortfall {
                    parent: self.name(parent),
                    remainder: rem,
                    unit: self.unit(),
                    quota: self.quota_name(q),
                    need: u64::try_from(i128::from(v) - rem.max(0)).ok(),
                    node: None,
                })));
            }
        }
        if self.plan.depth(parent) >= MAX_DEPTH {
            return refuse(Refusal::TooDeep { max: MAX_DEPTH });
        }
        let count = self.plan.children(parent).len();
        let index = index.unwrap_or(count).min(count);
        let label = Outcome::Added {
            node: spec.name.clone(),
            parent: self.name(parent),
        };
        let plan = Arc::make_mut(&mut self.plan);
        let n = plan.create(spec.id, spec.name);
        plan.init_detached(n, &values, spec.locked);
        plan.init_note(n, spec.note);
        let msg = self.run(|tx| {
            tx.apply(Change::Attach {
                node: n,
                parent,
                index,
            });
            Ok(label)
        })?;
        Ok((n, msg))
    }

    /// An id not yet used in the plan, made from `base`.
    ///
    /// # Panics
    /// Never: a plan cannot use every numbered suffix.
    pub fn fresh_id(&self, base: &str) -> String {
        let base: String = base
            .trim()
            .chars()
            .map(|c| if c == '/' || c.is_control() { '-' } else { c })
            .collect();
        let base = if base.trim().is_empty() {
            "node".to_owned()
        } else {
            base.trim().to_owned()
        };
        if self.plan.find(&base).is_none() {
            return base;
        }
        (2u64..=u64::MAX)
            .map(|i| format!("{base}-{i}"))
            .find(|id| self.plan.find(id).is_none())
            .expect("some suffix is free")
    }

    /// Delete a node and its subtree; its values return to the parent's
    /// remainder.
    ///
    /// # Errors
    /// On the national root.
    pub fn delete(&mut self, n: NodeIx) -> OpResult {
        live(&self.plan, n)?;
        if n == ROOT {
            return refuse(Refusal::RootDelete);
        }
        let label = Outcome::Deleted { node: self.name(n) };
        self.run(|tx| {
            tx.apply(Change::Detach { node: n });
            Ok(label)
        })
    }

    /// Move a node (with its subtree) under `parent` at `index` (at the end
    /// when None).
    ///
    /// # Errors
    /// When the target is the node or below it, or cannot cover its values.
    ///
    /// # Panics
    /// Never: a live node other than the root has a parent.
    pub fn move_to(&mut self, n: NodeIx, parent: NodeIx, index: Option<usize>) -> OpResult {
        live(&self.plan, n)?;
        live(&self.plan, parent)?;
        let p = &self.plan;
        if n == ROOT {
            return refuse(Refusal::RootMove);
        }
        if p.is_ancestor_or_self(n, parent) {
            return refuse(Refusal::UnderItself { node: self.name(n) });
        }
        let old_parent = p.parent(n).expect("live non-root has a parent");
        if p.depth(parent) + 1 + p.height(n) > MAX_DEPTH {
            return refuse(Refusal::TooDeep { max: MAX_DEPTH });
        }
        if old_parent != parent {
            for q in 0..p.quotas().len() {
                let v = p.value(n, q);
                let rem = p.remainder(parent, q);
                if v > 0 && rem < i128::from(v) {
                    return refuse(Refusal::ParentShort(Box::new(Shortfall {
                        parent: self.name(parent),
                        remainder: rem,
                        unit: self.unit(),
                        quota: self.quota_name(q),
                        need: Some(v),
                        node: Some(self.name(n)),
                    })));
                }
            }
        }
        let count = p.children(parent).len() - usize::from(old_parent == parent);
        let index = index.unwrap_or(count).min(count);
        let label = Outcome::Moved {
            node: self.name(n),
            parent: self.name(parent),
        };
        self.run(|tx| {
            tx.apply(Change::Move {
                node: n,
                parent,
                index,
            });
            Ok(label)
        })
    }

    // ----- quota kinds -----

    /// Add a quota kind whose figures are stored, with its national total
    /// (in a plan with batches: in the first batch; see
    /// [`Editor::add_kind`]).
    ///
    /// # Errors
    /// On a bad or taken id, an empty name or a too large total.
    pub fn add_quota(&mut self, id: &str, name: &str, total: u64) -> OpResult {
        self.add_kind(id, name, &[total])
    }

    /// Add a quota kind whose figures are stored, at the end, with its
    /// national totals by batch (missing ones are 0).
    ///
    /// # Errors
    /// On a bad or taken id, an empty name or a too large total.
    pub fn add_kind(&mut self, id: &str, name: &str, totals: &[u64]) -> OpResult {
        check_quota_id(id).map_err(invalid)?;
        check_name(name).map_err(invalid)?;
        for &t in totals {
            amount_ok(t)?;
        }
        let layout = self.plan.layout();
        if layout.kind_index(id).is_some() || layout.batch_index(id).is_some() {
            return refuse(Refusal::QuotaIdTaken { id: id.to_owned() });
        }
        let mut kinds = layout.kinds().to_vec();
        kinds.push(Kind::stored(id, name));
        let next = Layout::new(kinds, layout.batches().to_vec());
        let first = self.plan.quotas().len();
        let nb = layout.batch_count();
        let label = Outcome::QuotaAdded {
            name: name.to_owned(),
        };
        self.run(|tx| {
            tx.apply(Change::Layout(Box::new(next)));
            for b in 0..nb {
                tx.apply(Change::InsertQuota {
                    index: first + b,
                    quota: Quota {
                        id: id.to_owned(),
                        name: name.to_owned(),
                    },
                    values: vec![totals.get(b).copied().unwrap_or(0)],
                });
            }
            Ok(label)
        })
    }

    /// Change the id and name of the quota kind of column `q`.
    ///
    /// # Errors
    /// On a bad or taken id or an empty name.
    pub fn relabel_quota(&mut self, q: usize, id: &str, name: &str) -> OpResult {
        quota_ok(&self.plan, q)?;
        let kind = self.plan.layout().column_of(q).0;
        self.relabel_kind(kind, id, name)
    }

    /// Change a quota kind's id and name.
    ///
    /// # Errors
    /// On a bad or taken id or an empty name.
    pub fn relabel_kind(&mut self, kind: usize, id: &str, name: &str) -> OpResult {
        let layout = self.plan.layout();
        let Some(old) = layout.kinds().get(kind) else {
            return refuse(Refusal::NoSuchQuota);
        };
        check_quota_id(id).map_err(invalid)?;
        check_name(name).map_err(invalid)?;
        if layout.kind_index(id).is_some_and(|i| i != kind) || layout.batch_index(id).is_some() {
            return refuse(Refusal::QuotaIdTaken { id: id.to_owned() });
        }
        let label = Outcome::QuotaRelabelled {
            from: old.name.clone(),
            name: name.to_owned(),
            id: id.to_owned(),
        };
        let same = old.id == id && old.name == name;
        let mut kinds = layout.kinds().to_vec();
        id.clone_into(&mut kinds[kind].id);
        name.clone_into(&mut kinds[kind].name);
        let next = Layout::new(kinds, layout.batches().to_vec());
        self.run(|tx| {
            if !same {
                tx.apply(Change::Layout(Box::new(next)));
            }
            Ok(label)
        })
    }

    /// Delete the quota kind of column `q` with all its figures.
    ///
    /// # Errors
    /// See [`Editor::delete_kind`].
    pub fn delete_quota(&mut self, q: usize) -> OpResult {
        quota_ok(&self.plan, q)?;
        let kind = self.plan.layout().column_of(q).0;
        self.delete_kind(kind)
    }

    /// Delete a quota kind with all its figures (a derived kind: only
    /// itself).
    ///
    /// # Errors
    /// On the last stored kind, or a kind a derived kind is made of.
    pub fn delete_kind(&mut self, kind: usize) -> OpResult {
        let layout = self.plan.layout();
        let Some(k) = layout.kinds().get(kind) else {
            return refuse(Refusal::NoSuchQuota);
        };
        if !k.is_derived() && layout.stored().len() == 1 {
            return refuse(Refusal::LastQuota);
        }
        if let Some(&d) = layout.derived_from(kind).first() {
            return refuse(Refusal::PartOfDerived {
                kind: k.name.clone(),
                derived: layout.kinds()[d].name.clone(),
            });
        }
        let label = Outcome::QuotaDeleted {
            name: k.name.clone(),
        };
        // The columns go, last first; the kinds after it move up, and the
        // derived kinds' parts with them.
        let columns: Vec<usize> = (0..layout.batch_count())
            .filter_map(|b| layout.column(kind, b))
            .rev()
            .collect();
        let mut kinds = layout.kinds().to_vec();
        kinds.remove(kind);
        for d in &mut kinds {
            for p in &mut d.sum_of {
                if *p > kind {
                    *p -= 1;
                }
            }
        }
        let next = Layout::new(kinds, layout.batches().to_vec());
        self.run(|tx| {
            tx.apply(Change::Layout(Box::new(next)));
            for c in columns {
                tx.apply(Change::RemoveQuota { index: c });
            }
            Ok(label)
        })
    }

    // ----- batches -----

    /// Add a batch at the end, with the national totals of each stored
    /// kind (by kind position; missing ones are 0). A plan without batches
    /// gets its figures as the first batch, `first` naming it.
    ///
    /// # Errors
    /// On a bad or taken id, an empty name, a bad date or a too large
    /// total.
    pub fn add_batch(
        &mut self,
        batch: Batch,
        totals: &[(usize, u64)],
        first: Option<Batch>,
    ) -> OpResult {
        let layout = self.plan.layout();
        let mut batches = layout.batches().to_vec();
        if batches.is_empty() {
            let Some(first) = first else {
                return refuse(Refusal::FirstBatchUnnamed);
            };
            check_batch(&first, layout)?;
            batches.push(first);
        }
        check_batch(&batch, layout)?;
        if batches.iter().any(|b| b.id == batch.id) {
            return refuse(Refusal::QuotaIdTaken { id: batch.id });
        }
        for &(_, t) in totals {
            amount_ok(t)?;
        }
        let label = Outcome::BatchAdded {
            name: batch.name.clone(),
        };
        let nb = batches.len();
        batches.push(batch);
        let next = Layout::new(layout.kinds().to_vec(), batches);
        // New columns: after each stored kind's last one, last kind first so
        // that the positions of the earlier ones do not move.
        let stored: Vec<usize> = layout.stored().to_vec();
        self.run(|tx| {
            tx.apply(Change::Layout(Box::new(next)));
            for (rank, &k) in stored.iter().enumerate().rev() {
                let total = totals
                    .iter()
                    .find(|(kind, _)| *kind == k)
                    .map_or(0, |&(_, t)| t);
                tx.apply(Change::InsertQuota {
                    index: rank * nb + nb,
                    quota: Quota::default(),
                    values: vec![total],
                });
            }
            Ok(label)
        })
    }

    /// Rename a batch, or change its date or notice.
    ///
    /// # Errors
    /// On a bad or taken id, an empty name or a bad date.
    pub fn edit_batch(&mut self, b: usize, batch: Batch) -> OpResult {
        let layout = self.plan.layout();
        let Some(old) = layout.batches().get(b) else {
            return refuse(Refusal::NoSuchBatch);
        };
        check_batch(&batch, layout)?;
        if layout.batch_index(&batch.id).is_some_and(|i| i != b)
            || layout.kind_index(&batch.id).is_some()
        {
            return refuse(Refusal::QuotaIdTaken { id: batch.id });
        }
        let label = Outcome::BatchEdited {
            name: batch.name.clone(),
        };
        let same = *old == batch;
        let mut batches = layout.batches().to_vec();
        batches[b] = batch;
        let next = Layout::new(layout.kinds().to_vec(), batches);
        self.run(|tx| {
            if !same {
                tx.apply(Change::Layout(Box::new(next)));
            }
            Ok(label)
        })
    }

    /// Delete a batch and all its figures, as one step. The last batch
    /// cannot go (a plan keeps at least one column per kind).
    ///
    /// # Errors
    /// On the last batch.
    pub fn delete_batch(&mut self, b: usize) -> OpResult {
        let layout = self.plan.layout();
        let Some(batch) = layout.batches().get(b) else {
            return refuse(Refusal::NoSuchBatch);
        };
        if layout.batches().len() == 1 {
            return refuse(Refusal::LastBatch);
        }
        let label = Outcome::BatchDeleted {
            name: batch.name.clone(),
        };
        let columns: Vec<usize> = layout
            .stored()
            .iter()
            .filter_map(|&k| layout.column(k, b))
            .rev()
            .collect();
        let mut batches = layout.batches().to_vec();
        batches.remove(b);
        let next = Layout::new(layout.kinds().to_vec(), batches);
        self.run(|tx| {
            tx.apply(Change::Layout(Box::new(next)));
            for c in columns {
                tx.apply(Change::RemoveQuota { index: c });
            }
            Ok(label)
        })
    }

    /// Move batch `b` to position `to` (its figures with it).
    ///
    /// # Errors
    /// On a batch or position that does not exist.
    pub fn move_batch(&mut self, b: usize, to: usize) -> OpResult {
        let layout = self.plan.layout();
        let nb = layout.batches().len();
        if b >= nb || to >= nb {
            return refuse(Refusal::NoSuchBatch);
        }
        let label = Outcome::BatchMoved {
            name: layout.batches()[b].name.clone(),
            to,
        };
        if b == to {
            return Ok(label);
        }
        let mut batches = layout.batches().to_vec();
        let moved = batches.remove(b);
        batches.insert(to, moved);
        let next = Layout::new(layout.kinds().to_vec(), batches);
        let stored = layout.stored().len();
        self.run(|tx| {
            // Each kind's column of batch b is taken out (last kind first)
            // and put back at `to` among that kind's columns.
            let mut taken = Vec::with_capacity(stored);
            for rank in (0..stored).rev() {
                tx.apply(Change::RemoveQuota {
                    index: rank * nb + b,
                });
                if let Some(Change::InsertQuota { values, .. }) = tx.inverses.last() {
                    taken.push(values.clone());
                }
            }
            for (rank, values) in taken.into_iter().rev().enumerate() {
                tx.apply(Change::InsertQuota {
                    index: rank * nb + to,
                    quota: Quota::default(),
                    values,
                });
            }
            tx.apply(Change::Layout(Box::new(next)));
            Ok(label)
        })
    }

    // ----- descriptive fields -----

    /// Set the title (empty clears it).
    ///
    /// # Errors
    /// Never; returns the message.
    pub fn set_title(&mut self, title: &str) -> OpResult {
        let v = (!title.trim().is_empty()).then(|| title.to_owned());
        self.set_meta(MetaField::Title(v), Field::Title)
    }

    /// Set the year.
    ///
    /// # Errors
    /// Never; returns the message.
    pub fn set_year(&mut self, year: Option<i64>) -> OpResult {
        self.set_meta(MetaField::Year(year), Field::Year)
    }

    /// Set the unit (empty clears it).
    ///
    /// # Errors
    /// Never; returns the message.
    pub fn set_unit(&mut self, unit: &str) -> OpResult {
        let v = (!unit.trim().is_empty()).then(|| unit.to_owned());
        self.set_meta(MetaField::Unit(v), Field::Unit)
    }

    /// Set the level names.
    ///
    /// # Errors
    /// When a name is empty.
    pub fn set_levels(&mut self, levels: Vec<String>) -> OpResult {
        for l in &levels {
            check_name(l).map_err(|_| Refusal::EmptyLevelName)?;
        }
        self.set_meta(MetaField::Levels(levels), Field::Levels)
    }

    fn set_meta(&mut self, field: MetaField, label: Field) -> OpResult {
        let m = self.plan.meta();
        let same = match &field {
            MetaField::Title(v) => *v == m.title,
            MetaField::Year(v) => *v == m.year,
            MetaField::Unit(v) => *v == m.unit,
            MetaField::Levels(v) => *v == m.levels,
        };
        self.run(|tx| {
            if !same {
                tx.apply(Change::Meta(field));
            }
            Ok(Outcome::Edited(label))
        })
    }
}

// ----- checks, on a plan (also one being changed within a step) -----

fn name(p: &Plan, n: NodeIx) -> String {
    p.display_name(n).to_owned()
}

fn quota_name(p: &Plan, q: usize) -> String {
    p.quotas()[q].name.clone()
}

fn unit(p: &Plan) -> String {
    p.unit_label().to_owned()
}

fn live(p: &Plan, n: NodeIx) -> Result<(), Refusal> {
    if p.is_live(n) {
        Ok(())
    } else {
        refuse(Refusal::NodeGone)
    }
}

fn quota_ok(p: &Plan, q: usize) -> Result<(), Refusal> {
    if q < p.quotas().len() {
        Ok(())
    } else {
        refuse(Refusal::NoSuchQuota)
    }
}

fn unlocked(p: &Plan, n: NodeIx) -> Result<(), Refusal> {
    if p.node(n).locked {
        refuse(Refusal::Locked { node: name(p, n) })
    } else {
        Ok(())
    }
}

/// What a fill shares a remainder in proportion to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FillBy {
    /// The children's figures in the column filled (equal when all are 0).
    Current,
    /// Their figures in the previous batch.
    Previous,
    /// Their figures of all the earlier batches together.
    Cumulative,
    /// Equal shares.
    Equal,
    /// The figures of a reference plan (last year's, the other table's),
    /// given by the caller: see [`Editor::fill_given`].
    Reference,
}

/// Weights given from outside the plan, by node: a reference plan's
/// figures for the same nodes (0 for a node the reference lacks).
pub type Given<'a> = &'a dyn Fn(NodeIx) -> u64;

/// How a fill weighs the children, and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Weights {
    by: FillBy,
    /// Only the children with nothing yet in the column.
    newcomers: bool,
}

/// The weights of a fill: as told, or else, in a batch after the first
/// where some children have nothing yet, their figures of the earlier
/// batches, among those (a second batch follows the shares of the first,
/// and those already given their part of it get no more); otherwise their
/// figures.
fn weights_for(p: &Plan, n: NodeIx, q: usize, by: Option<FillBy>) -> Weights {
    if let Some(by) = by {
        return Weights {
            by,
            newcomers: false,
        };
    }
    let (_, b) = p.layout().column_of(q);
    let open: Vec<NodeIx> = p
        .children(n)
        .iter()
        .copied()
        .filter(|&c| !p.node(c).locked)
        .collect();
    let empty = open.iter().filter(|&&c| p.value(c, q) == 0).count();
    if b > 0 && empty > 0 {
        Weights {
            by: FillBy::Cumulative,
            newcomers: empty < open.len(),
        }
    } else {
        Weights {
            by: FillBy::Current,
            newcomers: false,
        }
    }
}

/// The weight of child `c` in a fill of column `q` by `by`.
fn weight(p: &Plan, child: NodeIx, col: usize, by: FillBy) -> u64 {
    let layout = p.layout();
    let (kind, batch) = layout.column_of(col);
    let of = |b: usize| layout.column(kind, b).map_or(0, |c| p.value(child, c));
    match by {
        FillBy::Previous if batch > 0 => of(batch - 1),
        FillBy::Current | FillBy::Previous | FillBy::Reference => p.value(child, col),
        FillBy::Cumulative => (0..batch).map(of).fold(0u64, u64::saturating_add),
        FillBy::Equal => 1,
    }
}

/// The shares of `n`'s remainder in column `q` for its unlocked children
/// (those that get something), weighted by `by`.
fn fill_shares(p: &Plan, n: NodeIx, q: usize, w: Weights) -> Result<Vec<(NodeIx, u64)>, Refusal> {
    fill_shares_by(p, n, q, w.newcomers, &|c| weight(p, c, q, w.by))
}

/// How a fill of `n`'s remainder in column `q` shares (before it is
/// applied): (recipient, column, explanation).
fn fill_explained(
    p: &Plan,
    n: NodeIx,
    q: usize,
    newcomers: bool,
    weigh: Given<'_>,
) -> Vec<(NodeIx, usize, Explained)> {
    let rem = u64::try_from(p.remainder(n, q)).unwrap_or(0);
    let (kids, weights) = fill_recipients(p, n, q, newcomers, weigh);
    if rem == 0 || kids.is_empty() {
        return Vec::new();
    }
    explain(rem, &weights).map_or_else(Vec::new, |e| {
        kids.into_iter().zip(e).map(|(c, e)| (c, q, e)).collect()
    })
}

/// Who shares a fill of `n`'s remainder in column `q` (its unlocked
/// children; only those with nothing yet when `newcomers`), and their
/// weights.
fn fill_recipients(
    p: &Plan,
    n: NodeIx,
    q: usize,
    newcomers: bool,
    weigh: Given<'_>,
) -> (Vec<NodeIx>, Vec<u64>) {
    let kids: Vec<NodeIx> = p
        .children(n)
        .iter()
        .copied()
        .filter(|&c| !p.node(c).locked && (!newcomers || p.value(c, q) == 0))
        .collect();
    let weights = kids.iter().map(|&c| weigh(c)).collect();
    (kids, weights)
}

/// The shares of `n`'s remainder in column `q` for its unlocked children
/// (only those with nothing yet when `newcomers`), weighted by `weigh`.
fn fill_shares_by(
    p: &Plan,
    n: NodeIx,
    q: usize,
    newcomers: bool,
    weigh: Given<'_>,
) -> Result<Vec<(NodeIx, u64)>, Refusal> {
    let rem = p.remainder(n, q);
    if rem <= 0 {
        return refuse(Refusal::NothingToFill {
            node: name(p, n),
            quota: quota_name(p, q),
        });
    }
    let rem = u64::try_from(rem).map_err(|_| Refusal::TooFar {
        node: name(p, n),
        by: rem.unsigned_abs(),
        unit: unit(p),
    })?;
    let (kids, weights) = fill_recipients(p, n, q, newcomers, weigh);
    if kids.is_empty() {
        return refuse(Refusal::NoUnlockedChildren { node: name(p, n) });
    }
    let shares = apportion(rem, &weights).expect("children are not empty");
    for (&c, &s) in kids.iter().zip(&shares) {
        if p.value(c, q).checked_add(s).is_none_or(|v| v > MAX_AMOUNT) {
            return refuse(Refusal::AboveMaximum {
                node: name(p, c),
                max: MAX_AMOUNT,
            });
        }
    }
    Ok(kids
        .into_iter()
        .zip(shares)
        .filter(|(_, s)| *s > 0)
        .collect())
}

/// A batch's id, name and date.
fn check_batch(batch: &Batch, layout: &Layout) -> Result<(), Refusal> {
    check_batch_id(&batch.id).map_err(invalid)?;
    check_name(&batch.name).map_err(invalid)?;
    if let Some(d) = &batch.date {
        check_date(d).map_err(invalid)?;
    }
    if layout.kind_index(&batch.id).is_some() {
        return refuse(Refusal::QuotaIdTaken {
            id: batch.id.clone(),
        });
    }
    Ok(())
}

/// Checks shared by Set and Scale: live, unlocked, in range, fits in the
/// parent's remainder.
fn check_set(p: &Plan, n: NodeIx, q: usize, value: u64) -> Result<(), Refusal> {
    live(p, n)?;
    quota_ok(p, q)?;
    unlocked(p, n)?;
    amount_ok(value)?;
    let allocated = p.allocated(n, q);
    if u128::from(value) < allocated && !p.children(n).is_empty() {
        // Scale handles this itself; Set refuses.
        return refuse(Refusal::BelowAllocated {
            node: name(p, n),
            allocated,
            unit: unit(p),
            quota: quota_name(p, q),
        });
    }
    check_parent_covers(p, n, q, value)
}

fn check_parent_covers(p: &Plan, n: NodeIx, q: usize, value: u64) -> Result<(), Refusal> {
    let Some(parent) = p.parent(n) else {
        return Ok(());
    };
    let old = p.value(n, q);
    if value <= old {
        return Ok(());
    }
    let need = value - old;
    let rem = p.remainder(parent, q);
    if rem < i128::from(need) {
        return refuse(Refusal::ParentShort(Box::new(Shortfall {
            parent: name(p, parent),
            remainder: rem,
            unit: unit(p),
            quota: quota_name(p, q),
            need: Some(need),
            node: None,
        })));
    }
    Ok(())
}

/// Children of `n` split into unlocked (with weights and floors) and the sum
/// of the locked ones.
fn split_children(plan: &Plan, n: NodeIx, q: usize) -> (Vec<NodeIx>, u128) {
    let mut unlocked = Vec::new();
    let mut locked = 0u128;
    for &c in plan.children(n) {
        if plan.node(c).locked {
            locked += u128::from(plan.value(c, q));
        } else {
            unlocked.push(c);
        }
    }
    (unlocked, locked)
}

/// `n`'s children hold more than its value: take the excess from its unlocked
/// children in proportion to their values, never below what locked nodes under
/// them hold, and cascade down.
fn shrink_to_fit(tx: &mut Tx<'_>, n: NodeIx, q: usize) -> Result<(), Refusal> {
    let mut work = vec![n];
    while let Some(n) = work.pop() {
        let plan = &*tx.plan;
        let excess = plan.allocated(n, q) - u128::from(plan.value(n, q));
        let (kids, _) = split_children(plan, n, q);
        let weights: Vec<u64> = kids.iter().map(|&c| plan.value(c, q)).collect();
        let caps: Vec<u64> = kids.iter().map(|&c| plan.slack(c, q)).collect();
        let excess = u64::try_from(excess).map_err(|_| Refusal::TooFar {
            node: plan.display_name(n).to_owned(),
            by: excess,
            unit: plan.unit_label().to_owned(),
        })?;
        let Some(shares) = apportion_capped(excess, &weights, &caps) else {
            return refuse(Refusal::LockedHoldMore {
                node: plan.display_name(n).to_owned(),
            });
        };
        for (c, share) in kids.into_iter().zip(shares) {
            if share == 0 {
                continue;
            }
            let nv = tx.plan.value(c, q) - share;
            tx.set(c, q, nv);
            if u128::from(nv) < tx.plan.allocated(c, q) {
                work.push(c);
            }
        }
    }
    Ok(())
}

/// `n`'s value went from `old` to its current value: scale its unlocked
/// children and its remainder proportionally, cascading down.
fn rescale(tx: &mut Tx<'_>, n: NodeIx, q: usize, old: u64) -> Result<(), Refusal> {
    let mut work = vec![(n, old)];
    while let Some((n, old)) = work.pop() {
        let plan = &*tx.plan;
        let new = plan.value(n, q);
        let (kids, locked) = split_children(plan, n, q);
        if kids.is_empty() {
            continue;
        }
        let too_much = || Refusal::LockedHoldMore {
            node: plan.display_name(n).to_owned(),
        };
        let Some(avail) = u128::from(new).checked_sub(locked) else {
            return Err(too_much());
        };
        // The children have not changed yet, so this is the old remainder:
        // it takes its proportional part like a child.
        let old_rem = u128::from(old).saturating_sub(plan.allocated(n, q));
        let old_rem = u64::try_from(old_rem).unwrap_or(0);
        let mut weights: Vec<u64> = kids.iter().map(|&c| plan.value(c, q)).collect();
        weights.push(old_rem);
        let current: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        // Sums beyond 64 bits only arise in a plan over-allocated by far
        // more than any real quota: say so, with the exact figure.
        let too_far = |by: u128| Refusal::TooFar {
            node: plan.display_name(n).to_owned(),
            by,
            unit: plan.unit_label().to_owned(),
        };
        // (amount shared, caps when taking) for the explanation.
        let (deltas, shared, caps): (Vec<i128>, u64, Option<Vec<u64>>) = if avail >= current {
            let inc = u64::try_from(avail - current).map_err(|_| too_far(avail - current))?;
            if weights.iter().all(|&w| w == 0) {
                continue; // nothing to be proportional to: it stays unallocated
            }
            let d = apportion(inc, &weights)
                .expect("weights are not empty")
                .into_iter()
                .map(i128::from)
                .collect();
            (d, inc, None)
        } else {
            let dec = u64::try_from(current - avail).map_err(|_| too_far(current - avail))?;
            let mut caps: Vec<u64> = kids.iter().map(|&c| plan.slack(c, q)).collect();
            caps.push(old_rem);
            let shares = apportion_capped(dec, &weights, &caps).ok_or_else(too_much)?;
            let d = shares.into_iter().map(|s| -i128::from(s)).collect();
            (d, dec, Some(caps))
        };
        tx.explain(&kids, q, shared, &weights, caps.as_deref());
        for (c, d) in kids.into_iter().zip(deltas) {
            if d == 0 {
                continue;
            }
            let before = tx.plan.value(c, q);
            let after = i128::from(before) + d;
            let after = u64::try_from(after)
                .ok()
                .filter(|&v| v <= MAX_AMOUNT)
                .ok_or_else(|| Refusal::AboveMaximum {
                    node: tx.plan.display_name(c).to_owned(),
                    max: MAX_AMOUNT,
                })?;
            tx.set(c, q, after);
            work.push((c, before));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::layout::Sel;
    use crate::core::model::Meta;
    use crate::core::validate::{NodeInput, QuotaInput, build};

    fn node(id: &str, v: u64, nodes: Vec<NodeInput>) -> NodeInput {
        NodeInput {
            id: id.into(),
            name: id.to_uppercase(),
            alloc: vec![("rock".into(), v.into())],
            nodes,
            ..NodeInput::default()
        }
    }

    /// national 1000: a 500 (a1 300, a2 100), b 300, c 100 -> 100 unallocated.
    fn editor() -> Editor {
        let plan = build(
            Meta {
                unit: Some("t REO".into()),
                ..Meta::default()
            },
            &[QuotaInput {
                id: "rock".into(),
                name: "rock-type".into(),
                total: Some((1000).into()),
                unit: None,
                sum_of: None,
            }],
            vec![
                node(
                    "a",
                    500,
                    vec![node("a1", 300, vec![]), node("a2", 100, vec![])],
                ),
                node("b", 300, vec![]),
                node("c", 100, vec![]),
            ],
        )
        .unwrap();
        Editor::new(plan)
    }

    fn ix(ed: &Editor, id: &str) -> NodeIx {
        ed.plan().find(id).unwrap()
    }

    fn v(ed: &Editor, id: &str) -> u64 {
        ed.plan().value(ix(ed, id), 0)
    }

    #[test]
    fn the_steps_since_a_save_list_exactly_the_changes_kept() {
        let mut ed = editor();
        let (b, c) = (ix(&ed, "b"), ix(&ed, "c"));
        ed.set_value(b, 0, 350).unwrap();
        let saved = ed.state_id();
        ed.set_value(c, 0, 120).unwrap();
        ed.fill(ROOT, 0).unwrap();
        ed.undo().unwrap();
        assert!(ed.set_reason("  the group's report  "));
        let steps = ed.steps_since(saved).unwrap();
        assert_eq!(steps.len(), 1, "the undone fill is not there");
        assert_eq!(
            steps[0].cells,
            [CellChange {
                node: c,
                col: 0,
                old: 100,
                new: 120
            }]
        );
        assert_eq!(steps[0].reason.as_deref(), Some("the group's report"));
        // The fill again: its apportionment is kept, and it is what moved.
        ed.fill(ROOT, 0).unwrap();
        let steps = ed.steps_since(saved).unwrap();
        let fill = &steps[1];
        let shared: u64 = fill.apportionment.iter().map(|(_, _, e)| e.share()).sum();
        assert_eq!(shared, 30, "1000 - 500 - 350 - 120");
        for (n, q, e) in &fill.apportionment {
            let cell = fill.cells.iter().find(|x| x.node == *n && x.col == *q);
            let moved = cell.map_or(0, |x| x.new - x.old);
            assert_eq!(moved, e.share());
        }
        // From the start, and from a state no longer on the way back.
        assert_eq!(ed.steps_since(0).unwrap().len(), 3);
        ed.undo().unwrap();
        ed.undo().unwrap();
        ed.undo().unwrap();
        ed.set_value(c, 0, 90).unwrap();
        assert!(ed.steps_since(saved).is_none());
    }

    #[test]
    fn spreads_follow_the_weights_given() {
        // A reference where a : b : c = 1 : 0 : 3.
        let mut ed = editor();
        let (a, b, c) = (ix(&ed, "a"), ix(&ed, "b"), ix(&ed, "c"));
        let weigh = move |n: NodeIx| match n {
            n if n == a => 1,
            n if n == c => 3,
            _ => 0,
        };
        // National's 100 unallocated: 25 to a, 75 to c, none to b.
        ed.fill_given(ROOT, 0, &weigh).unwrap();
        assert_eq!((v(&ed, "a"), v(&ed, "b"), v(&ed, "c")), (525, 300, 175));
        // b up by 100: a and c give 25 and 75.
        ed.rebalance_given(b, 0, 400, &weigh).unwrap();
        assert_eq!((v(&ed, "a"), v(&ed, "b"), v(&ed, "c")), (500, 400, 100));
        // National rescaled to 1,000 in the reference's shares with nothing
        // kept: a 250, b 0, c 750; a's children scaled to fit.
        ed.scale_given(ROOT, 0, 1000, &weigh, 0).unwrap();
        assert_eq!((v(&ed, "a"), v(&ed, "b"), v(&ed, "c")), (250, 0, 750));
        assert!(u128::from(v(&ed, "a")) >= ed.plan().allocated(a, 0));
        // Nothing to weigh by: refused.
        let none = |_: NodeIx| 0;
        assert!(matches!(
            ed.rebalance_given(b, 0, 10, &none),
            Err(Refusal::NoWeights { .. })
        ));
    }

    #[test]
    fn set_takes_from_the_parent_remainder() {
        let mut ed = editor();
        let b = ix(&ed, "b");
        ed.set_value(b, 0, 400).unwrap();
        assert_eq!(ed.plan().remainder(ROOT, 0), 0);
        let err = ed.set_value(b, 0, 401).unwrap_err();
        assert_eq!(
            err.to_string(),
            "national has only 0 t REO of rock-type unallocated: 1 short of the 1 needed"
        );
        let a = ix(&ed, "a");
        let err = ed.set_value(a, 0, 399).unwrap_err();
        assert!(
            err.to_string().contains("already allocated 400 t REO"),
            "{err}"
        );
        let a1 = ix(&ed, "a1");
        let err = ed.set_value(a1, 0, 401).unwrap_err();
        assert_eq!(
            err.to_string(),
            "A has only 100 t REO of rock-type unallocated: 1 short of the 101 needed"
        );
        assert_eq!(v(&ed, "a1"), 300);
        ed.undo().unwrap();
        assert_eq!(v(&ed, "b"), 300);
    }

    #[test]
    fn national_total_cannot_drop_below_allocated() {
        let mut ed = editor();
        assert!(ed.set_value(ROOT, 0, 899).is_err());
        ed.set_value(ROOT, 0, 900).unwrap();
        assert!(ed.plan().is_balanced() || ed.plan().remainder(ROOT, 0) == 0);
    }

    #[test]
    fn rebalance_takes_from_siblings_in_proportion() {
        let mut ed = editor();
        // c grows by 200; a (500) and b (300) give 125 and 75.
        ed.set_rebalance(ix(&ed, "c"), 0, 300).unwrap();
        assert_eq!((v(&ed, "a"), v(&ed, "b"), v(&ed, "c")), (375, 225, 300));
        assert_eq!(ed.plan().remainder(ROOT, 0), 100, "parent's remainder kept");
        // a fell below its allocated 400: its children were scaled to fit.
        assert_eq!(v(&ed, "a1") + v(&ed, "a2"), 375);
        assert_eq!((v(&ed, "a1"), v(&ed, "a2")), (281, 94));
        assert!(ed.plan().is_consistent());
    }

    #[test]
    fn rebalance_respects_locks_and_refuses_what_cannot_be_absorbed() {
        let mut ed = editor();
        ed.set_locked(ix(&ed, "a1"), true).unwrap();
        ed.set_locked(ix(&ed, "b"), true).unwrap();
        // Only a can give, and no more than 500 - 300 (locked a1).
        let err = ed.set_rebalance(ix(&ed, "c"), 0, 301).unwrap_err();
        assert!(err.to_string().contains("can give at most 200"), "{err}");
        ed.set_rebalance(ix(&ed, "c"), 0, 300).unwrap();
        assert_eq!(
            (v(&ed, "a"), v(&ed, "a1"), v(&ed, "a2"), v(&ed, "b")),
            (300, 300, 0, 300)
        );
        // Siblings take a decrease.
        ed.set_rebalance(ix(&ed, "c"), 0, 0).unwrap();
        assert_eq!(v(&ed, "a"), 600);
    }

    #[test]
    fn scale_is_proportional_and_keeps_locked_values() {
        let mut ed = editor();
        // a: 500 = a1 300 + a2 100 + remainder 100; doubling doubles all.
        ed.set_value(ix(&ed, "c"), 0, 0).unwrap();
        ed.scale(ix(&ed, "a"), 0, 700).unwrap();
        assert_eq!((v(&ed, "a1"), v(&ed, "a2")), (420, 140));
        assert_eq!(ed.plan().remainder(ix(&ed, "a"), 0), 140);
        ed.undo().unwrap();
        ed.set_locked(ix(&ed, "a1"), true).unwrap();
        let err = ed.scale(ix(&ed, "a"), 0, 299).unwrap_err();
        assert!(err.to_string().contains("hold 300"), "{err}");
        ed.scale(ix(&ed, "a"), 0, 400).unwrap();
        // 100 left for a2 (100) and the remainder (100): 50 each.
        assert_eq!((v(&ed, "a1"), v(&ed, "a2")), (300, 50));
        // National scale: everything below moves.
        ed.scale(ROOT, 0, 2000).unwrap();
        assert!(ed.plan().is_consistent());
        assert_eq!(ed.plan().value(ROOT, 0), 2000);
    }

    #[test]
    fn fill_shares_the_remainder_and_only_adds() {
        let mut ed = editor();
        ed.set_locked(ix(&ed, "c"), true).unwrap();
        ed.fill(ROOT, 0).unwrap();
        // 100 shared by a (500) and b (300): 62.5 and 37.5 -> 63 / 37 (tie
        // on the remainder goes to the larger weight).
        assert_eq!((v(&ed, "a"), v(&ed, "b"), v(&ed, "c")), (563, 337, 100));
        assert_eq!(ed.plan().remainder(ROOT, 0), 0);
        assert!(
            ed.fill(ROOT, 0)
                .unwrap_err()
                .to_string()
                .contains("nothing")
        );
    }

    #[test]
    fn fill_is_equal_when_all_children_are_zero() {
        let mut ed = editor();
        for id in ["a1", "a2"] {
            ed.set_value(ix(&ed, id), 0, 0).unwrap();
        }
        ed.fill(ix(&ed, "a"), 0).unwrap();
        assert_eq!((v(&ed, "a1"), v(&ed, "a2")), (250, 250));
    }

    #[test]
    fn structure_edits_and_undo() {
        let mut ed = editor();
        let before = ed.plan().remainder(ROOT, 0);
        ed.delete(ix(&ed, "b")).unwrap();
        assert_eq!(ed.plan().remainder(ROOT, 0), before + 300);
        assert!(ed.plan().find("b").is_none());
        ed.undo().unwrap();
        assert_eq!(v(&ed, "b"), 300);
        // Moving a1 (300) under c needs c to have 300 unallocated.
        let err = ed.move_to(ix(&ed, "a1"), ix(&ed, "c"), None).unwrap_err();
        assert!(err.to_string().contains("C has only 100"), "{err}");
        ed.move_to(ix(&ed, "a2"), ix(&ed, "c"), None).unwrap();
        assert_eq!(ed.plan().parent(ix(&ed, "a2")), Some(ix(&ed, "c")));
        assert!(ed.move_to(ix(&ed, "a"), ix(&ed, "a1"), None).is_err());
        let (n, _) = ed
            .add_node(
                ROOT,
                Some(0),
                NewNode {
                    id: "d".into(),
                    name: "D".into(),
                    values: vec![50],
                    ..NewNode::default()
                },
            )
            .unwrap();
        assert_eq!(ed.plan().children(ROOT)[0], n);
        assert!(
            ed.add_node(
                ROOT,
                None,
                NewNode {
                    id: "d".into(),
                    name: "x".into(),
                    ..NewNode::default()
                }
            )
            .is_err()
        );
        ed.add_quota("ion", "ion-adsorption", 10).unwrap();
        assert_eq!(ed.plan().value(ROOT, 1), 10);
        ed.delete_quota(0).unwrap();
        assert_eq!(ed.plan().quotas().len(), 1);
        assert!(ed.delete_quota(0).is_err());
        while ed.undo().is_ok() {}
        assert_eq!(v(&ed, "a2"), 100);
        assert_eq!(ed.plan().parent(ix(&ed, "a2")), Some(ix(&ed, "a")));
        ed.plan().audit().unwrap();
    }

    #[test]
    fn depth_is_limited() {
        let mut ed = editor();
        let mut parent = ROOT;
        for i in 0..MAX_DEPTH {
            let spec = NewNode {
                id: format!("d{i}"),
                name: format!("D{i}"),
                ..NewNode::default()
            };
            parent = ed.add_node(parent, None, spec).unwrap().0;
        }
        let spec = NewNode {
            id: "deep".into(),
            name: "Deep".into(),
            ..NewNode::default()
        };
        assert!(
            ed.add_node(parent, None, spec)
                .unwrap_err()
                .to_string()
                .contains("levels deep")
        );
        // Moving a subtree with one level below it under the deepest node
        // is refused too.
        assert!(ed.move_to(ix(&ed, "a"), parent, None).is_err());
        ed.set_value(ix(&ed, "b"), 0, 0).unwrap();
        let above = ed.plan().parent(parent).unwrap();
        ed.move_to(ix(&ed, "b"), above, None).unwrap();
        assert_eq!(ed.plan().depth(ix(&ed, "b")), MAX_DEPTH);
    }

    #[test]
    fn typed_input_uses_the_cell_context() {
        let ed = editor();
        let b = ix(&ed, "b");
        assert_eq!(ed.parse_input(b, 0, "+50"), Ok(350));
        assert_eq!(ed.parse_input(b, 0, "max"), Ok(400));
        assert_eq!(ed.parse_input(b, 0, "10%"), Ok(100));
        assert_eq!(ed.parse_input(ix(&ed, "a1"), 0, "50%"), Ok(250));
        assert!(ed.parse_input(ROOT, 0, "max").is_err());
        assert_eq!(ed.parse_input(ROOT, 0, "*1.5"), Ok(1500));
    }

    #[test]
    fn refusal_changes_nothing_and_records_no_step() {
        let mut ed = editor();
        let rev = ed.revision();
        assert!(ed.set_value(ix(&ed, "b"), 0, MAX_AMOUNT + 1).is_err());
        assert!(ed.set_rebalance(ROOT, 0, 5).is_err());
        assert_eq!(ed.revision(), rev);
        assert!(!ed.can_undo());
        assert_eq!(ed.undo().unwrap_err().to_string(), "nothing to undo");
    }

    #[test]
    fn state_ids_follow_undo_and_redo() {
        let mut ed = editor();
        assert_eq!(ed.state_id(), 0);
        ed.set_value(ix(&ed, "b"), 0, 301).unwrap();
        let one = ed.state_id();
        ed.set_value(ix(&ed, "b"), 0, 302).unwrap();
        let two = ed.state_id();
        assert!(one != 0 && two != one);
        ed.undo().unwrap();
        assert_eq!(ed.state_id(), one);
        ed.redo().unwrap();
        assert_eq!(ed.state_id(), two);
        ed.undo().unwrap();
        ed.set_value(ix(&ed, "b"), 0, 303).unwrap();
        assert!(ed.state_id() != two, "a new branch is a new state");
    }

    #[test]
    fn a_pasted_column_is_one_step_in_an_order_that_works() {
        // b 300 -> 100 frees 200; c 100 -> 350 needs 250 of national's
        // 100 + 200: works only with the decrease first, though c comes
        // first in the paste.
        let mut ed = editor();
        let (b, c) = (ix(&ed, "b"), ix(&ed, "c"));
        let o = ed.paste(&[(c, 0, 350), (b, 0, 100)]).unwrap();
        assert_eq!(
            o,
            Outcome::Pasted {
                cells: 2,
                quota: Some("rock-type".into())
            }
        );
        assert_eq!((ed.plan().value(b, 0), ed.plan().value(c, 0)), (100, 350));
        assert_eq!(ed.plan().remainder(ROOT, 0), 50);
        assert_eq!(ed.touched().cells.len(), 2);
        ed.undo().unwrap();
        assert_eq!((ed.plan().value(b, 0), ed.plan().value(c, 0)), (300, 100));
        assert!(!ed.can_undo(), "one step");
    }

    #[test]
    fn a_paste_with_one_refused_value_changes_nothing() {
        let mut ed = editor();
        let (a, b, c) = (ix(&ed, "a"), ix(&ed, "b"), ix(&ed, "c"));
        let before = ed.plan().values(b).to_vec();
        // a holds 400 in its children: 100 is below that.
        let (at, e) = ed
            .paste(&[(b, 0, 250), (a, 0, 100), (c, 0, 0)])
            .unwrap_err();
        assert!(matches!(e, Refusal::BelowAllocated { .. }), "{e:?}");
        assert_eq!(at, Some(1), "the second cell is refused");
        assert_eq!(ed.plan().values(b), &before[..]);
        assert_eq!(ed.plan().value(c, 0), 100);
        assert!(!ed.can_undo());
        assert_eq!(ed.paste(&[]).unwrap_err(), (None, Refusal::NothingToPaste));
    }

    fn batch(id: &str, name: &str) -> Batch {
        Batch {
            id: id.into(),
            name: name.into(),
            date: None,
            notice: None,
        }
    }

    #[test]
    fn batches_are_added_moved_and_deleted_as_one_step_each() {
        let mut ed = editor();
        let b = ix(&ed, "b");
        // A plan without batches: its figures become the first batch.
        assert_eq!(
            ed.add_batch(batch("b2", "Second"), &[(0, 500)], None)
                .unwrap_err(),
            Refusal::FirstBatchUnnamed
        );
        ed.add_batch(
            batch("b2", "Second"),
            &[(0, 500)],
            Some(batch("b1", "First")),
        )
        .unwrap();
        let p = ed.plan();
        assert_eq!(p.layout().batches().len(), 2);
        assert_eq!(p.quotas().len(), 2);
        assert_eq!(p.quotas()[1].id, "rock@b2");
        assert_eq!(p.quotas()[0].name, "rock-type, First");
        assert_eq!((p.value(ROOT, 0), p.value(ROOT, 1)), (1000, 500));
        assert_eq!((p.value(b, 0), p.value(b, 1)), (300, 0));
        assert_eq!(p.figure(b, 0, Sel::Cumulative), 300);
        assert_eq!(p.figure(ROOT, 0, Sel::Cumulative), 1500);
        p.audit().unwrap();
        ed.set_value(b, 1, 200).unwrap();
        // Moved first: its figures with it.
        ed.move_batch(1, 0).unwrap();
        let p = ed.plan();
        assert_eq!(p.layout().batches()[0].id, "b2");
        assert_eq!((p.value(b, 0), p.value(b, 1)), (200, 300));
        assert_eq!(p.quotas()[0].id, "rock@b2");
        p.audit().unwrap();
        ed.undo().unwrap();
        assert_eq!(ed.plan().layout().batches()[0].id, "b1");
        assert_eq!(ed.plan().value(b, 1), 200);
        // Deleted with its figures, and back.
        ed.delete_batch(1).unwrap();
        assert_eq!(ed.plan().quotas().len(), 1);
        assert_eq!(ed.plan().value(b, 0), 300);
        ed.plan().audit().unwrap();
        assert_eq!(ed.delete_batch(0).unwrap_err(), Refusal::LastBatch);
        ed.undo().unwrap();
        assert_eq!(ed.plan().value(b, 1), 200);
        assert_eq!(ed.plan().quotas()[1].id, "rock@b2");
        ed.plan().audit().unwrap();
        // Renamed: the columns follow.
        let mut renamed = batch("second", "Second batch");
        renamed.date = Some("2023-09-25".into());
        ed.edit_batch(1, renamed).unwrap();
        assert_eq!(ed.plan().quotas()[1].id, "rock@second");
        let mut bad = batch("b3", "Third");
        bad.date = Some("2023-02-30".into());
        assert!(ed.edit_batch(1, bad).is_err(), "no 30 February");
        // Undo back to the plan without batches.
        while ed.can_undo() {
            ed.undo().unwrap();
        }
        assert!(!ed.plan().layout().has_batches());
        assert_eq!(ed.plan().quotas()[0].id, "rock");
        ed.plan().audit().unwrap();
    }

    #[test]
    fn kinds_added_renamed_and_deleted_in_every_batch() {
        let mut ed = editor();
        ed.add_batch(batch("b2", "Second"), &[], Some(batch("b1", "First")))
            .unwrap();
        ed.add_kind("smelting", "Smelting", &[115, 116]).unwrap();
        let p = ed.plan();
        assert_eq!(p.quotas().len(), 4);
        assert_eq!(p.quotas()[3].id, "smelting@b2");
        assert_eq!(p.value(ROOT, 3), 116);
        p.audit().unwrap();
        ed.relabel_quota(3, "smelt", "Smelting and separation")
            .unwrap();
        assert_eq!(ed.plan().quotas()[2].id, "smelt@b1");
        assert_eq!(
            ed.add_kind("b1", "x", &[]).unwrap_err(),
            Refusal::QuotaIdTaken { id: "b1".into() },
            "kind and batch ids are one namespace"
        );
        ed.delete_quota(2).unwrap();
        assert_eq!(ed.plan().quotas().len(), 2);
        ed.plan().audit().unwrap();
        ed.undo().unwrap();
        assert_eq!(ed.plan().value(ROOT, 3), 116);
        ed.plan().audit().unwrap();
    }

    #[test]
    #[allow(clippy::many_single_char_names, reason = "the nodes of the test plan")]
    fn a_second_batch_follows_the_shares_of_the_first_and_fills_down() {
        // national 1000: a 500 (a1 300, a2 100), b 300, c 100; a second
        // batch of 600 at national, nothing below yet.
        let mut ed = editor();
        ed.add_batch(
            batch("b2", "Second"),
            &[(0, 600)],
            Some(batch("b1", "First")),
        )
        .unwrap();
        let (a, b, c) = (ix(&ed, "a"), ix(&ed, "b"), ix(&ed, "c"));
        let (a1, a2) = (ix(&ed, "a1"), ix(&ed, "a2"));
        let before: Vec<u128> = [a, b, c, a1, a2]
            .iter()
            .map(|&n| ed.plan().figure(n, 0, Sel::Cumulative))
            .collect();
        let o = ed.fill(ROOT, 1).unwrap();
        assert!(
            matches!(
                o,
                Outcome::Filled {
                    by: FillBy::Cumulative,
                    ..
                }
            ),
            "{o:?}"
        );
        // 600 by 500 : 300 : 100.
        let p = ed.plan();
        assert_eq!(
            (p.value(a, 1), p.value(b, 1), p.value(c, 1)),
            (333, 200, 67)
        );
        assert_eq!(p.remainder(ROOT, 1), 0);
        ed.undo().unwrap();
        // Equal shares when asked; the previous batch is the same here.
        ed.fill_by(ROOT, 1, Some(FillBy::Equal)).unwrap();
        assert_eq!(ed.plan().value(a, 1), 200);
        ed.undo().unwrap();
        // Fill down: a's 333 shared by a1 300 : a2 100 as well.
        ed.fill_down(ROOT, 1, None).unwrap();
        let p = ed.plan();
        assert_eq!((p.value(a1, 1), p.value(a2, 1)), (250, 83));
        assert_eq!(p.remainder(a, 1), 0);
        for (i, &n) in [a, b, c, a1, a2].iter().enumerate() {
            assert!(p.figure(n, 0, Sel::Cumulative) >= before[i], "only adds");
        }
        p.audit().unwrap();
        // One step; nothing left to fill is a refusal.
        ed.undo().unwrap();
        assert_eq!(ed.plan().value(a1, 1), 0);
        ed.fill_down(ROOT, 1, None).unwrap();
        assert!(matches!(
            ed.fill_down(ROOT, 1, None).unwrap_err(),
            Refusal::NothingToFill { .. }
        ));
    }
}
