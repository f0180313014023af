//! The search index, built once at load: folded names for fuzzy matching and, for bodies,
//! a sorted vocabulary (see `vocabulary`) with per-document token lists, headings and
//! per-term document lists.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::content::{Doc, Kind, Library};

use super::cache::TermCache;
use super::query::Query;
use super::sections::Section;
use super::text;
use super::tokenise::{self, Tokenised, Tokens};
use super::vocabulary::{Vocabulary, WordSet};
use super::wanted::WantedWords;
use super::words::{Typo, may_be_typo};

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
    /// The body's headings, in order.
    pub sections: Vec<Section>,
    /// Words in the body (see `tokenise::Body::words`).
    pub words: u32,
    /// Bytes in the body: its length for ranking, known without splitting it.
    pub body_len: u32,
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
    /// by title): the tie-breaker of every ranking. Empty in an index built for one query,
    /// which orders only the documents it scores (see `Index::recency`).
    pub(crate) recency_rank: Vec<u32>,
    /// The mean of `Entry::body_len`: the length documents are compared with.
    pub(crate) mean_body_len: f64,
    /// What the most recent query terms matched.
    pub(crate) term_cache: TermCache,
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
        let mut index = Index::assemble(library, tokenise::every_body(library.docs()));
        index.recency_rank = recency_ranks(library);
        index
    }

    /// An index for answering one `query` once (the `paap search` command): only the body
    /// words some query word accepts get a term id, and bodies that cannot hold one are not
    /// split into words at all; that was most of the work of [`Index::build`]. Answers are
    /// the same as with the full index. A one-word term that no body word matches may be a
    /// typo, matched against every word of every body: then every body is split again, and
    /// the words one edit away are kept too.
    pub fn build_for_query(library: &Library, query: &Query) -> Index {
        let split = |wanted: &WantedWords| Some(tokenise::wanted_words(library.docs(), wanted));
        let built = Index::build_for_query_with(library, query, split);
        built.expect("splitting the bodies always gives their words")
    }

    /// The one-shot index, with `tokenised` giving the body words a [`WantedWords`] accepts
    /// (from the bodies, or from a snapshot: `Index::build_for_query_from`).
    pub(super) fn build_for_query_with(
        library: &Library,
        query: &Query,
        tokenised: impl Fn(&WantedWords) -> Option<Tokenised>,
    ) -> Option<Index> {
        let wanted = WantedWords::new(query);
        let found = tokenised(&wanted)?;
        // Typos are looked for in the words found before any index is made of them: an
        // index for a typo is made once, from the words its second pass finds.
        let mut sorted = found.words.clone();
        sorted.sort_unstable();
        let vocabulary = Vocabulary::new(sorted);
        let typos: Vec<Typo> = query
            .terms
            .iter()
            .filter(|term| may_be_typo(term))
            .filter(|term| WordSet::new(&vocabulary, &term.words[0]).is_empty())
            .map(|term| Typo::new(&term.raw))
            .collect();
        if typos.is_empty() {
            return Some(Index::assemble(library, found));
        }
        let wanted = wanted.with_typos(typos);
        Some(Index::assemble(library, tokenised(&wanted)?))
    }

    /// The index over `library` from its bodies' tokens.
    fn assemble(library: &Library, tokenised: Tokenised) -> Index {
        let docs = library.docs();
        let Tokenised {
            bodies,
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
        let vocabulary = Vocabulary::new(sorted.into_iter().map(|(term, _)| term).collect());
        let mut postings: Vec<Vec<(u32, u32)>> = vec![Vec::new(); vocabulary.len()];
        let mut names = Names::default();
        let folded: Vec<FoldedNames> = docs.par_iter().map(FoldedNames::new).collect();
        let mut entries = Vec::with_capacity(docs.len());
        for (doc, (mut body, folded)) in bodies.into_iter().zip(folded).enumerate() {
            for id in body.tokens.ids_mut() {
                *id = renumber[*id as usize];
            }
            for (position, id) in body.tokens.positions() {
                postings[id as usize].push((doc as u32, position));
            }
            let mut entry = folded.into_entry(body.tokens, &mut names);
            entry.sections = body.sections;
            entry.words = body.words;
            entry.body_len = body.body_len;
            entries.push(entry);
        }
        let total_len: f64 = entries.iter().map(|e| f64::from(e.body_len)).sum();
        let mean_body_len = (total_len / entries.len().max(1) as f64).max(1.0);

        let names = names.into_list();
        let name_docs = name_docs(&entries, names.len());
        Index {
            matcher: fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case(),
            entries,
            name_docs,
            name_masks: names.iter().map(|n| text::char_mask(n)).collect(),
            names,
            vocabulary,
            postings,
            recency_rank: Vec::new(),
            mean_body_len,
            term_cache: TermCache::default(),
        }
    }

    /// For each document, a number that orders `docs` as the library lists
    /// them newest first: what ties in a ranking are broken by. The full index knows every
    /// document's; an index built for one query sorts just these.
    pub(crate) fn recency(&self, library: &Library, docs: &[usize]) -> Cow<'_, [u32]> {
        if !self.recency_rank.is_empty() || docs.is_empty() {
            return Cow::Borrowed(&self.recency_rank);
        }
        let mut order = docs.to_vec();
        order.sort_unstable(); // equal keys keep the order of their indexes, as in the library's list
        library.sort_newest_first(&mut order);
        let mut ranks = vec![u32::MAX; library.docs().len()];
        for (rank, doc) in order.into_iter().enumerate() {
            ranks[doc] = rank as u32;
        }
        Cow::Owned(ranks)
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
        self.term_cache.clear();
    }
}

/// Interns name strings: each distinct one kept once, as the table's key.
#[derive(Default)]
struct Names {
    ids: FxHashMap<String, u32>,
}

impl Names {
    fn id(&mut self, name: String) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(name).or_insert(next)
    }

    /// The names by id.
    fn into_list(self) -> Vec<String> {
        let mut list = vec![String::new(); self.ids.len()];
        for (name, id) in self.ids {
            list[id as usize] = name;
        }
        list
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
        // In ASCII, chars are bytes: no counting from the start for each word.
        let ascii = title.is_ascii();
        text::for_each_word(&title, |start, word| {
            let (first, chars) = match ascii {
                true => (start, word.len()),
                false => (title[..start].chars().count(), word.chars().count()),
            };
            title_words.push((word.to_string(), first, first + chars));
        });
        let slug = text::fold(&doc.slug);
        FoldedNames {
            kind: doc.kind,
            slug: (!repeats_title(&slug, &title_words)).then_some(slug),
            role: doc
                .extra
                .get("role")
                .and_then(|v| v.as_str().map(text::fold)),
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
            sections: Vec::new(),
            words: 0,
            body_len: 0,
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

/// Every document's place when the library lists them newest first.
fn recency_ranks(library: &Library) -> Vec<u32> {
    let mut ranks = vec![0u32; library.docs().len()];
    for (rank, doc) in library.sorted_newest_first().into_iter().enumerate() {
        ranks[doc] = rank as u32;
    }
    ranks
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
