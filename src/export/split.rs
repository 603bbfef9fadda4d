//! One allocation file per top-level node: each province or group gets its
//! own subtree, with the national totals for reference, in a file named from
//! its id and made safe for any file system.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use super::{ExportFormat, Part};
use crate::core::layout::{Kind, Layout, Sel};
use crate::core::model::Change;
use crate::core::validate::{Amounts, NodeInput, QuotaInput, alloc_of, build_with, kind_inputs};
use crate::core::{NodeIx, Plan, ROOT};
use crate::storage::file::{FileError, Output, Policy};

/// The totals of a [`subplan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Totals {
    /// The national totals (a table shows what the nation had, and what
    /// this node was given of it).
    National,
    /// What `top` was given: the recipient's own plan, balanced at the top.
    Own,
}

/// The plan of `top`'s subtree alone (all top-level nodes when None), with
/// the `totals` chosen, down to `depth` levels (nodes below become leaves
/// keeping their values).
///
/// # Panics
/// Never: a subtree of a valid plan is a valid plan.
pub fn subplan(plan: &Plan, top: Option<NodeIx>, depth: Option<usize>, totals: Totals) -> Plan {
    fn input(plan: &Plan, n: NodeIx, level: usize, depth: Option<usize>) -> NodeInput {
        let node = plan.node(n);
        NodeInput {
            id: node.id.clone(),
            name: node.name.clone(),
            alloc: alloc_of(plan, n),
            locked: node.locked,
            note: node.note.clone(),
            nodes: if depth.is_none_or(|d| level < d) {
                plan.children(n)
                    .iter()
                    .map(|&c| input(plan, c, level + 1, depth))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
    let mut meta = plan.meta().clone();
    if let Some(top) = top {
        meta.title = Some(match &meta.title {
            Some(t) => format!("{t} · {}", plan.node(top).name),
            None => plan.node(top).name.clone(),
        });
    }
    let quotas = kind_inputs(
        plan,
        match (totals, top) {
            (Totals::Own, Some(t)) => t,
            _ => ROOT,
        },
    );
    let batches = plan.layout().batches().to_vec();
    let tops: Vec<NodeIx> = match top {
        Some(t) => vec![t],
        None => plan.children(ROOT).to_vec(),
    };
    if depth == Some(0) {
        return build_with(meta, batches, &quotas, Vec::new()).expect("a plan of totals is valid");
    }
    let nodes = tops
        .into_iter()
        .map(|t| input(plan, t, plan.depth(t), depth))
        .collect();
    build_with(meta, batches, &quotas, nodes).expect("a subtree of a valid plan is valid")
}

/// A plan without batches holding `plan`'s figures for `sel`: one batch
/// (what the batch's notice lists) or the cumulative of all. Derived kinds
/// stay derived. The title says which.
///
/// # Panics
/// Never: the figures of a valid plan make a valid plan.
pub fn batch_plan(plan: &Plan, sel: Sel) -> Plan {
    let layout = plan.layout();
    let mut meta = plan.meta().clone();
    let what = match sel {
        Sel::Batch(b) => layout
            .batches()
            .get(b)
            .map_or_else(String::new, |x| x.name.clone()),
        Sel::Cumulative => crate::t!("ui-all-batches"),
    };
    if layout.has_batches() {
        meta.title = Some(match &meta.title {
            Some(t) => format!("{t} · {what}"),
            None => what,
        });
    }
    let kinds = layout.kinds();
    let one =
        |n: NodeIx, k: usize| -> u64 { u64::try_from(plan.figure(n, k, sel)).unwrap_or(u64::MAX) };
    let quotas: Vec<QuotaInput> = kinds
        .iter()
        .enumerate()
        .map(|(k, kind)| QuotaInput {
            id: kind.id.clone(),
            name: kind.name.clone(),
            unit: kind.unit.clone(),
            total: (!kind.is_derived()).then(|| one(ROOT, k).into()),
            sum_of: kind
                .is_derived()
                .then(|| kind.sum_of.iter().map(|&p| kinds[p].id.clone()).collect()),
        })
        .collect();
    let stored: Vec<usize> = layout.stored().to_vec();
    let keys: Vec<crate::core::validate::QuotaKey> =
        kinds.iter().map(|k| k.id.as_str().into()).collect();
    let nodes = tree_inputs(plan, ROOT, &|n| {
        stored
            .iter()
            .map(|&k| (keys[k].clone(), one(n, k)))
            .filter(|(_, v)| *v != 0)
            .map(|(id, v)| (id, v.into()))
            .collect()
    });
    build_with(meta, Vec::new(), &quotas, nodes).expect("a batch of a valid plan is valid")
}

/// One column of a table built by [`table_plan`]: its id, name and unit,
/// and which figures of the original plan it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableColumn {
    /// Id (`rock@b1`; `rock` for the cumulative or without batches).
    pub id: String,
    /// Name (`Rock-type mining, First batch`).
    pub name: String,
    /// Its own unit (None: the plan's).
    pub unit: Option<String>,
    /// The kind of the original plan.
    pub kind: usize,
    /// One batch (0 without batches) or the cumulative.
    pub sel: Sel,
}

/// The columns [`table_plan`] makes of `layout` for `sel` (None: each
/// batch and the cumulative side by side), in order.
pub fn table_columns(layout: &Layout, sel: Option<Sel>) -> Vec<TableColumn> {
    let mut columns = Vec::new();
    let column = |id: String, name: String, kind: usize, sel: Sel| TableColumn {
        id,
        name,
        unit: layout.kinds()[kind].unit.clone(),
        kind,
        sel,
    };
    for (k, kind) in layout.kinds().iter().enumerate() {
        match sel {
            Some(s) => columns.push(column(kind.id.clone(), kind.name.clone(), k, s)),
            None if !layout.has_batches() => {
                columns.push(column(kind.id.clone(), kind.name.clone(), k, Sel::Batch(0)));
            }
            None => {
                for (b, batch) in layout.batches().iter().enumerate() {
                    columns.push(column(
                        format!("{}@{}", kind.id, batch.id),
                        format!("{}, {}", kind.name, batch.name),
                        k,
                        Sel::Batch(b),
                    ));
                }
                columns.push(column(
                    kind.id.clone(),
                    crate::t!("split-kind-all-batches", kind = kind.name.as_str()),
                    k,
                    Sel::Cumulative,
                ));
            }
        }
    }
    columns
}

/// A plan without batches whose quota kinds are, for every kind of `plan`
/// (derived ones too), one per batch (`rock@b1`, ...) and then the
/// cumulative (`rock`): every figure of the year side by side, for tables.
/// A plan without batches or derived kinds is returned as it is.
pub fn flat_plan(plan: &Plan) -> Plan {
    table_plan(plan, None)
}

/// A plan without batches for tables: every kind of `plan` (derived ones
/// as figures of their own) for `sel` (one batch, or the cumulative), or,
/// when None, for each batch and the cumulative side by side.
///
/// # Panics
/// Never: the figures of a valid plan make a valid plan.
pub fn table_plan(plan: &Plan, sel: Option<Sel>) -> Plan {
    let layout = plan.layout();
    if !layout.has_batches() && layout.kinds().iter().all(|k| !k.is_derived()) {
        return plan.clone();
    }
    let columns = table_columns(layout, sel);
    let mut meta = plan.meta().clone();
    if let (Some(Sel::Batch(b)), true) = (sel, layout.has_batches()) {
        let what = layout.batches()[b].name.clone();
        meta.title = Some(match &meta.title {
            Some(t) => format!("{t} · {what}"),
            None => what,
        });
    }
    let figure = |n: NodeIx, k: usize, sel: Sel| -> u64 {
        u64::try_from(plan.figure(n, k, sel)).unwrap_or(u64::MAX)
    };
    // Built directly: the column ids (`rock@b1`) are not ids a file may
    // give a kind, and the plan is valid already.
    let kinds_out: Vec<Kind> = columns
        .iter()
        .map(|c| Kind {
            id: c.id.clone(),
            name: c.name.clone(),
            unit: c.unit.clone(),
            sum_of: Vec::new(),
        })
        .collect();
    let mut flat = Plan::with_layout(meta, Layout::new(kinds_out, Vec::new()));
    let values =
        |n: NodeIx| -> Vec<u64> { columns.iter().map(|c| figure(n, c.kind, c.sel)).collect() };
    for (q, v) in values(ROOT).into_iter().enumerate() {
        flat.apply(Change::Value {
            node: ROOT,
            quota: q,
            value: v,
        });
    }
    // Parents before children: each node hangs under its parent's copy.
    let mut copies = std::collections::HashMap::new();
    copies.insert(ROOT, ROOT);
    for n in plan.preorder().skip(1) {
        let node = plan.node(n);
        let parent = copies[&plan.parent(n).unwrap_or(ROOT)];
        let index = flat.children(parent).len();
        let c = flat.create_with(
            node.id.clone(),
            node.name.clone(),
            &values(n),
            node.locked,
            node.note.clone(),
        );
        flat.apply(Change::Attach {
            node: c,
            parent,
            index,
        });
        copies.insert(n, c);
    }
    flat
}

/// The nodes under `n` as input, with the figures `alloc` gives.
fn tree_inputs(
    plan: &Plan,
    n: NodeIx,
    alloc: &dyn Fn(NodeIx) -> Vec<(crate::core::validate::QuotaKey, Amounts)>,
) -> Vec<NodeInput> {
    plan.children(n)
        .iter()
        .map(|&c| {
            let node = plan.node(c);
            NodeInput {
                id: node.id.clone(),
                name: node.name.clone(),
                alloc: alloc(c),
                locked: node.locked,
                note: node.note.clone(),
                nodes: tree_inputs(plan, c, alloc),
            }
        })
        .collect()
}

/// Names Windows reserves, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "CONIN$",
    "CONOUT$",
];

/// A file name stem made from a node id that is safe on any file system: no
/// separators or characters Windows forbids, no control characters, no bidi
/// controls or zero-width characters (which disguise a name), not `.`
/// or `..`, not hidden, not a reserved device name, not too long.
pub fn safe_stem(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_control() || crate::core::text::is_invisible(c) || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Windows drops trailing dots and spaces; a leading dot hides the file.
    while s.ends_with(['.', ' ']) {
        s.pop();
        s.push('_');
    }
    if s.starts_with('.') {
        s.replace_range(0..1, "_");
    }
    if s.trim().is_empty() {
        s = "_".repeat(s.len().max(1));
    }
    let base = s.split('.').next().unwrap_or("").trim_end().to_uppercase();
    if RESERVED.contains(&base.as_str()) {
        s.insert(0, '_');
    }
    // File systems limit names to 255 bytes; keep well below, cutting on a
    // character boundary.
    if s.len() > 150 {
        let mut end = 150;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// File names for `ids` with `ext`: safe, and distinct even on file systems
/// that ignore case (collisions get `-2`, `-3`, ...).
pub fn file_names(ids: &[&str], ext: &str) -> Vec<String> {
    let mut taken = HashSet::new();
    ids.iter()
        .map(|id| {
            let stem = safe_stem(id);
            let mut name = format!("{stem}.{ext}");
            let mut k = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{stem}-{k}.{ext}");
                k += 1;
            }
            name
        })
        .collect()
}

/// Why a split was not written.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    /// Files of these names exist and replacing them was not allowed.
    #[error("{} {} already in the folder", .0.len(), if .0.len() == 1 { "file is" } else { "files are" })]
    Exist(Vec<PathBuf>),
    /// One of the files would be the plan itself.
    #[error("{}: that is the plan itself", .0.display())]
    IsThePlan(PathBuf),
    /// The folder or a file could not be made or written.
    #[error("{}: {error}", .path.display())]
    File {
        /// Where.
        path: PathBuf,
        /// What.
        error: FileError,
    },
}

/// The files a split of `plan` into `dir` would write, one per top-level
/// node, checked against `policy` before anything is written (names allot
/// makes up are never written through a symlink: a link there is replaced,
/// with consent, by a new file with the usual permissions).
///
/// # Errors
/// [`SplitError::Exist`] with every file that is in the way,
/// [`SplitError::IsThePlan`], or the error of looking.
pub fn plan_split(
    plan: &Plan,
    dir: &Path,
    format: ExportFormat,
    policy: &Policy,
) -> Result<Vec<(NodeIx, Output)>, SplitError> {
    let policy = Policy {
        follow_links: false,
        ..policy.clone()
    };
    let tops = plan.children(ROOT);
    let ids: Vec<&str> = tops.iter().map(|&t| plan.node(t).id.as_str()).collect();
    let names = file_names(&ids, format.extension());
    let mut outputs = Vec::new();
    let mut exist = Vec::new();
    for (&top, name) in tops.iter().zip(names) {
        let path = dir.join(&name);
        // The name is one plain component, so the file is inside `dir`.
        debug_assert_eq!(path.parent(), Some(dir));
        match Output::check(&path, &policy) {
            Ok(o) => outputs.push((top, o)),
            Err(FileError::Exists) => exist.push(path),
            Err(FileError::IsThePlan) => return Err(SplitError::IsThePlan(path)),
            Err(error) => return Err(SplitError::File { path, error }),
        }
    }
    if exist.is_empty() {
        Ok(outputs)
    } else {
        Err(SplitError::Exist(exist))
    }
}

/// How the files of a split are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SplitOptions {
    /// Show the true national remainder in each file.
    pub national_remainder: bool,
    /// Begin a CSV file with a byte-order mark (for spreadsheets).
    pub bom: bool,
}

