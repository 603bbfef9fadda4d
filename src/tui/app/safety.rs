//! The planner's side of "never lose work": one editor per plan (others open
//! it read-only), recovery copies of unsaved work written shortly after each
//! edit and offered back after a crash, saves that notice a file changed
//! behind allot's back, and exports that never replace the plan. Every file
//! is touched through an [`Effect`]; the results come back to
//! [`App::finish`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::{App, BIG_PLAN, Source};
use crate::core::diff::differences;
use crate::core::text::printable;
use crate::core::{Editor, Plan};
use crate::export::ExportFormat;
use crate::storage::file::{Policy, RealFile};
use crate::storage::parse_plan;
use crate::storage::safe::{LockOutcome, RecoveryStore, SaveError};
use crate::tui::command::Command;
use crate::tui::dialogs::confirm::{Confirm, Question};
use crate::tui::dialogs::prompt::{Purpose, TextPrompt};
use crate::tui::dialogs::recover::RecoverOffer;
use crate::tui::effects::{Done, Effect, ExportCheck, ExportJob};
use crate::tui::input::Msg;

/// How long an edit waits before it is written to the recovery copy: edits
/// in quick succession are written together, none waits much longer.
pub const RECOVERY_DELAY: Duration = Duration::from_millis(700);

impl App {
    /// The plan's real file (symlinks resolved), when there is one: what is
    /// saved, backed up, locked and recovered.
    pub fn file_path(&self) -> Option<&Path> {
        match &self.source {
            Source::File { file, .. } => Some(file.real()),
            Source::Sample => None,
        }
    }

    /// The plan file as the planner named it, for messages.
    pub fn shown_path(&self) -> Option<&Path> {
        match &self.source {
            Source::File { file, .. } => Some(file.shown()),
            Source::Sample => None,
        }
    }

    /// Take the plan's lock (or open read-only when another allot holds it)
    /// and offer unsaved work found from an earlier session. Call once, at
    /// start (it reads files: it is the start, not an update).
    pub fn start_guards(&mut self, recovery: Option<RecoveryStore>) {
        if let Some(path) = self.file_path().map(Path::to_path_buf) {
            let outcome = crate::storage::safe::lock(&path);
            self.took_lock(outcome, true);
        }
        self.recovery = recovery;
        // Another allot's unsaved work is its own to offer.
        if self.read_only.is_none() {
            self.offer_recovery();
        }
    }

    fn took_lock(&mut self, outcome: LockOutcome, at_start: bool) {
        match outcome {
            LockOutcome::Locked(l) => {
                self.lock = Some(l);
                self.read_only = None;
            }
            LockOutcome::Held(h) => {
                self.read_only = Some(match (h.pid, at_start) {
                    (Some(pid), _) => crate::t!("lock-held-pid", pid = pid.to_string()),
                    (None, true) => crate::t!("lock-held"),
                    (None, false) => crate::t!("lock-held-new"),
                });
            }
            LockOutcome::Unavailable(e) => {
                if at_start {
                    self.error(crate::t!("lock-unavailable", error = e.to_string()));
                } else {
                    self.read_only = None;
                }
            }
            LockOutcome::Unsafe(problem) => {
                let why = printable(&problem.to_string());
                self.error(crate::t!(
                    "lock-unsafe",
                    why = why.as_str(),
                    key = self.config.keys.label(Command::SaveAs)
                ));
                self.read_only = Some(why);
            }
        }
    }

    fn offer_recovery(&mut self) {
        let Some(store) = &self.recovery else { return };
        let path = self.file_path().map(Path::to_path_buf);
        let Some(rec) = store.load(path.as_deref()) else {
            return;
        };
        let Ok(recovered) = parse_plan(&rec.plan) else {
            self.error(crate::t!("recover-unreadable"));
            return;
        };
        let diffs: Vec<String> = differences(self.plan(), &recovered, 12)
            .iter()
            .map(|d| crate::say::difference(d, &self.config.numbers))
            .collect();
        if diffs.is_empty() {
            store.remove(path.as_deref());
            return;
        }
        // The file was saved (by another allot, or another tool) after the
        // work in the copy began: restoring it would undo that save.
        let file_changed = rec.base_hash != self.disk_hash;
        self.open(Box::new(RecoverOffer {
            text: rec.plan,
            saved_at: rec.saved_at,
            differences: diffs,
            file_changed,
        }));
    }

