//! The one place where outcomes, refusals and typing errors of the core
//! become words, in the planner's number format. The core hands over data
//! (names, quotas, figures); this module writes the sentences.

use std::fmt;

use crate::core::amount::{format_share, group_signed, group_thousands};
use crate::core::ops::FillBy;
use crate::core::outcome::{Field, Outcome, Refusal, Shortfall, Spread};
use crate::core::validate::Issue;
use crate::core::value::{MAX_DECIMALS, ValueError};
use crate::t;

/// How amounts and percentages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// Between groups of three digits; `None` for no grouping. When it is
    /// `.`, the decimal mark of percentages is `,`.
    pub thousands_separator: Option<char>,
    /// Decimal places of percentages, 0 to 3 (more acts as 3).
    pub percent_decimals: u8,
}

impl NumberFormat {
    /// An amount: `69250` gives `"69,250"` (`"69 250"`, `"69250"` with other
    /// separators).
    pub fn amount(&self, v: u128) -> String {
        self.localise(&group_thousands(v))
    }

    /// An amount of a cell.
    pub fn amount64(&self, v: u64) -> String {
        self.amount(u128::from(v))
    }

    /// A signed amount: `-1200` gives `"-1,200"`.
    pub fn signed(&self, v: i128) -> String {
        self.localise(&group_signed(v))
    }

    /// The share `part` of `whole` in percent, rounded once at the
    /// configured decimals (0 to 3) from the exact fraction, half to even:
    /// `"57.7%"`; a share too small to show is `"<0.1%"`. None when `whole`
    /// is 0.
    pub fn share(&self, part: u128, whole: u128) -> Option<String> {
        format_share(part, whole, self.percent_decimals.min(3)).map(|t| self.localise(&t))
    }

    /// The decimal mark: `,` when the thousands separator is `.`, else `.`.
    pub fn decimal_mark(&self) -> char {
        if self.thousands_separator == Some('.') {
            ','
        } else {
            '.'
        }
    }

    /// Rewrites text formatted with `,` groups and a `.` decimal mark.
    fn localise(self, text: &str) -> String {
        let mark = self.decimal_mark();
        text.chars()
            .filter_map(|c| match c {
                ',' => self.thousands_separator,
                '.' => Some(mark),
                c => Some(c),
            })
            .collect()
    }
}

impl Default for NumberFormat {
    /// `,` between groups and one decimal in percentages.
    fn default() -> Self {
        Self {
            thousands_separator: Some(','),
            percent_decimals: 1,
        }
    }
}

/// A node's name as the core hands it over: the top of the plan in the
/// language in use (the core calls it `national`), any other as it is.
pub fn node(name: &str) -> String {
    if name == crate::core::model::ROOT_NAME {
        t!("national")
    } else {
        name.to_owned()
    }
}

