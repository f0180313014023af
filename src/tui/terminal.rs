//! The terminal's modes: raw mode, the alternate screen, mouse capture and bracketed paste
//! while paap runs, and the terminal given back on every way out — quitting, an error, a
//! panic, a terminating signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT) — and while suspended
//! (`Ctrl-z` or SIGTSTP: the shell gets a clean screen, `fg` brings paap back redrawn).

use std::io;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};

use super::inbox::Mailbox;
use super::memory;

/// Whether the terminal is in raw mode on the alternate screen (set by `TerminalGuard`).
static TAKEN: AtomicBool = AtomicBool::new(false);
/// Whether the mouse is captured (`M` toggles it), so a resume restores what was on.
static MOUSE: AtomicBool = AtomicBool::new(true);
/// Set when paap comes back from a suspension: the next frame is drawn whole.
static RESUMED: AtomicBool = AtomicBool::new(false);
/// Where a resume posts, so that an event loop waiting in its inbox wakes up to redraw.
static WAKE: Mutex<Option<Mailbox>> = Mutex::new(None);

/// Tells a resume to wake the event loop through `mailbox`.
pub(super) fn wake_on_resume(mailbox: Mailbox) {
    if let Ok(mut slot) = WAKE.lock() {
        *slot = Some(mailbox);
    }
}

/// Raw mode + alternate screen + mouse capture while alive; restored on drop and on panic.
pub(super) struct TerminalGuard;

impl TerminalGuard {
    pub fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        install_panic_hook();
        MOUSE.store(mouse, Ordering::SeqCst);
        // The guard exists before the first change so a failure half-way still restores.
        let guard = TerminalGuard;
        take()?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn take() -> io::Result<()> {
    TAKEN.store(true, Ordering::SeqCst);
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Leaves the alternate screen and raw mode, once: a second "leave alternate screen"
/// would move the cursor back over what was printed since (the panic message).
pub(super) fn restore() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Turns mouse capture on or off, and remembers it for a resume.
pub(super) fn set_mouse_capture(captured: bool) -> io::Result<()> {
    MOUSE.store(captured, Ordering::SeqCst);
    if captured {
        execute!(io::stdout(), EnableMouseCapture)
    } else {
        execute!(io::stdout(), DisableMouseCapture)
    }
}

/// Gives the terminal back, stops the process until the shell continues it, then takes
/// the terminal again. SIGSTOP cannot be caught, so this stops even though paap handles
/// SIGTSTP itself; a resize posted afterwards wakes the event loop to redraw.
pub(super) fn suspend() -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    take()?;
    RESUMED.store(true, Ordering::SeqCst);
    // The loop may be asleep in its inbox (a SIGTSTP from outside): a resize action wakes
    // it, and the size may have changed while paap was stopped anyway.
    let (width, height) = crossterm::terminal::size()?;
    if let Some(mailbox) = WAKE.lock().ok().and_then(|slot| slot.clone()) {
        mailbox.post(crate::app::Action::Resize(width, height));
    }
    Ok(())
}

/// Clears the whole screen (to redraw it after a suspension).
pub(super) fn clear_screen() -> io::Result<()> {
    execute!(
        io::stdout(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )
}

/// Whether paap was resumed since the last call: the screen must be drawn whole.
pub(super) fn take_resumed() -> bool {
    RESUMED.swap(false, Ordering::SeqCst)
}

/// Restores the terminal before the panic message is printed, so it is readable.
fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Only the UI thread owns the terminal; a panicking helper thread (the search
            // worker) must not pull the screen from under a UI that keeps running.
            if std::thread::current().name() == Some("main") {
                restore();
            }
            previous(info);
        }));
    });
}

/// On a terminating signal, restores the terminal, saves what was unsaved and exits with
/// 128 + the signal number; on SIGTSTP, suspends (as `Ctrl-z` does).
pub(super) fn handle_signals() -> io::Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if signal == SIGTSTP {
                // A failure to take the terminal back leaves it restored: paap goes on,
                // and the next draw or read reports the error.
                let _ = suspend();
                continue;
            }
            restore();
            memory::save_unsaved();
            std::process::exit(128 + signal);
        }
    });
    Ok(handle)
}
