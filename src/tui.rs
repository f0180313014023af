//! The TUI's runtime: the event loop turns terminal events into `Action`s for the
//! `Session`, which performs the `Effect`s `update` returns. It sleeps in `event::read`
//! between events: there is no redraw timer. The terminal's modes are in `terminal`.

mod background;
mod editor;
mod inbox;
mod loader;
mod memory;
mod pictures;
mod search_worker;
mod session;
mod stdin;
mod terminal;
mod watch;

pub use background::{QUERY_TIMEOUT, query_background};
pub use editor::editor_args;
pub use memory::save_changes;
pub use session::{Outside, Session};
pub use stdin::{input_is_piped, take_keys_from_terminal};
pub use watch::{Watcher, load_again};

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui_image::picker::Picker;

use crate::app::{Action, App, Effect, KeyMap, SideMode, default_keymap};
use crate::config::{Config, ImagesChoice, SidePaneChoice, ThemeChoice};
use crate::content::Library;
use crate::markdown::Theme;

/// Why the TUI could not run.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// stdin or stdout is not a terminal; the binary prints this and exits 2.
    #[error(
        "paap: the interactive browser needs a terminal, but {0} is not one.\nTo read without a terminal, use `paap list` or `paap show <document>`."
    )]
    NotATerminal(&'static str),
    #[error("paap: terminal error: {0}")]
    Io(#[from] io::Error),
}

impl TuiError {
    /// The process exit status for this error: 2 when there is no terminal (a usage
    /// problem), 1 for a terminal that failed.
    pub fn exit_code(&self) -> i32 {
        match self {
            TuiError::NotATerminal(_) => 2,
            TuiError::Io(_) => 1,
        }
    }
}

/// What the TUI starts with besides the library.
#[derive(Debug, Clone)]
pub struct Options {
    pub theme: Theme,
    pub keymap: KeyMap,
    /// Capture the mouse at start (`M` toggles).
    pub mouse: bool,
    pub side_pane: SideMode,
    /// Reading width cap in columns.
    pub max_width: u16,
    /// Where bookmarks and reading positions are kept (`None`: this session only).
    pub state_dir: Option<PathBuf>,
    /// The document to open at start (`paap --content README.md`).
    pub open: Option<usize>,
    /// `theme = "auto"` without `NO_COLOR`: ask the terminal for its background once the
    /// first frame (drawn with `theme`, a guess) is on screen.
    pub ask_background: bool,
    /// The editor `e` runs, split into words.
    pub editor: Vec<String>,
    /// What the library was loaded from, read again after `e` and on changes.
    pub source: Option<crate::content::ContentSource>,
    /// The library given to `run_with` holds only the bundled documents: the runtime
    /// loads `source` after the first frame, with the progress in the status line.
    pub load_later: bool,
    /// Reload when files under `source` change (`--no-watch` turns it off).
    pub watch: bool,
    /// When `source` began to be read. A file changed after it but before the watch was
    /// up (it starts after the first frame) is found by one look once it is, and loaded
    /// again; `None`: not looked for.
    pub reading_since: Option<std::time::SystemTime>,
    /// How pictures are drawn (`images`, `--images`).
    pub images: ImagesChoice,
}

impl Options {
    /// The options a config file asks for, plus one message per key binding that could
    /// not be used (those keep their defaults). `theme` is the first frame's, chosen by the
    /// caller (`appearance::first_guess`); for `auto` the runtime asks the terminal after
    /// that frame and switches if the answer says otherwise.
    pub fn from_config(config: &Config, theme: Theme) -> (Options, Vec<String>) {
        let mut keymap = default_keymap();
        let problems = keymap.apply_overrides(&config.keys);
        let side_pane = match config.side_pane {
            SidePaneChoice::Outline => SideMode::Outline,
            SidePaneChoice::Links => SideMode::Links,
            SidePaneChoice::Backlinks => SideMode::Backlinks,
            SidePaneChoice::Hidden => SideMode::Hidden,
        };
        let options = Options {
            theme,
            keymap,
            mouse: config.mouse,
            side_pane,
            max_width: config.max_width,
            state_dir: crate::store::default_dir(),
            open: None,
            ask_background: config.theme == ThemeChoice::Auto && !crate::config::no_color(),
            editor: editor::from_environment(),
            source: None,
            load_later: false,
            watch: true,
            reading_since: None,
            images: config.images,
        };
        (options, problems)
    }
}

impl Default for Options {
    /// The dark theme, or no colour when `NO_COLOR` is set; the default keys.
    fn default() -> Options {
        Options {
            theme: crate::appearance::choose_theme(
                ThemeChoice::Dark,
                crate::config::no_color(),
                || None,
            ),
            keymap: default_keymap(),
            mouse: true,
            side_pane: SideMode::Outline,
            max_width: Config::default().max_width,
            state_dir: crate::store::default_dir(),
            open: None,
            ask_background: false,
            editor: editor::from_environment(),
            source: None,
            load_later: false,
            watch: true,
            reading_since: None,
            images: ImagesChoice::Halfblocks,
        }
    }
}

pub fn run_with(library: Library, options: Options) -> Result<(), TuiError> {
    if !io::stdin().is_terminal() {
        return Err(TuiError::NotATerminal("standard input"));
    }
    if !io::stdout().is_terminal() {
        return Err(TuiError::NotATerminal("standard output"));
    }
    let guard = terminal::TerminalGuard::enter(options.mouse)?;
    let signals = terminal::handle_signals()?;
    let result = event_loop(library, options);
    signals.close();
    if result.is_err() {
        // The loop stopped on a terminal error before it could save.
        memory::save_unsaved();
    }
    drop(guard);
    memory::print_after_exit();
    result
}

fn event_loop(library: Library, options: Options) -> Result<(), TuiError> {
    let mut screen = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = screen.size()?;
    let mut app = App::new(library, options.theme, size.width, size.height);
    app.set_keymap(options.keymap);
    app.set_side_mode(options.side_pane);
    app.set_max_width(options.max_width);
    app.set_mouse_captured(options.mouse);
    app.set_editor(options.editor);
    let (picker, early_keys) = picker_for(options.images);
    app.set_pictures(picker.is_some());
    let mut session =
        Session::start_with_picker(app, options.state_dir.as_deref(), TerminalOutside, picker)?;
    if let Some(doc) = options.open {
        session.handle(Action::OpenDocument(doc))?;
    }
    let mut clicks = ClickTracker::default();
    for event in early_keys {
        if let Some(action) = to_action(session.app(), event, &mut clicks) {
            handle(&mut session, action)?;
        }
    }
    let mut inbox = inbox::Inbox::new();
    terminal::wake_on_resume(inbox.mailbox());
    if options.load_later
        && let Some(source) = &options.source
    {
        loader::start(source.clone(), inbox.mailbox());
    }
    let watching = (options.watch, options.reading_since);
    let _watcher = watch::start_for(&mut session, options.source, watching, inbox.mailbox());
    let mut ask_background = options.ask_background;
    while !session.finished() {
        if terminal::take_resumed() {
            // Back from a suspension the shell drew over the screen: a new terminal
            // object on a cleared screen draws every cell (`Terminal::clear` would ask
            // the terminal where its cursor is, and a terminal may not answer).
            terminal::clear_screen()?;
            screen = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        }
        screen.draw(|frame| crate::ui::view(session.app(), frame))?;
        if std::mem::take(&mut ask_background)
            && let Some(background) = query_background(QUERY_TIMEOUT)
        {
            let light = crate::appearance::is_light(&background);
            session.handle(Action::BackgroundDetected { light })?;
            continue;
        }
        let action = next_action(&mut session, &mut inbox, &mut clicks, None)?
            .expect("waiting without a timeout always brings an action");
        let mut redraw_whole = handle(&mut session, action)?;
        // Whatever else is already waiting (a paste without bracketed paste is a key per
        // character) is handled before the next frame, so a burst costs one draw.
        while !session.finished()
            && let Some(action) =
                next_action(&mut session, &mut inbox, &mut clicks, Some(Duration::ZERO))?
        {
            redraw_whole |= handle(&mut session, action)?;
        }
        if redraw_whole {
            // The editor had the screen (paap cleared it after): the next frame is whole.
            screen.swap_buffers();
        }
    }
    Ok(())
}

/// How pictures are drawn: `auto` asks the terminal once, now (raw mode is on, no event
/// has been read yet), for kitty or sixel graphics, within a bounded time; inside tmux,
/// which passes graphics through unreliably, and wherever the terminal does not say,
/// half blocks. `None`: pictures off. Keys read while waiting for the answer come back
/// with it, to be handled first.
fn picker_for(choice: ImagesChoice) -> (Option<Picker>, Vec<Event>) {
    match choice {
        ImagesChoice::Off => (None, Vec::new()),
        ImagesChoice::Halfblocks => (Some(Picker::halfblocks()), Vec::new()),
        ImagesChoice::Auto if std::env::var_os("TMUX").is_some() => {
            (Some(Picker::halfblocks()), Vec::new())
        }
        ImagesChoice::Auto => {
            let detected = pictures::query::detect(pictures::query::ANSWER_TIMEOUT);
            (Some(detected.picker), detected.keys)
        }
    }
}

/// Hands `action` to the session; true when an effect had the screen (the editor), so
/// the next frame must be drawn whole.
fn handle(session: &mut Session<TerminalOutside>, action: Action) -> io::Result<bool> {
    let effects = session.handle(action)?;
    Ok(effects.iter().any(|e| matches!(e, Effect::Edit { .. })))
}

/// The next action: a terminal event, a message (the watcher, the background load), or
/// the search worker's answer while the search box waits for one. Waits for one unless
/// `within` says how long at most (`None` back when nothing came by then).
fn next_action(
    session: &mut Session<TerminalOutside>,
    inbox: &mut inbox::Inbox,
    clicks: &mut ClickTracker,
    within: Option<Duration>,
) -> io::Result<Option<Action>> {
    loop {
        // While the search worker runs, look for its results between keys.
        let searching = (session.app().awaiting_search() || session.app().pictures().awaiting())
            .then_some(SEARCH_POLL);
        let timeout = match (within, searching) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        // Blocks until the terminal or a message has something: idle uses no CPU.
        match inbox.next(timeout)? {
            inbox::Next::Message(action) => return Ok(Some(action)),
            inbox::Next::Terminal(event) => {
                if let Some(action) = to_action(session.app(), event, clicks) {
                    return Ok(Some(action));
                }
            }
            inbox::Next::TimedOut => {
                if let Some(action) = session.poll() {
                    return Ok(Some(action));
                }
                if within.is_some() {
                    return Ok(None);
                }
            }
        }
    }
}

/// Effects on the real terminal and browser.
struct TerminalOutside;

impl Outside for TerminalOutside {
    fn open_url(&mut self, url: &str) -> io::Result<String> {
        open_url(url)
    }

    fn copy(&mut self, text: &str) -> io::Result<()> {
        copy_osc52(text)
    }

    fn set_mouse_capture(&mut self, captured: bool) -> io::Result<()> {
        terminal::set_mouse_capture(captured)
    }

    fn suspend(&mut self) -> io::Result<()> {
        terminal::suspend()
    }

    fn edit(
        &mut self,
        program: &[String],
        file: &std::path::Path,
        line: usize,
    ) -> io::Result<Option<String>> {
        editor::run(program, file, line)
    }
}

fn to_action(app: &App, event: Event, clicks: &mut ClickTracker) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => app.action_for_key(&key),
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Mouse(mouse) => mouse_action(mouse, clicks, Instant::now()),
        _ => None,
    }
}