/// What an operation did, in words.
#[allow(clippy::too_many_lines, reason = "one sentence per outcome")]
pub fn outcome(o: &Outcome, f: &NumberFormat) -> String {
    match o {
        Outcome::Value {
            node: n,
            quota,
            old,
            new,
            unit,
            spread,
        } => {
            let (node, old, new) = (node(n), f.amount64(*old), f.amount64(*new));
            match spread {
                Spread::Alone => t!(
                    "outcome-value",
                    node = node,
                    quota = quota,
                    old = old,
                    new = new,
                    unit = unit
                ),
                Spread::Siblings => t!(
                    "outcome-value-siblings",
                    node = node,
                    quota = quota,
                    old = old,
                    new = new,
                    unit = unit
                ),
                Spread::Subtree => t!(
                    "outcome-value-subtree",
                    node = node,
                    quota = quota,
                    old = old,
                    new = new,
                    unit = unit
                ),
            }
        }
        Outcome::Unchanged => t!("outcome-unchanged"),
        Outcome::Filled {
            node: n,
            quota,
            amount,
            unit,
            by,
            newcomers,
        } => t!(
            "outcome-filled",
            amount = f.amount(*amount),
            unit = unit,
            quota = quota,
            node = node(n),
            newcomers = if *newcomers { "yes" } else { "no" },
            by = match by {
                FillBy::Current => "current",
                FillBy::Previous => "previous",
                FillBy::Cumulative => "cumulative",
                FillBy::Equal => "equal",
                FillBy::Reference => "reference",
            }
        ),
        Outcome::FilledDown {
            node: n,
            quota,
            amount,
            unit,
        } => t!(
            "outcome-filled-down",
            quota = quota,
            node = node(n),
            amount = f.amount(*amount),
            unit = unit
        ),
        Outcome::FilledAll { node: n, quotas } => {
            t!(
                "outcome-filled-all",
                node = node(n),
                quotas = quotas.join(", ")
            )
        }
        Outcome::Locked { node: n, locked } => {
            if *locked {
                t!("outcome-locked", node = node(n))
            } else {
                t!("outcome-unlocked", node = node(n))
            }
        }
        Outcome::Renamed { from, to } => t!("outcome-renamed", from = from, to = to),
        Outcome::IdSet { node: n, id } => t!("outcome-id-set", node = node(n), id = id),
        Outcome::NoteEdited { node: n } => t!("outcome-note-edited", node = node(n)),
        Outcome::Added { node: n, parent } => {
            t!("outcome-added", node = node(n), parent = node(parent))
        }
        Outcome::Deleted { node: n } => t!("outcome-deleted", node = node(n)),
        Outcome::Moved { node: n, parent } => {
            t!("outcome-moved", node = node(n), parent = node(parent))
        }
        Outcome::QuotaAdded { name } => t!("outcome-quota-added", name = name),
        Outcome::QuotaRelabelled { from, name, id } => {
            t!(
                "outcome-quota-relabelled",
                from = from,
                name = name,
                id = id
            )
        }
        Outcome::QuotaDeleted { name } => t!("outcome-quota-deleted", name = name),
        Outcome::Edited(field) => match field {
            Field::Title => t!("outcome-title-edited"),
            Field::Year => t!("outcome-year-edited"),
            Field::Unit => t!("outcome-unit-edited"),
            Field::Levels => t!("outcome-levels-edited"),
        },
        Outcome::BatchAdded { name } => t!("outcome-batch-added", name = name),
        Outcome::BatchEdited { name } => t!("outcome-batch-edited", name = name),
        Outcome::BatchDeleted { name } => t!("outcome-batch-deleted", name = name),
        Outcome::BatchMoved { name, to } => {
            t!("outcome-batch-moved", name = name, place = to + 1)
        }
        Outcome::Pasted { cells, quota } => {
            let shown = f.amount(*cells as u128);
            match quota {
                Some(q) => t!(
                    "outcome-pasted-quota",
                    shown = shown,
                    count = *cells,
                    quota = q
                ),
                None => t!("outcome-pasted", shown = shown, count = *cells),
            }
        }
        Outcome::Undone(o) => t!("outcome-undone", what = outcome(o, f)),
        Outcome::Redone(o) => t!("outcome-redone", what = outcome(o, f)),
    }
}

/// Why the parent cannot cover a change, in words.
fn shortfall(short: &Shortfall, f: NumberFormat) -> String {
    let Shortfall {
        parent,
        remainder,
        unit,
        quota,
        need,
        node: n,
    } = short;
    let parent = node(parent);
    let have = if *remainder < 0 {
        let amount = f.amount(remainder.unsigned_abs());
        t!(
            "refusal-parent-over",
            parent = parent,
            amount = amount,
            unit = unit,
            quota = quota
        )
    } else {
        let amount = f.signed(*remainder);
        t!(
            "refusal-parent-only",
            parent = parent,
            amount = amount,
            unit = unit,
            quota = quota
        )
    };
    match (n, need) {
        (Some(n), Some(need)) => t!(
            "refusal-short-node-needs",
            have = have,
            node = node(n),
            need = f.amount64(*need)
        ),
        // The shortfall first: what the parent would have to gain.
        (None, Some(need)) if *remainder >= 0 => t!(
            "refusal-short-by",
            have = have,
            short = f.signed(i128::from(*need) - remainder),
            need = f.amount64(*need)
        ),
        (None, Some(need)) => t!(
            "refusal-short-needs-more",
            have = have,
            need = f.amount64(*need)
        ),
        _ => have,
    }
}

