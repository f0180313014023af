//! The `paap` binary: parse the command line, read the settings, load the content, and run a
//! command or the UI.

use std::process::ExitCode;

use clap::Parser;
use paap::cli::{
    Cli, EXIT_USAGE, error_message, needs_config, needs_library, run_command, to_stdout,
    with_search_exclusions_last,
};
use paap::config::Config;
use paap::content::{Library, LoadOptions};
use paap::tui;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse_from(with_search_exclusions_last(std::env::args_os().collect()));
    match run(&cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("paap: {}", error_message(&err));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let wants_config = cli.command.as_ref().is_none_or(needs_config);
    let (config, warnings) = if wants_config {
        Config::load(cli.config.as_deref())?
    } else {
        (Config::default(), Vec::new())
    };
    for warning in &warnings {
        eprintln!("paap: warning: {warning}");
    }
    let load = cli.load_options(&config);
    // The UI draws before big folders are read: it loads them in the background.
    let sources = cli.sources_dir();
    let has_sources = sources.as_deref().is_some_and(std::path::Path::is_dir);
    let load_later = cli.command.is_none() && (Library::has_folders(&load) || has_sources);
    let library = match &cli.command {
        Some(command) if !needs_library(command) => Library::default(),
        None if load_later => {
            Library::check_paths(&load)?;
            Library::load(&LoadOptions {
                dirs: Vec::new(),
                ..load.clone()
            })?
        }
        _ => Library::load_with_sources(&load, sources.as_deref())?,
    };
    match &cli.command {
        Some(command) => {
            let code = to_stdout(|out| run_command(&library, &config, command, out))?;
            // The process ends now and the system takes its memory back at once; freeing
            // 10,000 documents one by one first would add about 8 ms to every command.
            std::mem::forget(library);
            Ok(code)
        }
        None => {
            // One markdown file given (`paap --content README.md`): the UI opens on it.
            let open = match cli.content.as_slice() {
                [path] if path.is_file() => library.doc_at_path(path),
                _ => None,
            };
            let later = load_later.then_some(tui::LaterLoad {
                options: load,
                sources,
            });
            Ok(run_ui(library, &config, open, later))
        }
    }
}

/// The interactive browser, with the theme and keys the settings ask for.
fn run_ui(
    library: Library,
    config: &Config,
    open: Option<usize>,
    load_later: Option<tui::LaterLoad>,
) -> ExitCode {
    // `auto` draws the first frame with a guess; the runtime asks the terminal after it.
    let theme = paap::appearance::first_guess(config.theme, paap::config::no_color());
    let (mut options, problems) = tui::Options::from_config(config, theme);
    options.open = open;
    options.load_later = load_later;
    for problem in &problems {
        eprintln!("paap: warning: {problem}");
    }
    match tui::run_with(library, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