/// Write one file per top-level node of `plan` into `dir` (created if
/// missing), after checking every one of them (see [`plan_split`]): either
/// all are written or, when one is in the way, none. Returns the files
/// written.
///
/// # Errors
/// As [`plan_split`]; when the directory cannot be created, a file cannot
/// be written, or the workbook cannot be built.
pub fn write_split(
    plan: &Plan,
    dir: &Path,
    format: ExportFormat,
    depth: Option<usize>,
    policy: &Policy,
    options: SplitOptions,
    history: Option<&[crate::storage::history::Entry]>,
) -> Result<Vec<PathBuf>, SplitError> {
    let fail = |path: &Path, error: FileError| SplitError::File {
        path: path.to_path_buf(),
        error,
    };
    std::fs::create_dir_all(dir).map_err(|e| fail(dir, e.into()))?;
    let outputs = plan_split(plan, dir, format, policy)?;
    let mut written = Vec::new();
    for (node, out) in outputs {
        let part = Part {
            node,
            national_remainder: options.national_remainder,
        };
        let mut bytes = super::render_with(plan, format, depth, Some(part), history)
            .map_err(|e| fail(out.shown(), io::Error::other(e).into()))?;
        if options.bom {
            bytes = super::with_bom(format, bytes);
        }
        out.write(policy, &mut io::sink(), &mut |w, _| w.write_all(&bytes))
            .map_err(|e| fail(out.shown(), e))?;
        written.push(out.shown().to_path_buf());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::example_2018 as sample;

    #[test]
    fn hostile_ids_become_safe_distinct_names() {
        let ids = [
            "..",
            ".",
            "CON",
            "con.txt",
            "a:b",
            "a_b",
            "Nm",
            "nm",
            "a/b",
            " x ",
            "LPT9",
            "ok",
            "bidi\u{202e}vsc.exe",
            "zw\u{200b}j\u{2066}",
        ];
        let names = file_names(&ids, "csv");
        let lower: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(
            lower.len(),
            names.len(),
            "distinct ignoring case: {names:?}"
        );
        for n in &names {
            assert!(!n.contains(['/', '\\', ':']), "{n}");
            assert!(!n.starts_with('.'), "{n}");
            let stem = n.split('.').next().unwrap().to_uppercase();
            assert!(!RESERVED.contains(&stem.as_str()), "{n}");
        }
        assert_eq!(names[11], "ok.csv");
        assert_eq!(names[4], "a_b.csv");
        assert_eq!(names[5], "a_b-2.csv");
        assert_eq!(names[12], "bidi_vsc.exe.csv");
        assert_eq!(names[13], "zw_j_.csv");
    }

    #[test]
    fn subplan_keeps_the_national_totals_and_one_subtree() {
        let plan = sample();
        let nm = plan.find("nm").unwrap();
        let sub = subplan(&plan, Some(nm), None, Totals::National);
        assert_eq!(sub.value(ROOT, 0), 100_850);
        assert_eq!(sub.children(ROOT).len(), 1);
        assert_eq!(sub.len(), 4);
        assert!(sub.is_consistent());
        assert!(
            sub.meta()
                .title
                .as_deref()
                .unwrap()
                .ends_with("Inner Mongolia 内蒙古")
        );
        let cut = subplan(&plan, None, Some(1), Totals::National);
        assert_eq!(cut.len(), 10);
        assert_eq!(cut.value(cut.find("nm").unwrap(), 0), 69_250);
        assert!(cut.is_consistent());
    }

    #[test]
    fn split_writes_one_file_per_top_level_node_inside_dir() {
        let plan = sample();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("split");
        let files = write_split(
            &plan,
            &out,
            ExportFormat::Csv,
            None,
            &Policy::default(),
            SplitOptions::default(),
            None,
        )
        .unwrap();
        assert_eq!(files.len(), plan.children(ROOT).len());
        for f in &files {
            assert_eq!(f.parent(), Some(out.as_path()));
        }
        let sc = std::fs::read_to_string(out.join("sc.csv")).unwrap();
        // The national row shows the national totals, and no remainder: a
        // file holding Sichuan alone cannot say what is left nationally.
        assert!(
            sc.contains("\r\n0,,,national,100850,19150,115000,,,,"),
            "{sc}"
        );
        assert!(sc.contains("\r\n2,sc/sc-jxcu,"));
        assert!(!sc.contains(",nm,"));
    }
}
