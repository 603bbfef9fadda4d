//! The plan model: an arena of nodes under a national root, with the sums kept
//! incrementally so that an edit costs the path it touches, not the whole plan.
//!
//! Every change to a [`Plan`] goes through [`Plan::apply`], which performs one
//! primitive [`Change`] and returns its exact inverse. The operations in
//! [`super::ops`] build undoable steps out of these primitives.

use super::cow::{Chunked, IdIndex, Rows, SparseRows};
use super::layout::{Layout, Sel};

/// Index of a node in the plan's arena. Stable for the life of the plan: slots
/// are never reused, so undo and redo can refer to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeIx(pub usize);

/// The national root; its values are the quotas' national totals.
pub const ROOT: NodeIx = NodeIx(0);

/// The name the core gives the top of a plan (not a sentence: a key the
/// interface puts into words, `say::node`).
pub const ROOT_NAME: &str = "national";

/// The deepest level a node may sit at (top-level nodes are at 1). Real
/// plans go down to county and mine, five or six levels; the limit keeps
/// every plan loadable and every walk of it cheap.
pub const MAX_DEPTH: usize = 50;

/// A value column's label: a quota kind's id and name, with the batch's
/// when the plan has batches (see [`super::layout::Layout::label`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Quota {
    /// Short identifier used in files (`rock`).
    pub id: String,
    /// Human name (`Rock-type mining`).
    pub name: String,
}

/// Descriptive fields of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// Title shown in headers and reports.
    pub title: Option<String>,
    /// The year the indicators are for.
    pub year: Option<i64>,
    /// Unit of all amounts, such as `t REO`.
    pub unit: Option<String>,
    /// Names of the depths below the national level.
    pub levels: Vec<String>,
}

impl Default for Meta {
    fn default() -> Self {
        Self {
            title: None,
            year: None,
            unit: None,
            levels: vec!["Province".to_owned(), "Enterprise".to_owned()],
        }
    }
}

/// One node of the tree (a province, group, enterprise, ...).
#[derive(Debug, Clone)]
pub struct Node {
    /// Identifier, unique in the plan (empty for the national root).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether redistribution leaves this node's values alone.
    pub locked: bool,
    /// Free-text note.
    pub note: Option<String>,
    children: Vec<NodeIx>,
    /// The parent's index, or [`NO_PARENT`] (4 bytes, not 16: a million
    /// nodes carry one each).
    parent: u32,
    attached: bool,
}

/// No parent (the root, or a node not in the tree).
const NO_PARENT: u32 = u32::MAX;

impl Node {
    /// The parent, if any.
    fn up(&self) -> Option<NodeIx> {
        (self.parent != NO_PARENT).then_some(NodeIx(self.parent as usize))
    }

    /// Set the parent.
    fn set_up(&mut self, parent: Option<NodeIx>) {
        self.parent = parent.map_or(NO_PARENT, |p| {
            u32::try_from(p.0)
                .ok()
                .filter(|&p| p != NO_PARENT)
                .expect("fewer than 2^32 nodes")
        });
    }

    pub(crate) fn new(id: String, name: String) -> Self {
        Self {
            id,
            name,
            locked: false,
            note: None,
            children: Vec::new(),
            parent: NO_PARENT,
            attached: false,
        }
    }
}

/// Running totals of remainders of one quota over all parents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuotaStats {
    /// Sum of positive remainders (unallocated tonnes) over all parents.
    pub unallocated: u128,
    /// Number of parents with a positive remainder.
    pub unallocated_count: usize,
    /// Sum of the magnitudes of negative remainders (over-allocated tonnes).
    pub over: u128,
    /// Number of parents that are over-allocated.
    pub over_count: usize,
}

/// Which descriptive field a [`Change::Meta`] sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaField {
    /// The title.
    Title(Option<String>),
    /// The year.
    Year(Option<i64>),
    /// The unit.
    Unit(Option<String>),
    /// The level names.
    Levels(Vec<String>),
}

