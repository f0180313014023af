//! Command-line interface: clap types, dispatch, and one module per subcommand.
//!
//! Every subcommand is `fn(&Library, args, &mut impl Write) -> Result<ExitCode>`: it writes to
//! the writer it is given (stdout in the binary, a buffer in tests) and never touches raw mode.

mod args;
mod check;
mod config;
mod docs;
mod json;
mod links;
mod list;
mod meta;
mod open;
mod output;
mod search;
mod show;
mod sync;
mod table;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::content::{Kind, Library, LoadOptions};

pub use args::{parse, with_search_exclusions_last};
pub use output::{error_message, to_stdout};

/// Exit code for usage and input errors (clap uses the same).
pub const EXIT_USAGE: u8 = 2;
/// Exit code for `check` when it found problems.
pub const EXIT_PROBLEMS: u8 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "paap",
    version,
    about = "Read the CNCF Platform as a Product material, or any folder of markdown, in the terminal",
    long_about = "Read the CNCF Platform as a Product material, or any folder of markdown, in the terminal.\n\n\
        With no command, paap opens the browser UI over the bundled content and any --content folders. \
        The commands below print to stdout for scripts and pipes."
)]
pub struct Cli {
    /// Also load this folder of markdown (repeatable), e.g. a Hugo site's content/ folder, or
    /// one markdown file (the UI then opens it)
    #[arg(long = "content", value_name = "DIR", global = true)]
    pub content: Vec<PathBuf>,

    /// Hide the bundled Platform as a Product content
    #[arg(long, global = true)]
    pub no_bundled: bool,

    /// Hide the sources fetched by `paap sync` (the originals)
    #[arg(long, global = true)]
    pub no_sources: bool,

    /// Read settings from this file instead of the default config file
    #[arg(long, value_name = "PATH", global = true)]
    pub config: Option<PathBuf>,

    /// `-` reads markdown from standard input and opens it (as `cat notes.md | paap` does)
    #[arg(value_name = "-", value_parser = clap::builder::PossibleValuesParser::new(["-"]))]
    pub input: Option<String>,

    /// Do not reload when files under --content change on disk
    #[arg(long)]
    pub no_watch: bool,

    /// How to draw pictures: auto (the terminal's graphics if it has them), halfblocks, off
    #[arg(long, value_name = "HOW", value_parser = clap::builder::PossibleValuesParser::new(crate::config::ImagesChoice::NAMES))]
    pub images: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List documents: kind, date, title, id; newest first
    List(list::ListArgs),
    /// Search titles, personas, tags, authors and full text
    Search(search::SearchArgs),
    /// Print a document, rendered for the terminal (plain text when piped)
    Show(show::ShowArgs),
    /// List every link in a document with where it resolves to
    Links(links::LinksArgs),
    /// Report load problems and broken internal links as file:line: message (exit 1 if any)
    Check(check::CheckArgs),
    /// Open a document's original web page in the browser
    Open(open::OpenArgs),
    /// Print a shell completion script
    Completions(meta::CompletionsArgs),
    /// Print the man page (roff)
    Man,
    /// Print the effective settings, or the default config file with --default
    Config(config::ConfigArgs),
    /// Fetch the community's pages and research (or another source) to read offline
    Sync(sync::SyncArgs),
}

/// Document kinds as the command line spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Initiative,
    Post,
    Persona,
    Page,
}

impl From<KindArg> for Kind {
    fn from(kind: KindArg) -> Kind {
        match kind {
            KindArg::Initiative => Kind::Initiative,
            KindArg::Post => Kind::Post,
            KindArg::Persona => Kind::Persona,
            KindArg::Page => Kind::Page,
        }
    }
}

impl Cli {
    /// What to load: the config's `content` folders, then those given with `--content`.
    pub fn load_options(&self, config: &Config) -> LoadOptions {
        let mut dirs = config.content.clone();
        dirs.extend(self.content.iter().cloned());
        LoadOptions {
            bundled: !self.no_bundled,
            dirs,
        }
    }

    /// Where the sources `paap sync` fetched are loaded from; `None` with `--no-sources`.
    pub fn sources_dir(&self) -> Option<PathBuf> {
        (!self.no_sources).then(crate::sync::default_dir).flatten()
    }
}

/// Runs a subcommand over a loaded library, writing to `out`.
pub fn run_command(
    library: &mut Library,
    config: &Config,
    command: &Command,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let result = match command {
        Command::List(args) => list::run(library, args, out),
        Command::Search(args) => search::run(library, args, out),
        Command::Show(args) => show::run(library, config, args, out),
        Command::Links(args) => links::run(library, args, out),
        Command::Check(args) => check::run(library, args, out),
        Command::Open(args) => open::run(library, args, out),
        Command::Completions(args) => meta::completions(args, out),
        Command::Man => meta::man(out),
        Command::Config(args) => config::run(config, args, out),
        Command::Sync(args) => sync::run(config, args, out),
    };
    match result {
        // A reader that went away (`paap list | head -1`) is not an error.
        Err(err) if output::is_broken_pipe(&err) => Ok(ExitCode::SUCCESS),
        other => other,
    }
}

/// Whether a command needs the content loaded.
pub fn needs_library(command: &Command) -> bool {
    !matches!(
        command,
        Command::Completions(_) | Command::Man | Command::Config(_) | Command::Sync(_)
    )
}

/// Whether a command needs the user's config file read (the generated texts do not, so a
/// broken config never stops `paap config --default` from showing how to fix it).
pub fn needs_config(command: &Command) -> bool {
    match command {
        Command::Completions(_) | Command::Man => false,
        Command::Config(args) => !args.default,
        _ => true,
    }
}
