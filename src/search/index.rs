//! The search index, built once at load: folded names for fuzzy matching and, for bodies,
//! a sorted vocabulary with per-document token lists and per-term document lists.
//!
//! Term ids are assigned in sorted order, so every term starting with a prefix is one
//! contiguous id range: "persona" finds "personas" by a range check, with no string work.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use crate::content::{Doc, Kind, Library};

use super::matching::{TermData, TermKey};
use super::text;

/// What the index keeps about one document's names (everything folded to lower case).
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub kind: Kind,
    pub title: String,
    /// Words of the folded title with their char range in the title.
    pub title_words: Vec<(String, usize, usize)>,
    /// The title, slug, role, tags and authors as ids into `Index::names`.
    pub title_name: u32,
    /// `None` when the slug only repeats the title's words ("golden-paths" for "Golden Paths").
    pub slug_name: Option<u32>,
    pub role_name: Option<u32>,
    pub tag_names: Vec<u32>,
    pub author_names: Vec<u32>,
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

    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }
}

/// The search index over one library. Build it once with [`Index::build`]; searching never
/// touches the documents' files.
pub struct Index {
    pub(crate) matcher: fuzzy_matcher::skim::SkimMatcherV2,
    pub(crate) entries: Vec<Entry>,
    /// Every distinct name-like string (titles, slugs, roles, tags, authors), folded. A query
    /// term is matched against each once, however many documents share it.
    pub(crate) names: Vec<String>,
    /// For each name, the documents that carry it (as title, slug, role, tag or author).
    pub(crate) name_docs: Vec<Vec<u32>>,
    /// `text::char_mask` of each name: rules most names out before any matching.
    pub(crate) name_masks: Vec<u64>,
    pub(crate) vocabulary: Vocabulary,
    /// For each term id, every (document, word position) where a body has it, ascending.
    pub(crate) postings: Vec<Vec<(u32, u32)>>,
    /// For each document, its place when all are listed newest first (undated last, then
    /// by title): the tie-breaker of every ranking.
    pub(crate) recency_rank: Vec<u32>,
    /// What the most recent query terms matched, oldest first (see `matching::TermData`).
    pub(crate) term_cache: Mutex<VecDeque<(TermKey, Arc<TermData>)>>,
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
        let mut names = Names::default();
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
                entry(doc, tokens, &mut names)
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
        let mut postings: Vec<Vec<(u32, u32)>> = vec![Vec::new(); vocabulary.len()];
        for (doc, entry) in entries.iter_mut().enumerate() {
            for (position, id) in entry.tokens.iter_mut().enumerate() {
                *id = renumber[*id as usize];
                postings[*id as usize].push((doc as u32, position as u32));
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

        let name_docs = name_docs(&entries, names.list.len());
        Index {
            matcher: fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case(),
            entries,
            name_docs,
            name_masks: names.list.iter().map(|n| text::char_mask(n)).collect(),
            names: names.list,
            vocabulary,
            postings,
            recency_rank,
            term_cache: Mutex::default(),
        }
    }

    /// Number of documents indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Forgets what recent query terms matched. Results never depend on it; benchmarks call
    /// it to measure a search from cold.
    pub fn forget_recent_terms(&self) {
        if let Ok(mut cache) = self.term_cache.lock() {
            cache.clear();
        }
    }
}

/// Interns name strings.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    list: Vec<String>,
}

impl Names {
    fn id(&mut self, name: String) -> u32 {
        if let Some(&id) = self.ids.get(&name) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(name.clone());
        self.ids.insert(name, id);
        id
    }
}

fn entry(doc: &Doc, tokens: Vec<u32>, names: &mut Names) -> Entry {
    let title = text::fold(&doc.title);
    let mut title_words = Vec::new();
    text::for_each_word(&title, |start, word| {
        let first = title[..start].chars().count();
        title_words.push((word.to_string(), first, first + word.chars().count()));
    });
    let role = doc.extra.get("role").and_then(|v| v.as_str());
    let slug = text::fold(&doc.slug);
    let slug_name = (!repeats_title(&slug, &title_words)).then(|| names.id(slug));
    Entry {
        kind: doc.kind,
        title_name: names.id(title.clone()),
        title,
        title_words,
        slug_name,
        role_name: role.map(|r| names.id(text::fold(r))),
        tag_names: doc.tags.iter().map(|t| names.id(text::fold(t))).collect(),
        author_names: doc
            .authors
            .iter()
            .map(|a| names.id(text::fold(a)))
            .collect(),
        tokens,
    }
}

/// Whether `slug` is just the title's words joined by hyphens, and so adds nothing to match.
fn repeats_title(slug: &str, title_words: &[(String, usize, usize)]) -> bool {
    let mut parts = slug.split('-');
    title_words
        .iter()
        .all(|(word, _, _)| parts.next() == Some(word.as_str()))
        && parts.next().is_none()
}

fn name_docs(entries: &[Entry], names: usize) -> Vec<Vec<u32>> {
    let mut docs = vec![Vec::new(); names];
    for (doc, entry) in entries.iter().enumerate() {
        let ids = [entry.title_name]
            .into_iter()
            .chain(entry.slug_name)
            .chain(entry.role_name)
            .chain(entry.tag_names.iter().copied())
            .chain(entry.author_names.iter().copied());
        for id in ids {
            let list: &mut Vec<u32> = &mut docs[id as usize];
            if list.last() != Some(&(doc as u32)) {
                list.push(doc as u32);
            }
        }
    }
    docs
}
