//! How a plan's figures are laid out: the quota kinds as the notices write
//! them (each with its unit; a derived kind is the sum of others), the
//! batches of the year, and the value columns the engine keeps, one per
//! stored kind and batch.
//!
//! The engine (sums, remainders, redistribution, undo) works on columns and
//! never needs to know what they mean; everything that shows or reads
//! figures by kind and batch goes through [`Layout`].

/// A quota kind (for instance rock-type mining), identified by a short id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    /// Short identifier used in files (`rock`).
    pub id: String,
    /// Human name (`Rock-type mining`).
    pub name: String,
    /// Its own unit (None: the plan's).
    pub unit: Option<String>,
    /// For a derived kind, the kinds it is the sum of (positions in the
    /// list of kinds); empty for a kind whose figures are stored.
    pub sum_of: Vec<usize>,
}

impl Kind {
    /// A kind whose figures are stored, in the plan's unit.
    pub fn stored(id: &str, name: &str) -> Self {
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            unit: None,
            sum_of: Vec::new(),
        }
    }

    /// Whether its figures are the sum of other kinds'.
    pub fn is_derived(&self) -> bool {
        !self.sum_of.is_empty()
    }
}

/// One batch of a year's indicators: a notice with its own table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Short identifier (`b1`), by the quota id rules.
    pub id: String,
    /// Name (`First batch`).
    pub name: String,
    /// The notice's date, ISO 8601 (`2023-03-24`).
    pub date: Option<String>,
    /// The notice's number (`工信部联原〔2023〕23号`).
    pub notice: Option<String>,
}

/// Which batches a figure is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sel {
    /// One batch (for a plan without batches: 0, the only one).
    Batch(usize),
    /// All of them added up.
    Cumulative,
}

/// The kinds, the batches, and the columns that follow from them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    kinds: Vec<Kind>,
    batches: Vec<Batch>,
    /// The kinds whose figures are stored, in order (positions in `kinds`).
    stored: Vec<usize>,
}

impl Layout {
    /// A layout of `kinds` over `batches` (none: a plan without batches).
    pub fn new(kinds: Vec<Kind>, batches: Vec<Batch>) -> Self {
        let stored = (0..kinds.len())
            .filter(|&k| !kinds[k].is_derived())
            .collect();
        Self {
            kinds,
            batches,
            stored,
        }
    }

    /// Every kind, stored and derived, in order.
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    /// The batches, in order (empty for a plan without batches).
    pub fn batches(&self) -> &[Batch] {
        &self.batches
    }

    /// Whether the plan has batches.
    pub fn has_batches(&self) -> bool {
        !self.batches.is_empty()
    }

    /// How many value columns each stored kind has: the batches, or 1.
    pub fn batch_count(&self) -> usize {
        self.batches.len().max(1)
    }

    /// The kinds whose figures are stored (positions in the kinds).
    pub fn stored(&self) -> &[usize] {
        &self.stored
    }

    /// How many value columns there are.
    pub fn columns(&self) -> usize {
        self.stored.len() * self.batch_count()
    }

    /// The column of stored kind `kind` in batch `batch`.
    pub fn column(&self, kind: usize, batch: usize) -> Option<usize> {
        let rank = self.stored.iter().position(|&k| k == kind)?;
        (batch < self.batch_count()).then(|| rank * self.batch_count() + batch)
    }

    /// The kind and batch of column `col`.
    ///
    /// # Panics
    /// When `col` is not a column of this layout.
    pub fn column_of(&self, col: usize) -> (usize, usize) {
        let nb = self.batch_count();
        (self.stored[col / nb], col % nb)
    }

    /// The columns a figure of `kind` for `sel` adds up: one for a stored
    /// kind in one batch, every batch's for the cumulative, and those of
    /// its parts for a derived kind.
    pub fn columns_of(&self, kind: usize, sel: Sel) -> Vec<usize> {
        let parts: Vec<usize> = if self.kinds[kind].is_derived() {
            self.kinds[kind].sum_of.clone()
        } else {
            vec![kind]
        };
        let batches: Vec<usize> = match sel {
            Sel::Batch(b) => vec![b],
            Sel::Cumulative => (0..self.batch_count()).collect(),
        };
        parts
            .iter()
            .flat_map(|&k| batches.iter().filter_map(move |&b| self.column(k, b)))
            .collect()
    }

    /// The kind with this id.
    pub fn kind_index(&self, id: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.id == id)
    }

    /// The batch with this id.
    pub fn batch_index(&self, id: &str) -> Option<usize> {
        self.batches.iter().position(|b| b.id == id)
    }

    /// The id and name of column `col`: the kind's alone without batches,
    /// else with the batch (`rock@b1`, `Rock-type mining, First batch`).
    pub fn label(&self, col: usize) -> (String, String) {
        let (k, b) = self.column_of(col);
        let kind = &self.kinds[k];
        match self.batches.get(b) {
            Some(batch) => (
                format!("{}@{}", kind.id, batch.id),
                format!("{}, {}", kind.name, batch.name),
            ),
            None => (kind.id.clone(), kind.name.clone()),
        }
    }

    /// The derived kinds that name `kind` among their parts.
    pub fn derived_from(&self, kind: usize) -> Vec<usize> {
        (0..self.kinds.len())
            .filter(|&d| self.kinds[d].sum_of.contains(&kind))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        let mut mining = Kind::stored("mining", "Mining");
        mining.sum_of = vec![0, 1];
        Layout::new(
            vec![
                Kind::stored("rock", "Rock"),
                Kind::stored("ion", "Ion"),
                mining,
                Kind::stored("smelting", "Smelting"),
            ],
            vec![
                Batch {
                    id: "b1".into(),
                    name: "First".into(),
                    date: None,
                    notice: None,
                },
                Batch {
                    id: "b2".into(),
                    name: "Second".into(),
                    date: None,
                    notice: None,
                },
            ],
        )
    }

    #[test]
    fn columns_are_stored_kinds_by_batch() {
        let l = layout();
        assert_eq!(l.columns(), 6);
        assert_eq!(l.column(0, 1), Some(1));
        assert_eq!(l.column(3, 0), Some(4), "smelting after rock and ion");
        assert_eq!(l.column(2, 0), None, "a derived kind has no column");
        assert_eq!(l.column_of(5), (3, 1));
        assert_eq!(l.columns_of(2, Sel::Batch(1)), [1, 3]);
        assert_eq!(l.columns_of(2, Sel::Cumulative), [0, 1, 2, 3]);
        assert_eq!(l.columns_of(3, Sel::Cumulative), [4, 5]);
        assert_eq!(l.label(3), ("ion@b2".into(), "Ion, Second".into()));
        assert_eq!(l.derived_from(1), [2]);
    }

    #[test]
    fn without_batches_a_column_is_a_kind() {
        let l = Layout::new(vec![Kind::stored("rock", "Rock")], Vec::new());
        assert_eq!(l.columns(), 1);
        assert_eq!(l.batch_count(), 1);
        assert_eq!(l.label(0), ("rock".into(), "Rock".into()));
        assert_eq!(l.columns_of(0, Sel::Cumulative), [0]);
    }
}
