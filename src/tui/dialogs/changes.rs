//! The changes since the last save: every cell that differs from the file
//! on disk (matched as `allot diff` matches), the nodes added, deleted,
//! moved and renamed. Enter jumps to the node.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Dialog, Flow, clear_popup, hint, popup};
use crate::core::compare::Comparison;
use crate::core::text::{fit_pad_left, fit_pad_right, printable};
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// One line of the list: what changed, and the node to jump to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Node id ("" national; None: nothing to jump to).
    id: Option<String>,
    /// Quota kind id, for a figure.
    quota: Option<String>,
    what: String,
    saved: String,
    now: String,
}

/// The list of changes.
pub struct ChangesView {
    entries: Vec<Entry>,
    selected: usize,
}

impl ChangesView {
    /// The changes from the saved plan (`a`) to the plan (`b`).
    pub fn new(d: &Comparison) -> Self {
        let mut entries = Vec::new();
        let last = |p: &[String]| p.last().cloned().unwrap_or_default();
        for c in &d.changes {
            let quota = match &c.batch {
                Some(b) => format!("{}@{b}", c.quota),
                None => c.quota.clone(),
            };
            entries.push(Entry {
                id: Some(last(&c.path)),
                quota: Some(c.quota.clone()),
                what: quota,
                saved: c.a.to_string(),
                now: c.b.to_string(),
            });
        }
        for p in &d.only_in_b {
            entries.push(Entry {
                id: Some(last(p)),
                quota: None,
                what: crate::t!("changes-added"),
                saved: String::new(),
                now: String::new(),
            });
        }
        for p in &d.only_in_a {
            entries.push(Entry {
                id: None,
                quota: None,
                what: crate::t!("changes-deleted", path = p.join("/")),
                saved: String::new(),
                now: String::new(),
            });
        }
        for m in &d.moved {
            entries.push(Entry {
                id: Some(m.id.clone()),
                quota: None,
                what: crate::t!("changes-moved", path = m.a_path.join("/")),
                saved: String::new(),
                now: String::new(),
            });
        }
        for r in &d.renamed {
            entries.push(Entry {
                id: Some(r.id.clone()),
                quota: None,
                what: crate::t!("changes-renamed", name = r.a_name.as_str()),
                saved: String::new(),
                now: String::new(),
            });
        }
        let kinds = d
            .kinds_only_in_a
            .iter()
            .map(|k| crate::t!("diff-quota-removed", quota = k.as_str()));
        let kinds = kinds.chain(
            d.kinds_only_in_b
                .iter()
                .map(|k| crate::t!("changes-quota-added", quota = k.as_str())),
        );
        let batches = d
            .batches_only_in_a
            .iter()
            .map(|k| crate::t!("changes-batch-deleted", batch = k.as_str()));
        let batches = batches.chain(
            d.batches_only_in_b
                .iter()
                .map(|k| crate::t!("outcome-batch-added", name = k.as_str())),
        );
        for what in kinds.chain(batches) {
            entries.push(Entry {
                id: None,
                quota: None,
                what,
                saved: String::new(),
                now: String::new(),
            });
        }
        Self {
            entries,
            selected: 0,
        }
    }

    /// How many changes are listed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether none are.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn rect(app: &App) -> ratatui::layout::Rect {
        let (w, h) = app.view().size();
        popup(
            ratatui::layout::Rect::new(0, 0, w, h),
            100,
            h.saturating_sub(4),
        )
    }

    /// Select the entry's node (and its figure's column).
    fn jump(&self, app: &mut App) -> bool {
        let Some(e) = self.entries.get(self.selected) else {
            return false;
        };
        let Some(id) = &e.id else {
            app.info(crate::t!("refusal-node-gone"));
            return false;
        };
        let plan = app.plan();
        let node = if id.is_empty() {
            Some(crate::core::ROOT)
        } else {
            plan.find(id)
        };
        let Some(n) = node else {
            app.info(crate::t!("refusal-node-gone"));
            return false;
        };
        let col = e
            .quota
            .as_deref()
            .and_then(|q| plan.layout().kind_index(q))
            .and_then(|k| app.view().dcols().iter().position(|d| d.kind == k))
            .map_or(0, |c| c + 1);
        app.select(n, col);
        true
    }
}

impl Dialog for ChangesView {
    fn name(&self) -> &'static str {
        "changes"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::List
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        let n = self.entries.len();
        match *msg {
            Msg::ListUp => self.selected = self.selected.saturating_sub(1),
            Msg::Wheel(d) if d < 0 => self.selected = self.selected.saturating_sub(1),
            Msg::ListDown | Msg::Wheel(_) => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1));
            }
            Msg::Submit if self.jump(app) => return Flow::Close,
            Msg::Cancel => return Flow::Close,
            _ => {}
        }
        Flow::Stay(self)
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, _areas: &Areas) {
        let t = &app.config().theme;
        let nf = &app.config().numbers;
        let r = Self::rect(app);
        let inner_w = usize::from(r.width.saturating_sub(2));
        let inner_h = usize::from(r.height.saturating_sub(3));
        let plan = app.plan();
        let fig = 12;
        let name_w = inner_w.saturating_sub(2 * fig + 24).max(10);
        let amount = |s: &str| {
            s.parse::<u64>()
                .map_or_else(|_| s.to_owned(), |v| nf.amount64(v))
        };
        let mut lines = vec![Line::styled(
            format!(
                "{} {} {} {}",
                fit_pad_right(&crate::t!("preview-node"), name_w),
                fit_pad_right(&crate::t!("ui-change"), 22),
                fit_pad_left(&crate::t!("changes-saved"), fig),
                fit_pad_left(&crate::t!("changes-now"), fig)
            ),
            Style::new().fg(t.header).add_modifier(Modifier::BOLD),
        )];
        let top = self.selected.saturating_sub(inner_h.saturating_sub(1));
        for (i, e) in self.entries.iter().enumerate().skip(top).take(inner_h) {
            let name = match &e.id {
                Some(id) if id.is_empty() => crate::t!("national"),
                Some(id) => plan
                    .find(id)
                    .map_or_else(|| id.clone(), |n| plan.display_name(n).to_owned()),
                None => String::new(),
            };
            let mut style = Style::new();
            if i == self.selected {
                style = style.bg(t.selection_bg).add_modifier(Modifier::BOLD);
            }
            lines.push(Line::styled(
                format!(
                    "{} {} {} {}",
                    fit_pad_right(&printable(&name), name_w),
                    fit_pad_right(&printable(&e.what), 22),
                    fit_pad_left(&amount(&e.saved), fig),
                    fit_pad_left(&amount(&e.now), fig)
                ),
                style,
            ));
        }
        clear_popup(frame, r);
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(format!(
                        " {} ",
                        crate::t!("changes-title", count = self.entries.len())
                    ))
                    .border_style(Style::new().fg(t.header)),
            ),
            r,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("↑↓", &crate::t!("label-move")),
            hint("enter", &crate::t!("label-go-to-the-node")),
            hint("esc", &crate::t!("label-close")),
        ]
    }
}
