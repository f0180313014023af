//! One keystroke in the TUI search box on 10,000 generated documents (~17 MB), through the
//! runtime the program uses (`Session`: update, the search worker's answer, update again)
//! plus drawing the whole screen into a TestBackend. A frame is 16 ms at 60 Hz: a
//! keystroke must stay well under it.
//!
//! Besides criterion's figures, prints p50/p99/max over every keystroke of several queries
//! typed one char at a time, and the one-off cost of the first `/` (index build).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use paap::app::{Action, App};
use paap::markdown::Theme;
use paap::tui::Session;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "common/nowhere.rs"]
mod nowhere;

use nowhere::Nowhere;

#[path = "common/corpus.rs"]
mod corpus;

use corpus::{DOCS, corpus};

type Bench = Session<Nowhere>;

fn session(width: u16, height: u16) -> Bench {
    let app = App::new(corpus(), Theme::dark(), width, height);
    Session::start(app, None, Nowhere).expect("no terminal to fail")
}

fn draw(app: &Bench, terminal: &mut Terminal<TestBackend>) {
    terminal
        .draw(|f| paap::ui::view(app, f))
        .expect("drawing to a TestBackend");
}

/// One keystroke until its results are on screen: update, the worker's answer, draw.
fn keystroke(app: &mut Bench, terminal: &mut Terminal<TestBackend>, action: Action) {
    app.handle(action).expect("no terminal to fail");
    app.settle().expect("no terminal to fail");
    draw(app, terminal);
}

fn tui_search(c: &mut Criterion) {
    let (width, height) = (120, 40);
    let mut app = session(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let index = paap::search::Index::build(app.library());

    let start = Instant::now();
    keystroke(&mut app, &mut terminal, Action::Search);
    println!(
        "first `/` (waits for the worker's index of {DOCS} documents, once): {:?}",
        start.elapsed()
    );

    let queries = [
        "platform user stories",
        "service providers -kind:page",
        "prdthink",
        "the",
        "\"golden paths\" tag:security",
        "kazumi",
    ];
    let mut times = Vec::new();
    let mut engine = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for query in queries {
        keystroke(&mut app, &mut terminal, Action::Escape);
        keystroke(&mut app, &mut terminal, Action::Search);
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let start = Instant::now();
            keystroke(&mut app, &mut terminal, Action::Input(c));
            let took = start.elapsed();
            times.push(took);
            // The engine alone, for the same query and the same number of hits.
            let limit = app.search_box().map_or(1, |s| s.hits.len().max(1));
            let query = paap::search::parse_query(&typed);
            let start = Instant::now();
            black_box(index.search(app.library(), &query, limit));
            engine.push(start.elapsed());
            if took > slowest.0 {
                slowest = (took, typed.clone());
            }
        }
        // And erasing it again, key by key.
        for _ in query.chars() {
            let start = Instant::now();
            keystroke(&mut app, &mut terminal, Action::InputBackspace);
            times.push(start.elapsed());
        }
    }
    times.sort();
    engine.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    let engine_at = |q: f64| engine[((engine.len() as f64 * q) as usize).min(engine.len() - 1)];
    println!(
        "the engine alone (Index::search, same query and hit count), {} keystrokes typed: p50 {:?}  p99 {:?}  max {:?}",
        engine.len(),
        engine_at(0.5),
        engine_at(0.99),
        engine[engine.len() - 1]
    );
    println!(
        "keystroke in the search box until its results are drawn (120x40), {} keystrokes: p50 {:?}  p99 {:?}  max {:?} (at `{}`)",
        times.len(),
        at(0.5),
        at(0.99),
        slowest.0.max(times[times.len() - 1]),
        slowest.1
    );

    background(&queries);

    keystroke(&mut app, &mut terminal, Action::Escape);
    keystroke(&mut app, &mut terminal, Action::Search);
    for c in "platform user storie".chars() {
        keystroke(&mut app, &mut terminal, Action::Input(c));
    }
    c.bench_function(
        "tui/keystroke `s` after `platform user storie` (+ backspace)",
        |b| {
            b.iter(|| {
                keystroke(&mut app, &mut terminal, Action::Input('s'));
                keystroke(&mut app, &mut terminal, Action::InputBackspace);
                black_box(app.search_box().map(|s| s.hits.len()))
            })
        },
    );
    keystroke(&mut app, &mut terminal, Action::Escape);
    keystroke(&mut app, &mut terminal, Action::Search);
    c.bench_function("tui/keystroke `p` on an empty query (+ backspace)", |b| {
        b.iter(|| {
            keystroke(&mut app, &mut terminal, Action::Input('p'));
            keystroke(&mut app, &mut terminal, Action::InputBackspace);
            black_box(app.search_box().map(|s| s.hits.len()))
        })
    });
}

/// The UI thread's share: a keystroke is update + draw while the worker searches. Prints
/// that, and how long until the newest results are drawn.
fn background(queries: &[&str]) {
    let (width, height) = (120, 40);
    let mut app = session(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    keystroke(&mut app, &mut terminal, Action::Search);
    let mut ui = Vec::new();
    let mut until_results = Vec::new();
    for query in queries {
        keystroke(&mut app, &mut terminal, Action::Escape);
        keystroke(&mut app, &mut terminal, Action::Search);
        for c in query.chars() {
            let start = Instant::now();
            app.handle(Action::Input(c)).expect("no terminal to fail");
            draw(&app, &mut terminal);
            ui.push(start.elapsed());
            app.settle().expect("no terminal to fail");
            draw(&app, &mut terminal);
            until_results.push(start.elapsed());
        }
    }
    ui.sort();
    until_results.sort();
    let p = |v: &[Duration], q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
    println!(
        "with the search worker, {} keystrokes: UI thread (update + draw) p50 {:?}  p99 {:?}  max {:?}; until the results are drawn p50 {:?}  p99 {:?}",
        ui.len(),
        p(&ui, 0.5),
        p(&ui, 0.99),
        ui[ui.len() - 1],
        p(&until_results, 0.5),
        p(&until_results, 0.99),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = tui_search
}
criterion_main!(benches);
