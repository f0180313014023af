//! Ranking: the score of one document for a compiled query, BM25-style.
//!
//! Each term counts in proportion to its rarity (its inverse document frequency), times:
//! - its best name-like field: the field's weight (`Field::weight`) times the match quality;
//! - its body matches, saturating with their number (BM25's k1) and set against the body's
//!   length (BM25's b), exact forms counting more than other forms and prefixes;
//! - its matches in headings, saturating likewise, with a weight of their own.
//!
//! Then the best section (see `sections`) adds its own score, so that a heading or short
//! passage holding the query beats the same words spread over a long page; words standing
//! close together add a little; and the query's words in the title in order add a little.

use rayon::prelude::*;

use super::cache::Occurrence;
use super::index::{Entry, Index};
use super::matching::{Compiled, Field, Plan};
use super::names::find_sequence;
use super::sections::Section;

/// BM25's saturation: the 2nd match adds less than the 1st, the 10th almost nothing.
const K1: f64 = 1.2;
/// BM25's length normalisation: 0 ignores the body's length, 1 divides by it.
const B: f64 = 0.75;
/// Matches in headings, against body matches (whose weight is 1).
const HEADING_WEIGHT: f64 = 2.0;
/// The best section's score, against the document's.
const SECTION_WEIGHT: f64 = 1.0;
/// A section's own heading holding a term, and one of the headings above it.
const OWN_HEADING: f64 = 1.5;
const PARENT_HEADING: f64 = 0.5;
/// Sections are set against this length in words (a few paragraphs).
const SECTION_WORDS: f64 = 150.0;
/// All query words side by side, against their being far apart.
const PROXIMITY_WEIGHT: f64 = 1.0;
/// The query's words in the title, side by side: the whole title, or part of it.
const WHOLE_TITLE: f64 = 1.0;
const IN_TITLE: f64 = 0.4;
/// What a document missing one term of a longer question keeps of its score.
const MISSING_ONE: f64 = 0.5;
/// Above any score made without it, so that under `Require::AnyTerm` more matched terms win.
const PER_MATCHED_TERM: f64 = 10_000.0;

/// How one document matched the query.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub doc: usize,
    pub score: i64,
    pub field: Field,
    /// Where the best body matches are: 0 before the first heading, `i + 1` in the section
    /// of heading `i`; `None` without body matches.
    pub slot: Option<usize>,
    /// Every term matched.
    pub complete: bool,
}

/// Walks the documents in order, handing out each term's body occurrences in one document.
pub(crate) struct Cursors {
    at: Vec<usize>,
}

impl Cursors {
    /// Cursors for documents from `doc` on: each at its term's first occurrence there.
    fn from_doc(plan: &Plan<'_>, doc: usize) -> Cursors {
        let at = plan
            .terms
            .iter()
            .chain(&plan.excluded)
            .map(|term| term.body().partition_point(|o| (o.doc as usize) < doc))
            .collect();
        Cursors { at }
    }

    /// The occurrences of compiled term `slot` in `doc`; docs must be asked in ascending order.
    fn take<'a>(&mut self, slot: usize, term: &'a Compiled<'_>, doc: u32) -> &'a [Occurrence] {
        let body = term.body();
        let mut at = self.at[slot];
        while at < body.len() && body[at].doc < doc {
            at += 1;
        }
        let start = at;
        while at < body.len() && body[at].doc == doc {
            at += 1;
        }
        self.at[slot] = at;
        &body[start..at]
    }
}

/// Which documents a search accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Require {
    /// Every term must match: the normal search.
    EveryTerm,
    /// Every term but one must match, and a document missing one counts for less: for
    /// questions of three words or more, whose answer may not use every word asked with.
    AllButOne,
    /// Any term may match, and each matched term outranks any score within one: the
    /// fallback when no document has every term ("the persona who owns ci/cd").
    AnyTerm,
}

/// One term's evidence in one document.
pub(crate) struct Evidence<'a> {
    pub idf: f64,
    /// The best name-like field it matched, and how well (0..=1).
    pub name: Option<(Field, f64)>,
    pub body: &'a [Occurrence],
}

