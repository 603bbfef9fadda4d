//! Storage for the plan's arrays that copies cheaply: the rows are kept in
//! chunks shared between copies, so that a copy of a 1,000,000-node plan
//! (a recovery copy or a save being written while editing goes on) costs a
//! few thousand pointer copies, and an edit after it copies only the chunks
//! it writes to, not the whole plan.

use std::ops::{Index, IndexMut};
use std::sync::Arc;

use std::hash::BuildHasher;

use super::model::{Node, NodeIx};

/// Rows per chunk (a power of two).
const SHIFT: usize = 10;
const CHUNK_ROWS: usize = 1 << SHIFT;
const MASK: usize = CHUNK_ROWS - 1;

/// Rows of `width` elements each, in shared chunks of [`CHUNK_ROWS`] rows:
/// a row never spans two chunks. The last, unfilled chunk is not shared
/// (rows are added to it, and a loader writes to it, without the atomic
/// check a shared chunk needs); a copy copies it.
#[derive(Debug, Clone)]
pub struct Rows<T> {
    width: usize,
    count: usize,
    chunks: Vec<Arc<Vec<T>>>,
    /// The rows after the full chunks (fewer than [`CHUNK_ROWS`]).
    open: Vec<T>,
}

impl<T: Clone> Rows<T> {
    /// No rows, each to be `width` elements wide.
    pub fn new(width: usize) -> Self {
        Self {
            width,
            count: 0,
            chunks: Vec::new(),
            open: Vec::new(),
        }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.count
    }

    /// The chunk row `r` is in.
    fn chunk(&self, r: usize) -> &[T] {
        match self.chunks.get(r >> SHIFT) {
            Some(c) => c,
            None => &self.open,
        }
    }

    /// The chunk row `r` is in, to change (copied first when shared).
    fn chunk_mut(&mut self, r: usize) -> &mut [T] {
        match self.chunks.get_mut(r >> SHIFT) {
            Some(c) => Arc::make_mut(c).as_mut_slice(),
            None => self.open.as_mut_slice(),
        }
    }

    /// Row `r`.
    pub fn row(&self, r: usize) -> &[T] {
        let start = (r & MASK) * self.width;
        &self.chunk(r)[start..start + self.width]
    }

    /// Row `r`, to change (its chunk is copied first when shared).
    pub fn row_mut(&mut self, r: usize) -> &mut [T] {
        let start = (r & MASK) * self.width;
        let w = self.width;
        &mut self.chunk_mut(r)[start..start + w]
    }

    /// Element `c` of row `r`.
    pub fn get(&self, r: usize, c: usize) -> &T {
        debug_assert!(c < self.width);
        &self.chunk(r)[(r & MASK) * self.width + c]
    }

    /// Element `c` of row `r`, to change.
    pub fn get_mut(&mut self, r: usize, c: usize) -> &mut T {
        debug_assert!(c < self.width);
        let i = (r & MASK) * self.width + c;
        &mut self.chunk_mut(r)[i]
    }

    /// The chunk the next row goes into (a full one is shared from now on).
    fn tail(&mut self) -> &mut Vec<T> {
        if self.count > 0 && self.count & MASK == 0 {
            let full =
                std::mem::replace(&mut self.open, Vec::with_capacity(CHUNK_ROWS * self.width));
            self.chunks.push(Arc::new(full));
        }
        &mut self.open
    }

    /// Add a row (of `width` elements).
    pub fn push_row(&mut self, row: &[T]) {
        debug_assert_eq!(row.len(), self.width);
        self.tail().extend_from_slice(row);
        self.count += 1;
    }

    /// Add a row of `width` copies of `value`.
    pub fn push_filled(&mut self, value: &T) {
        let w = self.width;
        let tail = self.tail();
        tail.resize(tail.len() + w, value.clone());
        self.count += 1;
    }
}

/// Rows of which most stay all zeros (the sums of leaves, at national
/// scale nearly every node): a row takes room only once it is written.
/// Shared between copies like [`Rows`].
#[derive(Debug, Clone)]
pub struct SparseRows<T> {
    /// Each row's place in `rows`, or [`NO_ROW`].
    slots: Chunked<u32>,
    rows: Rows<T>,
    zeros: Vec<T>,
}

/// A row of zeros, not stored.
const NO_ROW: u32 = u32::MAX;

