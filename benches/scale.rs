//! Criterion benchmarks at 1,000, 10,000, 100,000 and 1,000,000 nodes
//! (`ALLOT_BENCH_SIZES=1000,10000` limits the sizes): load, check, save,
//! every engine operation, the visible rows, and an edit with its frame.
//!
//! Run: `cargo bench --bench scale` (filter: `cargo bench --bench scale --
//! set_leaf`). Every benchmark that changes the plan times only the change
//! and undoes it untimed, so that every iteration starts from the same plan.
//! See BENCHMARKS.md.
#![allow(
    clippy::missing_panics_doc,
    clippy::cast_possible_truncation,
    clippy::many_single_char_names,
    reason = "a benchmark program"
)]

#[path = "common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use allot::core::{Editor, NodeIx, Plan, ROOT};
use allot::report::check::consistency_problems;
use allot::storage::{parse_plan, safe, to_json};
use allot::tui::app::App;
use allot::tui::command::Command;
use allot::tui::input::Msg;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput, measurement::WallTime};

/// One size's inputs, made once.
struct Fixture {
    n: usize,
    plan: Plan,
    text: String,
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(n: usize) -> Self {
        let plan = common::plan(n);
        let text = to_json(&plan);
        let dir = tempfile::tempdir().expect("a temporary directory");
        Self { n, plan, text, dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join(format!("plan-{}.json", self.n))
    }
}

/// A group with settings that keep the big sizes short: 10 samples, short
/// warm-up and measurement (criterion switches to flat sampling by itself
/// when an iteration is long).
fn group<'a>(c: &'a mut Criterion, name: &str, n: usize) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10);
    let big = n >= 100_000;
    g.warm_up_time(Duration::from_millis(if big { 300 } else { 500 }));
    g.measurement_time(Duration::from_secs(match n {
        0..100_000 => 2,
        100_000..1_000_000 => 3,
        _ => 5,
    }));
    g
}

fn id(n: usize) -> BenchmarkId {
    BenchmarkId::from_parameter(n)
}

/// Load, check and save: the whole file.
fn files(c: &mut Criterion, f: &Fixture) {
    let bytes = f.text.len() as u64;
    let mut g = group(c, "load", f.n);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function(id(f.n), |b| {
        b.iter_with_large_drop(|| parse_plan(black_box(&f.text)).expect("valid"));
    });
    g.finish();

    let mut g = group(c, "check", f.n);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function(id(f.n), |b| {
        b.iter_with_large_drop(|| {
            let (plan, starts) =
                allot::storage::format::parse_plan_located(black_box(&f.text)).expect("valid");
            let problems = consistency_problems(&plan, Some(&f.text), Some(&starts));
            (plan, problems)
        });
    });
    g.finish();

    // Save as the planner does: serialise, then the safe save (old file to
    // FILE.bak, atomic replace, fsync).
    let path = f.path();
    safe::save(&path, &f.text, None).expect("first save");
    let mut g = group(c, "save", f.n);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function(id(f.n), |b| {
        b.iter(|| {
            let text = to_json(black_box(&f.plan));
            safe::save(&path, &text, None).expect("save")
        });
    });
    g.finish();
}

/// Bench one engine operation: `op` timed, `reset` (an undo) untimed.
fn engine_op(
    c: &mut Criterion,
    name: &str,
    n: usize,
    ed: &mut Editor,
    mut op: impl FnMut(&mut Editor),
    mut reset: impl FnMut(&mut Editor),
) {
    let mut g = group(c, name, n);
    g.bench_function(id(n), |b| {
        b.iter_custom(|iters| common::timed(ed, iters, &mut op, &mut reset));
    });
    g.finish();
}

fn undo(ed: &mut Editor) {
    ed.undo().expect("undo");
}

