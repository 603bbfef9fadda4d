//! Rules for ids and names, and building a [`Plan`] from input that has not
//! been checked yet (a file, an import), reporting every problem with where it
//! is.

use std::collections::HashMap;

use super::amount::MAX_AMOUNT;
use super::layout::{Batch, Kind, Layout};
use super::model::{Change, MAX_DEPTH, Meta, NodeIx, Plan, ROOT};

/// What is wrong with input, as data (the interface says it in words:
/// `say::issue`). Ids and names are as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// A node id is empty.
    IdEmpty,
    /// A node id contains `/`.
    IdSlash(String),
    /// A node id contains a control character.
    IdControl(String),
    /// A node id has spaces at its start or end.
    IdSpaces(String),
    /// A quota (or batch) id is empty.
    QuotaIdEmpty {
        /// A batch id, not a quota id.
        batch: bool,
    },
    /// A quota (or batch) id contains a character other than ASCII
    /// letters, digits, `-` and `_`.
    QuotaIdChar {
        /// The id.
        id: String,
        /// The character.
        c: char,
        /// A batch id, not a quota id.
        batch: bool,
    },
    /// A quota id names a column of allocation tables.
    QuotaIdReserved(String),
    /// Not a date like 2023-03-24.
    BadDate(String),
    /// A name is empty (of a quota, a batch, or a node).
    NameEmpty(&'static str),
    /// An amount above the maximum.
    AboveMax(u64),
    /// A quota without total or `sum_of`.
    NoTotal(String),
    /// Nodes nested too deep.
    TooDeep,
    /// One figure where the plan has batches.
    OneFigure {
        /// How many batches.
        batches: usize,
    },
    /// A list of figures in a plan without batches.
    ListWithoutBatches,
    /// A list of the wrong length.
    WrongLength {
        /// Figures written.
        figures: usize,
        /// Batches in the plan.
        batches: usize,
    },
    /// A batch named twice in figures by batch.
    BatchTwice(String),
    /// A batch not in the plan.
    UnknownBatch {
        /// The id written.
        id: String,
        /// The plan's batch ids.
        known: Vec<String>,
    },
    /// A batch id used twice.
    DuplicateBatch {
        /// The id.
        id: String,
        /// Where it was first (1-based).
        first: usize,
    },
    /// No quota kinds.
    NoQuotas,
    /// A quota id used twice.
    DuplicateQuota {
        /// The id.
        id: String,
        /// Where it was first (1-based).
        first: usize,
    },
    /// An empty unit.
    UnitEmpty,
    /// A derived kind with a total.
    DerivedTotal(String),
    /// Every kind is derived.
    NoStoredKind,
    /// An empty `sum_of`.
    SumOfEmpty,
    /// `sum_of` names a kind that does not exist.
    SumOfUnknown {
        /// The name written.
        part: String,
        /// The kinds.
        known: Vec<String>,
    },
    /// A kind that is the sum of itself.
    SumOfItself(String),
    /// `sum_of` names a derived kind.
    SumOfDerived {
        /// The name written.
        part: String,
        /// The two name each other.
        cycle: bool,
    },
    /// `sum_of` names a kind of another unit.
    SumOfUnit {
        /// The name written.
        part: String,
        /// Its unit.
        part_unit: String,
        /// The derived kind.
        id: String,
        /// Its unit.
        unit: String,
    },
    /// `sum_of` names a kind twice.
    SumOfTwice(String),
    /// A node id used twice.
    DuplicateId {
        /// The id.
        id: String,
        /// Where it was first: `[0].nodes[2]`.
        first: String,
    },
    /// `alloc` names a kind that does not exist.
    UnknownQuota {
        /// The key.
        key: String,
        /// The stored kinds.
        known: Vec<String>,
    },
    /// `alloc` names a derived kind.
    AllocDerived(String),
    /// `alloc` names a kind twice.
    AllocTwice(String),
}

