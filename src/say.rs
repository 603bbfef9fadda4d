//! The one place where outcomes, refusals and typing errors of the core
//! become words, in the planner's number format. The core hands over data
//! (names, quotas, figures); this module writes the sentences.

use std::fmt;

use crate::core::amount::{format_share, group_signed, group_thousands};
use crate::core::ops::FillBy;
use crate::core::outcome::{Field, Outcome, Refusal, Shortfall, Spread};
use crate::core::value::{MAX_DECIMALS, ValueError};

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

/// What an operation did, in words.
pub fn outcome(o: &Outcome, f: &NumberFormat) -> String {
    match o {
        Outcome::Value {
            node,
            quota,
            old,
            new,
            unit,
            spread,
        } => {
            let how = match spread {
                Spread::Alone => "",
                Spread::Siblings => ", rebalancing siblings",
                Spread::Subtree => ", scaling its subtree",
            };
            format!(
                "{node} {quota}: {} → {} {unit}{how}",
                f.amount64(*old),
                f.amount64(*new)
            )
        }
        Outcome::Unchanged => "unchanged".to_owned(),
        Outcome::Filled {
            node,
            quota,
            amount,
            unit,
            by,
            newcomers,
        } => format!(
            "filled {} {unit} of {quota} among the children of {node}{}{}",
            f.amount(*amount),
            if *newcomers {
                " with none of it yet"
            } else {
                ""
            },
            match by {
                FillBy::Current => "",
                FillBy::Previous => ", in proportion to the previous batch",
                FillBy::Cumulative => ", in proportion to the earlier batches",
                FillBy::Equal => ", in equal shares",
                FillBy::Reference => ", in proportion to the reference's figures",
            }
        ),
        Outcome::FilledDown {
            node,
            quota,
            amount,
            unit,
        } => format!(
            "filled {quota} under {node} down to the leaves ({} {unit} at the top)",
            f.amount(*amount)
        ),
        Outcome::FilledAll { node, quotas } => {
            format!("filled the remainders of {node} ({})", quotas.join(", "))
        }
        Outcome::Locked { node, locked } => {
            format!("{} {node}", if *locked { "locked" } else { "unlocked" })
        }
        Outcome::Renamed { from, to } => format!("renamed {from} to {to}"),
        Outcome::IdSet { node, id } => format!("id of {node} set to {id}"),
        Outcome::NoteEdited { node } => format!("note of {node} edited"),
        Outcome::Added { node, parent } => format!("added {node} under {parent}"),
        Outcome::Deleted { node } => format!("deleted {node}"),
        Outcome::Moved { node, parent } => format!("moved {node} under {parent}"),
        Outcome::QuotaAdded { name } => format!("added quota {name}"),
        Outcome::QuotaRelabelled { from, name, id } => {
            format!("quota {from} is now {name} ({id})")
        }
        Outcome::QuotaDeleted { name } => format!("deleted quota {name}"),
        Outcome::Edited(field) => match field {
            Field::Title => "title edited",
            Field::Year => "year edited",
            Field::Unit => "unit edited",
            Field::Levels => "level names edited",
        }
        .to_owned(),
        Outcome::BatchAdded { name } => format!("batch {name} added"),
        Outcome::BatchEdited { name } => format!("batch {name} edited"),
        Outcome::BatchDeleted { name } => format!("batch {name} deleted with its figures"),
        Outcome::BatchMoved { name, to } => format!("batch {name} moved to place {}", to + 1),
        Outcome::Pasted { cells, quota } => {
            let what = if *cells == 1 { "value" } else { "values" };
            let n = f.amount(*cells as u128);
            match quota {
                Some(q) => format!("pasted {n} {what} of {q}"),
                None => format!("pasted {n} {what}"),
            }
        }
        Outcome::Undone(o) => format!("undone: {}", outcome(o, f)),
        Outcome::Redone(o) => format!("redone: {}", outcome(o, f)),
    }
}