/// How often the loop looks for search results while the worker runs.
const SEARCH_POLL: Duration = Duration::from_millis(4);

/// Lines one wheel notch scrolls.
const WHEEL_LINES: i16 = 3;
/// Two clicks on the same cell within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

#[derive(Default)]
struct ClickTracker {
    last: Option<(u16, u16, Instant)>,
}

fn mouse_action(mouse: MouseEvent, clicks: &mut ClickTracker, now: Instant) -> Option<Action> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::ScrollDown => Some(Action::ScrollAt {
            column,
            row,
            lines: WHEEL_LINES,
        }),
        MouseEventKind::ScrollUp => Some(Action::ScrollAt {
            column,
            row,
            lines: -WHEEL_LINES,
        }),
        MouseEventKind::Down(MouseButton::Left) => {
            let double = matches!(clicks.last, Some((c, r, at)) if c == column && r == row && now - at < DOUBLE_CLICK);
            if double {
                clicks.last = None;
                Some(Action::DoubleClickAt { column, row })
            } else {
                clicks.last = Some((column, row, now));
                Some(Action::ClickAt { column, row })
            }
        }
        _ => None,
    }
}

/// Opens `url` in the browser (never blocking) and says what happened, for the status
/// line. When nothing could start a browser the URL is also put on the clipboard.
fn open_url(url: &str) -> io::Result<String> {
    Ok(match crate::browser::open_url(url) {
        Ok(launched) => format!("Opened in {}: {url}", launched.program()),
        Err(err) => match err.url_to_copy() {
            Some(copy) => {
                copy_osc52(copy)?;
                format!("{err} (copied to the clipboard)")
            }
            None => err.to_string(),
        },
    })
}

