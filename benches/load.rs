//! Loading a generated `--content` tree of 10,000 documents (about 17 MB of markdown with
//! front matter). Target: at most 200 ms on a 2-core machine.

use std::fs;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use paap::content::{Doc, Library, LoadOptions};
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

fn read_all(root: &Path) -> Vec<(String, String)> {
    let paths: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    paths
        .into_par_iter()
        .map(|p| (p.display().to_string(), fs::read_to_string(&p).unwrap()))
        .collect()
}

criterion_group!(benches, load);
criterion_main!(benches);
