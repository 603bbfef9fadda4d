//! Reading a plan back from allot's own workbook (`allot import
//! TABLE.xlsx`), also after a colleague edited figures, inserted rows,
//! moved or added columns, or saved it again in another program.
//!
//! The hidden sheet `allot` ([`super::xlsx`]) says what the table has no
//! place for (title, year, unit, level names, the kinds with their units and
//! sums, the batches) and what each column of the allocation sheet is, by
//! its header. The figures, names, locks and notes are read from the
//! allocation sheet's cells; remainders and sums are worked out again, never
//! taken from the file. A row's parent is the row whose `key` its
//! `parent_key` names (what the remainder formulas count), else the one its
//! `path` names. A new row without an id gets one made from its parent's.
//!
//! A figure typed as a formula is read from the formula's saved result, and
//! said so; without a saved result (a file from a program that does not
//! calculate) it is refused. A sum column (a derived kind, all batches) that
//! no longer holds its formula must still add up, else it is refused: the
//! figures it sums are the ones read.
//!
//! Every problem names its sheet and cell (`Allocation!E7`).

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};

use super::import::{ImportError, column_letters, parse_amount, parse_locked, shown};
use super::xlsx::{ABOUT, ABOUT_MARK, ABOUT_VERSION};
use crate::core::Plan;
use crate::core::amount::group_thousands;
use crate::core::layout::Batch;
use crate::core::model::Meta;
use crate::core::validate::{self, Amounts, BuildError, NodeInput, Place, QuotaInput, QuotaKey};

/// A plan read from a workbook, with what the reader noticed on the way
/// (new ids given, columns not read, formulas' results used).
#[derive(Debug)]
pub struct Imported {
    /// The plan.
    pub plan: Plan,
    /// Things said about the file, each at its cell.
    pub notes: Vec<ImportError>,
}

/// A cell's text as a person reads it: a whole float without its `.0`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Bool(true) => "TRUE".to_owned(),
        Data::Bool(false) => "FALSE".to_owned(),
        other => other.to_string(),
    }
}

/// One kind as the `allot` sheet lists it, with its row.
struct KindRow {
    row: usize,
    id: String,
    name: String,
    unit: String,
    sum_of: Vec<String>,
}

/// What a column of the allocation sheet holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Name,
    /// A stored figure: the kind's id and the batch's (empty without).
    Value(String, String),
    /// A figure that is the sum of others: kind id, batch id or `*`.
    Sum(String, String),
    Locked,
    Note,
    Level,
    Path,
    Id,
    Key,
    ParentKey,
    /// A remainder (worked out again).
    Ignored,
}

/// The `allot` sheet, read.
struct About {
    sheet: Option<String>,
    meta: Meta,
    kinds: Vec<KindRow>,
    batches: Vec<(usize, Batch)>,
    /// Each column's header, with what it holds.
    columns: Vec<(String, Role)>,
}

