//! Two plans side by side: nodes matched by id wherever they sit, quota
//! kinds by id, batches by id. What differs, as data: changed figures with
//! both values, nodes only in one plan, moved and renamed nodes, kinds and
//! batches only in one plan.

use super::layout::Sel;
use super::{NodeIx, Plan, ROOT};

/// A figure that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The node's ids from the top level down (empty: national, a total).
    pub path: Vec<String>,
    /// The quota kind.
    pub quota: String,
    /// The batch (None: a plan without batches, or the year's sum when only
    /// one plan has batches).
    pub batch: Option<String>,
    /// In the first plan.
    pub a: u64,
    /// In the second.
    pub b: u64,
}

/// A node under another parent in the second plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Its id.
    pub id: String,
    /// Its path in the first plan.
    pub a_path: Vec<String>,
    /// Its path in the second.
    pub b_path: Vec<String>,
}

/// A node with another name in the second plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    /// Its id.
    pub id: String,
    /// Its path in the second plan.
    pub path: Vec<String>,
    /// Its name in the first.
    pub a_name: String,
    /// In the second.
    pub b_name: String,
}

/// Everything that differs between two plans.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Comparison {
    /// Figures that differ, in the first plan's tree order (then the
    /// second's for the rest).
    pub changes: Vec<Change>,
    /// Nodes only in the first plan (their paths there).
    pub only_in_a: Vec<Vec<String>>,
    /// Nodes only in the second.
    pub only_in_b: Vec<Vec<String>>,
    /// Nodes under another parent.
    pub moved: Vec<Moved>,
    /// Nodes with another name.
    pub renamed: Vec<Renamed>,
    /// Quota kinds only in the first plan.
    pub kinds_only_in_a: Vec<String>,
    /// Only in the second.
    pub kinds_only_in_b: Vec<String>,
    /// Batches only in the first plan.
    pub batches_only_in_a: Vec<String>,
    /// Only in the second.
    pub batches_only_in_b: Vec<String>,
}

impl Comparison {
    /// Whether the plans are the same in every figure and in structure.
    pub fn is_same(&self) -> bool {
        *self == Self::default()
    }

    /// The mirror image: what `compare(b, a)` gives.
    #[must_use]
    pub fn mirrored(&self) -> Self {
        Self {
            changes: self
                .changes
                .iter()
                .map(|c| Change {
                    a: c.b,
                    b: c.a,
                    ..c.clone()
                })
                .collect(),
            only_in_a: self.only_in_b.clone(),
            only_in_b: self.only_in_a.clone(),
            moved: self
                .moved
                .iter()
                .map(|m| Moved {
                    id: m.id.clone(),
                    a_path: m.b_path.clone(),
                    b_path: m.a_path.clone(),
                })
                .collect(),
            renamed: self
                .renamed
                .iter()
                .map(|r| Renamed {
                    a_name: r.b_name.clone(),
                    b_name: r.a_name.clone(),
                    ..r.clone()
                })
                .collect(),
            kinds_only_in_a: self.kinds_only_in_b.clone(),
            kinds_only_in_b: self.kinds_only_in_a.clone(),
            batches_only_in_a: self.batches_only_in_b.clone(),
            batches_only_in_b: self.batches_only_in_a.clone(),
        }
    }
}

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct Scope<'a> {
    /// Only nodes down to this depth (1: the top level).
    pub depth: Option<usize>,
    /// Only this batch's figures.
    pub batch: Option<&'a str>,
}

fn ids(p: &Plan, n: NodeIx) -> Vec<String> {
    p.path_ids(n).into_iter().map(str::to_owned).collect()
}

/// The (batch id, selection in a, selection in b) pairs whose figures are
/// compared: the batches both plans have; a plan without batches against
/// one with them compares with the year's sum.
fn batch_pairs(a: &Plan, b: &Plan, only: Option<&str>) -> Vec<(Option<String>, Sel, Sel)> {
    let (la, lb) = (a.layout(), b.layout());
    match (la.has_batches(), lb.has_batches()) {
        (false, false) => vec![(None, Sel::Batch(0), Sel::Batch(0))],
        (true, false) => vec![(None, Sel::Cumulative, Sel::Batch(0))],
        (false, true) => vec![(None, Sel::Batch(0), Sel::Cumulative)],
        (true, true) => la
            .batches()
            .iter()
            .enumerate()
            .filter(|(_, x)| only.is_none_or(|o| o == x.id))
            .filter_map(|(i, x)| {
                lb.batch_index(&x.id)
                    .map(|j| (Some(x.id.clone()), Sel::Batch(i), Sel::Batch(j)))
            })
            .collect(),
    }
}