    /// Replace the plan by the recovered one (unsaved until saved). When the
    /// file changed since the copy was made, saving asks first (reload,
    /// overwrite or save elsewhere), as for any file changed on disk.
    pub(in crate::tui) fn restore(&mut self, text: &str, saved_at: u64, file_changed: bool) {
        let Ok(plan) = parse_plan(text) else {
            self.error(crate::t!("recover-read-failed"));
            return;
        };
        self.replace_plan(plan);
        self.force_dirty = true;
        if file_changed {
            self.stale_base = true;
            self.info(crate::t!("recover-restored-newer", age = age(saved_at)));
        } else {
            let save = self.config.keys.label(Command::Save);
            self.info(crate::t!(
                "recover-restored",
                age = age(saved_at),
                key = save
            ));
        }
    }

    /// Remove the recovery copy (the planner chose to discard it).
    pub(in crate::tui) fn discard_recovery(&mut self) {
        if let Some(store) = self.recovery.clone() {
            let path = self.file_path().map(Path::to_path_buf);
            self.effect(Effect::RemoveRecovery {
                store,
                paths: vec![path],
            });
        }
        self.recovery_state = (None, None);
    }

    /// Quit, dropping the unsaved changes (and their recovery copy).
    pub(in crate::tui) fn discard_and_quit(&mut self) {
        self.discard_recovery();
        self.request_quit();
    }

    fn replace_plan(&mut self, plan: Plan) {
        // The same node and column stay selected when they are still there.
        let id = self.plan().node(self.selected_node()).id.clone();
        let col = self.view.col();
        self.ed = Editor::new(plan);
        self.forget_history();
        self.saved_state = self.ed.state_id();
        self.view.reset(self.ed.plan());
        if let Some(n) = self.ed.plan().find(&id) {
            self.select(n, col);
        }
        self.recovery_state = (None, None);
    }

    /// Called by the event loop: ask for the recovery copy when an edit has
    /// waited [`RECOVERY_DELAY`], its removal when nothing is unsaved.
    /// Returns how soon to call again (None: only after the next event).
    pub fn tick(&mut self, now: Instant) -> Option<Duration> {
        if self.read_only.is_some() || self.recovery.is_none() {
            return None;
        }
        let rev = self.ed.revision();
        if !self.dirty() {
            if self.recovery_state.0.is_some() {
                self.discard_recovery();
            }
            self.recovery_state.1 = None;
            return None;
        }
        if self.recovery_state.0 == Some(rev) {
            return None;
        }
        let since = *self.recovery_state.1.get_or_insert(now);
        let waited = now.saturating_duration_since(since);
        if waited >= RECOVERY_DELAY {
            if !self.recovery_writing {
                self.ask_recovery_copy();
            }
            None
        } else {
            Some(RECOVERY_DELAY.saturating_sub(waited))
        }
    }

    fn ask_recovery_copy(&mut self) {
        let Some(store) = self.recovery.clone() else {
            return;
        };
        if self.read_only.is_some() || !self.dirty() {
            return;
        }
        self.recovery_writing = true;
        self.effect(Effect::WriteRecovery {
            store,
            path: self.file_path().map(Path::to_path_buf),
            base: self.disk_hash,
            plan: self.ed.snapshot(),
            revision: self.ed.revision(),
        });
    }

    /// Write the recovery copy of the current plan now, here (a signal, a
    /// panic, a closed terminal: there is no later).
    pub fn write_recovery_now(&mut self) {
        self.ask_recovery_copy();
        self.run_effects();
    }

    // ----- saving -----

    pub(in crate::tui) fn save(&mut self, then_quit: bool) {
        match self.source.clone() {
            Source::Sample => self.open(TextPrompt::boxed(Purpose::SaveAs { then_quit }, "")),
            Source::File { file, .. } => self.save_to(&file, then_quit),
        }
    }

    /// Save under the name typed: it is looked at first (what it really is).
    pub(in crate::tui) fn save_as(&mut self, text: &str, then_quit: bool) {
        self.effect(Effect::ResolveSaveAs {
            text: text.to_owned(),
            then_quit,
        });
    }

