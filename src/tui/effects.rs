//! What the planner asks the outside world to do: every file the planner
//! reads or writes after it started. [`App::update`](super::app::App::update)
//! only returns these; the event loop carries them out (on a worker thread,
//! so that the screen never waits for a disk) and hands each result back as
//! a [`Done`].

use std::path::PathBuf;
use std::sync::Arc;

use crate::core::Plan;
use crate::export::split::{SplitError, plan_split, write_split};
use crate::export::{ExportFormat, render_with};
use crate::storage::file::{FileError, Output, Policy, RealFile};
use crate::storage::progress::{Progress, counting};
use crate::storage::safe::{self, LockOutcome, RecoveryStore, SaveError};
use crate::storage::{OpenError, read_plan};

/// Work with files, to be carried out outside the app.
#[derive(Debug)]
pub enum Effect {
    /// Save a snapshot of the plan (refusing a file changed behind allot's
    /// back when `expected` is given).
    Save {
        /// Where.
        file: RealFile,
        /// What.
        plan: Arc<Plan>,
        /// The hash the file should still have.
        expected: Option<u64>,
        /// The editor state the snapshot is of.
        state: u64,
        /// Quit once saved.
        then_quit: bool,
        /// The history entries the save appends (once the plan is saved).
        history: Vec<crate::storage::history::Entry>,
        /// Where the save counts the nodes it has written.
        progress: Arc<Progress>,
    },
    /// Look at a path typed for "save as": what it really is.
    ResolveSaveAs {
        /// The path typed.
        text: String,
        /// Quit once saved.
        then_quit: bool,
    },
    /// Look at an export target: may it be written now?
    CheckExport(ExportJob),
    /// Write allocation files.
    Export(ExportJob),
    /// Write the recovery copy of unsaved work.
    WriteRecovery {
        /// The store.
        store: RecoveryStore,
        /// The plan file it is of (None: the sample).
        path: Option<PathBuf>,
        /// Hash of the file the work began from.
        base: Option<u64>,
        /// The unsaved plan.
        plan: Arc<Plan>,
        /// The editor revision it is of.
        revision: u64,
    },
    /// Remove recovery copies (after a clean save, a discard, or undoing
    /// back to the saved state).
    RemoveRecovery {
        /// The store.
        store: RecoveryStore,
        /// The plan files whose copies go.
        paths: Vec<Option<PathBuf>>,
    },
    /// Read the plan file again (discarding the changes made here).
    Reload {
        /// The real file.
        path: PathBuf,
    },
    /// Read a plan (a reference to compare with, or the saved file to
    /// list the changes since).
    ReadPlan {
        /// The file.
        path: PathBuf,
        /// What for.
        purpose: ReadFor,
    },
    /// Read the history beside a plan.
    ReadHistory {
        /// The plan file.
        path: PathBuf,
        /// To show in the history view (else for the details panel).
        show: bool,
    },
    /// Take the lock of a file the plan was saved to under a new name.
    Lock {
        /// The real file.
        path: PathBuf,
    },
    /// List what a path typed so far could go on with (Tab in a file
    /// prompt).
    Complete {
        /// The text typed.
        typed: String,
    },
    /// Index the names and ids for searching (a big plan, off the UI
    /// thread).
    IndexNames {
        /// The plan as it is.
        plan: Arc<Plan>,
    },
}

impl Effect {
    /// Whether the screen should say that something is going on until it
    /// is done (saving and exporting; a recovery copy is silent).
    pub fn is_visible(&self) -> bool {
        matches!(self, Self::Save { .. } | Self::Export(_))
    }
}

/// Why a plan is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadFor {
    /// To show beside the plan, read-only.
    Reference,
    /// To list the changes since it was saved.
    Changes,
}

/// An export, as asked for in the export dialog.
#[derive(Debug, Clone)]
pub struct ExportJob {
    /// The file, or the folder for split files.
    pub path: PathBuf,
    /// Format.
    pub format: ExportFormat,
    /// One file per top-level node.
    pub split: bool,
    /// One batch only (its position); the plan is then that batch's.
    pub batch: Option<usize>,
    /// What may be replaced.
    pub policy: Policy,
    /// The plan.
    pub plan: Arc<Plan>,
    /// The plan's history to add (XLSX and Markdown).
    pub history: Option<ExportHistory>,
    /// Where the export counts the rows it has written.
    pub progress: Arc<Progress>,
}

/// The history an export carries: the saved entries (read beside the
/// plan's file, when it has one) and the unsaved ones.
#[derive(Debug, Clone)]
pub struct ExportHistory {
    /// The plan's file.
    pub plan_file: Option<PathBuf>,
    /// The changes not saved yet.
    pub unsaved: Vec<crate::storage::history::Entry>,
    /// One batch only: its id.
    pub batch: Option<String>,
}