/// Documents scored per job: below this many, all on the calling thread.
const SCORED_PER_JOB: usize = 2048;

/// [`score_doc`] for each of `docs` (ascending), the documents that score in order. Many
/// are scored in parallel, a run of them per job, each run walking the occurrences from
/// its own first document: a common word's search scored every page on one thread.
pub(crate) fn score_all(
    index: &Index,
    docs: &[usize],
    plan: &Plan<'_>,
    require: Require,
) -> Vec<Scored> {
    let score = |run: &[usize]| -> Vec<Scored> {
        let mut cursors = Cursors::from_doc(plan, run.first().copied().unwrap_or(0));
        run.iter()
            .filter_map(|&doc| score_doc(index, doc, plan, &mut cursors, require))
            .collect()
    };
    if docs.len() <= SCORED_PER_JOB {
        return score(docs);
    }
    docs.par_chunks(SCORED_PER_JOB)
        .flat_map_iter(score)
        .collect()
}

/// Scores document `doc` against the plan; `None` when a required term is missing or an
/// exclusion is present. Documents must be scored in ascending order with the same `cursors`.
pub(crate) fn score_doc(
    index: &Index,
    doc: usize,
    plan: &Plan<'_>,
    cursors: &mut Cursors,
    require: Require,
) -> Option<Scored> {
    let entry = &index.entries[doc];
    let terms = plan.terms.len();
    for (e, excluded) in plan.excluded.iter().enumerate() {
        let body = cursors.take(terms + e, excluded, doc as u32);
        if excluded.mentioned(entry, body) {
            return None;
        }
    }
    let mut evidence = Vec::with_capacity(terms);
    for (t, compiled) in plan.terms.iter().enumerate() {
        let body = cursors.take(t, compiled, doc as u32);
        let name = compiled
            .best_name(entry)
            .map(|(field, quality)| (field, quality as f64 / 1000.0));
        let missing = name.is_none() && body.is_empty();
        if missing && require == Require::EveryTerm {
            return None;
        }
        evidence.push(Evidence {
            idf: compiled.idf,
            name,
            body,
        });
    }
    let matched = evidence
        .iter()
        .filter(|e| e.name.is_some() || !e.body.is_empty())
        .count();
    if (matched == 0 && terms > 0) || (require == Require::AllButOne && matched + 1 < terms) {
        return None;
    }
    let spread = Spread::new(&entry.sections, &evidence);
    let (slot, section_score) = spread.best_section(entry, &evidence);
    let mut total = document_score(index, entry, &evidence, &spread)
        + SECTION_WEIGHT * section_score
        + proximity(&evidence)
        + title_sequence(entry, plan, &evidence);
    match require {
        Require::AnyTerm => total += matched as f64 * PER_MATCHED_TERM,
        Require::AllButOne if matched < terms => total *= MISSING_ONE,
        _ => {}
    }
    Some(Scored {
        doc,
        score: (total * 1000.0).round() as i64,
        field: best_field(&evidence, &spread),
        slot,
        complete: matched == terms,
    })
}

/// BM25's term-frequency curve: 0 for none, 1 for one, towards `K1 + 1` for many.
fn saturate(frequency: f64) -> f64 {
    frequency * (K1 + 1.0) / (frequency + K1)
}

fn weighted(occurrences: &[Occurrence]) -> f64 {
    occurrences.iter().map(|o| o.kind.weight()).sum()
}