/// Check a node id: non-empty, no `/`, no control characters, no
/// surrounding spaces.
///
/// # Errors
/// A message saying what is wrong with the id.
pub fn check_node_id(id: &str) -> Result<(), Issue> {
    if id.is_empty() {
        return Err(Issue::IdEmpty);
    }
    if id.contains('/') {
        return Err(Issue::IdSlash(id.to_owned()));
    }
    if id.chars().any(char::is_control) {
        return Err(Issue::IdControl(id.to_owned()));
    }
    if id.trim() != id {
        return Err(Issue::IdSpaces(id.to_owned()));
    }
    Ok(())
}

/// Check a quota id: non-empty, only ASCII letters, digits, `-` and `_`.
///
/// # Errors
/// A message saying what is wrong with the id.
pub fn check_quota_id(id: &str) -> Result<(), Issue> {
    check_token(id, false)?;
    // These name the other columns of allocation tables.
    if [
        "level",
        "path",
        "id",
        "name",
        "locked",
        "note",
        "key",
        "parent_key",
    ]
    .contains(&id)
        || id.ends_with("_unallocated")
    {
        return Err(Issue::QuotaIdReserved(id.to_owned()));
    }
    Ok(())
}

/// Check a batch id: as a quota id's letters (it is written after `@`).
///
/// # Errors
/// What is wrong with the id.
pub fn check_batch_id(id: &str) -> Result<(), Issue> {
    check_token(id, true)
}

fn check_token(id: &str, batch: bool) -> Result<(), Issue> {
    if id.is_empty() {
        return Err(Issue::QuotaIdEmpty { batch });
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(Issue::QuotaIdChar {
            id: id.to_owned(),
            c,
            batch,
        });
    }
    Ok(())
}

/// Check a date: ISO 8601, `YYYY-MM-DD`, a real day.
///
/// # Errors
/// A message saying what to write.
pub fn check_date(date: &str) -> Result<(), Issue> {
    let bad = || Issue::BadDate(date.to_owned());
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let num = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(y), num(m), num(d)) else {
        return Err(bad());
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if d == 0 || d > days {
        return Err(bad());
    }
    Ok(())
}

/// Check a name: not empty or blank.
///
/// # Errors
/// A message saying the name is empty.
pub fn check_name(name: &str) -> Result<(), Issue> {
    if name.trim().is_empty() {
        Err(Issue::NameEmpty("node"))
    } else {
        Ok(())
    }
}

/// Check an amount against the maximum.
///
/// # Errors
/// A message naming the maximum.
pub fn check_amount(v: u64) -> Result<(), Issue> {
    if v > MAX_AMOUNT {
        Err(Issue::AboveMax(v))
    } else {
        Ok(())
    }
}

/// Figures as read from input: one number (a plan without batches), one
/// per batch in batch order, or some batches by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amounts {
    /// One figure.
    One(u64),
    /// One per batch, in order.
    List(Vec<u64>),
    /// By batch id, in input order.
    ByBatch(Vec<(String, u64)>),
}

impl From<u64> for Amounts {
    fn from(v: u64) -> Self {
        Self::One(v)
    }
}

/// A quota kind as read from input.
#[derive(Debug, Clone)]
pub struct QuotaInput {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// National total (None for a derived kind).
    pub total: Option<Amounts>,
    /// Its own unit.
    pub unit: Option<String>,
    /// For a derived kind, the ids of the kinds it is the sum of.
    pub sum_of: Option<Vec<String>>,
}

impl QuotaInput {
    /// A kind whose figures are stored, in the plan's unit.
    pub fn stored(id: &str, name: &str, total: u64) -> Self {
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            total: Some(Amounts::One(total)),
            unit: None,
            sum_of: None,
        }
    }
}

/// A quota id as a node's figures name it: shared, since a million nodes
/// name the same few quotas (one allocation per id, not per figure).
pub type QuotaKey = std::sync::Arc<str>;

/// A node as read from input, with its children.
#[derive(Debug, Clone, Default)]
pub struct NodeInput {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Figures by quota id, in input order.
    pub alloc: Vec<(QuotaKey, Amounts)>,
    /// Locked.
    pub locked: bool,
    /// Note.
    pub note: Option<String>,
    /// Children.
    pub nodes: Vec<NodeInput>,
}