impl ExportHistory {
    /// The entries, oldest first.
    fn entries(&self) -> Result<Vec<crate::storage::history::Entry>, String> {
        let mut entries = match &self.plan_file {
            Some(p) => {
                crate::storage::history::read(p)
                    .map_err(|e| crate::t!("history-unreadable-export", error = e.to_string()))?
                    .entries
            }
            None => Vec::new(),
        };
        entries.extend(self.unsaved.iter().cloned());
        Ok(match &self.batch {
            Some(b) => crate::export::history::visible(&entries, None, Some(b)),
            None => entries,
        })
    }
}

/// What came of an [`Effect`].
#[derive(Debug)]
pub enum Done {
    /// A save.
    Saved {
        /// Where.
        file: RealFile,
        /// The editor state saved.
        state: u64,
        /// Quit once saved.
        then_quit: bool,
        /// The new file's hash, or why not.
        result: Result<u64, SaveError>,
        /// Why the history could not be appended to (the plan is saved).
        history: Option<String>,
    },
    /// The "save as" path, resolved.
    SaveAsResolved {
        /// The path typed.
        text: String,
        /// Quit once saved.
        then_quit: bool,
        /// The real file, or why it cannot be one.
        result: Result<RealFile, FileError>,
    },
    /// An export target, checked.
    ExportChecked {
        /// The export.
        job: ExportJob,
        /// Ok, or what is in the way.
        result: Result<(), ExportCheck>,
    },
    /// An export, written.
    Exported {
        /// The export.
        job: ExportJob,
        /// How many files, or why not.
        result: Result<usize, String>,
    },
    /// A recovery copy, written.
    RecoveryWritten {
        /// The editor revision it is of.
        revision: u64,
        /// Ok, or the error.
        result: Result<(), String>,
    },
    /// Recovery copies removed.
    RecoveryRemoved,
    /// The plan file, read again.
    Reloaded {
        /// The real file.
        path: PathBuf,
        /// The plan and the file's hash, or why not.
        result: Result<(Box<Plan>, u64), OpenError>,
    },
    /// A plan read.
    PlanRead {
        /// The file.
        path: PathBuf,
        /// What for.
        purpose: ReadFor,
        /// The plan, or why not.
        result: Result<Box<Plan>, OpenError>,
    },
    /// The history beside the plan, or why not.
    HistoryRead {
        /// The plan file.
        path: PathBuf,
        /// To show in the history view.
        show: bool,
        /// The history, or why not.
        result: Result<crate::storage::history::History, String>,
    },
    /// The lock of a file saved under a new name.
    Locked(LockOutcome),
    /// What a typed path could go on with.
    Completed(Completion),
    /// The names and ids indexed.
    NamesIndexed(Box<crate::core::find::NameIndex>),
}

/// The files and folders a path typed so far could go on with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The text typed.
    pub typed: String,
    /// The names in its folder that start with its last part, folders
    /// with a `/` at the end, sorted (at most [`MAX_COMPLETIONS`]).
    pub names: Vec<String>,
    /// Whether there were more.
    pub more: bool,
}

/// The most names a completion lists.
pub const MAX_COMPLETIONS: usize = 200;

impl Completion {
    /// The names in the folder of `typed` starting with its last part
    /// (`~/` is the home folder; names starting with `.` only when the part
    /// does).
    pub fn list(typed: &str) -> Self {
        let (dir, prefix) = match typed.rfind('/') {
            Some(i) => (&typed[..=i], &typed[i + 1..]),
            None => ("", typed),
        };
        let folder = if dir.is_empty() {
            PathBuf::from(".")
        } else {
            super::app::expand_home(dir)
        };
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| {
                        let name = e.file_name().into_string().ok()?;
                        if !name.starts_with(prefix)
                            || (name.starts_with('.') && !prefix.starts_with('.'))
                        {
                            return None;
                        }
                        // Through a link: what it points at.
                        let dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
                        Some(if dir { format!("{name}/") } else { name })
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let more = names.len() > MAX_COMPLETIONS;
        names.truncate(MAX_COMPLETIONS);
        Self {
            typed: typed.to_owned(),
            names,
            more,
        }
    }

    /// The text to put in the prompt: the typed folder with the longest
    /// start the names share (the whole name when there is one).
    pub fn completed(&self) -> Option<String> {
        let first = self.names.first()?;
        let mut common = first.as_str();
        for n in &self.names[1..] {
            let same = common
                .char_indices()
                .zip(n.chars())
                .find(|((_, a), b)| a != b)
                .map_or(common.len().min(n.len()), |((i, _), _)| i);
            common = &common[..same];
        }
        let dir = match self.typed.rfind('/') {
            Some(i) => &self.typed[..=i],
            None => "",
        };
        Some(format!("{dir}{common}"))
    }
}

/// Why an export target cannot be written as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportCheck {
    /// Files are there (their number): ask before replacing them.
    Exists(usize),
    /// The plan itself: never.
    IsThePlan,
    /// Anything else, in words.
    Refused(String),
}

