//! A scored document made into a search result: title highlights, the section the best
//! matches fall in, and a snippet from there.

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::content::{Doc, Kind, Library};

use super::index::{Entry, Index};
use super::matching::{Compiled, Field, Plan};
use super::rank::Scored;
use super::sections;
use super::snippet::{self, Snippet};

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Index of the document in the library (`Library::doc`).
    #[serde(skip)]
    pub doc: usize,
    pub id: String,
    pub slug: String,
    pub title: String,
    pub kind: Kind,
    /// Higher is better; only the order matters.
    pub score: i64,
    /// The best field the query matched in.
    pub field: Field,
    /// Char positions in the title to highlight, ascending.
    pub positions: Vec<usize>,
    /// The heading the best body matches fall under; `None` when nothing matched in the
    /// body, or only before the first heading.
    pub section: Option<HitSection>,
    /// Text around the best matches in the body, from that section (or the opening, when
    /// only names matched).
    pub snippet: Option<Snippet>,
    /// Byte offset in the body of the first matched word in that section (or before the
    /// first heading, when that is where the best matches are): where to open the document.
    #[serde(skip)]
    pub first_body_match: Option<usize>,
}

/// Where in a document a hit falls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HitSection {
    /// The headings from the outermost down to the one the hit falls under, as the
    /// document shows them: `["Survey Results", "Investment", "Funding"]`.
    pub path: Vec<String>,
    /// That heading's anchor, as the renderer and the site make it (`funding`).
    pub anchor: String,
    /// The heading's line in the file, from 1.
    pub line: usize,
}

impl HitSection {
    /// The path as one line: `Survey Results › Investment › Funding`.
    pub fn path_text(&self) -> String {
        self.path.join(" › ")
    }
}

impl Index {
    pub(super) fn hit(&self, library: &Library, plan: &Plan<'_>, scored: Scored) -> Hit {
        let doc = library.doc(scored.doc);
        let entry = &self.entries[scored.doc];
        let mut positions: Vec<usize> = plan
            .terms
            .iter()
            .flat_map(|t| t.title_positions(self, entry))
            .collect();
        positions.sort_unstable();
        positions.dedup();

        // The snippet needs the first few occurrences of each term there, not all of them.
        let words = scored.slot.map(|slot| slot_words(entry, slot));
        let matches = words.map_or_else(Vec::new, |words| {
            body_matches(&doc.body, scored.doc, &plan.terms, 32, words)
        });
        let snippet = match (best_center(&matches), scored.slot) {
            (Some(center), Some(slot)) => {
                let ranges: Vec<(usize, usize)> = matches.iter().map(|m| (m.0, m.1)).collect();
                let within = slot_bytes(entry, slot, doc.body.len());
                Some(snippet::around(&doc.body, &ranges, center, within))
            }
            _ => match doc.description.as_deref().filter(|d| !d.trim().is_empty()) {
                Some(description) => snippet::opening(description),
                None => snippet::opening(&doc.body),
            },
        };
        Hit {
            doc: scored.doc,
            id: doc.id.clone(),
            slug: doc.slug.clone(),
            title: doc.title.clone(),
            kind: doc.kind,
            score: scored.score,
            field: scored.field,
            positions,
            section: scored
                .slot
                .and_then(|slot| slot.checked_sub(1))
                .map(|i| hit_section(doc, entry, i)),
            snippet,
            first_body_match: matches.first().map(|m| m.0),
        }
    }
}

/// The word positions `[start, end)` of a slot (0: before the first heading, `i + 1`: the
/// section of heading `i`).
fn slot_words(entry: &Entry, slot: usize) -> (u32, u32) {
    let sections = &entry.sections;
    let start = slot.checked_sub(1).map_or(0, |i| sections[i].first_word);
    let end = sections.get(slot).map_or(u32::MAX, |s| s.first_word);
    (start, end)
}

/// The byte range of a slot in a body of `len` bytes.
fn slot_bytes(entry: &Entry, slot: usize, len: usize) -> (usize, usize) {
    let sections = &entry.sections;
    let start = slot
        .checked_sub(1)
        .map_or(0, |i| sections[i].start as usize);
    let end = sections.get(slot).map_or(len, |s| s.start as usize);
    (start, end)
}

fn hit_section(doc: &Doc, entry: &Entry, i: usize) -> HitSection {
    let names = sections::names(&doc.body, &entry.sections);
    let start = entry.sections[i].start as usize;
    HitSection {
        path: sections::path(&entry.sections, i)
            .into_iter()
            .map(|j| names[j].0.clone())
            .collect(),
        anchor: names[i].1.clone(),
        line: doc.body_line.max(1) + doc.body[..start].matches('\n').count(),
    }
}

/// Every place in `body` where a term matches between word positions `words` (start
/// inclusive, end exclusive): (start byte, end byte, term), in order, without overlaps.
/// Word positions come from the index; the body is only re-split into words to learn
/// their byte offsets.
pub(super) fn body_matches(
    body: &str,
    doc: usize,
    terms: &[Compiled<'_>],
    per_term: usize,
    words: (u32, u32),
) -> Vec<(usize, usize, usize)> {
    // (first word position, last word position, term) of the occurrences wanted.
    let wanted: Vec<(usize, usize, usize)> = terms
        .iter()
        .enumerate()
        .flat_map(|(t, term)| {
            let length = term.words().len().max(1);
            term.occurrences_in(doc)
                .iter()
                .filter(|o| words.0 <= o.at && o.at < words.1)
                .take(per_term)
                .map(move |o| (o.at as usize, o.at as usize + length - 1, t))
        })
        .collect();
    let Some(last_needed) = wanted.iter().map(|w| w.1).max() else {
        return Vec::new();
    };
    // Only the words up to the last occurrence wanted need their byte offsets.
    let spans: Vec<(usize, usize)> = body
        .unicode_word_indices()
        .take(last_needed + 1)
        .map(|(start, word)| (start, start + word.len()))
        .collect();
    let mut found: Vec<(usize, usize, usize)> = wanted
        .into_iter()
        .filter(|&(_, last, _)| last < spans.len())
        .map(|(first, last, t)| (spans[first].0, spans[last].1, t))
        .collect();
    found.sort_unstable();
    let mut next_free = 0;
    found.retain(|m| {
        let keep = m.0 >= next_free;
        if keep {
            next_free = m.1;
        }
        keep
    });
    found
}

/// The start of the match with the most different terms in the snippet window after it.
fn best_center(matches: &[(usize, usize, usize)]) -> Option<usize> {
    const SPAN: usize = 120;
    let considered = &matches[..matches.len().min(512)];
    let mut best: Option<(u32, usize)> = None;
    for (i, m) in considered.iter().enumerate() {
        let mut terms = 0u64;
        for other in &considered[i..] {
            if other.0 > m.0 + SPAN {
                break;
            }
            terms |= 1 << (other.2 % 64);
        }
        let distinct = terms.count_ones();
        if best.is_none_or(|(b, _)| distinct > b) {
            best = Some((distinct, m.0));
        }
    }
    best.map(|(_, at)| at)
}
