//! Loading `--content` folders while the UI already runs: a thread reads the files and
//! counts them in a shared `LoadProgress`; the event loop looks at the count between
//! keys and takes the library when it is done. Once it is, the loop sleeps in
//! `event::read` again: idle stays idle.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use super::LaterLoad;
use crate::content::{Library, LoadProgress};

pub(super) struct Loader {
    progress: Arc<LoadProgress>,
    done: Receiver<Result<Library, String>>,
    /// The last count reported, so an unchanged one is not reported again.
    reported: (usize, usize),
}

/// What the loader has to say.
pub(super) enum LoadNews {
    Progress { done: usize, total: usize },
    Finished(Result<Library, String>),
}

impl Loader {
    pub fn start(load: LaterLoad) -> Loader {
        let progress = Arc::new(LoadProgress::default());
        let (sender, done) = mpsc::channel();
        let counting = Arc::clone(&progress);
        // If no thread starts, the sender is dropped with the closure and `news` says so.
        let _ = thread::Builder::new()
            .name("paap-load".into())
            .spawn(move || {
                let loaded =
                    Library::load_counting(&load.options, load.sources.as_deref(), &counting);
                let _ = sender.send(loaded.map_err(|err| err.to_string()));
            });
        Loader {
            progress,
            done,
            reported: (0, 0),
        }
    }

    /// The library when it is loaded, else the count if it changed since last asked.
    pub fn news(&mut self) -> Option<LoadNews> {
        match self.done.try_recv() {
            Ok(result) => return Some(LoadNews::Finished(result)),
            Err(TryRecvError::Disconnected) => {
                return Some(LoadNews::Finished(Err(
                    "the documents could not be loaded: the loading thread stopped".into(),
                )));
            }
            Err(TryRecvError::Empty) => {}
        }
        let now = self.progress.get();
        if now == self.reported {
            return None;
        }
        self.reported = now;
        Some(LoadNews::Progress {
            done: now.0,
            total: now.1,
        })
    }
}
