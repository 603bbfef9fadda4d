//! The visible rows of the tree-table: the plan flattened through the
//! expanded nodes, in the tree's order or sorted among siblings, all of
//! them or only those a filter keeps (with the parents that lead to them).
//! Rebuilt only when the tree's shape or the expansion changes (and, while
//! sorted or filtered, when a figure changes); drawing reads only the window
//! it shows. Sorting and filtering never change the plan.

use std::cmp::Ordering;
use std::collections::HashSet;

use crate::core::layout::Sel;
use crate::core::{NodeIx, Plan, ROOT};

/// What siblings are sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// The figure of the quota.
    Value,
    /// The name (by character, case-insensitive).
    Name,
    /// The share of the parent's figure (among siblings the same order as
    /// the figure; ties by name).
    Share,
    /// What a parent has left unallocated (leaves count as 0).
    Remainder,
}

/// A sort of siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// By what.
    pub key: SortKey,
    /// Of which quota kind (for figures, shares and remainders).
    pub kind: usize,
    /// Of which batches.
    pub sel: Sel,
    /// Largest first.
    pub descending: bool,
}

/// Which nodes a filtered table keeps (with their ancestors).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Filter {
    /// Every node.
    #[default]
    All,
    /// Parents with something unallocated in any quota.
    Unallocated,
    /// Parents over-allocated in any quota.
    Over,
    /// Parents unallocated or over-allocated in any quota.
    Problems,
    /// Locked nodes.
    Locked,
    /// Nodes whose name or id contains the text (case-insensitive).
    Text(String),
}

impl Filter {
    /// Whether it keeps parents for what they have left.
    fn is_about_remainders(&self) -> bool {
        matches!(self, Filter::Unallocated | Filter::Over | Filter::Problems)
    }

    /// Whether a remainder counts for a remainder filter.
    fn counts(&self, parent: bool, r: i128) -> bool {
        parent
            && match self {
                Filter::Unallocated => r > 0,
                Filter::Over => r < 0,
                Filter::Problems => r != 0,
                _ => false,
            }
    }

    /// Whether node `n` is kept for itself.
    fn keeps(&self, plan: &Plan, n: NodeIx, lower: &str) -> bool {
        let nq = plan.quotas().len();
        let rem = |pred: fn(i128) -> bool| {
            plan.is_parent(n) && (0..nq).any(|q| pred(plan.remainder(n, q)))
        };
        match self {
            Filter::All => true,
            Filter::Unallocated => rem(|r| r > 0),
            Filter::Over => rem(|r| r < 0),
            Filter::Problems => rem(|r| r != 0),
            Filter::Locked => plan.node(n).locked,
            Filter::Text(_) => {
                n != ROOT
                    && (plan.node(n).name.to_lowercase().contains(lower)
                        || plan.node(n).id.to_lowercase().contains(lower))
            }
        }
    }
}

/// How the rows are ordered and which are kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Order {
    /// Siblings sorted, or in the plan's order.
    pub sort: Option<Sort>,
    /// The rows kept.
    pub filter: Filter,
}

impl Order {
    /// Whether the rows depend on the figures.
    fn depends_on_figures(&self) -> bool {
        self.sort.is_some() || self.filter != Filter::All
    }

    /// Compare two siblings.
    pub(crate) fn compare(sort: Sort, plan: &Plan, a: NodeIx, b: NodeIx) -> Ordering {
        let k = sort.kind.min(plan.layout().kinds().len().saturating_sub(1));
        let name = |n: NodeIx| plan.node(n).name.to_lowercase();
        let rem = |n: NodeIx| {
            if plan.is_parent(n) {
                plan.figure_remainder(n, k, sort.sel)
            } else {
                0
            }
        };
        let by = match sort.key {
            SortKey::Value | SortKey::Share => plan
                .figure(a, k, sort.sel)
                .cmp(&plan.figure(b, k, sort.sel)),
            SortKey::Name => Ordering::Equal,
            SortKey::Remainder => rem(a).cmp(&rem(b)),
        };
        let by = if sort.descending { by.reverse() } else { by };
        let names = natural(&name(a), &name(b));
        let names = if sort.key == SortKey::Name && sort.descending {
            names.reverse()
        } else {
            names
        };
        by.then(names)
    }
}

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
    /// A node only in the reference plan, greyed where it would be.
    Ghost {
        /// The plan node it sits under.
        parent: NodeIx,
        /// The node in the reference plan.
        rix: NodeIx,
        /// Its depth in the table.
        depth: usize,
    },
}

