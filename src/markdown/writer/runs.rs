//! A large body laid out on every core. While one thread parses it, the events are cut
//! into runs of whole top-level blocks, and each run is laid out by a writer of its own,
//! started from where the document stands there; the parts are then joined.
//!
//! What a run depends on from above is small: the inline reader's count of links, its
//! footnote numbers and HTML state (taken from a reader that reads every event as the
//! parse goes), and whether the line above is empty ([`Edge`]). The edge is guessed, then
//! checked against the part above once it is laid out: a wrong guess lays the run out
//! again. Anchors are made unique when the parts are joined, as links are numbered.

use std::sync::{Mutex, mpsc};

use pulldown_cmark::Event;

use super::super::inline::InlineReader;
use super::super::parse::{self, Spanned};
use super::super::picture::Pictures;
use super::super::theme::Theme;
use super::parts::{Edge, Part, assemble};
use super::{RunStart, lay_out};
use crate::markdown::Rendered;

/// Bodies from this size up are laid out in runs; below it one writer is as quick.
pub(crate) const PARALLEL_FROM: usize = 64 * 1024;

/// Events in a run, about: enough that a run's fixed costs do not count, few enough that
/// the first run starts early and the last ends soon after the parse.
const RUN_EVENTS: usize = 4096;

/// Room for a run's events, made at once: most runs end within a few blocks of
/// [`RUN_EVENTS`]. Room never written is still memory the system zeroes, where pages are
/// huge, so it is not made generous.
const RUN_ROOM: usize = RUN_EVENTS + RUN_EVENTS / 8;

/// Threads that lay runs out besides the one parsing: past a few, runs come no faster
/// than one thread parses.
const MAX_HELPERS: usize = 3;

/// What the run above most often leaves: its last line is text.
const GUESSED_EDGE: Edge = Edge {
    last_blank: false,
    lines_above: true,
};

/// A run of events and where it starts.
struct Run<'a> {
    events: Vec<Spanned<'a>>,
    start: RunStart,
}

/// `body` laid out in runs; `None` when a run did not end with every block closed (then
/// the caller lays the whole body out with one writer).
pub(super) fn render(
    body: &str,
    width: usize,
    theme: &Theme,
    number_links: bool,
    pictures: &Pictures<'_>,
) -> Option<Rendered> {
    // On one core the runs would only add the pacing reader's work.
    if cores() < 2 {
        return None;
    }
    let laid = in_runs(body, width, theme, number_links, pictures, RUN_EVENTS)?;
    Some(laid.rendered)
}

/// A body laid out in runs, and how (the tests read how: that there were runs to join).
#[cfg_attr(not(test), allow(dead_code))]
struct Laid {
    rendered: Rendered,
    /// Runs it was cut into, and how many of them were laid out again (a wrong [`Edge`]).
    runs: usize,
    laid_again: usize,
}

/// [`render`] with runs of at least `run_events` events.
fn in_runs(
    body: &str,
    width: usize,
    theme: &Theme,
    number_links: bool,
    pictures: &Pictures<'_>,
    run_events: usize,
) -> Option<Laid> {
    let lay = |run: &Run<'_>| {
        lay_out(
            &run.events,
            &run.start,
            width,
            theme,
            number_links,
            pictures,
        )
    };
    let mut done = lay_out_while_parsing(body, run_events, &lay);
    done.sort_unstable_by_key(|(index, ..)| *index);
    let runs = done.len();
    let mut laid_again = 0;
    let mut parts = Vec::with_capacity(runs);
    let mut edge = Edge::TOP;
    for (index, mut run, mut part) in done {
        if part.started != edge {
            run.start.edge = edge;
            part = lay(&run);
            laid_again += 1;
        }
        if index + 1 < runs && !part.between_blocks {
            return None;
        }
        edge = part.ended;
        parts.push(part);
    }
    Some(Laid {
        rendered: assemble(parts),
        runs,
        laid_again,
    })
}

/// A run laid out, with its place in the document and its events (to lay it out again).
type Done<'a> = (usize, Run<'a>, Part);

