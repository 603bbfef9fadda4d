//! allot: command-line parsing and dispatch only.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use allot::export::ExportFormat;
use allot::i18n::{self, Lang};
use allot::report::apply::ApplyRequest;
use allot::report::transfer::{self, ExportRequest};
use allot::report::{self, Format};
use allot::storage;

/// Share out national quota totals exactly: a planner's tool for
/// allocation trees (national -> province -> enterprise).
#[derive(Parser)]
#[command(name = "allot", version, about, long_about = None, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Plan file to open (without one, the built-in sample plan).
    file: Option<PathBuf>,
    /// A plan to compare with, shown beside every figure (read-only):
    /// last year's, the other table of the same batch.
    #[arg(long, value_name = "REF")]
    compare: Option<PathBuf>,
    /// The language of the interface and messages: zh-CN or en (default:
    /// the settings' `language`, else `LC_ALL`, `LC_MESSAGES`, `LANG`).
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// A language named on the command line.
fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| allot::t!("lang-unknown", lang = format!("{s:?}")))
}

/// The command line parsed, its help in the language in use (clap's own
/// words too: the headings and the help of `--help` and `--version`).
fn parse_cli(args: Vec<std::ffi::OsString>) -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = Cli::command();
    if i18n::current() != Lang::En {
        cmd = localise(cmd);
    }
    let matches = cmd
        .try_get_matches_from(args)
        .unwrap_or_else(|e| usage_error(&e));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| usage_error(&e))
}

/// A usage error in the language in use (clap's own words in English),
/// with clap's exit code; help and version are printed as they are.
fn usage_error(e: &clap::Error) -> ! {
    use allot::t;
    use clap::error::{ContextKind, ErrorKind};
    if i18n::current() == Lang::En
        || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
        || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        e.exit();
    }
    let ctx = |k: ContextKind| e.get(k).map(ToString::to_string).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::InvalidValue => t!(
            "usage-invalid-value",
            value = ctx(ContextKind::InvalidValue),
            arg = ctx(ContextKind::InvalidArg),
            valid = ctx(ContextKind::ValidValue)
        ),
        ErrorKind::UnknownArgument => {
            t!("usage-unknown-argument", arg = ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            t!(
                "usage-unknown-command",
                command = ctx(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::MissingRequiredArgument => {
            t!("usage-missing", args = ctx(ContextKind::InvalidArg))
        }
        _ => e.to_string().trim_end().to_owned(),
    };
    eprintln!(
        "{}\n\n{}",
        t!("usage-error", message = message),
        t!("usage-more")
    );
    std::process::exit(e.exit_code());
}

/// Every about and the main arguments' help from the catalogue.
fn localise(cmd: clap::Command) -> clap::Command {
    use allot::t;
    let heading = |c: clap::Command| {
        c.mut_args(|a| {
            let h = if a.is_positional() {
                t!("cli-heading-arguments")
            } else {
                t!("cli-heading-options")
            };
            a.help_heading(h)
        })
        .next_help_heading(t!("cli-heading-options"))
        .help_template(format!(
            "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
            t!("cli-usage")
        ))
        .subcommand_help_heading(t!("cli-heading-commands"))
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(t!("cli-help")),
        )
    };
    let mut cmd = heading(cmd)
        .about(t!("cli-about"))
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(t!("cli-version")),
        )
        .mut_arg("file", |a| a.help(t!("cli-arg-file")))
        .mut_arg("compare", |a| a.help(t!("cli-arg-compare")))
        .mut_arg("lang", |a| a.help(t!("cli-arg-lang")));
    for (name, about) in [
        ("check", t!("cli-check")),
        ("summary", t!("cli-summary")),
        ("export", t!("cli-export")),
        ("apply", t!("cli-apply")),
        ("diff", t!("cli-diff")),
        ("log", t!("cli-log")),
        ("merge", t!("cli-merge")),
        ("import", t!("cli-import")),
        ("generate", t!("cli-generate")),
    ] {
        cmd = cmd.mut_subcommand(name, |s| {
            heading(s).about(about).long_about(None).mut_args(|a| {
                let id = format!("cli-opt-{}", a.get_id());
                let mut help = allot::i18n::tr(&id, &[]);
                if help == id {
                    return a;
                }
                // clap's own "[possible values: …] [default: …]", said here.
                let values: Vec<String> = a
                    .get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_owned())
                    .collect();
                let default: Vec<String> = a
                    .get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                let mut a = a;
                let takes = a.get_action().takes_values();
                if takes && !values.is_empty() {
                    help.push_str(&t!("cli-values", values = values.join(", ")));
                    a = a.hide_possible_values(true);
                }
                if takes && !default.is_empty() {
                    help.push_str(&t!("cli-default", value = default.join(", ")));
                    a = a.hide_default_value(true);
                }
                a.help(help).long_help(None)
            })
        });
    }
    cmd
}

