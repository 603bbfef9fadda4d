//! Reading a plan back from the CSV layout of [`super::csv`].
//!
//! The reader is a small RFC 4180 parser: fields separated by `,`, records by
//! CRLF, LF or a lone CR (a CR or LF inside quotes is data), quoted fields
//! with `""` for a quote, a UTF-8 byte order mark skipped. Blank lines (and
//! lines of empty cells) are skipped but still counted, so row numbers are
//! the ones a spreadsheet shows.
//!
//! The header starts with `level,path,id,name`; then come quota columns (one
//! per quota id, holding the values), `<quota id>_unallocated` columns
//! (ignored: remainders are recomputed), and the optional `locked` and
//! `note`. A column without a header is allowed while all its cells are
//! empty. The first row after the header is the national row (level 0) with
//! the quota totals; every other row is a node whose parent (its path
//! without the last id) came in an earlier row.
//!
//! Every problem is reported with its row and column, as many as can be
//! found in one pass, sorted by position.

use std::collections::HashMap;

/// The reader's maps of paths and ids: foldhash (fast, seeded).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
use std::ops::ControlFlow;

/// A map with room for `n` keys.
fn sized<K, V>(n: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(n, foldhash::fast::RandomState::default())
}
use std::fmt;

use super::csv::unneutralise;
use crate::core::amount::{MAX_AMOUNT, group_thousands};
use crate::core::model::{MAX_DEPTH, Meta};
use crate::core::text::{self, printable};
use crate::core::validate::{
    self, BuildError, NodeInput, Place, QuotaInput, QuotaKey, check_quota_id,
};
use crate::core::{Plan, ROOT};

/// One problem in a CSV file: 1-based row (as a spreadsheet numbers it: the
/// header is row 1; a record spanning several lines because of a quoted
/// newline counts as one row) and 1-based column (field number), and a
/// message that names the column's header when known and says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Row, from 1 (the header).
    pub row: usize,
    /// Column (field number), from 1.
    pub column: usize,
    /// What is wrong and what to write instead.
    pub message: String,
    /// In a workbook, the sheet (then the place is said as `Allocation!E7`).
    pub sheet: Option<String>,
}

impl ImportError {
    pub(super) fn new(row: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            row,
            column,
            message: message.into(),
            sheet: None,
        }
    }

    /// Where the problem is: `7:5` in a table, `Allocation!E7` in a
    /// workbook (`Allocation` alone for the sheet as a whole, row 0).
    pub fn place(&self) -> String {
        match &self.sheet {
            None => format!("{}:{}", self.row, self.column),
            Some(sheet) if self.row == 0 => sheet.clone(),
            Some(sheet) => format!("{sheet}!{}{}", column_letters(self.column), self.row),
        }
    }
}

/// A spreadsheet's name of column `n` (from 1): `A`, ..., `Z`, `AA`, ...
pub fn column_letters(n: usize) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(d).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.message)
    }
}

/// Read a plan from CSV text in the export layout.
///
/// The quotas are named by their ids; `title` and `unit` become the plan's
/// (blank or None: none); the year is unset and the level names are the
/// defaults. A plan that is over-allocated is returned like any other, as
/// when a JSON plan is loaded.
///
/// # Errors
/// Every problem found, each with its row and column, in file order.
pub fn parse_csv_plan(
    text: &str,
    title: Option<&str>,
    unit: Option<&str>,
) -> Result<Plan, Vec<ImportError>> {
    match fast_plan(text, title, unit) {
        Some(plan) => Ok(plan),
        None => full_plan(text, title, unit),
    }
}

/// [`parse_csv_plan`] the full way: every record read, then the rows, then
/// the plan built from them, every problem found on the way reported.
fn full_plan(
    text: &str,
    title: Option<&str>,
    unit: Option<&str>,
) -> Result<Plan, Vec<ImportError>> {
    let (records, mut errors) = read_records(text);
    let mut data = records.iter().filter(|r| !r.is_blank());
    let Some(head) = data.next() else {
        if errors.is_empty() {
            errors.push(ImportError::new(
                1,
                1,
                crate::t!("import-empty", header = FIXED_TEXT),
            ));
        }
        return Err(errors.sorted());
    };
    let (header, header_errors) = Header::parse(head);
    errors.append(header_errors);
    let Some(header) = header else {
        return Err(errors.sorted());
    };
    for e in &mut errors.kept {
        if e.row > header.row {
            e.message = format!("{}: {}", header.label(e.column - 1), e.message);
        }
    }
    let mut rows = Rows::new(&header, data.clone());
    let mut first = true;
    for rec in data {
        rows.row(rec, first);
        first = false;
    }
    if first {
        rows.errors.push(ImportError::new(
            header.row + 1,
            1,
            crate::t!("import-no-national"),
        ));
    }
    errors.append(std::mem::take(&mut rows.errors));
    let (totals, top, node_rows) = rows.finish();
    let (meta, quotas) = plan_head(&header, totals, title, unit);
    if errors.kept.len() > MAX_ERRORS {
        // More problems than are shown already: the plan rules would only
        // add to the count (and building costs memory).
        return Err(errors.sorted());
    }
    match validate::build(meta, &quotas, top) {
        Ok(plan) if errors.is_empty() => Ok(plan),
        Ok(_) => Err(errors.sorted()),
        Err(build_errors) => {
            let mut found = Problems::default();
            for e in &build_errors {
                found.push(header.build_error(e, &node_rows));
            }
            errors.append(found);
            Err(errors.sorted())
        }
    }
}

/// The plan of a table without a single problem, built row by row straight
/// into the plan as the records are read (no records, tree of inputs or
/// maps of paths held: a million rows take about the plan's memory). None
/// at the first thing out of the ordinary: [`parse_csv_plan`] then reads
/// the table again the full way and says what is wrong and where (the same
/// rules, so a good table gives the same plan either way).
fn fast_plan(text: &str, title: Option<&str>, unit: Option<&str>) -> Option<Plan> {
    let mut header: Option<Header> = None;
    let mut plan: Option<Plan> = None;
    let mut failed = false;
    let problems = each_record(text, &mut |rec| {
        if rec.is_blank() {
            return ControlFlow::Continue(());
        }
        let ok = match (&header, &mut plan) {
            (None, _) => match Header::parse(&rec) {
                (Some(h), found) if found.is_empty() => {
                    header = Some(h);
                    true
                }
                _ => false,
            },
            (Some(h), None) => {
                plan = national_plan(h, &rec, title, unit);
                plan.is_some()
            }
            (Some(h), Some(p)) => add_row(h, p, &rec).is_some(),
        };
        if ok {
            ControlFlow::Continue(())
        } else {
            failed = true;
            ControlFlow::Break(())
        }
    });
    if failed || !problems.is_empty() {
        return None;
    }
    let mut plan = plan?;
    validate::finish_adding(&mut plan);
    Some(plan)
}

/// The plan of the national row `rec` (the first after the header), with
/// no nodes yet; None if the row has anything to say.
fn national_plan(
    header: &Header,
    rec: &Record,
    title: Option<&str>,
    unit: Option<&str>,
) -> Option<Plan> {
    let mut rows = Rows::bare(header);
    rows.check_unnamed(rec);
    let values = rows.values(rec);
    if !rows.errors.is_empty()
        || parse_level(rec.cell(LEVEL)) != Ok(0)
        || !rec.cell(PATH).is_empty()
        || !rec.cell(ID).is_empty()
    {
        return None;
    }
    let (meta, quotas) = plan_head(header, values, title, unit);
    validate::build(meta, &quotas, Vec::new()).ok()
}

/// A table's plan facts and quotas: the quota columns with the national
/// row's `totals`, the title and unit given (blank ones: none).
fn plan_head(
    header: &Header,
    totals: Vec<u64>,
    title: Option<&str>,
    unit: Option<&str>,
) -> (Meta, Vec<QuotaInput>) {
    let quotas = header
        .quota_ids
        .iter()
        .zip(totals)
        .map(|(id, total)| QuotaInput::stored(id, id, total))
        .collect();
    let text_of = |s: Option<&str>| s.filter(|s| !s.trim().is_empty()).map(str::to_owned);
    let meta = Meta {
        title: text_of(title),
        unit: text_of(unit),
        ..Meta::default()
    };
    (meta, quotas)
}