/// The figure in `reference` of `plan`'s node `n` (matched by id; the
/// national total for the root), kind `kind` (by id) and batches `sel` (a
/// batch by id; the year when either plan has no batches). None when the
/// reference lacks the node, kind or batch.
pub fn reference_figure(
    plan: &Plan,
    reference: &Plan,
    n: NodeIx,
    kind: usize,
    sel: Sel,
) -> Option<u128> {
    let rn = if n == ROOT {
        ROOT
    } else {
        reference.find(&plan.node(n).id)?
    };
    let (lp, lr) = (plan.layout(), reference.layout());
    let rk = lr.kind_index(&lp.kinds().get(kind)?.id)?;
    let rsel = match (lp.has_batches(), lr.has_batches(), sel) {
        (_, false, _) => Sel::Batch(0),
        (false, true, _) | (true, true, Sel::Cumulative) => Sel::Cumulative,
        (true, true, Sel::Batch(b)) => Sel::Batch(lr.batch_index(&lp.batches().get(b)?.id)?),
    };
    // A reference without batches holds the year: a batch of the plan has
    // nothing to match in it.
    if lp.has_batches() && !lr.has_batches() && sel != Sel::Cumulative {
        return None;
    }
    Some(reference.figure(rn, rk, rsel))
}

/// The weight the reference gives `plan`'s node `n` in a stored column:
/// its figure of the same batch, else of its year (last year's shares for
/// this year's batch); 0 when the reference lacks the node or kind.
pub fn reference_weight(plan: &Plan, reference: &Plan, n: NodeIx, col: usize) -> u64 {
    let (k, b) = plan.layout().column_of(col);
    let sel = if plan.layout().has_batches() {
        Sel::Batch(b)
    } else {
        Sel::Batch(0)
    };
    reference_figure(plan, reference, n, k, sel)
        .or_else(|| reference_figure(plan, reference, n, k, Sel::Cumulative))
        .map_or(0, |v| u64::try_from(v).unwrap_or(u64::MAX))
}