impl About {
    fn read(range: &Range<Data>, errors: &mut Vec<ImportError>) -> Option<Self> {
        let at = |r: usize, c: usize| {
            range
                .get_value((to_u32(r), to_u32(c)))
                .map(cell_text)
                .unwrap_or_default()
        };
        let err = |r: usize, c: usize, m: String| sheet_error(ABOUT, r + 1, c + 1, m);
        if at(0, 0) != ABOUT_MARK {
            errors.push(err(0, 0, crate::t!("xlsx-read-about-bad")));
            return None;
        }
        match at(0, 1).parse::<u32>() {
            Ok(v) if v <= ABOUT_VERSION => {}
            _ => {
                errors.push(err(0, 1, crate::t!("xlsx-read-newer", version = at(0, 1))));
                return None;
            }
        }
        let mut about = Self {
            sheet: None,
            meta: Meta {
                levels: Vec::new(),
                ..Meta::default()
            },
            kinds: Vec::new(),
            batches: Vec::new(),
            columns: Vec::new(),
        };
        let end = range.end().map_or(0, |(r, _)| r as usize);
        let text = |s: String| (!s.is_empty()).then_some(s);
        for r in 1..=end {
            match at(r, 0).as_str() {
                "sheet" => about.sheet = text(at(r, 1)),
                "title" => about.meta.title = text(at(r, 1)),
                "unit" => about.meta.unit = text(at(r, 1)),
                "year" => match at(r, 1).parse::<i64>() {
                    Ok(y) => about.meta.year = Some(y),
                    Err(_) if at(r, 1).is_empty() => {}
                    Err(_) => errors.push(err(
                        r,
                        1,
                        crate::t!("xlsx-read-year", found = shown(&at(r, 1))),
                    )),
                },
                "levels" => {
                    let last = range.end().map_or(0, |(_, c)| c as usize);
                    about.meta.levels = (1..=last)
                        .map(|c| at(r, c))
                        .take_while(|l| !l.is_empty())
                        .collect();
                }
                "kind" => about.kinds.push(KindRow {
                    row: r + 1,
                    id: at(r, 1),
                    name: at(r, 2),
                    unit: at(r, 3),
                    sum_of: at(r, 4).split_whitespace().map(str::to_owned).collect(),
                }),
                "batch" => about.batches.push((
                    r + 1,
                    Batch {
                        id: at(r, 1),
                        name: at(r, 2),
                        date: text(at(r, 3)),
                        notice: text(at(r, 4)),
                    },
                )),
                "column" => {
                    let (kind, batch) = (at(r, 3), at(r, 4));
                    let role = match at(r, 1).as_str() {
                        "name" => Role::Name,
                        "value" => Role::Value(kind, batch),
                        "sum" => Role::Sum(kind, batch),
                        "locked" => Role::Locked,
                        "note" => Role::Note,
                        "level" => Role::Level,
                        "path" => Role::Path,
                        "id" => Role::Id,
                        "key" => Role::Key,
                        "parent_key" => Role::ParentKey,
                        _ => Role::Ignored,
                    };
                    about.columns.push((at(r, 2), role));
                }
                _ => {}
            }
        }
        Some(about)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn sheet_error(sheet: &str, row: usize, column: usize, message: String) -> ImportError {
    let mut e = ImportError::new(row, column, message);
    e.sheet = Some(sheet.to_owned());
    e
}

/// One data row of the allocation sheet.
struct RowIn {
    /// Sheet row (from 1).
    row: usize,
    key: Option<u64>,
    parent_key: Option<u64>,
    path: String,
    id: String,
    name: String,
    /// By stored column (the order of [`Columns::values`]).
    values: Vec<u64>,
    locked: bool,
    note: Option<String>,
}

/// Where each role's column is (0-based), as the header row says.
struct Columns {
    name: Option<usize>,
    /// Stored figures: column, kind id, batch id.
    values: Vec<(usize, String, String)>,
    /// Sum figures: column, kind id, batch id or `*`.
    sums: Vec<(usize, String, String)>,
    locked: Option<usize>,
    note: Option<usize>,
    path: Option<usize>,
    id: Option<usize>,
    key: Option<usize>,
    parent_key: Option<usize>,
    /// The columns read (a row blank in all of them is skipped).
    read: Vec<usize>,
}

/// The sheet being read: its cells, formulas, name.
struct Sheet<'a> {
    name: &'a str,
    cells: &'a Range<Data>,
    formulas: &'a Range<String>,
}

impl Sheet<'_> {
    fn cell(&self, r: usize, c: usize) -> &Data {
        self.cells
            .get_value((to_u32(r), to_u32(c)))
            .unwrap_or(&Data::Empty)
    }

    fn formula(&self, r: usize, c: usize) -> Option<&str> {
        self.formulas
            .get_value((to_u32(r), to_u32(c)))
            .map(String::as_str)
            .filter(|f| !f.is_empty())
    }

    fn text(&self, r: usize, c: Option<usize>) -> String {
        c.map(|c| cell_text(self.cell(r, c))).unwrap_or_default()
    }

    fn error(&self, r: usize, c: usize, m: String) -> ImportError {
        sheet_error(self.name, r + 1, c + 1, m)
    }

    /// The figure in row `r`, column `c`, or why it is not one; a note when
    /// it was read from a formula's saved result.
    fn amount(&self, r: usize, c: usize, notes: &mut Vec<ImportError>) -> Result<u64, String> {
        let d = self.cell(r, c);
        if let Some(f) = self.formula(r, c) {
            if matches!(d, Data::Empty) {
                return Err(crate::t!("xlsx-read-formula-no-result", formula = shown(f)));
            }
            let v = amount_of(d)?;
            notes.push(self.error(
                r,
                c,
                crate::t!(
                    "xlsx-read-formula-result",
                    formula = shown(f),
                    value = group_thousands(u128::from(v))
                ),
            ));
            return Ok(v);
        }
        amount_of(d)
    }
}