/// Add the node of row `rec` to `plan`; None if the row has anything to
/// say (its parent must be in the plan already, under its path).
fn add_row(header: &Header, plan: &mut Plan, rec: &Record) -> Option<()> {
    let mut rows = Rows::bare(header);
    rows.check_unnamed(rec);
    let level = parse_level(rec.cell(LEVEL)).ok()?;
    let values = rows.values(rec);
    let locked = rows.locked(rec);
    let path = unneutralise(rec.cell(PATH));
    let id = unneutralise(rec.cell(ID));
    if !rows.errors.is_empty() || rows.path_problem(path, id).is_some() {
        return None;
    }
    let depth = path.split('/').count();
    if level != depth {
        return None;
    }
    let parent = match path.rsplit_once('/') {
        None => ROOT,
        Some((up, _)) => {
            let parent_id = up.rsplit_once('/').map_or(up, |(_, last)| last);
            let p = plan.find(parent_id)?;
            (plan.path_ids(p).join("/") == up).then_some(p)?
        }
    };
    let input = rows.input(rec, id, values, locked);
    validate::add_node(plan, parent, input, depth).map(|_| ())
}

/// Errors in file order (stable: equal positions keep their order).
///
/// Only the first error of a cell is kept (a problem the plan rules find
/// again, or a cell that is wrong in two ways).
/// Most problems reported for one table; the rest are counted.
pub const MAX_ERRORS: usize = 100;

/// Problems as they are found. Each stage of reading finds them in file
/// order, so only the first [`MAX_ERRORS`] + 1 of each are kept and the rest
/// are counted: a file with a problem in every cell costs no more memory
/// than a clean one.
#[derive(Debug, Default)]
struct Problems {
    kept: Vec<ImportError>,
    dropped: usize,
    /// Where the first problem not kept is.
    first_dropped: Option<(usize, usize)>,
}

impl Problems {
    fn push(&mut self, e: ImportError) {
        if self.kept.len() <= MAX_ERRORS {
            self.kept.push(e);
        } else {
            self.dropped += 1;
            let at = (e.row, e.column);
            if self.first_dropped.is_none_or(|f| at < f) {
                self.first_dropped = Some(at);
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    fn append(&mut self, other: Self) {
        self.dropped += other.dropped;
        self.first_dropped = match (self.first_dropped, other.first_dropped) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for e in other.kept {
            self.kept.push(e);
        }
    }

    /// The problems in file order, the first [`MAX_ERRORS`] of them and a
    /// line counting the rest.
    fn sorted(self) -> Vec<ImportError> {
        let mut errors = self.kept;
        errors.sort_by_key(|e| (e.row, e.column));
        errors.dedup_by_key(|e| (e.row, e.column));
        let over = errors.len().saturating_sub(MAX_ERRORS);
        if over + self.dropped > 0 {
            let more = over + self.dropped;
            let next = errors.get(MAX_ERRORS).map(|e| (e.row, e.column));
            let (row, column) = match (next, self.first_dropped) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b).unwrap_or((0, 0)),
            };
            errors.truncate(MAX_ERRORS);
            errors.push(ImportError::new(
                row,
                column,
                crate::t!("import-more", count = more),
            ));
        }
        errors
    }
}

/// Text from the file as it appears in a message: control characters
/// replaced, text wider than 40 columns cut to 40 (between grapheme
/// clusters) and followed by `…`.
pub(super) fn shown(s: &str) -> String {
    const MAX: usize = 40;
    let p = printable(s);
    if text::width(&p) > MAX {
        format!("{}…", text::cut(&p, MAX))
    } else {
        p
    }
}

// ----- the RFC 4180 reader -----

/// One record of the file.
#[derive(Debug)]
struct Record {
    /// Row number (1-based; a record spanning lines counts once).
    row: usize,
    /// The fields, unquoted, one after the other (one allocation per
    /// record, not per cell: a table of a million short cells stays small).
    text: String,
    /// Where each field ends in `text`.
    ends: Vec<usize>,
}

impl Record {
    /// A blank line or a line of empty cells.
    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// The number of fields.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The field at `i` (0-based), empty when the record is shorter.
    fn cell(&self, i: usize) -> &str {
        match self.ends.get(i) {
            Some(&end) => {
                let start = if i == 0 { 0 } else { self.ends[i - 1] };
                &self.text[start..end]
            }
            None => "",
        }
    }

    /// The fields in order.
    fn fields(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.cell(i))
    }
}

/// The fields of the record being read.
#[derive(Default)]
struct Fields {
    text: String,
    ends: Vec<usize>,
}

impl Fields {
    /// The current field ends.
    fn end_field(&mut self) {
        self.ends.push(self.text.len());
    }

    /// How many fields have ended.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Nothing read since the last record.
    fn is_empty(&self) -> bool {
        self.ends.is_empty() && self.text.is_empty()
    }

    /// The record, in memory of its own size; ready for the next one.
    fn take(&mut self, row: usize) -> Record {
        let rec = Record {
            row,
            text: self.text.as_str().to_owned(),
            ends: self.ends.clone(),
        };
        self.text.clear();
        self.ends.clear();
        rec
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    Start,
    /// Inside a field that does not start with a quote.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// After the closing quote of a quoted field.
    AfterQuote,
}

/// Split CSV text into records; problems are errors at the field where they
/// are (an unterminated quote: where its field starts, and the rest of the
/// file is lost to it).
fn read_records(text: &str) -> (Vec<Record>, Problems) {
    let mut records = Vec::new();
    let errors = each_record(text, &mut |r| {
        records.push(r);
        ControlFlow::Continue(())
    });
    (records, errors)
}

/// [`read_records`], handing each record to `take` as it is read (until
/// `take` breaks off); the problems found.
fn each_record(text: &str, take: &mut dyn FnMut(Record) -> ControlFlow<()>) -> Problems {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Problems::default();
    let mut fields = Fields::default();
    let mut row = 1;
    let mut state = State::Start;
    let mut quote_start = (1, 1);
    // Whether the current field already has an error (one per field).
    let mut flagged = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if state == State::Quoted {
            if c != '"' {
                fields.text.push(c);
            } else if chars.next_if_eq(&'"').is_some() {
                fields.text.push('"');
            } else {
                state = State::AfterQuote;
            }
            continue;
        }
        match c {
            ',' => {
                fields.end_field();
                state = State::Start;
                flagged = false;
            }
            '\r' | '\n' => {
                if c == '\r' {
                    chars.next_if_eq(&'\n');
                }
                fields.end_field();
                if take(fields.take(row)).is_break() {
                    return errors;
                }
                row += 1;
                state = State::Start;
                flagged = false;
            }
            '"' if state == State::Start => {
                state = State::Quoted;
                quote_start = (row, fields.len() + 1);
            }
            _ => {
                match state {
                    State::Start => state = State::Unquoted,
                    State::Unquoted if c == '"' && !flagged => {
                        errors.push(ImportError::new(
                            row,
                            fields.len() + 1,
                            crate::t!("import-stray-quote"),
                        ));
                        flagged = true;
                    }
                    State::AfterQuote if !flagged => {
                        errors.push(ImportError::new(
                            row,
                            fields.len() + 1,
                            crate::t!("import-after-quote", text = shown(&c.to_string())),
                        ));
                        flagged = true;
                    }
                    _ => {}
                }
                fields.text.push(c);
            }
        }
    }
    if state == State::Quoted {
        errors.push(ImportError::new(
            quote_start.0,
            quote_start.1,
            crate::t!("import-unterminated"),
        ));
    } else if !(state == State::Start && fields.is_empty()) {
        fields.end_field();
        let _ = take(fields.take(row));
    }
    errors
}

// ----- the header -----

/// The columns every file starts with.
const FIXED: [&str; 4] = ["level", "path", "id", "name"];
/// The same, as written in messages.
const FIXED_TEXT: &str = "`level,path,id,name`";
/// Column positions of the fixed columns.
const LEVEL: usize = 0;
const PATH: usize = 1;
const ID: usize = 2;
const NAME: usize = 3;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    /// One of `level`, `path`, `id`, `name`.
    Fixed,
    /// A quota's values (index among the quotas).
    Quota(usize),
    /// Ignored: a remainder, or a column the header has a problem with.
    Ignored,
    /// `locked`.
    Locked,
    /// `note`.
    Note,
    /// No header: its cells must be empty.
    Unnamed,
}

/// The header row, read.
#[derive(Debug)]
struct Header {
    /// Its row number.
    row: usize,
    /// The column names (unneutralised, trimmed).
    names: Vec<String>,
    /// What each column holds.
    cols: Vec<Col>,
    /// Quota ids in column order.
    quota_ids: Vec<String>,
    /// The same, shared by every row's figures.
    quota_keys: Vec<QuotaKey>,
    /// The column (0-based) of each quota.
    quota_cols: Vec<usize>,
}