    /// Save to `file`: a file changed behind allot's back is not
    /// overwritten (the planner is asked), the previous version goes to
    /// `FILE.bak`, the recovery copy is removed once saved.
    pub(in crate::tui) fn save_to(&mut self, file: &RealFile, then_quit: bool) {
        let same = self.file_path() == Some(file.real());
        if same && self.stale_base {
            // A restored copy of work begun on an older file: ask before
            // replacing the newer one (reload, overwrite, save elsewhere).
            self.open(Confirm::boxed(Question::ChangedOnDisk { then_quit }));
            return;
        }
        let expected = if same { self.disk_hash } else { None };
        self.save_checked(file, expected, then_quit);
    }

    fn save_checked(&mut self, file: &RealFile, expected: Option<u64>, then_quit: bool) {
        if self.plan().len() > BIG_PLAN {
            self.info(crate::t!(
                "save-big",
                count = self.plan().len() - 1,
                file = printable(&file.shown().display().to_string())
            ));
        }
        let history = self.history_to_save();
        self.history_pending(&history);
        self.effect(Effect::Save {
            file: file.clone(),
            plan: self.ed.snapshot(),
            expected,
            state: self.ed.state_id(),
            then_quit,
            history,
            progress: std::sync::Arc::clone(&self.progress),
        });
    }

    /// Who the history names: the configured name, else the login name.
    pub(super) fn user(&self) -> String {
        self.config
            .editing
            .user
            .clone()
            .unwrap_or_else(crate::storage::history::user)
    }

    /// The history entries of the steps since the last save (undone ones
    /// are not among them).
    fn history_to_save(&self) -> Vec<crate::storage::history::Entry> {
        use crate::record::entries_of;
        if let Some(steps) = self.ed.steps_since(self.saved_state) {
            return entries_of(self.plan(), &steps, &self.config.numbers, &self.user());
        }
        // Undone below the saved state, then edited: the steps no longer
        // lead from it; say so rather than list false ones.
        vec![crate::storage::history::Entry {
            time: crate::storage::history::now(),
            user: self.user(),
            action: crate::t!("history-after-undo"),
            reason: None,
            changes: Vec::new(),
            apportionment: Vec::new(),
            more: serde_json::Map::new(),
        }]
    }

    fn saved(
        &mut self,
        file: RealFile,
        state: u64,
        then_quit: bool,
        result: Result<u64, SaveError>,
        history: Option<String>,
    ) {
        let shown = printable(&file.shown().display().to_string());
        match result {
            Ok(hash) => {
                let path = file.real().to_path_buf();
                let moved = self.file_path() != Some(&path);
                if let Some(store) = self.recovery.clone() {
                    let old = self.file_path().map(Path::to_path_buf);
                    self.effect(Effect::RemoveRecovery {
                        store,
                        paths: vec![old, Some(path.clone())],
                    });
                }
                self.disk_hash = Some(hash);
                self.stale_base = false;
                self.saved_state = state;
                self.force_dirty = false;
                self.recovery_state = (None, None);
                self.source = Source::File { file, exists: true };
                if moved {
                    self.lock = None;
                    self.effect(Effect::Lock { path: path.clone() });
                }
                self.history_saved(&path, history.is_none());
                match history {
                    None => self.info(crate::t!("saved", file = shown)),
                    Some(e) => self.error(crate::t!("saved-no-history", file = shown, error = e)),
                }
                if then_quit {
                    self.request_quit();
                }
            }
            Err(SaveError::Changed) => {
                self.open(Confirm::boxed(Question::ChangedOnDisk { then_quit }));
            }
            Err(SaveError::File(e)) => self.error(crate::t!(
                "save-failed",
                file = shown,
                error = e.to_string()
            )),
        }
    }

    /// Save over a file that changed on disk, on purpose.
    pub(in crate::tui) fn overwrite(&mut self, then_quit: bool) {
        if let Source::File { file, .. } = self.source.clone() {
            self.save_checked(&file, None, then_quit);
        }
    }

    /// Read the file again, discarding the changes made here.
    pub(in crate::tui) fn reload(&mut self) {
        if let Some(path) = self.file_path().map(Path::to_path_buf) {
            self.effect(Effect::Reload { path });
        }
    }

    // ----- exporting -----

    /// What an export may replace: an existing file only once the planner
    /// said yes, never the plan being edited; a FIFO nobody reads is
    /// refused at once (the screen never waits).
    fn export_policy(&self, replace: bool) -> Policy {
        Policy {
            replace,
            never: self
                .file_path()
                .map(Path::to_path_buf)
                .into_iter()
                .collect(),
            follow_links: true,
            wait_for_reader: false,
        }
    }