/// Why an operation was refused, in words.
#[allow(clippy::too_many_lines)]
pub fn refusal(r: &Refusal, f: &NumberFormat) -> String {
    match r {
        Refusal::NothingToUndo => t!("refusal-nothing-to-undo"),
        Refusal::NothingToRedo => t!("refusal-nothing-to-redo"),
        Refusal::NoSuchCell => t!("refusal-no-such-cell"),
        Refusal::NodeGone => t!("refusal-node-gone"),
        Refusal::NoSuchQuota => t!("refusal-no-such-quota"),
        Refusal::Locked { node: n } => t!("refusal-locked", node = node(n)),
        Refusal::BelowAllocated {
            node: n,
            allocated,
            unit,
            quota,
        } => t!(
            "refusal-below-allocated",
            node = node(n),
            allocated = f.amount(*allocated),
            unit = unit,
            quota = quota
        ),
        Refusal::ParentShort(short) => shortfall(short, *f),
        Refusal::RootRebalance => t!("refusal-root-rebalance"),
        Refusal::NoWeights { node: n } => t!("refusal-no-weights", node = node(n)),
        Refusal::NoUnlockedSiblings { node: n } => {
            t!("refusal-no-unlocked-siblings", node = node(n))
        }
        Refusal::SiblingsShort {
            node: n,
            can,
            need,
            unit,
        } => t!(
            "refusal-siblings-short",
            node = node(n),
            can = f.amount(*can),
            need = f.amount64(*need),
            unit = unit
        ),
        Refusal::AboveMaximum { node: n, max } => {
            t!(
                "refusal-above-maximum",
                node = node(n),
                max = f.amount64(*max)
            )
        }
        Refusal::AmountTooLarge { value, max } => t!(
            "refusal-amount-too-large",
            value = f.amount64(*value),
            max = f.amount64(*max)
        ),
        Refusal::LockedFloor {
            node: n,
            floor,
            unit,
        } => t!(
            "refusal-locked-floor",
            node = node(n),
            floor = f.amount(*floor),
            unit = unit
        ),
        Refusal::LockedHoldMore { node: n } => t!("refusal-locked-hold-more", node = node(n)),
        Refusal::TooFar { node: n, by, unit } => t!(
            "refusal-too-far",
            node = node(n),
            by = f.amount(*by),
            unit = unit
        ),
        Refusal::NothingToFill { node: n, quota } => {
            t!("refusal-nothing-to-fill", node = node(n), quota = quota)
        }
        Refusal::NoUnlockedChildren { node: n } => {
            t!("refusal-no-unlocked-children", node = node(n))
        }
        Refusal::RootLock => t!("refusal-root-lock"),
        Refusal::RootRename => t!("refusal-root-rename"),
        Refusal::RootId => t!("refusal-root-id"),
        Refusal::RootDelete => t!("refusal-root-delete"),
        Refusal::RootMove => t!("refusal-root-move"),
        Refusal::IdTaken { id, by } => {
            t!("refusal-id-taken", id = format!("{id:?}"), by = node(by))
        }
        Refusal::QuotaIdTaken { id } => t!("refusal-quota-id-taken", id = format!("{id:?}")),
        Refusal::TooDeep { max } => t!("refusal-too-deep", max = *max),
        Refusal::UnderItself { node: n } => t!("refusal-under-itself", node = node(n)),
        Refusal::PartOfDerived { kind, derived } => {
            t!("refusal-part-of-derived", kind = kind, derived = derived)
        }
        Refusal::NoSuchBatch => t!("refusal-no-such-batch"),
        Refusal::LastBatch => t!("refusal-last-batch"),
        Refusal::FirstBatchUnnamed => t!("refusal-first-batch-unnamed"),
        Refusal::LastQuota => t!("refusal-last-quota"),
        Refusal::EmptyLevelName => t!("refusal-empty-level-name"),
        Refusal::NothingToPaste => t!("refusal-nothing-to-paste"),
        Refusal::Invalid(reason) => issue(reason),
        Refusal::Value(e) => value_error(e, f),
    }
}

