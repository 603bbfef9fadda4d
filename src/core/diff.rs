//! What differs between two versions of a plan, as data (the interface
//! says it in words: `say::difference`), for a planner deciding whether to
//! restore unsaved work.

use super::text::printable;
use super::{NodeIx, Plan, ROOT};

/// One difference between two versions of a plan. Names are printable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The title changed (None: no title).
    Title(Option<String>, Option<String>),
    /// The year, unit or level names changed.
    Facts,
    /// A quota kind was removed.
    QuotaRemoved(String),
    /// A quota kind was added with this national total.
    QuotaAdded(String, u64),
    /// A national total changed.
    Total(String, u64, u64),
    /// A node was removed.
    Removed(String),
    /// A node was added.
    Added(String),
    /// A node was renamed.
    Renamed(String, String),
    /// A node was moved.
    Moved(String),
    /// A figure changed: node, quota id, before, after.
    Figure(String, String, u64, u64),
    /// A node was locked (true) or unlocked.
    Locked(String, bool),
    /// A node's note changed.
    Note(String),
    /// More differences not listed.
    More(usize),
}

/// The differences from `old` to `new`, at most `limit` (the last then
/// says how many more there are). Nodes are matched by id, quota kinds by
/// id.
pub fn differences(old: &Plan, new: &Plan, limit: usize) -> Vec<Difference> {
    use Difference as D;
    let mut out = Vec::new();
    let (mo, mn) = (old.meta(), new.meta());
    if mo.title != mn.title {
        out.push(D::Title(
            mo.title.as_deref().map(printable),
            mn.title.as_deref().map(printable),
        ));
    }
    if mo.year != mn.year || mo.unit != mn.unit || mo.levels != mn.levels {
        out.push(D::Facts);
    }
    for q in old.quotas() {
        if new.quota_index(&q.id).is_none() {
            out.push(D::QuotaRemoved(printable(&q.id)));
        }
    }
    for (qn, q) in new.quotas().iter().enumerate() {
        match old.quota_index(&q.id) {
            None => out.push(D::QuotaAdded(printable(&q.id), new.value(ROOT, qn))),
            Some(qo) => {
                if old.value(ROOT, qo) != new.value(ROOT, qn) {
                    out.push(D::Total(
                        printable(&q.id),
                        old.value(ROOT, qo),
                        new.value(ROOT, qn),
                    ));
                }
            }
        }
    }
    let name = |p: &Plan, n: NodeIx| printable(&p.node(n).name);
    for n in old.preorder().skip(1) {
        if new.find(&old.node(n).id).is_none() {
            out.push(D::Removed(name(old, n)));
        }
    }
    for n in new.preorder().skip(1) {
        let id = &new.node(n).id;
        let Some(o) = old.find(id) else {
            out.push(D::Added(name(new, n)));
            continue;
        };
        if old.node(o).name != new.node(n).name {
            out.push(D::Renamed(name(old, o), name(new, n)));
        }
        let op = old.parent(o).map(|p| &old.node(p).id);
        let np = new.parent(n).map(|p| &new.node(p).id);
        if op != np {
            out.push(D::Moved(name(new, n)));
        }
        for (qn, q) in new.quotas().iter().enumerate() {
            let before = old.quota_index(&q.id).map_or(0, |qo| old.value(o, qo));
            let after = new.value(n, qn);
            if before != after {
                out.push(D::Figure(name(new, n), printable(&q.id), before, after));
            }
        }
        if old.node(o).locked != new.node(n).locked {
            out.push(D::Locked(name(new, n), new.node(n).locked));
        }
        if old.node(o).note != new.node(n).note {
            out.push(D::Note(name(new, n)));
        }
    }
    if out.len() > limit {
        let more = out.len() - limit.saturating_sub(1);
        out.truncate(limit.saturating_sub(1));
        out.push(D::More(more));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Meta;
    use crate::core::validate::{NodeInput, QuotaInput, build};
    use crate::core::{Editor, NewNode};

    fn plan() -> Plan {
        let node = |id: &str, name: &str, rock: u64| NodeInput {
            id: id.into(),
            name: name.into(),
            alloc: vec![("rock".into(), rock.into())],
            ..NodeInput::default()
        };
        build(
            Meta::default(),
            &[QuotaInput {
                id: "rock".into(),
                name: "Rock".into(),
                total: Some((10_000).into()),
                unit: None,
                sum_of: None,
            }],
            vec![
                node("sd", "Shandong 山东", 3600),
                node("fj", "Fujian 福建", 0),
                node("yn", "Yunnan 云南", 150),
            ],
        )
        .unwrap()
    }

    #[test]
    fn lists_value_structure_and_name_changes() {
        let old = plan();
        let mut ed = Editor::new(old.clone());
        let sd = ed.plan().find("sd").unwrap();
        ed.set_value(sd, 0, 3000).unwrap();
        ed.rename(ed.plan().find("fj").unwrap(), "Fujian").unwrap();
        ed.delete(ed.plan().find("yn").unwrap()).unwrap();
        let spec = NewNode {
            id: "new".into(),
            name: "New 企业".into(),
            ..NewNode::default()
        };
        ed.add_node(sd, None, spec).unwrap();
        let d = differences(&old, ed.plan(), 20);
        let has = |x: Difference| assert!(d.contains(&x), "{x:?} in {d:?}");
        has(Difference::Figure(
            "Shandong 山东".into(),
            "rock".into(),
            3600,
            3000,
        ));
        has(Difference::Renamed("Fujian 福建".into(), "Fujian".into()));
        has(Difference::Removed("Yunnan 云南".into()));
        has(Difference::Added("New 企业".into()));
        assert!(differences(&old, &old, 20).is_empty());
        let short = differences(&old, ed.plan(), 2);
        assert_eq!(short.len(), 2);
        assert!(matches!(short[1], Difference::More(_)), "{short:?}");
    }
}
