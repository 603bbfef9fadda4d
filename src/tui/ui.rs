//! Drawing: reads the app state, changes nothing. The main screen is drawn
//! here; the open dialog draws its own part.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Clear, Paragraph, Row as TableRow, Scrollbar, ScrollbarOrientation,
    ScrollbarState, Table, Wrap,
};

use super::app::{App, Source, Tone};
use super::command::{COMMANDS, Command};
use super::config::Theme;
use super::dialogs::Bar;
use super::layout::{Areas, Columns, MIN_SIZE, heading};
use super::line::LineInput;
use super::rows::{Filter, Row, SortKey};
use super::view::DCol;
use crate::core::layout::Sel;
use crate::core::text::{
    cut, fit_pad_left, fit_pad_right, pad_right, printable, truncate, width, wrap,
};
use crate::core::{Plan, ROOT};
use crate::t;

/// Most lines a message takes (it grows upwards over the table).
const MESSAGE_LINES: usize = 3;

/// A path of names joined by " / " in at most `columns`: leading names
/// give way first (to "…"), so the node's own name stays.
fn fit_path(names: &[String], columns: usize) -> String {
    for skip in 0..names.len() {
        let tail = names[skip..].join(" / ");
        let text = if skip == 0 {
            tail
        } else {
            format!("… / {tail}")
        };
        if width(&text) <= columns {
            return text;
        }
    }
    truncate(names.last().map_or("", String::as_str), columns).into_owned()
}

/// A screen with one centred line (while loading).
pub fn notice(frame: &mut Frame<'_>, text: &str) {
    let area = frame.area();
    let y = area.y + area.height / 2;
    frame.render_widget(
        Paragraph::new(text.to_owned()).alignment(Alignment::Center),
        Rect::new(area.x, y, area.width, 1.min(area.height)),
    );
}

/// Draw the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    // The frame is the truth about the size (the app hears of a resize a
    // moment later).
    let areas = Areas::new(frame.area(), app.view().details_shown());
    if areas.too_small {
        let msg = t!(
            "ui-too-small",
            width = areas.full.width,
            height = areas.full.height,
            min_width = MIN_SIZE.0,
            min_height = MIN_SIZE.1
        );
        frame.render_widget(
            Paragraph::new(msg)
                .wrap(Wrap { trim: true })
                .alignment(Alignment::Center),
            areas.full,
        );
        return;
    }
    header(frame, app, areas.header);
    table(frame, app, areas.table);
    if let Some(d) = areas.details {
        details(frame, app, d);
    }
    bottom(frame, app, &areas);
    if let Some(d) = app.dialog() {
        d.draw(frame, app, &areas);
    }
}

