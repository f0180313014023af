//! From start to the first frame on screen with a 50,000-document `--content` tree, the way
//! the program starts (`src/tui.rs` `event_loop`): the bundled library loaded, the `App` and
//! its `Session` made, the folder load started on its own thread, then the first
//! `ui::view` drawn into a 120×40 TestBackend. Target: at most 30 ms however big the tree.
//!
//! A second group measures the first search after such a load: from the whole library
//! handed to the session (as the loader posts it) to the first query's hits, with the
//! index built on the loading thread and handed over with it, and without (the worker then
//! builds it first). Target: within 100 ms of the load finishing.
//!
//! Only the time up to the first draw is measured; the load keeps running on its thread
//! meanwhile, as it does in the program, and is waited for (untimed) before the next start,
//! so that no sample competes with the loads of earlier ones.

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use paap::app::{Action, App, Reload};
use paap::content::{ContentSource, Library, LoadOptions, LoadProgress};
use paap::markdown::Theme;
use paap::tui::Session;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "common/nowhere.rs"]
mod nowhere;

use nowhere::Nowhere;

#[path = "common/tree.rs"]
mod tree;

const DOCUMENTS: usize = 50_000;

/// One start: the time to the first frame, and the folder load still running (`None` when
/// `load` is false: the baseline of a start with nothing left to load).
fn start(folders: &LoadOptions, load: bool) -> (Duration, Option<thread::JoinHandle<usize>>) {
    let started = Instant::now();
    // What `main` does before the UI starts: check the folders, load only the bundled content.
    Library::check_paths(folders).expect("the generated tree is readable");
    let bundled = Library::load(&LoadOptions {
        dirs: Vec::new(),
        ..folders.clone()
    })
    .expect("the bundled content loads");
    let app = App::new(bundled, Theme::dark(), 120, 40);
    let session = Session::start(app, None, Nowhere).expect("no state folder to read");
    let source = ContentSource {
        options: folders.clone(),
        ..ContentSource::default()
    };
    let progress = Arc::new(LoadProgress::default());
    let load = load.then(|| {
        thread::spawn(move || {
            // As the runtime's loader does: on a pool of its own.
            source
                .load_apart(&progress)
                .expect("the generated tree loads")
                .docs()
                .len()
        })
    });
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a TestBackend");
    terminal
        .draw(|frame| paap::ui::view(session.app(), frame))
        .expect("drawing to a TestBackend");
    (started.elapsed(), load)
}

fn first_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bytes = tree::generate(dir.path(), DOCUMENTS);
    eprintln!(
        "generated {DOCUMENTS} documents, {:.1} MB",
        bytes as f64 / 1_000_000.0
    );
    let folders = LoadOptions {
        bundled: true,
        dirs: vec![dir.path().to_path_buf()],
    };
    // The load the frame does not wait for does finish, with every document.
    let (_, load) = start(&folders, true);
    let loaded = load.map_or(0, |l| l.join().expect("the load thread"));
    assert!(loaded > DOCUMENTS, "{loaded} documents loaded");

    let mut group = c.benchmark_group("first frame");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1));
    for (name, load) in [
        ("50k documents, load started", true),
        ("bundled only, no load (baseline)", false),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (elapsed, running) = start(&folders, load);
                    total += elapsed;
                    if let Some(running) = running {
                        running.join().expect("the load thread");
                    }
                }
                total
            })
        });
    }
    group.finish();
}

/// A session on the bundled library that takes `reload` and, with `search`, answers
/// "platform" (pasted: one query): the time from the hand-over to the hits.
fn search_after(bundled: &LoadOptions, reload: Reload, search: bool) -> Duration {
    let library = Library::load(bundled).expect("the bundled content loads");
    let app = App::new(library, Theme::dark(), 120, 40);
    let mut session = Session::start(app, None, Nowhere).expect("no state folder to read");
    session.settle().expect("nothing to wait for");
    let started = Instant::now();
    session
        .handle(Action::Reloaded(reload))
        .expect("the hand-over");
    if !search {
        return started.elapsed();
    }
    session.handle(Action::Search).expect("the box opens");
    session
        .handle(Action::Paste("platform".into()))
        .expect("a query");
    session.settle().expect("the answer");
    let elapsed = started.elapsed();
    let hits = session.app().search_box().map_or(0, |b| b.hits.len());
    assert!(hits > 0, "the search found nothing");
    elapsed
}

fn first_search(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    tree::generate(dir.path(), DOCUMENTS);
    let folders = LoadOptions {
        bundled: true,
        dirs: vec![dir.path().to_path_buf()],
    };
    let bundled = LoadOptions {
        dirs: Vec::new(),
        ..folders.clone()
    };
    let library = Arc::new(Library::load(&folders).expect("the generated tree loads"));
    library.backlinks(0);
    let index = Arc::new(paap::search::Index::build(&library));
    // As the loader hands it over: found on its thread, beside the index.
    let phrases = paap::app::rows::SharedPhrases::of(&library);

    let mut group = c.benchmark_group("first search after a 50k load");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1));
    for (name, index, search) in [
        ("the hand-over alone", Some(Arc::clone(&index)), false),
        ("index handed over with the library", Some(index), true),
        ("index built by the worker after (before)", None, true),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| {
                        let reload = Reload {
                            phrases: index.is_some().then(|| phrases.clone()),
                            index: index.clone(),
                            ..Reload::new(Arc::clone(&library), None)
                        };
                        search_after(&bundled, reload, search)
                    })
                    .sum()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, first_frame, first_search);
criterion_main!(benches);