/// Why an operation was refused, in words.
#[allow(clippy::too_many_lines)]
pub fn refusal(r: &Refusal, f: &NumberFormat) -> String {
    match r {
        Refusal::NothingToUndo => "nothing to undo".to_owned(),
        Refusal::NothingToRedo => "nothing to redo".to_owned(),
        Refusal::NoSuchCell => "no such cell".to_owned(),
        Refusal::NodeGone => "that node is no longer in the plan".to_owned(),
        Refusal::NoSuchQuota => "no such quota".to_owned(),
        Refusal::Locked { node } => format!("{node} is locked; unlock it first"),
        Refusal::BelowAllocated {
            node,
            allocated,
            unit,
            quota,
        } => format!(
            "{node} has already allocated {} {unit} of {quota} to its children; \
             set at least that (or scale the subtree)",
            f.amount(*allocated)
        ),
        Refusal::ParentShort(short) => {
            let Shortfall {
                parent,
                remainder,
                unit,
                quota,
                need,
                node,
            } = &**short;
            let have = if *remainder < 0 {
                format!(
                    "{parent} is already over-allocated by {} {unit} of {quota}",
                    f.amount(remainder.unsigned_abs())
                )
            } else {
                format!(
                    "{parent} has only {} {unit} of {quota} unallocated",
                    f.signed(*remainder)
                )
            };
            match (node, need) {
                (Some(node), Some(need)) => format!("{have}; {node} needs {}", f.amount64(*need)),
                // The shortfall first: what the parent would have to gain.
                (None, Some(need)) if *remainder >= 0 => format!(
                    "{have}: {} short of the {} needed",
                    f.signed(i128::from(*need) - remainder),
                    f.amount64(*need)
                ),
                (None, Some(need)) => format!("{have}; this needs {} more", f.amount64(*need)),
                _ => have,
            }
        }
        Refusal::RootRebalance => {
            "the national total has no siblings to rebalance with; use set or scale".to_owned()
        }
        Refusal::NoWeights { node } => format!(
            "none of the nodes under {node} that would share it has a figure in the \
             reference: spread by their own figures instead"
        ),
        Refusal::NoUnlockedSiblings { node } => {
            format!("{node} has no unlocked siblings to rebalance with")
        }
        Refusal::SiblingsShort {
            node,
            can,
            need,
            unit,
        } => format!(
            "the unlocked siblings of {node} can give at most {} {unit} ({} needed)",
            f.amount(*can),
            f.amount64(*need)
        ),
        Refusal::AboveMaximum { node, max } => {
            format!("{node} would go above the maximum of {}", f.amount64(*max))
        }
        Refusal::AmountTooLarge { value, max } => format!(
            "{} is above the maximum of {}",
            f.amount64(*value),
            f.amount64(*max)
        ),
        Refusal::LockedFloor { node, floor, unit } => format!(
            "locked nodes under {node} hold {} {unit}; it cannot be scaled below that",
            f.amount(*floor)
        ),
        Refusal::LockedHoldMore { node } => {
            format!("locked nodes under {node} hold more than it would keep")
        }
        Refusal::TooFar { node, by, unit } => format!(
            "this would change the figures under {node} by {} {unit} in one step, \
             more than allot can share out; set the children first",
            f.amount(*by)
        ),
        Refusal::NothingToFill { node, quota } => {
            format!("{node} has nothing of {quota} unallocated to fill")
        }
        Refusal::NoUnlockedChildren { node } => {
            format!("{node} has no unlocked children to fill")
        }
        Refusal::RootLock => "the national totals cannot be locked".to_owned(),
        Refusal::RootRename => {
            "the national row cannot be renamed; set the plan title instead".to_owned()
        }
        Refusal::RootId => "the national row has no id".to_owned(),
        Refusal::RootDelete => "the national row cannot be deleted".to_owned(),
        Refusal::RootMove => "the national row cannot be moved".to_owned(),
        Refusal::IdTaken { id, by } => format!("id {id:?} is already used by {by}"),
        Refusal::QuotaIdTaken { id } => format!("quota id {id:?} is already used"),
        Refusal::TooDeep { max } => format!("a plan can be at most {max} levels deep"),
        Refusal::UnderItself { node } => format!("{node} cannot be moved under itself"),
        Refusal::PartOfDerived { kind, derived } => format!(
            "{kind} is a part of {derived}; delete {derived} first, or change what it is the sum of"
        ),
        Refusal::NoSuchBatch => "there is no such batch".to_owned(),
        Refusal::LastBatch => {
            "a plan keeps at least one batch; delete the plan's batches by exporting one batch instead".to_owned()
        }
        Refusal::FirstBatchUnnamed => {
            "the plan's figures become the first batch: name it first".to_owned()
        }
        Refusal::LastQuota => "a plan needs at least one quota kind".to_owned(),
        Refusal::EmptyLevelName => "level names must not be empty".to_owned(),
        Refusal::NothingToPaste => "nothing to paste".to_owned(),
        Refusal::Invalid(reason) => reason.clone(),
        Refusal::Value(e) => value_error(e, f),
    }
}

