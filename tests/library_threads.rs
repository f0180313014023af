//! The library's lazily built tables used from several threads at once, as the UI and the
//! search worker do after a reload: one thread resolves a link (building the lookup tables,
//! with the thread pool) while another computes the backlinks (on the same pool, each job
//! resolving links). A pool job that waited for the tables while their builder waited for
//! the pool deadlocked both threads; CI hung on it.

use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use paap::content::{Doc, Kind, Library, Target};

fn note(i: usize, count: usize) -> Doc {
    Doc {
        id: format!("notes/note-{i}.md"),
        slug: format!("note-{i}"),
        kind: Kind::Page,
        title: format!("Note {i}"),
        body: format!(
            "# Note {i}\n\nSee [the next one](note-{}.md) and [the first](note-0.md).\n",
            (i + 1) % count
        ),
        ..Doc::default()
    }
}

fn library(count: usize) -> Arc<Library> {
    Arc::new(Library::from_docs(
        (0..count).map(|i| note(i, count)).collect(),
        Vec::new(),
    ))
}

/// Runs both at once on a fresh library; `None` if they did not finish within a minute
/// (a deadlock: without one, this takes milliseconds).
fn race(count: usize) -> Option<(Target, usize)> {
    let library = library(count);
    let start = Arc::new(Barrier::new(2));
    let (done, finished) = mpsc::channel();
    {
        let (library, start, done) = (Arc::clone(&library), Arc::clone(&start), done.clone());
        thread::spawn(move || {
            start.wait();
            let _ = done.send(Err(library.resolve(1, "note-2.md")));
        });
    }
    thread::spawn(move || {
        start.wait();
        let _ = done.send(Ok(library.backlinks(0).len()));
    });
    let mut target = None;
    let mut backlinks = None;
    for _ in 0..2 {
        match finished.recv_timeout(Duration::from_secs(60)).ok()? {
            Err(found) => target = Some(found),
            Ok(count) => backlinks = Some(count),
        }
    }
    Some((target?, backlinks?))
}

#[test]
fn resolving_and_backlinks_at_once_both_finish() {
    let count = 3_000;
    for round in 0..20 {
        let Some((target, backlinks)) = race(count) else {
            panic!("round {round}: resolving and backlinks deadlocked");
        };
        assert!(
            matches!(target, Target::Doc { index, .. } if index == 2),
            "{target:?}"
        );
        // Every note links to the first, and the last one's "next" is the first too.
        assert_eq!(backlinks, count - 1);
    }
}