impl Header {
    /// Read the header; None when its first four columns are wrong (the
    /// rows cannot be read then).
    fn parse(rec: &Record) -> (Option<Self>, Problems) {
        let row = rec.row;
        let names: Vec<String> = rec
            .fields()
            .map(|f| unneutralise(f.trim()).trim().to_owned())
            .collect();
        let mut errors = Problems::default();
        if let Some(e) = fixed_problem(row, &names) {
            errors.push(e);
            return (None, errors);
        }
        let mut cols = vec![Col::Fixed; FIXED.len()];
        let mut quota_ids = Vec::new();
        let mut quota_cols = Vec::new();
        let mut seen: HashMap<&str, usize> =
            FIXED.iter().enumerate().map(|(i, f)| (*f, i)).collect();
        for (i, name) in names.iter().enumerate().skip(FIXED.len()) {
            let err = |m: String| ImportError::new(row, i + 1, m);
            let col = if name.is_empty() {
                Col::Unnamed
            } else if let Some(first) = seen.get(name.as_str()) {
                errors.push(err(crate::t!(
                    "import-duplicate-column",
                    name = shown(name),
                    first = first + 1
                )));
                Col::Ignored
            } else if name == "locked" {
                Col::Locked
            } else if name == "note" {
                Col::Note
            } else if name.ends_with("_unallocated") || name == "key" || name == "parent_key" {
                // Remainders are recomputed; the workbook's helper columns
                // (a row's key, its parent's) are not figures.
                Col::Ignored
            } else if let Some(reserved) = ["level", "path", "id", "name", "locked", "note"]
                .into_iter()
                .find(|r| name.eq_ignore_ascii_case(r))
            {
                errors.push(err(crate::t!(
                    "import-column-case",
                    name = shown(name),
                    want = reserved
                )));
                Col::Ignored
            } else if let Err(m) = check_quota_id(name) {
                errors.push(err(crate::t!(
                    "import-unknown-column",
                    name = shown(name),
                    why = m.to_string()
                )));
                Col::Ignored
            } else {
                quota_ids.push(name.clone());
                quota_cols.push(i);
                Col::Quota(quota_ids.len() - 1)
            };
            if !name.is_empty() {
                seen.entry(name).or_insert(i);
            }
            cols.push(col);
        }
        if quota_ids.is_empty() && errors.is_empty() {
            errors.push(ImportError::new(
                row,
                FIXED.len() + 1,
                crate::t!("import-no-quota-columns"),
            ));
        }
        let header = Self {
            row,
            names,
            cols,
            quota_keys: quota_ids.iter().map(|q| q.as_str().into()).collect(),
            quota_ids,
            quota_cols,
        };
        (Some(header), errors)
    }

    /// The column at `i` (0-based) as named in messages.
    fn label(&self, i: usize) -> String {
        match self.names.get(i) {
            Some(n) if !n.is_empty() => shown(n),
            _ => format!("column {}", i + 1),
        }
    }

    /// What the column at `i` (0-based) holds.
    fn col(&self, i: usize) -> Col {
        self.cols.get(i).copied().unwrap_or(Col::Unnamed)
    }

    /// An error at row `row`, column `i` (0-based), naming the column.
    fn error(&self, row: usize, i: usize, message: &str) -> ImportError {
        ImportError::new(row, i + 1, format!("{}: {message}", self.label(i)))
    }

    /// A problem found by [`validate::build`], at its cell.
    fn build_error(&self, e: &BuildError, node_rows: &NodeRows) -> ImportError {
        let node_row = |path: &[usize]| node_rows.row(path).unwrap_or(self.row + 1);
        let quota_col = |q: usize| self.quota_cols.get(q).copied().unwrap_or(FIXED.len());
        match &e.place {
            Place::Node { path, field } => {
                let (col, hint) = if *field == "name" {
                    (NAME, crate::t!("import-give-name"))
                } else {
                    (ID, crate::t!("import-id-rules"))
                };
                self.error(node_row(path), col, &format!("{}; {hint}", e.issue))
            }
            Place::AllocKey { path, key } => {
                let col = self
                    .quota_ids
                    .iter()
                    .position(|q| q == key)
                    .map_or(FIXED.len(), quota_col);
                self.error(node_row(path), col, &e.issue.to_string())
            }
            Place::Quota { index, field } => {
                let row = if *field == "total" {
                    self.row + 1
                } else {
                    self.row
                };
                self.error(row, quota_col(*index), &e.issue.to_string())
            }
            // (An import has no batches or derived kinds.)
            Place::Quotas
            | Place::QuotaBatch { .. }
            | Place::Batch { .. }
            | Place::AllocBatch { .. } => self.error(self.row, FIXED.len(), &e.issue.to_string()),
        }
    }
}

/// The first problem with the header's first four columns, if any.
fn fixed_problem(row: usize, names: &[String]) -> Option<ImportError> {
    for (i, want) in FIXED.iter().enumerate() {
        let got = names.get(i).map(String::as_str);
        if got == Some(*want) {
            continue;
        }
        let found = names
            .iter()
            .take(6)
            .map(|n| shown(n))
            .collect::<Vec<_>>()
            .join(",");
        let message = match got {
            Some(g) if g.eq_ignore_ascii_case(want) => crate::t!(
                "import-fixed-case",
                column = i + 1,
                found = shown(g),
                want = want,
                header = FIXED_TEXT
            ),
            _ if names.iter().any(|n| n == want) => crate::t!(
                "import-fixed-place",
                want = want,
                column = i + 1,
                header = FIXED_TEXT,
                found = found.as_str()
            ),
            _ => crate::t!(
                "import-fixed-missing",
                want = want,
                header = FIXED_TEXT,
                found = found.as_str()
            ),
        };
        let hint = if names.first().is_some_and(|n| n.contains([';', '\t'])) {
            crate::t!("import-separators")
        } else {
            String::new()
        };
        return Some(ImportError::new(row, i + 1, format!("{message}{hint}")));
    }
    None
}

// ----- the rows -----

/// A node read from a row, waiting for its children.
#[derive(Debug)]
struct Pending {
    row: usize,
    input: NodeInput,
    children: Vec<usize>,
}

/// What a path read so far stands for.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// A node (index in [`Rows::nodes`]).
    Node(usize),
    /// A row with a problem already reported: its children are skipped
    /// without more errors.
    Broken,
}

/// Where a node goes.
#[derive(Debug, Clone, Copy)]
enum Parent {
    /// At the top level.
    National,
    /// Under a node (index in [`Rows::nodes`]).
    Node(usize),
}

/// The data rows, read one by one into a tree.
struct Rows<'h> {
    header: &'h Header,
    errors: Problems,
    /// The national row's number and totals.
    national: Option<(usize, Vec<u64>)>,
    nodes: Vec<Pending>,
    top: Vec<usize>,
    /// Paths read so far.
    paths: FastMap<String, Slot>,
    /// Ids read so far, with their rows.
    ids: FastMap<String, usize>,
    /// The first row of each path in the whole file (to tell a parent that
    /// comes too late from one that is missing).
    path_first_row: FastMap<String, usize>,
}