/// Where in the input a problem is: the node (by child positions from the top
/// level) or quota, and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The quota at this position.
    Quota {
        /// Position in the quota list.
        index: usize,
        /// Field name (`id`, `name`, `total`, `unit`, `sum_of`).
        field: &'static str,
    },
    /// A batch's figure in a quota's `total` written by batch id.
    QuotaBatch {
        /// Position in the quota list.
        index: usize,
        /// The batch id written.
        batch: String,
    },
    /// The quota list as a whole.
    Quotas,
    /// A field of a batch.
    Batch {
        /// Position in the batch list.
        index: usize,
        /// Field name (`id`, `name`, `date`).
        field: &'static str,
    },
    /// A field of a node.
    Node {
        /// Child positions from the top level down.
        path: Vec<usize>,
        /// Field name (`id`, `name`).
        field: &'static str,
    },
    /// A key of a node's `alloc` map.
    AllocKey {
        /// Child positions from the top level down.
        path: Vec<usize>,
        /// The key.
        key: String,
    },
    /// A batch's figure in an `alloc` entry written by batch id.
    AllocBatch {
        /// Child positions from the top level down.
        path: Vec<usize>,
        /// The key.
        key: String,
        /// The batch id written.
        batch: String,
    },
}

/// A problem found while building a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// Where.
    pub place: Place,
    /// What kind of problem (`duplicate-id`, `unknown-quota`, `value`,
    /// `name`, `id`, `alloc`, `quotas`, `batch`, `length`, `derived`).
    pub kind: &'static str,
    /// What.
    pub issue: Issue,
}

fn err(place: Place, kind: &'static str, issue: Issue) -> BuildError {
    BuildError { place, kind, issue }
}

/// Build a plan without batches, checking every rule; returns all problems
/// found.
///
/// # Errors
/// Every problem found, each with its place.
pub fn build(
    meta: Meta,
    quotas: &[QuotaInput],
    nodes: Vec<NodeInput>,
) -> Result<Plan, Vec<BuildError>> {
    build_with(meta, Vec::new(), quotas, nodes)
}

