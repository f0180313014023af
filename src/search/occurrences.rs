//! Where a term occurs in bodies, from the positional postings of the index.

use super::cache::Occurrence;
use super::index::Index;
use super::vocabulary::WordSet;
use super::words::{MatchKind, Typo};

/// Every place a body has the term's words side by side, each occurrence as good as its
/// weakest word.
pub(crate) fn in_bodies(index: &Index, words: &[WordSet]) -> Vec<Occurrence> {
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut lists = 0;
    for id in first.ids() {
        lists += 1;
        let Some(first_kind) = first.kind(id) else {
            continue;
        };
        for &(doc, at) in &index.postings[id as usize] {
            let tokens = &index.entries[doc as usize].tokens;
            let mut kind = first_kind;
            let followed = rest.iter().enumerate().all(|(k, set)| {
                let next = tokens
                    .id_at(at as usize + 1 + k)
                    .and_then(|id| set.kind(id));
                kind = kind.min(next.unwrap_or(MatchKind::Typo));
                next.is_some()
            });
            if followed {
                found.push(Occurrence { doc, at, kind });
            }
        }
    }
    if lists > 1 {
        found = sort_by_document(found, index.entries.len());
    }
    found
}

/// Every place a body has a word one edit away from the term.
pub(crate) fn typos_in_bodies(index: &Index, typo: &Typo) -> Vec<Occurrence> {
    let ids: Vec<u32> = (0..index.vocabulary.len() as u32)
        .filter(|&id| typo.matches(index.vocabulary.term(id)))
        .collect();
    let found: Vec<Occurrence> = ids
        .iter()
        .flat_map(|&id| {
            index.postings[id as usize]
                .iter()
                .map(|&(doc, at)| Occurrence {
                    doc,
                    at,
                    kind: MatchKind::Typo,
                })
        })
        .collect();
    if ids.len() > 1 {
        sort_by_document(found, index.entries.len())
    } else {
        found
    }
}

/// Sorts occurrences gathered from several postings lists by (document, position): a
/// counting sort on the document, then small sorts within each document.
fn sort_by_document(found: Vec<Occurrence>, documents: usize) -> Vec<Occurrence> {
    let mut starts = vec![0usize; documents + 1];
    for o in &found {
        starts[o.doc as usize + 1] += 1;
    }
    for d in 0..documents {
        starts[d + 1] += starts[d];
    }
    let blank = Occurrence {
        doc: 0,
        at: 0,
        kind: MatchKind::Typo,
    };
    let mut sorted = vec![blank; found.len()];
    let mut next = starts.clone();
    for o in found {
        sorted[next[o.doc as usize]] = o;
        next[o.doc as usize] += 1;
    }
    for d in 0..documents {
        let slice = &mut sorted[starts[d]..starts[d + 1]];
        if slice.len() > 1 {
            slice.sort_unstable();
        }
    }
    sorted
}

/// How many documents a term matches: those with a body occurrence or a matching name.
pub(crate) fn document_frequency(index: &Index, names: &[i16], body: &[Occurrence]) -> u32 {
    let mut seen = vec![false; index.entries.len()];
    for (id, &quality) in names.iter().enumerate() {
        if quality >= 0 {
            for &doc in &index.name_docs[id] {
                seen[doc as usize] = true;
            }
        }
    }
    for o in body {
        seen[o.doc as usize] = true;
    }
    seen.iter().filter(|&&s| s).count() as u32
}
