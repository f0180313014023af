//! A generated `--content` tree of Hugo-like pages (about 1.7 KB of markdown with front
//! matter each), the same on every run: the load and first-frame benches read it from disk.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// A small deterministic generator, so every run loads the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

const WORDS: &[&str] = &[
    "platform",
    "product",
    "users",
    "teams",
    "value",
    "roadmap",
    "feedback",
    "developer",
    "capability",
    "self-service",
    "golden",
    "path",
    "observability",
    "security",
    "portal",
    "adoption",
    "metrics",
    "interview",
    "survey",
    "builders",
    "enablers",
    "consumers",
    "the",
    "a",
    "of",
    "to",
    "and",
    "with",
    "for",
    "their",
    "internal",
    "customers",
    "problem",
    "outcome",
    "investment",
    "priorities",
    "discovery",
    "research",
    "practice",
    "engineering",
];
const PEOPLE: &[&str] = &[
    "Dominik Kress",
    "Michael Luskind",
    "David Stenglein",
    "Colin Griffin",
    "Valentina Rodriguez Sosa",
    "Giulio Roggero",
    "Ann Lee",
];
const TAGS: &[&str] = &[
    "personas",
    "research",
    "survey",
    "product-thinking",
    "platform-engineering",
    "community",
];

fn sentence(rng: &mut Lcg, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    s
}

fn front_matter(rng: &mut Lcg, i: usize, out: &mut String) {
    let day = 1 + i % 28;
    let month = 1 + i % 12;
    let date = match i % 4 {
        0 => format!("2024-{month:02}-{day:02}"),
        1 => format!("2024-{month:02}-{day:02} 12:00:00 +0000"),
        2 => format!("2024-{month:02}-{day:02} 15:00:00"),
        _ => format!("'2025-{month:02}-{day:02}T20:04:39+01:00'"),
    };
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "title: \"Document {i}: {}\"", sentence(rng, 5));
    let _ = writeln!(out, "slug: doc-{i}");
    let _ = writeln!(out, "date: {date}");
    if i.is_multiple_of(2) {
        let _ = writeln!(out, "author: {} & {}", rng.pick(PEOPLE), rng.pick(PEOPLE));
    } else {
        let _ = writeln!(
            out,
            "authors:\n  - {}\n  - {}",
            rng.pick(PEOPLE),
            rng.pick(PEOPLE)
        );
    }
    let _ = writeln!(out, "tags: [{}, {}]", rng.pick(TAGS), rng.pick(TAGS));
    let _ = writeln!(out, "categories:");
    let _ = writeln!(out, "description: \"{}\"  ", sentence(rng, 8));
    let _ = writeln!(out, "# a comment");
    let _ = writeln!(out, "menu:\n  main:\n    weight: {}", i % 50);
    let _ = writeln!(out, "source: https://example.org/blog/doc-{i}/");
    let _ = writeln!(out, "---");
}

fn body(rng: &mut Lcg, i: usize, documents: usize, out: &mut String) {
    let _ = writeln!(out, "\n# Document {i}\n");
    for section in 0..3 {
        let _ = writeln!(out, "## Section {section}: {}\n", sentence(rng, 3));
        let _ = writeln!(
            out,
            "{} [a related page](../section-{}/doc-{}.md) {}.\n",
            sentence(rng, 10),
            (i + 7) % 20,
            (i + 13) % documents,
            sentence(rng, 7)
        );
        let _ = writeln!(
            out,
            "- {}\n- {} [by slug](/blog/doc-{}/)\n- {}\n",
            sentence(rng, 6),
            sentence(rng, 5),
            (i + 1) % documents,
            sentence(rng, 9)
        );
    }
    let _ = writeln!(out, "```yaml\nkey: value\nlist: [1, 2, 3]\n```\n");
    let _ = writeln!(out, "{} See <https://example.org/{i}>.", sentence(rng, 8));
}

/// Writes `documents` files into `root`, twenty sections of them; returns their size in bytes.
pub fn generate(root: &Path, documents: usize) -> usize {
    let mut rng = Lcg(42);
    let mut total = 0;
    for i in 0..documents {
        let folder = root.join(format!("section-{}", i % 20));
        fs::create_dir_all(&folder).unwrap();
        let mut text = String::with_capacity(2048);
        front_matter(&mut rng, i, &mut text);
        body(&mut rng, i, documents, &mut text);
        total += text.len();
        fs::write(folder.join(format!("doc-{i}.md")), text).unwrap();
    }
    total
}