/// Build a plan with `batches` (none: a plan without batches), checking
/// every rule; returns all problems found.
///
/// # Errors
/// Every problem found, each with its place.
pub fn build_with(
    meta: Meta,
    batches: Vec<Batch>,
    quotas: &[QuotaInput],
    nodes: Vec<NodeInput>,
) -> Result<Plan, Vec<BuildError>> {
    let mut errors = check_batches(&batches);
    let kinds = check_quotas(quotas, &meta, &mut errors);
    let layout = Layout::new(kinds, batches);
    let mut plan = Plan::with_layout(meta, layout);
    for (k, input) in quotas.iter().enumerate() {
        if plan.layout().kinds()[k].is_derived() {
            continue;
        }
        let place = |batch: Option<&str>| match batch {
            Some(b) => Place::QuotaBatch {
                index: k,
                batch: b.to_owned(),
            },
            None => Place::Quota {
                index: k,
                field: "total",
            },
        };
        let Some(total) = &input.total else {
            errors.push(err(place(None), "value", Issue::NoTotal(input.id.clone())));
            continue;
        };
        let values = by_batch(plan.layout(), total, &place, &mut errors);
        for (b, v) in values.into_iter().enumerate() {
            if let Some(c) = plan.layout().column(k, b) {
                plan.apply(Change::Value {
                    node: ROOT,
                    quota: c,
                    value: v,
                });
            }
        }
    }
    // Iterative walk: (input, parent in the plan, depth). A node's path of
    // child positions is worked out from the plan only when an error needs
    // it.
    let mut stack: Vec<(NodeInput, NodeIx, usize)> =
        nodes.into_iter().rev().map(|n| (n, ROOT, 1)).collect();
    while let Some((mut input, parent, depth)) = stack.pop() {
        let index = plan.children(parent).len();
        let path = || {
            let mut p = position_path(&plan, parent);
            p.push(index);
            p
        };
        if depth > MAX_DEPTH {
            errors.push(err(
                Place::Node {
                    path: path(),
                    field: "id",
                },
                "id",
                Issue::TooDeep,
            ));
            continue;
        }
        check_node_fields(&plan, &input, &path, &mut errors);
        let values = node_values(&plan, &input, &path, &mut errors);
        let children = std::mem::take(&mut input.nodes);
        // Ids may be duplicated in broken input; the arena only needs unique
        // ids once the plan is valid, and an invalid plan is discarded.
        let n = plan.create_with(input.id, input.name, &values, input.locked, input.note);
        plan.apply(Change::Attach {
            node: n,
            parent,
            index,
        });
        stack.extend(children.into_iter().rev().map(|c| (c, n, depth + 1)));
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

/// The figures of `amounts` by batch position, reporting a wrong number of
/// them and unknown batches.
fn by_batch(
    layout: &Layout,
    amounts: &Amounts,
    place: &dyn Fn(Option<&str>) -> Place,
    errors: &mut Vec<BuildError>,
) -> Vec<u64> {
    let nb = layout.batch_count();
    let mut out = vec![0; nb];
    let amount = |v: u64, at: Option<&str>, errors: &mut Vec<BuildError>| {
        if let Err(m) = check_amount(v) {
            errors.push(err(place(at), "value", m));
        }
        v
    };
    match amounts {
        Amounts::One(v) if !layout.has_batches() => out[0] = amount(*v, None, errors),
        Amounts::One(_) => {
            errors.push(err(place(None), "length", Issue::OneFigure { batches: nb }));
        }
        Amounts::List(_) if !layout.has_batches() => {
            errors.push(err(place(None), "length", Issue::ListWithoutBatches));
        }
        Amounts::List(list) if list.len() != nb => errors.push(err(
            place(None),
            "length",
            Issue::WrongLength {
                figures: list.len(),
                batches: nb,
            },
        )),
        Amounts::List(list) => {
            for (b, &v) in list.iter().enumerate() {
                out[b] = amount(v, None, errors);
            }
        }
        Amounts::ByBatch(entries) => {
            let mut seen = vec![false; nb];
            for (id, v) in entries {
                match layout.batch_index(id) {
                    Some(b) if seen[b] => {
                        errors.push(err(place(Some(id)), "batch", Issue::BatchTwice(id.clone())));
                    }
                    Some(b) => {
                        seen[b] = true;
                        out[b] = amount(*v, Some(id), errors);
                    }
                    None => errors.push(err(
                        place(Some(id)),
                        "batch",
                        Issue::UnknownBatch {
                            id: id.clone(),
                            known: known(layout.batches().iter().map(|b| b.id.as_str())),
                        },
                    )),
                }
            }
        }
    }
    out
}

/// Add the node `input` (its children are not looked at) under `parent`
/// at `depth` (top level: 1), checked by the same rules as [`build_with`]:
/// the new node, or None when anything is wrong (nothing is said, and the
/// plan is not to be used further; build it with [`build_with`] to say
/// what). For loaders that build a plan
/// as they read it, node by node in tree order, which then equals the one
/// [`build_with`] builds, once [`finish_adding`] has been called.
pub fn add_node(plan: &mut Plan, parent: NodeIx, input: NodeInput, depth: usize) -> Option<NodeIx> {
    if depth > MAX_DEPTH || !input.nodes.is_empty() {
        return None;
    }
    if check_node_id(&input.id).is_err() || check_name(&input.name).is_err() {
        return None;
    }
    let mut errors = Vec::new();
    let values = node_values(plan, &input, &Vec::new, &mut errors);
    if !errors.is_empty() {
        return None;
    }
    let n = plan.create_with(input.id, input.name, &values, input.locked, input.note);
    if !plan.claim_id(n) {
        // A duplicate id (the new node stays, detached: the plan is for
        // the bin, as the caller reads it again to say what is wrong).
        return None;
    }
    plan.attach_loaded(n, parent);
    Some(n)
}

/// Finish a plan built with [`add_node`]: the counts of remainders, which
/// adding leaves for the end.
pub fn finish_adding(plan: &mut Plan) {
    plan.recount();
}

/// The figures of node `n` for stored kind `kind` as input: one number
/// without batches, one per batch with them.
pub fn amounts_of(plan: &Plan, n: NodeIx, kind: usize) -> Amounts {
    let layout = plan.layout();
    let of = |b: usize| layout.column(kind, b).map_or(0, |c| plan.value(n, c));
    if layout.has_batches() {
        Amounts::List((0..layout.batch_count()).map(of).collect())
    } else {
        Amounts::One(of(0))
    }
}

/// The plan's quota kinds as input, with the figures of `totals` (the
/// national root, or a node whose figures become the totals).
pub fn kind_inputs(plan: &Plan, totals: NodeIx) -> Vec<QuotaInput> {
    let kinds = plan.layout().kinds();
    kinds
        .iter()
        .enumerate()
        .map(|(k, kind)| QuotaInput {
            id: kind.id.clone(),
            name: kind.name.clone(),
            unit: kind.unit.clone(),
            total: (!kind.is_derived()).then(|| amounts_of(plan, totals, k)),
            sum_of: kind
                .is_derived()
                .then(|| kind.sum_of.iter().map(|&p| kinds[p].id.clone()).collect()),
        })
        .collect()
}

/// A node's figures as input (zeros left out).
pub fn alloc_of(plan: &Plan, n: NodeIx) -> Vec<(QuotaKey, Amounts)> {
    let layout = plan.layout();
    layout
        .stored()
        .iter()
        .filter(|&&k| {
            (0..layout.batch_count())
                .any(|b| layout.column(k, b).is_some_and(|c| plan.value(n, c) != 0))
        })
        .map(|&k| (layout.kinds()[k].id.as_str().into(), amounts_of(plan, n, k)))
        .collect()
}

fn known<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    ids.map(str::to_owned).collect()
}

fn check_batches(batches: &[Batch]) -> Vec<BuildError> {
    let mut errors = Vec::new();
    let mut seen = HashMap::new();
    for (i, b) in batches.iter().enumerate() {
        let place = |field| Place::Batch { index: i, field };
        if let Err(m) = check_batch_id(&b.id) {
            errors.push(err(place("id"), "batch", m));
        } else if let Some(first) = seen.insert(b.id.clone(), i) {
            errors.push(err(
                place("id"),
                "duplicate-id",
                Issue::DuplicateBatch {
                    id: b.id.clone(),
                    first: first + 1,
                },
            ));
        }
        if check_name(&b.name).is_err() {
            errors.push(err(place("name"), "name", Issue::NameEmpty("batch")));
        }
        if let Some(d) = &b.date
            && let Err(m) = check_date(d)
        {
            errors.push(err(place("date"), "batch", m));
        }
    }
    errors
}

/// The kinds, with every problem of the quota list reported.
fn check_quotas(quotas: &[QuotaInput], meta: &Meta, errors: &mut Vec<BuildError>) -> Vec<Kind> {
    if quotas.is_empty() {
        errors.push(err(Place::Quotas, "quotas", Issue::NoQuotas));
    }
    let mut seen = HashMap::new();
    for (i, q) in quotas.iter().enumerate() {
        let place = |field| Place::Quota { index: i, field };
        if let Err(m) = check_quota_id(&q.id) {
            errors.push(err(place("id"), "id", m));
        } else if let Some(first) = seen.insert(q.id.clone(), i) {
            errors.push(err(
                place("id"),
                "duplicate-id",
                Issue::DuplicateQuota {
                    id: q.id.clone(),
                    first: first + 1,
                },
            ));
        }
        if check_name(&q.name).is_err() {
            errors.push(err(place("name"), "name", Issue::NameEmpty("quota")));
        }
        if let Some(u) = &q.unit
            && u.trim().is_empty()
        {
            errors.push(err(place("unit"), "name", Issue::UnitEmpty));
        }
        if q.sum_of.is_some() && q.total.is_some() {
            errors.push(err(
                place("total"),
                "derived",
                Issue::DerivedTotal(q.id.clone()),
            ));
        }
    }
    if quotas.iter().all(|q| q.sum_of.is_some()) && !quotas.is_empty() {
        errors.push(err(Place::Quotas, "quotas", Issue::NoStoredKind));
    }
    quotas
        .iter()
        .enumerate()
        .map(|(i, q)| Kind {
            id: q.id.clone(),
            name: q.name.clone(),
            unit: q.unit.clone(),
            sum_of: q
                .sum_of
                .as_ref()
                .map(|parts| sum_of(i, parts, quotas, meta, errors))
                .unwrap_or_default(),
        })
        .collect()
}

/// The positions of the kinds quota `i` is the sum of, reporting unknown,
/// derived, repeated and differently counted ones. A broken list still
/// makes a derived kind (the plan is not used then).
fn sum_of(
    i: usize,
    parts: &[String],
    quotas: &[QuotaInput],
    meta: &Meta,
    errors: &mut Vec<BuildError>,
) -> Vec<usize> {
    let q = &quotas[i];
    let unit_of = |q: &QuotaInput| q.unit.clone().or_else(|| meta.unit.clone());
    let place = || Place::Quota {
        index: i,
        field: "sum_of",
    };
    let mut fail = |m: Issue| errors.push(err(place(), "derived", m));
    if parts.is_empty() {
        fail(Issue::SumOfEmpty);
    }
    let mut out = Vec::new();
    for part in parts {
        match quotas.iter().position(|x| x.id == *part) {
            None => fail(Issue::SumOfUnknown {
                part: part.clone(),
                known: known(quotas.iter().map(|x| x.id.as_str())),
            }),
            Some(p) if p == i => fail(Issue::SumOfItself(q.id.clone())),
            Some(p) if quotas[p].sum_of.is_some() => fail(Issue::SumOfDerived {
                part: part.clone(),
                cycle: quotas[p].sum_of.as_ref().is_some_and(|s| s.contains(&q.id)),
            }),
            Some(p) if unit_of(&quotas[p]) != unit_of(q) => fail(Issue::SumOfUnit {
                part: part.clone(),
                part_unit: unit_of(&quotas[p]).unwrap_or_default(),
                id: q.id.clone(),
                unit: unit_of(q).unwrap_or_default(),
            }),
            Some(p) if out.contains(&p) => fail(Issue::SumOfTwice(part.clone())),
            Some(p) => out.push(p),
        }
    }
    if out.is_empty() {
        // Still derived: no total is asked of it.
        out.push(quotas.iter().position(|x| x.sum_of.is_none()).unwrap_or(0));
    }
    out
}

fn check_node_fields(
    plan: &Plan,
    input: &NodeInput,
    path: &dyn Fn() -> Vec<usize>,
    errors: &mut Vec<BuildError>,
) {
    let place = |field| Place::Node {
        path: path(),
        field,
    };
    if let Err(m) = check_node_id(&input.id) {
        errors.push(err(place("id"), "id", m));
    } else if let Some(first) = plan.find(&input.id) {
        errors.push(err(
            place("id"),
            "duplicate-id",
            Issue::DuplicateId {
                id: input.id.clone(),
                first: format!("nodes{}", path_text(&position_path(plan, first))),
            },
        ));
    }
    if let Err(m) = check_name(&input.name) {
        errors.push(err(place("name"), "name", m));
    }
}

/// Child positions from the top level down to `n` (empty for the root).
fn position_path(plan: &Plan, n: NodeIx) -> Vec<usize> {
    plan.ancestry(n)
        .into_iter()
        .map(|x| {
            let parent = plan.parent(x).unwrap_or(ROOT);
            plan.children(parent)
                .iter()
                .position(|&c| c == x)
                .unwrap_or(0)
        })
        .collect()
}

/// The node's values by column, reporting unknown, derived, repeated and
/// too large entries and wrong numbers of figures.
fn node_values(
    plan: &Plan,
    input: &NodeInput,
    path: &dyn Fn() -> Vec<usize>,
    errors: &mut Vec<BuildError>,
) -> Vec<u64> {
    let layout = plan.layout();
    let mut values = vec![0u64; plan.quotas().len()];
    let mut seen = vec![false; layout.kinds().len()];
    for (key, amounts) in &input.alloc {
        let akey = || Place::AllocKey {
            path: path(),
            key: key.to_string(),
        };
        let Some(k) = layout.kind_index(key) else {
            errors.push(err(
                akey(),
                "unknown-quota",
                Issue::UnknownQuota {
                    key: key.to_string(),
                    known: known(
                        layout
                            .stored()
                            .iter()
                            .map(|&k| layout.kinds()[k].id.as_str()),
                    ),
                },
            ));
            continue;
        };
        if layout.kinds()[k].is_derived() {
            errors.push(err(akey(), "derived", Issue::AllocDerived(key.to_string())));
            continue;
        }
        if seen[k] {
            errors.push(err(akey(), "alloc", Issue::AllocTwice(key.to_string())));
            continue;
        }
        seen[k] = true;
        let place = |batch: Option<&str>| match batch {
            Some(b) => Place::AllocBatch {
                path: path(),
                key: key.to_string(),
                batch: b.to_owned(),
            },
            None => akey(),
        };
        for (b, v) in by_batch(layout, amounts, &place, errors)
            .into_iter()
            .enumerate()
        {
            if let Some(c) = layout.column(k, b) {
                values[c] = v;
            }
        }
    }
    values
}

fn path_text(path: &[usize]) -> String {
    path.iter()
        .map(|i| format!("[{i}]"))
        .collect::<Vec<_>>()
        .join(".nodes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str, total: u64) -> QuotaInput {
        QuotaInput::stored(id, id, total)
    }

    fn n(id: &str, alloc: &[(&str, u64)], nodes: Vec<NodeInput>) -> NodeInput {
        NodeInput {
            id: id.into(),
            name: id.to_uppercase(),
            alloc: alloc
                .iter()
                .map(|(k, v)| ((*k).into(), Amounts::One(*v)))
                .collect(),
            nodes,
            ..NodeInput::default()
        }
    }

    #[test]
    fn builds_and_sums() {
        let plan = build(
            Meta::default(),
            &[q("rock", 100), q("ion", 50)],
            vec![
                n("a", &[("rock", 60)], vec![n("a1", &[("rock", 20)], vec![])]),
                n("b", &[("rock", 30), ("ion", 10)], vec![]),
            ],
        )
        .unwrap();
        assert_eq!(plan.remainder(ROOT, 0), 10);
        assert_eq!(plan.remainder(ROOT, 1), 40);
        let a = plan.find("a").unwrap();
        assert_eq!(plan.remainder(a, 0), 40);
        assert!(plan.is_consistent());
        assert!(!plan.is_balanced());
        plan.audit().unwrap();
    }

    #[test]
    fn reports_every_problem_with_place() {
        let errs = build(
            Meta::default(),
            &[q("rock", 100), q("rock", 1), q("bad id", 1)],
            vec![
                n("a", &[("rokc", 1)], vec![n("a", &[], vec![])]),
                n("x/y", &[], vec![]),
            ],
        )
        .unwrap_err();
        let places: Vec<_> = errs.iter().map(|e| e.place.clone()).collect();
        assert!(places.contains(&Place::Quota {
            index: 1,
            field: "id"
        }));
        assert!(places.contains(&Place::Quota {
            index: 2,
            field: "id"
        }));
        assert!(places.contains(&Place::AllocKey {
            path: vec![0],
            key: "rokc".into()
        }));
        assert!(places.contains(&Place::Node {
            path: vec![0, 0],
            field: "id"
        }));
        assert!(places.contains(&Place::Node {
            path: vec![1],
            field: "id"
        }));
        let dup = errs
            .iter()
            .find(|e| {
                e.place
                    == Place::Node {
                        path: vec![0, 0],
                        field: "id",
                    }
            })
            .unwrap();
        assert!(
            matches!(&dup.issue, Issue::DuplicateId { id, first } if id == "a" && first == "nodes[0]"),
            "{:?}",
            dup.issue
        );
    }

    #[test]
    fn id_rules() {
        assert!(check_node_id("nm").is_ok());
        assert!(check_node_id("内蒙古").is_ok());
        assert!(check_node_id("").is_err());
        assert!(check_node_id("a/b").is_err());
        assert!(check_node_id(" a").is_err());
        assert!(check_node_id("a\u{1b}[2J").is_err());
        assert!(check_quota_id("rock-2_b").is_ok());
        assert!(check_quota_id("rock type").is_err());
        assert!(check_quota_id("").is_err());
        assert!(check_quota_id("note").is_err());
        assert!(check_quota_id("rock_unallocated").is_err());
        assert!(check_amount(1_000_000_000_000_000).is_ok());
        assert!(check_amount(1_000_000_000_000_001).is_err());
    }
}
