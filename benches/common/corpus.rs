//! The generated corpus the search benches share: 10,000 documents (~17 MB) with realistic
//! titles, tags, authors, roles and bodies, the same on every run.

use chrono::NaiveDate;
use paap::content::{Doc, Kind, Library};

pub const DOCS: usize = 10_000;
const BODY_BYTES: usize = 1_700;

/// A small deterministic generator, so every run measures the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const COMMON: &[&str] = &[
    "platform",
    "product",
    "thinking",
    "user",
    "stories",
    "persona",
    "personas",
    "team",
    "developer",
    "developers",
    "service",
    "providers",
    "enablers",
    "builders",
    "consumers",
    "value",
    "customer",
    "research",
    "survey",
    "interview",
    "roadmap",
    "feedback",
    "golden",
    "paths",
    "observability",
    "security",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "for",
    "with",
    "on",
    "that",
    "we",
    "it",
    "as",
    "be",
    "are",
    "engineering",
    "kubernetes",
    "cloud",
    "native",
    "adoption",
    "capability",
    "capabilities",
    "self-service",
    "ci/cd",
    "metrics",
];

/// About 20,000 distinct made-up words, so the vocabulary is realistic in size.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ner", "sta", "pro", "ver", "ti", "zu", "gra", "phe", "on", "ex", "qui",
        "dra", "el", "um", "ba", "cor", "ly", "sen", "tor", "vi", "ab",
    ];
    let mut words: Vec<String> = (0..20_000)
        .map(|_| {
            let n = 2 + rng.below(3);
            (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

pub fn corpus() -> Library {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let vocab = vocabulary(&mut rng);
    let authors: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "{} {}",
                vocab[i * 7 % vocab.len()],
                vocab[i * 13 % vocab.len()]
            )
        })
        .collect();
    let pick = |rng: &mut Rng| -> String {
        if rng.below(3) == 0 {
            COMMON[rng.below(COMMON.len())].to_string()
        } else {
            vocab[rng.below(vocab.len())].clone()
        }
    };
    let docs = (0..DOCS)
        .map(|i| {
            let title_words = 3 + rng.below(6);
            let mut title: Vec<String> = (0..title_words).map(|_| pick(&mut rng)).collect();
            if i == 4_321 {
                title = vec![
                    "Product".into(),
                    "Thinking".into(),
                    "for".into(),
                    "Platforms".into(),
                ];
            }
            let mut body = String::with_capacity(BODY_BYTES + 100);
            let mut sentence = 0;
            while body.len() < BODY_BYTES {
                if sentence % 6 == 0 {
                    body.push_str("\n\n## ");
                }
                for w in 0..(8 + rng.below(12)) {
                    if w > 0 {
                        body.push(' ');
                    }
                    body.push_str(&pick(&mut rng));
                }
                body.push_str(". ");
                sentence += 1;
            }
            let kind = match i % 10 {
                0 => Kind::Persona,
                1 => Kind::Page,
                _ => Kind::Post,
            };
            let mut extra = serde_json::Map::new();
            if kind == Kind::Persona {
                extra.insert(
                    "role".into(),
                    format!("{} and {}", pick(&mut rng), pick(&mut rng)).into(),
                );
            }
            Doc {
                id: format!("blog/post-{i}.md"),
                slug: title.join("-").to_lowercase(),
                kind,
                title: title.join(" "),
                date: NaiveDate::from_ymd_opt(
                    2015 + (i % 11) as i32,
                    1 + (i % 12) as u32,
                    1 + (i % 28) as u32,
                ),
                authors: vec![authors[rng.below(authors.len())].clone()],
                tags: (0..2).map(|_| pick(&mut rng)).collect(),
                extra: extra.into(),
                body,
                ..Default::default()
            }
        })
        .collect();
    Library::from_docs(docs, Vec::new())
}
