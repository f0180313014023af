//! Loading the library while the UI already runs (`--content` folders, synced originals):
//! a thread reads the files, posts the count as it goes (the status line's "loading 12,345
//! of 49,600 documents…") and hands the library over like a reload, through the mailbox
//! that wakes the event loop. Nothing polls: once it is done, idle stays idle.

use std::sync::Arc;
use std::thread;

use super::inbox::Mailbox;
use crate::app::{Action, Reload, documents};
use crate::content::{ContentSource, LoadProgress};

/// Starts the load; what it finds arrives as actions in `mailbox`. If no thread starts,
/// the bundled library stays and the status line says why.
pub(super) fn start(source: ContentSource, mailbox: Mailbox) {
    let posting = mailbox.clone();
    let reporting = mailbox.clone();
    let spawned = thread::Builder::new()
        .name("paap-load".into())
        .spawn(move || {
            let progress = LoadProgress::reporting(move |done, total| {
                reporting.post(Action::LoadProgress { done, total });
            });
            let action = match source.load_apart(&progress) {
                Ok(library) => Action::Reloaded(Reload {
                    note: Some(format!("{} loaded.", documents(library.docs().len()))),
                    library: Arc::new(library),
                }),
                Err(err) => Action::Notice(err.to_string()),
            };
            posting.post(action);
        });
    if let Err(err) = spawned {
        mailbox.post(Action::Notice(format!(
            "The --content folders were not loaded: no thread could start ({err})."
        )));
    }
}
