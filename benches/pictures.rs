//! Scrolling a document with fifty pictures against the same document with a paragraph
//! in place of each: one line down and one frame drawn, with half blocks, on the UI
//! thread (decoding is the worker's: answers that arrived are taken, none waited for).
//! The two should cost about the same: the pictures' rows are laid out once, and drawing
//! one copies cells already encoded.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use image::{ImageFormat, Rgb, RgbImage};
use paap::app::{Action, App};
use paap::content::{Doc, Library};
use paap::markdown::Theme;
use paap::tui::Session;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "common/nowhere.rs"]
mod nowhere;

use nowhere::Nowhere;

const PICTURES: usize = 50;

/// `doc.md` in `dir`: text with fifty pictures (or, without, a paragraph for each).
fn document(dir: &Path, pictures: bool) -> String {
    let mut body = String::from("# Fifty\n\n");
    for i in 0..PICTURES {
        body.push_str(&format!(
            "Paragraph {i} about platform teams, their users and what they measure.\n\n"
        ));
        if pictures {
            let name = format!("p{i}.png");
            RgbImage::from_fn(400, 200, |x, y| Rgb([x as u8, y as u8, i as u8 * 5]))
                .save_with_format(dir.join(&name), ImageFormat::Png)
                .unwrap();
            body.push_str(&format!("![Picture {i}]({name})\n\n"));
        } else {
            body.push_str(&format!("A paragraph in place of picture {i}.\n\n"));
        }
    }
    body
}

fn session(dir: &Path, pictures: bool) -> Session<Nowhere> {
    let path = dir.join("doc.md");
    std::fs::write(&path, document(dir, pictures)).unwrap();
    let mut doc = Doc::from_markdown("doc.md", &std::fs::read_to_string(&path).unwrap()).0;
    doc.path = Some(path);
    let mut app = App::new(
        Library::from_docs(vec![doc], vec![]),
        Theme::dark(),
        120,
        40,
    );
    app.set_pictures(true);
    let mut session = Session::start(app, None, Nowhere).unwrap();
    session.handle(Action::OpenDocument(0)).unwrap();
    session.settle_pictures().unwrap();
    session
}

/// One line down (back to the top at the end) and the frame drawn.
#[inline(never)]
fn scroll_and_draw(session: &mut Session<Nowhere>, terminal: &mut Terminal<TestBackend>) {
    let before = session.app().scroll();
    session.handle(Action::Down).unwrap();
    if session.app().scroll() == before {
        session.handle(Action::Top).unwrap();
    }
    // Pictures coming into view are decoded off the UI thread; what has arrived is
    // taken, as the event loop does, without waiting for the rest.
    while let Some(answer) = session.poll() {
        session.handle(answer).unwrap();
    }
    terminal
        .draw(|f| paap::ui::view(black_box(session.app()), f))
        .unwrap();
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("scroll");
    group.measurement_time(Duration::from_secs(3));
    for (name, pictures) in [("without pictures", false), ("fifty pictures", true)] {
        let dir = tempfile::tempdir().unwrap();
        let mut session = session(dir.path(), pictures);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| scroll_and_draw(&mut session, &mut terminal))
        });
    }
    group.finish();
}

/// `PAAP_FRAMES=N PAAP_CASE=fifty|without`: that many frames of one case from the top,
/// each picture's drawing waited for between frames (outside `scroll_and_draw`), for
/// `valgrind --tool=callgrind --toggle-collect=pictures::scroll_and_draw` to count the
/// same frames before and after a change, however busy the machine.
fn profile(frames: usize, pictures: bool) {
    let dir = tempfile::tempdir().unwrap();
    let mut session = session(dir.path(), pictures);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    for _ in 0..frames {
        scroll_and_draw(&mut session, &mut terminal);
        session.settle_pictures().unwrap();
    }
}

criterion_group!(benches, bench);

fn main() {
    let frames = std::env::var("PAAP_FRAMES")
        .ok()
        .and_then(|n| n.parse().ok());
    if let Some(frames) = frames {
        profile(
            frames,
            std::env::var("PAAP_CASE").as_deref() != Ok("without"),
        );
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