/// Puts `text` on the clipboard through the terminal (OSC 52), which works over SSH too.
fn copy_osc52(text: &str) -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(osc52_copy(text).as_bytes())?;
    out.flush()
}

/// The OSC 52 escape sequence that asks the terminal to put `text` on the system
/// clipboard (crossterm writes it). Terminals that do not support it ignore it.
pub fn osc52_copy(text: &str) -> String {
    use crossterm::Command as _;
    let mut sequence = String::new();
    // Writing to a String cannot fail.
    let _ =
        crossterm::clipboard::CopyToClipboard::to_clipboard_from(text).write_ansi(&mut sequence);
    sequence
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn mouse(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }

    #[test]
    fn a_second_click_on_the_same_cell_soon_after_is_a_double_click() {
        let mut clicks = ClickTracker::default();
        let click = MouseEventKind::Down(MouseButton::Left);
        let t0 = Instant::now();
        assert_eq!(
            mouse_action(mouse(click, 5, 6), &mut clicks, t0),
            Some(Action::ClickAt { column: 5, row: 6 })
        );
        let soon = t0 + Duration::from_millis(200);
        assert_eq!(
            mouse_action(mouse(click, 5, 6), &mut clicks, soon),
            Some(Action::DoubleClickAt { column: 5, row: 6 })
        );
        // A third click starts over; another cell or a slow second click is a click.
        assert_eq!(
            mouse_action(mouse(click, 5, 6), &mut clicks, soon),
            Some(Action::ClickAt { column: 5, row: 6 })
        );
        assert_eq!(
            mouse_action(mouse(click, 7, 6), &mut clicks, soon),
            Some(Action::ClickAt { column: 7, row: 6 })
        );
        let late = soon + DOUBLE_CLICK;
        assert_eq!(
            mouse_action(mouse(click, 7, 6), &mut clicks, late),
            Some(Action::ClickAt { column: 7, row: 6 })
        );
    }

    #[test]
    fn the_wheel_scrolls_under_the_pointer_and_other_buttons_do_nothing() {
        let mut clicks = ClickTracker::default();
        let now = Instant::now();
        assert_eq!(
            mouse_action(mouse(MouseEventKind::ScrollDown, 1, 2), &mut clicks, now),
            Some(Action::ScrollAt {
                column: 1,
                row: 2,
                lines: WHEEL_LINES
            })
        );
        assert_eq!(
            mouse_action(mouse(MouseEventKind::ScrollUp, 1, 2), &mut clicks, now),
            Some(Action::ScrollAt {
                column: 1,
                row: 2,
                lines: -WHEEL_LINES
            })
        );
        assert_eq!(
            mouse_action(
                mouse(MouseEventKind::Down(MouseButton::Right), 1, 2),
                &mut clicks,
                now
            ),
            None
        );
        assert_eq!(
            mouse_action(mouse(MouseEventKind::Moved, 1, 2), &mut clicks, now),
            None
        );
    }

    #[test]
    fn the_no_terminal_error_suggests_list_and_show_and_exits_2() {
        let err = TuiError::NotATerminal("standard output");
        let message = err.to_string();
        assert!(message.contains("standard output is not one"), "{message}");
        assert!(
            message.contains("paap list") && message.contains("paap show"),
            "{message}"
        );
        assert_eq!(err.exit_code(), 2);
    }
}
