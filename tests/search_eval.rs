//! How well `paap search` answers plain questions about the bundled documents.
//!
//! The questions, and the document and section that answer each, are data:
//! `tests/data/search_questions.toml`. The test prints a line per question and the share
//! answered by the first hit and within the first three (run with `-- --nocapture`), and
//! fails when a share drops below the floor set from the measured result.

use paap::content::{Library, LoadOptions};
use paap::search::{Hit, Index, parse_query};
use serde::Deserialize;

/// Below these shares of questions (in percent) the test fails. Measured on the content
/// of 2026-11: see the printed figures.
const TOP_1_FLOOR: usize = 40;
const TOP_3_FLOOR: usize = 60;

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

#[test]
fn questions_find_the_document_that_answers_them() {
    let library = bundled();
    let index = Index::build(&library);
    let questions = questions();
    let (mut top_1, mut top_3) = (0, 0);
    for q in &questions {
        let hits = index.search(&library, &parse_query(&q.ask), 3);
        let rank = hits.iter().position(|h| q.answered_by(h));
        top_1 += usize::from(rank == Some(0));
        top_3 += usize::from(rank.is_some());
        let first = hits.first().map_or("-", |h| h.id.as_str());
        let mark = match rank {
            Some(r) => format!("{}", r + 1),
            None => "-".into(),
        };
        println!("{mark:>2}  {:<55} first: {first}", q.ask);
    }
    let share = |n: usize| n * 100 / questions.len();
    println!(
        "{} questions: top-1 {top_1} ({}%), top-3 {top_3} ({}%)",
        questions.len(),
        share(top_1),
        share(top_3)
    );
    assert!(share(top_1) >= TOP_1_FLOOR, "top-1 below {TOP_1_FLOOR}%");
    assert!(share(top_3) >= TOP_3_FLOOR, "top-3 below {TOP_3_FLOOR}%");
}
