//! The planner's side of "never lose work": one editor per plan (others open
//! it read-only), recovery copies of unsaved work written shortly after each
//! edit and offered back after a crash, and saves that notice a file changed
//! behind allot's back.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::app::{App, Confirm, Mode, Source};
use super::rows::Rows;
use crate::core::diff::differences;
use crate::core::text::printable;
use crate::core::{Editor, Plan};
use crate::storage::file::RealFile;
use crate::storage::safe::{self, LockOutcome, RecoveryStore, SaveError};
use crate::storage::{parse_plan, read_plan, to_json};

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
    /// start.
    pub fn start_guards(&mut self, recovery: Option<RecoveryStore>) {
        if let Some(path) = self.file_path().map(Path::to_path_buf) {
            match safe::lock(&path) {
                LockOutcome::Locked(l) => self.lock = Some(l),
                LockOutcome::Held(h) => {
                    self.read_only = Some(match h.pid {
                        Some(pid) => format!("open in another allot (process {pid})"),
                        None => "open in another allot".to_owned(),
                    });
                }
                LockOutcome::Unavailable(e) => self.error(format!(
                    "could not lock the plan against a second editor ({e}); take care not to open it twice"
                )),
                LockOutcome::Unsafe(problem) => {
                    let why = printable(&problem.to_string());
                    self.error(format!(
                        "{why}: opened read-only; remove that file, or save a copy with {}",
                        self.config.keys.label(super::command::Command::SaveAs)
                    ));
                    self.read_only = Some(why);
                }
            }
        }
        self.recovery = recovery;
        // Another allot's unsaved work is its own to offer.
        if self.read_only.is_none() {
            self.offer_recovery();
        }
    }

    fn offer_recovery(&mut self) {
        let Some(store) = &self.recovery else { return };
        let path = self.file_path().map(Path::to_path_buf);
        let Some(rec) = store.load(path.as_deref()) else {
            return;
        };
        let Ok(recovered) = parse_plan(&rec.plan) else {
            self.error("found a recovery copy that cannot be read; it was left in place");
            return;
        };
        let diffs = differences(self.plan(), &recovered, 12);
        if diffs.is_empty() {
            store.remove(path.as_deref());
            return;
        }
        // The file was saved (by another allot, or another tool) after the
        // work in the copy began: restoring it would undo that save.
        let file_changed = rec.base_hash != self.disk_hash;
        self.mode = Mode::Confirm(Confirm::Recover {
            text: rec.plan,
            saved_at: rec.saved_at,
            differences: diffs,
            file_changed,
        });
    }

    /// Replace the plan by the recovered one (unsaved until saved). When the
    /// file changed since the copy was made, saving asks first (reload,
    /// overwrite or save elsewhere), as for any file changed on disk.
    pub(super) fn restore(&mut self, text: &str, saved_at: u64, file_changed: bool) {
        match parse_plan(text) {
            Ok(plan) => {
                self.replace_plan(plan);
                self.force_dirty = true;
                if file_changed {
                    // The copy's own starting point is unknown here: any
                    // save must ask before replacing the newer file.
                    self.stale_base = true;
                    self.info(format!(
                        "restored work from {} (the file is newer: saving asks)",
                        age(saved_at)
                    ));
                } else {
                    let save = self.config.keys.label(super::command::Command::Save);
                    self.info(format!(
                        "restored the unsaved work from {}; save it with {save}",
                        age(saved_at)
                    ));
                }
            }
            Err(_) => self.error("the recovery copy could not be read"),
        }
    }

    /// Remove the recovery copy (the planner chose to discard it).
    pub(super) fn discard_recovery(&mut self) {
        if let Some(store) = &self.recovery {
            store.remove(self.file_path());
        }
        self.recovery_state = (None, None);
    }

    fn replace_plan(&mut self, plan: Plan) {
        self.ed = Editor::new(plan);
        self.saved_state = self.ed.state_id();
        self.rows = Rows::new();
        self.rows.refresh(self.ed.plan());
        self.row = 0;
        self.offset = 0;
        self.recovery_state = (None, None);
    }

    /// Called by the event loop: write the recovery copy when an edit has
    /// waited [`RECOVERY_DELAY`], remove it when nothing is unsaved. Returns
    /// how soon to call again (None: only after the next event).
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
        if waited >= RECOVERY_DELAY && self.pending.is_none() {
            self.write_recovery_now();
            None
        } else {
            Some(RECOVERY_DELAY.saturating_sub(waited))
        }
    }

    /// Write the recovery copy of the current plan now (after an edit, and
    /// when allot panics).
    pub fn write_recovery_now(&mut self) {
        let Some(store) = &self.recovery else { return };
        if self.read_only.is_some() || !self.dirty() {
            return;
        }
        let path = self.file_path().map(Path::to_path_buf);
        let plan = self.ed.plan();
        let written = store.write_with(path.as_deref(), self.disk_hash, &mut |w| {
            crate::storage::format::write_json(plan, w)
        });
        match written {
            Ok(()) => self.recovery_state = (Some(self.ed.revision()), None),
            Err(e) => {
                self.recovery_state.1 = None;
                self.error(format!("could not write the recovery copy: {e}"));
            }
        }
    }

    /// Save to `path`: refuse to overwrite a file changed behind allot's
    /// back (and ask), keep the previous version as `FILE.bak`, and remove
    /// the recovery copy once saved.
    pub(super) fn save_to(&mut self, file: &RealFile, then_quit: bool) {
        let path = file.real();
        let same = self.file_path() == Some(path);
        if same && self.stale_base {
            // A restored copy of work begun on an older file: ask before
            // replacing the newer one (reload, overwrite, save elsewhere).
            self.mode = Mode::Confirm(Confirm::ChangedOnDisk { then_quit });
            return;
        }
        let expected = if same { self.disk_hash } else { None };
        if self.plan().len() > super::app::BIG_PLAN {
            self.info(format!(
                "saving {} nodes to {} …",
                self.plan().len() - 1,
                printable(&path.display().to_string())
            ));
            self.pending = Some(super::app::Job::Save {
                file: file.clone(),
                expected,
                then_quit,
            });
        } else {
            self.save_checked(file, expected, then_quit);
        }
    }

    pub(super) fn save_checked(&mut self, file: &RealFile, expected: Option<u64>, then_quit: bool) {
        let path = file.real();
        let text = to_json(self.plan());
        let shown = printable(&file.shown().display().to_string());
        match safe::save(path, &text, expected) {
            Ok(hash) => {
                if let Some(store) = &self.recovery {
                    store.remove(self.file_path());
                    store.remove(Some(path));
                }
                let moved = self.file_path() != Some(path);
                self.disk_hash = Some(hash);
                self.stale_base = false;
                self.saved_state = self.ed.state_id();
                self.force_dirty = false;
                self.recovery_state = (None, None);
                self.source = Source::File {
                    file: file.clone(),
                    exists: true,
                };
                if moved {
                    self.relock(path);
                }
                self.info(format!("saved {shown}"));
                if then_quit {
                    self.quit = true;
                }
            }
            Err(SaveError::Changed) => {
                self.mode = Mode::Confirm(Confirm::ChangedOnDisk { then_quit });
            }
            Err(SaveError::File(e)) => self.error(format!(
                "could not save {shown}: {e}; your changes are still here, unsaved, and the file on disk is as it was"
            )),
        }
    }

    /// Saved under a new name: that file is now the one this allot edits.
    fn relock(&mut self, path: &Path) {
        self.lock = None;
        match safe::lock(path) {
            LockOutcome::Locked(l) => {
                self.lock = Some(l);
                self.read_only = None;
            }
            LockOutcome::Held(_) => {
                self.read_only = Some("the new file is open in another allot".to_owned());
            }
            LockOutcome::Unavailable(_) => self.read_only = None,
            LockOutcome::Unsafe(problem) => {
                self.read_only = Some(printable(&problem.to_string()));
            }
        }
    }

    /// Save over a file that changed on disk, on purpose.
    pub(super) fn overwrite(&mut self, then_quit: bool) {
        if let Source::File { file, .. } = self.source.clone() {
            self.save_checked(&file, None, then_quit);
        }
    }

    /// Read the file again, discarding the changes made here.
    pub(super) fn reload(&mut self) {
        let Some(path) = self.file_path().map(Path::to_path_buf) else {
            return;
        };
        let shown = printable(&self.shown_path().unwrap_or(&path).display().to_string());
        let Ok((plan, text)) = read_plan(&path) else {
            self.error(format!(
                "{shown} cannot be read as a plan now; nothing was changed here (allot check tells why)"
            ));
            return;
        };
        self.replace_plan(plan);
        self.force_dirty = false;
        self.stale_base = false;
        self.disk_hash = Some(safe::content_hash(text.as_bytes()));
        self.discard_recovery();
        self.info(format!(
            "reloaded {shown} from disk; your changes were discarded"
        ));
    }
}