impl<'h> Rows<'h> {
    fn new<'r>(header: &'h Header, data: impl Iterator<Item = &'r Record>) -> Self {
        // Sized for every row at once: a map that doubles as a million rows
        // come in moves its keys twenty times.
        let rows = data.size_hint().1.unwrap_or(0);
        let mut path_first_row = sized(rows);
        for rec in data {
            path_first_row
                .entry(unneutralise(rec.cell(PATH)).to_owned())
                .or_insert(rec.row);
        }
        Self {
            header,
            errors: Problems::default(),
            national: None,
            nodes: Vec::new(),
            top: Vec::new(),
            paths: sized(rows),
            ids: sized(rows),
            path_first_row,
        }
    }

    /// For reading one row by itself: nothing read before it.
    fn bare(header: &'h Header) -> Self {
        Self {
            header,
            errors: Problems::default(),
            national: None,
            nodes: Vec::new(),
            top: Vec::new(),
            paths: FastMap::default(),
            ids: FastMap::default(),
            path_first_row: FastMap::default(),
        }
    }

    fn error(&mut self, row: usize, col: usize, message: &str) {
        let e = self.header.error(row, col, message);
        self.errors.push(e);
    }

    /// Read one data row (`first`: the first after the header).
    fn row(&mut self, rec: &Record, first: bool) {
        let r = rec.row;
        self.check_unnamed(rec);
        let level = match parse_level(rec.cell(LEVEL)) {
            Ok(l) => Some(l),
            Err(m) => {
                self.error(r, LEVEL, &m);
                None
            }
        };
        let values = self.values(rec);
        let national = level == Some(0) || (first && level.is_none() && rec.cell(PATH).is_empty());
        if national {
            if first {
                for col in [PATH, ID] {
                    let cell = rec.cell(col);
                    if !cell.is_empty() {
                        self.error(
                            r,
                            col,
                            &crate::t!(
                                "import-national-cell",
                                column = FIXED[col],
                                found = shown(cell)
                            ),
                        );
                    }
                }
                self.national = Some((r, values));
            } else if let Some((nr, _)) = self.national {
                self.error(r, LEVEL, &crate::t!("import-second-national", row = nr));
            } else {
                self.error(r, LEVEL, &crate::t!("import-national-first"));
            }
            return;
        }
        if first {
            self.errors.push(ImportError::new(
                r,
                LEVEL + 1,
                crate::t!("import-add-national"),
            ));
        }
        let locked = self.locked(rec);
        self.node(rec, level, values, locked);
    }

    /// Cells in columns without a header must be empty.
    fn check_unnamed(&mut self, rec: &Record) {
        for (i, cell) in rec.fields().enumerate() {
            if self.header.col(i) == Col::Unnamed && !cell.is_empty() {
                self.errors.push(ImportError::new(
                    rec.row,
                    i + 1,
                    crate::t!("import-no-header", column = i + 1, found = shown(cell)),
                ));
            }
        }
    }

    /// The row's values by quota (0 where a cell has a problem).
    fn values(&mut self, rec: &Record) -> Vec<u64> {
        let cols = self.header.quota_cols.clone();
        cols.into_iter()
            .map(|c| {
                parse_amount(rec.cell(c)).unwrap_or_else(|m| {
                    self.error(rec.row, c, &m);
                    0
                })
            })
            .collect()
    }

    fn locked(&mut self, rec: &Record) -> bool {
        let Some(c) = self.header.cols.iter().position(|c| *c == Col::Locked) else {
            return false;
        };
        parse_locked(rec.cell(c)).unwrap_or_else(|m| {
            self.error(rec.row, c, &m);
            false
        })
    }

    fn note(&self, rec: &Record) -> Option<String> {
        let c = self.header.cols.iter().position(|c| *c == Col::Note)?;
        let note = unneutralise(rec.cell(c));
        (!note.is_empty()).then(|| note.to_owned())
    }

    /// The node of row `rec` (its children not yet known).
    fn input(&self, rec: &Record, id: &str, values: Vec<u64>, locked: bool) -> NodeInput {
        NodeInput {
            id: id.to_owned(),
            name: unneutralise(rec.cell(NAME)).to_owned(),
            // Zeros are left out, as in a saved plan (and a table of empty
            // or broken cells costs nothing here).
            alloc: self
                .header
                .quota_keys
                .iter()
                .zip(values)
                .filter(|&(_, v)| v != 0)
                .map(|(q, v)| (q.clone(), v.into()))
                .collect(),
            locked,
            note: self.note(rec),
            nodes: Vec::new(),
        }
    }

    /// Place a node row in the tree, or report why it cannot be.
    fn node(&mut self, rec: &Record, level: Option<usize>, values: Vec<u64>, locked: bool) {
        let r = rec.row;
        let path = unneutralise(rec.cell(PATH));
        let id = unneutralise(rec.cell(ID));
        if let Some((col, m)) = self.path_problem(path, id) {
            self.error(r, col, &m);
            if !path.is_empty() {
                self.paths.entry(path.to_owned()).or_insert(Slot::Broken);
            }
            return;
        }
        let Some(parent) = self.parent(r, path) else {
            self.paths.insert(path.to_owned(), Slot::Broken);
            return;
        };
        let depth = path.split('/').count();
        if let Some(l) = level
            && l != depth
        {
            self.error(
                r,
                LEVEL,
                &crate::t!(
                    "import-level-mismatch",
                    level = l,
                    path = shown(path),
                    depth = depth
                ),
            );
        }
        let input = self.input(rec, id, values, locked);
        let ix = self.nodes.len();
        self.nodes.push(Pending {
            row: r,
            input,
            children: Vec::new(),
        });
        match parent {
            Parent::Node(p) => self.nodes[p].children.push(ix),
            Parent::National => self.top.push(ix),
        }
        self.paths.insert(path.to_owned(), Slot::Node(ix));
        self.ids.insert(id.to_owned(), r);
    }

    /// What is wrong with a row's path and id by themselves (column and
    /// message), if anything.
    fn path_problem(&self, path: &str, id: &str) -> Option<(usize, String)> {
        if path.is_empty() {
            return Some((PATH, crate::t!("import-path-empty", id = shown(id))));
        }
        let segments: Vec<&str> = path.split('/').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Some((PATH, crate::t!("import-path-gap", path = shown(path))));
        }
        if segments.last() != Some(&id) {
            return Some((
                ID,
                crate::t!("import-id-not-last", id = shown(id), path = shown(path)),
            ));
        }
        if segments.len() > MAX_DEPTH {
            return Some((
                PATH,
                crate::t!("import-too-deep", count = segments.len(), max = MAX_DEPTH),
            ));
        }
        self.ids.get(id).map(|first| {
            (
                ID,
                crate::t!("import-duplicate-id", id = shown(id), row = *first),
            )
        })
    }

    /// The parent of the node at `path` in row `r`, or None when there is
    /// none to hang it under (reported unless the parent's own row was).
    fn parent(&mut self, r: usize, path: &str) -> Option<Parent> {
        let Some((p, _)) = path.rsplit_once('/') else {
            return Some(Parent::National);
        };
        match self.paths.get(p) {
            Some(Slot::Node(ix)) => Some(Parent::Node(*ix)),
            Some(Slot::Broken) => None,
            None => {
                let m = match self.path_first_row.get(p) {
                    Some(pr) if *pr > r => {
                        crate::t!("import-parent-later", parent = shown(p), row = *pr)
                    }
                    _ => crate::t!("import-no-parent", parent = shown(p)),
                };
                self.error(r, PATH, &m);
                None
            }
        }
    }

    /// The quota totals, the top-level nodes with their subtrees, and the
    /// row of each node (found by its child positions, as [`Place::Node`]
    /// names it, only when a problem needs it).
    fn finish(mut self) -> (Vec<u64>, Vec<NodeInput>, NodeRows) {
        let totals = self
            .national
            .take()
            .map_or_else(|| vec![0; self.header.quota_ids.len()], |(_, v)| v);
        let mut rows = NodeRows::default();
        let top = std::mem::take(&mut self.top);
        let nodes = top
            .iter()
            .map(|&ix| assemble(&mut self.nodes, ix, &mut rows))
            .collect();
        (totals, nodes, rows)
    }
}

/// Each node's row and number of children, in tree order: 16 bytes a node,
/// where a map keyed by child positions took a vector each.
#[derive(Debug, Default)]
struct NodeRows {
    order: Vec<(usize, usize)>,
    /// The size of each node's subtree, worked out when first needed.
    sizes: std::cell::OnceCell<Vec<usize>>,
}

impl NodeRows {
    /// The row of the node at child positions `path` from the top level.
    fn row(&self, path: &[usize]) -> Option<usize> {
        let sizes = self.sizes.get_or_init(|| {
            let mut sizes = vec![1usize; self.order.len()];
            for i in (0..self.order.len()).rev() {
                let mut j = i + 1;
                for _ in 0..self.order[i].1 {
                    let Some(&s) = sizes.get(j) else { break };
                    sizes[i] += s;
                    j += s;
                }
            }
            sizes
        });
        // The first top-level node is first; a sibling follows a subtree.
        let mut at = 0;
        let step = |at: &mut usize, k: usize| {
            for _ in 0..k {
                *at += sizes.get(*at)?;
            }
            (*at < self.order.len()).then_some(())
        };
        let (first, rest) = path.split_first()?;
        step(&mut at, *first)?;
        for &k in rest {
            if k >= self.order[at].1 {
                return None;
            }
            at += 1;
            step(&mut at, k)?;
        }
        Some(self.order[at].0)
    }
}

/// The input tree under `ix`, recording each node's row in tree order.
/// Recursion is bounded by [`MAX_DEPTH`]: deeper rows are refused.
fn assemble(nodes: &mut [Pending], ix: usize, rows: &mut NodeRows) -> NodeInput {
    let children = std::mem::take(&mut nodes[ix].children);
    rows.order.push((nodes[ix].row, children.len()));
    let mut input = std::mem::take(&mut nodes[ix].input);
    input.nodes = children.iter().map(|&c| assemble(nodes, c, rows)).collect();
    input
}

// ----- cells -----

/// A table's text: UTF-8 (a byte-order mark or not), else GB18030, the
/// encoding Excel on Chinese Windows saves CSV in (and GBK within it); the
/// second value says the table was read as GB18030. None when it is
/// neither.
pub fn decode_table(bytes: Vec<u8>) -> Option<(String, bool)> {
    decode_table_as(bytes, TableEncoding::Auto)
}

