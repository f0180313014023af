//! The runtime's side of memory: applying the app's changes to the `Store`, and saving
//! what the last action left unsaved when paap ends without quitting (a signal, a
//! terminal error), through a store of its own.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::app::{App, MemoryChange};
use crate::markdown::sanitize;
use crate::store::{Store, StoreError};

/// Saves `changes` into the state kept in `dir`, through a store of its own: for
/// when the event loop cannot (a signal ends paap). Returns the store's warning, if
/// it had to move a corrupt file aside.
pub fn save_changes(dir: &Path, changes: Vec<MemoryChange>) -> Result<Option<String>, StoreError> {
    let (mut store, warning) = Store::open(dir);
    for change in changes {
        apply(&mut store, change);
    }
    Ok(store.save()?.or(warning))
}

/// The state folder and the app's unsaved changes, as of the last action. Read only by
/// the runtime and the signal thread, never by drawing.
static UNSAVED: Mutex<Option<(PathBuf, Vec<MemoryChange>)>> = Mutex::new(None);

/// A save that failed while quitting, to print once the terminal is given back.
static AFTER_EXIT: Mutex<Option<String>> = Mutex::new(None);

/// Keeps a copy of what quitting now would save (called after every action).
pub(super) fn remember_unsaved(dir: Option<&Path>, app: &App) {
    let Some(dir) = dir else { return };
    let changes = app.unsaved_changes();
    if let Ok(mut unsaved) = UNSAVED.lock() {
        *unsaved = Some((dir.to_path_buf(), changes));
    }
}

/// When paap ends without quitting (SIGTERM, SIGHUP, a terminal error), after the
/// terminal is restored: saves what the last action left unsaved (the reading
/// position, documents read), and says so if it cannot.
pub(super) fn save_unsaved() {
    let taken = UNSAVED.lock().ok().and_then(|mut unsaved| unsaved.take());
    if let Some((dir, changes)) = taken
        && !changes.is_empty()
    {
        let problem = match save_changes(&dir, changes) {
            Ok(warning) => warning,
            Err(err) => Some(err.to_string()),
        };
        if let Some(problem) = problem {
            let _ = writeln!(std::io::stderr(), "paap: {}", sanitize(&problem));
        }
    }
}

/// Remembers a problem to print after the terminal is restored.
pub(super) fn report_after_exit(problem: String) {
    if let Ok(mut slot) = AFTER_EXIT.lock() {
        *slot = Some(problem);
    }
}

/// Prints what `report_after_exit` kept (called once the screen is normal again).
pub(super) fn print_after_exit() {
    if let Some(problem) = AFTER_EXIT.lock().ok().and_then(|mut slot| slot.take()) {
        let _ = writeln!(std::io::stderr(), "paap: {}", sanitize(&problem));
    }
}

pub(super) fn apply(store: &mut Store, change: MemoryChange) {
    match change {
        MemoryChange::AddBookmark {
            doc_id,
            line,
            title,
        } => {
            if !store.state().has_bookmark(&doc_id, line) {
                store.toggle_bookmark(&doc_id, line, &title);
            }
        }
        MemoryChange::RemoveBookmark { doc_id, line } => {
            if store.state().has_bookmark(&doc_id, line) {
                store.toggle_bookmark(&doc_id, line, "");
            }
        }
        MemoryChange::SetPosition { doc_id, line } => store.set_position(&doc_id, line),
        MemoryChange::TouchRecent { doc_id } => store.touch_recent(&doc_id),
    }
}