    /// Ask where to export, suggesting a name beside the plan (never the
    /// plan's own).
    pub(in crate::tui) fn export_prompt(
        &mut self,
        format: ExportFormat,
        split: bool,
        batch: Option<usize>,
    ) {
        let (dir, stem, own) = match &self.source {
            Source::File { file, .. } => {
                let path = file.shown();
                (
                    path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    path.file_stem()
                        .map_or_else(|| "plan".to_owned(), |s| s.to_string_lossy().into_owned()),
                    path.file_name().map(std::ffi::OsStr::to_os_string),
                )
            }
            Source::Sample => (PathBuf::new(), "sample".to_owned(), None),
        };
        let ext = format.extension();
        // One batch: its id in the name.
        let stem = match batch.and_then(|b| self.ed.plan().layout().batches().get(b)) {
            Some(x) => format!("{stem}-{}", crate::export::split::safe_stem(&x.id)),
            None => stem,
        };
        let mut name = if split {
            format!("{stem}-{ext}")
        } else {
            format!("{stem}.{ext}")
        };
        if own.as_deref() == Some(std::ffi::OsStr::new(&name)) {
            name = format!("{stem}-export.{ext}");
        }
        let suggestion = dir.join(name).display().to_string();
        self.open(TextPrompt::boxed(
            Purpose::ExportPath {
                format,
                split,
                batch,
            },
            &suggestion,
        ));
    }

    /// Export to `path` after looking at it: what is there is replaced
    /// only when `replace` (the planner said yes), the plan never.
    pub(in crate::tui) fn export_to(
        &mut self,
        path: PathBuf,
        format: ExportFormat,
        split: bool,
        batch: Option<usize>,
        replace: bool,
    ) {
        // One batch: the plan of that batch (for JSON), or its figures.
        let plan = match batch {
            None => self.ed.snapshot(),
            Some(b) => {
                let sel = crate::core::layout::Sel::Batch(b);
                std::sync::Arc::new(if format == ExportFormat::Json {
                    crate::export::split::batch_plan(self.ed.plan(), sel)
                } else {
                    crate::export::split::table_plan(self.ed.plan(), Some(sel))
                })
            }
        };
        let history = (self.export_history
            && matches!(format, ExportFormat::Xlsx | ExportFormat::Markdown))
        .then(|| self.export_history_of(batch));
        let job = ExportJob {
            path,
            format,
            split,
            batch,
            policy: self.export_policy(replace),
            plan,
            history,
            progress: std::sync::Arc::clone(&self.progress),
        };
        self.effect(Effect::CheckExport(job));
    }

    /// The history an export carries: the saved file's and the unsaved
    /// changes (of batch `batch` only, when one).
    fn export_history_of(&self, batch: Option<usize>) -> crate::tui::effects::ExportHistory {
        let plan_file = match &self.source {
            Source::File { file, exists: true } => Some(file.real().to_path_buf()),
            _ => None,
        };
        let batch = batch
            .and_then(|b| self.plan().layout().batches().get(b))
            .map(|b| b.id.clone());
        crate::tui::effects::ExportHistory {
            plan_file,
            unsaved: self.history_to_save(),
            batch,
        }
    }

    fn export_checked(&mut self, job: ExportJob, result: Result<(), ExportCheck>) {
        let shown = printable(&job.path.display().to_string());
        let again = |app: &mut Self, job: &ExportJob| {
            app.open(TextPrompt::boxed(
                Purpose::ExportPath {
                    format: job.format,
                    split: job.split,
                    batch: job.batch,
                },
                &job.path.display().to_string(),
            ));
        };
        match result {
            Ok(()) => {
                if job.plan.len() > BIG_PLAN {
                    self.info(crate::t!(
                        "export-big",
                        count = job.plan.len() - 1,
                        file = shown.as_str()
                    ));
                }
                self.effect(Effect::Export(job));
            }
            Err(ExportCheck::Exists(files)) => {
                self.open(Confirm::boxed(Question::ExportOverwrite {
                    path: job.path,
                    format: job.format,
                    split: job.split,
                    batch: job.batch,
                    files,
                }));
            }
            Err(ExportCheck::IsThePlan) => {
                again(self, &job);
                let save = self.config.keys.label(Command::Save);
                self.error(crate::t!("export-is-the-plan", key = save));
            }
            Err(ExportCheck::Refused(why)) => {
                again(self, &job);
                self.error(crate::t!(
                    "export-refused",
                    file = shown.as_str(),
                    why = printable(&why)
                ));
            }
        }
    }