/// A figure cell's value: a whole number (a number cell, or text as the
/// CSV reader takes it); empty is 0.
fn amount_of(d: &Data) -> Result<u64, String> {
    match d {
        Data::Empty => Ok(0),
        Data::String(s) => parse_amount(s),
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Data::Float(f) if f.fract() == 0.0 && (0.0..=9.0e15).contains(f) => {
            parse_amount(&format!("{:.0}", *f as u64))
        }
        Data::Float(f) => parse_amount(&f.to_string()),
        Data::Int(i) => parse_amount(&i.to_string()),
        Data::Error(e) => Err(crate::t!("xlsx-read-error-cell", error = e.to_string())),
        other => Err(crate::t!(
            "xlsx-read-not-figure",
            found = shown(&other.to_string())
        )),
    }
}

/// A key cell: a whole number, or empty.
fn key_of(d: &Data) -> Result<Option<u64>, String> {
    match amount_of(d) {
        Ok(0) if matches!(d, Data::Empty) => Ok(None),
        Ok(k) if k > 0 => Ok(Some(k)),
        Ok(_) | Err(_) => Err(crate::t!("xlsx-read-bad-key", found = shown(&cell_text(d)))),
    }
}

/// Read a plan from the bytes of an XLSX workbook allot wrote.
///
/// # Errors
/// Every problem found, each at its sheet and cell.
pub fn parse_xlsx_plan(bytes: &[u8]) -> Result<Imported, Vec<ImportError>> {
    let whole = |m: String| vec![ImportError::new(0, 0, m)];
    let mut book = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| whole(crate::t!("xlsx-read-not-workbook", error = e.to_string())))?;
    let Ok(about_range) = book.worksheet_range(ABOUT) else {
        return Err(whole(crate::t!("xlsx-read-no-about")));
    };
    let mut errors = Vec::new();
    let Some(about) = About::read(&about_range, &mut errors) else {
        return Err(errors);
    };
    // The allocation sheet by the name it was written with, else the first.
    let names = book.sheet_names();
    let name = about
        .sheet
        .clone()
        .filter(|n| names.contains(n))
        .or_else(|| names.first().cloned())
        .ok_or_else(|| whole(crate::t!("xlsx-read-no-about")))?;
    let cells = book
        .worksheet_range(&name)
        .map_err(|e| whole(crate::t!("xlsx-read-not-workbook", error = e.to_string())))?;
    let formulas = book.worksheet_formula(&name).unwrap_or_default();
    let sheet = Sheet {
        name: &name,
        cells: &cells,
        formulas: &formulas,
    };
    Reading::new(&about, &sheet).run()
}

/// The state of one read of the allocation sheet.
struct Reading<'a> {
    about: &'a About,
    sheet: &'a Sheet<'a>,
    errors: Vec<ImportError>,
    notes: Vec<ImportError>,
}

