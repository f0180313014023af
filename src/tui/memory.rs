//! The event loop's side of memory: it owns the `Store`, gives the app the stored
//! state at start, and on `Effect::SaveState` applies the app's changes and saves.
//! Problems go to the status line; a failed save keeps everything in memory (the next
//! save tries again with all of it).

use std::path::Path;

use crate::app::{App, MemoryChange};
use crate::markdown::sanitize;
use crate::store::Store;

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
