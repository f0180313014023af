//! Searching off the UI thread, for the runtime: with 10,000 documents one search can take
//! longer than a frame, and typing must not wait for it. The worker owns its own index
//! (handed over, built there as soon as the UI starts, or at the first search for a library
//! that is only a part of what is loading), answers only the newest request when several
//! are queued, and sends the hits back for the runtime to hand to `update` as
//! [`Action::SearchResults`].

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

use crate::app::{SearchRequest, SearchResults};
use crate::content::Library;
use crate::search::{Index, parse_query};

#[derive(Debug)]
pub(super) struct Worker {
    requests: Sender<SearchRequest>,
    results: Receiver<SearchResults>,
}

/// When the worker has its index.
#[derive(Debug)]
pub(super) enum Ready {
    /// Built with the library, off the UI thread (a background load).
    Built(Arc<Index>),
    /// Built as the worker starts.
    AtStart,
    /// Built at the first search: the library is a part of one still loading, which
    /// will be replaced before long and may never be searched.
    AtFirstSearch,
}

/// The worker thread is gone (it panicked); the runtime searches inline from then on.
#[derive(Debug)]
pub(super) struct WorkerGone;

impl Worker {
    /// Starts the worker thread; `None` when the system refuses a thread (the runtime then
    /// searches inline).
    pub fn start(library: Arc<Library>, ready: Ready) -> Option<Worker> {
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        let (outbox, results) = mpsc::channel();
        thread::Builder::new()
            .name("paap-search".into())
            .spawn(move || serve(&library, ready, &inbox, &outbox))
            .ok()?;
        Some(Worker { requests, results })
    }

    /// Queues a search.
    pub fn request(&self, request: SearchRequest) -> Result<(), WorkerGone> {
        self.requests.send(request).map_err(|_| WorkerGone)
    }

    /// The newest results that arrived, without waiting.
    pub fn poll(&self) -> Result<Option<SearchResults>, WorkerGone> {
        let mut newest = None;
        loop {
            match self.results.try_recv() {
                Ok(results) => newest = Some(results),
                Err(TryRecvError::Empty) => return Ok(newest),
                Err(TryRecvError::Disconnected) => return newest.map(Some).ok_or(WorkerGone),
            }
        }
    }

    /// Waits for the next results (for tests and tools that have nothing else to do).
    pub fn wait(&self) -> Result<SearchResults, WorkerGone> {
        self.results.recv().map_err(|_| WorkerGone)
    }
}

/// Searches `request` in `index` (the worker's answer, or the runtime's when it is gone).
pub(super) fn answer(library: &Library, index: &Index, request: &SearchRequest) -> SearchResults {
    let query = parse_query(&request.query);
    let hits = index.search(library, &query, request.limit);
    let words = hits
        .iter()
        .map(|hit| index.matched_words(library, &query, hit.doc))
        .collect();
    SearchResults {
        generation: request.generation,
        limit: request.limit,
        hits,
        words,
    }
}

fn serve(
    library: &Library,
    ready: Ready,
    inbox: &Receiver<SearchRequest>,
    outbox: &Sender<SearchResults>,
) {
    let mut index = match ready {
        Ready::Built(index) => Some(index),
        // Built as soon as the UI starts, not at the first key: with 10,000 documents the
        // build takes a fifth of a second, which the reader would otherwise wait for.
        Ready::AtStart => Some(prepare(library)),
        Ready::AtFirstSearch => None,
    };
    while let Ok(first) = inbox.recv() {
        // Keys typed while the last search ran queued requests: only the newest matters.
        let mut request = first;
        while let Ok(newer) = inbox.try_recv() {
            request = newer;
        }
        let index = index.get_or_insert_with(|| Arc::new(Index::build(library)));
        if outbox.send(answer(library, index, &request)).is_err() {
            return;
        }
    }
}

/// The index and backlinks of a library, built off the UI thread (the worker's, or the
/// loading thread so that the first search after the load answers at once). The backlinks
/// pane would otherwise parse every body on the UI thread the first time it is shown.
pub(super) fn prepare(library: &Library) -> Arc<Index> {
    library.backlinks(0);
    Arc::new(Index::build(library))
}