/// Why a typed value was not accepted, and what to type instead.
pub fn value_error(e: &ValueError, f: &NumberFormat) -> String {
    let forms = || t!("value-forms");
    match e {
        ValueError::Empty => t!("value-empty", forms = forms()),
        ValueError::NotANumber { input } => {
            t!("value-not-a-number", input = input, forms = forms())
        }
        ValueError::BadGrouping { input } => t!("value-bad-grouping", input = input),
        ValueError::NotWhole { input } => t!("value-not-whole", input = input),
        ValueError::TooManyDecimals { input } => {
            t!("value-too-many-decimals", input = input, max = MAX_DECIMALS)
        }
        ValueError::WouldBeNegative { current, input } => t!(
            "value-would-be-negative",
            input = input,
            current = f.amount64(*current)
        ),
        ValueError::NoParent { input } => t!("value-no-parent", input = input),
        ValueError::DivideByZero => t!("value-divide-by-zero"),
        ValueError::TooLarge { input } => t!(
            "value-too-large",
            input = input,
            max = f.amount64(crate::core::amount::MAX_AMOUNT)
        ),
    }
}

/// What is wrong with input, in words.
pub fn issue(i: &Issue) -> String {
    let q = |s: &str| format!("{s:?}");
    let list = |known: &[String]| {
        if known.is_empty() {
            t!("issue-known-none")
        } else {
            known.join(", ")
        }
    };
    match i {
        Issue::IdEmpty => t!("issue-id-empty"),
        Issue::IdSlash(id) => t!("issue-id-slash", id = q(id)),
        Issue::IdControl(id) => t!("issue-id-control", id = q(id)),
        Issue::IdSpaces(id) => t!("issue-id-spaces", id = q(id)),
        Issue::QuotaIdEmpty { batch: false } => t!("issue-quota-id-empty"),
        Issue::QuotaIdEmpty { batch: true } => t!("issue-batch-id-empty"),
        Issue::QuotaIdChar { id, c, batch } => {
            let (id, c) = (q(id), format!("{c:?}"));
            if *batch {
                t!("issue-batch-id-char", id = id, c = c)
            } else {
                t!("issue-quota-id-char", id = id, c = c)
            }
        }
        Issue::QuotaIdReserved(id) => t!("issue-quota-id-reserved", id = q(id)),
        Issue::BadDate(d) => t!("issue-bad-date", date = q(d)),
        Issue::NameEmpty(what) => t!("issue-name-empty", what = *what),
        Issue::AboveMax(v) => t!(
            "issue-above-max",
            value = group_thousands(u128::from(*v)),
            max = group_thousands(u128::from(crate::core::amount::MAX_AMOUNT))
        ),
        Issue::NoTotal(id) => t!("issue-no-total", id = q(id)),
        Issue::TooDeep => t!("issue-too-deep", max = crate::core::model::MAX_DEPTH),
        Issue::OneFigure { batches } => t!("issue-one-figure", batches = *batches),
        Issue::ListWithoutBatches => t!("issue-list-without-batches"),
        Issue::WrongLength { figures, batches } => {
            t!("issue-wrong-length", figures = *figures, batches = *batches)
        }
        Issue::BatchTwice(id) => t!("issue-batch-twice", id = q(id)),
        Issue::UnknownBatch { id, known } => {
            t!("issue-unknown-batch", id = q(id), known = list(known))
        }
        Issue::DuplicateBatch { id, first } => {
            t!("issue-duplicate-batch", id = q(id), first = *first)
        }
        Issue::NoQuotas => t!("issue-no-quotas"),
        Issue::DuplicateQuota { id, first } => {
            t!("issue-duplicate-quota", id = q(id), first = *first)
        }
        Issue::UnitEmpty => t!("issue-unit-empty"),
        Issue::DerivedTotal(id) => t!("issue-derived-total", id = q(id)),
        Issue::NoStoredKind => t!("issue-no-stored-kind"),
        Issue::SumOfEmpty => t!("issue-sum-of-empty"),
        Issue::SumOfUnknown { part, known } => {
            t!("issue-sum-of-unknown", part = q(part), known = list(known))
        }
        Issue::SumOfItself(id) => t!("issue-sum-of-itself", id = q(id)),
        Issue::SumOfDerived { part, cycle } => t!(
            "issue-sum-of-derived",
            part = q(part),
            cycle = if *cycle { "yes" } else { "no" }
        ),
        Issue::SumOfUnit {
            part,
            part_unit,
            id,
            unit,
        } => t!(
            "issue-sum-of-unit",
            part = q(part),
            part_unit = q(part_unit),
            id = q(id),
            unit = q(unit)
        ),
        Issue::SumOfTwice(part) => t!("issue-sum-of-twice", part = q(part)),
        Issue::DuplicateId { id, first } => {
            t!("issue-duplicate-id", id = q(id), first = first)
        }
        Issue::UnknownQuota { key, known } => {
            t!("issue-unknown-quota", key = q(key), known = list(known))
        }
        Issue::AllocDerived(key) => t!("issue-alloc-derived", key = q(key)),
        Issue::AllocTwice(key) => t!("issue-alloc-twice", key = q(key)),
    }
}

