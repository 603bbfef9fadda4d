//! A one-line text prompt: a name, a note, a path. What the text is for
//! decides what Enter does.

use super::{Bar, Dialog, Flow, hint, input_hints};
use crate::core::text::printable;
use crate::core::{NewNode, NodeIx, ROOT};
use crate::export::ExportFormat;
use crate::tui::app::{App, expand_home, slug};
use crate::tui::input::{InputKind, Msg};
use crate::tui::line::LineInput;
use crate::tui::rows::{Filter, Order};

/// What a text prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Name of a new child of the node.
    AddChild(NodeIx),
    /// Name of a new sibling after the node.
    AddSibling(NodeIx),
    /// New name of the node.
    Rename(NodeIx),
    /// Note of the node.
    Note(NodeIx),
    /// Path to save to; then quit if asked.
    SaveAs {
        /// Quit after saving.
        then_quit: bool,
    },
    /// Where to export to (a file, or a folder when split).
    ExportPath {
        /// Format.
        format: ExportFormat,
        /// One file per top-level node.
        split: bool,
    },
    /// New name of a quota kind.
    QuotaRename(usize),
    /// The text a filtered table's names or ids contain.
    FilterText,
}

impl Purpose {
    /// What it is, in a word or two (for "… cancelled").
    pub fn what(&self) -> &'static str {
        match self {
            Purpose::AddChild(_) | Purpose::AddSibling(_) => "add",
            Purpose::Rename(_) => "rename",
            Purpose::Note(_) => "note",
            Purpose::SaveAs { .. } => "save as",
            Purpose::ExportPath { .. } => "export",
            Purpose::QuotaRename(_) => "quota rename",
            Purpose::FilterText => "filter",
        }
    }
}

/// A text prompt.
pub struct TextPrompt {
    purpose: Purpose,
    input: LineInput,
}

impl TextPrompt {
    /// A prompt for `purpose`, holding `text` (selected, so that typing
    /// replaces it).
    pub fn boxed(purpose: Purpose, text: &str) -> Box<Self> {
        Box::new(Self {
            purpose,
            input: LineInput::prefilled(text),
        })
    }

    /// What it is for.
    pub fn purpose(&self) -> &Purpose {
        &self.purpose
    }

    fn label(&self, app: &App) -> String {
        let plan = app.plan();
        let name = |n: &NodeIx| printable(plan.display_name(*n));
        match &self.purpose {
            Purpose::AddChild(n) => format!("name of the new node under {}: ", name(n)),
            Purpose::AddSibling(n) => format!("name of the new node after {}: ", name(n)),
            Purpose::Rename(n) => format!("rename {}: ", name(n)),
            Purpose::Note(n) => format!("note of {}: ", name(n)),
            Purpose::SaveAs { .. } => "save as (file path): ".to_owned(),
            Purpose::QuotaRename(q) => {
                format!("rename quota {}: ", printable(&plan.quotas()[*q].id))
            }
            Purpose::FilterText => "show only names or ids containing: ".to_owned(),
            Purpose::ExportPath { format, split } => {
                if *split {
                    format!(
                        "export {} files, one per top-level node, into folder: ",
                        format.extension()
                    )
                } else {
                    format!("export {} to: ", format.extension())
                }
            }
        }
    }
}

impl Dialog for TextPrompt {
    fn name(&self) -> &'static str {
        "prompt"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Text
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        match msg {
            Msg::Text(op) => {
                self.input.apply(*op);
                Flow::Stay(self)
            }
            Msg::Cancel => {
                app.cancelled(self.purpose.what());
                Flow::Close
            }
            Msg::Submit => {
                if submit(app, &self.purpose, self.input.text()) {
                    Flow::Close
                } else {
                    Flow::Stay(self)
                }
            }
            _ => Flow::Stay(self),
        }
    }

    fn bar(&self, app: &App) -> Bar<'_> {
        Bar::Input {
            label: self.label(app),
            input: &self.input,
        }
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        let mut h = input_hints("ok");
        if matches!(
            self.purpose,
            Purpose::SaveAs { .. } | Purpose::ExportPath { .. }
        ) {
            h.push(hint("~/", "home folder"));
        }
        h
    }

    fn input(&self) -> Option<&LineInput> {
        Some(&self.input)
    }
}

/// Act on the text; false keeps the prompt open (the message says why).
fn submit(app: &mut App, purpose: &Purpose, raw: &str) -> bool {
    let text = raw.trim().to_owned();
    match purpose {
        Purpose::AddChild(parent) | Purpose::AddSibling(parent) => {
            if text.is_empty() {
                app.error("type a name (Esc cancels)");
                return false;
            }
            let (under, index) = if let Purpose::AddChild(p) = purpose {
                (*p, None)
            } else {
                let p = app.plan().parent(*parent).unwrap_or(ROOT);
                let at = app.plan().children(p).iter().position(|c| c == parent);
                (p, at.map(|i| i + 1))
            };
            let id = app.ed.fresh_id(&slug(&text));
            let spec = NewNode {
                id,
                name: text,
                ..NewNode::default()
            };
            match app.ed.add_node(under, index, spec) {
                Ok((n, m)) => {
                    // The typing that follows goes into the first quota,
                    // and the message says so.
                    app.select(n, 1);
                    let quota = app
                        .plan()
                        .quotas()
                        .first()
                        .map(|q| printable(&q.name))
                        .unwrap_or_default();
                    let m = crate::say::outcome(&m, &app.config().numbers);
                    app.info(format!(
                        "{m}; type its {quota} value, or tab to another quota"
                    ));
                    true
                }
                Err(e) => {
                    app.refused(&e);
                    false
                }
            }
        }
        Purpose::Rename(n) => {
            let r = app.ed.rename(*n, &text);
            app.report(r)
        }
        Purpose::Note(n) => {
            let r = app.ed.set_note(*n, raw);
            app.report(r);
            true
        }
        Purpose::SaveAs { then_quit } => {
            if text.is_empty() {
                app.error("type a file path (Esc cancels)");
                return false;
            }
            app.save_as(&expand_home(&text).display().to_string(), *then_quit);
            true
        }
        Purpose::ExportPath { format, split } => {
            if text.is_empty() {
                app.error("type a path (Esc cancels)");
                return false;
            }
            app.export_to(expand_home(&text), *format, *split, false);
            true
        }
        Purpose::QuotaRename(q) => {
            let id = app.plan().quotas()[*q].id.clone();
            let r = app.ed.relabel_quota(*q, &id, &text);
            app.report(r)
        }
        Purpose::FilterText => {
            let sort = app.view().order().sort;
            let filter = if text.is_empty() {
                Filter::All
            } else {
                Filter::Text(text)
            };
            app.set_order(Order { sort, filter });
            true
        }
    }
}