/// Carry out one effect (this does the I/O).
pub fn perform(effect: Effect) -> Done {
    match effect {
        Effect::Save {
            file,
            plan,
            expected,
            state,
            then_quit,
            history,
            progress,
        } => {
            // Written straight to the file: a big plan is never held twice,
            // as itself and as its text. The nodes written are counted for
            // the header.
            let result = counting(&progress, plan.len().saturating_sub(1), || {
                safe::save_with(
                    file.real(),
                    &mut |w| crate::storage::format::write_json(&plan, w),
                    expected,
                    &mut |_| {},
                )
            });
            drop(plan);
            // The history never blocks a save: appended once it is saved,
            // a failure is reported.
            let history = result
                .as_ref()
                .ok()
                .and_then(|_| crate::storage::history::append_entries(file.real(), &history).err())
                .map(|e| e.to_string());
            Done::Saved {
                file,
                state,
                then_quit,
                result,
                history,
            }
        }
        Effect::ResolveSaveAs { text, then_quit } => {
            let result = RealFile::resolve(std::path::Path::new(&text));
            Done::SaveAsResolved {
                text,
                then_quit,
                result,
            }
        }
        Effect::CheckExport(job) => {
            let result = check_export(&job);
            Done::ExportChecked { job, result }
        }
        Effect::Export(job) => {
            let units = crate::export::work_units(&job.plan, job.format);
            let result = counting(&job.progress, units, || export(&job));
            Done::Exported { job, result }
        }
        Effect::WriteRecovery {
            store,
            path,
            base,
            plan,
            revision,
        } => {
            let result = store
                .write_with(path.as_deref(), base, &mut |w| {
                    crate::storage::format::write_json(&plan, w)
                })
                .map_err(|e| e.to_string());
            Done::RecoveryWritten { revision, result }
        }
        Effect::RemoveRecovery { store, paths } => {
            for p in &paths {
                store.remove(p.as_deref());
            }
            Done::RecoveryRemoved
        }
        Effect::Reload { path } => {
            let result = read_plan(&path)
                .map(|(plan, text)| (Box::new(plan), safe::content_hash(text.as_bytes())));
            Done::Reloaded { path, result }
        }
        Effect::ReadPlan { path, purpose } => {
            let result = read_plan(&path).map(|(plan, _)| Box::new(plan));
            Done::PlanRead {
                path,
                purpose,
                result,
            }
        }
        Effect::ReadHistory { path, show } => {
            let result = crate::storage::history::read(&path).map_err(|e| e.to_string());
            Done::HistoryRead { path, show, result }
        }
        Effect::Lock { path } => Done::Locked(safe::lock(&path)),
        Effect::Complete { typed } => Done::Completed(Completion::list(&typed)),
        Effect::IndexNames { plan } => {
            Done::NamesIndexed(Box::new(crate::core::find::NameIndex::build(&plan)))
        }
    }
}

fn check_export(job: &ExportJob) -> Result<(), ExportCheck> {
    if job.split {
        return match plan_split(&job.plan, &job.path, job.format, &job.policy) {
            Ok(_) => Ok(()),
            Err(SplitError::Exist(files)) => Err(ExportCheck::Exists(files.len())),
            Err(SplitError::IsThePlan(_)) => Err(ExportCheck::IsThePlan),
            Err(e) => Err(ExportCheck::Refused(e.to_string())),
        };
    }
    match Output::check(&job.path, &job.policy) {
        Ok(Output::Stdout) => Err(ExportCheck::Refused(crate::t!("export-stdout"))),
        Ok(_) => Ok(()),
        Err(FileError::Exists) => Err(ExportCheck::Exists(1)),
        Err(FileError::IsThePlan) => Err(ExportCheck::IsThePlan),
        Err(e) => Err(ExportCheck::Refused(format!("it {e}"))),
    }
}