/// Set, rebalance, scale, fill and undo on the engine.
fn engine(c: &mut Criterion, f: &Fixture) {
    let n = f.n;
    let mut ed = Editor::new(f.plan.clone());

    // Set on a leaf of the main plan (depth 2).
    let leaf = common::enterprise(ed.plan());
    let v = ed.plan().value(leaf, 0);
    engine_op(
        c,
        "set_leaf",
        n,
        &mut ed,
        |ed| {
            ed.set_value(leaf, 0, v - 1).expect("set");
        },
        undo,
    );

    // Set rebalancing among the leaf's siblings (n/31 of them).
    let parent = ed.plan().parent(leaf).expect("a parent");
    let siblings = ed.plan().children(parent).len();
    eprintln!("allot bench: set_rebalance_siblings/{n}: {siblings} siblings");
    engine_op(
        c,
        "set_rebalance_siblings",
        n,
        &mut ed,
        |ed| {
            ed.set_rebalance(leaf, 0, v + 100).expect("rebalance");
        },
        undo,
    );

    // Scale a top-level subtree down by a tenth.
    let p = common::scalable_province(ed.plan());
    let pv = ed.plan().value(p, 0);
    engine_op(
        c,
        "scale_province",
        n,
        &mut ed,
        |ed| {
            ed.scale(p, 0, pv - pv / 10).expect("scale");
        },
        undo,
    );

    // Undo of that scale (the scale itself, redone, untimed). Applied here
    // rather than left over from above, which a filter may have skipped.
    ed.scale(p, 0, pv - pv / 10).expect("scale");
    let mut g = group(c, "undo_scale", n);
    g.bench_function(id(n), |b| {
        b.iter_custom(|iters| {
            common::timed(&mut ed, iters, undo, |ed| {
                ed.redo().expect("redo");
            })
        });
    });
    g.finish();
    // Back to the plan as generated.
    ed.undo().expect("undo");

    // Fill a province's remainder among its children.
    let (fp, fq) = common::fillable(ed.plan());
    engine_op(
        c,
        "fill_province",
        n,
        &mut ed,
        |ed| {
            ed.fill(fp, fq).expect("fill");
        },
        undo,
    );
    drop(ed);

    // Set on a deep leaf (depth 5 plan of the same size).
    let mut deep = Editor::new(common::deep_plan(n));
    let leaf = common::deepest_leaf(deep.plan());
    let v = deep.plan().value(leaf, 0);
    eprintln!(
        "allot bench: set_deep_leaf/{n}: a leaf at depth {}",
        deep.plan().depth(leaf)
    );
    engine_op(
        c,
        "set_deep_leaf",
        n,
        &mut deep,
        |ed| {
            ed.set_value(leaf, 0, v - 1).expect("set");
        },
        undo,
    );
    drop(deep);

    // Set rebalancing among exactly 3,000 siblings (a parent added to the
    // plan of this size).
    let (plan, first) = common::with_siblings(&f.plan);
    let mut ed = Editor::new(plan);
    let v = ed.plan().value(first, 0);
    engine_op(
        c,
        "set_rebalance_3000",
        n,
        &mut ed,
        |ed| {
            ed.set_rebalance(first, 0, v + 1_000).expect("rebalance");
        },
        undo,
    );
}

/// Bench an app message sequence: `op` timed, `reset` untimed.
fn app_op(
    c: &mut Criterion,
    name: &str,
    n: usize,
    app: &mut App,
    mut op: impl FnMut(&mut App),
    mut reset: impl FnMut(&mut App),
) {
    let mut g = group(c, name, n);
    g.bench_function(id(n), |b| {
        b.iter_custom(|iters| common::timed(app, iters, &mut op, &mut reset));
    });
    g.finish();
}

fn collapse(app: &mut App) {
    app.handle(Msg::Cmd(Command::CollapseAll));
    app.handle(Msg::Cmd(Command::Top));
}

/// The visible rows and the frame.
fn screen(c: &mut Criterion, f: &Fixture) {
    let n = f.n;
    let mut app = common::app(f.plan.clone());

    // Expand all: the command, which rebuilds the rows.
    app_op(
        c,
        "rows_expand_all",
        n,
        &mut app,
        |app| app.handle(Msg::Cmd(Command::ExpandAll)),
        collapse,
    );

    // A search typed key by key, Enter jumping to the match (its province
    // opens, the rows are rebuilt).
    let query = common::far_query(app.plan());
    app_op(
        c,
        "rows_search_jump",
        n,
        &mut app,
        |app| common::type_search(app, &query),
        collapse,
    );

    // Only the rows: open the ancestors of a far node and rebuild.
    let far = app.plan().preorder().last().unwrap_or(ROOT);
    let rows = std::cell::RefCell::new(allot::tui::rows::Rows::new());
    rows.borrow_mut().refresh(app.plan());
    let mut g = group(c, "rows_reveal_refresh", n);
    g.bench_function(id(n), |b| {
        b.iter_custom(|iters| {
            common::timed(
                &mut app,
                iters,
                |app| {
                    let mut rows = rows.borrow_mut();
                    rows.reveal(app.plan(), far);
                    rows.refresh(app.plan());
                    black_box(rows.position(far));
                },
                |app| {
                    let mut rows = rows.borrow_mut();
                    rows.collapse_all();
                    rows.refresh(app.plan());
                },
            )
        });
    });
    g.finish();
    collapse(&mut app);

    // An edit typed in the planner and the next frame on a 200x50 test
    // terminal; undone (and drawn) untimed.
    let mut term = common::terminal();
    let leaf: NodeIx = common::enterprise(app.plan());
    common::select(&mut app, leaf, 1);
    common::draw(&mut term, &app);
    let v = app.plan().value(leaf, 0);
    let mut state = (app, term);
    // The frame alone (nothing changed since the last one).
    let mut g = group(c, "frame_only", n);
    g.bench_function(id(n), |b| {
        b.iter(|| common::draw(&mut state.1, &state.0));
    });
    g.finish();
    app_op_pair(c, "edit_and_frame", n, &mut state, v - 1);
}

fn app_op_pair(
    c: &mut Criterion,
    name: &str,
    n: usize,
    state: &mut (App, ratatui::Terminal<ratatui::backend::TestBackend>),
    value: u64,
) {
    let mut g = group(c, name, n);
    g.bench_function(id(n), |b| {
        b.iter_custom(|iters| {
            common::timed(
                state,
                iters,
                |(app, term)| {
                    assert!(common::type_edit(app, Command::Edit, value));
                    common::draw(term, app);
                },
                |(app, term)| {
                    app.handle(Msg::Cmd(Command::Undo));
                    common::draw(term, app);
                },
            )
        });
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    for n in common::sizes() {
        eprintln!("allot bench: generating the {n}-node plan");
        let f = Fixture::new(n);
        files(&mut c, &f);
        engine(&mut c, &f);
        screen(&mut c, &f);
    }
    c.final_summary();
}