/// The nodes of a reference plan that the plan lacks, by the plan node
/// they sit under (their reference parent, or the nearest one the plan
/// has), each with its depth below it, in the reference's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ghosts {
    under: std::collections::HashMap<NodeIx, Vec<(NodeIx, usize)>>,
}

impl Ghosts {
    /// The nodes of `reference` that `plan` lacks (matched by id).
    pub fn new(plan: &Plan, reference: &Plan) -> Self {
        let mut under: std::collections::HashMap<NodeIx, Vec<(NodeIx, usize)>> =
            std::collections::HashMap::new();
        // Each reference node: the plan node it maps to, or its ghost's
        // anchor and depth below it.
        let mut place: std::collections::HashMap<NodeIx, (NodeIx, usize)> =
            std::collections::HashMap::new();
        for r in reference.preorder() {
            if r == ROOT {
                place.insert(r, (ROOT, 0));
                continue;
            }
            if let Some(n) = plan.find(&reference.node(r).id) {
                place.insert(r, (n, 0));
                continue;
            }
            let parent = reference.parent(r).unwrap_or(ROOT);
            let (anchor, d) = place.get(&parent).copied().unwrap_or((ROOT, 0));
            place.insert(r, (anchor, d + 1));
            under.entry(anchor).or_default().push((r, d + 1));
        }
        Self { under }
    }

    /// The ghosts under plan node `n`.
    pub fn under(&self, n: NodeIx) -> &[(NodeIx, usize)] {
        self.under.get(&n).map_or(&[], Vec::as_slice)
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.under.values().map(Vec::len).sum()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.under.is_empty()
    }
}

impl Row {
    /// The node the row is about (for a remainder line: its parent).
    pub fn node(self) -> NodeIx {
        match self {
            Row::Node { ix, .. } => ix,
            Row::Rest { parent, .. } | Row::Ghost { parent, .. } => parent,
        }
    }
}

/// Names compared as people read them: runs of digits by their number
/// (`Enterprise 2` before `Enterprise 10`), the rest by character.
pub fn natural(left: &str, right: &str) -> Ordering {
    /// The digits from here on.
    fn digits(it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
        let mut run = String::new();
        while let Some(&ch) = it.peek().filter(|ch| ch.is_ascii_digit()) {
            run.push(ch);
            it.next();
        }
        run
    }
    let (mut one, mut two) = (left.chars().peekable(), right.chars().peekable());
    loop {
        match (one.peek().copied(), two.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c1), Some(c2)) if c1.is_ascii_digit() && c2.is_ascii_digit() => {
                let (run1, run2) = (digits(&mut one), digits(&mut two));
                let (num1, num2) = (run1.trim_start_matches('0'), run2.trim_start_matches('0'));
                let by = num1.len().cmp(&num2.len()).then_with(|| num1.cmp(num2));
                if by != Ordering::Equal {
                    return by;
                }
            }
            (Some(c1), Some(c2)) => {
                if c1 != c2 {
                    return c1.cmp(&c2);
                }
                one.next();
                two.next();
            }
        }
    }
}

