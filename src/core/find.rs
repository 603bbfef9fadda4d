//! Finding nodes by name or id, as the planner's search does, at national
//! scale: an index of the names and ids folded to lower case, laid end to
//! end in tree order, so that a search is one substring scan from where it
//! starts (no lower-casing, no walk of the tree per key).

use super::model::{NodeIx, Plan, ROOT};

/// Between a node's name and its id (no query can hold it).
const BETWEEN: char = '\u{1}';
/// After a node's id.
const AFTER: char = '\n';

/// Names and ids of a plan, folded, in tree order.
#[derive(Debug, Clone)]
pub struct NameIndex {
    /// The plan versions it was built from.
    structure: u64,
    names: u64,
    /// Nodes in tree order (the root first).
    order: Vec<NodeIx>,
    /// Where each node's text starts in `text`, in tree order.
    starts: Vec<usize>,
    /// Each node's position in `order`, by slot (`u32::MAX`: not in the
    /// tree).
    position: Vec<u32>,
    /// `name BETWEEN id AFTER` per node, lower case; the root's is empty.
    text: String,
}

impl NameIndex {
    /// The index of `plan` as it is.
    pub fn build(plan: &Plan) -> Self {
        let mut order = Vec::with_capacity(plan.len());
        let mut starts = Vec::with_capacity(plan.len());
        let mut position = vec![u32::MAX; plan.slot_count()];
        let mut text = String::new();
        for n in plan.preorder() {
            position[n.0] = u32::try_from(order.len()).unwrap_or(u32::MAX);
            order.push(n);
            starts.push(text.len());
            if n != ROOT {
                let node = plan.node(n);
                push_folded(&mut text, &node.name);
                text.push(BETWEEN);
                push_folded(&mut text, &node.id);
            }
            text.push(AFTER);
        }
        Self {
            structure: plan.structure_version(),
            names: plan.names_version(),
            order,
            starts,
            position,
            text,
        }
    }

    /// Whether it still describes `plan` (no node added, removed, moved,
    /// renamed or given another id since).
    pub fn is_current(&self, plan: &Plan) -> bool {
        self.structure == plan.structure_version() && self.names == plan.names_version()
    }

    /// The first node after `from` (or at it, when `inclusive`) in tree
    /// order, going round, whose name or id contains `query` (in any case);
    /// backwards when not `forward`. None when none does.
    pub fn find(
        &self,
        query: &str,
        from: NodeIx,
        forward: bool,
        inclusive: bool,
    ) -> Option<NodeIx> {
        let q = query.to_lowercase();
        if q.is_empty() || q.contains([BETWEEN, AFTER]) {
            return None;
        }
        let p = self
            .position
            .get(from.0)
            .copied()
            .filter(|&p| p != u32::MAX)
            .map_or(0, |p| p as usize);
        let start = |i: usize| self.starts.get(i).copied().unwrap_or(self.text.len());
        let at = |offset: usize| self.order[self.starts.partition_point(|&s| s <= offset) - 1];
        if forward {
            let from_here = start(if inclusive { p } else { p + 1 });
            let hit = self.text[from_here..]
                .find(&q)
                .map(|o| from_here + o)
                .or_else(|| self.text[..from_here].find(&q));
            hit.map(at)
        } else {
            // Up to (and with `inclusive`, through) `from`'s own text.
            let upto = start(if inclusive { p + 1 } else { p });
            let hit = self.text[..upto]
                .rfind(&q)
                .or_else(|| self.text[upto..].rfind(&q).map(|o| upto + o));
            hit.map(at)
        }
    }
}

/// `s` in lower case onto `out`, its own separators taken out (a name
/// cannot hold them, but an index never trusts that).
fn push_folded(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(
            s.bytes()
                .map(|b| char::from(b.to_ascii_lowercase()))
                .filter(|&c| c != BETWEEN && c != AFTER),
        );
    } else {
        out.extend(
            s.chars()
                .flat_map(char::to_lowercase)
                .filter(|&c| c != BETWEEN && c != AFTER),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::example_2018 as sample;

    /// The search as it was: a walk of the tree, lower-casing each name.
    fn walk(
        plan: &Plan,
        query: &str,
        from: NodeIx,
        forward: bool,
        inclusive: bool,
    ) -> Option<NodeIx> {
        let q = query.to_lowercase();
        let hit = |n: NodeIx| {
            n != ROOT
                && (plan.node(n).name.to_lowercase().contains(&q)
                    || plan.node(n).id.to_lowercase().contains(&q))
        };
        let order: Vec<NodeIx> = plan.preorder().collect();
        let start = order.iter().position(|&n| n == from).unwrap_or(0);
        let len = order.len();
        let skip = usize::from(!inclusive);
        (0..len)
            .map(|i| i + skip)
            .map(|i| {
                if forward {
                    order[(start + i) % len]
                } else {
                    order[(start + len * 2 - i) % len]
                }
            })
            .find(|&n| hit(n))
    }

    #[test]
    fn finds_what_a_walk_of_the_tree_finds_from_every_node_both_ways() {
        let plan = sample();
        let ix = NameIndex::build(&plan);
        assert!(ix.is_current(&plan));
        let queries = [
            "四川", "mongolia", "NM", "-", "e", "zz", "n", "jx-g", "稀土",
        ];
        for from in plan.preorder() {
            for q in queries {
                for (forward, inclusive) in
                    [(true, true), (true, false), (false, false), (false, true)]
                {
                    assert_eq!(
                        ix.find(q, from, forward, inclusive),
                        walk(&plan, q, from, forward, inclusive),
                        "{q:?} from {from:?} forward {forward} inclusive {inclusive}"
                    );
                }
            }
        }
        // A match never spans a name and its id, or two nodes.
        let last = plan.preorder().last().unwrap();
        let id = &plan.node(last).id;
        assert_eq!(ix.find(&format!("{id}\n"), ROOT, true, true), None);
    }

    #[test]
    fn a_rename_or_a_new_node_makes_it_stale() {
        let plan = sample();
        let ix = NameIndex::build(&plan);
        let mut ed = crate::core::Editor::new(plan);
        let sc = ed.plan().find("sc").unwrap();
        ed.set_value(sc, 0, ed.plan().value(sc, 0)).ok();
        assert!(ix.is_current(ed.plan()), "a figure does not matter");
        ed.rename(sc, "Szechwan").unwrap();
        assert!(!ix.is_current(ed.plan()));
        let fresh = NameIndex::build(ed.plan());
        assert_eq!(fresh.find("szech", ROOT, true, true), Some(sc));
    }
}