fn header(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let plan = app.plan();
    let t = &app.config().theme;
    let meta = plan.meta();
    let title = printable(&meta.title.clone().unwrap_or_else(|| t!("ui-untitled")));
    let file = match app.source() {
        Source::Sample => t!("ui-sample"),
        Source::File { file, exists } => {
            let path = file.shown();
            let name = printable(&path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ));
            if *exists {
                name
            } else {
                t!("ui-new-file", name = name)
            }
        }
    };
    // The right side, most important first: the balance, the file's
    // state, then the view; each gives way to what comes before it, and
    // all of it to the file name.
    let full = usize::from(area.width);
    let mut budget = full.saturating_sub((width(&file) + 8).min(full / 3));
    let mut fit = |text: String| -> String {
        let text = truncate(&text, budget).into_owned();
        budget = budget.saturating_sub(width(&text));
        text
    };
    let (state, color) = balance_state(plan, t);
    let state_span = Span::styled(
        fit(format!(" {state} ")),
        Style::new().fg(Color::Black).bg(color),
    );
    let flag = if let Some(why) = app.read_only() {
        Span::styled(
            fit(format!(" {} ", t!("ui-read-only", why = printable(why)))),
            Style::new()
                .fg(Color::Black)
                .bg(t.over_allocated)
                .add_modifier(Modifier::BOLD),
        )
    } else if let Some(what) = app.busy_with() {
        Span::styled(
            fit(format!(" {what} ")),
            Style::new().fg(t.unallocated).add_modifier(Modifier::BOLD),
        )
    } else if app.dirty() {
        Span::styled(
            fit(format!(" ● {} ", t!("ui-unsaved"))),
            Style::new().fg(t.unallocated).add_modifier(Modifier::BOLD),
        )
    } else {
        Span::raw("")
    };
    // Which batch typing goes into.
    let batch = batch_badge(app).map_or_else(
        || Span::raw(""),
        |text| {
            Span::styled(
                fit(text),
                Style::new()
                    .fg(Color::Black)
                    .bg(t.header)
                    .add_modifier(Modifier::BOLD),
            )
        },
    );
    // A sorted or filtered table says so (the plan keeps its order).
    let view = view_state(app)
        .map(|v| format!(" {v} "))
        .filter(|v| width(v) <= budget)
        .map_or_else(
            || Span::raw(""),
            |v| Span::styled(v, Style::new().fg(t.header).add_modifier(Modifier::BOLD)),
        );
    let right_w = state_span.width() + flag.width() + view.width() + batch.width();
    let room = full.saturating_sub(right_w + 1);
    // The file name always shows: the title gives way first, then the
    // year and the unit.
    let mut info: Vec<String> = Vec::new();
    if let Some(y) = meta.year {
        info.push(y.to_string());
    }
    info.push(printable(plan.unit_label()));
    info.push(file);
    let left = loop {
        let tail = info.join(" · ");
        let tail_w = width(&tail) + 4;
        if tail_w + 8 <= room || info.len() == 1 {
            let title_room = room.saturating_sub(tail_w);
            let t = truncate(&title, title_room);
            break truncate(&format!(" {t} · {tail}"), room).into_owned();
        }
        info.remove(0);
    };
    let pad = usize::from(area.width).saturating_sub(width(&left) + right_w);
    let line = Line::from(vec![
        Span::styled(left, Style::new().fg(t.title).add_modifier(Modifier::BOLD)),
        Span::raw(" ".repeat(pad)),
        view,
        batch,
        flag,
        state_span,
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// Which batches the table shows, for the header (plans with batches).
fn batch_badge(app: &App) -> Option<String> {
    let layout = app.plan().layout();
    if !layout.has_batches() {
        return None;
    }
    Some(match app.view().batch_view() {
        super::view::BatchView::One(b) => format!(
            " {} ",
            t!(
                "ui-editing-batch",
                batch = printable(&layout.batches()[b.min(layout.batches().len() - 1)].name)
            )
        ),
        super::view::BatchView::All => format!(" {} ", t!("ui-all-batches")),
        super::view::BatchView::Cumulative => format!(" {} ", t!("ui-the-year")),
    })
}

/// The plan's balance in words and its colour.
pub fn balance_state(plan: &Plan, theme: &Theme) -> (String, Color) {
    let nq = plan.quotas().len();
    let over: usize = (0..nq).map(|q| plan.stats(q).over_count).sum();
    let open: usize = (0..nq).map(|q| plan.stats(q).unallocated_count).sum();
    if over > 0 {
        (t!("ui-over-allocated", count = over), theme.over_allocated)
    } else if open > 0 {
        (t!("ui-unallocated-count", count = open), theme.unallocated)
    } else {
        (t!("ui-balanced"), theme.balanced)
    }
}

fn remainder_style(app: &App, r: i128) -> Style {
    let t = &app.config().theme;
    Style::new().fg(match r.signum() {
        0 => t.balanced,
        1 => t.unallocated,
        _ => t.over_allocated,
    })
}

#[allow(clippy::too_many_lines, reason = "one table, drawn row by row")]
fn table(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let plan = app.plan();
    let t = &app.config().theme;
    let nf = &app.config().numbers;
    let view = app.view();
    let cols = app.columns();
    let name_w = usize::from(cols.name_width);
    let editing = app.dialog().and_then(super::dialogs::Dialog::editing);
    // Column headers: names for all, or ids for all, cut to the column;
    // the sorted one with its direction.
    let mut label = plan
        .meta()
        .levels
        .first()
        .map_or_else(|| t!("ui-name"), |l| printable(l));
    if cols.clipped {
        label.push_str("  ◂▸ tab");
    }
    let mut head = vec![Cell::from(" "), Cell::from(fit_pad_right(&label, name_w))];
    let sort = view.order().sort;
    let dcols = view.dcols();
    for &(q, _, w) in &cols.quotas {
        let d = dcols[q];
        let style = if view.col() == q + 1 {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        let mut label = printable(&heading(plan, d, cols.named, cols.all_batches));
        if let Some(s) =
            sort.filter(|s| s.kind == d.kind && s.sel == d.sel && s.key != SortKey::Name)
        {
            label.push(if s.descending { '▼' } else { '▲' });
        }
        // Over the figures (the shares to their right have the heading's
        // room when it needs it).
        let sw = usize::from(cols.share_width);
        let (rw, cw) = (usize::from(cols.ref_width), usize::from(cols.change_width));
        let over_figures = usize::from(w).saturating_sub(1 + sw + rw + cw);
        let text = if width(&label) <= over_figures {
            format!(
                "{}{}{}{} ",
                fit_pad_left(&label, over_figures),
                " ".repeat(sw),
                fit_pad_left(&if rw > 0 { t!("ui-ref") } else { String::new() }, rw),
                fit_pad_left(
                    &if cw > 0 {
                        t!("ui-change")
                    } else {
                        String::new()
                    },
                    cw
                )
            )
        } else {
            format!("{} ", fit_pad_left(&label, usize::from(w) - 1))
        };
        head.push(Cell::from(Span::styled(text, style)));
    }
    let rows = view.rows().rows();
    let height = usize::from(area.height.saturating_sub(1));
    let mut lines = Vec::with_capacity(height);
    for (i, row) in rows.iter().enumerate().skip(view.offset()).take(height) {
        let selected = i == view.row();
        let base = if selected {
            Style::new().bg(t.selection_bg)
        } else {
            Style::new()
        };
        let mut cells = Vec::with_capacity(cols.quotas.len() + 2);
        match *row {
            Row::Node { ix, depth } => {
                let node = plan.node(ix);
                cells.push(if node.locked {
                    Cell::from(Span::styled(
                        "L",
                        base.fg(t.locked).add_modifier(Modifier::BOLD),
                    ))
                } else {
                    Cell::from(Span::styled(" ", base))
                });
                let marker = if ix == ROOT || plan.children(ix).is_empty() {
                    "  "
                } else if view.rows().is_expanded(ix) {
                    "▾ "
                } else {
                    "▸ "
                };
                let indent = "  ".repeat(depth.saturating_sub(1));
                let name = if ix == ROOT {
                    t!("ui-national-total")
                } else {
                    printable(&node.name)
                };
                let mut name_style = base;
                if ix == ROOT || depth == 1 {
                    name_style = name_style.add_modifier(Modifier::BOLD);
                }
                if selected && view.col() == 0 {
                    name_style = name_style.add_modifier(Modifier::REVERSED);
                }
                cells.push(Cell::from(Span::styled(
                    fit_pad_right(&format!("{indent}{marker}{name}"), name_w),
                    name_style,
                )));
                for &(q, _, w) in &cols.quotas {
                    let d = dcols[q];
                    let cell = d.cell(plan);
                    let v = plan.figure(ix, d.kind, d.sel);
                    // Computed figures (the cumulative, a derived kind) are
                    // dimmed: they are not typed.
                    let mut style = if cell.is_none() { base.fg(t.dim) } else { base };
                    // A collapsed parent that is over-allocated shows it.
                    if !view.rows().is_expanded(ix)
                        && plan.is_parent(ix)
                        && plan.figure_remainder(ix, d.kind, d.sel) < 0
                    {
                        style = style.fg(t.over_allocated);
                    }
                    if cell.is_some_and(|c| view.is_changed(ix, c)) {
                        style = style.bg(t.changed);
                    }
                    if selected && view.col() == q + 1 {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    if editing.is_some() && editing == cell.map(|c| (ix, c)) {
                        style = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
                    }
                    let share = plan.parent(ix).filter(|_| cols.share_width > 0).map(|p| {
                        share_cell(
                            app,
                            i128::try_from(v).unwrap_or(i128::MAX),
                            plan.figure(p, d.kind, d.sel),
                        )
                    });
                    let refs = reference_segments(app, app.reference_figure(ix, d), Some(v));
                    cells.push(quota_cell(
                        &nf.amount(v),
                        share.as_deref(),
                        w,
                        &cols,
                        style,
                        t,
                        &refs,
                    ));
                }
            }
            Row::Ghost { rix, depth, .. } => {
                cells.push(Cell::from(Span::styled(" ", base)));
                let indent = "  ".repeat(depth.saturating_sub(1));
                let name = app
                    .reference()
                    .map(|r| printable(&r.plan.node(rix).name))
                    .unwrap_or_default();
                let mut s = base.fg(t.dim).add_modifier(Modifier::ITALIC);
                if selected && view.col() == 0 {
                    s = s.add_modifier(Modifier::REVERSED);
                }
                cells.push(Cell::from(Span::styled(
                    fit_pad_right(
                        &format!("{indent}  {}", t!("ui-only-in-reference", name = name)),
                        name_w,
                    ),
                    s,
                )));
                for &(q, _, w) in &cols.quotas {
                    let d = dcols[q];
                    let mut style = base.fg(t.dim);
                    if selected && view.col() == q + 1 {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    let refs = reference_segments(app, app.ghost_figure(rix, d), None);
                    cells.push(quota_cell("·", None, w, &cols, style, t, &refs));
                }
            }
            Row::Rest { parent, depth } => {
                cells.push(Cell::from(Span::styled(" ", base)));
                let indent = "  ".repeat(depth.saturating_sub(1));
                // What national keeps back in a batch is its reserve.
                let label = if parent == ROOT && plan.layout().has_batches() {
                    format!("{indent}  {}", t!("ui-reserve"))
                } else {
                    format!("{indent}  {}", t!("ui-unallocated"))
                };
                // Grey, but never grey on grey when selected.
                let mut s = if selected {
                    base.fg(t.message).add_modifier(Modifier::ITALIC)
                } else {
                    base.fg(t.dim).add_modifier(Modifier::ITALIC)
                };
                if selected && view.col() == 0 {
                    s = s.add_modifier(Modifier::REVERSED);
                }
                cells.push(Cell::from(Span::styled(fit_pad_right(&label, name_w), s)));
                for &(q, _, w) in &cols.quotas {
                    let d = dcols[q];
                    let r = plan.figure_remainder(parent, d.kind, d.sel);
                    let mut style = base.patch(remainder_style(app, r));
                    if selected && view.col() == q + 1 {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    let share = (cols.share_width > 0)
                        .then(|| share_cell(app, r, plan.figure(parent, d.kind, d.sel)));
                    cells.push(quota_cell(
                        &nf.signed(r),
                        share.as_deref(),
                        w,
                        &cols,
                        style,
                        t,
                        &RefSegments::default(),
                    ));
                }
            }
        }
        lines.push(TableRow::new(cells).style(base));
    }
    let mut widths = vec![Constraint::Length(1), Constraint::Length(cols.name_width)];
    widths.extend(cols.quotas.iter().map(|&(_, _, w)| Constraint::Length(w)));
    widths.push(Constraint::Fill(1));
    let table_area = Rect::new(area.x, area.y, area.width.saturating_sub(1), area.height);
    frame.render_widget(
        Table::new(lines, widths)
            .header(TableRow::new(head).style(Style::new().fg(t.header)))
            .column_spacing(0),
        table_area,
    );
    // Where you are in a long plan.
    if rows.len() > height && area.height > 2 {
        let mut state = ScrollbarState::new(rows.len().saturating_sub(height))
            .position(view.offset())
            .viewport_content_length(height);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_style(Style::new().fg(t.dim)),
            Rect::new(area.x, area.y + 1, area.width, area.height - 1),
            &mut state,
        );
    }
}

/// A quota cell: the figure right-aligned, then, when shares are shown,
/// the share of the parent (dimmed), and a space.
fn quota_cell<'a>(
    figure: &str,
    share: Option<&str>,
    w: u16,
    cols: &Columns,
    style: Style,
    t: &Theme,
    refs: &RefSegments,
) -> Cell<'a> {
    let sw = usize::from(cols.share_width);
    let (rw, cw) = (usize::from(cols.ref_width), usize::from(cols.change_width));
    let fw = usize::from(w).saturating_sub(1 + sw + rw + cw);
    let mut spans = vec![Span::styled(fit_pad_left(figure, fw), style)];
    let keep = style.fg.is_some() || style.add_modifier.contains(Modifier::REVERSED);
    let dim = if keep { style } else { style.fg(t.dim) };
    if sw > 0 {
        spans.push(Span::styled(fit_pad_left(share.unwrap_or(""), sw), dim));
    }
    if rw > 0 {
        spans.push(Span::styled(fit_pad_left(&refs.figure, rw), dim));
    }
    if cw > 0 {
        let color = match refs.direction {
            std::cmp::Ordering::Greater => t.balanced,
            std::cmp::Ordering::Less => t.over_allocated,
            std::cmp::Ordering::Equal => t.dim,
        };
        let s = if style.add_modifier.contains(Modifier::REVERSED) {
            style
        } else {
            style.fg(color)
        };
        spans.push(Span::styled(fit_pad_left(&refs.change, cw), s));
    }
    spans.push(Span::styled(" ", style));
    Cell::from(Line::from(spans))
}

/// What a quota cell shows of the reference: its figure, and the change
/// to the plan's figure (difference and percent) with its direction.
#[derive(Debug)]
struct RefSegments {
    figure: String,
    change: String,
    direction: std::cmp::Ordering,
}

impl Default for RefSegments {
    fn default() -> Self {
        Self {
            figure: String::new(),
            change: String::new(),
            direction: std::cmp::Ordering::Equal,
        }
    }
}

/// The reference segments of a cell whose reference figure is `reference`
/// and plan figure `figure` (None: a node only in the reference).
fn reference_segments(app: &App, reference: Option<u128>, figure: Option<u128>) -> RefSegments {
    let nf = &app.config().numbers;
    let Some(r) = reference else {
        return RefSegments {
            figure: if figure.is_some() {
                "—".to_owned()
            } else {
                String::new()
            },
            change: if figure.is_some() {
                t!("ui-new")
            } else {
                String::new()
            },
            direction: std::cmp::Ordering::Equal,
        };
    };
    let change = figure.map_or_else(String::new, |v| {
        let diff = i128::try_from(v).unwrap_or(i128::MAX) - i128::try_from(r).unwrap_or(i128::MAX);
        if diff == 0 {
            "0".to_owned()
        } else {
            let pct = nf
                .share(diff.unsigned_abs(), r)
                .map_or_else(String::new, |p| {
                    format!(" {}{p}", if diff < 0 { "-" } else { "+" })
                });
            format!(
                "{}{}{pct}",
                if diff > 0 { "+" } else { "" },
                nf.signed(diff)
            )
        }
    });
    RefSegments {
        figure: nf.amount(r),
        change,
        direction: figure.map_or(std::cmp::Ordering::Equal, |v| v.cmp(&r)),
    }
}

/// The share of `part` (a figure, or a remainder that may be negative) in
/// the parent's `whole`, for a share column.
fn share_cell(app: &App, part: i128, whole: u128) -> String {
    let text = share_text(app, part.unsigned_abs(), whole);
    if part < 0 { format!("-{text}") } else { text }
}

/// What the table shows of the plan, when not everything in the plan's
/// order: "sorted by rock ▼", "only unallocated (12)".
pub fn view_state(app: &App) -> Option<String> {
    let plan = app.plan();
    let order = app.view().order();
    let mut parts = Vec::new();
    if let Some(s) = order.sort {
        let by = match s.key {
            SortKey::Name => t!("ui-sort-name"),
            key => {
                let q = plan
                    .layout()
                    .kinds()
                    .get(s.kind)
                    .map_or_else(String::new, |_| {
                        let all = app.view().batch_view() == super::view::BatchView::All;
                        printable(&heading(
                            plan,
                            DCol {
                                kind: s.kind,
                                sel: s.sel,
                            },
                            false,
                            all,
                        ))
                    });
                match key {
                    SortKey::Share => t!("ui-sort-share", quota = q),
                    SortKey::Remainder => t!("ui-sort-unallocated", quota = q),
                    _ => q,
                }
            }
        };
        let arrow = if s.descending { "▼" } else { "▲" };
        parts.push(t!("ui-sorted-by", by = by, arrow = arrow));
    }
    let what = match &order.filter {
        Filter::All => None,
        Filter::Unallocated => Some(t!("ui-filter-unallocated")),
        Filter::Over => Some(t!("ui-filter-over")),
        Filter::Problems => Some(t!("ui-filter-problems")),
        Filter::Locked => Some(t!("ui-filter-locked")),
        Filter::Text(t) => Some(format!("\"{}\"", printable(t))),
    };
    if let Some(w) = what {
        let n = app.view().rows().filtered_count().unwrap_or(0);
        parts.push(t!("ui-only", what = w, count = n));
    }
    if let Some(r) = app.reference() {
        parts.push(if r.spread {
            t!("ui-versus-weights", name = r.name.as_str())
        } else {
            t!("ui-versus", name = r.name.as_str())
        });
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn share_text(app: &App, part: u128, whole: u128) -> String {
    app.config()
        .numbers
        .share(part, whole)
        .unwrap_or_else(|| "–".to_owned())
}

#[allow(
    clippy::too_many_lines,
    clippy::many_single_char_names,
    reason = "one panel, top to bottom"
)]
fn details(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let plan = app.plan();
    let t = &app.config().theme;
    let nf = &app.config().numbers;
    let n = app.selected_node();
    let node = plan.node(n);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(t.dim))
        .title(Span::styled(
            format!(
                " {} ",
                t!(
                    "ui-details",
                    key = app.config().keys.label(Command::ToggleDetails)
                )
            ),
            Style::new().fg(t.header),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    // The node's name, then the path above it.
    let names: Vec<String> = plan
        .path_names(n)
        .iter()
        .map(|s| crate::say::node(&printable(s)))
        .collect();
    let room = w.saturating_sub(if node.locked { 8 } else { 0 });
    let own = if n == ROOT {
        t!("ui-national-total")
    } else {
        printable(&node.name)
    };
    let mut title = vec![Span::styled(
        truncate(&own, room).into_owned(),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if node.locked {
        title.push(Span::styled(
            format!("  {}", t!("ui-locked")),
            Style::new().fg(t.locked),
        ));
    }
    lines.push(Line::from(title));
    if n != ROOT {
        lines.push(Line::styled(
            fit_path(&names[..names.len() - 1], w),
            Style::new().fg(t.dim),
        ));
    }
    // Which batches: the selected column's, else the batch viewed (the
    // cumulative when the view is of it).
    let layout = plan.layout();
    let sel = app.selected_dcol().map_or_else(
        || match app.view().batch_view() {
            super::view::BatchView::One(b) => Sel::Batch(b),
            _ => Sel::Cumulative,
        },
        |d| d.sel,
    );
    if layout.has_batches() {
        let what = match sel {
            Sel::Batch(b) => {
                let batch = &layout.batches()[b];
                let mut parts = vec![printable(&batch.name)];
                parts.extend(batch.notice.as_deref().map(printable));
                parts.extend(batch.date.as_deref().map(printable));
                parts.join(" · ")
            }
            Sel::Cumulative => t!("ui-all-n-batches", count = layout.batches().len()),
        };
        lines.push(Line::styled(
            truncate(&what, w).into_owned(),
            Style::new().fg(t.header),
        ));
    }
    // Per quota kind: value, share of parent, own remainder; the figure
    // columns are as wide as their widest figure, never cut.
    let parent = plan.parent(n);
    let nk = layout.kinds().len();
    let figures: Vec<(String, String, String)> = (0..nk)
        .map(|k| {
            let v = plan.figure(n, k, sel);
            let share =
                parent.map_or_else(String::new, |p| share_text(app, v, plan.figure(p, k, sel)));
            let rem = if plan.is_parent(n) {
                nf.signed(plan.figure_remainder(n, k, sel))
            } else {
                "–".to_owned()
            };
            (nf.amount(v), share, rem)
        })
        .collect();
    let vw = figures
        .iter()
        .map(|f| width(&f.0))
        .max()
        .unwrap_or(0)
        .max(5)
        + 1;
    let sw = figures
        .iter()
        .map(|f| width(&f.1))
        .max()
        .unwrap_or(0)
        .max(5)
        + 1;
    let rw = figures
        .iter()
        .map(|f| width(&f.2))
        .max()
        .unwrap_or(0)
        .max(11)
        + 1;
    let qw = w.saturating_sub(vw + sw + rw).max(4);
    lines.push(Line::styled(
        format!(
            "{}{}{}{}",
            pad_right("", qw),
            fit_pad_left(&t!("ui-value"), vw),
            fit_pad_left(&t!("ui-share"), sw),
            fit_pad_left(&t!("ui-unallocated"), rw)
        ),
        Style::new().fg(t.dim),
    ));
    // The kinds by name (as below, over the children), cut to fit; by id
    // when the figures leave too little room for names to be read.
    let by_name = qw >= 12;
    let selected_kind = app.selected_dcol().map(|d| d.kind);
    for (k, kind) in layout.kinds().iter().enumerate() {
        let (v, share, rem) = &figures[k];
        let label = if by_name { &kind.name } else { &kind.id };
        let rem_style = if plan.is_parent(n) {
            remainder_style(app, plan.figure_remainder(n, k, sel))
        } else {
            Style::new().fg(t.dim)
        };
        let mut spans = vec![
            Span::raw(fit_pad_right(&printable(label), qw)),
            Span::raw(fit_pad_left(v, vw)),
            Span::raw(fit_pad_left(share, sw)),
            Span::styled(fit_pad_left(rem, rw), rem_style),
        ];
        if selected_kind == Some(k) {
            for s in &mut spans {
                s.style = s.style.add_modifier(Modifier::BOLD);
            }
        }
        lines.push(Line::from(spans));
    }
    if let Some(note) = &node.note {
        let mut first = true;
        let head = format!("{} ", t!("ui-note"));
        let head_w = width(&head);
        for chunk in wrap(&printable(note), w.saturating_sub(head_w))
            .into_iter()
            .take(3)
        {
            let label = if first {
                head.clone()
            } else {
                " ".repeat(head_w)
            };
            first = false;
            lines.push(Line::from(vec![
                Span::styled(label, Style::new().fg(t.dim)),
                Span::raw(chunk),
            ]));
        }
    }
    recent_changes(app, &mut lines, w, usize::from(inner.height));
    // Children's shares of the selected quota as bars.
    let k = selected_kind.unwrap_or(0);
    let kids = plan.children(n);
    let room = usize::from(inner.height).saturating_sub(lines.len());
    if !kids.is_empty() && k < nk && room < 3 {
        // No room for bars: say where the shares are.
        lines.push(Line::styled(
            truncate(
                &if app.view().shares_shown() {
                    t!("ui-children-shares-shown", count = kids.len())
                } else {
                    t!(
                        "ui-children-shares-key",
                        count = kids.len(),
                        key = app.config().keys.label(Command::ToggleShares)
                    )
                },
                w,
            )
            .into_owned(),
            Style::new().fg(t.dim),
        ));
    } else if !kids.is_empty() && k < nk {
        lines.push(Line::styled(
            truncate(
                &t!("ui-children-of", quota = printable(&layout.kinds()[k].name)),
                w,
            )
            .into_owned(),
            Style::new().fg(t.dim),
        ));
        let total = plan.figure(n, k, sel);
        let label_w = (w / 3).clamp(6, 18);
        let pct_w = 9;
        let bar_w = w.saturating_sub(label_w + pct_w + 2);
        let room = usize::from(inner.height).saturating_sub(lines.len());
        for (i, &c) in kids.iter().enumerate() {
            if i + 1 == room && kids.len() > room {
                lines.push(Line::styled(
                    t!("ui-more", count = kids.len() - i),
                    Style::new().fg(t.dim),
                ));
                break;
            }
            let v = plan.figure(c, k, sel);
            let filled = v
                .saturating_mul(u128::try_from(bar_w).unwrap_or(0))
                .checked_div(total)
                .map_or(0, |f| usize::try_from(f).unwrap_or(bar_w).min(bar_w));
            lines.push(Line::from(vec![
                Span::raw(fit_pad_right(&printable(&plan.node(c).name), label_w)),
                Span::raw(" "),
                Span::styled("█".repeat(filled), Style::new().fg(t.bar)),
                Span::raw(" ".repeat(bar_w - filled)),
                Span::raw(fit_pad_left(&share_text(app, v, total), pct_w)),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The selected node's last few changes in the details panel (saved ones
/// with their time and who, then the unsaved ones), two lines each, as
/// many as leave room for the children's shares below.
fn recent_changes(app: &App, lines: &mut Vec<Line<'_>>, w: usize, height: usize) {
    let t = &app.config().theme;
    let nf = &app.config().numbers;
    let recent = app.recent_changes();
    let fit = height.saturating_sub(lines.len() + 4) / 2;
    let show = recent.len().min(fit);
    if let Some(warning) = app.history_warning().filter(|_| fit > 0) {
        lines.push(Line::styled(
            truncate(&printable(warning), w).into_owned(),
            Style::new().fg(t.error),
        ));
    }
    if show == 0 {
        return;
    }
    lines.push(Line::styled(
        truncate(
            &t!(
                "ui-last-changes",
                key = app.config().keys.label(Command::History)
            ),
            w,
        )
        .into_owned(),
        Style::new().fg(t.dim),
    ));
    for c in &recent[recent.len() - show..] {
        let (when, style) = match &c.time {
            // 2026-12-06T23:50:12Z: the day and the minute.
            Some(time) => (
                format!(
                    "{} {}",
                    time.get(5..16).unwrap_or(time).replace('T', " "),
                    printable(&c.user)
                ),
                Style::new().fg(t.dim),
            ),
            None => (t!("ui-not-saved-yet"), Style::new().fg(t.changed)),
        };
        let figure = format!(
            "{} {} → {}",
            printable(&c.quota),
            nf.amount64(c.old),
            nf.amount64(c.new)
        );
        let room = w.saturating_sub(width(&figure) + 1);
        lines.push(Line::from(vec![
            Span::styled(fit_pad_right(&when, room), style),
            Span::raw(" "),
            Span::raw(figure),
        ]));
        let why = c.reason.as_ref().map_or_else(
            || printable(&c.action),
            |r| format!("{} · {}", printable(r), printable(&c.action)),
        );
        lines.push(Line::styled(
            format!("  {}", truncate(&why, w.saturating_sub(2))),
            Style::new().fg(t.dim),
        ));
    }
}

/// The message line (with a dialog's input or question), the lines a long
/// message needs above it, and the hints.
fn bottom(frame: &mut Frame<'_>, app: &App, areas: &Areas) {
    let t = &app.config().theme;
    let area = areas.message;
    let w = usize::from(area.width);
    let bar = app.dialog().map_or(Bar::Messages, |d| d.bar(app));
    // A long message shows from its start, in at most MESSAGE_LINES lines
    // (fewer above an input); the last says how much more there is and
    // which key shows it whole.
    let message = |limit: usize| {
        app.message().map(|m| {
            let style = match m.tone {
                Tone::Info => Style::new().fg(t.message),
                Tone::Error => Style::new().fg(t.error),
            };
            let mut lines = wrap(&printable(&m.text), w);
            if lines.len() > limit {
                let skipped = lines.len() + 1 - limit;
                lines.truncate(limit - 1);
                lines.push(t!(
                    "ui-more-lines",
                    count = skipped,
                    key = app.config().keys.label(Command::Messages)
                ));
            }
            (lines, style)
        })
    };
    // Lines above the bar, growing upwards over the table.
    let mut above: Vec<(String, Style)> = Vec::new();
    match &bar {
        Bar::Input { label, input } => {
            draw_input(frame, app, area, label, input);
            // What the dialog said (a refusal of what is being typed, the
            // names a completion found) shows above it; the line is clean
            // when a dialog opens.
            if let Some((lines, style)) = message(MESSAGE_LINES - 1) {
                above.extend(lines.into_iter().map(|l| (l, style)));
            }
        }
        Bar::Text(q) => {
            let lines = wrap(q, w);
            let (last, rest) = lines
                .split_last()
                .map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
            let style = Style::new().fg(Color::Black).bg(t.unallocated);
            frame.render_widget(
                Paragraph::new(Span::styled(pad_right(&last, w), style)),
                area,
            );
            above.extend(rest.iter().map(|l| (pad_right(l, w), style)));
        }
        Bar::Messages => {
            if let Some((mut lines, style)) = message(MESSAGE_LINES) {
                let last = lines.pop().unwrap_or_default();
                frame.render_widget(Paragraph::new(Span::styled(last, style)), area);
                above.extend(lines.into_iter().map(|l| (l, style)));
            }
        }
    }
    for (i, (text, style)) in above.iter().rev().enumerate() {
        let Some(y) = area.y.checked_sub(u16::try_from(i + 1).unwrap_or(u16::MAX)) else {
            break;
        };
        let r = Rect::new(area.x, y, area.width, 1);
        frame.render_widget(Clear, r);
        frame.render_widget(
            Paragraph::new(Span::styled(cut(text, w).to_owned(), *style)),
            r,
        );
    }
    hints(frame, app, areas.hints);
}

/// The most columns a prompt's label takes on a line `w` wide: all but 24
/// (a 10^15 figure with separators fits), and at least half.
pub fn label_room(w: usize) -> usize {
    w.saturating_sub(24).max(w / 2)
}

/// A label and a text input that scrolls sideways to keep the cursor in
/// view; a selected prefilled value shows reversed.
fn draw_input(frame: &mut Frame<'_>, app: &App, area: Rect, label: &str, input: &LineInput) {
    let t = &app.config().theme;
    let w = usize::from(area.width);
    // The label gives way to the input on a narrow screen (which keeps
    // room for a figure), keeping the ": " that ends it, so that the value
    // never runs into it.
    let room = label_room(w);
    let label = if width(label) <= room {
        label.to_owned()
    } else {
        match label.strip_suffix(": ") {
            Some(body) => format!("{}: ", truncate(body, room.saturating_sub(2))),
            None => truncate(label, room).into_owned(),
        }
    };
    let label_w = width(&label);
    let room = w.saturating_sub(label_w + 1).max(1);
    let text = printable(input.text());
    let scroll = input.scroll(room);
    // The visible part: skip `scroll` columns, then at most `room`.
    let mut skipped = 0;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if skipped >= scroll {
            start = i;
            break;
        }
        skipped += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        start = i + c.len_utf8();
    }
    let shown = cut(&text[start.min(text.len())..], room).to_owned();
    let text_style = if input.is_selected() {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
    };
    let line = Line::from(vec![
        Span::styled(
            label,
            Style::new().fg(t.header).add_modifier(Modifier::BOLD),
        ),
        Span::styled(shown, text_style),
    ]);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(line), area);
    let x = area.x
        + u16::try_from(label_w + input.visual_cursor().saturating_sub(scroll))
            .unwrap_or(area.width);
    frame.set_cursor_position(Position::new(x.min(area.x + area.width - 1), area.y));
}

/// The commands of the hints bar, most needed first, so that a narrow
/// terminal still shows help, save and quit.
const HINT_ORDER: &[Command] = &[
    Command::Help,
    Command::Edit,
    Command::Save,
    Command::Quit,
    Command::Undo,
    Command::EditRebalance,
    Command::EditScale,
    Command::Fill,
    Command::Export,
    Command::Search,
    Command::NextProblem,
    Command::Sort,
    Command::Filter,
    Command::Lock,
    Command::Toggle,
    Command::AddChild,
];

/// The key-hints bar's entries for the current screen: (keys, label).
pub fn hint_entries(app: &App) -> Vec<(String, String)> {
    if let Some(d) = app.dialog() {
        return d.hints(app);
    }
    HINT_ORDER
        .iter()
        .filter_map(|&c| {
            let h = COMMANDS.iter().find(|s| s.command == c)?.hint_text()?;
            let k = app.config().keys.keys(c).first()?.label();
            Some((k, h))
        })
        .collect()
}

fn hints(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let t = &app.config().theme;
    let mut spans = Vec::new();
    let mut used = 0;
    for (k, l) in hint_entries(app) {
        let w = width(&k) + width(&l) + 3;
        if used + w > usize::from(area.width) {
            break;
        }
        used += w;
        if !k.is_empty() {
            spans.push(Span::styled(
                k,
                Style::new().fg(t.hint_key).add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(l, Style::new().fg(t.dim)));
        spans.push(Span::raw("  "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The help text, from the same key map the key handling uses.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    super::help::lines(&app.config().keys, &app.config().theme)
}

/// What the planner sees of the defects of the screen issue, each drawn on
/// a test terminal.
#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;

    use crate::core::ROOT;
    use crate::tui::app::App;
    use crate::tui::app::tests::{app, type_text};
    use crate::tui::command::Command;
    use crate::tui::dialogs::confirm::{Confirm, Question};
    use crate::tui::input::Msg;

    fn draw(a: &App, w: u16, h: u16) -> Buffer {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| super::draw(f, a)).unwrap();
        t.backend().buffer().clone()
    }

    fn text(b: &Buffer) -> String {
        let a = b.area;
        (0..a.height)
            .map(|y| (0..a.width).map(|x| b[(x, y)].symbol()).collect::<String>() + "\n")
            .collect()
    }

    fn sized(w: u16, h: u16) -> App {
        let mut a = app();
        a.handle(Msg::Resize {
            width: w,
            height: h,
        });
        a
    }

    #[test]
    fn the_changed_on_disk_question_shows_every_answer_at_80x24() {
        let mut a = sized(80, 24);
        a.open(Confirm::boxed(Question::ChangedOnDisk { then_quit: false }));
        let s = text(&draw(&a, 80, 24));
        for answer in [
            "reload it (drop your changes)",
            "overwrite it with yours",
            "save yours elsewhere",
            "cancel",
        ] {
            assert!(s.contains(answer), "{answer}:\n{s}");
        }
        assert!(
            s.contains("changed on disk: [r]eload · [o]verwrite · [s]ave elsewhere · [c]ancel"),
            "{s}"
        );
    }

    #[test]
    fn a_refusal_keeps_its_figures_at_80_columns() {
        let mut a = sized(80, 24);
        let sd = a.plan().find("sd").unwrap();
        a.select(sd, 1);
        a.handle(Msg::StartEdit('9'));
        type_text(&mut a, "000");
        a.handle(Msg::Submit);
        let s = text(&draw(&a, 80, 24));
        // Shandong 3,600 -> 9,000 with nothing left at national: short by
        // all of the 5,400.
        assert!(s.contains("5,400 short"), "{s}");
        assert!(s.contains("5,400 needed"), "{s}");
    }

    #[test]
    fn the_selected_unallocated_label_is_not_grey_on_grey() {
        let mut a = sized(80, 24);
        a.handle(Msg::Cmd(Command::Bottom));
        let buf = draw(&a, 80, 24);
        let row = (0..24)
            .find(|&row| {
                (0..80)
                    .map(|col| buf[(col, row)].symbol())
                    .collect::<String>()
                    .contains("unallocated   ")
            })
            .unwrap();
        let col = (0..80)
            .find(|&col| buf[(col, row)].symbol() == "u")
            .unwrap();
        let cell = &buf[(col, row)];
        assert_ne!(cell.fg, cell.bg, "readable when selected");
        assert_ne!(cell.fg, a.config().theme.dim);
    }

    #[test]
    fn quota_headings_are_all_names_or_all_ids() {
        for (w, h) in [(80, 24), (120, 40), (200, 50)] {
            let a = sized(w, h);
            let s = text(&draw(&a, w, h));
            let head = s.lines().nth(1).unwrap();
            let ids = ["rock", "ion", "smelting"]
                .iter()
                .filter(|id| head.split_whitespace().any(|t| t == **id))
                .count();
            let names = [
                "Rock-type mining",
                "Ion-adsorption mining",
                "Smelting and separation",
            ]
            .iter()
            .filter(|n| head.contains(**n))
            .count();
            assert!(
                (ids == 3 && names == 0) || (ids == 0 && names == 3),
                "{w}x{h}: {head}"
            );
        }
    }

    #[test]
    fn a_huge_figure_is_never_cut_in_the_details() {
        let json = crate::storage::EXAMPLE_2018_JSON
            .replace("\"total\": 100850", "\"total\": 1000000000000000")
            .replace("\"rock\": 69250", "\"rock\": 999999999902601");
        let plan = crate::storage::parse_plan(&json).unwrap();
        let mut a = App::new(
            plan,
            crate::tui::app::Source::Sample,
            crate::tui::config::Config::default(),
            (120, 40),
        );
        a.select(ROOT, 1);
        let s = text(&draw(&a, 120, 40));
        assert!(s.contains("1,000,000,000,000,000"), "{s}");
        assert!(!s.contains("1,000,000,0…"), "{s}");
    }

    #[test]
    fn the_quota_kinds_columns_line_up() {
        let mut a = sized(120, 40);
        a.handle(Msg::Cmd(Command::Quotas));
        let s = text(&draw(&a, 120, 40));
        // In the popup's lines: "rock  Rock-type mining  100,850".
        let col = |line: &str, needle: &str| {
            s.lines()
                .filter(|l| l.contains(line))
                .find_map(|l| {
                    l.find(needle)
                        .map(|i| unicode_width::UnicodeWidthStr::width(&l[..i]))
                })
                .unwrap()
        };
        let (rock, smelting) = ("rock  ", "smelting  ");
        assert_eq!(
            col(rock, "Rock-type mining"),
            col(smelting, "Smelting and separation")
        );
        // Totals end in the same column.
        assert_eq!(col(rock, "100,850"), col(smelting, "115,000"));
    }
}