/// Compare plan `a` with plan `b`.
pub fn compare(a: &Plan, b: &Plan, scope: &Scope<'_>) -> Comparison {
    let mut out = Comparison::default();
    let (la, lb) = (a.layout(), b.layout());
    // Quota kinds and batches by id.
    for k in la.kinds() {
        if lb.kind_index(&k.id).is_none() {
            out.kinds_only_in_a.push(k.id.clone());
        }
    }
    for k in lb.kinds() {
        if la.kind_index(&k.id).is_none() {
            out.kinds_only_in_b.push(k.id.clone());
        }
    }
    for x in la.batches() {
        if lb.batch_index(&x.id).is_none() && scope.batch.is_none_or(|o| o == x.id) {
            out.batches_only_in_a.push(x.id.clone());
        }
    }
    for x in lb.batches() {
        if la.batch_index(&x.id).is_none() && scope.batch.is_none_or(|o| o == x.id) {
            out.batches_only_in_b.push(x.id.clone());
        }
    }
    // The kinds of both; a kind derived in both is the sum of kinds
    // compared already. (Mining stored in a press table, derived from
    // rock-type and ion-adsorption in the notice's, is compared.)
    let kinds: Vec<(usize, usize)> = (0..la.kinds().len())
        .filter_map(|ka| lb.kind_index(&la.kinds()[ka].id).map(|kb| (ka, kb)))
        .filter(|&(ka, kb)| !(la.kinds()[ka].is_derived() && lb.kinds()[kb].is_derived()))
        .collect();
    let pairs = batch_pairs(a, b, scope.batch);
    let within = |p: &Plan, n: NodeIx| scope.depth.is_none_or(|d| p.depth(n) <= d);
    let mut figures = |na: NodeIx, nb: NodeIx, path: Vec<String>| {
        for &(ka, kb) in &kinds {
            for (batch, sa, sb) in &pairs {
                let va = u64::try_from(a.figure(na, ka, *sa)).unwrap_or(u64::MAX);
                let vb = u64::try_from(b.figure(nb, kb, *sb)).unwrap_or(u64::MAX);
                if va != vb {
                    out.changes.push(Change {
                        path: path.clone(),
                        quota: la.kinds()[ka].id.clone(),
                        batch: batch.clone(),
                        a: va,
                        b: vb,
                    });
                }
            }
        }
    };
    figures(ROOT, ROOT, Vec::new());
    for na in a.preorder().skip(1).filter(|&n| within(a, n)) {
        let id = &a.node(na).id;
        let Some(nb) = b.find(id) else {
            out.only_in_a.push(ids(a, na));
            continue;
        };
        if !within(b, nb) {
            continue;
        }
        figures(na, nb, ids(b, nb));
    }
    for nb in b.preorder().skip(1).filter(|&n| within(b, n)) {
        let id = &b.node(nb).id;
        let Some(na) = a.find(id) else {
            out.only_in_b.push(ids(b, nb));
            continue;
        };
        if !within(a, na) {
            continue;
        }
        let pa = a.parent(na).map(|p| a.node(p).id.clone());
        let pb = b.parent(nb).map(|p| b.node(p).id.clone());
        if pa != pb {
            out.moved.push(Moved {
                id: id.clone(),
                a_path: ids(a, na),
                b_path: ids(b, nb),
            });
        }
        if a.node(na).name != b.node(nb).name {
            out.renamed.push(Renamed {
                id: id.clone(),
                path: ids(b, nb),
                a_name: a.node(na).name.clone(),
                b_name: b.node(nb).name.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{EXAMPLE_2018_JSON, SAMPLE_JSON, parse_plan};

    fn plan(text: &str) -> Plan {
        parse_plan(text).unwrap()
    }

    #[test]
    fn a_plan_is_the_same_as_itself() {
        for text in [EXAMPLE_2018_JSON, SAMPLE_JSON] {
            let p = plan(text);
            assert!(compare(&p, &p, &Scope::default()).is_same());
        }
    }

    #[test]
    fn figures_moves_renames_and_nodes_of_one_plan_are_found() {
        let a = plan(EXAMPLE_2018_JSON);
        // Shandong 3,600 -> 3,000; Baotou Huamei moved under Sichuan and
        // renamed; Yunnan gone; a new node.
        let text = EXAMPLE_2018_JSON
            .replace("\"rock\": 3600", "\"rock\": 3000")
            .replace("Baotou Huamei 包头华美", "Huamei")
            .replace(
                "{\n      \"id\": \"yn\",\n      \"name\": \"Yunnan 云南\",\n      \"alloc\": {\n        \"ion\": 150\n      },",
                "{\n      \"id\": \"new\",\n      \"name\": \"New\",\n      \"alloc\": {\n        \"ion\": 150\n      },",
            );
        // Fujian moved under Jiangxi (room made for it first).
        let mut ed = crate::core::Editor::new(plan(&text));
        let (jx, fj, gz) = {
            let p = ed.plan();
            (
                p.find("jx").unwrap(),
                p.find("fj").unwrap(),
                p.find("jx-ganzhou").unwrap(),
            )
        };
        ed.set_value(gz, 1, 2500).unwrap();
        ed.move_to(fj, jx, None).unwrap();
        let b = ed.into_plan();
        let d = compare(&a, &b, &Scope::default());
        assert!(d.changes.contains(&Change {
            path: vec!["sd".into()],
            quota: "rock".into(),
            batch: None,
            a: 3600,
            b: 3000,
        }));
        assert!(
            d.changes
                .iter()
                .any(|c| c.path == ["jx", "jx-ganzhou"] && c.b == 2500)
        );
        assert_eq!(d.only_in_a, [vec!["yn".to_owned()]]);
        assert_eq!(d.only_in_b, [vec!["new".to_owned()]]);
        assert_eq!(d.renamed.len(), 1);
        assert_eq!(d.renamed[0].b_name, "Huamei");
        assert_eq!(
            d.moved,
            [Moved {
                id: "fj".into(),
                a_path: vec!["fj".into()],
                b_path: vec!["jx".into(), "fj".into()],
            }]
        );
        // The mirror is what comparing the other way gives.
        assert_eq!(compare(&b, &a, &Scope::default()), d.mirrored());
    }

    #[test]
    fn batches_match_by_id_and_one_table_meets_the_year() {
        let year = plan(SAMPLE_JSON);
        let d = compare(&year, &year, &Scope::default());
        assert!(d.is_same());
        // The 2018 provinces against the 2023 groups: no node in common.
        let old = plan(EXAMPLE_2018_JSON);
        let d = compare(&old, &year, &Scope::default());
        assert_eq!(d.only_in_a.len(), old.len() - 1);
        assert_eq!(d.only_in_b.len(), year.len() - 1);
        assert!(d.moved.is_empty() && d.renamed.is_empty());
        assert_eq!(d.kinds_only_in_b, ["mining"]);
        assert_eq!(d.batches_only_in_b, ["b1", "b2", "b3"]);
        // National totals: 2018's one table against 2023's year.
        assert!(d.changes.iter().any(|c| c.path.is_empty()
            && c.quota == "rock"
            && c.a == 100_850
            && c.b == 235_850
            && c.batch.is_none()));
    }
}