impl<T: Clone + Default> SparseRows<T> {
    /// No rows, each to be `width` elements wide.
    pub fn new(width: usize) -> Self {
        Self {
            slots: Chunked::new(),
            rows: Rows::new(width),
            zeros: vec![T::default(); width],
        }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.slots.len()
    }

    /// The number of rows that take room.
    pub fn stored(&self) -> usize {
        self.rows.rows()
    }

    /// Add a row of zeros (it takes no room).
    pub fn push_zeros(&mut self) {
        self.slots.push(NO_ROW);
    }

    /// Row `r`.
    pub fn row(&self, r: usize) -> &[T] {
        match self.slots[r] {
            NO_ROW => &self.zeros,
            s => self.rows.row(s as usize),
        }
    }

    /// Element `c` of row `r`.
    pub fn get(&self, r: usize, c: usize) -> &T {
        match self.slots[r] {
            NO_ROW => &self.zeros[c],
            s => self.rows.get(s as usize, c),
        }
    }

    /// Element `c` of row `r`, to change (the row takes room from now on).
    pub fn get_mut(&mut self, r: usize, c: usize) -> &mut T {
        &mut self.row_mut(r)[c]
    }

    /// Row `r`, to change (it takes room from now on).
    ///
    /// # Panics
    /// With 2^32 stored rows or more (far past what memory holds).
    pub fn row_mut(&mut self, r: usize) -> &mut [T] {
        let mut s = self.slots[r];
        if s == NO_ROW {
            s = u32::try_from(self.rows.rows())
                .ok()
                .filter(|&s| s != NO_ROW)
                .expect("fewer than 2^32 rows");
            self.rows.push_row(&self.zeros);
            self.slots[r] = s;
        }
        self.rows.row_mut(s as usize)
    }

    /// The same rows reshaped to `width`: `f` makes each stored row's new
    /// contents from its old ones (rows of zeros stay without room).
    #[must_use]
    pub fn reshaped(&self, width: usize, mut f: impl FnMut(&[T], &mut Vec<T>)) -> Self {
        let mut rows = Rows::new(width);
        let mut out = Vec::with_capacity(width);
        for s in 0..self.rows.rows() {
            out.clear();
            f(self.rows.row(s), &mut out);
            rows.push_row(&out);
        }
        Self {
            slots: self.slots.clone(),
            rows,
            zeros: vec![T::default(); width],
        }
    }
}

/// A vector of elements in shared chunks ([`Rows`] one element wide).
#[derive(Debug, Clone)]
pub struct Chunked<T>(Rows<T>);

impl<T: Clone> Chunked<T> {
    /// Empty.
    pub fn new() -> Self {
        Self(Rows::new(1))
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.0.rows()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.0.rows() == 0
    }

    /// Element `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&T> {
        (i < self.len()).then(|| self.0.get(i, 0))
    }

    /// Add an element at the end.
    pub fn push(&mut self, value: T) {
        self.0.tail().push(value);
        self.0.count += 1;
    }
}

impl<T: Clone> Default for Chunked<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone> Index<usize> for Chunked<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        assert!(i < self.len(), "index {i} of {}", self.len());
        self.0.get(i, 0)
    }
}

impl<T: Clone> IndexMut<usize> for Chunked<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        assert!(i < self.len(), "index {i} of {}", self.len());
        self.0.get_mut(i, 0)
    }
}

/// Shards of the id index.
const SHARDS: usize = 256;

/// How ids are hashed: foldhash, fast and seeded per process (ids come
/// from files, so a hash an attacker cannot aim at).
type Hashing = foldhash::fast::RandomState;

/// The index of node ids, in shards shared between copies: a copy costs
/// [`SHARDS`] pointer copies, a change after it copies one shard. It holds
/// slots, not ids: an id is hashed and compared where the node keeps it
/// (the nodes are passed in), so no id is stored twice.
#[derive(Debug, Clone)]
pub struct IdIndex {
    /// Each entry: the id's hash (so that growing a table does not read
    /// the ids again) and the node's slot.
    shards: Vec<Arc<hashbrown::HashTable<(u64, u32)>>>,
    hashing: Hashing,
    /// Picks the shard: seeded apart from `hashing`, whose bits would
    /// otherwise be the same for every id of a shard.
    picking: Hashing,
    len: usize,
}