impl fmt::Display for Issue {
    /// In words, in the language in use.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&issue(self))
    }
}

/// A difference between two versions of a plan, in words.
#[allow(clippy::many_single_char_names, reason = "one line per difference")]
pub fn difference(d: &crate::core::diff::Difference, f: &NumberFormat) -> String {
    use crate::core::diff::Difference as D;
    let none = || t!("diff-no-title");
    match d {
        D::Title(a, b) => t!(
            "diff-title",
            old = a.clone().unwrap_or_else(none),
            new = b.clone().unwrap_or_else(none)
        ),
        D::Facts => t!("diff-facts"),
        D::QuotaRemoved(q) => t!("diff-quota-removed", quota = q),
        D::QuotaAdded(q, v) => t!("diff-quota-added", quota = q, total = f.amount64(*v)),
        D::Total(q, a, b) => t!(
            "diff-total",
            quota = q,
            old = f.amount64(*a),
            new = f.amount64(*b)
        ),
        D::Removed(n) => t!("diff-removed", node = n),
        D::Added(n) => t!("diff-added", node = n),
        D::Renamed(a, b) => t!("diff-renamed", old = a, new = b),
        D::Moved(n) => t!("diff-moved", node = n),
        D::Figure(n, q, a, b) => t!(
            "diff-figure",
            node = n,
            quota = q,
            old = f.amount64(*a),
            new = f.amount64(*b)
        ),
        D::Locked(n, true) => t!("outcome-locked", node = n),
        D::Locked(n, false) => t!("outcome-unlocked", node = n),
        D::Note(n) => t!("diff-note", node = n),
        D::More(count) => t!("diff-more", count = *count),
    }
}

impl fmt::Display for Outcome {
    /// In words, in the default number format.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&outcome(self, &NumberFormat::default()))
    }
}

impl fmt::Display for Refusal {
    /// In words, in the default number format.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&refusal(self, &NumberFormat::default()))
    }
}

impl fmt::Display for ValueError {
    /// In words, in the default number format.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&value_error(self, &NumberFormat::default()))
    }
}

/// The names along a path of ids in `plan` (`national` for the empty path;
/// an id not in the plan as it is).
pub fn path_names(plan: &crate::core::Plan, path: &[String]) -> String {
    use crate::core::text::printable;
    let Some(id) = path.last() else {
        return t!("national");
    };
    plan.find(id).map_or_else(
        || printable(&path.join("/")),
        |n| printable(&plan.path_names(n)[1..].join(" / ")),
    )
}

