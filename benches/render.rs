//! Renders a generated ~1.7 MB document of mixed elements at width 100.
//!
//! `RENDER_BENCH_DOC=/tmp/doc.md cargo bench --bench render` also writes the document out,
//! to time other renderers (mdcat) on the same input.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use paap::markdown::{Theme, clear_highlight_cache, render};
use paap::site::{Syntax, normalize};

const TARGET_BYTES: usize = 1_700_000;

const WORDS: &[&str] = &[
    "platform",
    "product",
    "team",
    "developer",
    "experience",
    "self-service",
    "golden",
    "path",
    "capability",
    "maturity",
    "model",
    "feedback",
    "adoption",
    "internal",
    "users",
    "value",
    "measure",
    "investment",
    "observability",
    "security",
    "provisioning",
    "documentation",
];

/// A deterministic document with every element the renderer draws.
fn document() -> String {
    let mut doc = String::with_capacity(TARGET_BYTES + 10_000);
    let mut n = 0usize;
    let word = |i: usize| WORDS[(i.wrapping_mul(2_654_435_761) >> 7) % WORDS.len()];
    let sentence = |seed: usize, len: usize| -> String {
        (0..len)
            .map(|i| word(seed + i))
            .collect::<Vec<_>>()
            .join(" ")
    };
    while doc.len() < TARGET_BYTES {
        let s = n * 31;
        let _ = writeln!(doc, "## Section {n}: {} {{#section-{n}}}\n", sentence(s, 4));
        for p in 0..3 {
            let _ = writeln!(
                doc,
                "{} **{}** _{}_ `{}` [{}](https://example.org/{n}/{p}) {} ~~{}~~ see \
                 [the guide]({{{{< ref \"docs/guide-{p}.md#part\" >}}}}) and a note[^n{n}].\n\
                 {} <https://auto.example/{n}> {}.\n",
                sentence(s + p, 18),
                word(s + 1),
                word(s + 2),
                word(s + 3),
                sentence(s + 4, 3),
                sentence(s + 5, 22),
                word(s + 6),
                sentence(s + 7, 15),
                sentence(s + 8, 12),
            );
        }
        let _ = writeln!(doc, "### Lists\n");
        for i in 0..4 {
            let _ = writeln!(doc, "- {} [link](../x/{i}.md)", sentence(s + i, 10));
            let _ = writeln!(doc, "  - {}", sentence(s + i + 1, 8));
            let _ = writeln!(doc, "    - [ ] {}", sentence(s + i + 2, 6));
        }
        let _ = writeln!(doc, "\n1. {}\n2. {}\n", sentence(s, 7), sentence(s + 3, 9));
        let _ = writeln!(
            doc,
            "> {}\n>\n> > {}\n",
            sentence(s, 20),
            sentence(s + 1, 14)
        );
        let _ = writeln!(doc, "> [!NOTE]\n> {}\n", sentence(s + 2, 16));
        if n.is_multiple_of(2) {
            let _ = writeln!(
                doc,
                "```rust\nfn section_{n}(input: &str) -> Result<usize, Error> {{\n    \
                 let count = input.split_whitespace().filter(|w| w.len() > 3).count();\n    \
                 println!(\"counted {{count}} words in section {n} of the generated document\");\n    \
                 Ok(count)\n}}\n```\n"
            );
        } else {
            let _ = writeln!(
                doc,
                "```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: section-{n}\n  \
                 labels:\n    team: platform\ndata:\n  key: \"{}\"\n```\n",
                sentence(s, 5)
            );
        }
        let _ = writeln!(
            doc,
            "| Capability | Description | Owner | Level |\n|:--|:--|:-:|--:|"
        );
        for r in 0..4 {
            let _ = writeln!(
                doc,
                "| {} | {} [ref](https://example.org/t/{r}) | {} | {r} |",
                word(s + r),
                sentence(s + r, 14),
                word(s + r + 5)
            );
        }
        let _ = writeln!(
            doc,
            "\n<div class=\"box\">{} <b>{}</b><br>{} <img src=\"img/{n}.png\" alt=\"diagram {n}\"><!-- c --></div>\n",
            sentence(s, 8),
            word(s),
            sentence(s + 1, 6)
        );
        let _ = writeln!(
            doc,
            "日本語のテキストと絵文字😀も正しく折り返されるべきです。{}\n",
            sentence(s, 6)
        );
        let _ = writeln!(doc, "---\n\n[^n{n}]: Footnote {n}: {}\n", sentence(s, 10));
        n += 1;
    }
    doc
}

fn bench_render(c: &mut Criterion) {
    // The body as a loaded document holds it: site syntax (the `ref` shortcodes) is read
    // once at load, not by the renderer.
    let written = document();
    let doc = normalize(written.clone(), Syntax::Markdown).text;
    if let Ok(path) = std::env::var("RENDER_BENCH_DOC") {
        std::fs::write(&path, &doc).expect("write RENDER_BENCH_DOC");
    }
    let theme = Theme::dark();
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(doc.len() as u64));
    let kb = doc.len() / 1000;
    // First render of a document: nothing highlighted yet.
    group.bench_function(format!("mixed_{kb}KB_width100_first"), |b| {
        b.iter_batched(
            clear_highlight_cache,
            |()| render(black_box(&doc), 100, &theme),
            BatchSize::PerIteration,
        )
    });
    // Re-render at another width (a resize): code highlighting comes from the cache.
    group.bench_function(format!("mixed_{kb}KB_width100_rerender"), |b| {
        b.iter(|| render(black_box(&doc), 100, &theme))
    });
    group.bench_function(format!("mixed_{kb}KB_width100_no_color"), |b| {
        b.iter(|| render(black_box(&doc), 100, &Theme::no_color()))
    });
    // What load now does once per document, before any render.
    group.bench_function(format!("mixed_{kb}KB_site_syntax_at_load"), |b| {
        b.iter(|| normalize(black_box(written.clone()), Syntax::Markdown))
    });
    group.finish();
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