/// Parses `body` on this thread while helper threads lay its runs out; once the parse is
/// done this thread lays out runs too. Threads of their own, not the rayon pool's: the UI
/// lays a page out while the pool may be busy for a while (a search index being built),
/// and a page must not wait for that.
fn lay_out_while_parsing<'a>(
    body: &'a str,
    run_events: usize,
    lay: &(impl Fn(&Run<'a>) -> Part + Sync),
) -> Vec<Done<'a>> {
    let helpers = (cores() - 1).clamp(1, MAX_HELPERS);
    let (sender, receiver) = mpsc::channel::<(usize, Run<'a>)>();
    let receiver = Mutex::new(receiver);
    std::thread::scope(|scope| {
        let threads: Vec<_> = (0..helpers)
            .map(|_| scope.spawn(|| take_runs(&receiver, lay)))
            .collect();
        cut_into_runs(body, run_events, |index, run| {
            // The receiver outlives the parse: sending cannot fail.
            let _ = sender.send((index, run));
        });
        drop(sender);
        let mut done = take_runs(&receiver, lay);
        for thread in threads {
            match thread.join() {
                Ok(theirs) => done.extend(theirs),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    })
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Lays out runs as they come until the parse has ended and none is left.
fn take_runs<'a>(
    receiver: &Mutex<mpsc::Receiver<(usize, Run<'a>)>>,
    lay: &impl Fn(&Run<'a>) -> Part,
) -> Vec<Done<'a>> {
    let mut done = Vec::new();
    loop {
        let next = match receiver.lock() {
            Ok(receiver) => receiver.recv(),
            // Another thread panicked holding it: its panic is the one to report.
            Err(_) => break,
        };
        let Ok((index, run)) = next else { break };
        let part = lay(&run);
        done.push((index, run, part));
    }
    done
}

/// Parses `body`, handing each run to `run` as soon as its last block is read.
fn cut_into_runs<'a>(body: &'a str, run_events: usize, mut run: impl FnMut(usize, Run<'a>)) {
    let mut pacer = InlineReader::pacer();
    let mut drawn = Vec::new();
    let mut events = Vec::with_capacity(RUN_ROOM);
    let mut start = RunStart::document();
    let mut depth = 0usize;
    let mut index = 0;
    parse::each_event(body, |(event, range)| {
        pacer.read(&event, range.start, &mut drawn);
        drawn.clear();
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let block_ends = depth == 0 && matches!(event, Event::End(_) | Event::Rule);
        events.push((event, range));
        if block_ends && events.len() >= run_events && pacer.at_rest() {
            let next = RunStart {
                reader: pacer.start_point(),
                edge: GUESSED_EDGE,
            };
            let events = std::mem::replace(&mut events, Vec::with_capacity(RUN_ROOM));
            run(
                index,
                Run {
                    events,
                    start: std::mem::replace(&mut start, next),
                },
            );
            index += 1;
        }
    });
    if !events.is_empty() || index == 0 {
        run(index, Run { events, start });
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::in_one_run;
    use super::*;
    use crate::markdown::PictureSize;

    /// Blocks that carry something across to the blocks after them, or that end in an
    /// unusual place: each joins a run boundary in the property below.
    const BLOCKS: &[&str] = &[
        "# Title",
        "## Same\n\ntext under it",
        "## Same {#custom}",
        "## Same {#custom}",
        "> [!NOTE]",
        "> [!TIP]\n> with text",
        "<!-- only a comment -->",
        "para with [a link](http://a.example) and https://bare.example/x and `code`",
        "a note[^a] here",
        "[^a]: the note, with [a link](notes.md)",
        "[^b]: note b\n\n    its second paragraph",
        "again[^b] and[^a] and[^missing]",
        "- item\n  - nested [x](x.md)\n- [ ] task\n- [x] done",
        "1. one\n2. two\n\n   more of two",
        "```rust\nfn main() { println!(\"hi\"); }\n```",
        "```chart\nbars:\n  a: 1\n```",
        "| a | b |\n|:--|--:|\n| [x](y.md) | z https://t.example |",
        "<div>html <a href=\"http://h.example\">open link</div>",
        "para <a href=\"x.md\">unclosed",
        "# Head <!-- unclosed comment",
        "text after --> the comment",
        "![alt text](pic.png)",
        "![another](pic.png \"title\")",
        "![remote](https://img.example/p.png)",
        "---",
        "<script>\nvar hidden = 1;",
        "[ref link][r] and [r]",
        "[r]: http://r.example",
        "Setext\n===",
        "    indented code",
        "text  \nhard break",
        "> quote\n> > nested with [link](q.md)",
        "<details><summary>S</summary>\n\ninner **md**\n\n</details>",
        "日本語のテキスト😀 wide text",
        "*emph **strong*** ~~strike~~ <b>bold</b><br>next",
        // Inline HTML outside paragraphs leaves its state to the blocks after it.
        "- item <script> opens",
        "| t <style> |\n|---|\n| c |",
        "para <a href=\"http://s.example\">a link</a> after <img src=\"pic.png\"> </script>",
    ];

    fn pictures() -> Pictures<'static> {
        Pictures {
            size: &|written| match written {
                "pic.png" => PictureSize::Pixels(200, 100),
                _ => PictureSize::Unknown,
            },
            max_rows: 4,
        }
    }

    fn both_ways(body: &str, width: usize, theme: &Theme, numbered: bool) -> (Laid, Rendered) {
        let pictures = pictures();
        let runs = in_runs(body, width, theme, numbered, &pictures, 1).expect("cut");
        let whole = in_one_run(body, width, theme, numbered, &pictures);
        (runs, whole)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn runs_lay_out_what_one_writer_does(
            picks in proptest::collection::vec(0..BLOCKS.len(), 1..24),
            width in prop_oneof![Just(10usize), Just(37), Just(100)],
            numbered: bool,
            color: bool,
        ) {
            let body = picks.iter().map(|&i| BLOCKS[i]).collect::<Vec<_>>().join("\n\n");
            let theme = if color { Theme::dark() } else { Theme::no_color() };
            let (runs, whole) = both_ways(&body, width, &theme, numbered);
            prop_assert_eq!(runs.rendered, whole);
        }
    }

    #[test]
    fn repeated_headings_in_different_runs_get_anchors_of_their_own() {
        let body = "## Same\n\ntext\n\n## Same\n\n## Same {#same-1}\n\nnote[^n]\n\n[^n]: n";
        let (runs, _) = both_ways(body, 40, &Theme::no_color(), false);
        assert_eq!(runs.runs, 7);
        let headings: Vec<&str> = runs
            .rendered
            .headings
            .iter()
            .map(|h| h.anchor.as_str())
            .collect();
        assert_eq!(headings, ["same", "same-1", "same-1-1"]);
        let anchors: Vec<&str> = runs.rendered.anchors.iter().map(|a| a.0.as_str()).collect();
        assert_eq!(anchors, ["same", "same-1", "same-1-1", "fn-n"]);
    }

    #[test]
    fn a_wrong_guess_at_the_edge_is_laid_out_again() {
        // The alert's label leaves an empty-looking edge; the comment leaves no line at all.
        for body in ["> [!NOTE]\n\nafter", "<!-- c -->\n\n# First"] {
            let (runs, whole) = both_ways(body, 40, &Theme::no_color(), true);
            assert_eq!(runs.runs, 2, "{body}");
            assert_eq!(runs.laid_again, 1, "{body}");
            assert_eq!(runs.rendered, whole, "{body}");
        }
    }

    #[test]
    fn the_bundled_documents_and_a_large_one_lay_out_the_same_in_runs() {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut bodies: Vec<String> = walkdir::WalkDir::new(content)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| std::fs::read_to_string(e.path()).expect("read"))
            .collect();
        assert!(bodies.len() > 20, "{} bundled documents", bodies.len());
        bodies.push(BLOCKS.repeat(40).join("\n\n"));
        for body in &bodies {
            for (theme, numbered) in [(Theme::dark(), false), (Theme::no_color(), true)] {
                let (runs, whole) = both_ways(body, 80, &theme, numbered);
                assert!(
                    runs.runs > 1 || body.len() < 200,
                    "not cut: {}",
                    &body[..80]
                );
                assert_eq!(runs.rendered, whole, "{}", &body[..body.len().min(80)]);
            }
        }
    }
}
