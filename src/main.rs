//! allot: command-line parsing and dispatch only.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use allot::core::text::printable;
use allot::report::{self, Format};
use allot::storage::{self, OpenError};

/// Share out national quota totals exactly: a planner's tool for
/// allocation trees (national -> province -> enterprise).
#[derive(Parser)]
#[command(name = "allot", version, about, long_about = None, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Plan file to open (without one, the built-in sample plan).
    file: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
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
        /// Show nodes down to this depth (1 = top level only; default all).
        #[arg(long)]
        depth: Option<usize>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let code = match cli.command {
        Some(Command::Check {
            file,
            strict,
            format,
        }) => report::check::run(&file, strict, format.into(), &mut out).unwrap_or(2),
        Some(Command::Summary {
            file,
            depth,
            format,
        }) => summary(&file, depth, format.into(), &mut out),
        None => open(cli.file, &mut out),
    };
    let _ = out.flush();
    ExitCode::from(code)
}

fn summary(
    file: &std::path::Path,
    depth: Option<usize>,
    format: Format,
    out: &mut dyn Write,
) -> u8 {
    match storage::read_plan(file) {
        Ok((plan, _)) => {
            let name = file.display().to_string();
            report::summary::write(&plan, &name, depth, format, out).map_or(2, |()| 0)
        }
        Err(e) => open_error(file, &e),
    }
}

/// Open the interactive planner; without a terminal (a pipe, a script),
/// print the plan's summary instead.
fn open(file: Option<PathBuf>, out: &mut dyn Write) -> u8 {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        let _ = color_eyre::install();
        return match allot::tui::run(file.as_deref()) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("allot: {e}");
                1
            }
        };
    }
    match file {
        None => {
            let plan = storage::sample();
            report::summary::write(&plan, "sample", None, Format::Text, out).map_or(2, |()| 0)
        }
        Some(f) => summary(&f, None, Format::Text, out),
    }
}

fn open_error(file: &std::path::Path, e: &OpenError) -> u8 {
    let name = printable(&file.display().to_string());
    match e {
        OpenError::Io(e) => {
            eprintln!("{name}: error: cannot read: {e}");
            2
        }
        OpenError::Encoding { line, column } => {
            eprintln!(
                "{name}:{line}:{column}: error: the file is not UTF-8 text; save it as UTF-8"
            );
            1
        }
        OpenError::Invalid(errors) => {
            for err in errors {
                let msg = printable(&err.message);
                match (err.line, err.column) {
                    (Some(l), Some(c)) => eprintln!("{name}:{l}:{c}: error: {msg}"),
                    _ => eprintln!("{name}: error: {msg}"),
                }
            }
            1
        }
    }
}
