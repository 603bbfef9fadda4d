//! What differs between two versions of a plan, in words, for a planner
//! deciding whether to restore unsaved work.

use super::amount::group_thousands;
use super::text::printable;
use super::{NodeIx, Plan, ROOT};

fn amount(v: u64) -> String {
    group_thousands(u128::from(v))
}

/// The differences from `old` to `new`, one line each, at most `limit` lines
/// (the last line then says how many more there are). Nodes are matched by
/// id, quota kinds by id.
pub fn differences(old: &Plan, new: &Plan, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let (mo, mn) = (old.meta(), new.meta());
    if mo.title != mn.title {
        out.push(format!(
            "title: {} → {}",
            printable(mo.title.as_deref().unwrap_or("(none)")),
            printable(mn.title.as_deref().unwrap_or("(none)"))
        ));
    }
    if mo.year != mn.year || mo.unit != mn.unit || mo.levels != mn.levels {
        out.push("year, unit or level names changed".to_owned());
    }
    for q in old.quotas() {
        if new.quota_index(&q.id).is_none() {
            out.push(format!("quota kind {} removed", printable(&q.id)));
        }
    }
    for (qn, q) in new.quotas().iter().enumerate() {
        match old.quota_index(&q.id) {
            None => out.push(format!(
                "quota kind {} added (total {})",
                printable(&q.id),
                amount(new.value(ROOT, qn))
            )),
            Some(qo) => {
                if old.value(ROOT, qo) != new.value(ROOT, qn) {
                    out.push(format!(
                        "national {} total: {} → {}",
                        printable(&q.id),
                        amount(old.value(ROOT, qo)),
                        amount(new.value(ROOT, qn))
                    ));
                }
            }
        }
    }
    let name = |p: &Plan, n: NodeIx| printable(&p.node(n).name);
    for n in old.preorder().skip(1) {
        if new.find(&old.node(n).id).is_none() {
            out.push(format!("{} removed", name(old, n)));
        }
    }
    for n in new.preorder().skip(1) {
        let id = &new.node(n).id;
        let Some(o) = old.find(id) else {
            out.push(format!("{} added", name(new, n)));
            continue;
        };
        if old.node(o).name != new.node(n).name {
            out.push(format!("{} renamed to {}", name(old, o), name(new, n)));
        }
        let op = old.parent(o).map(|p| &old.node(p).id);
        let np = new.parent(n).map(|p| &new.node(p).id);
        if op != np {
            out.push(format!("{} moved", name(new, n)));
        }
        for (qn, q) in new.quotas().iter().enumerate() {
            let before = old.quota_index(&q.id).map_or(0, |qo| old.value(o, qo));
            let after = new.value(n, qn);
            if before != after {
                out.push(format!(
                    "{} {}: {} → {}",
                    name(new, n),
                    printable(&q.id),
                    amount(before),
                    amount(after)
                ));
            }
        }
        if old.node(o).locked != new.node(n).locked {
            out.push(format!(
                "{} {}",
                name(new, n),
                if new.node(n).locked {
                    "locked"
                } else {
                    "unlocked"
                }
            ));
        }
        if old.node(o).note != new.node(n).note {
            out.push(format!("{}: note changed", name(new, n)));
        }
    }
    if out.len() > limit {
        let more = out.len() - limit.saturating_sub(1);
        out.truncate(limit.saturating_sub(1));
        out.push(format!("… and {more} more changes"));
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
        assert!(
            d.contains(&"Shandong 山东 rock: 3,600 → 3,000".to_owned()),
            "{d:?}"
        );
        assert!(
            d.contains(&"Fujian 福建 renamed to Fujian".to_owned()),
            "{d:?}"
        );
        assert!(d.contains(&"Yunnan 云南 removed".to_owned()), "{d:?}");
        assert!(d.contains(&"New 企业 added".to_owned()), "{d:?}");
        assert!(differences(&old, &old, 20).is_empty());
        let short = differences(&old, ed.plan(), 2);
        assert_eq!(short.len(), 2);
        assert!(short[1].contains("more changes"), "{short:?}");
    }
}