impl<'a> Reading<'a> {
    fn new(about: &'a About, sheet: &'a Sheet<'a>) -> Self {
        Self {
            about,
            sheet,
            errors: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn run(mut self) -> Result<Imported, Vec<ImportError>> {
        let Some(cols) = self.header() else {
            return Err(self.errors);
        };
        let end = self.sheet.cells.end().map_or(0, |(r, _)| r as usize);
        let mut national: Option<RowIn> = None;
        let mut rows = Vec::new();
        for r in 1..=end {
            let Some(row) = self.row(&cols, r) else {
                continue;
            };
            let is_national = row.key == Some(1)
                || (national.is_none()
                    && rows.is_empty()
                    && row.parent_key.is_none()
                    && row.path.is_empty());
            if national.is_none() && rows.is_empty() {
                if is_national {
                    national = Some(row);
                } else {
                    let c = cols.key.or(cols.name).unwrap_or(0);
                    self.errors
                        .push(self.sheet.error(r, c, crate::t!("xlsx-read-no-national")));
                    return Err(self.errors);
                }
            } else {
                rows.push(row);
            }
        }
        let Some(national) = national else {
            let e = self.sheet.error(
                1,
                cols.name.unwrap_or(0),
                crate::t!("xlsx-read-no-national"),
            );
            self.errors.push(e);
            return Err(self.errors);
        };
        self.check_sums(&cols);
        let (top, node_rows) = self.tree(&cols, &national, &rows);
        self.build(&cols, &national, top, &node_rows)
    }

    /// Find each of allot's columns by its header.
    fn header(&mut self) -> Option<Columns> {
        let width = self.sheet.cells.end().map_or(0, |(_, c)| c as usize + 1);
        let roles: HashMap<&str, &Role> = self
            .about
            .columns
            .iter()
            .map(|(h, r)| (h.as_str(), r))
            .collect();
        let mut cols = Columns {
            name: None,
            values: Vec::new(),
            sums: Vec::new(),
            locked: None,
            note: None,
            path: None,
            id: None,
            key: None,
            parent_key: None,
            read: Vec::new(),
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for c in 0..width {
            let head = cell_text(self.sheet.cell(0, c));
            if head.is_empty() && !self.has_data(c) {
                continue;
            }
            if let Some(first) = seen.get(&head) {
                let m = crate::t!(
                    "xlsx-read-duplicate-column",
                    header = shown(&head),
                    first = column_letters(first + 1)
                );
                self.errors.push(self.sheet.error(0, c, m));
                continue;
            }
            seen.insert(head.clone(), c);
            let Some(role) = roles.get(head.as_str()) else {
                if self.has_data(c) {
                    let m = crate::t!("xlsx-read-ignored-column", header = shown(&head));
                    self.notes.push(self.sheet.error(0, c, m));
                }
                continue;
            };
            match (*role).clone() {
                Role::Name => cols.name = Some(c),
                Role::Value(k, b) => cols.values.push((c, k, b)),
                Role::Sum(k, b) => cols.sums.push((c, k, b)),
                Role::Locked => cols.locked = Some(c),
                Role::Note => cols.note = Some(c),
                Role::Path => cols.path = Some(c),
                Role::Id => cols.id = Some(c),
                Role::Key => cols.key = Some(c),
                Role::ParentKey => cols.parent_key = Some(c),
                // The level follows from the tree; remainders are worked out.
                Role::Level | Role::Ignored => {}
            }
        }
        // Every column allot needs, by the header it was written with.
        for (head, role) in &self.about.columns {
            let needed = match role {
                Role::Name | Role::Value(..) => true,
                Role::Key | Role::ParentKey => cols.path.is_none() || cols.id.is_none(),
                Role::Path | Role::Id => cols.key.is_none() || cols.parent_key.is_none(),
                _ => false,
            };
            if needed && !seen.contains_key(head) {
                let m = crate::t!("xlsx-read-missing-column", header = shown(head));
                self.errors.push(sheet_error(self.sheet.name, 0, 0, m));
            }
        }
        cols.read = [
            cols.name,
            cols.locked,
            cols.note,
            cols.path,
            cols.id,
            cols.key,
            cols.parent_key,
        ]
        .into_iter()
        .flatten()
        .chain(cols.values.iter().map(|v| v.0))
        .collect();
        (self.errors.is_empty()).then_some(cols)
    }

    /// Whether column `c` has anything below its header.
    fn has_data(&self, c: usize) -> bool {
        let end = self.sheet.cells.end().map_or(0, |(r, _)| r as usize);
        (1..=end).any(|r| !matches!(self.sheet.cell(r, c), Data::Empty))
    }

    /// Data row `r` (0-based), None when it is blank in allot's columns.
    fn row(&mut self, cols: &Columns, r: usize) -> Option<RowIn> {
        if cols
            .read
            .iter()
            .all(|&c| matches!(self.sheet.cell(r, c), Data::Empty))
        {
            return None;
        }
        let mut values = Vec::with_capacity(cols.values.len());
        for (c, _, _) in &cols.values {
            match self.sheet.amount(r, *c, &mut self.notes) {
                Ok(v) => values.push(v),
                Err(m) => {
                    self.errors.push(self.sheet.error(r, *c, m));
                    values.push(0);
                }
            }
        }
        let mut key = |c: Option<usize>| {
            let c = c?;
            key_of(self.sheet.cell(r, c)).unwrap_or_else(|m| {
                self.errors.push(self.sheet.error(r, c, m));
                None
            })
        };
        let (own, parent) = (key(cols.key), key(cols.parent_key));
        let locked = match cols.locked {
            Some(c) => match self.sheet.cell(r, c) {
                Data::Bool(b) => *b,
                d => parse_locked(&cell_text(d)).unwrap_or_else(|m| {
                    self.errors.push(self.sheet.error(r, c, m));
                    false
                }),
            },
            None => false,
        };
        let note = self.sheet.text(r, cols.note);
        Some(RowIn {
            row: r + 1,
            key: own,
            parent_key: parent,
            path: self.sheet.text(r, cols.path),
            id: self.sheet.text(r, cols.id),
            name: self.sheet.text(r, cols.name),
            values,
            locked,
            note: (!note.is_empty()).then_some(note),
        })
    }

    /// A sum column whose formula was replaced by a number must still add
    /// up (national's row and every other): else the edit would be lost.
    fn check_sums(&mut self, cols: &Columns) {
        let end = self.sheet.cells.end().map_or(0, |(r, _)| r as usize);
        let kinds = &self.about.kinds;
        for (c, kind, batch) in &cols.sums {
            let parts: Vec<&str> = kinds
                .iter()
                .find(|k| &k.id == kind)
                .map(|k| {
                    if k.sum_of.is_empty() {
                        vec![k.id.as_str()]
                    } else {
                        k.sum_of.iter().map(String::as_str).collect()
                    }
                })
                .unwrap_or_default();
            let summed: Vec<usize> = cols
                .values
                .iter()
                .filter(|(_, k, b)| parts.contains(&k.as_str()) && (batch == "*" || b == batch))
                .map(|v| v.0)
                .collect();
            for r in 1..=end {
                if self.sheet.formula(r, *c).is_some() {
                    continue;
                }
                let d = self.sheet.cell(r, *c);
                if matches!(d, Data::Empty) {
                    continue;
                }
                let Ok(found) = amount_of(d) else {
                    continue;
                };
                let sum: u128 = summed
                    .iter()
                    .map(|&s| u128::from(amount_of(self.sheet.cell(r, s)).unwrap_or(0)))
                    .sum();
                if u128::from(found) != sum {
                    let m = crate::t!(
                        "xlsx-read-sum-differs",
                        found = group_thousands(u128::from(found)),
                        sum = group_thousands(sum)
                    );
                    self.errors.push(self.sheet.error(r, *c, m));
                }
            }
        }
    }

    /// The rows hung into a tree: the top-level inputs, and each node's
    /// sheet row by its child positions (as [`Place::Node`] names it).
    #[allow(clippy::too_many_lines, reason = "one pass hanging each row")]
    fn tree(
        &mut self,
        cols: &Columns,
        national: &RowIn,
        rows: &[RowIn],
    ) -> (Vec<NodeInput>, HashMap<Vec<usize>, usize>) {
        let national_key = national.key.unwrap_or(1);
        let mut by_key: HashMap<u64, usize> = HashMap::new();
        let mut by_path: HashMap<String, usize> = HashMap::new();
        let mut taken: HashSet<String> = rows
            .iter()
            .filter_map(|r| {
                if r.id.is_empty() {
                    r.path.rsplit('/').next().map(str::to_owned)
                } else {
                    Some(r.id.clone())
                }
            })
            .filter(|id| !id.is_empty())
            .collect();
        let key_col = cols.key.unwrap_or(0);
        for (i, r) in rows.iter().enumerate() {
            if let Some(k) = r.key {
                if k == national_key {
                    let m = crate::t!("xlsx-read-duplicate-key", key = k, row = national.row);
                    self.errors.push(self.sheet.error(r.row - 1, key_col, m));
                } else if let Some(&j) = by_key.get(&k) {
                    let m = crate::t!("xlsx-read-duplicate-key", key = k, row = rows[j].row);
                    self.errors.push(self.sheet.error(r.row - 1, key_col, m));
                } else {
                    by_key.insert(k, i);
                }
            }
        }
        // Parent of each row: None at the top level, or a row index.
        let mut parent: Vec<Option<usize>> = vec![None; rows.len()];
        let mut ok = vec![false; rows.len()];
        let mut ids: Vec<String> = vec![String::new(); rows.len()];
        let mut paths: Vec<String> = vec![String::new(); rows.len()];
        let pk_col = cols.parent_key.unwrap_or(0);
        for (i, r) in rows.iter().enumerate() {
            let p = if let Some(pk) = r.parent_key {
                if pk == national_key {
                    Some(None)
                } else {
                    match by_key.get(&pk) {
                        Some(&j) if j < i => ok[j].then_some(Some(j)),
                        Some(&j) => {
                            let m =
                                crate::t!("xlsx-read-parent-later", key = pk, row = rows[j].row);
                            self.errors.push(self.sheet.error(r.row - 1, pk_col, m));
                            None
                        }
                        None => {
                            let m = crate::t!("xlsx-read-no-parent-key", key = pk);
                            self.errors.push(self.sheet.error(r.row - 1, pk_col, m));
                            None
                        }
                    }
                }
            } else if !r.path.is_empty() {
                let up = r.path.rsplit_once('/').map(|(up, _)| up);
                match up.map(|up| (up, by_path.get(up))) {
                    None => Some(None),
                    Some((_, Some(&j))) => ok[j].then_some(Some(j)),
                    Some((up, None)) => {
                        let m = crate::t!("import-no-parent", parent = shown(up));
                        let c = cols.path.unwrap_or(0);
                        self.errors.push(self.sheet.error(r.row - 1, c, m));
                        None
                    }
                }
            } else {
                let m = crate::t!("xlsx-read-whose-row", column = column_letters(pk_col + 1));
                let c = cols.name.unwrap_or(0);
                self.errors.push(self.sheet.error(r.row - 1, c, m));
                None
            };
            let Some(p) = p else {
                continue;
            };
            let id = if !r.id.is_empty() {
                r.id.clone()
            } else if let Some(last) = r.path.rsplit('/').next().filter(|s| !s.is_empty()) {
                last.to_owned()
            } else {
                let stem = p.map_or("n", |j| ids[j].as_str()).to_owned();
                // Of these many, one is free.
                let id = (1..=taken.len() + 1)
                    .map(|n| format!("{stem}-{n}"))
                    .find(|c| !taken.contains(c))
                    .unwrap_or_default();
                taken.insert(id.clone());
                let m = crate::t!("xlsx-read-new-id", name = shown(&r.name), id = shown(&id));
                let c = cols.name.unwrap_or(0);
                self.notes.push(self.sheet.error(r.row - 1, c, m));
                id
            };
            paths[i] = match p {
                None => id.clone(),
                Some(j) => format!("{}/{id}", paths[j]),
            };
            by_path.entry(paths[i].clone()).or_insert(i);
            ids[i] = id;
            parent[i] = p;
            ok[i] = true;
        }
        // Assemble, children in row order.
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
        let mut top_rows = Vec::new();
        for i in (0..rows.len()).filter(|&i| ok[i]) {
            match parent[i] {
                Some(j) => children[j].push(i),
                None => top_rows.push(i),
            }
        }
        let mut node_rows = HashMap::new();
        let mut place = Vec::new();
        let top = top_rows
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                place.push(k);
                let n = self.input(cols, rows, &ids, &children, i, &mut place, &mut node_rows);
                place.pop();
                n
            })
            .collect();
        (top, node_rows)
    }

    /// The input of row `i` with its subtree (depth is bounded: each row's
    /// parent is above it, and the plan's rules refuse what is too deep).
    #[allow(clippy::too_many_arguments, reason = "the tree's tables, all read")]
    fn input(
        &self,
        cols: &Columns,
        rows: &[RowIn],
        ids: &[String],
        children: &[Vec<usize>],
        i: usize,
        place: &mut Vec<usize>,
        node_rows: &mut HashMap<Vec<usize>, usize>,
    ) -> NodeInput {
        let r = &rows[i];
        node_rows.insert(place.clone(), r.row);
        let nodes = children[i]
            .iter()
            .enumerate()
            .map(|(k, &c)| {
                place.push(k);
                let n = self.input(cols, rows, ids, children, c, place, node_rows);
                place.pop();
                n
            })
            .collect();
        NodeInput {
            id: ids[i].clone(),
            name: r.name.clone(),
            alloc: self.alloc(cols, &r.values, false),
            locked: r.locked,
            note: r.note.clone(),
            nodes,
        }
    }

    /// Figures by kind id (zeros left out unless `all`).
    fn alloc(&self, cols: &Columns, values: &[u64], all: bool) -> Vec<(QuotaKey, Amounts)> {
        let batched = !self.about.batches.is_empty();
        let mut out: Vec<(QuotaKey, Amounts)> = Vec::new();
        for ((_, kind, batch), &v) in cols.values.iter().zip(values) {
            if v == 0 && !all {
                continue;
            }
            let slot = if let Some(p) = out.iter().position(|(k, _)| **k == **kind) {
                p
            } else {
                let empty = if batched {
                    Amounts::ByBatch(Vec::new())
                } else {
                    Amounts::One(0)
                };
                out.push((kind.as_str().into(), empty));
                out.len() - 1
            };
            match &mut out[slot].1 {
                Amounts::ByBatch(list) => list.push((batch.clone(), v)),
                a => *a = Amounts::One(v),
            }
        }
        out
    }

    fn build(
        mut self,
        cols: &Columns,
        national: &RowIn,
        top: Vec<NodeInput>,
        node_rows: &HashMap<Vec<usize>, usize>,
    ) -> Result<Imported, Vec<ImportError>> {
        let totals = self.alloc(cols, &national.values, true);
        let quotas: Vec<QuotaInput> = self
            .about
            .kinds
            .iter()
            .map(|k| QuotaInput {
                id: k.id.clone(),
                name: k.name.clone(),
                unit: (!k.unit.is_empty()).then(|| k.unit.clone()),
                total: if k.sum_of.is_empty() {
                    Some(
                        totals
                            .iter()
                            .find(|(id, _)| **id == *k.id)
                            .map_or(Amounts::One(0), |(_, a)| a.clone()),
                    )
                } else {
                    None
                },
                sum_of: (!k.sum_of.is_empty()).then(|| k.sum_of.clone()),
            })
            .collect();
        let batches = self.about.batches.iter().map(|(_, b)| b.clone()).collect();
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        match validate::build_with(self.about.meta.clone(), batches, &quotas, top) {
            Ok(plan) => Ok(Imported {
                plan,
                notes: self.notes,
            }),
            Err(found) => {
                for e in &found {
                    let err = self.build_error(cols, e, node_rows, national.row);
                    self.errors.push(err);
                }
                Err(self.errors)
            }
        }
    }

    /// A problem found by the plan's rules, at its cell.
    fn build_error(
        &self,
        cols: &Columns,
        e: &BuildError,
        node_rows: &HashMap<Vec<usize>, usize>,
        national_row: usize,
    ) -> ImportError {
        let about = |row: usize, col: usize| sheet_error(ABOUT, row, col, e.issue.to_string());
        match &e.place {
            Place::Node { path, field } => {
                let row = node_rows.get(path).copied().unwrap_or(2);
                let col = if *field == "name" {
                    cols.name
                } else {
                    cols.id.or(cols.name)
                };
                let hint = if *field == "name" {
                    crate::t!("import-give-name")
                } else {
                    crate::t!("import-id-rules")
                };
                sheet_error(
                    self.sheet.name,
                    row,
                    col.unwrap_or(0) + 1,
                    format!("{}; {hint}", e.issue),
                )
            }
            Place::AllocKey { path, key } | Place::AllocBatch { path, key, .. } => {
                let row = node_rows.get(path).copied().unwrap_or(2);
                let col = cols
                    .values
                    .iter()
                    .find(|(_, k, _)| k == key)
                    .map_or(0, |v| v.0);
                sheet_error(self.sheet.name, row, col + 1, e.issue.to_string())
            }
            Place::QuotaBatch { index, batch } => {
                // A national total: its cell in the national row.
                let kind = self.about.kinds.get(*index).map(|k| k.id.as_str());
                let col = cols
                    .values
                    .iter()
                    .find(|(_, k, b)| Some(k.as_str()) == kind && b == batch)
                    .map_or(0, |v| v.0);
                sheet_error(self.sheet.name, national_row, col + 1, e.issue.to_string())
            }
            Place::Quota { index, field } if *field == "total" => {
                let kind = self.about.kinds.get(*index).map(|k| k.id.as_str());
                let col = cols
                    .values
                    .iter()
                    .find(|(_, k, _)| Some(k.as_str()) == kind)
                    .map_or(0, |v| v.0);
                sheet_error(self.sheet.name, national_row, col + 1, e.issue.to_string())
            }
            Place::Quota { index, .. } => {
                about(self.about.kinds.get(*index).map_or(1, |k| k.row), 2)
            }
            Place::Batch { index, .. } => {
                about(self.about.batches.get(*index).map_or(1, |b| b.0), 2)
            }
            Place::Quotas => about(1, 1),
        }
    }
}
