//! Loading the library while the UI already runs (`--content` folders, synced originals):
//! a thread reads the files, posts the count as it goes (the status line's "loading 12,345
//! of 49,600 documents…"), hands over the documents read so far each time their number has
//! doubled, so the library fills in, and at the end the whole library with its search
//! index, order and shared title phrases worked out here, like a reload, through the mailbox that wakes the event loop. Nothing polls: once
//! it is done, idle stays idle.

use std::sync::Arc;
use std::thread;

use super::inbox::Mailbox;
use super::search_worker;
use crate::app::rows::SharedPhrases;
use crate::app::{Action, Reload, documents};
use crate::content::{ContentSource, LoadProgress};

/// Starts the load; what it finds arrives as actions in `mailbox`. If no thread starts,
/// the bundled library stays and the status line says why.
pub(super) fn start(source: ContentSource, mailbox: Mailbox) {
    let posting = mailbox.clone();
    let spawned = thread::Builder::new()
        .name("paap-load".into())
        .spawn(move || {
            let progress = progress_to(&posting, &source);
            let loaded = source.load_apart_then(&progress, |library| {
                let index = search_worker::prepare(&library);
                let phrases = SharedPhrases::of(&library);
                (library, index, phrases)
            });
            let action = match loaded {
                Ok((library, index, phrases)) => Action::Reloaded(Reload {
                    note: Some(format!("{} loaded.", documents(library.docs().len()))),
                    library: Arc::new(library),
                    partial: false,
                    index: Some(index),
                    phrases: Some(phrases),
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

/// Counts and parts of the library, posted to `mailbox` as the load goes.
fn progress_to(mailbox: &Mailbox, source: &ContentSource) -> LoadProgress {
    let counting = mailbox.clone();
    let filling = mailbox.clone();
    let source = source.clone();
    LoadProgress::reporting(move |done, total| {
        counting.post(Action::LoadProgress { done, total });
    })
    .filling(move |docs, problems| {
        let library = source.partial_library(docs, problems);
        // What the UI would otherwise work out from every title on its own thread: the
        // order (kept in the library) and the shared phrases.
        library.sorted_newest_first();
        let phrases = SharedPhrases::of(&library);
        filling.post(Action::Reloaded(Reload {
            library: Arc::new(library),
            note: None,
            partial: true,
            index: None,
            phrases: Some(phrases),
        }));
    })
}