/// The `--lang` given anywhere on the command line (before or after the
/// command), taken out of it before the rest is parsed, so that even
/// `--help` and its errors speak it: the language, and the other arguments.
fn lang_flag() -> (Result<Option<Lang>, String>, Vec<std::ffi::OsString>) {
    let mut rest = Vec::new();
    let mut lang = Ok(None);
    let mut args = std::env::args_os();
    rest.extend(args.next());
    while let Some(a) = args.next() {
        let text = a.to_string_lossy();
        if text == "--" {
            rest.push(a);
            rest.extend(args.by_ref());
            break;
        }
        let value = if let Some(v) = text.strip_prefix("--lang=") {
            Some(v.to_owned())
        } else if text == "--lang" {
            Some(
                args.next()
                    .map(|v| v.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
        } else {
            rest.push(a);
            continue;
        };
        lang = value.as_deref().map(parse_lang).transpose();
    }
    (lang, rest)
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

impl From<OutputFormat> for Format {
    fn from(f: OutputFormat) -> Self {
        match f {
            OutputFormat::Text => Format::Text,
            OutputFormat::Json => Format::Json,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "gb18030", alias = "gbk")]
    Gb18030,
}

impl From<EncodingArg> for allot::export::import::TableEncoding {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Auto => Self::Auto,
            EncodingArg::Utf8 => Self::Utf8,
            EncodingArg::Gb18030 => Self::Gb18030,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportAs {
    Csv,
    Xlsx,
    Md,
    Json,
}

impl From<ExportAs> for ExportFormat {
    fn from(f: ExportAs) -> Self {
        match f {
            ExportAs::Csv => ExportFormat::Csv,
            ExportAs::Xlsx => ExportFormat::Xlsx,
            ExportAs::Md => ExportFormat::Markdown,
            ExportAs::Json => ExportFormat::Json,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Validate a plan: exit 0 when it loads and is consistent, 1 when it is
    /// broken or over-allocated (or, with --strict, not balanced), 2 when it
    /// cannot be read.
    Check {
        /// The plan file.
        file: PathBuf,
        /// Also fail when any remainder is unallocated.
        #[arg(long)]
        strict: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Print national totals per quota and each node's values and shares.
    Summary {
        /// The plan file.
        file: PathBuf,
        /// A plan with batches: one batch, by id, or `all` (every batch and
        /// the year's cumulative, the default).
        #[arg(long, value_name = "ID|all")]
        batch: Option<String>,
        /// Beside each figure, the figure of this reference plan (last
        /// year's, the other ministry's), the difference and the percent
        /// change; nodes matched by id.
        #[arg(long, value_name = "REF")]
        compare: Option<PathBuf>,
        /// Show nodes down to this depth (1 = top level only; default all).
        #[arg(long)]
        depth: Option<usize>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Write allocation files: CSV, XLSX, Markdown or JSON, whole or one
    /// file per top-level node. Refuses an over-allocated plan unless
    /// --force.
    Export {
        /// The plan file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportAs,
        /// Output file; `-` or none: standard output (text formats, or xlsx
        /// into a pipe). An existing FIFO or device is written to, never
        /// replaced; a symlink is followed.
        #[arg(short, long, conflicts_with = "split")]
        output: Option<PathBuf>,
        /// Write one file per top-level node into this directory.
        #[arg(long, value_name = "DIR")]
        split: Option<PathBuf>,
        /// Include nodes down to this depth (1 = top level only).
        #[arg(long)]
        depth: Option<usize>,
        /// Replace existing files (never the plan itself), and export even
        /// when the plan is over-allocated.
        #[arg(long)]
        force: bool,
        /// In per-recipient files (--split), show the true national
        /// remainder (from which the others' sum can be worked out).
        #[arg(long, requires = "split")]
        national_remainder: bool,
        /// One batch's allocation, by id (what its notice lists); without
        /// it, a plan with batches is exported with a column per batch and
        /// the cumulative (Markdown: a section per batch).
        #[arg(long, value_name = "ID")]
        batch: Option<String>,
        /// Add the plan's history (PLAN.history.jsonl): a History sheet in
        /// xlsx, a Changes section in md; a recipient's file (--split)
        /// gets only its own figures' changes.
        #[arg(long)]
        history: bool,
        /// Begin a CSV with a byte-order mark, so that Excel on Chinese
        /// Windows reads it as UTF-8 (the default in a file, not on
        /// standard output).
        #[arg(long, conflicts_with = "no_bom")]
        bom: bool,
        /// No byte-order mark, in a file too (for Unix tools).
        #[arg(long)]
        no_bom: bool,
    },
    /// Run the planner's operations on a plan without a terminal, in order,
    /// as one change: if any is refused nothing is written (exit 1);
    /// otherwise the plan (or OUT) is saved as the planner saves it.
    ///
    /// One OP is one shell argument; words inside it are separated by
    /// spaces, a word with spaces in double quotes. PATH is node ids joined
    /// by `/` (`national` for the top); QUOTA[@BATCH] a quota kind (in a
    /// plan with batches, of the last batch unless @BATCH); VALUE as typed
    /// in the planner (69250, +500, 12.5%, *1.1, max).
    ///
    ///   set PATH QUOTA[@BATCH] VALUE        rebalance PATH QUOTA[@BATCH] VALUE
    ///   scale PATH QUOTA[@BATCH] VALUE      fill PATH [QUOTA][@BATCH] [by cumulative|current|previous|equal]
    ///   fill-down PATH [QUOTA][@BATCH]      lock PATH    unlock PATH
    ///   add-batch ID NAME [QUOTA=VALUE ...] [date=YYYY-MM-DD] [notice=TEXT]
    #[command(verbatim_doc_comment)]
    Apply {
        /// The plan file.
        file: PathBuf,
        /// The operations, each one argument (`'fill national rock@b2'`).
        #[arg(required = true, value_name = "OP")]
        ops: Vec<String>,
        /// Write the result here instead of saving the plan (`-`: standard
        /// output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Check and report what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Why (kept with the change).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Output format (json: every changed figure with its path, quota,
        /// batch, old and new value).
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// Replace an existing OUTPUT file (never the plan itself).
        #[arg(long)]
        force: bool,
    },
    /// Compare two plans: nodes matched by id wherever they sit, quota kinds
    /// and batches by id. Exit 0 when they are the same in every figure and
    /// in structure, 1 when they differ, 2 on usage or read errors.
    Diff {
        /// The first plan.
        a: PathBuf,
        /// The second plan.
        b: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// Only nodes down to this depth (1 = the top level).
        #[arg(long)]
        depth: Option<usize>,
        /// Only this batch's figures.
        #[arg(long, value_name = "ID")]
        batch: Option<String>,
    },
    /// The plan's history (PLAN.history.jsonl): who changed what, when and
    /// why, newest last.
    Log {
        /// The plan file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// Only changes of this node or below (its id, or a path of ids
        /// with / between them).
        #[arg(long, value_name = "PATH")]
        node: Option<String>,
        /// Only entries from this date on (YYYY-MM-DD, UTC).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
    /// Reconcile plans A and B into a new plan OUT. In a terminal, decide
    /// each difference (take A, take B, or type a figure); with --take, take
    /// one side for every difference. The result is written only when it
    /// is consistent; each decision is recorded in OUT's history
    /// (OUT.history.jsonl).
    Merge {
        /// The first plan.
        a: PathBuf,
        /// The second plan.
        b: PathBuf,
        /// The merged plan's file.
        #[arg(short, long)]
        output: PathBuf,
        /// Take this side for every difference, without asking.
        #[arg(long, value_enum)]
        take: Option<TakeSide>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Build a plan from a CSV table in the export layout (the quota totals
    /// come from the level-0 row), or from a workbook allot exported.
    Import {
        /// The CSV table, or the XLSX workbook.
        table: PathBuf,
        /// The plan file to write (`-`: standard output).
        #[arg(short, long)]
        output: PathBuf,
        /// Title of the new plan.
        #[arg(long)]
        title: Option<String>,
        /// Unit of the new plan.
        #[arg(long)]
        unit: Option<String>,
        /// Year of the new plan.
        #[arg(long)]
        year: Option<i64>,
        /// Level names, top first, comma-separated (`Province,Enterprise`).
        #[arg(long)]
        levels: Option<String>,
        /// How the CSV table's text is encoded (auto: UTF-8, else GB18030).
        #[arg(long, value_enum, default_value = "auto")]
        encoding: EncodingArg,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a generated, consistent plan of any size (deterministic in the
    /// seed), for benchmarks and load tests.
    Generate {
        /// Nodes below national.
        #[arg(long, default_value_t = 100_000)]
        nodes: usize,
        /// Levels below national.
        #[arg(long, default_value_t = 2)]
        depth: usize,
        /// Seed of the random choices.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file (`-` or none: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// For tests: save FILE with a pause at each step of the save.
    #[command(name = "__save-steps", hide = true)]
    SaveSteps {
        /// The plan file.
        file: PathBuf,
        /// Pause at each step, in milliseconds.
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
    },
}

fn main() -> ExitCode {
    let (flag, args) = lang_flag();
    let setting = allot::tui::config::load().0.language;
    let flag = match flag {
        Ok(f) => f,
        Err(e) => {
            i18n::set(i18n::choose(None, setting));
            eprintln!("allot: --lang: {e}");
            return ExitCode::from(2);
        }
    };
    i18n::set(i18n::choose(flag, setting));
    let cli = parse_cli(args);
    // Taken out before parsing: clap lists it in the help only.
    debug_assert!(cli.lang.is_none());
    let mut out = std::io::stdout().lock();
    let code = match cli.command {
        Some(
            c @ (Command::Check { .. }
            | Command::Summary { .. }
            | Command::Diff { .. }
            | Command::Log { .. }),
        ) => report_command(c, &mut out),
        Some(c) => file_command(c, &mut out),
        None => open(cli.file, cli.compare.as_deref(), &mut out),
    };
    let _ = out.flush();
    ExitCode::from(code)
}

/// The commands that read plans and report.
fn report_command(command: Command, out: &mut dyn Write) -> u8 {
    match command {
        Command::Check {
            file,
            strict,
            format,
        } => report::check::run(&file, strict, format.into(), out).unwrap_or(2),
        Command::Summary {
            file,
            batch,
            compare,
            depth,
            format,
        } => match compare {
            Some(reference) => compared_summary(
                &file,
                &reference,
                batch.as_deref(),
                depth,
                format.into(),
                out,
            ),
            None => summary(&file, batch.as_deref(), depth, format.into(), out),
        },
        Command::Diff {
            a,
            b,
            format,
            depth,
            batch,
        } => diff(&a, &b, depth, batch.as_deref(), format.into(), out),
        Command::Log {
            file,
            format,
            node,
            since,
        } => {
            let req = report::log::LogRequest {
                file: &file,
                format: format.into(),
                node: node.as_deref(),
                since: since.as_deref(),
            };
            report::log::run(&req, out, &mut std::io::stderr()).unwrap_or(1)
        }
        _ => 2,
    }
}

/// The commands that write files.
fn file_command(command: Command, out: &mut dyn Write) -> u8 {
    match command {
        Command::Export {
            file,
            format,
            output,
            split,
            depth,
            force,
            national_remainder,
            batch,
            history,
            bom,
            no_bom,
        } => {
            let req = ExportRequest {
                file: &file,
                format: format.into(),
                out: output.as_deref(),
                split: split.as_deref(),
                depth,
                force,
                national_remainder,
                batch: batch.as_deref(),
                history,
                bom: if bom {
                    Some(true)
                } else if no_bom {
                    Some(false)
                } else {
                    None
                },
            };
            transfer::export(&req, out, &mut std::io::stderr()).unwrap_or(1)
        }
        Command::Import {
            table,
            output,
            title,
            unit,
            year,
            levels,
            encoding,
            force,
        } => transfer::import(
            &table,
            &output,
            &transfer::ImportFacts {
                title: title.as_deref(),
                unit: unit.as_deref(),
                year,
                levels: levels.as_deref(),
                encoding: encoding.into(),
            },
            force,
            &mut std::io::stderr(),
        )
        .unwrap_or(1),
        cmd @ Command::Apply { .. } => apply(cmd, out),
        Command::Merge {
            a,
            b,
            output,
            take,
            force,
        } => merge(&a, &b, &output, take, force, out),
        Command::SaveSteps { file, pause_ms } => report::selftest::save_steps_command(
            &file,
            std::time::Duration::from_millis(pause_ms),
            out,
        )
        .unwrap_or(1),
        Command::Generate {
            nodes,
            depth,
            seed,
            output,
            force,
        } => report::generate::run(nodes, depth, seed, output.as_deref(), force),
        _ => 2,
    }
}

fn apply(cmd: Command, out: &mut dyn Write) -> u8 {
    let Command::Apply {
        file,
        ops,
        output,
        dry_run,
        reason,
        format,
        force,
    } = cmd
    else {
        return 2;
    };
    let req = ApplyRequest {
        file: &file,
        out: output.as_deref(),
        dry_run,
        reason: reason.as_deref(),
        format: format.into(),
        force,
        ops: &ops,
    };
    report::apply::run(&req, out, &mut std::io::stderr()).unwrap_or(1)
}

/// One side of a merge.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum TakeSide {
    /// Plan A.
    A,
    /// Plan B.
    B,
}

fn merge(
    a: &std::path::Path,
    b: &std::path::Path,
    output: &std::path::Path,
    take: Option<TakeSide>,
    force: bool,
    out: &mut dyn Write,
) -> u8 {
    use allot::core::merge::Side;
    let req = report::merge::MergeRequest {
        a,
        b,
        out: output,
        take: take.map(|t| match t {
            TakeSide::A => Side::A,
            TakeSide::B => Side::B,
        }),
        force,
    };
    if req.take.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdin())
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return allot::tui::reconcile::open(&req);
    }
    report::merge::run(&req, out, &mut std::io::stderr()).unwrap_or(1)
}

fn diff(
    a: &std::path::Path,
    b: &std::path::Path,
    depth: Option<usize>,
    batch: Option<&str>,
    format: Format,
    out: &mut dyn Write,
) -> u8 {
    let scope = allot::core::compare::Scope { depth, batch };
    report::diff::run(a, b, &scope, format, out, &mut std::io::stderr()).unwrap_or(2)
}

fn summary(
    file: &std::path::Path,
    batch: Option<&str>,
    depth: Option<usize>,
    format: Format,
    out: &mut dyn Write,
) -> u8 {
    match storage::read_plan(file) {
        Ok((plan, _)) => {
            let name = file.display().to_string();
            match report::summary::of_batch(&plan, batch) {
                Ok(view) => {
                    report::summary::write(&view, &name, depth, format, out).map_or(2, |()| 0)
                }
                Err(e) => {
                    eprintln!("{}: error: {e}", allot::core::text::printable(&name));
                    2
                }
            }
        }
        Err(e) => transfer::open_error(file, &e, &mut std::io::stderr()).unwrap_or(1),
    }
}

fn compared_summary(
    file: &std::path::Path,
    reference: &std::path::Path,
    batch: Option<&str>,
    depth: Option<usize>,
    format: Format,
    out: &mut dyn Write,
) -> u8 {
    let mut err = std::io::stderr();
    let read = |f: &std::path::Path, err: &mut dyn Write| match storage::read_plan(f) {
        Ok((plan, _)) => match report::summary::of_batch(&plan, batch) {
            Ok(v) => Some(v),
            Err(e) => {
                let _ = writeln!(
                    err,
                    "{}: error: {e}",
                    allot::core::text::printable(&f.display().to_string())
                );
                None
            }
        },
        Err(e) => {
            let _ = transfer::open_error(f, &e, err);
            None
        }
    };
    let (Some(plan), Some(reference)) = (read(file, &mut err), read(reference, &mut err)) else {
        return 2;
    };
    let name = file.display().to_string();
    report::summary::write_compared(&plan, &reference, &name, depth, format, out).map_or(2, |()| 0)
}

/// Open the interactive planner; without a terminal (a pipe, a script),
/// print the plan's summary instead.
fn open(file: Option<PathBuf>, reference: Option<&std::path::Path>, out: &mut dyn Write) -> u8 {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        let _ = color_eyre::install();
        return match allot::tui::run(file.as_deref(), reference) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("allot: {e}");
                1
            }
        };
    }
    match (file, reference) {
        (Some(f), Some(r)) => compared_summary(&f, r, None, None, Format::Text, out),
        (None, _) => {
            let plan = storage::sample();
            report::summary::write(&plan, "sample", None, Format::Text, out).map_or(2, |()| 0)
        }
        (Some(f), None) => summary(&f, None, None, Format::Text, out),
    }
}
