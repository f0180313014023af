//! Ranking: the score of one document for a compiled query.
//!
//! Score tiers keep the promise "title/name above tag/author above body": a term scores its
//! field's tier plus a quality below 1000 (plus a little for also appearing in the body),
//! and the gaps between tiers are larger than any quality can bridge.

use super::index::{Entry, Index};
use super::matching::{Compiled, Field, Plan, WordSet, find_sequence};

/// How one document matched the query.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub doc: usize,
    pub score: i64,
    pub field: Field,
}

/// Walks the documents in order, handing out each term's body occurrences in one document.
pub(crate) struct Cursors {
    at: Vec<usize>,
}

impl Cursors {
    pub fn new(plan: &Plan<'_>) -> Cursors {
        Cursors {
            at: vec![0; plan.terms.len() + plan.excluded.len()],
        }
    }

    /// The occurrences of compiled term `slot` in `doc`; docs must be asked in ascending order.
    fn take<'a>(
        &mut self,
        slot: usize,
        term: &'a Compiled<'_>,
        doc: u32,
    ) -> &'a [(u32, u32, bool)] {
        let body = term.body();
        let mut at = self.at[slot];
        while at < body.len() && body[at].0 < doc {
            at += 1;
        }
        let start = at;
        while at < body.len() && body[at].0 == doc {
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
    /// Any term may match, and each matched term outranks any score within one: the
    /// fallback when no document has every term ("the persona who owns ci/cd").
    AnyTerm,
}

/// Above any one term's score, so that under `Require::AnyTerm` more matched terms win.
const PER_MATCHED_TERM: i64 = 10_000;

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
    let mut total = 0;
    let mut matched = 0;
    let mut best = Field::Body;
    let mut bodies: Vec<&[(u32, u32, bool)]> = Vec::with_capacity(terms);
    for (t, compiled) in plan.terms.iter().enumerate() {
        let body = cursors.take(t, compiled, doc as u32);
        bodies.push(body);
        let weight: u32 = body.iter().map(|o| if o.2 { 2 } else { 1 }).sum();
        let body_score = (weight > 0).then(|| body_quality(weight));
        let (field, score) = match (compiled.best_name(entry), body_score) {
            (Some((field, quality)), _) => {
                (field, field.tier() + quality + body_score.unwrap_or(0) / 4)
            }
            (None, Some(body_score)) => (Field::Body, body_score),
            (None, None) if require == Require::AnyTerm => continue,
            (None, None) => return None,
        };
        matched += 1;
        if field.tier() > best.tier() {
            best = field;
        }
        total += score;
    }
    if require == Require::AnyTerm {
        if matched == 0 {
            return None;
        }
        total += matched * PER_MATCHED_TERM;
    }
    total += proximity_bonus(&bodies);
    if best.tier() == Field::Title.tier() {
        total += title_sequence_bonus(entry, &plan.all_words);
    }
    Some(Scored {
        doc,
        score: total,
        field: best,
    })
}

/// 300..=950: more occurrences score higher, with diminishing returns.
fn body_quality(weight: u32) -> i64 {
    300 + ((130.0 * f64::from(weight + 1).ln()) as i64).min(650)
}

/// Up to 400 when the terms found in the body stand close together: the smallest window
/// of words holding one occurrence of each.
fn proximity_bonus(bodies: &[&[(u32, u32, bool)]]) -> i64 {
    let lists: Vec<&[(u32, u32, bool)]> =
        bodies.iter().copied().filter(|b| !b.is_empty()).collect();
    if lists.len() < 2 {
        return 0;
    }
    let mut cursor = vec![0usize; lists.len()];
    let mut best_span = u32::MAX;
    loop {
        let (mut lo, mut lo_list, mut hi) = (u32::MAX, 0, 0);
        for (l, list) in lists.iter().enumerate() {
            let p = list[cursor[l]].1;
            if p < lo {
                lo = p;
                lo_list = l;
            }
            hi = hi.max(p);
        }
        best_span = best_span.min(hi - lo);
        cursor[lo_list] += 1;
        if cursor[lo_list] == lists[lo_list].len() {
            break;
        }
    }
    let k = lists.len() as i64;
    400 * (k - 1) / (i64::from(best_span).max(k - 1))
}

/// Up to 500 when the query's words stand in the title in the same order, side by side,
/// and more when they are the whole title ("service providers" → "Service Providers").
fn title_sequence_bonus(entry: &Entry, sets: &[WordSet]) -> i64 {
    if sets.is_empty() || sets.len() > entry.title_words.len() {
        return 0;
    }
    let list: Vec<&str> = entry.title_words.iter().map(|w| w.0.as_str()).collect();
    match find_sequence(sets, &list) {
        Some(_) if sets.len() == list.len() => 500,
        Some(_) if sets.len() > 1 => 200,
        _ => 0,
    }
}