    // ----- results -----

    /// Apply what came of an effect.
    pub(in crate::tui) fn finish(&mut self, d: Done) {
        match d {
            Done::Saved {
                file,
                state,
                then_quit,
                result,
                history,
            } => self.saved(file, state, then_quit, result, history),
            Done::SaveAsResolved {
                text,
                then_quit,
                result,
            } => match result {
                Ok(file) => {
                    let same = self.file_path() == Some(file.real());
                    if file.exists() && !same {
                        self.open(Confirm::boxed(Question::Overwrite { file, then_quit }));
                    } else {
                        self.save_to(&file, then_quit);
                    }
                }
                Err(e) => {
                    self.open(TextPrompt::boxed(Purpose::SaveAs { then_quit }, &text));
                    self.error(crate::t!(
                        "save-as-refused",
                        file = printable(&text),
                        error = e.to_string()
                    ));
                }
            },
            Done::ExportChecked { job, result } => self.export_checked(job, result),
            Done::Exported { job, result } => {
                let shown = printable(&job.path.display().to_string());
                match result {
                    Ok(n) if job.split => self.info(crate::t!(
                        "exported-files",
                        count = n,
                        folder = shown.as_str()
                    )),
                    Ok(_) => self.info(crate::t!("exported", file = shown.as_str())),
                    Err(e) => self.error(crate::t!(
                        "export-failed",
                        file = shown.as_str(),
                        error = printable(&e)
                    )),
                }
            }
            Done::RecoveryWritten { revision, result } => {
                self.recovery_writing = false;
                match result {
                    Ok(()) => self.recovery_state = (Some(revision), None),
                    Err(e) => {
                        self.recovery_state.1 = None;
                        self.error(crate::t!("recover-write-failed", error = e.clone()));
                    }
                }
            }
            Done::RecoveryRemoved => {}
            Done::Reloaded { path, result } => {
                let shown = printable(&self.shown_path().unwrap_or(&path).display().to_string());
                match result {
                    Ok((plan, hash)) => {
                        self.replace_plan(*plan);
                        self.force_dirty = false;
                        self.stale_base = false;
                        self.disk_hash = Some(hash);
                        self.discard_recovery();
                        self.info(crate::t!("reloaded", file = shown.as_str()));
                    }
                    Err(_) => self.error(crate::t!("reload-failed", file = shown.as_str())),
                }
            }
            Done::PlanRead {
                path,
                purpose,
                result,
            } => self.plan_read(&path, purpose, result),
            Done::HistoryRead {
                path,
                show: true,
                result,
            } => {
                self.panel_history(&path, result.clone());
                self.history_read(result);
            }
            Done::HistoryRead { path, result, .. } => self.panel_history(&path, result),
            Done::Locked(outcome) => self.took_lock(outcome, false),
            // For the prompt that asked, if it is still open.
            Done::Completed(c) => self.dispatch(&Msg::Completed(c)),
            Done::NamesIndexed(ix) => {
                self.indexing = false;
                if ix.is_current(self.plan()) {
                    self.names = Some(*ix);
                }
                self.dispatch(&Msg::Indexed);
            }
        }
    }
}