/// A quota kind with its batch: `smelting` or `smelting (b2)`.
fn kind_batch(quota: &str, batch: Option<&str>) -> String {
    use crate::core::text::printable;
    match batch {
        Some(b) => format!("{} ({})", printable(quota), printable(b)),
        None => printable(quota),
    }
}

/// Why a merge decision (or the merge) was refused; node names from
/// `plan` (the plan being built, else either plan).
pub fn merge_refusal(
    r: &crate::core::merge::MergeRefusal,
    plans: &[&crate::core::Plan],
    f: &NumberFormat,
) -> String {
    use crate::core::merge::MergeRefusal as M;
    use crate::core::text::printable;
    let names = |path: &[String]| -> String {
        let id = path.last();
        plans
            .iter()
            .find(|p| id.is_none_or(|id| p.find(id).is_some()))
            .map_or_else(|| printable(&path.join("/")), |p| path_names(p, path))
    };
    match r {
        M::NoSuchItem => t!("merge-no-such-item"),
        M::NotAFigure => t!("merge-not-a-figure"),
        M::ParentLeftOut { id, parent } => t!(
            "merge-parent-left-out",
            node = names(std::slice::from_ref(id)),
            parent = names(std::slice::from_ref(parent))
        ),
        M::Cycle { id } => t!("merge-cycle", node = names(std::slice::from_ref(id))),
        M::NotStored {
            path,
            quota,
            got,
            wanted,
        } => t!(
            "merge-not-stored",
            path = names(path),
            quota = printable(quota),
            got = f.amount(*got),
            wanted = f.amount(u128::from(*wanted))
        ),
        M::Inconsistent(over) => {
            let mut parts: Vec<String> = over
                .iter()
                .take(5)
                .map(|o| {
                    t!(
                        "merge-over",
                        path = names(&o.path),
                        quota = kind_batch(&o.quota, o.batch.as_deref()),
                        by = f.amount(o.by)
                    )
                })
                .collect();
            if over.len() > 5 {
                parts.push(t!("merge-and-more", count = over.len() - 5));
            }
            t!("merge-inconsistent", parts = parts.join("; "))
        }
        M::Invalid(errors) => t!(
            "merge-invalid",
            errors = errors
                .iter()
                .take(3)
                .map(|e| printable(&issue(&e.issue)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPACE: NumberFormat = NumberFormat {
        thousands_separator: Some(' '),
        percent_decimals: 1,
    };

    fn every_outcome() -> Vec<Outcome> {
        let s = |t: &str| t.to_owned();
        let value = Outcome::Value {
            node: s("Shandong 山东"),
            quota: s("rock"),
            old: 3600,
            new: 1_003_000,
            unit: s("t"),
            spread: Spread::Subtree,
        };
        vec![
            value.clone(),
            Outcome::Unchanged,
            Outcome::Filled {
                node: s("n"),
                quota: s("q"),
                amount: 12_345,
                unit: s("t"),
                by: FillBy::Cumulative,
                newcomers: true,
            },
            Outcome::FilledDown {
                node: s("n"),
                quota: s("q"),
                amount: 12_345,
                unit: s("t"),
            },
            Outcome::BatchAdded { name: s("b") },
            Outcome::BatchMoved {
                name: s("b"),
                to: 1,
            },
            Outcome::FilledAll {
                node: s("n"),
                quotas: vec![s("a"), s("b")],
            },
            Outcome::Locked {
                node: s("n"),
                locked: false,
            },
            Outcome::Renamed {
                from: s("a"),
                to: s("b"),
            },
            Outcome::IdSet {
                node: s("n"),
                id: s("x"),
            },
            Outcome::NoteEdited { node: s("n") },
            Outcome::Added {
                node: s("n"),
                parent: s("p"),
            },
            Outcome::Deleted { node: s("n") },
            Outcome::Moved {
                node: s("n"),
                parent: s("p"),
            },
            Outcome::QuotaAdded { name: s("q") },
            Outcome::QuotaRelabelled {
                from: s("a"),
                name: s("b"),
                id: s("c"),
            },
            Outcome::QuotaDeleted { name: s("q") },
            Outcome::Edited(Field::Levels),
            Outcome::Pasted {
                cells: 1200,
                quota: Some(s("q")),
            },
            Outcome::Undone(Box::new(value.clone())),
            Outcome::Redone(Box::new(value)),
        ]
    }

    #[test]
    fn every_outcome_is_said_in_the_number_format() {
        for o in every_outcome() {
            let text = outcome(&o, &SPACE);
            assert!(!text.is_empty(), "{o:?}");
            let grouped = text
                .as_bytes()
                .windows(2)
                .any(|w| w[0] == b',' && w[1].is_ascii_digit());
            assert!(!grouped, "{o:?}: {text}");
        }
        let o = &every_outcome()[0];
        assert_eq!(
            outcome(o, &SPACE),
            "Shandong 山东 rock: 3 600 → 1 003 000 t, scaling its subtree"
        );
        assert_eq!(
            o.to_string(),
            "Shandong 山东 rock: 3,600 → 1,003,000 t, scaling its subtree"
        );
        let dot = NumberFormat {
            thousands_separator: Some('.'),
            percent_decimals: 1,
        };
        assert!(outcome(&every_outcome()[2], &dot).contains("12.345 t"));
        let none = NumberFormat {
            thousands_separator: None,
            percent_decimals: 1,
        };
        let pasted = every_outcome()
            .into_iter()
            .find(|o| matches!(o, Outcome::Pasted { .. }))
            .unwrap();
        assert!(outcome(&pasted, &none).contains("pasted 1200 values"));
    }

    #[test]
    fn refusals_carry_their_figures_in_the_number_format() {
        let r = Refusal::ParentShort(Box::new(Shortfall {
            parent: "national".into(),
            remainder: -1_000_000,
            unit: "t".into(),
            quota: "rock".into(),
            need: Some(2500),
            node: None,
        }));
        assert_eq!(
            refusal(&r, &SPACE),
            "national is already over-allocated by 1 000 000 t of rock; this needs 2 500 more"
        );
        let r = Refusal::AmountTooLarge {
            value: 2_000_000_000_000_000,
            max: crate::core::amount::MAX_AMOUNT,
        };
        assert!(refusal(&r, &SPACE).starts_with("2 000 000 000 000 000 is above"));
        let e = ValueError::WouldBeNegative {
            current: 3600,
            input: "-5000".into(),
        };
        assert!(value_error(&e, &SPACE).contains("at most -3 600"));
        assert!(refusal(&Refusal::Value(e), &SPACE).contains("is 3 600"));
    }

    fn every_refusal() -> Vec<Refusal> {
        let s = |t: &str| t.to_owned();
        let short = |remainder: i128, need: Option<u64>, node: Option<&str>| {
            Refusal::ParentShort(Box::new(Shortfall {
                parent: s("national"),
                remainder,
                unit: s("t"),
                quota: s("rock"),
                need,
                node: node.map(str::to_owned),
            }))
        };
        let mut v = vec![
            Refusal::NothingToUndo,
            Refusal::NothingToRedo,
            Refusal::NoSuchCell,
            Refusal::NodeGone,
            Refusal::NoSuchQuota,
            Refusal::Locked { node: s("n") },
            Refusal::BelowAllocated {
                node: s("n"),
                allocated: 5,
                unit: s("t"),
                quota: s("q"),
            },
            short(-5, Some(7), None),
            short(5, Some(7), None),
            short(5, Some(7), Some("Sichuan 四川")),
            short(5, None, None),
            Refusal::RootRebalance,
            Refusal::NoWeights { node: s("n") },
            Refusal::NoUnlockedSiblings { node: s("n") },
            Refusal::SiblingsShort {
                node: s("n"),
                can: 1,
                need: 2,
                unit: s("t"),
            },
            Refusal::AboveMaximum {
                node: s("n"),
                max: 9,
            },
            Refusal::AmountTooLarge { value: 10, max: 9 },
            Refusal::LockedFloor {
                node: s("n"),
                floor: 3,
                unit: s("t"),
            },
            Refusal::LockedHoldMore { node: s("n") },
            Refusal::TooFar {
                node: s("n"),
                by: 3,
                unit: s("t"),
            },
            Refusal::NothingToFill {
                node: s("n"),
                quota: s("q"),
            },
            Refusal::NoUnlockedChildren { node: s("n") },
            Refusal::RootLock,
            Refusal::RootRename,
            Refusal::RootId,
            Refusal::RootDelete,
            Refusal::RootMove,
            Refusal::IdTaken {
                id: s("x"),
                by: s("n"),
            },
            Refusal::QuotaIdTaken { id: s("x") },
            Refusal::TooDeep { max: 12 },
            Refusal::UnderItself { node: s("n") },
            Refusal::LastQuota,
            Refusal::PartOfDerived {
                kind: s("rock"),
                derived: s("mining"),
            },
            Refusal::NoSuchBatch,
            Refusal::LastBatch,
            Refusal::FirstBatchUnnamed,
            Refusal::EmptyLevelName,
            Refusal::NothingToPaste,
        ];
        for e in [
            ValueError::Empty,
            ValueError::NotANumber { input: s("x") },
            ValueError::BadGrouping { input: s("1,00") },
            ValueError::NotWhole { input: s("1.5") },
            ValueError::TooManyDecimals {
                input: s("1.55555%"),
            },
            ValueError::WouldBeNegative {
                current: 5,
                input: s("-9"),
            },
            ValueError::NoParent { input: s("5%") },
            ValueError::DivideByZero,
            ValueError::TooLarge { input: s("9e99") },
        ] {
            v.push(Refusal::Value(e));
        }
        v
    }

    /// Whether `text` reads as Chinese: some Han characters, and no
    /// English word of three letters or more outside the figures, names
    /// and typed examples put into it.
    fn reads_as_chinese(text: &str) -> bool {
        let han = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let allowed = ["max", "allot", "national"];
        let english = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3)
            .any(|w| {
                !allowed.contains(&w) && !["rock", "mining", "Sichuan", "Shandong"].contains(&w)
            });
        han && !english
    }

    #[test]
    fn every_outcome_and_refusal_is_said_in_both_languages() {
        use crate::i18n::{Lang, with};
        let f = NumberFormat::default();
        for o in every_outcome() {
            let en = with(Lang::En, || outcome(&o, &f));
            let zh = with(Lang::ZhCn, || outcome(&o, &f));
            assert!(
                !en.contains("outcome-") && !zh.contains("outcome-"),
                "{o:?}"
            );
            assert_ne!(en, zh, "{o:?}");
            assert!(reads_as_chinese(&zh), "{o:?}: {zh}");
        }
        for r in every_refusal() {
            let en = with(Lang::En, || refusal(&r, &f));
            let zh = with(Lang::ZhCn, || refusal(&r, &f));
            assert!(!en.contains("refusal-") && !zh.contains("value-"), "{r:?}");
            assert_ne!(en, zh, "{r:?}");
            assert!(reads_as_chinese(&zh), "{r:?}: {zh}");
        }
        // The top of the plan has its name in each language.
        let r = Refusal::RootRebalance;
        assert!(with(Lang::ZhCn, || refusal(&r, &f)).contains("全国"));
        let o = Outcome::Deleted { node: s_national() };
        assert_eq!(with(Lang::ZhCn, || outcome(&o, &f)), "已删除 全国");
        // Figures keep the number format in both.
        let o = &every_outcome()[0];
        assert!(with(Lang::ZhCn, || outcome(o, &SPACE)).contains("1 003 000"));
    }

    fn s_national() -> String {
        crate::core::model::ROOT_NAME.to_owned()
    }
}
