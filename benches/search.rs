//! Search speed on a generated library of 10,000 documents (~17 MB of markdown).
//!
//! Besides criterion's figures, prints p50/p99 of single queries and the slowest keystroke
//! when a query is typed one char at a time (the TUI re-searches on every key).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use paap::search::{Index, parse_query};

#[path = "common/corpus.rs"]
mod corpus;

use corpus::corpus;

/// CPU time used so far by every thread of this process (Linux `schedstat`, in ns). The
/// machine running the benches is shared, so wall-clock figures carry other work's waits;
/// CPU time per query does not.
fn cpu_ns() -> Option<u64> {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

/// Prints p50, p99 and max of `runs` timed calls, and their mean CPU time.
fn percentiles(label: &str, runs: usize, mut f: impl FnMut()) {
    let cpu_before = cpu_ns();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    let cpu = cpu_before
        .zip(cpu_ns())
        .map(|(a, b)| Duration::from_nanos((b - a) / runs as u64));
    times.sort();
    let at = |q: f64| times[((runs as f64 * q) as usize).min(runs - 1)];
    println!(
        "{label}: wall p50 {:?}  p99 {:?}  max {:?}; CPU per run {:?}  ({runs} runs)",
        at(0.5),
        at(0.99),
        times[runs - 1],
        cpu.unwrap_or_default()
    );
}

fn search(c: &mut Criterion) {
    let library = corpus();
    let bytes: usize = library.docs().iter().map(|d| d.body.len()).sum();
    let index = Index::build(&library);
    println!(
        "corpus: {} documents, {:.1} MB of body text; {index:?}",
        library.docs().len(),
        bytes as f64 / 1e6
    );

    let fuzzy = parse_query("prdthink");
    let hits = index.search(&library, &fuzzy, 20);
    assert_eq!(hits[0].title, "Product Thinking for Platforms");
    let full_text = parse_query("platform user stories");
    assert!(!index.search(&library, &full_text, 20).is_empty());

    // Cold: the index's cache of recent terms is emptied before every search.
    percentiles("fuzzy title query `prdthink` (cold)", 200, || {
        index.forget_recent_terms();
        black_box(index.search(&library, &fuzzy, 20));
    });
    percentiles(
        "full-text query `platform user stories` (cold)",
        100,
        || {
            index.forget_recent_terms();
            black_box(index.search(&library, &full_text, 20));
        },
    );
    let short = parse_query("pro");
    percentiles("short prefix query `pro` (cold)", 100, || {
        index.forget_recent_terms();
        black_box(index.search(&library, &short, 20));
    });
    percentiles("index build", 5, || {
        black_box(Index::build(&library));
    });
    // Typing: every keystroke is a new search (parse + search + hits), as in the TUI.
    for typed in [
        "service providers -kind:page",
        "platform user stories",
        "prdthink tag:team",
    ] {
        index.forget_recent_terms();
        let mut keystrokes: Vec<(Duration, Duration, &str)> = (1..=typed.len())
            .map(|end| {
                let prefix = &typed[..end];
                let cpu = cpu_ns();
                let start = Instant::now();
                black_box(index.search(&library, &parse_query(prefix), 50));
                let wall = start.elapsed();
                let cpu = cpu.zip(cpu_ns()).map(|(a, b)| Duration::from_nanos(b - a));
                (wall, cpu.unwrap_or_default(), prefix)
            })
            .collect();
        keystrokes.sort();
        let (slowest, _, at) = keystrokes[keystrokes.len() - 1];
        let median = keystrokes[keystrokes.len() / 2].0;
        let most_cpu = keystrokes.iter().map(|k| k.1).max().unwrap_or_default();
        println!(
            "typing `{typed}` key by key: wall median {median:?}, slowest {slowest:?} (at `{at}`); most CPU for one key {most_cpu:?}"
        );
    }

    let cold = |query: &paap::search::Query, limit: usize| {
        index.forget_recent_terms();
        index.search(&library, query, limit)
    };
    c.bench_function("search/fuzzy_title prdthink", |b| {
        b.iter(|| black_box(cold(&fuzzy, 20)))
    });
    c.bench_function("search/full_text platform user stories", |b| {
        b.iter(|| black_box(cold(&full_text, 20)))
    });
    let common = parse_query("the");
    c.bench_function("search/full_text common word `the`", |b| {
        b.iter(|| black_box(cold(&common, 20)))
    });
    let prefix = parse_query("pro");
    c.bench_function("search/full_text short prefix `pro`", |b| {
        b.iter(|| black_box(cold(&prefix, 20)))
    });
    let typo = parse_query("prdouct thinkign");
    c.bench_function("search/typo fallback `prdouct thinkign`", |b| {
        b.iter(|| black_box(cold(&typo, 20)))
    });
    let empty = parse_query("");
    c.bench_function("search/empty query (list newest)", |b| {
        b.iter(|| black_box(index.search(&library, &empty, 50)))
    });
    let long = "x".repeat(10_000) + &" platform".repeat(1_000);
    c.bench_function("search/parse+search 10k-char query", |b| {
        b.iter(|| black_box(cold(&parse_query(&long), 20)))
    });
    c.bench_function("search/index build 10k docs", |b| {
        b.iter(|| black_box(Index::build(&library)))
    });
    // What `paap search` does after loading: an index for the one query, then the search.
    for text in ["user stories", "golden path", "dora"] {
        let query = parse_query(text);
        c.bench_function(&format!("search/one-shot index + search `{text}`"), |b| {
            b.iter(|| {
                black_box(Index::build_for_query(&library, &query).search(&library, &query, 20))
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = search
}
criterion_main!(benches);