/// A primitive, always-applicable change. Validation happens before, in the
/// operations; applying one returns its exact inverse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Set one value of one node (for the root: a quota's national total).
    Value {
        /// Node.
        node: NodeIx,
        /// Quota index.
        quota: usize,
        /// New value.
        value: u64,
    },
    /// Lock or unlock a node.
    Locked {
        /// Node.
        node: NodeIx,
        /// New lock state.
        locked: bool,
    },
    /// Rename a node.
    Name {
        /// Node.
        node: NodeIx,
        /// New name.
        name: String,
    },
    /// Change a node's id.
    Id {
        /// Node.
        node: NodeIx,
        /// New id.
        id: String,
    },
    /// Set or clear a node's note.
    Note {
        /// Node.
        node: NodeIx,
        /// New note.
        note: Option<String>,
    },
    /// Hang a detached node (with its subtree) under `parent` at `index`.
    Attach {
        /// Node.
        node: NodeIx,
        /// New parent.
        parent: NodeIx,
        /// Position among the parent's children.
        index: usize,
    },
    /// Take a node (with its subtree) out of the tree.
    Detach {
        /// Node.
        node: NodeIx,
    },
    /// Move an attached node to another parent or position.
    Move {
        /// Node.
        node: NodeIx,
        /// New parent.
        parent: NodeIx,
        /// Position among the new parent's children (after removal).
        index: usize,
    },
    /// Insert a quota kind at `index`, with a value per arena slot (missing
    /// slots get 0).
    InsertQuota {
        /// Position among the quotas.
        index: usize,
        /// The quota.
        quota: Quota,
        /// Values by arena slot.
        values: Vec<u64>,
    },
    /// Remove the quota kind at `index` with all its values.
    RemoveQuota {
        /// Position among the quotas.
        index: usize,
    },
    /// Replace the kinds and batches (the columns are inserted and removed
    /// with [`Change::InsertQuota`] and [`Change::RemoveQuota`] in the same
    /// step; their labels follow the layout).
    Layout(Box<Layout>),
    /// Set a descriptive field.
    Meta(MetaField),
}

/// A quota plan: quota kinds with national totals and a tree of nodes sharing
/// them out.
#[derive(Debug, Clone)]
pub struct Plan {
    meta: Meta,
    layout: Layout,
    /// The value columns' ids and names (one per stored kind and batch).
    quotas: Vec<Quota>,
    /// The nodes by slot, in chunks shared between copies of the plan.
    nodes: Chunked<Node>,
    index: IdIndex,
    stats: Vec<QuotaStats>,
    structure: u64,
    /// Changes whenever a node's name or id changes.
    names: u64,
    /// Changes whenever anything changes.
    content: u64,
    /// Values by slot and quota: a row of quotas per slot (flat rows
    /// rather than a vector per node: less memory, better locality), in
    /// chunks shared between copies.
    vals: Rows<u64>,
    /// Sums of the children's values, laid out like `vals`.
    sums: SparseRows<u128>,
}

