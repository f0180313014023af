//! Searching off the UI thread, for the event loop: with 10,000 documents one search can
//! take longer than a frame, and typing must not wait for it. The worker owns its own
//! index (built there on the first request, so the first `/` does not block either),
//! answers only the newest request when several are queued, and sends the hits back for
//! the event loop to hand to `update` as [`Action::SearchResults`].
//!
//! Without a worker (tests, benches) the search box searches inside `update`.

use std::cell::Cell;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;
use std::time::Duration;

use super::Action;
use crate::content::Library;
use crate::search::{Hit, Index, parse_query};

/// The answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResults {
    /// Which request this answers: only the newest one is shown.
    pub generation: u64,
    pub query: String,
    pub limit: usize,
    pub hits: Vec<Hit>,
}

struct Request {
    generation: u64,
    query: String,
    limit: usize,
}

#[derive(Debug)]
pub(super) struct Worker {
    requests: Sender<Request>,
    results: Receiver<SearchResults>,
    last_generation: Cell<u64>,
}

impl Worker {
    /// Starts the worker thread; `None` when the system refuses a thread (the caller then
    /// keeps searching inline).
    pub fn start(library: Arc<Library>) -> Option<Worker> {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, results) = mpsc::channel();
        thread::Builder::new()
            .name("paap-search".into())
            .spawn(move || serve(&library, &inbox, &outbox))
            .ok()?;
        Some(Worker {
            requests,
            results,
            last_generation: Cell::new(0),
        })
    }

    /// Queues a search; the generation its results will carry, or `None` when the
    /// worker is gone.
    pub fn request(&self, query: &str, limit: usize) -> Option<u64> {
        let generation = self.last_generation.get() + 1;
        let request = Request {
            generation,
            query: query.to_string(),
            limit,
        };
        self.requests.send(request).ok()?;
        self.last_generation.set(generation);
        Some(generation)
    }

    /// The newest results that arrived, without waiting. `Err(())` when the worker died.
    pub fn poll(&self) -> Result<Option<SearchResults>, ()> {
        let mut newest = None;
        loop {
            match self.results.try_recv() {
                Ok(results) => newest = Some(results),
                Err(TryRecvError::Empty) => return Ok(newest),
                Err(TryRecvError::Disconnected) => return newest.map(Some).ok_or(()),
            }
        }
    }

    /// Waits up to `timeout` for results (for tests and tools without an event loop).
    pub fn wait(&self, timeout: Duration) -> Option<SearchResults> {
        self.results.recv_timeout(timeout).ok()
    }
}

fn serve(library: &Library, inbox: &Receiver<Request>, outbox: &Sender<SearchResults>) {
    // Built as soon as the UI starts, not at the first key: with 10,000 documents the build
    // takes a fifth of a second, which the reader would otherwise wait for after typing.
    let index = Index::build(library);
    // The backlinks pane would otherwise parse every body on the UI thread the first time it
    // is shown; computed here, it is ready (or the UI waits only for the rest).
    library.backlinks(0);
    while let Ok(first) = inbox.recv() {
        // Keys typed while the last search ran queued requests: only the newest matters.
        let mut request = first;
        while let Ok(newer) = inbox.try_recv() {
            request = newer;
        }
        let hits = index.search(library, &parse_query(&request.query), request.limit);
        let results = SearchResults {
            generation: request.generation,
            query: request.query,
            limit: request.limit,
            hits,
        };
        if outbox.send(results).is_err() {
            return;
        }
    }
}

impl super::App {
    /// Searches on a worker thread from now on (the event loop calls this; it must then
    /// feed [`App::poll_search`] back into `update`). Stays inline if no thread starts.
    pub fn search_in_background(&mut self) {
        if self.worker.is_none() {
            self.worker = Worker::start(Arc::clone(&self.library));
        }
    }

    /// The search box waits for results from the worker.
    pub fn awaiting_search(&self) -> bool {
        self.search.as_ref().is_some_and(|s| s.waiting.is_some())
    }

    /// Results that arrived from the worker, as an action for `update`. If the worker
    /// died, the awaited search runs here instead, so the box never waits forever.
    pub fn poll_search(&self) -> Option<Action> {
        let worker = self.worker.as_ref()?;
        match worker.poll() {
            Ok(results) => results.map(Action::SearchResults),
            Err(()) => {
                let search = self.search.as_ref()?;
                let generation = search.waiting?;
                let query = parse_query(&search.query);
                Some(Action::SearchResults(SearchResults {
                    generation,
                    query: search.query.clone(),
                    limit: search.limit,
                    hits: self.index().search(&self.library, &query, search.limit),
                }))
            }
        }
    }

    /// Blocks up to `timeout` for the worker's next results, as an action for `update`.
    pub fn wait_for_search(&self, timeout: Duration) -> Option<Action> {
        self.worker
            .as_ref()?
            .wait(timeout)
            .map(Action::SearchResults)
    }
}
