//! allot: share out national quota totals exactly.
//!
//! Layers, each using only the ones above it in this list:
//! - [`i18n`]: the languages, and every sentence in each (used by all
//!   layers but the core, which builds no sentence);
//! - [`core`]: the plan model, consistency engine, apportionment, undo
//!   history and validation (no terminal or file types);
//! - [`say`]: outcomes, refusals and typing errors in words, in the
//!   planner's number format;
//! - [`storage`]: the JSON plan format and file I/O;
//! - [`record`]: the history entries of the editor's steps;
//! - [`export`]: allocation files (CSV, XLSX, Markdown, JSON) and import;
//! - [`report`]: the headless commands (`check`, `summary`);
//! - [`tui`]: the interactive planner.

pub mod core;
pub mod export;
pub mod i18n;
pub mod record;
pub mod report;
pub mod say;
pub mod storage;
pub mod tui;
