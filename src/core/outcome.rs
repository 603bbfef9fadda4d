//! What an operation did, or why it was refused, as data: the names,
//! quotas and figures involved, for the interface to put into words in the
//! planner's language and number format. Nothing here is a sentence.
//!
//! Names are taken when the operation runs, so that an outcome kept in the
//! undo history still says what it said then.

use super::value::ValueError;

/// How a value change was spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    /// Out of (or back into) the parent's remainder.
    Alone,
    /// The unlocked siblings gave or took the difference.
    Siblings,
    /// Everything under the node scaled with it.
    Subtree,
}

/// A descriptive field of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The title.
    Title,
    /// The year.
    Year,
    /// The unit.
    Unit,
    /// The level names.
    Levels,
}

/// What an applied operation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A value went from `old` to `new`.
    Value {
        /// The node's name.
        node: String,
        /// The quota's name.
        quota: String,
        /// Before.
        old: u64,
        /// After.
        new: u64,
        /// The plan's unit.
        unit: String,
        /// What else moved.
        spread: Spread,
    },
    /// Nothing needed to change.
    Unchanged,
    /// A remainder shared among the children.
    Filled {
        /// The parent's name.
        node: String,
        /// The quota's name.
        quota: String,
        /// How much was shared out.
        amount: u128,
        /// The plan's unit.
        unit: String,
        /// In proportion to what.
        by: super::ops::FillBy,
        /// Only among the children with nothing yet in the batch.
        newcomers: bool,
    },
    /// A remainder shared out level by level down to the leaves.
    FilledDown {
        /// The parent's name.
        node: String,
        /// The quota's name.
        quota: String,
        /// What the parent had left.
        amount: u128,
        /// The plan's unit.
        unit: String,
    },
    /// The remainders of several quotas shared out at once.
    FilledAll {
        /// The parent's name.
        node: String,
        /// The quotas' names.
        quotas: Vec<String>,
    },
    /// A node locked or unlocked.
    Locked {
        /// The node's name.
        node: String,
        /// Locked now.
        locked: bool,
    },
    /// A node renamed.
    Renamed {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// A node's id changed.
    IdSet {
        /// The node's name.
        node: String,
        /// The new id.
        id: String,
    },
    /// A node's note set or cleared.
    NoteEdited {
        /// The node's name.
        node: String,
    },
    /// A node added.
    Added {
        /// Its name.
        node: String,
        /// Its parent's name.
        parent: String,
    },
    /// A node and its subtree deleted.
    Deleted {
        /// Its name.
        node: String,
    },
    /// A node moved under another.
    Moved {
        /// Its name.
        node: String,
        /// The new parent's name.
        parent: String,
    },
    /// A quota kind added.
    QuotaAdded {
        /// Its name.
        name: String,
    },
    /// A quota kind's id and name changed.
    QuotaRelabelled {
        /// The old name.
        from: String,
        /// The new name.
        name: String,
        /// The new id.
        id: String,
    },
    /// A quota kind deleted.
    QuotaDeleted {
        /// Its name.
        name: String,
    },
    /// A batch added.
    BatchAdded {
        /// Its name.
        name: String,
    },
    /// A batch's name, id, date or notice changed.
    BatchEdited {
        /// Its name.
        name: String,
    },
    /// A batch deleted with its figures.
    BatchDeleted {
        /// Its name.
        name: String,
    },
    /// A batch moved.
    BatchMoved {
        /// Its name.
        name: String,
        /// Its new position (0 first).
        to: usize,
    },
    /// A descriptive field edited.
    Edited(Field),
    /// Several values pasted at once.
    Pasted {
        /// How many cells changed.
        cells: usize,
        /// The quota's name, when all were of one quota.
        quota: Option<String>,
    },
    /// A step undone.
    Undone(Box<Outcome>),
    /// A step redone.
    Redone(Box<Outcome>),
}

