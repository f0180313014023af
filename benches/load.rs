//! Loading a generated `--content` tree of 10,000 documents (about 17 MB of markdown with
//! front matter), and `paap search` over it with and without the search snapshot. Target:
//! at most 200 ms on a 2-core machine.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use paap::content::{Doc, Library, LoadOptions};
use paap::search::snapshot::Snapshot;
use paap::search::{Index, parse_query};
use rayon::prelude::*;

#[path = "common/tree.rs"]
mod tree;

const DOCUMENTS: usize = 10_000;

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let bytes = tree::generate(dir.path(), DOCUMENTS);
    eprintln!(
        "generated {DOCUMENTS} documents, {:.1} MB",
        bytes as f64 / 1_000_000.0
    );
    let options = LoadOptions {
        bundled: false,
        dirs: vec![dir.path().to_path_buf()],
    };
    let check = Library::load(&options).unwrap();
    assert_eq!(check.docs().len(), DOCUMENTS);
    assert!(check.problems().is_empty(), "{:?}", &check.problems()[..1]);

    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("10k documents", |b| {
        // Freeing 10,000 documents is not part of loading them (a session frees at exit).
        b.iter_with_large_drop(|| Library::load(&options).unwrap())
    });
    // `paap list`'s load: no bodies, and unchanged files from the listing cache (written
    // by the first call here, then read).
    // Files written just now are not recorded (their times may not yet tell a change):
    // these are dated an hour back, as files are that were not just written.
    for path in files(dir.path()) {
        let file = fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let listed = Library::load_listing(&options, None, Some(cache.path())).unwrap();
    assert_eq!(listed.docs().len(), DOCUMENTS);
    let written: usize = fs::read_dir(cache.path())
        .unwrap()
        .map(|entry| {
            fs::read_to_string(entry.unwrap().path())
                .unwrap()
                .lines()
                .count()
        })
        .sum();
    assert_eq!(
        written,
        DOCUMENTS + 1,
        "every file recorded, after a header"
    );
    group.bench_function("listing, cache warm", |b| {
        b.iter_with_large_drop(|| {
            Library::load_listing(&options, None, Some(cache.path())).unwrap()
        })
    });
    group.bench_function("listing, no cache", |b| {
        b.iter_with_large_drop(|| Library::load_listing(&options, None, None).unwrap())
    });
    // `paap search` after its arguments: with the search snapshot (the stamped listing,
    // the one-shot index from the words it recorded, the hits' bodies), and without one
    // (every file read, the one-shot index from the bodies).
    let snapshot = tempfile::tempdir().unwrap();
    let mut full = Library::load_stamped(&options, None, Some(cache.path())).unwrap();
    full.read_bodies(&(0..DOCUMENTS).collect::<Vec<_>>());
    let since = full.read_since().unwrap();
    Snapshot::write(snapshot.path(), &full, &Index::build(&full), since);
    for word in ["capability", "roggero"] {
        let query = parse_query(word);
        group.bench_function(format!("search `{word}`, snapshot"), |b| {
            b.iter_with_large_drop(|| {
                let mut library =
                    Library::load_stamped(&options, None, Some(cache.path())).unwrap();
                let stored = Snapshot::open(snapshot.path(), &library).expect("a snapshot");
                let index = Index::build_for_query_from(&library, &query, &stored).unwrap();
                let ranked = index.rank(&library, &query, 20);
                library.read_bodies(&ranked.docs());
                let hits = index.hits(&library, &query, ranked);
                // Freed after the timing, as `paap search` leaves them to the system.
                (library, index, hits)
            })
        });
        group.bench_function(format!("search `{word}`, no snapshot"), |b| {
            b.iter_with_large_drop(|| {
                let library = Library::load(&options).unwrap();
                let index = Index::build_for_query(&library, &query);
                let hits = index.search(&library, &query, 20);
                (library, index, hits)
            })
        });
    }
    // Baselines: the cost of only reading the bytes, and of only parsing them in memory.
    group.bench_function("read bytes only (baseline)", |b| {
        b.iter(|| read_all(dir.path()))
    });
    let texts: Vec<(String, String)> = read_all(dir.path());
    group.bench_function("parse only, in memory", |b| {
        b.iter(|| {
            texts
                .par_iter()
                .map(|(id, text)| Doc::from_markdown(id, text).0.body.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn read_all(root: &Path) -> Vec<(String, String)> {
    files(root)
        .into_par_iter()
        .map(|p| (p.display().to_string(), fs::read_to_string(&p).unwrap()))
        .collect()
}

criterion_group!(benches, load);
criterion_main!(benches);
