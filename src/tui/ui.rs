//! Drawing: reads the app state, changes nothing.

use ratatui::Frame;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::app::{App, Confirm, How, Mode, Prompt, Tone};
use super::command::{COMMANDS, Command};
use super::config::Theme;
use super::layout::{Areas, Columns, MIN_SIZE};
use super::rows::Row;
use crate::core::amount::share_basis_points;
use crate::core::text::printable;
use crate::core::{NodeIx, Plan, ROOT};

/// Cut `s` to at most `width` display columns, ending in `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Break `s` into lines of at most `width` display columns, at spaces where
/// possible.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in s.split(' ') {
        let sep = usize::from(!cur.is_empty());
        if cur.width() + sep + word.width() <= width {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(word);
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        let mut w = 0;
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if w + cw > width && !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
                w = 0;
            }
            cur.push(c);
            w += cw;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// A path of names joined by " / " in at most `width` columns: leading
/// names give way first (to "…"), so the node's own name stays.
fn fit_path(names: &[String], width: usize) -> String {
    for skip in 0..names.len() {
        let tail = names[skip..].join(" / ");
        let text = if skip == 0 {
            tail
        } else {
            format!("… / {tail}")
        };
        if text.width() <= width {
            return text;
        }
    }
    fit(names.last().map_or("", String::as_str), width)
}

fn pad_left(s: &str, width: usize) -> String {
    let s = fit(s, width);
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}