impl Plan {
    /// A plan with the given quota kinds (totals all 0), no batches and no
    /// nodes.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "callers build the list for it"
    )]
    pub fn new(meta: Meta, quotas: Vec<Quota>) -> Self {
        let kinds = quotas
            .iter()
            .map(|q| super::layout::Kind::stored(&q.id, &q.name))
            .collect();
        Self::with_layout(meta, Layout::new(kinds, Vec::new()))
    }

    /// A plan of `layout`'s kinds and batches (totals all 0) and no nodes.
    pub fn with_layout(meta: Meta, layout: Layout) -> Self {
        let quotas: Vec<Quota> = (0..layout.columns())
            .map(|c| {
                let (id, name) = layout.label(c);
                Quota { id, name }
            })
            .collect();
        let n = quotas.len();
        let mut root = Node::new(String::new(), ROOT_NAME.to_owned());
        root.attached = true;
        let mut nodes = Chunked::new();
        nodes.push(root);
        let mut vals = Rows::new(n);
        vals.push_filled(&0);
        let mut sums = SparseRows::new(n);
        sums.push_zeros();
        Self {
            meta,
            layout,
            quotas,
            nodes,
            index: IdIndex::new(),
            stats: vec![QuotaStats::default(); n],
            structure: 0,
            names: 0,
            content: 0,
            vals,
            sums,
        }
    }

    /// A counter that changes whenever nodes are added, removed or moved, or
    /// quota kinds added or removed (for views that cache the tree's shape).
    pub fn structure_version(&self) -> u64 {
        self.structure
    }

    /// A counter that changes whenever a node is renamed or given another
    /// id (for an index of the names, with [`Self::structure_version`]).
    pub fn names_version(&self) -> u64 {
        self.names
    }

    /// A counter that changes with every change of any kind (for views
    /// that depend on the figures: a sorted or filtered table).
    pub fn content_version(&self) -> u64 {
        self.content
    }

    /// Descriptive fields.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The value columns, in order: one per stored quota kind and batch
    /// (without batches, the quota kinds). The engine works on these.
    pub fn quotas(&self) -> &[Quota] {
        &self.quotas
    }

    /// The quota kinds and batches, and how the columns follow from them.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The figure of `n` for kind `kind` in `sel` (a derived kind: the sum
    /// of its parts; the cumulative: the sum over the batches).
    pub fn figure(&self, n: NodeIx, kind: usize, sel: Sel) -> u128 {
        self.layout
            .columns_of(kind, sel)
            .into_iter()
            .map(|c| u128::from(self.value(n, c)))
            .sum()
    }

    /// What `n` has left of kind `kind` in `sel`: the sum of the remainders
    /// of the columns the figure adds up.
    pub fn figure_remainder(&self, n: NodeIx, kind: usize, sel: Sel) -> i128 {
        self.layout
            .columns_of(kind, sel)
            .into_iter()
            .map(|c| self.remainder(n, c))
            .sum()
    }

    /// The unit of kind `kind`: its own, else the plan's.
    pub fn kind_unit(&self, kind: usize) -> &str {
        self.layout.kinds()[kind]
            .unit
            .as_deref()
            .unwrap_or_else(|| self.unit_label())
    }

    /// The unit of column `col`.
    pub fn column_unit(&self, col: usize) -> &str {
        self.kind_unit(self.layout.column_of(col).0)
    }

    /// Position of the quota with this id.
    pub fn quota_index(&self, id: &str) -> Option<usize> {
        self.quotas.iter().position(|q| q.id == id)
    }

    /// The unit for messages (`t` when the plan names none).
    pub fn unit_label(&self) -> &str {
        self.meta.unit.as_deref().unwrap_or("t")
    }

    /// A node by index. Panics on an index that was never handed out.
    pub fn node(&self, n: NodeIx) -> &Node {
        &self.nodes[n.0]
    }

    /// Whether `n` is a slot of this plan that is currently in the tree.
    pub fn is_live(&self, n: NodeIx) -> bool {
        self.nodes.get(n.0).is_some_and(|x| x.attached)
    }

    /// Number of arena slots (live or not); indices are below this.
    pub fn slot_count(&self) -> usize {
        self.nodes.len()
    }

    /// The node with this id, if it is in the tree.
    pub fn find(&self, id: &str) -> Option<NodeIx> {
        self.index.get(id, &self.nodes)
    }

    /// Children of `n`, in order.
    pub fn children(&self, n: NodeIx) -> &[NodeIx] {
        &self.nodes[n.0].children
    }

    /// Parent of `n` (None for the root or a detached node).
    pub fn parent(&self, n: NodeIx) -> Option<NodeIx> {
        self.nodes[n.0].up()
    }

    /// Value of `n` for quota `q` (for the root: the national total).
    pub fn value(&self, n: NodeIx, q: usize) -> u64 {
        *self.vals.get(n.0, q)
    }

    /// Value of `n` for quota `q`, or 0 when there is no such cell (a
    /// node or column of an earlier layout).
    pub fn value_or_zero(&self, n: NodeIx, q: usize) -> u64 {
        if n.0 >= self.nodes.len() || q >= self.quotas.len() {
            return 0;
        }
        self.values(n)[q]
    }

    /// All values of `n`, by quota.
    pub fn values(&self, n: NodeIx) -> &[u64] {
        self.vals.row(n.0)
    }

    /// Sum of the children's values of `n` for quota `q`.
    pub fn allocated(&self, n: NodeIx, q: usize) -> u128 {
        *self.sums.get(n.0, q)
    }

    /// Value minus allocated: positive is unallocated, negative over-allocated.
    pub fn remainder(&self, n: NodeIx, q: usize) -> i128 {
        i128::from(*self.vals.get(n.0, q)) - to_i128(*self.sums.get(n.0, q))
    }

    /// Whether `n`'s remainder counts for balance: the root always, other
    /// nodes when they have children.
    pub fn is_parent(&self, n: NodeIx) -> bool {
        n == ROOT || !self.nodes[n.0].children.is_empty()
    }

    /// Depth of `n` (0 for the root).
    pub fn depth(&self, n: NodeIx) -> usize {
        let mut d = 0;
        let mut cur = n;
        while let Some(p) = self.nodes[cur.0].up() {
            d += 1;
            cur = p;
        }
        d
    }

    /// Number of levels in `n`'s subtree below it (0 for a leaf).
    pub fn height(&self, n: NodeIx) -> usize {
        let mut best = 0;
        let mut stack = vec![(n, 0usize)];
        while let Some((x, h)) = stack.pop() {
            best = best.max(h);
            stack.extend(self.nodes[x.0].children.iter().map(|&c| (c, h + 1)));
        }
        best
    }

    /// Indices from the root's first child down to `n` (empty for the root).
    pub fn ancestry(&self, n: NodeIx) -> Vec<NodeIx> {
        let mut out = Vec::new();
        let mut cur = n;
        while let Some(p) = self.nodes[cur.0].up() {
            out.push(cur);
            cur = p;
        }
        out.reverse();
        out
    }

    /// Whether `a` is `b` or an ancestor of `b`.
    pub fn is_ancestor_or_self(&self, a: NodeIx, b: NodeIx) -> bool {
        let mut cur = Some(b);
        while let Some(c) = cur {
            if c == a {
                return true;
            }
            cur = self.nodes[c.0].up();
        }
        false
    }

    /// A display name: `national` for the root, else the node's name.
    pub fn display_name(&self, n: NodeIx) -> &str {
        &self.nodes[n.0].name
    }

    /// Names from the root down, for messages (`national / Sichuan 四川`).
    pub fn path_names(&self, n: NodeIx) -> Vec<&str> {
        let mut v = vec![self.display_name(ROOT)];
        v.extend(self.ancestry(n).into_iter().map(|x| self.display_name(x)));
        v
    }

    /// Ids from the first level down (empty for the root).
    pub fn path_ids(&self, n: NodeIx) -> Vec<&str> {
        self.ancestry(n)
            .into_iter()
            .map(|x| self.nodes[x.0].id.as_str())
            .collect()
    }

    /// Running totals of remainders for quota `q`.
    pub fn stats(&self, q: usize) -> QuotaStats {
        self.stats[q]
    }

    /// No parent anywhere is over-allocated.
    pub fn is_consistent(&self) -> bool {
        self.stats.iter().all(|s| s.over_count == 0)
    }

    /// Every parent's remainder is 0.
    pub fn is_balanced(&self) -> bool {
        self.stats
            .iter()
            .all(|s| s.over_count == 0 && s.unallocated_count == 0)
    }

    /// All live nodes in tree order (pre-order), the root first.
    pub fn preorder(&self) -> Preorder<'_> {
        Preorder {
            plan: self,
            stack: vec![ROOT],
        }
    }

    /// `n` and its subtree in tree order.
    pub fn preorder_from(&self, n: NodeIx) -> Preorder<'_> {
        Preorder {
            plan: self,
            stack: vec![n],
        }
    }

    /// One more than the highest node index in use (removed nodes keep
    /// their slots): for vectors indexed by node.
    pub fn slots(&self) -> usize {
        self.nodes.len()
    }

    /// Number of live nodes, the root included.
    pub fn len(&self) -> usize {
        self.index.len() + 1
    }

    /// Whether the plan has no nodes besides the root.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The least value `n` can be brought to by proportional scaling of its
    /// subtree: what locked nodes below it hold (a locked node counts whole).
    pub fn floor(&self, n: NodeIx, q: usize) -> u128 {
        let node = &self.nodes[n.0];
        if node.children.is_empty() {
            return 0;
        }
        let mut sum: u128 = 0;
        for &c in &node.children {
            let child = &self.nodes[c.0];
            let part = if child.locked {
                u128::from(self.value(c, q))
            } else {
                self.floor(c, q)
            };
            // Exact: 2^64 children of 2^64 each would still fit.
            sum = sum.saturating_add(part);
        }
        sum
    }

    /// How far `n`'s value can go down before the locked nodes under it
    /// stop it: its value less its [`floor`](Self::floor) (0 when locked
    /// nodes under it already hold more).
    pub fn slack(&self, n: NodeIx, q: usize) -> u64 {
        let v = u128::from(self.value(n, q));
        u64::try_from(v.saturating_sub(self.floor(n, q))).unwrap_or(0)
    }

    /// Add a new detached node and return its index; hang it with
    /// [`Change::Attach`].
    pub(crate) fn create(&mut self, id: String, name: String) -> NodeIx {
        let ix = NodeIx(self.nodes.len());
        self.nodes.push(Node::new(id, name));
        self.vals.push_filled(&0);
        self.sums.push_zeros();
        ix
    }

    /// Add a new detached node with its values, lock and note (loading).
    pub(crate) fn create_with(
        &mut self,
        id: String,
        name: String,
        values: &[u64],
        locked: bool,
        note: Option<String>,
    ) -> NodeIx {
        debug_assert_eq!(values.len(), self.quotas.len());
        let ix = NodeIx(self.nodes.len());
        self.nodes.push(Node {
            id,
            name,
            locked,
            note,
            children: Vec::new(),
            parent: NO_PARENT,
            attached: false,
        });
        self.vals.push_row(values);
        self.sums.push_zeros();
        ix
    }

    /// Give new node `n` (created, not yet attached) its id in the index,
    /// before it is attached: false when another node has the id. For
    /// loaders (one look into the index instead of a find and an insert).
    pub(crate) fn claim_id(&mut self, n: NodeIx) -> bool {
        self.index.insert_new(n, &self.nodes)
    }

    /// Attach new node `n` (created, its id claimed with [`Self::claim_id`])
    /// as the last child of `parent`, for loaders: as
    /// [`Change::Attach`] does, except that the counts of remainders are
    /// left for [`Self::recount`] once everything is loaded (a parent's
    /// remainder changes with each child; counted once, not each time).
    pub(crate) fn attach_loaded(&mut self, n: NodeIx, parent: NodeIx) {
        debug_assert!(!self.nodes[n.0].attached && self.nodes[parent.0].attached);
        debug_assert!(self.nodes[n.0].children.is_empty());
        self.content += 1;
        self.structure += 1;
        self.add_to_sums(parent, n, true);
        self.nodes[parent.0].children.push(n);
        let node = &mut self.nodes[n.0];
        node.set_up(Some(parent));
        node.attached = true;
    }

    /// Count every remainder again, after [`Self::attach_loaded`].
    pub(crate) fn recount(&mut self) {
        for s in &mut self.stats {
            *s = QuotaStats::default();
        }
        for i in 0..self.nodes.len() {
            if self.nodes[i].attached && self.is_parent(NodeIx(i)) {
                self.count_all(NodeIx(i));
            }
        }
    }

    /// Set values on a detached node being built (loading, adding).
    pub(crate) fn init_detached(&mut self, n: NodeIx, values: &[u64], locked: bool) {
        debug_assert!(!self.nodes[n.0].attached && values.len() == self.quotas.len());
        self.vals.row_mut(n.0).copy_from_slice(values);
        self.nodes[n.0].locked = locked;
    }

    /// Set a detached node's note.
    pub(crate) fn init_note(&mut self, n: NodeIx, note: Option<String>) {
        self.nodes[n.0].note = note;
    }

    /// Apply one primitive change and return its inverse.
    pub fn apply(&mut self, change: Change) -> Change {
        self.content += 1;
        if matches!(
            change,
            Change::Attach { .. }
                | Change::Detach { .. }
                | Change::Move { .. }
                | Change::InsertQuota { .. }
                | Change::RemoveQuota { .. }
                | Change::Layout(_)
        ) {
            self.structure += 1;
        }
        if matches!(change, Change::Name { .. } | Change::Id { .. }) {
            self.names += 1;
        }
        match change {
            Change::Value { node, quota, value } => {
                let old = self.set_value(node, quota, value);
                Change::Value {
                    node,
                    quota,
                    value: old,
                }
            }
            Change::Locked { node, locked } => {
                let old = std::mem::replace(&mut self.nodes[node.0].locked, locked);
                Change::Locked { node, locked: old }
            }
            Change::Name { node, name } => {
                let old = std::mem::replace(&mut self.nodes[node.0].name, name);
                Change::Name { node, name: old }
            }
            Change::Id { node, id } => {
                // The index finds a node by the id the node has: out
                // under the old id, back in under the new one.
                let attached = self.nodes[node.0].attached;
                if attached {
                    self.index.remove(&self.nodes[node.0].id, &self.nodes);
                }
                let old = std::mem::replace(&mut self.nodes[node.0].id, id);
                if attached {
                    self.index.insert(node, &self.nodes);
                }
                Change::Id { node, id: old }
            }
            Change::Note { node, note } => {
                let old = std::mem::replace(&mut self.nodes[node.0].note, note);
                Change::Note { node, note: old }
            }
            Change::Attach {
                node,
                parent,
                index,
            } => {
                self.attach(node, parent, index);
                Change::Detach { node }
            }
            Change::Detach { node } => {
                let (parent, index) = self.detach(node);
                Change::Attach {
                    node,
                    parent,
                    index,
                }
            }
            Change::Move {
                node,
                parent,
                index,
            } => {
                let (old_parent, old_index) = self.move_node(node, parent, index);
                Change::Move {
                    node,
                    parent: old_parent,
                    index: old_index,
                }
            }
            Change::InsertQuota {
                index,
                quota,
                values,
            } => {
                self.insert_quota(index, quota, &values);
                self.relabel();
                Change::RemoveQuota { index }
            }
            Change::RemoveQuota { index } => {
                let (quota, values) = self.remove_quota(index);
                self.relabel();
                Change::InsertQuota {
                    index,
                    quota,
                    values,
                }
            }
            Change::Layout(layout) => {
                let old = std::mem::replace(&mut self.layout, *layout);
                self.relabel();
                Change::Layout(Box::new(old))
            }
            Change::Meta(field) => Change::Meta(self.set_meta(field)),
        }
    }

    /// Name the columns after the layout, once the columns and the layout
    /// agree (within a step that changes both, they agree at its end).
    fn relabel(&mut self) {
        if self.quotas.len() == self.layout.columns() {
            for c in 0..self.quotas.len() {
                let (id, name) = self.layout.label(c);
                self.quotas[c] = Quota { id, name };
            }
        }
    }

    fn set_meta(&mut self, field: MetaField) -> MetaField {
        match field {
            MetaField::Title(v) => MetaField::Title(std::mem::replace(&mut self.meta.title, v)),
            MetaField::Year(v) => MetaField::Year(std::mem::replace(&mut self.meta.year, v)),
            MetaField::Unit(v) => MetaField::Unit(std::mem::replace(&mut self.meta.unit, v)),
            MetaField::Levels(v) => MetaField::Levels(std::mem::replace(&mut self.meta.levels, v)),
        }
    }

    /// Remainder as counted in the stats (0 for a node that is not a parent
    /// or not in the tree).
    fn counted(&self, n: NodeIx, q: usize) -> i128 {
        if self.nodes[n.0].attached && self.is_parent(n) {
            self.remainder(n, q)
        } else {
            0
        }
    }

    fn count(&mut self, q: usize, r: i128, sign: bool) {
        let s = &mut self.stats[q];
        let mag = r.unsigned_abs();
        match (r.signum(), sign) {
            (1, true) => {
                s.unallocated += mag;
                s.unallocated_count += 1;
            }
            (1, false) => {
                s.unallocated -= mag;
                s.unallocated_count -= 1;
            }
            (-1, true) => {
                s.over += mag;
                s.over_count += 1;
            }
            (-1, false) => {
                s.over -= mag;
                s.over_count -= 1;
            }
            _ => {}
        }
    }

    fn uncount_all(&mut self, n: NodeIx) {
        for q in 0..self.quotas.len() {
            let r = self.counted(n, q);
            self.count(q, r, false);
        }
    }

    fn count_all(&mut self, n: NodeIx) {
        for q in 0..self.quotas.len() {
            let r = self.counted(n, q);
            self.count(q, r, true);
        }
    }

    #[allow(
        clippy::many_single_char_names,
        reason = "n, q, p, r, i as everywhere here"
    )]
    fn set_value(&mut self, n: NodeIx, q: usize, value: u64) -> u64 {
        let parent = self.nodes[n.0].up();
        let r = self.counted(n, q);
        self.count(q, r, false);
        if let Some(p) = parent {
            let r = self.counted(p, q);
            self.count(q, r, false);
        }
        let old = std::mem::replace(self.vals.get_mut(n.0, q), value);
        if let Some(p) = parent {
            let a = self.sums.get_mut(p.0, q);
            *a = *a - u128::from(old) + u128::from(value);
            let r = self.counted(p, q);
            self.count(q, r, true);
        }
        let r = self.counted(n, q);
        self.count(q, r, true);
        old
    }

    /// Visit `n` and its subtree (iteratively).
    fn subtree(&self, n: NodeIx) -> Vec<NodeIx> {
        let mut out = Vec::new();
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            out.push(x);
            stack.extend(self.nodes[x.0].children.iter().rev().copied());
        }
        out
    }

    fn attach(&mut self, n: NodeIx, parent: NodeIx, index: usize) {
        debug_assert!(!self.nodes[n.0].attached && self.nodes[parent.0].attached);
        self.uncount_all(parent);
        self.add_to_sums(parent, n, true);
        self.nodes[parent.0].children.insert(index, n);
        self.nodes[n.0].set_up(Some(parent));
        if self.nodes[n.0].children.is_empty() {
            // The common case (loading, adding): no subtree to walk.
            self.nodes[n.0].attached = true;
            self.index.insert(n, &self.nodes);
            self.count_all(n);
        } else {
            for x in self.subtree(n) {
                self.nodes[x.0].attached = true;
                self.index.insert(x, &self.nodes);
                self.count_all(x);
            }
        }
        self.count_all(parent);
    }

    fn detach(&mut self, n: NodeIx) -> (NodeIx, usize) {
        let parent = self.nodes[n.0]
            .up()
            .expect("detach of a node without parent");
        for x in self.subtree(n) {
            self.uncount_all(x);
            self.nodes[x.0].attached = false;
            self.index.remove(&self.nodes[x.0].id, &self.nodes);
        }
        self.uncount_all(parent);
        let p = &mut self.nodes[parent.0];
        let index = p
            .children
            .iter()
            .position(|&c| c == n)
            .expect("child listed under its parent");
        p.children.remove(index);
        self.add_to_sums(parent, n, false);
        self.nodes[n.0].set_up(None);
        self.count_all(parent);
        (parent, index)
    }

    fn move_node(&mut self, n: NodeIx, parent: NodeIx, index: usize) -> (NodeIx, usize) {
        let old_parent = self.nodes[n.0].up().expect("move of a node without parent");
        self.uncount_all(old_parent);
        if parent != old_parent {
            self.uncount_all(parent);
        }
        let op = &mut self.nodes[old_parent.0];
        let old_index = op
            .children
            .iter()
            .position(|&c| c == n)
            .expect("child listed under its parent");
        op.children.remove(old_index);
        self.add_to_sums(old_parent, n, false);
        self.nodes[parent.0].children.insert(index, n);
        self.add_to_sums(parent, n, true);
        self.nodes[n.0].set_up(Some(parent));
        self.count_all(old_parent);
        if parent != old_parent {
            self.count_all(parent);
        }
        (old_parent, old_index)
    }

    /// Add (or take away) `n`'s values to (from) `parent`'s sums.
    fn add_to_sums(&mut self, parent: NodeIx, n: NodeIx, add: bool) {
        let values = self.vals.row(n.0);
        let sums = self.sums.row_mut(parent.0);
        for (a, &v) in sums.iter_mut().zip(values) {
            if add {
                *a += u128::from(v);
            } else {
                *a -= u128::from(v);
            }
        }
    }

    fn insert_quota(&mut self, index: usize, quota: Quota, values: &[u64]) {
        let old_nq = self.quotas.len();
        self.quotas.insert(index, quota);
        self.stats.insert(index, QuotaStats::default());
        let slots = self.nodes.len();
        let mut vals = Rows::new(old_nq + 1);
        let mut row = Vec::with_capacity(old_nq + 1);
        for i in 0..slots {
            let old = self.vals.row(i);
            row.clear();
            row.extend_from_slice(&old[..index]);
            row.push(values.get(i).copied().unwrap_or(0));
            row.extend_from_slice(&old[index..]);
            vals.push_row(&row);
        }
        self.vals = vals;
        self.sums = self.sums.reshaped(old_nq + 1, |old, out| {
            out.extend_from_slice(&old[..index]);
            out.push(0);
            out.extend_from_slice(&old[index..]);
        });
        for i in 0..slots {
            let sum: u128 = self.nodes[i]
                .children
                .iter()
                .map(|&c| u128::from(self.value(c, index)))
                .sum();
            if sum != 0 {
                *self.sums.get_mut(i, index) = sum;
            }
        }
        for i in 0..slots {
            let r = self.counted(NodeIx(i), index);
            self.count(index, r, true);
        }
    }

    fn remove_quota(&mut self, index: usize) -> (Quota, Vec<u64>) {
        let old_nq = self.quotas.len();
        let quota = self.quotas.remove(index);
        self.stats.remove(index);
        let slots = self.nodes.len();
        let mut removed = Vec::with_capacity(slots);
        let mut vals = Rows::new(old_nq - 1);
        let mut row = Vec::with_capacity(old_nq);
        for i in 0..slots {
            let old = self.vals.row(i);
            removed.push(old[index]);
            row.clear();
            row.extend_from_slice(&old[..index]);
            row.extend_from_slice(&old[index + 1..]);
            vals.push_row(&row);
        }
        self.vals = vals;
        self.sums = self.sums.reshaped(old_nq - 1, |old, out| {
            out.extend_from_slice(&old[..index]);
            out.extend_from_slice(&old[index + 1..]);
        });
        (quota, removed)
    }

    /// Recompute every cached sum and count from scratch and compare; for
    /// tests. Returns a description of the first mismatch.
    ///
    /// # Errors
    /// A message naming the first cached figure that disagrees.
    pub fn audit(&self) -> Result<(), String> {
        let mut stats = vec![QuotaStats::default(); self.quotas.len()];
        let mut live = 0usize;
        for n in self.preorder() {
            live += 1;
            let node = &self.nodes[n.0];
            if n != ROOT && self.index.get(&node.id, &self.nodes) != Some(n) {
                return Err(format!("index misses {}", node.id));
            }
            for (q, s) in stats.iter_mut().enumerate() {
                let sum: u128 = node
                    .children
                    .iter()
                    .map(|&c| u128::from(self.value(c, q)))
                    .sum();
                if sum != self.allocated(n, q) {
                    return Err(format!("allocated of {} quota {q}", node.id));
                }
                let r = self.counted(n, q);
                if r > 0 {
                    s.unallocated += r.unsigned_abs();
                    s.unallocated_count += 1;
                } else if r < 0 {
                    s.over += r.unsigned_abs();
                    s.over_count += 1;
                }
            }
        }
        if live != self.len() {
            return Err(format!("index has {} ids, tree {live} nodes", self.len()));
        }
        if stats != self.stats {
            return Err(format!("stats {:?} != {:?}", self.stats, stats));
        }
        Ok(())
    }
}

fn to_i128(v: u128) -> i128 {
    i128::try_from(v).unwrap_or(i128::MAX)
}

/// Pre-order iterator over the live tree.
pub struct Preorder<'a> {
    plan: &'a Plan,
    stack: Vec<NodeIx>,
}

impl Iterator for Preorder<'_> {
    type Item = NodeIx;
    fn next(&mut self) -> Option<NodeIx> {
        let n = self.stack.pop()?;
        self.stack
            .extend(self.plan.nodes[n.0].children.iter().rev().copied());
        Some(n)
    }
}