fn export(job: &ExportJob) -> Result<usize, String> {
    let history = job
        .history
        .as_ref()
        .map(ExportHistory::entries)
        .transpose()?;
    if job.split {
        return write_split(
            &job.plan,
            &job.path,
            job.format,
            None,
            &job.policy,
            crate::export::split::SplitOptions {
                national_remainder: false,
                bom: true,
            },
            history.as_deref(),
        )
        .map(|files| files.len())
        .map_err(|e| e.to_string());
    }
    let out = Output::check(&job.path, &job.policy).map_err(|e| e.to_string())?;
    if history.is_none() && crate::export::is_written_whole(&job.plan, job.format, None) {
        // Written as it is made (a file for spreadsheets: a CSV begins
        // with the byte-order mark).
        return out
            .write(&job.policy, &mut std::io::sink(), &mut |w, _| {
                crate::export::write_whole(&job.plan, job.format, None, true, w)
                    .unwrap_or_else(|| Err(std::io::Error::other("not written whole")))
            })
            .map(|()| 1)
            .map_err(|e| e.to_string());
    }
    // A file for spreadsheets: a CSV begins with the byte-order mark.
    let bytes = crate::export::with_bom(
        job.format,
        render_with(&job.plan, job.format, None, None, history.as_deref())?,
    );
    out.write(&job.policy, &mut std::io::sink(), &mut |w, _| {
        w.write_all(&bytes)
    })
    .map(|()| 1)
    .map_err(|e| e.to_string())
}

/// Carries out effects one after another on a thread of its own, sending
/// each result to `done`.
pub struct Worker {
    jobs: std::sync::mpsc::Sender<Effect>,
}

impl Worker {
    /// Start the worker; `done` receives every result.
    pub fn start<T: Send + 'static>(done: std::sync::mpsc::Sender<T>, wrap: fn(Done) -> T) -> Self {
        let (jobs, rx) = std::sync::mpsc::channel::<Effect>();
        let _ = std::thread::Builder::new()
            .name("allot-files".to_owned())
            .spawn(move || {
                for effect in rx {
                    if done.send(wrap(perform(effect))).is_err() {
                        break;
                    }
                }
            });
        Self { jobs }
    }

    /// Queue an effect.
    pub fn send(&self, effect: Effect) {
        let _ = self.jobs.send(effect);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_and_exports_count_every_unit_of_work_they_announce() {
        let dir = tempfile::tempdir().unwrap();
        let plans = [
            Arc::new(crate::report::generate::generate(900, 3, 2)),
            Arc::new(crate::storage::sample()),
        ];
        for (k, plan) in plans.iter().enumerate() {
            let progress = Progress::new();
            let path = dir.path().join(format!("p{k}.json"));
            let file = RealFile::resolve(&path).unwrap();
            let done = perform(Effect::Save {
                file,
                plan: Arc::clone(plan),
                expected: None,
                state: 0,
                then_quit: false,
                history: Vec::new(),
                progress: Arc::clone(&progress),
            });
            assert!(matches!(done, Done::Saved { result: Ok(_), .. }));
            assert_eq!(progress.counted(), plan.len() - 1);
            assert_eq!(progress.percent(), None, "nothing counted once done");
            for format in [
                ExportFormat::Csv,
                ExportFormat::Json,
                ExportFormat::Markdown,
                ExportFormat::Xlsx,
            ] {
                let job = ExportJob {
                    path: dir.path().join(format!("e{k}.{}", format.extension())),
                    format,
                    split: false,
                    batch: None,
                    policy: Policy {
                        replace: false,
                        never: vec![path.clone()],
                        follow_links: true,
                        wait_for_reader: false,
                    },
                    plan: Arc::clone(plan),
                    history: None,
                    progress: Arc::clone(&progress),
                };
                match perform(Effect::Export(job)) {
                    Done::Exported { result, .. } => assert_eq!(result, Ok(1)),
                    _ => panic!("exported"),
                }
                assert_eq!(
                    progress.counted(),
                    crate::export::work_units(plan, format),
                    "{format:?} of plan {k}"
                );
            }
        }
    }

    #[test]
    fn completion_lists_what_a_folder_holds() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("rare-2023.json"), "").unwrap();
        std::fs::write(d.join("rare-2024.json"), "").unwrap();
        std::fs::write(d.join(".rare-hidden"), "").unwrap();
        std::fs::create_dir(d.join("rates")).unwrap();
        let typed = format!("{}/ra", d.display());
        let c = Completion::list(&typed);
        assert_eq!(c.names, ["rare-2023.json", "rare-2024.json", "rates/"]);
        assert_eq!(c.completed().unwrap(), format!("{}/ra", d.display()));
        let c = Completion::list(&format!("{}/rat", d.display()));
        assert_eq!(c.completed().unwrap(), format!("{}/rates/", d.display()));
        let c = Completion::list(&format!("{}/.r", d.display()));
        assert_eq!(c.names, [".rare-hidden"], "hidden names when asked for");
        assert!(
            Completion::list(&format!("{}/zz", d.display()))
                .completed()
                .is_none()
        );
        assert!(Completion::list("/no/such/folder/x").names.is_empty());
    }
}