/// "3 minutes ago" for a time in seconds since 1970.
pub fn age(saved_at: u64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let secs = now.saturating_sub(saved_at);
    match secs {
        0..60 => crate::t!("age-seconds"),
        60..3600 => crate::t!("age-minutes", count = secs / 60),
        3600..86_400 => crate::t!("age-hours", count = secs / 3600),
        _ => crate::t!("age-days", count = secs / 86_400),
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{read_plan, safe, to_json};
    use crate::tui::app::open;
    use crate::tui::command::Command;
    use crate::tui::config::Config;
    use crate::tui::input::{Msg, TextOp};
    use std::path::PathBuf;

    struct Setup {
        dir: tempfile::TempDir,
        plan: PathBuf,
    }

    impl Setup {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            let plan = dir.path().join("plan.json");
            std::fs::write(&plan, crate::storage::EXAMPLE_2018_JSON).unwrap();
            Self { dir, plan }
        }

        fn store(&self) -> RecoveryStore {
            RecoveryStore::new(self.dir.path().join("data"))
        }

        fn app(&self) -> App {
            let (plan, source, hash) = open(Some(&self.plan)).unwrap();
            let mut app = App::new(plan, source, Config::default(), (120, 40));
            app.set_disk_hash(hash);
            app.start_guards(Some(self.store()));
            app
        }
    }

    /// Select Shandong's rock cell and type `value`.
    fn edit_shandong(app: &mut App, value: &str) {
        let sd = app.plan().find("sd").unwrap();
        app.select(sd, 1);
        app.handle(Msg::Cmd(Command::Edit));
        app.handle(Msg::Text(TextOp::Clear));
        for c in value.chars() {
            app.handle(Msg::Text(TextOp::Insert(c)));
        }
        app.handle(Msg::Submit);
    }

    fn tick(app: &mut App, t: Instant) -> Option<std::time::Duration> {
        let wait = app.tick(t);
        app.run_effects();
        wait
    }

    fn message(app: &App) -> &str {
        app.message().map_or("", |m| m.text.as_str())
    }

    #[test]
    fn unsaved_work_is_copied_soon_after_an_edit_and_offered_back() {
        let s = Setup::new();
        let mut app = s.app();
        let t0 = Instant::now();
        assert_eq!(
            tick(&mut app, t0),
            None,
            "nothing unsaved, nothing to write"
        );
        edit_shandong(&mut app, "3000");
        let wait = tick(&mut app, t0).expect("a write is scheduled");
        assert!(wait <= RECOVERY_DELAY);
        assert!(
            s.store().load(Some(&s.plan)).is_none(),
            "not before the delay"
        );
        tick(&mut app, t0 + RECOVERY_DELAY);
        let rec = s
            .store()
            .load(Some(&s.plan))
            .expect("written after the delay");
        assert!(rec.plan.contains("\"rock\": 3000"));
        let unsaved = to_json(app.plan());
        // "Crash": the app goes away without saving; a new one opens the file.
        drop(app);
        let mut again = s.app();
        assert_eq!(again.dialog_name(), Some("recover"), "recovery offered");
        let screen = format!("{:?}", {
            let mut t =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
            t.draw(|f| crate::tui::ui::draw(f, &again)).unwrap();
            t.backend().buffer().clone()
        });
        assert!(
            screen.contains("Shandong 山东 rock: 3,600 → 3,000"),
            "{screen}"
        );
        again.handle(Msg::Choice('r'));
        assert_eq!(
            to_json(again.plan()),
            unsaved,
            "the restored plan is the unsaved one"
        );
        assert!(again.dirty());
        // A clean save removes the recovery copy.
        again.handle(Msg::Cmd(Command::Save));
        assert!(!again.dirty());
        assert!(s.store().load(Some(&s.plan)).is_none());
    }

    #[test]
    fn discarding_removes_the_recovery_copy() {
        let s = Setup::new();
        let mut app = s.app();
        edit_shandong(&mut app, "3000");
        app.write_recovery_now();
        drop(app);
        let mut again = s.app();
        again.handle(Msg::Choice('d'));
        assert!(s.store().load(Some(&s.plan)).is_none());
        assert_eq!(
            again.plan().value(again.plan().find("sd").unwrap(), 0),
            3600
        );
        // Undoing back to the saved state removes it too.
        edit_shandong(&mut again, "3000");
        again.write_recovery_now();
        again.handle(Msg::Cmd(Command::Undo));
        tick(&mut again, Instant::now());
        assert!(s.store().load(Some(&s.plan)).is_none());
    }

    #[test]
    fn a_big_plan_says_it_is_saving_while_it_saves() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let plan = crate::report::generate::generate(BIG_PLAN + 10, 2, 3);
        std::fs::write(&path, to_json(&plan)).unwrap();
        let (plan, source, hash) = open(Some(&path)).unwrap();
        let mut app = App::new(plan, source, Config::default(), (120, 40));
        app.set_disk_hash(hash);
        app.handle(Msg::Cmd(Command::Lock));
        app.handle(Msg::Cmd(Command::Down));
        app.handle(Msg::Cmd(Command::Lock));
        // The save is handed out as an effect: until its result comes
        // back, the screen says it is saving and the plan is unsaved.
        let effects = app.update(Msg::Cmd(Command::Save));
        assert_eq!(effects.len(), 1);
        assert!(app.is_busy());
        assert!(message(&app).starts_with("saving"), "{}", message(&app));
        assert!(app.dirty());
        // The header says so, counting the seconds once it takes one.
        let now = std::time::Instant::now();
        assert_eq!(app.busy_with_at(now).as_deref(), Some("saving…"));
        let later = now + std::time::Duration::from_secs(3);
        assert_eq!(app.busy_with_at(later).as_deref(), Some("saving… 3 s"));
        // With how far it has come while the worker counts the nodes.
        let total = app.plan().len() - 1;
        crate::storage::progress::counting(&app.progress, total, || {
            for _ in 0..(total * 45).div_ceil(100) {
                crate::storage::progress::tick();
            }
            assert_eq!(
                app.busy_with_at(later).as_deref(),
                Some("saving… 45 % · 3 s")
            );
            assert_eq!(app.busy_with_at(now).as_deref(), Some("saving… 45 %"));
        });
        // Editing goes on meanwhile, on the screen's own copy.
        app.handle(Msg::Cmd(Command::Down));
        for e in effects {
            app.done(crate::tui::effects::perform(e));
        }
        assert!(!app.is_busy());
        assert_eq!(app.busy_with_at(later), None);
        assert!(!app.dirty());
        assert!(message(&app).starts_with("saved"), "{}", message(&app));
    }

    #[test]
    fn a_second_instance_is_read_only() {
        let s = Setup::new();
        let first = s.app();
        let mut second = s.app();
        let why = second.read_only().expect("read-only").to_owned();
        assert!(why.contains(&std::process::id().to_string()), "{why}");
        edit_shandong(&mut second, "3000");
        assert_eq!(
            second.plan().value(second.plan().find("sd").unwrap(), 0),
            3600
        );
        assert!(message(&second).starts_with("read-only"));
        second.handle(Msg::Cmd(Command::Save));
        assert!(message(&second).starts_with("read-only"));
        // At 80 columns, filtered, the header still shows the file, the
        // balance whole, and as much of the rest as fits.
        second.handle(Msg::Resize {
            width: 80,
            height: 24,
        });
        second.handle(Msg::Cmd(Command::Filter));
        second.handle(Msg::Choice('u'));
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| crate::tui::ui::draw(f, &second)).unwrap();
        let top: String = (0..80)
            .map(|x| t.backend().buffer()[(x, 0)].symbol().to_owned())
            .collect();
        assert!(top.contains("plan.json"), "{top}");
        assert!(top.trim_end().ends_with("2 unallocated"), "{top}");
        assert!(top.contains("READ-ONLY"), "{top}");
        drop(first);
        drop(second);
        assert!(
            s.app().read_only().is_none(),
            "free once the first has gone"
        );
    }

    #[test]
    fn a_file_changed_behind_our_back_is_not_overwritten() {
        let s = Setup::new();
        let mut app = s.app();
        edit_shandong(&mut app, "3000");
        let theirs = crate::storage::EXAMPLE_2018_JSON.replace("\"rock\": 3600", "\"rock\": 3500");
        std::fs::write(&s.plan, &theirs).unwrap();
        app.handle(Msg::Cmd(Command::Save));
        assert!(matches!(
            app.question(),
            Some(Question::ChangedOnDisk { .. })
        ));
        assert_eq!(std::fs::read_to_string(&s.plan).unwrap(), theirs);
        // Reload: their version, our change dropped.
        app.handle(Msg::Choice('r'));
        assert_eq!(app.plan().value(app.plan().find("sd").unwrap(), 0), 3500);
        assert!(!app.dirty());
        // Still on Shandong's rock-type.
        assert_eq!(app.plan().node(app.selected_node()).id, "sd");
        assert_eq!(app.selected_quota(), Some(0));
        // Change again, and overwrite on purpose: the backup holds theirs.
        edit_shandong(&mut app, "3000");
        std::fs::write(&s.plan, crate::storage::EXAMPLE_2018_JSON).unwrap();
        app.handle(Msg::Cmd(Command::Save));
        app.handle(Msg::Choice('o'));
        let saved = read_plan(&s.plan).unwrap().0;
        assert_eq!(saved.value(saved.find("sd").unwrap(), 0), 3000);
        assert_eq!(
            std::fs::read_to_string(safe::backup_path(&s.plan)).unwrap(),
            crate::storage::EXAMPLE_2018_JSON
        );
    }
}