/// The id of slot `ix` among `nodes`.
fn id_of(nodes: &Chunked<Node>, ix: u32) -> &str {
    &nodes[ix as usize].id
}

impl IdIndex {
    /// Empty.
    pub fn new() -> Self {
        let empty = Arc::new(hashbrown::HashTable::new());
        Self {
            shards: vec![empty; SHARDS],
            hashing: Hashing::default(),
            picking: Hashing::default(),
            len: 0,
        }
    }

    /// The shard of `id` (the top bits of its own hash).
    fn shard(&self, id: &str) -> usize {
        let h = self.picking.hash_one(id);
        usize::try_from(h >> 56).unwrap_or(0) % SHARDS
    }

    /// The node with `id`.
    pub fn get(&self, id: &str, nodes: &Chunked<Node>) -> Option<NodeIx> {
        let h = self.hashing.hash_one(id);
        self.shards[self.shard(id)]
            .find(h, |&(eh, ix)| eh == h && id_of(nodes, ix) == id)
            .map(|&(_, ix)| NodeIx(ix as usize))
    }

    /// Index node `n` by its id (as `nodes` has it); the node the id named
    /// before, if any.
    ///
    /// # Panics
    /// With 2^32 nodes or more (far past what memory holds).
    pub fn insert(&mut self, n: NodeIx, nodes: &Chunked<Node>) -> Option<NodeIx> {
        let id = nodes[n.0].id.as_str();
        let h = self.hashing.hash_one(id);
        let s = self.shard(id);
        let ix = u32::try_from(n.0).expect("fewer than 2^32 nodes");
        let shard = Arc::make_mut(&mut self.shards[s]);
        if let Ok(mut entry) = shard.find_entry(h, |&(eh, x)| eh == h && id_of(nodes, x) == id) {
            let old = std::mem::replace(&mut entry.get_mut().1, ix);
            return Some(NodeIx(old as usize));
        }
        shard.insert_unique(h, (h, ix), |&(eh, _)| eh);
        self.len += 1;
        None
    }

