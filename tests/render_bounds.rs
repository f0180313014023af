//! Linear and bounded: nested structures cost work in proportion to their size.
//!
//! Each case is generated at two sizes, ten times apart, and the work done is compared:
//! bytes allocated in all (a pass that copies or rebuilds per level shows up here), the
//! peak of live allocation, and the size of what comes out. A quadratic pass grows about
//! a hundredfold; a linear one about tenfold. Counting is per thread, so tests running side
//! by side do not disturb each other, and nothing here measures time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use paap::content::{Doc, Library};
use paap::markdown::{Theme, links, render};
use paap::site::{Syntax, normalize};

struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
    static TOTAL: Cell<usize> = const { Cell::new(0) };
}

fn grow(size: usize) {
    let _ = LIVE.try_with(|live| {
        live.set(live.get() + size);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
    });
    let _ = TOTAL.try_with(|total| total.set(total.get() + size));
}

fn shrink(size: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(size)));
}

// SAFETY: every call is passed on to the system allocator unchanged; the counters are
// thread-local cells with const initialisers, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        shrink(layout.size());
        grow(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The work `run` did: (bytes allocated in all, peak live bytes above the start, output size).
fn work(run: impl FnOnce() -> usize) -> (usize, usize, usize) {
    let start_live = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start_live));
    let start_total = TOTAL.with(Cell::get);
    let out = run();
    let total = TOTAL.with(Cell::get) - start_total;
    let peak = PEAK.with(Cell::get) - start_live;
    (total, peak, out)
}

/// Asserts that `case(n)` costs about ten times more at 10n than at n, on every measure.
fn assert_linear(name: &str, n: usize, case: impl Fn(usize) -> usize) {
    let small = work(|| case(n));
    let large = work(|| case(10 * n));
    let measures = [
        ("allocated", small.0, large.0),
        ("peak", small.1, large.1),
        ("output", small.2, large.2),
    ];
    for (measure, at_n, at_10n) in measures {
        // Linear is 10×; fixed costs make it less, a quadratic pass would make it ~100×.
        assert!(
            at_10n <= 20 * at_n.max(1),
            "{name}: {measure} grew from {at_n} to {at_10n} for 10× the input"
        );
    }
}

fn nested_linked_images(n: usize) -> String {
    format!("{}x{}\n", "[![".repeat(n), "](a.png)](b.md)".repeat(n))
}

fn nested_admonitions(n: usize) -> String {
    format!("{}text\n{}", ":::tip\n".repeat(n), ":::\n".repeat(n))
}

/// Lines drawn plus their text: what a render puts out.
fn render_size(body: &str) -> usize {
    let r = render(body, 80, &Theme::no_color());
    r.lines.len() + r.lines.iter().map(|l| l.width()).sum::<usize>() + r.links.len()
}

#[test]
fn nested_linked_images_are_listed_and_checked_linearly() {
    assert_linear("links", 300, |n| {
        let (doc, _) = Doc::from_markdown("a.md", &nested_linked_images(n));
        let library = Library::from_docs(vec![doc], Vec::new());
        library.links(0).len() + library.check().len()
    });
    assert_linear("render", 300, |n| render_size(&nested_linked_images(n)));
}

#[test]
fn nested_admonitions_load_and_render_linearly() {
    assert_linear("normalize", 300, |n| {
        normalize(nested_admonitions(n), Syntax::Markdown)
            .text
            .len()
    });
    assert_linear("render", 300, |n| {
        render_size(&normalize(nested_admonitions(n), Syntax::Markdown).text)
    });
}

#[test]
fn nested_quotes_lists_and_footnotes_render_linearly() {
    for (name, shape) in [
        ("quotes", "> "),
        ("lists", "- "),
        ("ordered lists", "1. "),
        ("quoted lists", "> - "),
    ] {
        assert_linear(name, 200, |n| {
            render_size(&format!("{}text\n", shape.repeat(n)))
        });
    }
    assert_linear("footnotes", 200, |n| {
        let notes: String = (0..n)
            .map(|i| format!("[^{i}]: note [^{}]\n", i + 1))
            .collect();
        render_size(&format!("text [^0]\n\n{notes}"))
    });
}

/// Makes an input of size `n`.
type Generator = fn(usize) -> String;

#[test]
fn unclosed_site_syntax_and_html_stay_linear() {
    let cases: [(&str, Generator); 5] = [
        ("shortcode openers", |n| "{{< x ".repeat(n)),
        ("backtick runs", |n| {
            (1..=n)
                .rev()
                .map(|k| format!("{} {{/* ", "`".repeat(k % 50 + 1)))
                .collect()
        }),
        ("html links", |n| "<a href=\"x\">".repeat(n)),
        ("html tag never closed", |n| {
            format!("<div\n{}", "x=1\n".repeat(n))
        }),
        ("images in alt text", |n| {
            format!("{}x{}", "![".repeat(n), "](i.png)".repeat(n))
        }),
    ];
    for (name, make) in cases {
        assert_linear(name, 300, |n| {
            let body = normalize(make(n), Syntax::Mdx).text;
            render_size(&body) + links(&body).len()
        });
    }
}