/// How a table's text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableEncoding {
    /// UTF-8, else GB18030 ([`decode_table`]).
    #[default]
    Auto,
    /// UTF-8 only.
    Utf8,
    /// GB18030 (and GBK within it) only; a UTF-8 byte-order mark, if any,
    /// is UTF-8 after all.
    Gb18030,
}

/// A table's text in `encoding`, as [`decode_table`] says it.
pub fn decode_table_as(bytes: Vec<u8>, encoding: TableEncoding) -> Option<(String, bool)> {
    let gb18030 = |bytes: &[u8]| {
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| (t.into_owned(), true))
    };
    match encoding {
        TableEncoding::Utf8 => return String::from_utf8(bytes).ok().map(|t| (t, false)),
        TableEncoding::Gb18030 if !bytes.starts_with(b"\xEF\xBB\xBF") => return gb18030(&bytes),
        _ => {}
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some((text, false)),
        Err(e) => gb18030(&e.into_bytes()),
    }
}

/// Characters people put between groups of digits.
const SEPARATORS: &[char] = &[',', ' ', '\u{a0}', '\u{202f}', '\'', '_'];

/// A value cell: a whole number from 0 to 10^15; empty means 0.
pub(super) fn parse_amount(cell: &str) -> Result<u64, String> {
    let s = cell.trim();
    if s.is_empty() {
        return Ok(0);
    }
    // Thousands grouped as spreadsheets save them (`100,850`, `100 850`).
    let plain = grouped_digits(s);
    let s = plain.as_deref().unwrap_or(s);
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.parse::<u64>() {
            Ok(v) if v <= MAX_AMOUNT => Ok(v),
            _ => Err(crate::t!(
                "import-too-large",
                found = shown(s),
                max = group_thousands(u128::from(MAX_AMOUNT))
            )),
        };
    }
    Err(amount_problem(s))
}

/// The digits of `s` when it is a whole number grouped by thousands with
/// one separator throughout (`1,000,000`, `1 000`): a first group of one
/// to three digits, then groups of exactly three.
fn grouped_digits(s: &str) -> Option<String> {
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if !SEPARATORS.contains(&sep) {
        return None;
    }
    let groups: Vec<&str> = s.split(sep).collect();
    let first = groups.first()?;
    let ok = (1..=3).contains(&first.len())
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    ok.then(|| groups.concat())
}

/// Why `s` (trimmed, not plain digits) is not an amount, and what to write.
fn amount_problem(s: &str) -> String {
    let found = shown(s);
    let has_digit = s.chars().any(|c| c.is_ascii_digit());
    let numberish = |t: &str| {
        has_digit
            && t.chars().all(|c| {
                c.is_ascii_digit()
                    || SEPARATORS.contains(&c)
                    || matches!(c, '.' | 'e' | 'E' | '+' | '-')
            })
    };
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if let Some(rest) = s.strip_prefix(['-', '\u{2212}'])
        && numberish(rest)
    {
        return crate::t!("import-negative", found = found);
    }
    if let Some(rest) = s.strip_prefix('+')
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        return crate::t!("import-sign", found = found, plain = rest);
    }
    if s.contains(['e', 'E'])
        && numberish(s)
        && let Ok(v) = s.parse::<f64>()
    {
        return if v.fract() == 0.0 && (0.0..=1e15).contains(&v) {
            crate::t!(
                "import-scientific",
                found = found,
                whole = format!("{v:.0}")
            )
        } else {
            crate::t!("import-scientific-big", found = found)
        };
    }
    if s.matches('.').count() == 1 && numberish(s) && !s.contains(['e', 'E', '+', '-']) {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let int: String = int.chars().filter(char::is_ascii_digit).collect();
        let whole = if int.is_empty() { "0" } else { int.as_str() };
        if frac.chars().all(|c| c == '0') {
            return crate::t!("import-decimal-point", found = found, whole = whole);
        }
        let round = whole
            .parse::<u128>()
            .map(|w| {
                crate::t!(
                    "import-round-to",
                    low = w.to_string(),
                    high = (w + 1).to_string()
                )
            })
            .unwrap_or_default();
        return crate::t!("import-fraction", found = found, round = round);
    }
    if numberish(s) && !s.contains(['e', 'E', '+', '-']) {
        return crate::t!("import-separators-in", found = found, digits = digits);
    }
    crate::t!("import-not-number", found = found)
}

/// A level cell: a whole number.
fn parse_level(cell: &str) -> Result<usize, String> {
    let s = cell.trim();
    let what = crate::t!("import-level-what");
    if s.is_empty() {
        return Err(crate::t!("import-level-empty", what = what));
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        // Too large to be a level is as wrong as any other mismatch.
        return Ok(s.parse().unwrap_or(usize::MAX));
    }
    Err(crate::t!("import-not-level", found = shown(s), what = what))
}

