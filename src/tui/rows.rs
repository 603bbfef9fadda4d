//! The visible rows of the tree-table: the plan flattened through the
//! expanded nodes. Rebuilt only when the tree's shape or the expansion
//! changes, never on a value edit; drawing reads only the window it shows.

use std::collections::HashSet;

use crate::core::{NodeIx, Plan, ROOT};

/// One line of the tree-table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A node (the national root first, at depth 0).
    Node {
        /// The node.
        ix: NodeIx,
        /// Depth (0 for national).
        depth: usize,
    },
    /// The "unallocated" line that closes an expanded parent's children.
    Rest {
        /// Whose remainder it shows.
        parent: NodeIx,
        /// Depth of the children it closes.
        depth: usize,
    },
}

impl Row {
    /// The node the row is about (for a remainder line: its parent).
    pub fn node(self) -> NodeIx {
        match self {
            Row::Node { ix, .. } => ix,
            Row::Rest { parent, .. } => parent,
        }
    }
}

/// Which nodes are expanded, and the rows that follow from it.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    expanded: HashSet<NodeIx>,
    list: Vec<Row>,
    built_for: Option<(u64, u64)>,
    expand_version: u64,
}

impl Rows {
    /// Top level expanded (the national row is always open).
    pub fn new() -> Self {
        Self::default()
    }

    /// The rows, after [`Rows::refresh`].
    pub fn rows(&self) -> &[Row] {
        &self.list
    }

    /// Whether `n`'s children are shown.
    pub fn is_expanded(&self, n: NodeIx) -> bool {
        n == ROOT || self.expanded.contains(&n)
    }

    /// Show or hide `n`'s children.
    pub fn set_expanded(&mut self, n: NodeIx, open: bool) {
        if n == ROOT {
            return;
        }
        let changed = if open {
            self.expanded.insert(n)
        } else {
            self.expanded.remove(&n)
        };
        if changed {
            self.expand_version += 1;
        }
    }

    /// Open every node that has children.
    pub fn expand_all(&mut self, plan: &Plan) {
        self.expanded = plan
            .preorder()
            .filter(|&n| n != ROOT && !plan.children(n).is_empty())
            .collect();
        self.expand_version += 1;
    }

    /// Close every node.
    pub fn collapse_all(&mut self) {
        self.expanded.clear();
        self.expand_version += 1;
    }

    /// Open the ancestors of `n` so that it is shown.
    pub fn reveal(&mut self, plan: &Plan, n: NodeIx) {
        let mut cur = plan.parent(n);
        while let Some(p) = cur {
            self.set_expanded(p, true);
            cur = plan.parent(p);
        }
    }

    /// Rebuild the rows if the plan's shape or the expansion changed since
    /// the last build. Returns whether it rebuilt.
    pub fn refresh(&mut self, plan: &Plan) -> bool {
        let key = (plan.structure_version(), self.expand_version);
        if self.built_for == Some(key) {
            return false;
        }
        self.built_for = Some(key);
        self.list.clear();
        // Entries: a node to emit, or the closing remainder line of a parent.
        let mut stack: Vec<Row> = vec![Row::Node { ix: ROOT, depth: 0 }];
        while let Some(entry) = stack.pop() {
            self.list.push(entry);
            if let Row::Node { ix, depth } = entry
                && self.is_expanded(ix)
                && plan.is_parent(ix)
            {
                stack.push(Row::Rest {
                    parent: ix,
                    depth: depth + 1,
                });
                stack.extend(plan.children(ix).iter().rev().map(|&c| Row::Node {
                    ix: c,
                    depth: depth + 1,
                }));
            }
        }
        true
    }

    /// Row index of node `n`, if shown.
    pub fn position(&self, n: NodeIx) -> Option<usize> {
        self.list
            .iter()
            .position(|r| matches!(r, Row::Node { ix, .. } if *ix == n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::sample;

    #[test]
    fn flattening_follows_expansion() {
        let plan = sample();
        let mut rows = Rows::new();
        rows.refresh(&plan);
        // national, 9 provinces, the national remainder line.
        assert_eq!(rows.rows().len(), 11);
        assert!(matches!(rows.rows()[10], Row::Rest { parent: ROOT, .. }));
        let nm = plan.find("nm").unwrap();
        rows.set_expanded(nm, true);
        assert!(rows.refresh(&plan));
        assert!(!rows.refresh(&plan), "nothing changed: no rebuild");
        assert_eq!(rows.rows().len(), 14);
        assert_eq!(
            rows.rows()[4],
            Row::Rest {
                parent: nm,
                depth: 2
            }
        );
        rows.expand_all(&plan);
        rows.refresh(&plan);
        // national, 15 nodes, and the remainder lines of national and the
        // three provinces with enterprises.
        assert_eq!(rows.rows().len(), 1 + 15 + 4);
        rows.collapse_all();
        rows.refresh(&plan);
        assert_eq!(rows.rows().len(), 11);
        let leaf = plan.find("jx-ganzhou").unwrap();
        rows.reveal(&plan, leaf);
        rows.refresh(&plan);
        assert!(rows.position(leaf).is_some());
    }
}
