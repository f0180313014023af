//! The search index, built once at load: folded names for fuzzy matching and, for bodies,
//! a sorted vocabulary with per-document token lists and per-term document lists.
//!
//! Term ids are assigned in sorted order, so every term starting with a prefix is one
//! contiguous id range: "persona" finds "personas" by a range check, with no string work.

use std::collections::HashMap;

use crate::content::{Doc, Kind, Library};

use super::text;

/// What the index keeps about one document's names (everything folded to lower case).
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub kind: Kind,
    pub title: String,
    /// Words of the folded title with their char range in the title.
    pub title_words: Vec<(String, usize, usize)>,
    pub slug: String,
    pub role: Option<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    /// The body as a sequence of term ids.
    pub tokens: Vec<u32>,
}

/// A sorted vocabulary of body words.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    terms: Vec<Box<str>>,
}

impl Vocabulary {
    pub fn id(&self, term: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| (**t).cmp(term))
            .ok()
            .map(|i| i as u32)
    }

    /// The id range of every term that starts with `prefix`.
    pub fn prefix_range(&self, prefix: &str) -> (u32, u32) {
        let lo = self.terms.partition_point(|t| &**t < prefix);
        let hi = lo + self.terms[lo..].partition_point(|t| t.starts_with(prefix));
        (lo as u32, hi as u32)
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }
}

/// The search index over one library. Build it once with [`Index::build`]; searching never
/// touches the documents' files.
pub struct Index {
    pub(crate) matcher: fuzzy_matcher::skim::SkimMatcherV2,
    pub(crate) entries: Vec<Entry>,
    pub(crate) vocabulary: Vocabulary,
    /// For each term id, the documents whose body contains it, ascending.
    pub(crate) postings: Vec<Vec<u32>>,
    /// Document indices, newest first (undated last, then by title).
    pub(crate) newest_first: Vec<u32>,
    /// For each document, its place in `newest_first`: the tie-breaker of every ranking.
    pub(crate) recency_rank: Vec<u32>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("documents", &self.entries.len())
            .field("terms", &self.vocabulary.len())
            .finish()
    }
}

impl Index {
    /// Indexes every document of `library`.
    pub fn build(library: &Library) -> Index {
        let docs = library.docs();
        let mut provisional: HashMap<Box<str>, u32> = HashMap::new();
        let mut lowered = String::new();
        let mut entries: Vec<Entry> = docs
            .iter()
            .map(|doc| {
                let mut tokens = Vec::with_capacity(doc.body.len() / 6);
                text::for_each_word(&doc.body, |_, word| {
                    lowered.clear();
                    if word.is_ascii() {
                        lowered.extend(word.chars().map(|c| c.to_ascii_lowercase()));
                    } else {
                        lowered.push_str(&word.to_lowercase());
                    }
                    let next = provisional.len() as u32;
                    let id = match provisional.get(lowered.as_str()) {
                        Some(&id) => id,
                        None => {
                            provisional.insert(lowered.as_str().into(), next);
                            next
                        }
                    };
                    tokens.push(id);
                });
                entry(doc, tokens)
            })
            .collect();

        // Renumber terms in sorted order so prefixes become id ranges.
        let mut sorted: Vec<(Box<str>, u32)> = provisional.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut renumber = vec![0u32; sorted.len()];
        for (new_id, (_, old_id)) in sorted.iter().enumerate() {
            renumber[*old_id as usize] = new_id as u32;
        }
        let vocabulary = Vocabulary {
            terms: sorted.into_iter().map(|(term, _)| term).collect(),
        };
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); vocabulary.len()];
        for (doc, entry) in entries.iter_mut().enumerate() {
            for id in entry.tokens.iter_mut() {
                *id = renumber[*id as usize];
                let list = &mut postings[*id as usize];
                if list.last() != Some(&(doc as u32)) {
                    list.push(doc as u32);
                }
            }
        }

        let mut newest_first: Vec<u32> = (0..docs.len() as u32).collect();
        newest_first.sort_by(|&a, &b| {
            let (a, b) = (&docs[a as usize], &docs[b as usize]);
            b.date
                .is_some()
                .cmp(&a.date.is_some())
                .then(b.date.cmp(&a.date))
                .then_with(|| a.title.cmp(&b.title))
        });
        let mut recency_rank = vec![0u32; docs.len()];
        for (rank, &doc) in newest_first.iter().enumerate() {
            recency_rank[doc as usize] = rank as u32;
        }

        Index {
            matcher: fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case(),
            entries,
            vocabulary,
            postings,
            newest_first,
            recency_rank,
        }
    }

    /// Number of documents indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn entry(doc: &Doc, tokens: Vec<u32>) -> Entry {
    let title = text::fold(&doc.title);
    let mut title_words = Vec::new();
    text::for_each_word(&title, |start, word| {
        let first = title[..start].chars().count();
        title_words.push((word.to_string(), first, first + word.chars().count()));
    });
    let role = doc
        .extra
        .get("role")
        .and_then(|v| v.as_str())
        .map(text::fold);
    Entry {
        kind: doc.kind,
        title,
        title_words,
        slug: text::fold(&doc.slug),
        role,
        tags: doc.tags.iter().map(|t| text::fold(t)).collect(),
        authors: doc.authors.iter().map(|a| text::fold(a)).collect(),
        tokens,
    }
}