    /// Index node `n` by its id unless another node has it: whether `n`
    /// has it now (one look into the table, for loading).
    ///
    /// # Panics
    /// With 2^32 nodes or more (far past what memory holds).
    pub fn insert_new(&mut self, n: NodeIx, nodes: &Chunked<Node>) -> bool {
        let id = nodes[n.0].id.as_str();
        let h = self.hashing.hash_one(id);
        let s = self.shard(id);
        let ix = u32::try_from(n.0).expect("fewer than 2^32 nodes");
        let shard = Arc::make_mut(&mut self.shards[s]);
        match shard.entry(
            h,
            |&(eh, x)| eh == h && id_of(nodes, x) == id,
            |&(eh, _)| eh,
        ) {
            hashbrown::hash_table::Entry::Occupied(e) => e.get().1 == ix,
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert((h, ix));
                self.len += 1;
                true
            }
        }
    }

    /// Forget `id` (still as `nodes` has it); the node it named, if any.
    pub fn remove(&mut self, id: &str, nodes: &Chunked<Node>) -> Option<NodeIx> {
        let h = self.hashing.hash_one(id);
        let s = self.shard(id);
        let same = |&(eh, x): &(u64, u32)| eh == h && id_of(nodes, x) == id;
        self.shards[s].find(h, same)?;
        let shard = Arc::make_mut(&mut self.shards[s]);
        let ((_, ix), _) = shard.find_entry(h, same).ok()?.remove();
        self.len -= 1;
        Some(NodeIx(ix as usize))
    }

    /// The number of ids.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Default for IdIndex {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_rows_take_room_only_when_written_and_copies_stay_apart() {
        let mut a: SparseRows<u128> = SparseRows::new(3);
        for _ in 0..5000 {
            a.push_zeros();
        }
        assert_eq!((a.rows(), a.stored()), (5000, 0));
        assert_eq!(a.row(4321), &[0, 0, 0]);
        *a.get_mut(4321, 1) += 7;
        *a.get_mut(12, 2) = 5;
        *a.get_mut(4321, 2) = 9;
        assert_eq!(a.stored(), 2);
        assert_eq!(
            (a.row(4321), a.row(12), a.row(13)),
            (&[0, 7, 9][..], &[0, 0, 5][..], &[0, 0, 0][..])
        );
        let b = a.clone();
        *a.get_mut(12, 0) = 1;
        *a.get_mut(99, 0) = 2;
        assert_eq!((*b.get(12, 0), *b.get(99, 0), b.stored()), (0, 0, 2));
        assert_eq!((*a.get(12, 0), *a.get(99, 0), a.stored()), (1, 2, 3));
        // Reshaped: a column put in front, zero rows still take no room.
        let c = a.reshaped(4, |old, out| {
            out.push(100);
            out.extend_from_slice(old);
        });
        assert_eq!((c.rows(), c.stored()), (5000, 3));
        assert_eq!(
            (c.row(4321), c.row(13)),
            (&[100, 0, 7, 9][..], &[0, 0, 0, 0][..])
        );
    }

    #[test]
    fn rows_never_span_chunks_and_copies_share_until_written() {
        let mut a: Rows<u64> = Rows::new(3);
        for r in 0..3000u64 {
            a.push_row(&[r, r + 1, r + 2]);
        }
        assert_eq!(a.rows(), 3000);
        assert_eq!(a.row(1023), [1023, 1024, 1025]);
        assert_eq!(a.row(1024), [1024, 1025, 1026]);
        assert_eq!(*a.get(2999, 2), 3001);
        let b = a.clone();
        assert!(Arc::ptr_eq(&a.chunks[1], &b.chunks[1]), "shared");
        *a.get_mut(1500, 1) = 7;
        assert_eq!(*a.get(1500, 1), 7);
        assert_eq!(*b.get(1500, 1), 1501, "the copy keeps its figure");
        assert!(!Arc::ptr_eq(&a.chunks[1], &b.chunks[1]), "written: copied");
        assert!(
            Arc::ptr_eq(&a.chunks[0], &b.chunks[0]),
            "others still shared"
        );
        a.push_filled(&9);
        assert_eq!(a.row(3000), [9, 9, 9]);
        assert_eq!(b.rows(), 3000);
        let mut z: Rows<u64> = Rows::new(0);
        for _ in 0..2100 {
            z.push_filled(&0);
        }
        assert!(z.row(0).is_empty() && z.row(2099).is_empty());
        // The open chunk: rows past the full ones, copied with a copy.
        let mut c = b.clone();
        *c.get_mut(2999, 0) = 5;
        assert_eq!((*b.get(2999, 0), *c.get(2999, 0)), (2999, 5));
        c.push_row(&[1, 2, 3]);
        assert_eq!(
            (b.rows(), c.rows(), c.row(3000)),
            (3000, 3001, &[1, 2, 3][..])
        );
    }

    #[test]
    fn chunked_indexes_like_a_vector() {
        let mut v = Chunked::new();
        for i in 0..2500 {
            v.push(i.to_string());
        }
        assert_eq!(v.len(), 2500);
        assert_eq!(v[2049], "2049");
        let w = v.clone();
        v[5].push('!');
        assert_eq!((v[5].as_str(), w[5].as_str()), ("5!", "5"));
        assert_eq!(v.get(2500), None);
    }

    #[test]
    fn the_id_index_counts_and_copies_by_shard() {
        let mut nodes = Chunked::new();
        let mut ix = IdIndex::new();
        for i in 0..1000 {
            nodes.push(Node::new(format!("n{i}"), String::new()));
            assert_eq!(ix.insert(NodeIx(i), &nodes), None);
        }
        // A second node with the id of the sixth takes its place.
        nodes.push(Node::new("n5".to_owned(), String::new()));
        assert_eq!(ix.insert(NodeIx(1000), &nodes), Some(NodeIx(5)));
        assert_eq!(ix.len(), 1000);
        let copy = ix.clone();
        assert_eq!(ix.remove("n5", &nodes), Some(NodeIx(1000)));
        assert_eq!(ix.remove("n5", &nodes), None);
        assert_eq!((ix.len(), copy.len()), (999, 1000));
        assert_eq!(copy.get("n5", &nodes), Some(NodeIx(1000)));
        assert_eq!(ix.get("n5", &nodes), None);
        assert_eq!(ix.get("n999", &nodes), Some(NodeIx(999)));
        let shared = ix
            .shards
            .iter()
            .zip(&copy.shards)
            .filter(|(a, b)| Arc::ptr_eq(a, b))
            .count();
        assert_eq!(shared, SHARDS - 1, "only the shard written was copied");
    }
}