fn pad_right(s: &str, width: usize) -> String {
    let s = fit(s, width);
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
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
    let areas = Areas::new(frame.area());
    if areas.too_small {
        let msg = format!(
            "terminal too small: {}x{}, allot needs at least {}x{}",
            areas.full.width, areas.full.height, MIN_SIZE.0, MIN_SIZE.1
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
    message(frame, app, areas.message);
    hints(frame, app, areas.hints);
    match &app.mode {
        Mode::Help { scroll } => help(frame, app, areas.full, *scroll),
        Mode::Pick {
            matches, selected, ..
        } => pick(frame, app, &areas, matches, *selected),
        Mode::Quotas { selected } => quotas(frame, app, &areas, *selected),
        Mode::Confirm(Confirm::Recover {
            differences,
            file_changed,
            ..
        }) => {
            let mut items = Vec::new();
            if *file_changed {
                items.push("The file was saved after this work began".to_owned());
                items.push("(by another allot or another tool). Restoring".to_owned());
                items.push("keeps the file; saving then asks before".to_owned());
                items.push("replacing it (or save the work elsewhere).".to_owned());
                items.push(String::new());
                items.push("Your unsaved work against the file now:".to_owned());
            } else {
                items.push("What the unsaved work changes:".to_owned());
            }
            items.extend(differences.iter().map(|d| format!("  {d}")));
            list_popup(frame, app, &areas, "unsaved work found", &items, usize::MAX);
        }
        _ => {}
    }
}

fn header(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let plan = app.plan();
    let t = &app.config.theme;
    let meta = plan.meta();
    let title = printable(meta.title.as_deref().unwrap_or("untitled plan"));
    let mut info = Vec::new();
    if let Some(y) = meta.year {
        info.push(y.to_string());
    }
    info.push(printable(plan.unit_label()));
    info.push(match &app.source {
        super::app::Source::Sample => "built-in sample".to_owned(),
        super::app::Source::File { file, exists } => {
            let path = file.shown();
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let name = printable(&name);
            if *exists {
                name
            } else {
                format!("{name} (new)")
            }
        }
    });
    let (state, color) = balance_state(plan, t);
    let state_span = Span::styled(
        format!(" {state} "),
        Style::new().fg(Color::Black).bg(color),
    );
    let dirty = if let Some(why) = &app.read_only {
        Span::styled(
            format!(" READ-ONLY: {} ", printable(why)),
            Style::new()
                .fg(Color::Black)
                .bg(t.over_allocated)
                .add_modifier(Modifier::BOLD),
        )
    } else if app.dirty() {
        Span::styled(
            " ● unsaved ",
            Style::new().fg(t.unallocated).add_modifier(Modifier::BOLD),
        )
    } else {
        Span::raw("")
    };
    let right_w = state_span.width() + dirty.width();
    let left_room = usize::from(area.width).saturating_sub(right_w + 1);
    let left = fit(&format!(" {title} · {}", info.join(" · ")), left_room);
    let pad = usize::from(area.width).saturating_sub(left.width() + right_w);
    let line = Line::from(vec![
        Span::styled(left, Style::new().fg(t.title).add_modifier(Modifier::BOLD)),
        Span::raw(" ".repeat(pad)),
        dirty,
        state_span,
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The plan's balance in words and its colour.
pub fn balance_state(plan: &Plan, theme: &Theme) -> (String, Color) {
    let nq = plan.quotas().len();
    let over: usize = (0..nq).map(|q| plan.stats(q).over_count).sum();
    let open: usize = (0..nq).map(|q| plan.stats(q).unallocated_count).sum();
    if over > 0 {
        (format!("over-allocated ({over})"), theme.over_allocated)
    } else if open > 0 {
        (format!("{open} unallocated"), theme.unallocated)
    } else {
        ("balanced".to_owned(), theme.balanced)
    }
}

fn remainder_style(app: &App, r: i128) -> Style {
    let t = &app.config.theme;
    Style::new().fg(match r.signum() {
        0 => t.balanced,
        1 => t.unallocated,
        _ => t.over_allocated,
    })
}

#[allow(clippy::too_many_lines, reason = "one table, drawn row by row")]
fn table(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let plan = app.plan();
    let t = &app.config.theme;
    let nf = &app.config.numbers;
    let cols = Columns::new(plan, nf, area.width, app.col);
    let name_w = usize::from(cols.name_width);
    // Column headers.
    let mut head = vec![
        Span::raw(" "),
        Span::raw(pad_right(
            &format!(
                "{}{}",
                printable(plan.meta().levels.first().map_or("Name", String::as_str)),
                if cols.clipped { "  ◂▸" } else { "" }
            ),
            name_w,
        )),
    ];
    for &(q, _, w) in &cols.quotas {
        let style = if app.col == q + 1 {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        // The name when it fits, else the short id.
        let quota = &plan.quotas()[q];
        let label = if quota.name.width() < usize::from(w) {
            printable(&quota.name)
        } else {
            printable(&quota.id)
        };
        head.push(Span::styled(
            format!("{} ", pad_left(&label, usize::from(w) - 1)),
            style,
        ));
    }
    let mut lines = vec![Line::from(head).style(Style::new().fg(t.header))];
    let rows = app.rows.rows();
    let height = usize::from(area.height.saturating_sub(1));
    let editing = match &app.mode {
        Mode::Edit { node, quota, .. } => Some((*node, *quota)),
        _ => None,
    };
    for (i, row) in rows.iter().enumerate().skip(app.offset).take(height) {
        let selected = i == app.row;
        let mut spans = Vec::with_capacity(cols.quotas.len() + 2);
        let base = if selected {
            Style::new().bg(t.selection_bg)
        } else {
            Style::new()
        };
        match *row {
            Row::Node { ix, depth } => {
                let node = plan.node(ix);
                spans.push(if node.locked {
                    Span::styled("L", base.fg(t.locked).add_modifier(Modifier::BOLD))
                } else {
                    Span::styled(" ", base)
                });
                let marker = if ix == ROOT || plan.children(ix).is_empty() {
                    "  "
                } else if app.rows.is_expanded(ix) {
                    "▾ "
                } else {
                    "▸ "
                };
                let indent = "  ".repeat(depth.saturating_sub(1));
                let name = if ix == ROOT {
                    "National total".to_owned()
                } else {
                    printable(&node.name)
                };
                let mut name_style = base;
                if ix == ROOT || depth == 1 {
                    name_style = name_style.add_modifier(Modifier::BOLD);
                }
                if selected && app.col == 0 {
                    name_style = name_style.add_modifier(Modifier::REVERSED);
                }
                spans.push(Span::styled(
                    pad_right(&format!("{indent}{marker}{name}"), name_w),
                    name_style,
                ));
                for &(q, _, w) in &cols.quotas {
                    let v = plan.value(ix, q);
                    let mut style = base;
                    // A collapsed parent that is over-allocated shows it.
                    if !app.rows.is_expanded(ix) && plan.remainder(ix, q) < 0 && plan.is_parent(ix)
                    {
                        style = style.fg(t.over_allocated);
                    }
                    if selected && app.col == q + 1 {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    if editing == Some((ix, q)) {
                        style = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
                    }
                    spans.push(Span::styled(
                        format!(
                            "{} ",
                            pad_left(&nf.amount(u128::from(v)), usize::from(w) - 1)
                        ),
                        style,
                    ));
                }
            }
            Row::Rest { parent, depth } => {
                spans.push(Span::styled(" ", base));
                let indent = "  ".repeat(depth.saturating_sub(1));
                let label = format!("{indent}  unallocated");
                let mut s = base.fg(t.dim).add_modifier(Modifier::ITALIC);
                if selected && app.col == 0 {
                    s = s.add_modifier(Modifier::REVERSED);
                }
                spans.push(Span::styled(pad_right(&label, name_w), s));
                for &(q, _, w) in &cols.quotas {
                    let r = plan.remainder(parent, q);
                    let mut style = base.patch(remainder_style(app, r));
                    if selected && app.col == q + 1 {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    spans.push(Span::styled(
                        format!("{} ", pad_left(&nf.signed(r), usize::from(w) - 1)),
                        style,
                    ));
                }
            }
        }
        let used: usize = spans.iter().map(Span::width).sum();
        if used < usize::from(area.width) {
            spans.push(Span::styled(
                " ".repeat(usize::from(area.width) - used),
                base,
            ));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn share_text(app: &App, part: u64, whole: u64) -> String {
    let Some(bp) = share_basis_points(u128::from(part), u128::from(whole)) else {
        return "–".to_owned();
    };
    let text = app.config.numbers.percent(bp);
    // A share too small to show is not nothing.
    if part > 0 && text.chars().all(|c| !c.is_ascii_digit() || c == '0') {
        format!(
            "<{}",
            app.config
                .numbers
                .percent(smallest_shown(app.config.numbers.percent_decimals))
        )
    } else {
        text
    }
}

/// The smallest share, in basis points, that shows as non-zero with
/// `decimals` decimals.
fn smallest_shown(decimals: u8) -> u64 {
    match decimals {
        0 => 100,
        1 => 10,
        _ => 1,
    }
}

#[allow(
    clippy::too_many_lines,
    clippy::many_single_char_names,
    reason = "one panel, top to bottom"
)]
fn details(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let plan = app.plan();
    let t = &app.config.theme;
    let nf = &app.config.numbers;
    let n = app.selected_node();
    let node = plan.node(n);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(t.dim))
        .title(Span::styled(" Details ", Style::new().fg(t.header)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    // The node's name, then the path above it.
    let names: Vec<String> = plan.path_names(n).iter().map(|s| printable(s)).collect();
    let room = w.saturating_sub(if node.locked { 8 } else { 0 });
    let own = if n == ROOT {
        "National total".to_owned()
    } else {
        printable(&node.name)
    };
    let mut title = vec![Span::styled(
        fit(&own, room),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if node.locked {
        title.push(Span::styled("  locked", Style::new().fg(t.locked)));
    }
    lines.push(Line::from(title));
    if n != ROOT {
        lines.push(Line::styled(
            fit_path(&names[..names.len() - 1], w),
            Style::new().fg(t.dim),
        ));
    }
    // Per quota: value, share of parent, own remainder.
    let qw = w.saturating_sub(34).max(8);
    lines.push(Line::styled(
        format!(
            "{}{:>12}{:>8}{:>13}",
            pad_right("", qw),
            "value",
            "share",
            "unallocated"
        ),
        Style::new().fg(t.dim),
    ));
    let parent = plan.parent(n);
    for (q, quota) in plan.quotas().iter().enumerate() {
        let v = plan.value(n, q);
        let share = parent.map_or_else(String::new, |p| share_text(app, v, plan.value(p, q)));
        let label = if quota.name.width() <= qw {
            &quota.name
        } else {
            &quota.id
        };
        let mut spans = vec![
            Span::raw(pad_right(&printable(label), qw)),
            Span::raw(pad_left(&nf.amount(u128::from(v)), 12)),
            Span::raw(pad_left(&share, 8)),
        ];
        if plan.is_parent(n) {
            let r = plan.remainder(n, q);
            spans.push(Span::styled(
                pad_left(&nf.signed(r), 13),
                remainder_style(app, r),
            ));
        } else {
            spans.push(Span::styled(pad_left("–", 13), Style::new().fg(t.dim)));
        }
        if app.selected_quota() == Some(q) {
            for s in &mut spans {
                s.style = s.style.add_modifier(Modifier::BOLD);
            }
        }
        lines.push(Line::from(spans));
    }
    if let Some(note) = &node.note {
        let mut first = true;
        for chunk in wrap(&printable(note), w.saturating_sub(5))
            .into_iter()
            .take(3)
        {
            let label = if first { "note " } else { "     " };
            first = false;
            lines.push(Line::from(vec![
                Span::styled(label, Style::new().fg(t.dim)),
                Span::raw(chunk),
            ]));
        }
    }
    // Children's shares of the selected quota as bars.
    let q = app.selected_quota().unwrap_or(0);
    let kids = plan.children(n);
    if !kids.is_empty() && q < plan.quotas().len() {
        lines.push(Line::styled(
            fit(
                &format!("children, {}:", printable(&plan.quotas()[q].name)),
                w,
            ),
            Style::new().fg(t.dim),
        ));
        let total = plan.value(n, q);
        let label_w = (w / 3).clamp(6, 18);
        let pct_w = 9;
        let bar_w = w.saturating_sub(label_w + pct_w + 2);
        let room = usize::from(inner.height).saturating_sub(lines.len());
        for (i, &c) in kids.iter().enumerate() {
            if i + 1 == room && kids.len() > room {
                lines.push(Line::styled(
                    format!("… {} more", kids.len() - i),
                    Style::new().fg(t.dim),
                ));
                break;
            }
            let v = plan.value(c, q);
            let filled = if total == 0 {
                0
            } else {
                let f = u128::from(v) * u128::from(u64::try_from(bar_w).unwrap_or(0))
                    / u128::from(total);
                usize::try_from(f).unwrap_or(bar_w).min(bar_w)
            };
            lines.push(Line::from(vec![
                Span::raw(pad_right(&printable(&plan.node(c).name), label_w)),
                Span::raw(" "),
                Span::styled("█".repeat(filled), Style::new().fg(t.bar)),
                Span::raw(" ".repeat(bar_w - filled)),
                Span::raw(pad_left(&share_text(app, v, total), pct_w)),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn how_label(how: How) -> &'static str {
    match how {
        How::Set => "set",
        How::Rebalance => "set, rebalancing siblings",
        How::Scale => "scale subtree to",
    }
}

fn prompt_label(app: &App, p: &Prompt) -> String {
    let plan = app.plan();
    let name = |n: &NodeIx| printable(plan.display_name(*n));
    match p {
        Prompt::AddChild(n) => format!("name of the new node under {}: ", name(n)),
        Prompt::AddSibling(n) => format!("name of the new node after {}: ", name(n)),
        Prompt::Rename(n) => format!("rename {}: ", name(n)),
        Prompt::Note(n) => format!("note of {}: ", name(n)),
        Prompt::SaveAs { .. } => "save as (file path): ".to_owned(),
        Prompt::Search { .. } => "/".to_owned(),
        Prompt::Title => "plan title: ".to_owned(),
        Prompt::Year => "year: ".to_owned(),
        Prompt::Unit => "unit: ".to_owned(),
        Prompt::QuotaId => "new quota id (letters, digits, - _): ".to_owned(),
        Prompt::QuotaName { id } => format!("name of quota {id}: "),
        Prompt::QuotaTotal { name, .. } => format!("national total of {}: ", printable(name)),
        Prompt::QuotaRename(q) => format!("rename quota {}: ", printable(&plan.quotas()[*q].id)),
        Prompt::ExportPath { format, split } => {
            if *split {
                format!(
                    "export {} files, one per top-level node, into directory: ",
                    format.extension()
                )
            } else {
                format!("export {} to: ", format.extension())
            }
        }
    }
}

/// The question a confirmation asks.
fn confirm_text(plan: &Plan, c: &Confirm) -> String {
    match c {
        // The popup says when the file changed since; the question stays
        // short enough for 80 columns.
        Confirm::Recover { saved_at, .. } => format!(
            "unsaved work from {} was found: [r]estore it, or [d]iscard it?",
            super::safety::age(*saved_at)
        ),
        Confirm::ChangedOnDisk { .. } => "the file changed on disk since allot read it: [r]eload it (drop your changes), [o]verwrite it, [s]ave elsewhere, [c]ancel?".to_owned(),
        Confirm::Delete(n) => {
            let below = plan.preorder_from(*n).count() - 1;
            format!(
                "delete {}{}? [y]es / [n]o",
                printable(plan.display_name(*n)),
                if below > 0 {
                    format!(" and the {below} nodes under it")
                } else {
                    String::new()
                }
            )
        }
        Confirm::DeleteQuota(q) => format!(
            "delete quota {} and all its figures? [y]es / [n]o",
            printable(&plan.quotas()[*q].name)
        ),
        Confirm::QuitUnsaved => "unsaved changes: [s]ave, [d]iscard, or [c]ancel?".to_owned(),
        Confirm::Overwrite { file, .. } => format!(
            "{} exists: overwrite it? [y]es / [n]o",
            printable(&file.shown().display().to_string())
        ),
        Confirm::ExportOver { .. } => {
            "the plan is over-allocated: export anyway? [y]es / [n]o".to_owned()
        }
        Confirm::ExportOverwrite { path, split, .. } => format!(
            "{} {}: overwrite? [y]es / [n]o",
            printable(&path.display().to_string()),
            if *split {
                "has files of these names"
            } else {
                "exists"
            }
        ),
    }
}

fn message(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let t = &app.config.theme;
    let plan = app.plan();
    let input_line = |label: String, text: &str, cursor: usize, frame: &mut Frame<'_>| {
        let text = printable(text);
        let before: String = text.chars().take(cursor).collect();
        let label_w = label.width();
        let line = Line::from(vec![
            Span::styled(
                label,
                Style::new().fg(t.header).add_modifier(Modifier::BOLD),
            ),
            Span::raw(text.clone()),
        ]);
        // An error about the input shows in the hints line below it.
        frame.render_widget(Paragraph::new(line), area);
        let x = area.x + u16::try_from(label_w + before.width()).unwrap_or(area.width);
        frame.set_cursor_position(Position::new(x.min(area.x + area.width - 1), area.y));
    };
    match &app.mode {
        Mode::Edit {
            node,
            quota,
            how,
            input,
        } => {
            let label = format!(
                "{} {} / {}: ",
                how_label(*how),
                printable(plan.display_name(*node)),
                printable(&plan.quotas()[*quota].name)
            );
            input_line(label, input.text(), input.cursor(), frame);
        }
        Mode::Prompt { purpose, input } => {
            input_line(
                prompt_label(app, purpose),
                input.text(),
                input.cursor(),
                frame,
            );
        }
        Mode::Pick { node, input, .. } => {
            let label = format!(
                "move {} under (search): ",
                printable(plan.display_name(*node))
            );
            input_line(label, input.text(), input.cursor(), frame);
        }
        Mode::Export { split } => {
            let q = format!(
                "export as: [c]sv  [x]lsx  [m]arkdown  [j]son    [s]plit, one file per top-level node: {}",
                if *split { "on" } else { "off" }
            );
            frame.render_widget(
                Paragraph::new(Span::styled(
                    fit(&q, usize::from(area.width)),
                    Style::new().fg(Color::Black).bg(t.header),
                )),
                area,
            );
        }
        Mode::Confirm(c) => {
            let q = confirm_text(plan, c);
            frame.render_widget(
                Paragraph::new(Span::styled(
                    fit(&q, usize::from(area.width)),
                    Style::new().fg(Color::Black).bg(t.unallocated),
                )),
                area,
            );
        }
        _ => {
            let (text, style) = match &app.message {
                Some((m, Tone::Info)) => (printable(m), Style::new().fg(t.message)),
                Some((m, Tone::Error)) => (printable(m), Style::new().fg(t.error)),
                None => (String::new(), Style::new()),
            };
            frame.render_widget(
                Paragraph::new(Span::styled(fit(&text, usize::from(area.width)), style)),
                area,
            );
        }
    }
}

/// The commands of the hints bar, most needed first, so that a narrow
/// terminal still shows help, save and quit.
const HINT_ORDER: &[Command] = &[
    Command::Help,
    Command::Edit,
    Command::EditRebalance,
    Command::EditScale,
    Command::Fill,
    Command::Undo,
    Command::Save,
    Command::Quit,
    Command::Export,
    Command::Search,
    Command::Lock,
    Command::Toggle,
    Command::AddChild,
];

/// The key-hints bar's entries for the current screen: (keys, label).
pub fn hint_entries(app: &App) -> Vec<(String, String)> {
    let pair = |k: &str, l: &str| (k.to_owned(), l.to_owned());
    match &app.mode {
        Mode::Normal => HINT_ORDER
            .iter()
            .filter_map(|&c| {
                let h = COMMANDS.iter().find(|s| s.command == c)?.hint?;
                let k = app.config.keys.keys(c).first()?.label();
                Some((k, h.to_owned()))
            })
            .collect(),
        Mode::Edit { .. } => vec![
            pair("enter", "apply"),
            pair("esc", "cancel"),
            pair("", "69,250  +500  -500  12.5%  *1.1  max"),
        ],
        Mode::Prompt { .. } => vec![
            pair("enter", "ok"),
            pair("esc", "cancel"),
            pair("ctrl-u", "clear"),
        ],
        Mode::Pick { .. } => vec![
            pair("↑↓", "choose"),
            pair("enter", "move here"),
            pair("esc", "cancel"),
        ],
        Mode::Confirm(Confirm::Recover { .. }) => {
            vec![
                pair("r", "restore the unsaved work"),
                pair("d", "discard it"),
            ]
        }
        Mode::Confirm(_) => vec![pair("letter", "answer"), pair("esc", "cancel")],
        Mode::Quotas { .. } => vec![
            pair("a", "add"),
            pair("r/enter", "rename"),
            pair("d", "delete"),
            pair("esc", "close"),
        ],
        Mode::Help { .. } => vec![pair("↑↓", "scroll"), pair("any key", "close")],
        Mode::Export { .. } => vec![pair("letter", "choose"), pair("esc", "cancel")],
    }
}

fn hints(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let t = &app.config.theme;
    // While typing, a refusal or parse error replaces the hints, so that the
    // input above stays whole and the reason is readable.
    if let (Mode::Edit { .. } | Mode::Prompt { .. } | Mode::Pick { .. }, Some((m, Tone::Error))) =
        (&app.mode, &app.message)
    {
        frame.render_widget(
            Paragraph::new(Span::styled(
                fit(&printable(m), usize::from(area.width)),
                Style::new().fg(t.error),
            )),
            area,
        );
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for (k, l) in hint_entries(app) {
        let w = k.width() + l.width() + 3;
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

/// A rectangle of at most `width` x `height` centred in `area`, leaving a
/// margin of one cell.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The help text, from the same key map the key handling uses.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    super::help::lines(&app.config.keys, &app.config.theme)
}

fn help(frame: &mut Frame<'_>, app: &App, area: Rect, scroll: u16) {
    let lines = help_lines(app);
    let r = popup(area, 72, u16::try_from(lines.len() + 2).unwrap_or(u16::MAX));
    frame.render_widget(Clear, r);
    let max_scroll = u16::try_from(lines.len())
        .unwrap_or(0)
        .saturating_sub(r.height.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll.min(max_scroll), 0))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Help: keys (? closes) ")
                    .border_style(Style::new().fg(app.config.theme.header)),
            ),
        r,
    );
}

fn list_popup(
    frame: &mut Frame<'_>,
    app: &App,
    areas: &Areas,
    title: &str,
    items: &[String],
    selected: usize,
) {
    let t = &app.config.theme;
    let width = items
        .iter()
        .map(|s| s.width())
        .max()
        .unwrap_or(10)
        .max(title.width())
        + 4;
    let height = items.len() + 2;
    let r = popup(
        areas.table,
        u16::try_from(width).unwrap_or(u16::MAX),
        u16::try_from(height).unwrap_or(u16::MAX),
    );
    frame.render_widget(Clear, r);
    let inner_h = usize::from(r.height.saturating_sub(2));
    // A selection past the end (none) shows the list from the top.
    let first = if selected < items.len() {
        selected.saturating_sub(inner_h.saturating_sub(1))
    } else {
        0
    };
    let inner_w = usize::from(r.width.saturating_sub(2));
    let lines: Vec<Line<'_>> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(inner_h)
        .map(|(i, s)| {
            let style = if i == selected {
                Style::new().bg(t.selection_bg).add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            Line::styled(pad_right(s, inner_w), style)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {title} "))
                .border_style(Style::new().fg(t.header)),
        ),
        r,
    );
}

fn pick(frame: &mut Frame<'_>, app: &App, areas: &Areas, matches: &[NodeIx], selected: usize) {
    let plan = app.plan();
    let items: Vec<String> = if matches.is_empty() {
        vec!["(no match)".to_owned()]
    } else {
        matches
            .iter()
            .map(|&n| {
                if n == ROOT {
                    "national (top level)".to_owned()
                } else {
                    plan.path_names(n)[1..]
                        .iter()
                        .map(|s| printable(s))
                        .collect::<Vec<_>>()
                        .join(" / ")
                }
            })
            .collect()
    };
    list_popup(frame, app, areas, "new parent", &items, selected);
}

fn quotas(frame: &mut Frame<'_>, app: &App, areas: &Areas, selected: usize) {
    let plan = app.plan();
    let nf = &app.config.numbers;
    let mut items: Vec<String> = plan
        .quotas()
        .iter()
        .enumerate()
        .map(|(q, quota)| {
            format!(
                "{}  {}  total {}",
                printable(&quota.id),
                printable(&quota.name),
                nf.amount(u128::from(plan.value(ROOT, q)))
            )
        })
        .collect();
    items.push("+ add a quota kind".to_owned());
    list_popup(frame, app, areas, "quota kinds", &items, selected);
}
