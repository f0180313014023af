//! How well `paap search` answers plain questions about the bundled documents.
//!
//! The questions, and the document and section that answer each, are data:
//! `tests/data/search_questions.toml`. The test prints a line per question (where the
//! answering document ranks, where its hit on the answering section ranks, and what came
//! first) and the shares answered by the first hit and within the first three (run with
//! `-- --nocapture`), and fails when a share drops below the floor set from the measured
//! result.

use paap::content::{Library, LoadOptions};
use paap::search::{Hit, Index, parse_query};
use serde::Deserialize;

/// Below these shares of questions (in percent) the test fails, set a few points under the
/// measured result. Measured on the content's second edition (2026-12, 62 questions):
/// documents top-1 79%, top-3 93%; sections top-1 61%, top-3 69%. Short summary sections
/// ("Key points", persona "User stories") that repeat the query's words often take the
/// section slot from the longer section the question is keyed to. On the first edition
/// (2026-11, 46 questions): documents top-1 82%, top-3 93%; sections top-1 73%.
const TOP_1_FLOOR: usize = 75;
const TOP_3_FLOOR: usize = 90;
const SECTION_1_FLOOR: usize = 58;

#[derive(Debug, Deserialize)]
struct Questions {
    question: Vec<Question>,
}

#[derive(Debug, Deserialize)]
struct Question {
    ask: String,
    doc: String,
    section: String,
    #[serde(default)]
    also: Vec<String>,
}

impl Question {
    fn answered_by(&self, hit: &Hit) -> bool {
        hit.id == self.doc || self.also.contains(&hit.id)
    }
}

fn questions() -> Vec<Question> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/search_questions.toml"
    );
    let text = std::fs::read_to_string(path).expect("the questions file is readable");
    match toml::from_str::<Questions>(&text) {
        Ok(q) => q.question,
        Err(e) => panic!("{path}: {e}"),
    }
}

fn bundled() -> Library {
    Library::load(&LoadOptions {
        bundled: true,
        dirs: Vec::new(),
    })
    .expect("the bundled content loads")
}

/// Every question names a document and a heading that exist, so a change to the content
/// shows up here by name rather than as a drop in the figures.
#[test]
fn every_question_points_at_a_real_section() {
    let library = bundled();
    let questions = questions();
    assert!(questions.len() >= 30, "only {} questions", questions.len());
    for q in &questions {
        let Some(doc) = library.docs().iter().find(|d| d.id == q.doc) else {
            panic!("question {:?}: no bundled document {:?}", q.ask, q.doc);
        };
        let heading = doc.body.lines().any(|line| {
            let text = line.trim_start_matches('#');
            text.len() < line.len() && text.trim() == q.section
        });
        assert!(
            heading,
            "question {:?}: {} has no heading {:?}",
            q.ask, q.doc, q.section
        );
    }
}

/// The first hits of one question: where the answering document is, and whether its hit
/// lands on the answering section.
struct Outcome {
    rank: Option<usize>,
    section_rank: Option<usize>,
    first: String,
}

fn ask(index: &Index, library: &Library, q: &Question) -> Outcome {
    let hits = index.search(library, &parse_query(&q.ask), 3);
    let on_section = |h: &Hit| {
        h.id == q.doc
            && h.section
                .as_ref()
                .and_then(|s| s.path.last())
                .is_some_and(|heading| *heading == q.section)
    };
    let first = hits.first().map_or("-".to_string(), |h| match &h.section {
        Some(s) => format!("{} › {}", h.id, s.path.last().map_or("", String::as_str)),
        None => h.id.clone(),
    });
    Outcome {
        rank: hits.iter().position(|h| q.answered_by(h)),
        section_rank: hits.iter().position(on_section),
        first,
    }
}

#[test]
fn questions_find_the_document_and_section_that_answer_them() {
    let library = bundled();
    let index = Index::build(&library);
    let questions = questions();
    let (mut top_1, mut top_3, mut section_1, mut section_3) = (0, 0, 0, 0);
    for q in &questions {
        let outcome = ask(&index, &library, q);
        top_1 += usize::from(outcome.rank == Some(0));
        top_3 += usize::from(outcome.rank.is_some());
        section_1 += usize::from(outcome.section_rank == Some(0));
        section_3 += usize::from(outcome.section_rank.is_some());
        let mark = |rank: Option<usize>| rank.map_or("-".to_string(), |r| (r + 1).to_string());
        println!(
            "{:>2} {:>2}  {:<55} first: {}",
            mark(outcome.rank),
            mark(outcome.section_rank),
            q.ask,
            outcome.first
        );
    }
    let share = |n: usize| n * 100 / questions.len();
    println!(
        "{} questions: document top-1 {top_1} ({}%), top-3 {top_3} ({}%); \
         section top-1 {section_1} ({}%), top-3 {section_3} ({}%)",
        questions.len(),
        share(top_1),
        share(top_3),
        share(section_1),
        share(section_3),
    );
    assert!(share(top_1) >= TOP_1_FLOOR, "top-1 below {TOP_1_FLOOR}%");
    assert!(share(top_3) >= TOP_3_FLOOR, "top-3 below {TOP_3_FLOOR}%");
    assert!(
        share(section_1) >= SECTION_1_FLOOR,
        "section top-1 below {SECTION_1_FLOOR}%"
    );
}