/// The accepted forms of a typed value, for error messages.
const FORMS: &str = "type 69250, 69,250, +500, -500, 12.5%, *1.1 or max";

/// Why a typed value was not accepted, and what to type instead.
pub fn value_error(e: &ValueError, f: &NumberFormat) -> String {
    match e {
        ValueError::Empty => format!("nothing typed ({FORMS})"),
        ValueError::NotANumber { input } => format!("not a number: \"{input}\" ({FORMS})"),
        ValueError::BadGrouping { input } => format!(
            "digits wrongly grouped in \"{input}\": separators must split the number \
             into groups of three (type 69,250 or 69 250, or 69250 without separators)"
        ),
        ValueError::NotWhole { input } => format!(
            "not a whole number: \"{input}\" (quotas are whole tonnes; \
             for a percentage of the parent type {input}%)"
        ),
        ValueError::TooManyDecimals { input } => format!(
            "too many decimal places in \"{input}\" (use at most {MAX_DECIMALS}, e.g. 12.5%)"
        ),
        ValueError::WouldBeNegative { current, input } => {
            let current = f.amount64(*current);
            format!(
                "\"{input}\" would be negative: the current value is {current} \
                 (type at most -{current}, or 0)"
            )
        }
        ValueError::NoParent { input } => format!(
            "\"{input}\" needs a parent value, but the national total has none \
             (type the amount itself, e.g. 69250, or +500, -500, *1.1)"
        ),
        ValueError::DivideByZero => {
            "cannot divide by zero (type e.g. /2 to halve the value)".to_owned()
        }
        ValueError::TooLarge { input } => format!(
            "too large: \"{input}\" would exceed the maximum of {}",
            f.amount64(crate::core::amount::MAX_AMOUNT)
        ),
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
        return "national".to_owned();
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
        M::NoSuchItem => "no such difference".to_owned(),
        M::NotAFigure => "only a figure can be typed; take one side for this".to_owned(),
        M::ParentLeftOut { id, parent } => format!(
            "{} would have no parent: {} is left out of the merged plan; take it first",
            names(std::slice::from_ref(id)),
            names(std::slice::from_ref(parent))
        ),
        M::Cycle { id } => format!(
            "the moves taken would put {} under itself; take the same side for both moves",
            names(std::slice::from_ref(id))
        ),
        M::NotStored {
            path,
            quota,
            got,
            wanted,
        } => format!(
            "{} / {}: the merged plan gives {}, not {}: in it this figure is a sum \
             (of kinds or of batches); decide its parts",
            names(path),
            printable(quota),
            f.amount(*got),
            f.amount(u128::from(*wanted))
        ),
        M::Inconsistent(over) => {
            let mut parts: Vec<String> = over
                .iter()
                .take(5)
                .map(|o| {
                    format!(
                        "{} / {} would be over-allocated by {}",
                        names(&o.path),
                        kind_batch(&o.quota, o.batch.as_deref()),
                        f.amount(o.by)
                    )
                })
                .collect();
            if over.len() > 5 {
                parts.push(format!("and {} more", over.len() - 5));
            }
            format!("the plan would be inconsistent: {}", parts.join("; "))
        }
        M::Invalid(errors) => format!(
            "the merged plan would not be a valid plan: {}",
            errors
                .iter()
                .take(3)
                .map(|e| printable(&e.message))
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
}