/// A `locked` cell: empty, true/false, yes/no or 1/0, in any case.
pub(super) fn parse_locked(cell: &str) -> Result<bool, String> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "0" => Ok(false),
        "true" | "yes" | "1" => Ok(true),
        _ => Err(crate::t!("import-not-bool", found = shown(cell))),
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn node_rows_are_found_by_child_positions() {
        // A (row 2) with B (3) and C (4), C with D (5); then E (6).
        let rows = NodeRows {
            order: vec![(2, 2), (3, 0), (4, 1), (5, 0), (6, 0)],
            sizes: std::cell::OnceCell::new(),
        };
        for (path, row) in [
            (&[0][..], Some(2)),
            (&[0, 0], Some(3)),
            (&[0, 1], Some(4)),
            (&[0, 1, 0], Some(5)),
            (&[1], Some(6)),
            (&[2], None),
            (&[1, 0], None),
            (&[0, 2], None),
            (&[0, 1, 1], None),
            (&[], None),
        ] {
            assert_eq!(rows.row(path), row, "{path:?}");
        }
    }
    use crate::core::{Editor, ROOT};
    use crate::export::Table;
    use crate::export::csv;
    use crate::storage::{example_2018 as sample, to_json};

    const HEAD: &str = "level,path,id,name,rock,ion,rock_unallocated,ion_unallocated,locked,note";

    /// CSV text from lines, CRLF line ends.
    fn file(lines: &[&str]) -> String {
        let mut s = lines.join("\r\n");
        s.push_str("\r\n");
        s
    }

    /// A small valid file with `extra` lines after the national row and
    /// two nodes.
    fn with(extra: &[&str]) -> String {
        let mut lines = vec![
            HEAD,
            "0,,,national,100,50,0,0,,",
            "1,a,a,A,60,10,10,0,,",
            "2,a/a1,a1,A1,50,10,,,true,n",
        ];
        lines.extend_from_slice(extra);
        file(&lines)
    }

    fn errors(text: &str) -> Vec<ImportError> {
        parse_csv_plan(text, None, None).expect_err("should fail")
    }

    /// The only error, checked to be at `row`, `column` and to contain
    /// `words`.
    #[track_caller]
    fn only(text: &str, row: usize, column: usize, words: &str) -> ImportError {
        let errs = errors(text);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        let e = errs.into_iter().next().unwrap();
        assert_eq!((e.row, e.column), (row, column), "{e}");
        assert!(e.message.contains(words), "{e}");
        e
    }

    fn export(plan: &Plan) -> String {
        csv::write(&Table::new(plan, None, None))
    }

    /// What importing `plan`'s CSV with this title and unit should give.
    fn expected(plan: &Plan, title: &str, unit: &str) -> Plan {
        let mut ed = Editor::new(plan.clone());
        for (q, quota) in plan.quotas().iter().enumerate() {
            ed.relabel_quota(q, &quota.id, &quota.id).unwrap();
        }
        ed.set_title(title).unwrap();
        ed.set_unit(unit).unwrap();
        ed.set_year(None).unwrap();
        ed.set_levels(Meta::default().levels).unwrap();
        ed.into_plan()
    }

    fn node(id: &str, name: &str, alloc: &[(&str, u64)], nodes: Vec<NodeInput>) -> NodeInput {
        NodeInput {
            id: id.into(),
            name: name.into(),
            alloc: alloc
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
            nodes,
            ..NodeInput::default()
        }
    }

    #[test]
    fn text_in_messages_is_cut_at_40_columns() {
        let ascii = "x".repeat(41);
        assert_eq!(shown(&ascii), format!("{}…", "x".repeat(40)));
        assert_eq!(shown(&ascii[..40]), ascii[..40]);
        // 40 columns of Chinese are 20 characters; an accent stays on its
        // letter; an emoji sequence stays whole.
        assert_eq!(
            shown(&"内蒙古".repeat(10)),
            format!("{}内蒙…", "内蒙古".repeat(6))
        );
        let accents = "e\u{301}".repeat(41);
        assert_eq!(shown(&accents), format!("{}…", "e\u{301}".repeat(40)));
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        let t = shown(&format!("{}{family}{family}", "x".repeat(39)));
        assert_eq!(t, format!("{}…", "x".repeat(39)));
        assert_eq!(shown("a\u{1b}[2J"), "a\u{fffd}[2J");
    }

    #[test]
    fn a_good_table_is_read_row_by_row_into_the_same_plan_and_a_bad_one_the_full_way() {
        let generated = crate::report::generate::generate(1_500, 4, 8);
        let mut good = vec![
            export(&sample()),
            export(&generated),
            with(&["1,b,b,B,,5,,,,"]),
            // A child row after another top-level row; blank lines; CRLF
            // and a byte-order mark; quoted cells; a formula-like name.
            with(&["1,b,b,B,,5,,,,", "", "2,a/a2,a2,\"A, \"\"2\"\"\",0,0,,,,"]),
            format!(
                "\u{feff}{}",
                with(&["1,c,c,'=C,1,1,,,,note"]).replace('\n', "\r\n")
            ),
        ];
        good.push(good[1].replace("Inner Mongolia", "内蒙古 x"));
        for (i, text) in good.iter().enumerate() {
            let full = full_plan(text, Some("T"), None);
            assert!(full.is_ok(), "{i}: {:?}", full.err());
            let fast =
                fast_plan(text, Some("T"), None).unwrap_or_else(|| panic!("{i}: row by row"));
            let full = full_plan(text, Some("T"), None).expect("read the full way");
            assert_eq!(to_json(&fast), to_json(&full));
            assert_eq!(fast.audit(), Ok(()));
        }
        // Anything the full way has something to say about: not read row by
        // row, and the full way says it.
        for extra in [
            &["1,b,b,B,,x,,,,"][..],
            &["1,a,a,Again,1,1,,,,"],
            &["2,z/z1,z1,Orphan,1,1,,,,"],
            &["2,b,b,Level,1,1,,,,"],
            &["1,b/c,c,Deep,1,1,,,,"],
            &["1,b,b,B,1,1,,,maybe,"],
            &["0,,,national,1,1,,,,"],
            &["1,b,b,\"B,1,1,,,,"],
            &["1,b,b,B,1,1,,,,,extra"],
            &["3,a/a1/x,x,Under a leaf,1,1,,,,", "1,,e,Empty path,1,1,,,,"],
        ] {
            let text = with(extra);
            assert!(fast_plan(&text, None, None).is_none(), "{extra:?}");
            assert!(parse_csv_plan(&text, None, None).is_err(), "{extra:?}");
        }
        assert!(fast_plan("", None, None).is_none());
        assert!(fast_plan(&file(&[HEAD]), None, None).is_none());
    }

    #[test]
    fn reads_a_small_file() {
        let plan = parse_csv_plan(&with(&["1,b,b,B,,5,,,,"]), Some("T"), Some("t")).unwrap();
        assert_eq!(plan.meta().title.as_deref(), Some("T"));
        assert_eq!(plan.meta().unit.as_deref(), Some("t"));
        assert_eq!(plan.meta().year, None);
        assert_eq!(plan.quotas()[0].name, "rock");
        assert_eq!(plan.values(ROOT), [100, 50]);
        let a1 = plan.find("a1").unwrap();
        assert_eq!(plan.values(a1), [50, 10]);
        assert!(plan.node(a1).locked);
        assert_eq!(plan.node(a1).note.as_deref(), Some("n"));
        let a = plan.find("a").unwrap();
        assert_eq!(plan.node(a).note, None);
        assert_eq!(plan.remainder(a, 0), 10);
        let b = plan.find("b").unwrap();
        assert_eq!(plan.values(b), [0, 5]);
        assert_eq!(plan.children(ROOT), [a, b]);
        plan.audit().unwrap();
    }

    #[test]
    fn sample_round_trips() {
        let plan = sample();
        let imported = parse_csv_plan(&export(&plan), Some("Imported"), Some("t REO")).unwrap();
        assert_eq!(
            to_json(&imported),
            to_json(&expected(&plan, "Imported", "t REO"))
        );
        // Without title and unit: none.
        let imported = parse_csv_plan(&export(&plan), None, Some("  ")).unwrap();
        assert_eq!(imported.meta().title, None);
        assert_eq!(imported.meta().unit, None);
    }

    #[test]
    fn partial_exports_read_back() {
        let plan = sample();
        let sc = plan.find("sc").unwrap();
        let text = csv::write(&Table::new(&plan, None, Some(sc)));
        let imported = parse_csv_plan(&text, None, None).unwrap();
        assert_eq!(imported.len(), plan.preorder_from(sc).count() + 1);
        let text = csv::write(&Table::new(&plan, Some(1), None));
        let imported = parse_csv_plan(&text, None, None).unwrap();
        assert_eq!(imported.children(ROOT).len(), plan.children(ROOT).len());
    }

    #[test]
    fn hostile_names_round_trip() {
        let names = [
            "=1+1",
            "@x",
            "-5",
            "+7",
            "\tTab",
            "\rCR first",
            "a, b, c",
            "say \"hi\"",
            "\"",
            "line 1\nline 2",
            "crlf\r\nend",
            "lone\rcr",
            "内蒙古 稀土, \"北方\"",
            "'quoted",
            "it's",
            "\u{feff}bom",
            "trailing ,",
        ];
        let nodes: Vec<NodeInput> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mut n = node(&format!("n{i}"), name, &[("rock", 1), ("-neg", 2)], vec![]);
                n.note = Some((*name).to_owned());
                n.locked = i % 2 == 0;
                n
            })
            .chain([node(
                "=id",
                "ids",
                &[("rock", 5)],
                vec![
                    node(
                        "-x",
                        "-x",
                        &[("rock", 1)],
                        vec![node("a,b", "@b", &[], vec![])],
                    ),
                    node(
                        "q\"x",
                        "q",
                        &[],
                        vec![node("中", "=中", &[("-neg", 0)], vec![])],
                    ),
                    node("+1", "+", &[], vec![node("@2", "@", &[], vec![])]),
                ],
            )])
            .collect();
        let quotas = [
            QuotaInput {
                id: "rock".into(),
                name: "rock".into(),
                total: Some((1000).into()),
                unit: None,
                sum_of: None,
            },
            QuotaInput {
                id: "-neg".into(),
                name: "-neg".into(),
                total: Some((7).into()),
                unit: None,
                sum_of: None,
            },
        ];
        let meta = Meta {
            title: Some("=T".into()),
            unit: Some("t".into()),
            ..Meta::default()
        };
        let plan = validate::build(meta, &quotas, nodes).unwrap();
        let text = export(&plan);
        assert!(text.contains("'-neg"), "the header is neutralised too");
        let imported = parse_csv_plan(&text, Some("=T"), Some("t")).unwrap();
        assert_eq!(to_json(&imported), to_json(&plan));
        // With LF line ends, as an editor may save it.
        let lf = text.replace("\r\n", "\n");
        let imported = parse_csv_plan(&lf, Some("=T"), Some("t")).unwrap();
        let crlf_in_name = plan.find("n10").unwrap();
        assert_eq!(
            imported.node(imported.find("n10").unwrap()).name,
            plan.node(crlf_in_name).name.replace("\r\n", "\n")
        );
    }

    /// A name made of an apostrophe and a formula character comes back
    /// whole (`neutralise` adds one more apostrophe).
    #[test]
    fn apostrophe_formula_names_round_trip() {
        let plan = validate::build(
            Meta::default(),
            &[QuotaInput {
                id: "rock".into(),
                name: "rock".into(),
                total: Some((1).into()),
                unit: None,
                sum_of: None,
            }],
            vec![node("'=x", "'=1+1", &[], vec![])],
        )
        .unwrap();
        let imported = parse_csv_plan(&export(&plan), None, None).unwrap();
        assert_eq!(to_json(&imported), to_json(&plan));
    }

    #[test]
    fn reader_handles_rfc4180() {
        let text = "\u{feff}level,path,id,name,rock\n0,,,\"nat\r\nional\",\"1\"\r\n1,a,a,\"A, \"\"quoted\"\"\nmulti\rline\",7\r\n\r\n,,,,\n1,b,b,B,8";
        let plan = parse_csv_plan(text, None, None).unwrap();
        let a = plan.find("a").unwrap();
        assert_eq!(plan.node(a).name, "A, \"quoted\"\nmulti\rline");
        assert_eq!(plan.value(a, 0), 7);
        assert_eq!(plan.value(ROOT, 0), 1);
        assert!(plan.find("b").is_some());
        // Rows are counted as a spreadsheet shows them: the quoted newlines
        // do not count, the blank lines do.
        let text = "level,path,id,name,rock\n0,,,\"a\nb\nc\",1\n\n1,a,a,\"x\ny\",x";
        only(text, 4, 5, "rock: `x` is not a number");
        let (records, errs) = read_records("a\rb\r\n\"c\rd\"");
        assert!(errs.is_empty());
        let fields: Vec<_> = records
            .iter()
            .map(|r| (r.row, r.fields().map(str::to_owned).collect::<Vec<_>>()))
            .collect();
        assert_eq!(
            fields,
            [
                (1, vec!["a".to_owned()]),
                (2, vec!["b".to_owned()]),
                (3, vec!["c\rd".to_owned()])
            ]
        );
    }

    #[test]
    fn a_flood_of_errors_is_cut_to_the_first_hundred() {
        let mut csv = String::from("level,path,id,name,rock\r\n0,,,national,1000\r\n");
        for i in 0..300 {
            csv += &["1,n", &i.to_string(), ",n", &i.to_string(), ",N,x\r\n"].concat();
        }
        let errs = errors(&csv);
        assert_eq!(errs.len(), MAX_ERRORS + 1);
        assert!(
            errs[MAX_ERRORS].message.contains("200 more problems"),
            "{:?}",
            errs[MAX_ERRORS]
        );
    }

    #[test]
    fn error_empty_file() {
        for text in ["", "\u{feff}", "\r\n\r\n", ",,,\n"] {
            only(text, 1, 1, "the file is empty");
        }
    }

    #[test]
    fn error_no_national_row() {
        only(&file(&[HEAD]), 2, 1, "no national row");
        let e = only(
            &file(&[HEAD, "1,a,a,A,1,,,,,"]),
            2,
            1,
            "must be the national row",
        );
        assert_eq!(e.to_string(), format!("2:1: {}", e.message));
    }

    #[test]
    fn error_two_national_rows() {
        only(
            &with(&["0,,,again,1,1,,,,"]),
            5,
            1,
            "a second national row (level 0): the national row is row 2",
        );
    }

    #[test]
    fn error_national_row_not_first() {
        let errs = errors(&file(&[HEAD, "1,a,a,A,1,,,,,", "0,,,national,1,1,,,,"]));
        let at: Vec<_> = errs.iter().map(|e| (e.row, e.column)).collect();
        assert_eq!(at, [(2, 1), (3, 1)], "{errs:#?}");
        assert!(
            errs[1].message.contains("must be the first row"),
            "{}",
            errs[1]
        );
        only(
            &file(&[HEAD, "0,x,,national,1,1,,,,"]),
            2,
            2,
            "path: the national row (level 0) has no path",
        );
    }

    #[test]
    fn error_bad_number() {
        only(
            &with(&["1,b,b,B,abc,,,,,"]),
            5,
            5,
            "rock: `abc` is not a number",
        );
        only(
            &with(&["1,b,b,B,,1000000000000001,,,,"]),
            5,
            6,
            "ion: `1000000000000001` is above the maximum",
        );
        only(
            &with(&["1,b,b,B,1E+15,,,,,"]),
            5,
            5,
            "write the whole number 1000000000000000",
        );
        only(
            &with(&["1,b,b,B,+5,,,,,"]),
            5,
            5,
            "write the plain number 5",
        );
        // A national total too.
        only(
            &file(&[HEAD, "0,,,national,x,1,,,,"]),
            2,
            5,
            "rock: `x` is not a number",
        );
        // Unallocated columns are ignored, whatever they hold.
        assert!(parse_csv_plan(&with(&["1,b,b,B,1,,junk,-3,,"]), None, None).is_ok());
    }

    #[test]
    fn error_negative() {
        only(&with(&["1,b,b,B,-5,,,,,"]), 5, 5, "rock: `-5` is negative");
    }

    #[test]
    fn error_fraction() {
        only(
            &with(&["1,b,b,B,,12.5,,,,"]),
            5,
            6,
            "ion: `12.5` has a fraction; amounts are whole numbers: round it (12 or 13)",
        );
        only(
            &with(&["1,b,b,B,,12.0,,,,"]),
            5,
            6,
            "write the whole number 12",
        );
    }

    #[test]
    fn a_table_saved_by_chinese_excel_is_read_as_gb18030() {
        let text = "level,path,id,name,rock\r\n0,,,national,100\r\n1,nm,nm,内蒙古,60\r\n";
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(text);
        assert!(!unmappable);
        assert!(String::from_utf8(gbk.to_vec()).is_err(), "not UTF-8");
        let (decoded, gb) = decode_table(gbk.to_vec()).unwrap();
        assert!(gb);
        let plan = parse_csv_plan(&decoded, None, None).unwrap();
        assert_eq!(plan.display_name(plan.find("nm").unwrap()), "内蒙古");
        // UTF-8 stays UTF-8, with or without a byte-order mark.
        let (t, gb) = decode_table(format!("\u{feff}{text}").into_bytes()).unwrap();
        assert!(!gb && t.contains("内蒙古"));
    }

    #[test]
    fn a_workbooks_helper_columns_saved_as_csv_are_not_quota_kinds() {
        let text = file(&[
            "level,path,id,name,rock,rock_unallocated,locked,note,key,parent_key",
            "0,,,national,100,40,,,1,",
            "1,a,a,A,60,,,,2,1",
        ]);
        let plan = parse_csv_plan(&text, None, None).unwrap();
        assert_eq!(plan.quotas().len(), 1, "key and parent_key are not kinds");
        assert_eq!(plan.value(plan.find("a").unwrap(), 0), 60);
    }

    #[test]
    fn thousands_grouped_as_spreadsheets_save_them_are_read() {
        // LibreOffice's "save as CSV" writes "100,850"; others a space or a
        // narrow no-break space between groups of three.
        for cell in ["\"1,000\"", "1 000", "1\u{202f}000", "\"1,000,000\""] {
            let text = with(&[&format!("1,b,b,B,{cell},,,,,")]);
            let plan =
                parse_csv_plan(&text, None, None).unwrap_or_else(|e| panic!("{cell}: {e:?}"));
            let b = plan.find("b").unwrap();
            let want = if cell.contains("000,000") {
                1_000_000
            } else {
                1000
            };
            assert_eq!(plan.value(b, 0), want, "{cell}");
        }
    }

    #[test]
    fn error_separator() {
        // Groups that are not of three, or mixed separators: refused.
        only(
            &with(&["1,b,b,B,\"1,00,0\",,,,,"]),
            5,
            5,
            "rock: `1,00,0` has separators between the digits; write plain digits: 1000",
        );
        only(
            &with(&["1,b,b,B,\"1 000,000\",,,,,"]),
            5,
            5,
            "write plain digits: 1000000",
        );
    }

    #[test]
    fn error_missing_header_column() {
        only(
            &file(&["level,id,name,rock", "0,,national,1"]),
            1,
            2,
            "missing column `path`",
        );
        only(
            &file(&["level,path,id", "0,,"]),
            1,
            4,
            "missing column `name`",
        );
        only(
            &file(&["path,level,id,name,rock", "0,,,n,1"]),
            1,
            1,
            "column `level` must be column 1",
        );
        only(
            &file(&["Level,path,id,name,rock"]),
            1,
            1,
            "write `level` in lower case",
        );
        only(
            &file(&["level,path,id,name", "0,,,n"]),
            1,
            5,
            "no quota columns",
        );
    }

    #[test]
    fn error_unknown_column() {
        let text = file(&["level,path,id,name,rock,rock type,locked", "0,,,n,1,,"]);
        only(&text, 1, 6, "unknown column `rock type`");
        only(
            &file(&["level,path,id,name,rock,Locked", "0,,,n,1,"]),
            1,
            6,
            "write `locked` in lower case",
        );
        only(
            &file(&["level,path,id,name,rock,rock", "0,,,n,1,1"]),
            1,
            6,
            "duplicate column `rock` (also column 5)",
        );
        // An unallocated column for an unknown quota is ignored, and so is
        // an unnamed column while it is empty.
        let text = file(&[
            "level,path,id,name,rock,ion_unallocated,,note",
            "0,,,n,1,5,,",
            "1,a,a,A,1,,,",
        ]);
        assert!(parse_csv_plan(&text, None, None).is_ok());
        let text = file(&[
            "level,path,id,name,rock,,note",
            "0,,,n,1,,",
            "1,a,a,A,1,x,",
            "1,b,b,B,1,,,y",
        ]);
        let at: Vec<_> = errors(&text).iter().map(|e| (e.row, e.column)).collect();
        assert_eq!(at, [(3, 6), (4, 8)]);
    }

    #[test]
    fn error_duplicate_id() {
        only(
            &with(&["1,b,b,B,,,,,,", "2,b/a1,a1,X,,,,,,"]),
            6,
            3,
            "id: duplicate id `a1` (also in row 4)",
        );
        only(
            &with(&["1,a,a,A,,,,,,"]),
            5,
            3,
            "duplicate id `a` (also in row 3)",
        );
    }

    #[test]
    fn error_parent_missing_or_late() {
        only(
            &with(&["2,x/y,y,Y,,,,,,"]),
            5,
            2,
            "path: there is no row for the parent `x`",
        );
        let e = only(
            &with(&["2,b/c,c,C,,,,,,", "3,b/c/d,d,D,,,,,,", "1,b,b,B,,,,,,"]),
            5,
            2,
            "the parent `b` comes later, in row 7",
        );
        assert!(e.message.contains("move this row below it"), "{e}");
    }

    #[test]
    fn error_level_mismatch() {
        only(
            &with(&["1,a/b,b,B,,,,,,"]),
            5,
            1,
            "level: level 1 does not match the path `a/b`, which has 2 ids; write 2",
        );
        only(
            &with(&["one,b,b,B,,,,,,"]),
            5,
            1,
            "level: `one` is not a level",
        );
    }

    #[test]
    fn error_path_id_mismatch() {
        only(
            &with(&["1,b,c,B,,,,,,"]),
            5,
            3,
            "id: the id `c` is not the last part of the path `b`",
        );
        only(&with(&["1,,b,B,,,,,,"]), 5, 2, "path: the path is empty");
        only(&with(&["2,a//b,b,B,,,,,,"]), 5, 2, "has an empty part");
    }

    #[test]
    fn error_bad_locked() {
        only(
            &with(&["1,b,b,B,,,,,maybe,"]),
            5,
            9,
            "locked: `maybe` is not true or false",
        );
        for ok in ["TRUE", "False", "yes", "No", "1", "0", " true "] {
            parse_csv_plan(&with(&[&format!("1,b,b,B,,,,,{ok},")]), None, None).unwrap();
        }
    }

    #[test]
    fn error_unterminated_quote() {
        only(
            &with(&["1,b,b,\"B,,,,,,", "1,c,c,C,,,,,,"]),
            5,
            4,
            "unterminated quote",
        );
        only("level,path,id,\"name", 1, 4, "unterminated quote");
    }

    #[test]
    fn error_stray_quotes() {
        only(
            &with(&["1,b,b,B\"x,,,,,,"]),
            5,
            4,
            "name: a quote (\") inside a cell",
        );
        only(
            &with(&["1,b,b,\"B\"x,,,,,,"]),
            5,
            4,
            "name: text after the closing quote",
        );
    }

    #[test]
    fn errors_from_the_plan_rules_point_at_cells() {
        only(
            &with(&["1,b ,b ,B,,,,,,"]),
            5,
            3,
            "spaces at the start or end",
        );
        only(
            &with(&["1,b,b,,,,,,,"]),
            5,
            4,
            "name: name is empty; give the node a name",
        );
    }

    #[test]
    fn collects_every_error_in_file_order() {
        let text = with(&[
            "1,b,b,B,-1,x,,,maybe,",
            "9,c,c,C,1.5,,,,,",
            "2,q/r,r,R,,,,,,",
        ]);
        let at: Vec<_> = errors(&text).iter().map(|e| (e.row, e.column)).collect();
        assert_eq!(at, [(5, 5), (5, 6), (5, 9), (6, 1), (6, 5), (7, 2)]);
        // Children of a broken row are skipped without more errors.
        let text = with(&["1,b,x,B,,,,,,", "2,b/c,c,C,,,,,,", "3,b/c/d,d,D,,,,,,"]);
        assert_eq!(errors(&text).len(), 1);
    }

    #[test]
    fn nesting_is_limited() {
        let mut lines = vec![HEAD.to_owned(), "0,,,n,1,1,,,,".to_owned()];
        let mut path = String::new();
        for i in 0..=MAX_DEPTH {
            if i > 0 {
                path.push('/');
            }
            write!(path, "n{i}").unwrap();
            lines.push(format!("{},{path},n{i},N,,,,,,", i + 1));
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        only(&file(&refs), MAX_DEPTH + 3, 2, "more than 50 levels deep");
    }

    /// A random plan: up to 12 nodes, each under national or an earlier
    /// node, with names and ids from characters that CSV and spreadsheets
    /// treat specially.
    fn arb_plan() -> impl Strategy<Value = Plan> {
        let node = (
            any::<prop::sample::Index>(),
            "[=+@\t\r\n,\" a内'-]{0,6}",
            "[=+@,\"a中'-]{0,3}",
            prop::collection::vec(0..=MAX_AMOUNT, 2),
            any::<bool>(),
            prop::option::of("[=\r\n,\"x-]{0,5}"),
        );
        (prop::collection::vec(node, 0..12), 0..=MAX_AMOUNT).prop_map(|(specs, total)| {
            let n = specs.len();
            let mut parent = vec![None; n];
            let mut made: Vec<NodeInput> = Vec::new();
            for (i, (p, name, id, values, locked, note)) in specs.into_iter().enumerate() {
                let choice = p.index(i + 1);
                parent[i] = choice.checked_sub(1);
                made.push(NodeInput {
                    id: format!("{id}#{i}"),
                    name: format!("{name}N"),
                    alloc: vec![
                        ("rock".into(), values[0].into()),
                        ("ion".into(), values[1].into()),
                    ],
                    locked,
                    note: note.filter(|s| !s.is_empty()),
                    nodes: Vec::new(),
                });
            }
            // Hang children under parents, last first so indices stay valid.
            let mut slots: Vec<Option<NodeInput>> = made.into_iter().map(Some).collect();
            let mut top = Vec::new();
            for i in (0..n).rev() {
                let item = slots[i].take().unwrap();
                match parent[i] {
                    Some(p) => slots[p].as_mut().unwrap().nodes.insert(0, item),
                    None => top.insert(0, item),
                }
            }
            let quotas = ["rock", "ion"].map(|q| QuotaInput {
                id: q.into(),
                name: q.into(),
                total: Some((total).into()),
                unit: None,
                sum_of: None,
            });
            let meta = Meta {
                title: Some("T".into()),
                ..Meta::default()
            };
            validate::build(meta, &quotas, top).unwrap()
        })
    }

    proptest! {
        #[test]
        fn export_then_import_gives_the_plan_back(plan in arb_plan()) {
            let imported = parse_csv_plan(&export(&plan), Some("T"), None);
            prop_assert!(imported.is_ok(), "{:?}", imported.err());
            prop_assert_eq!(to_json(&imported.unwrap()), to_json(&plan));
        }

        #[test]
        fn never_panics_on_any_text(text in any::<String>()) {
            let _ = parse_csv_plan(&text, None, None);
        }

        #[test]
        fn never_panics_on_csv_like_text(body in "[0-9a-z,\"\r\n/=' .-]{0,200}") {
            let _ = parse_csv_plan(&body, None, None);
            let text = format!("{HEAD}\r\n0,,,n,1,1,,,,\r\n{body}");
            if let Err(errs) = parse_csv_plan(&text, None, None) {
                prop_assert!(!errs.is_empty());
                for e in errs {
                    prop_assert!(e.row >= 1 && e.column >= 1);
                    prop_assert!(!e.message.chars().any(char::is_control), "{}", e.message);
                }
            }
        }

        /// Random edits of a real export: every error is at a cell that
        /// exists (or one past the end of a row or the file).
        #[test]
        fn edited_exports_give_errors_at_cells(
            edits in prop::collection::vec(
                (any::<prop::sample::Index>(), 0..3usize, "[,\"\r\n0-9a/'=.-]{0,3}"),
                1..6,
            )
        ) {
            let mut text = export(&sample());
            for (at, cut, insert) in edits {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                let mut end = (i + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(i..end, &insert);
            }
            let (records, _) = read_records(&text);
            if let Err(errs) = parse_csv_plan(&text, None, None) {
                let rows = records.last().map_or(1, |r| r.row) + 1;
                for e in errs {
                    prop_assert!(e.row >= 1 && e.row <= rows, "{} of {}", e, rows);
                    // An unterminated quote's record is dropped: its
                    // width is unknown.
                    let width = records
                        .iter()
                        .find(|r| r.row == e.row)
                        .map_or(usize::MAX - 1, |r| r.len().max(5));
                    prop_assert!(e.column >= 1 && e.column <= width + 1, "{} (width {})", e, width);
                }
            }
        }
    }

    #[test]
    fn semicolon_files_get_a_hint() {
        only(
            "level;path;id;name;rock\r\n0;;;n;1\r\n",
            1,
            1,
            "separated by ';'",
        );
    }
}
