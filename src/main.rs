//! The `paap` binary: parse the command line, read the settings, load the content, and run a
//! command or the UI.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context;
use paap::cli::{
    Cli, Command, EXIT_USAGE, error_message, needs_config, needs_library, run_command, to_stdout,
};
use paap::config::{Config, ImagesChoice};
use paap::content::source::read_standard_input;
use paap::content::{ContentSource, Library, listing_cache_dir};
use paap::tui;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = paap::cli::parse(std::env::args_os().collect());
    if cli.command.is_some() {
        keep_freed_memory_until_exit();
    }
    match run(&cli) {
        Ok(code) => code,
        Err(err) => {
            paap::text::warn(error_message(&err));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// A command runs for milliseconds, then exits and the system takes its memory back at once.
/// mimalloc's default, handing memory freed for 10 ms back to the system, is only cost
/// there: the calls to do it, then fresh pages to zero when the memory is used again (a
/// third of `paap show`'s time for a 1.7 MB page laid out on two threads). The UI keeps
/// the default: it runs for hours, and gives back what a large folder's load used.
fn keep_freed_memory_until_exit() {
    // `mi_option_purge_delay` of mimalloc.h (v2 and v3), which the bindings leave out.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a number in mimalloc's option table, which mimalloc reads when it
    // decides whether to purge; -1 is its documented "never".
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let wants_config = cli.command.as_ref().is_none_or(needs_config);
    let (config, warnings) = if wants_config {
        Config::load(cli.config.as_deref())?
    } else {
        (Config::default(), Vec::new())
    };
    for warning in &warnings {
        paap::text::warn(format_args!("warning: {warning}"));
    }
    let standard_input = if reads_standard_input(cli) {
        Some(read_standard_input().context("standard input cannot be read")?)
    } else {
        None
    };
    let source = ContentSource {
        options: cli.load_options(&config),
        standard_input,
        sources: cli.sources_dir(),
    };
    // The UI draws before big folders are read: it loads them in the background.
    let load_later = cli.command.is_none() && source.is_slow();
    // Before any file is read: live reload looks for what changed after this.
    let reading_since = std::time::SystemTime::now();
    let mut library = match &cli.command {
        Some(command) if !needs_library(command) => Library::default(),
        None if load_later => source.first_frame()?,
        // A listing needs no bodies, and big folders' unchanged files come from its cache;
        // `open` needs only a document's fields too.
        Some(Command::List(_) | Command::Open(_)) => {
            source.load_listing(listing_cache_dir().as_deref())?
        }
        // A search reads the bodies it needs: with the search snapshot, only its hits'.
        Some(Command::Search(_)) => source.load_stamped(listing_cache_dir().as_deref())?,
        _ => source.load()?,
    };
    match &cli.command {
        Some(command) => {
            let code = to_stdout(|out| run_command(&mut library, &config, command, out))?;
            // The process ends now and the system takes its memory back at once; freeing
            // 10,000 documents one by one first would add about 8 ms to every command.
            std::mem::forget(library);
            Ok(code)
        }
        None => {
            // Markdown on standard input, or one markdown file given (`paap --content
            // README.md`): the UI opens on it.
            let open = match (library.standard_input_doc(), cli.content.as_slice()) {
                (Some(doc), _) => Some(doc),
                (None, [path]) if path.is_file() => library.doc_at_path(path),
                _ => None,
            };
            if source.standard_input.is_some() {
                // Keys come from the terminal now; without one, the UI says so.
                let _ = tui::take_keys_from_terminal();
            }
            let watch = !cli.no_watch;
            let mut config = config.clone();
            if let Some(how) = cli.images.as_deref().and_then(ImagesChoice::from_name) {
                config.images = how;
            }
            Ok(run_ui(
                library,
                &config,
                open,
                (source, load_later),
                (watch, reading_since),
            ))
        }
    }
}

/// `paap -` and markdown piped into `paap`; `-` as the document of `show`, `links`, `open`.
fn reads_standard_input(cli: &Cli) -> bool {
    match &cli.command {
        None => cli.input.is_some() || tui::input_is_piped(),
        Some(Command::Show(args)) => args.doc == "-",
        Some(Command::Links(args)) => args.doc == "-",
        Some(Command::Open(args)) => args.doc == "-",
        Some(_) => false,
    }
}

/// The interactive browser, with the theme and keys the settings ask for.
fn run_ui(
    library: Library,
    config: &Config,
    open: Option<usize>,
    (source, load_later): (ContentSource, bool),
    (watch, reading_since): (bool, std::time::SystemTime),
) -> ExitCode {
    // `auto` draws the first frame with a guess; the runtime asks the terminal after it.
    let theme = paap::appearance::first_guess(config.theme, paap::config::no_color());
    let (mut options, problems) = tui::Options::from_config(config, theme);
    options.open = open;
    options.source = Some(source);
    options.load_later = load_later;
    options.watch = watch;
    options.reading_since = Some(reading_since);
    for problem in &problems {
        paap::text::warn(format_args!("warning: {problem}"));
    }
    match tui::run_with(library, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Through the safe writer like every error, and no panic if stderr is closed.
            let mut stderr = paap::text::SafeWriter::new(std::io::stderr().lock());
            let _ = writeln!(stderr, "{err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