/// A parent that cannot cover what a node needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// The parent's name.
    pub parent: String,
    /// Its remainder (negative: over-allocated by that much).
    pub remainder: i128,
    /// The plan's unit.
    pub unit: String,
    /// The quota's name.
    pub quota: String,
    /// How much more was needed, when known.
    pub need: Option<u64>,
    /// The node that needs it, when it is not the one being edited (a
    /// move).
    pub node: Option<String>,
}

/// Why an operation was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The undo history is empty.
    NothingToUndo,
    /// Nothing was undone.
    NothingToRedo,
    /// The cell does not exist.
    NoSuchCell,
    /// The node was deleted.
    NodeGone,
    /// The quota does not exist.
    NoSuchQuota,
    /// The node is locked.
    Locked {
        /// Its name.
        node: String,
    },
    /// The value is below what the node has given its children.
    BelowAllocated {
        /// The node's name.
        node: String,
        /// What its children hold.
        allocated: u128,
        /// The plan's unit.
        unit: String,
        /// The quota's name.
        quota: String,
    },
    /// The parent cannot cover an increase.
    ParentShort(Box<Shortfall>),
    /// The national total has no siblings.
    RootRebalance,
    /// None of the nodes shared among has a weight (no figure in the
    /// reference).
    NoWeights {
        /// The parent's name.
        node: String,
    },
    /// No unlocked siblings.
    NoUnlockedSiblings {
        /// The node's name.
        node: String,
    },
    /// The unlocked siblings cannot give enough.
    SiblingsShort {
        /// The node's name.
        node: String,
        /// The most they can give.
        can: u128,
        /// What was needed.
        need: u64,
        /// The plan's unit.
        unit: String,
    },
    /// A node would go above the largest amount.
    AboveMaximum {
        /// Its name.
        node: String,
        /// The largest amount.
        max: u64,
    },
    /// An amount above the largest one.
    AmountTooLarge {
        /// The amount.
        value: u64,
        /// The largest amount.
        max: u64,
    },
    /// Locked nodes below hold more than the new value.
    LockedFloor {
        /// The node's name.
        node: String,
        /// What the locked nodes hold.
        floor: u128,
        /// The plan's unit.
        unit: String,
    },
    /// Locked nodes below hold more than the node would keep.
    LockedHoldMore {
        /// The node's name.
        node: String,
    },
    /// A change too large to share out in one step.
    TooFar {
        /// The node's name.
        node: String,
        /// The change.
        by: u128,
        /// The plan's unit.
        unit: String,
    },
    /// Nothing of the quota is unallocated.
    NothingToFill {
        /// The node's name.
        node: String,
        /// The quota's name.
        quota: String,
    },
    /// No unlocked children.
    NoUnlockedChildren {
        /// The node's name.
        node: String,
    },
    /// The national row cannot be locked.
    RootLock,
    /// The national row cannot be renamed.
    RootRename,
    /// The national row has no id.
    RootId,
    /// The national row cannot be deleted.
    RootDelete,
    /// The national row cannot be moved.
    RootMove,
    /// The id is taken.
    IdTaken {
        /// The id.
        id: String,
        /// The node that has it.
        by: String,
    },
    /// The quota id is taken.
    QuotaIdTaken {
        /// The id.
        id: String,
    },
    /// Too many levels.
    TooDeep {
        /// The most levels.
        max: usize,
    },
    /// A node cannot go under itself.
    UnderItself {
        /// Its name.
        node: String,
    },
    /// The last quota kind cannot be deleted.
    LastQuota,
    /// A kind a derived kind is the sum of cannot be deleted.
    PartOfDerived {
        /// The kind's name.
        kind: String,
        /// The derived kind's name.
        derived: String,
    },
    /// The batch does not exist.
    NoSuchBatch,
    /// The last batch cannot be deleted.
    LastBatch,
    /// A plan's first batch needs a name before a second is added.
    FirstBatchUnnamed,
    /// A level name is empty.
    EmptyLevelName,
    /// Nothing to paste.
    NothingToPaste,
    /// An id or name the validator refused, with its reason.
    Invalid(Box<super::validate::Issue>),
    /// What was typed is not a value.
    Value(ValueError),
}

impl std::error::Error for Refusal {}