/// "3 minutes ago" for a time in seconds since 1970.
pub fn age(saved_at: u64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let secs = now.saturating_sub(saved_at);
    match secs {
        0..60 => "less than a minute ago".to_owned(),
        60..3600 => format!("{} minutes ago", secs / 60),
        3600..86_400 => format!("{} hours ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            std::fs::write(&plan, crate::storage::SAMPLE_JSON).unwrap();
            Self { dir, plan }
        }

        fn store(&self) -> RecoveryStore {
            RecoveryStore::new(self.dir.path().join("data"))
        }

        fn app(&self) -> App {
            let (plan, source, hash) = open(Some(&self.plan)).unwrap();
            let mut app = App::new(plan, source, Config::default(), (120, 40));
            app.disk_hash = hash;
            app.start_guards(Some(self.store()));
            app
        }
    }

    /// Select Shandong's rock cell and type `value`.
    fn edit_shandong(app: &mut App, value: &str) {
        let sd = app.plan().find("sd").unwrap();
        app.row = app.rows.position(sd).unwrap();
        app.col = 1;
        app.update(Msg::Cmd(Command::Edit));
        app.update(Msg::Text(TextOp::Clear));
        for c in value.chars() {
            app.update(Msg::Text(TextOp::Insert(c)));
        }
        app.update(Msg::Submit);
    }

    #[test]
    fn unsaved_work_is_copied_soon_after_an_edit_and_offered_back() {
        let s = Setup::new();
        let mut app = s.app();
        let t0 = Instant::now();
        assert_eq!(app.tick(t0), None, "nothing unsaved, nothing to write");
        edit_shandong(&mut app, "3000");
        let wait = app.tick(t0).expect("a write is scheduled");
        assert!(wait <= RECOVERY_DELAY);
        assert!(
            s.store().load(Some(&s.plan)).is_none(),
            "not before the delay"
        );
        app.tick(t0 + RECOVERY_DELAY);
        let rec = s
            .store()
            .load(Some(&s.plan))
            .expect("written after the delay");
        assert!(rec.plan.contains("\"rock\": 3000"));
        let unsaved = to_json(app.plan());
        // "Crash": the app goes away without saving; a new one opens the file.
        drop(app);
        let mut again = s.app();
        let Mode::Confirm(Confirm::Recover { differences, .. }) = &again.mode else {
            panic!("recovery offered: {:?}", again.mode)
        };
        assert_eq!(
            differences,
            &["Shandong 山东 rock: 3,600 → 3,000".to_owned()]
        );
        again.update(Msg::Choice('r'));
        assert_eq!(
            to_json(again.plan()),
            unsaved,
            "the restored plan is the unsaved one"
        );
        assert!(again.dirty());
        // A clean save removes the recovery copy.
        again.update(Msg::Cmd(Command::Save));
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
        again.update(Msg::Choice('d'));
        assert!(s.store().load(Some(&s.plan)).is_none());
        assert_eq!(
            again.plan().value(again.plan().find("sd").unwrap(), 0),
            3600
        );
        // Undoing back to the saved state removes it too.
        edit_shandong(&mut again, "3000");
        again.write_recovery_now();
        again.update(Msg::Cmd(Command::Undo));
        again.tick(Instant::now());
        assert!(s.store().load(Some(&s.plan)).is_none());
    }

    #[test]
    fn a_big_plan_says_it_is_saving_before_it_saves() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let plan = crate::report::generate::generate(super::super::app::BIG_PLAN + 10, 2, 3);
        std::fs::write(&path, to_json(&plan)).unwrap();
        let (plan, source, hash) = open(Some(&path)).unwrap();
        let mut app = App::new(plan, source, Config::default(), (120, 40));
        app.disk_hash = hash;
        app.update(Msg::Cmd(Command::Lock));
        app.update(Msg::Cmd(Command::Down));
        app.update(Msg::Cmd(Command::Lock));
        app.update(Msg::Cmd(Command::Save));
        // The frame drawn now says what is happening; nothing written yet.
        assert!(app.pending.is_some());
        assert!(app.message.as_ref().unwrap().0.starts_with("saving"));
        assert!(app.dirty());
        app.run_pending();
        assert!(app.pending.is_none());
        assert!(!app.dirty());
        assert!(app.message.as_ref().unwrap().0.starts_with("saved"));
    }

    #[test]
    fn a_second_instance_is_read_only() {
        let s = Setup::new();
        let first = s.app();
        let mut second = s.app();
        let why = second.read_only.clone().expect("read-only");
        assert!(why.contains(&std::process::id().to_string()), "{why}");
        edit_shandong(&mut second, "3000");
        assert_eq!(
            second.plan().value(second.plan().find("sd").unwrap(), 0),
            3600
        );
        assert!(second.message.as_ref().unwrap().0.starts_with("read-only"));
        second.update(Msg::Cmd(Command::Save));
        assert!(second.message.as_ref().unwrap().0.starts_with("read-only"));
        drop(first);
        drop(second);
        assert!(s.app().read_only.is_none(), "free once the first has gone");
    }

    #[test]
    fn a_file_changed_behind_our_back_is_not_overwritten() {
        let s = Setup::new();
        let mut app = s.app();
        edit_shandong(&mut app, "3000");
        let theirs = crate::storage::SAMPLE_JSON.replace("\"rock\": 3600", "\"rock\": 3500");
        std::fs::write(&s.plan, &theirs).unwrap();
        app.update(Msg::Cmd(Command::Save));
        assert!(matches!(
            app.mode,
            Mode::Confirm(Confirm::ChangedOnDisk { .. })
        ));
        assert_eq!(std::fs::read_to_string(&s.plan).unwrap(), theirs);
        // Reload: their version, our change dropped.
        app.update(Msg::Choice('r'));
        assert_eq!(app.plan().value(app.plan().find("sd").unwrap(), 0), 3500);
        assert!(!app.dirty());
        // Change again, and overwrite on purpose: the backup holds theirs.
        edit_shandong(&mut app, "3000");
        std::fs::write(&s.plan, crate::storage::SAMPLE_JSON).unwrap();
        app.update(Msg::Cmd(Command::Save));
        app.update(Msg::Choice('o'));
        let saved = read_plan(&s.plan).unwrap().0;
        assert_eq!(saved.value(saved.find("sd").unwrap(), 0), 3000);
        assert_eq!(
            std::fs::read_to_string(safe::backup_path(&s.plan)).unwrap(),
            crate::storage::SAMPLE_JSON
        );
    }
}