/// Which nodes are expanded, and the rows that follow from it.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    expanded: HashSet<NodeIx>,
    list: Vec<Row>,
    built_for: Option<(u64, u64, u64)>,
    expand_version: u64,
    order: Order,
    /// While filtered: the nodes shown (kept, or leading to one kept).
    shown: Option<HashSet<NodeIx>>,
    /// While filtered: what the filter found (problem cells, or nodes).
    found: usize,
    /// While filtered: nodes opened or closed by hand (an opened node
    /// shows all its children).
    overrides: std::collections::HashMap<NodeIx, bool>,
    /// The nodes whose children the rows show.
    open: HashSet<NodeIx>,
    /// The nodes of a reference plan that the plan lacks.
    ghosts: Option<Ghosts>,
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

    /// Whether `n`'s children are shown (after [`Rows::refresh`], while
    /// filtered).
    pub fn is_expanded(&self, n: NodeIx) -> bool {
        if n == ROOT {
            return true;
        }
        if self.order.filter == Filter::All {
            self.expanded.contains(&n)
        } else {
            self.open.contains(&n)
        }
    }

    /// Show or hide `n`'s children (while filtered: all of them, or none).
    pub fn set_expanded(&mut self, n: NodeIx, open: bool) {
        if n == ROOT {
            return;
        }
        let changed = if self.order.filter != Filter::All {
            self.overrides.insert(n, open) != Some(open)
        } else if open {
            self.expanded.insert(n)
        } else {
            self.expanded.remove(&n)
        };
        if changed {
            self.expand_version += 1;
        }
    }

    /// Show the nodes only in a reference plan (None: no reference).
    pub fn set_ghosts(&mut self, ghosts: Option<Ghosts>) {
        if ghosts != self.ghosts {
            self.ghosts = ghosts;
            self.expand_version += 1;
        }
    }

    /// How the rows are ordered and filtered.
    pub fn order(&self) -> &Order {
        &self.order
    }

    /// Sort and filter the rows (the plan is not changed).
    pub fn set_order(&mut self, order: Order) {
        if order != self.order {
            if order.filter != self.order.filter {
                self.overrides.clear();
            }
            self.order = order;
            self.expand_version += 1;
        }
    }

    /// Open every node that has children (while filtered: as the filter
    /// opens them).
    pub fn expand_all(&mut self, plan: &Plan) {
        if self.order.filter == Filter::All {
            self.expanded = plan
                .preorder()
                .filter(|&n| n != ROOT && !plan.children(n).is_empty())
                .collect();
        } else {
            self.overrides.clear();
        }
        self.expand_version += 1;
    }

    /// Close every node.
    pub fn collapse_all(&mut self) {
        if self.order.filter == Filter::All {
            self.expanded.clear();
        } else {
            let open: Vec<NodeIx> = self.open.iter().copied().collect();
            self.overrides = open.into_iter().map(|n| (n, false)).collect();
        }
        self.expand_version += 1;
    }

    /// Open the ancestors of `n` so that it is shown (while filtered, a
    /// node the filter hides is shown by opening its ancestors by hand).
    pub fn reveal(&mut self, plan: &Plan, n: NodeIx) {
        if self.order.filter != Filter::All {
            self.refresh(plan);
            if self.position(n).is_some() {
                return;
            }
        }
        let mut cur = plan.parent(n);
        while let Some(p) = cur {
            self.set_expanded(p, true);
            cur = plan.parent(p);
        }
    }

    /// Rebuild the rows if the plan's shape, the expansion or the order
    /// changed since the last build (or, while sorted or filtered, any
    /// figure). Returns whether it rebuilt.
    pub fn refresh(&mut self, plan: &Plan) -> bool {
        let content = if self.order.depends_on_figures() {
            plan.content_version()
        } else {
            0
        };
        let key = (plan.structure_version(), self.expand_version, content);
        if self.built_for == Some(key) {
            return false;
        }
        self.built_for = Some(key);
        self.shown = self.kept(plan);
        self.list.clear();
        self.open.clear();
        let filter = &self.order.filter;
        // Entries: a node to emit, or the closing remainder line of a parent.
        let mut stack: Vec<Row> = vec![Row::Node { ix: ROOT, depth: 0 }];
        let mut kids: Vec<NodeIx> = Vec::new();
        while let Some(entry) = stack.pop() {
            self.list.push(entry);
            let Row::Node { ix, depth } = entry else {
                continue;
            };
            let ghosts = self.ghosts.as_ref().map_or(&[][..], |g| g.under(ix));
            if !plan.is_parent(ix) && ghosts.is_empty() {
                continue;
            }
            // A filtered table opens what leads to the nodes it keeps, and
            // a parent kept for its remainder shows its "unallocated" line;
            // a node opened by hand shows all its children.
            let (open, all) = match &self.shown {
                Some(shown) => {
                    let by_filter = ix == ROOT
                        || plan.children(ix).iter().any(|c| shown.contains(c))
                        || (filter.is_about_remainders() && filter.keeps(plan, ix, ""));
                    match self.overrides.get(&ix) {
                        Some(&o) => (o, o),
                        None => (by_filter, false),
                    }
                }
                None => (
                    ix == ROOT || !plan.is_parent(ix) || self.expanded.contains(&ix),
                    true,
                ),
            };
            if !open {
                continue;
            }
            self.open.insert(ix);
            if plan.is_parent(ix) {
                stack.push(Row::Rest {
                    parent: ix,
                    depth: depth + 1,
                });
            }
            stack.extend(ghosts.iter().rev().map(|&(rix, d)| Row::Ghost {
                parent: ix,
                rix,
                depth: depth + d,
            }));
            kids.clear();
            // Children the filter keeps, and those opened by hand (to show a
            // node the filter hides).
            kids.extend(plan.children(ix).iter().copied().filter(|c| {
                all || self.shown.as_ref().is_none_or(|s| s.contains(c))
                    || self.overrides.get(c) == Some(&true)
            }));
            if let Some(sort) = self.order.sort {
                kids.sort_by(|&a, &b| Order::compare(sort, plan, a, b));
            }
            stack.extend(kids.iter().rev().map(|&c| Row::Node {
                ix: c,
                depth: depth + 1,
            }));
        }
        true
    }

    /// While filtered: the nodes the filter keeps and their ancestors; and
    /// counts what it found.
    fn kept(&mut self, plan: &Plan) -> Option<HashSet<NodeIx>> {
        let filter = &self.order.filter;
        if *filter == Filter::All {
            return None;
        }
        let lower = match filter {
            Filter::Text(t) => t.to_lowercase(),
            _ => String::new(),
        };
        let nq = plan.quotas().len();
        let mut found = 0;
        let mut shown = HashSet::new();
        for n in plan.preorder() {
            // The remainder filters count cells, as the header does.
            if filter.is_about_remainders() {
                found += (0..nq)
                    .filter(|&q| filter.counts(plan.is_parent(n), plan.remainder(n, q)))
                    .count();
            }
            if n == ROOT || !filter.keeps(plan, n, &lower) {
                continue;
            }
            if !filter.is_about_remainders() {
                found += 1;
            }
            let mut cur = Some(n);
            while let Some(c) = cur {
                if c == ROOT || !shown.insert(c) {
                    break;
                }
                cur = plan.parent(c);
            }
        }
        self.found = found;
        Some(shown)
    }

    /// While filtered, what the filter found: the problem cells (as the
    /// header counts them), or the nodes kept.
    pub fn filtered_count(&self) -> Option<usize> {
        self.shown.as_ref().map(|_| self.found)
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
    use crate::storage::example_2018 as sample;

    #[test]
    fn names_sort_as_people_read_them() {
        let mut v = vec![
            "Enterprise 10",
            "Enterprise 2",
            "Enterprise 1101",
            "enterprise 02x",
            "A",
        ];
        v.sort_by(|a, b| natural(&a.to_lowercase(), &b.to_lowercase()));
        assert_eq!(
            v,
            [
                "A",
                "Enterprise 2",
                "enterprise 02x",
                "Enterprise 10",
                "Enterprise 1101"
            ]
        );
    }

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
