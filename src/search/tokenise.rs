//! Splitting bodies into numbered words, in parallel: every word (the full index), or only
//! the words a query accepts (the one-shot index of `paap search`). Both also find each
//! body's headings and count its words, so both rank alike.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::content::Doc;

use super::sections::{self, Marker, Section};
use super::text;
use super::wanted::WantedWords;

/// A body as term ids, word by word.
#[derive(Debug, Clone)]
pub(crate) enum Tokens {
    /// Every word's term id, in order.
    Every(Vec<u32>),
    /// In an index built for one query, only the words some query word accepts, as
    /// (word position, term id), ascending.
    Wanted(Vec<(u32, u32)>),
}

impl Tokens {
    /// The term id of the word at `position`, if it has one.
    pub fn id_at(&self, position: usize) -> Option<u32> {
        match self {
            Tokens::Every(ids) => ids.get(position).copied(),
            Tokens::Wanted(pairs) => pairs
                .binary_search_by_key(&position, |&(at, _)| at as usize)
                .ok()
                .map(|i| pairs[i].1),
        }
    }

    /// Every (word position, term id), in order.
    pub fn positions(&self) -> Box<dyn Iterator<Item = (u32, u32)> + '_> {
        match self {
            Tokens::Every(ids) => Box::new(ids.iter().enumerate().map(|(at, &id)| (at as u32, id))),
            Tokens::Wanted(pairs) => Box::new(pairs.iter().copied()),
        }
    }

    pub fn ids_mut(&mut self) -> Box<dyn Iterator<Item = &mut u32> + '_> {
        match self {
            Tokens::Every(ids) => Box::new(ids.iter_mut()),
            Tokens::Wanted(pairs) => Box::new(pairs.iter_mut().map(|(_, id)| id)),
        }
    }
}

/// What splitting one body gave.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub tokens: Tokens,
    /// Its headings with their word positions.
    pub sections: Vec<Section>,
    /// How many words it has (0 for a body the one-shot index did not split: it holds no
    /// word the query wants, so nothing about it is asked).
    pub words: u32,
    /// Bytes in the body: its length for ranking, known without splitting it.
    pub body_len: u32,
}

/// Body tokens as provisional term ids (numbered as first seen), before the vocabulary is
/// sorted.
pub(crate) struct Tokenised {
    pub bodies: Vec<Body>,
    /// Each distinct word, at its provisional id.
    pub words: Vec<Box<str>>,
}

/// Gives each distinct word a number, in the order first seen.
#[derive(Default)]
struct Interner {
    ids: FxHashMap<Box<str>, u32>,
}

impl Interner {
    fn id(&mut self, word: &str) -> u32 {
        let next = self.ids.len() as u32;
        match self.ids.get(word) {
            Some(&id) => id,
            None => {
                self.ids.insert(word.into(), next);
                next
            }
        }
    }

    fn into_words(self) -> Vec<Box<str>> {
        let mut words = vec![Box::from(""); self.ids.len()];
        for (word, id) in self.ids {
            words[id as usize] = word;
        }
        words
    }
}

/// Lower-cases `word` into `out`, without allocating for plain ASCII.
fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// Bodies numbered by an interner of their own, and that interner's words by number.
struct LocallyNumbered {
    bodies: Vec<Body>,
    words: Vec<Box<str>>,
}

/// Gives the words of all parts one numbering, rewrites every part's ids to it, and returns
/// the words by their common number.
fn number_in_common(parts: &mut [LocallyNumbered]) -> Vec<Box<str>> {
    let mut common = Interner::default();
    let maps: Vec<Vec<u32>> = parts
        .iter()
        .map(|part| part.words.iter().map(|word| common.id(word)).collect())
        .collect();
    parts.par_iter_mut().zip(&maps).for_each(|(part, map)| {
        for body in &mut part.bodies {
            for id in body.tokens.ids_mut() {
                *id = map[*id as usize];
            }
        }
    });
    common.into_words()
}

fn merge(mut parts: Vec<LocallyNumbered>) -> Tokenised {
    let words = number_in_common(&mut parts);
    Tokenised {
        bodies: parts.into_iter().flat_map(|part| part.bodies).collect(),
        words,
    }
}

/// Every word of every body. Chunks of documents are split on their own threads, each
/// numbering words in its own interner; the few chunk vocabularies are merged afterwards.
pub(crate) fn every_body(docs: &[Doc]) -> Tokenised {
    let chunk_len = docs.len().div_ceil(rayon::current_num_threads() * 4).max(1);
    let parts = docs
        .par_chunks(chunk_len)
        .map(|chunk| {
            let mut interner = Interner::default();
            let mut lowered = String::new();
            let bodies = chunk
                .iter()
                .map(|doc| {
                    let mut ids = Vec::with_capacity(doc.body.len() / 6);
                    let (sections, words) = split(doc, |_, word| {
                        lower_into(word, &mut lowered);
                        ids.push(interner.id(&lowered));
                    });
                    Body {
                        tokens: Tokens::Every(ids),
                        sections,
                        words,
                        body_len: body_len(doc),
                    }
                })
                .collect();
            LocallyNumbered {
                bodies,
                words: interner.into_words(),
            }
        })
        .collect();
    merge(parts)
}

/// The words of bodies that `wanted` accepts, with their positions; bodies without one get
/// no tokens. Bodies are split in parallel, each numbering its wanted words on its own; the
/// numbers are made common afterwards.
pub(crate) fn wanted_words(docs: &[Doc], wanted: &WantedWords) -> Tokenised {
    let parts = docs
        .par_iter()
        .map(|doc| {
            let mut found = Vec::new();
            let mut local = Interner::default();
            let (mut sections, mut words) = (Vec::new(), 0);
            if wanted.may_occur_in(&doc.body) {
                let mut lowered = String::new();
                (sections, words) = split(doc, |position, word| {
                    if wanted.may_accept(word) {
                        lower_into(word, &mut lowered);
                        if wanted.accepts(&lowered) {
                            found.push((position, local.id(&lowered)));
                        }
                    }
                });
            }
            LocallyNumbered {
                bodies: vec![Body {
                    tokens: Tokens::Wanted(found),
                    sections,
                    words,
                    body_len: body_len(doc),
                }],
                words: local.into_words(),
            }
        })
        .collect();
    merge(parts)
}

fn body_len(doc: &Doc) -> u32 {
    u32::try_from(doc.body.len()).unwrap_or(u32::MAX)
}

/// Calls `each(position, word)` for every word of the body, and returns its headings (with
/// their word positions) and its number of words.
#[inline(always)]
fn split(doc: &Doc, mut each: impl FnMut(u32, &str)) -> (Vec<Section>, u32) {
    let mut sections = sections::scan(&doc.body, &doc.title);
    let mut marker = Marker::new(&mut sections);
    let mut position = 0;
    text::for_each_word(&doc.body, |start, word| {
        marker.word(start, position);
        each(position, word);
        position += 1;
    });
    marker.finish(position);
    (sections, position)
}
