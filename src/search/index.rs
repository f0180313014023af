//! The search index, built once at load: folded names for fuzzy matching and, for bodies,
//! a sorted vocabulary with per-document token lists and per-term document lists.
//!
//! Term ids are assigned in sorted order, so every term starting with a prefix is one
//! contiguous id range: "persona" finds "personas" by a range check, with no string work.

use std::collections::VecDeque;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex};

use crate::content::{Doc, Kind, Library};

use super::matching::{TermData, TermKey, Typo, WordRule, WordSet, may_be_typo};
use super::query::Query;
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
    /// The body as term ids, word by word.
    pub tokens: Tokens,
}

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
    fn positions(&self) -> Box<dyn Iterator<Item = (u32, u32)> + '_> {
        match self {
            Tokens::Every(ids) => Box::new(ids.iter().enumerate().map(|(at, &id)| (at as u32, id))),
            Tokens::Wanted(pairs) => Box::new(pairs.iter().copied()),
        }
    }

    fn ids_mut(&mut self) -> Box<dyn Iterator<Item = &mut u32> + '_> {
        match self {
            Tokens::Every(ids) => Box::new(ids.iter_mut()),
            Tokens::Wanted(pairs) => Box::new(pairs.iter_mut().map(|(_, id)| id)),
        }
    }
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
        Index::assemble(library, tokenise_every_body(library.docs()))
    }

    /// An index for answering one `query` once (the `paap search` command): only the body
    /// words some query word accepts get a term id, and bodies that cannot hold one are not
    /// split into words at all; that was most of the work of [`Index::build`]. Answers are
    /// the same as with the full index. A one-word term that no body word matches may be a
    /// typo, matched against every word of every body: then every body is split again, and
    /// the words one edit away are kept too.
    pub fn build_for_query(library: &Library, query: &Query) -> Index {
        let wanted = WantedWords::new(query);
        let index = Index::assemble(library, tokenise_wanted_words(library.docs(), &wanted));
        let typos: Vec<Typo> = query
            .terms
            .iter()
            .filter(|term| may_be_typo(term))
            .filter(|term| WordSet::new(&index.vocabulary, &term.words[0]).is_empty())
            .map(|term| Typo::new(&term.raw))
            .collect();
        if typos.is_empty() {
            return index;
        }
        let wanted = wanted.with_typos(typos);
        Index::assemble(library, tokenise_wanted_words(library.docs(), &wanted))
    }

    /// The index over `library` from its bodies' tokens.
    fn assemble(library: &Library, tokenised: Tokenised) -> Index {
        let docs = library.docs();
        let Tokenised {
            tokens,
            words: provisional,
        } = tokenised;
        // Renumber terms in sorted order so prefixes become id ranges.
        let mut sorted: Vec<(Box<str>, u32)> = provisional
            .into_iter()
            .enumerate()
            .map(|(id, word)| (word, id as u32))
            .collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut renumber = vec![0u32; sorted.len()];
        for (new_id, (_, old_id)) in sorted.iter().enumerate() {
            renumber[*old_id as usize] = new_id as u32;
        }
        let vocabulary = Vocabulary {
            terms: sorted.into_iter().map(|(term, _)| term).collect(),
        };
        let mut postings: Vec<Vec<(u32, u32)>> = vec![Vec::new(); vocabulary.len()];
        let mut names = Names::default();
        let folded: Vec<FoldedNames> = docs.par_iter().map(FoldedNames::new).collect();
        let mut entries = Vec::with_capacity(docs.len());
        for (doc, (mut tokens, folded)) in tokens.into_iter().zip(folded).enumerate() {
            for id in tokens.ids_mut() {
                *id = renumber[*id as usize];
            }
            for (position, id) in tokens.positions() {
                postings[id as usize].push((doc as u32, position));
            }
            entries.push(folded.into_entry(tokens, &mut names));
        }

        // Ties in every ranking go the way the library lists documents.
        let mut recency_rank = vec![0u32; docs.len()];
        for (rank, doc) in library.sorted_newest_first().into_iter().enumerate() {
            recency_rank[doc] = rank as u32;
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

/// Body tokens as provisional term ids (numbered as first seen), before the vocabulary is
/// sorted.
struct Tokenised {
    tokens: Vec<Tokens>,
    /// Each distinct word, at its provisional id.
    words: Vec<Box<str>>,
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

/// Tokens numbered by an interner of their own, and that interner's words by number.
struct LocallyNumbered<T> {
    tokens: T,
    words: Vec<Box<str>>,
}

/// Token ids that can be renumbered through a map from old id to new.
trait Renumber {
    fn renumber(&mut self, map: &[u32]);
}

/// Per document, its words' ids.
impl Renumber for Vec<Vec<u32>> {
    fn renumber(&mut self, map: &[u32]) {
        for id in self.iter_mut().flatten() {
            *id = map[*id as usize];
        }
    }
}

/// (position, id) of wanted words.
impl Renumber for Vec<(u32, u32)> {
    fn renumber(&mut self, map: &[u32]) {
        for (_, id) in self {
            *id = map[*id as usize];
        }
    }
}

/// Gives the words of all parts one numbering, rewrites every part's ids to it, and returns
/// the words by their common number.
fn number_in_common<T: Renumber + Send>(parts: &mut [LocallyNumbered<T>]) -> Vec<Box<str>> {
    let mut common = Interner::default();
    let maps: Vec<Vec<u32>> = parts
        .iter()
        .map(|part| part.words.iter().map(|word| common.id(word)).collect())
        .collect();
    parts
        .par_iter_mut()
        .zip(&maps)
        .for_each(|(part, map)| part.tokens.renumber(map));
    common.into_words()
}

/// Every word of every body. Chunks of documents are split on their own threads, each
/// numbering words in its own interner; the few chunk vocabularies are merged afterwards.
fn tokenise_every_body(docs: &[Doc]) -> Tokenised {
    let chunk_len = docs.len().div_ceil(rayon::current_num_threads() * 4).max(1);
    let mut chunks: Vec<LocallyNumbered<Vec<Vec<u32>>>> = docs
        .par_chunks(chunk_len)
        .map(|chunk| {
            let mut interner = Interner::default();
            let mut lowered = String::new();
            let tokens = chunk
                .iter()
                .map(|doc| {
                    let mut tokens = Vec::with_capacity(doc.body.len() / 6);
                    text::for_each_word(&doc.body, |_, word| {
                        lower_into(word, &mut lowered);
                        tokens.push(interner.id(&lowered));
                    });
                    tokens
                })
                .collect();
            LocallyNumbered {
                tokens,
                words: interner.into_words(),
            }
        })
        .collect();
    let words = number_in_common(&mut chunks);
    Tokenised {
        tokens: chunks
            .into_iter()
            .flat_map(|chunk| chunk.tokens)
            .map(Tokens::Every)
            .collect(),
        words,
    }
}

/// The words of bodies that `wanted` accepts, with their positions; bodies without one get
/// no tokens. Bodies are split in parallel, each numbering its wanted words on its own; the
/// numbers are made common afterwards.
fn tokenise_wanted_words(docs: &[Doc], wanted: &WantedWords) -> Tokenised {
    let mut split: Vec<LocallyNumbered<Vec<(u32, u32)>>> = docs
        .par_iter()
        .map(|doc| {
            let mut found = Vec::new();
            let mut local = Interner::default();
            if wanted.may_occur_in(&doc.body) {
                let mut lowered = String::new();
                let mut position = 0;
                text::for_each_word(&doc.body, |_, word| {
                    if wanted.may_accept(word) {
                        lower_into(word, &mut lowered);
                        if wanted.accepts(&lowered) {
                            found.push((position, local.id(&lowered)));
                        }
                    }
                    position += 1;
                });
            }
            LocallyNumbered {
                tokens: found,
                words: local.into_words(),
            }
        })
        .collect();
    let words = number_in_common(&mut split);
    Tokenised {
        tokens: split
            .into_iter()
            .map(|doc| Tokens::Wanted(doc.tokens))
            .collect(),
        words,
    }
}

/// The body words a query can match, and a fast scan for the bodies that may hold one.
struct WantedWords {
    rules: Vec<WordRule>,
    /// Terms matched as typos: every body may hold a word one edit away from one.
    typos: Vec<Typo>,
    /// Finds, ASCII case-insensitively, the text every accepted word starts with. `None`
    /// when every body must be split and every word folded: a query word outside ASCII
    /// folds beyond what an ASCII scan sees, and a typo may begin with any letter.
    scan: Option<aho_corasick::AhoCorasick>,
    /// With `scan`: whether an accepted word can start with this (ASCII, lower-case) byte.
    first_bytes: [bool; 128],
}

/// The two chars outside ASCII whose lower case holds ASCII letters: the Kelvin sign
/// (`k`) and the dotted capital I (`i` and a combining dot, so "ALİ" starts with "ali"). A
/// body word holding one can match an ASCII query word that a case-insensitive ASCII scan
/// does not see, so a body holding one is always split into words. (Found by checking
/// every char's lower case.)
const LOWER_CASE_TO_ASCII: [&str; 2] = ["\u{212A}", "\u{130}"];

impl WantedWords {
    fn new(query: &Query) -> WantedWords {
        let rules: Vec<WordRule> = query
            .terms
            .iter()
            .chain(&query.excluded)
            .flat_map(|term| &term.words)
            .map(|word| WordRule::new(word))
            .collect();
        let mut first_bytes = [false; 128];
        let mut scan = None;
        if rules.iter().all(|rule| rule.shortest().is_ascii()) {
            for rule in &rules {
                first_bytes[usize::from(rule.shortest().as_bytes()[0])] = true;
            }
            let needles = rules
                .iter()
                .map(WordRule::shortest)
                .chain(LOWER_CASE_TO_ASCII);
            scan = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(needles)
                .ok();
        }
        WantedWords {
            rules,
            typos: Vec::new(),
            scan,
            first_bytes,
        }
    }

    fn with_typos(self, typos: Vec<Typo>) -> WantedWords {
        WantedWords {
            typos,
            scan: None,
            ..self
        }
    }

    fn may_occur_in(&self, body: &str) -> bool {
        self.scan.as_ref().is_none_or(|scan| scan.is_match(body))
    }

    /// A quick test on a word as written: `false` rules it out.
    fn may_accept(&self, word: &str) -> bool {
        let first = word.as_bytes()[0];
        self.scan.is_none()
            || !first.is_ascii()
            || self.first_bytes[usize::from(first.to_ascii_lowercase())]
    }

    fn accepts(&self, folded: &str) -> bool {
        self.rules.iter().any(|rule| rule.matches_word(folded))
            || self.typos.iter().any(|typo| typo.matches(folded))
    }
}

/// Interns name strings.
#[derive(Default)]
struct Names {
    ids: FxHashMap<String, u32>,
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

/// A document's names folded to lower case, before they are interned.
struct FoldedNames {
    kind: Kind,
    title: String,
    title_words: Vec<(String, usize, usize)>,
    /// `None` when the slug only repeats the title's words.
    slug: Option<String>,
    role: Option<String>,
    tags: Vec<String>,
    authors: Vec<String>,
}

impl FoldedNames {
    fn new(doc: &Doc) -> FoldedNames {
        let title = text::fold(&doc.title);
        let mut title_words = Vec::new();
        text::for_each_word(&title, |start, word| {
            let first = title[..start].chars().count();
            title_words.push((word.to_string(), first, first + word.chars().count()));
        });
        let slug = text::fold(&doc.slug);
        FoldedNames {
            kind: doc.kind,
            slug: (!repeats_title(&slug, &title_words)).then_some(slug),
            role: doc
                .extra
                .get("role")
                .and_then(|v| v.as_str())
                .map(text::fold),
            tags: doc.tags.iter().map(|t| text::fold(t)).collect(),
            authors: doc.authors.iter().map(|a| text::fold(a)).collect(),
            title,
            title_words,
        }
    }

    fn into_entry(self, tokens: Tokens, names: &mut Names) -> Entry {
        Entry {
            kind: self.kind,
            title_name: names.id(self.title.clone()),
            title: self.title,
            title_words: self.title_words,
            slug_name: self.slug.map(|slug| names.id(slug)),
            role_name: self.role.map(|role| names.id(role)),
            tag_names: self.tags.into_iter().map(|t| names.id(t)).collect(),
            author_names: self.authors.into_iter().map(|a| names.id(a)).collect(),
            tokens,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the chunks and threads, every token of the full index names the word it
    /// was made from, and every posting points back at its token.
    #[test]
    fn full_index_tokens_spell_out_every_body() {
        let docs: Vec<Doc> = (0..301)
            .map(|i| Doc {
                id: format!("d{i}.md"),
                title: format!("Doc {i}"),
                body: format!("Word{i} and Über {} the end {}", i % 7, "x ".repeat(i % 5)),
                ..Default::default()
            })
            .collect();
        let library = Library::from_docs(docs, Vec::new());
        let index = Index::build(&library);
        for (doc, entry) in index.entries.iter().enumerate() {
            let Tokens::Every(ids) = &entry.tokens else {
                panic!("the full index keeps every word");
            };
            let spelled: Vec<&str> = ids.iter().map(|&id| index.vocabulary.term(id)).collect();
            assert_eq!(spelled, text::words(&library.doc(doc).body), "doc {doc}");
            for (position, &id) in ids.iter().enumerate() {
                assert!(index.postings[id as usize].contains(&(doc as u32, position as u32)));
            }
        }
    }
}
