//! The event loop's side of memory: it owns the `Store`, gives the app the stored
//! state at start, and on `Effect::SaveState` applies the app's changes and saves.
//! Problems go to the status line; a failed save keeps everything in memory (the next
//! save tries again with all of it).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::app::{App, MemoryChange};
use crate::markdown::sanitize;
use crate::store::{Store, StoreError};

/// Opens the state kept in `dir` and gives it to `app`. A corrupt state file was
/// moved aside by the store: the app starts clean and the status line says where the
/// file went. Without a folder (no home directory) nothing is saved, and the status
/// line says so.
pub fn open_store(dir: Option<&Path>, app: &mut App) -> Option<Store> {
    let Some(dir) = dir else {
        app.set_status(
            "No home folder found: bookmarks and reading positions last only this session.",
        );
        return None;
    };
    let (store, warning) = Store::open(dir);
    app.load_memory(store.state().clone());
    if let Some(warning) = warning {
        app.set_status(sanitize(&warning).into_owned());
    }
    Some(store)
}

/// Applies the app's memory changes to `store`, saves, and gives the app the merged
/// state (with what other paap windows saved meanwhile).
pub fn save_state(store: Option<&mut Store>, app: &mut App) {
    let changes = app.take_memory_changes();
    let Some(store) = store else {
        // Nowhere to save: the app's own state is all there is.
        return;
    };
    for change in changes {
        apply(store, change);
    }
    match store.save() {
        Ok(None) => {}
        Ok(Some(warning)) => app.set_status(sanitize(&warning).into_owned()),
        Err(err) => app.set_status(sanitize(&err.to_string()).into_owned()),
    }
    // After a failure this is the store's unsaved state, which holds every change.
    app.replace_memory(store.state().clone());
}

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

/// The state folder and the app's unsaved changes, as of the last action.
static UNSAVED: Mutex<Option<(PathBuf, Vec<MemoryChange>)>> = Mutex::new(None);

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
            eprintln!("paap: {}", sanitize(&problem));
        }
    }
}

fn apply(store: &mut Store, change: MemoryChange) {
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