/// The document-wide part of the score: names, body and headings, term by term.
fn document_score(index: &Index, entry: &Entry, evidence: &[Evidence<'_>], spread: &Spread) -> f64 {
    let length = 1.0 - B + B * f64::from(entry.body_len) / index.mean_body_len;
    evidence
        .iter()
        .enumerate()
        .map(|(t, e)| {
            let name = e
                .name
                .map_or(0.0, |(field, quality)| field.weight() * quality);
            let body = saturate(weighted(e.body) / length);
            let headings = HEADING_WEIGHT * saturate(spread.in_headings(t));
            e.idf * (name + body + headings)
        })
        .sum()
}

/// The best field any term matched: a name-like field, else a heading, else the body.
fn best_field(evidence: &[Evidence<'_>], spread: &Spread) -> Field {
    let name = evidence
        .iter()
        .filter_map(|e| e.name.map(|(field, _)| field))
        .max_by(|a, b| a.weight().total_cmp(&b.weight()));
    match name {
        Some(field) => field,
        None if (0..evidence.len()).any(|t| spread.in_headings(t) > 0.0) => Field::Heading,
        None => Field::Body,
    }
}

/// Where each term's body matches fall among the sections: per term and slot (0 before the
/// first heading, `i + 1` under heading `i`), the weighted matches in the slot and in its
/// heading.
struct Spread {
    slots: usize,
    text: Vec<f64>,
    heading: Vec<f64>,
}

impl Spread {
    fn new(sections: &[Section], evidence: &[Evidence<'_>]) -> Spread {
        let slots = sections.len() + 1;
        let mut text = vec![0.0; slots * evidence.len()];
        let mut heading = vec![0.0; slots * evidence.len()];
        for (t, e) in evidence.iter().enumerate() {
            let mut slot = 0;
            for o in e.body {
                while slot < sections.len() && sections[slot].first_word <= o.at {
                    slot += 1;
                }
                let weight = o.kind.weight();
                text[t * slots + slot] += weight;
                let under = slot.checked_sub(1).map(|i| &sections[i]);
                if under.is_some_and(|s| o.at < s.body_word && !s.repeats_title) {
                    heading[t * slots + slot] += weight;
                }
            }
        }
        Spread {
            slots,
            text,
            heading,
        }
    }

    /// Weighted matches of term `t` in headings.
    fn in_headings(&self, t: usize) -> f64 {
        self.heading[t * self.slots..(t + 1) * self.slots]
            .iter()
            .sum()
    }

    /// The slot with the best section score, and that score (0 and `None` without body
    /// matches). A section scores its terms' matches against its length, and its heading
    /// and the headings above it holding terms.
    fn best_section(&self, entry: &Entry, evidence: &[Evidence<'_>]) -> (Option<usize>, f64) {
        let sections = &entry.sections;
        let parents = parents(sections);
        let mut best: (Option<usize>, f64) = (None, 0.0);
        for slot in 0..self.slots {
            let here = |t: usize| t * self.slots + slot;
            if (0..evidence.len()).all(|t| self.text[here(t)] == 0.0) {
                continue;
            }
            let start = slot.checked_sub(1).map_or(0, |i| sections[i].first_word);
            let end = sections.get(slot).map_or(entry.words, |s| s.first_word);
            let length = 1.0 - B + B * f64::from(end.saturating_sub(start)) / SECTION_WORDS;
            let score: f64 = evidence
                .iter()
                .enumerate()
                .map(|(t, e)| {
                    let own = if self.heading[here(t)] > 0.0 {
                        OWN_HEADING
                    } else {
                        0.0
                    };
                    let above = std::iter::successors(parents[slot], |&p| parents[p])
                        .any(|p| self.heading[t * self.slots + p] > 0.0);
                    let parent = if above { PARENT_HEADING } else { 0.0 };
                    e.idf * (saturate(self.text[here(t)] / length) + own + parent)
                })
                .sum();
            if best.0.is_none() || score > best.1 {
                best = (Some(slot), score);
            }
        }
        best
    }
}

/// For each slot, the slot of the nearest heading above it of a higher level.
fn parents(sections: &[Section]) -> Vec<Option<usize>> {
    let mut parents = vec![None; sections.len() + 1];
    let mut open: Vec<usize> = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        while open
            .last()
            .is_some_and(|&j| sections[j].level >= section.level)
        {
            open.pop();
        }
        parents[i + 1] = open.last().map(|&j| j + 1);
        open.push(i);
    }
    parents
}

/// Up to the terms' summed rarity when the terms found in the body stand close together:
/// the smallest window of words holding one occurrence of each.
fn proximity(evidence: &[Evidence<'_>]) -> f64 {
    let lists: Vec<(&[Occurrence], f64)> = evidence
        .iter()
        .filter(|e| !e.body.is_empty())
        .map(|e| (e.body, e.idf))
        .collect();
    if lists.len() < 2 {
        return 0.0;
    }
    let mut cursor = vec![0usize; lists.len()];
    let mut best_span = u32::MAX;
    loop {
        let (mut lo, mut lo_list, mut hi) = (u32::MAX, 0, 0);
        for (l, (list, _)) in lists.iter().enumerate() {
            let p = list[cursor[l]].at;
            if p < lo {
                lo = p;
                lo_list = l;
            }
            hi = hi.max(p);
        }
        best_span = best_span.min(hi - lo);
        cursor[lo_list] += 1;
        if cursor[lo_list] == lists[lo_list].0.len() {
            break;
        }
    }
    let k = lists.len() as f64 - 1.0;
    let rarity: f64 = lists.iter().map(|l| l.1).sum();
    PROXIMITY_WEIGHT * rarity * k / f64::from(best_span).max(k)
}

/// When the query's words stand in the title in order, side by side: more when they are
/// the whole title ("service providers" → "Service Providers").
fn title_sequence(entry: &Entry, plan: &Plan<'_>, evidence: &[Evidence<'_>]) -> f64 {
    let sets = &plan.all_words;
    let in_title = |e: &Evidence<'_>| matches!(e.name, Some((Field::Title | Field::Name, _)));
    if sets.len() > entry.title_words.len() || !evidence.iter().any(in_title) {
        return 0.0;
    }
    let list: Vec<&str> = entry.title_words.iter().map(|w| w.0.as_str()).collect();
    let rarity: f64 = evidence.iter().map(|e| e.idf).sum();
    match find_sequence(sets, &list) {
        Some(_) if sets.len() == list.len() => WHOLE_TITLE * rarity,
        Some(_) if sets.len() > 1 => IN_TITLE * rarity,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Doc, Library};
    use crate::search::parse_query;

    /// Scored as one run from the first document, as before runs were scored in parallel.
    fn one_run(index: &Index, docs: &[usize], plan: &Plan<'_>, require: Require) -> Vec<Scored> {
        let mut cursors = Cursors::from_doc(plan, 0);
        docs.iter()
            .filter_map(|&doc| score_doc(index, doc, plan, &mut cursors, require))
            .collect()
    }

    #[test]
    fn runs_scored_apart_score_as_one_run_does() {
        let words = ["golden", "path", "platform", "team", "survey", "roadmap"];
        let docs: Vec<Doc> = (0..SCORED_PER_JOB * 3 + 17)
            .map(|i| {
                let pick = |k: usize| words[(i * 7 + k * 3) % words.len()];
                let text = format!(
                    "---\ntitle: Page {i} {}\n---\n\n## {} {}\n\n{} {} {} text.\n",
                    pick(0),
                    pick(1),
                    pick(2),
                    pick(3),
                    pick(4),
                    if i % 5 == 0 { "golden path" } else { "" }
                );
                Doc::from_markdown(&format!("p/{i}.md"), &text).0
            })
            .collect();
        let library = Library::from_docs(docs, Vec::new());
        let index = Index::build(&library);
        // More documents than one job scores: several runs, each from its own first document.
        let all: Vec<usize> = (0..library.docs().len()).collect();
        assert!(all.len() > SCORED_PER_JOB * 3);
        for (text, require) in [
            ("golden", Require::EveryTerm),
            ("golden path", Require::EveryTerm),
            ("golden survey -team", Require::EveryTerm),
            ("path roadmap survey", Require::AllButOne),
            ("golden nowhere", Require::AnyTerm),
        ] {
            let query = parse_query(text);
            let plan = Plan::new(&index, &query.terms, &query.excluded);
            let apart = score_all(&index, &all, &plan, require);
            let whole = one_run(&index, &all, &plan, require);
            let key = |s: &Scored| (s.doc, s.score, s.field, s.slot, s.complete);
            assert!(!apart.is_empty(), "{text} scores some");
            assert_eq!(
                apart.iter().map(key).collect::<Vec<_>>(),
                whole.iter().map(key).collect::<Vec<_>>(),
                "{text}"
            );
        }
    }
}
