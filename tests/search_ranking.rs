//! How search ranks what people type: other forms of a word, stop and question words,
//! headings, the section a hit lands on, and questions whose answer lacks one of their
//! words. Also: the one-shot index of `paap search` answers as the full index does, for any
//! mix of such words.

use paap::content::{Doc, Kind, Library};
use paap::search::{Field, Hit, Index, parse_query};
use proptest::prelude::*;

fn page(id: &str, title: &str, body: &str) -> Doc {
    Doc {
        id: id.into(),
        slug: id.trim_end_matches(".md").into(),
        kind: Kind::Page,
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

fn search(docs: Vec<Doc>, query: &str) -> Vec<Hit> {
    let library = Library::from_docs(docs, Vec::new());
    let index = Index::build(&library);
    index.search(&library, &parse_query(query), 20)
}

fn ids(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn forms_of_a_word_meet_and_the_form_typed_ranks_first() {
    let docs = vec![
        page("a.md", "One", "Teams rely on project funding for new work."),
        page("b.md", "Two", "Most teams are funded from a yearly budget."),
        page("c.md", "Three", "Fundamental questions about teams."),
        page("d.md", "Four", "Each team funds its own tools."),
    ];
    let hits = search(docs.clone(), "funded");
    assert_eq!(ids(&hits)[0], "b.md", "{:?}", ids(&hits));
    let mut found = ids(&hits);
    found.sort();
    assert_eq!(found, ["a.md", "b.md", "d.md"]);
    // The other forms are highlighted too.
    let funding = hits.iter().find(|h| h.id == "a.md").unwrap();
    let snippet = funding.snippet.as_ref().unwrap();
    let marked: Vec<&str> = snippet
        .highlights
        .iter()
        .map(|&(a, b)| &snippet.text[a..b])
        .collect();
    assert_eq!(marked, ["funding"]);
    // A title holding another form of the word is a title match.
    let mut docs = docs;
    docs.push(page("e.md", "Funding Platforms", "Nothing else here."));
    let hits = search(docs, "funded");
    assert_eq!(hits[0].id, "e.md", "{:?}", ids(&hits));
    assert_eq!(hits[0].field, Field::Title);
}

#[test]
fn stop_and_question_words_decide_nothing_unless_quoted_or_alone() {
    let docs = vec![
        page(
            "how.md",
            "How Are We Doing",
            "How are the teams? What are they doing? How do they do it?",
        ),
        page("funded.md", "Budgets", "Platforms are funded yearly."),
    ];
    let hits = search(docs.clone(), "how are platforms funded");
    assert_eq!(ids(&hits), ["funded.md"]);
    assert_eq!(
        search(docs.clone(), "how are platforms funded")[0].score,
        search(docs.clone(), "platforms funded")[0].score
    );
    // Only stop words: they are looked for.
    assert_eq!(ids(&search(docs.clone(), "how are")), ["how.md"]);
    // In quotes they count.
    assert_eq!(ids(&search(docs, "\"are funded\"")), ["funded.md"]);
}

#[test]
fn a_word_in_a_heading_outranks_the_same_word_in_text() {
    let docs = vec![
        page(
            "text.md",
            "Notes",
            "# Notes\n\nWe talk about observability here.\n\n## Other\n\nMore words.",
        ),
        page(
            "heading.md",
            "Guide",
            "# Guide\n\nIntro words.\n\n## Observability\n\nLogs and traces.",
        ),
    ];
    let hits = search(docs, "observability");
    assert_eq!(ids(&hits), ["heading.md", "text.md"]);
    assert_eq!(hits[0].field, Field::Heading);
    assert_eq!(hits[1].field, Field::Body);
}

/// A long page whose answer sits three headings deep.
fn survey() -> Doc {
    let mut body = String::from("# Survey Results\n\nAbout the survey and its teams.\n\n");
    for (part, sections) in [
        ("Background", ["Who answered", "Customers"]),
        ("Planning", ["Planning meetings", "Roadmap changes"]),
        ("Investment", ["Executive sponsor", "Funding"]),
    ] {
        body.push_str(&format!("## {part}\n\n"));
        for section in sections {
            body.push_str(&format!("### {section}\n\n"));
            for i in 0..12 {
                body.push_str(&format!("Teams answered question {i} about {section}. "));
            }
            if section == "Funding" {
                body.push_str("Most platforms are funded by an annual budget.");
            }
            body.push_str("\n\n");
        }
    }
    body.push_str("## Summary\n\nPlatforms, teams and budgets in one table.\n");
    page("survey.md", "Survey Results", &body)
}

#[test]
fn a_hit_lands_on_the_section_that_holds_the_words() {
    let library = Library::from_docs(
        vec![
            survey(),
            page("other.md", "Other", "Platforms are everywhere."),
        ],
        Vec::new(),
    );
    let index = Index::build(&library);
    let query = parse_query("how are platforms funded");
    let hits = index.search(&library, &query, 5);
    let hit = &hits[0];
    assert_eq!(hit.id, "survey.md");
    let section = hit.section.as_ref().expect("a body hit names its section");
    assert_eq!(section.path, ["Survey Results", "Investment", "Funding"]);
    assert_eq!(section.path_text(), "Survey Results › Investment › Funding");
    assert_eq!(section.anchor, "funding");
    let body = &library.doc(hit.doc).body;
    assert_eq!(body.lines().nth(section.line - 1), Some("### Funding"));
    // The snippet and the place to open come from that section, not the page's top.
    let snippet = hit.snippet.as_ref().unwrap();
    assert!(snippet.text.contains("funded"), "{snippet:?}");
    assert!(!snippet.text.contains("sponsor"), "{snippet:?}");
    let at = hit.first_body_match.unwrap();
    assert!(at > body.find("### Funding").unwrap(), "{at}");
    assert_eq!(
        index.matched_words(&library, &query, hit.doc),
        ["funded", "funding", "platforms"]
    );
}

#[test]
fn words_close_together_beat_words_spread_over_a_long_page() {
    let filler = "Some other words about teams. ".repeat(40);
    let docs = vec![
        page(
            "spread.md",
            "Spread",
            &format!("Executive support.\n\n{filler}\n\nA sponsor at last."),
        ),
        page(
            "together.md",
            "Together",
            &format!("{filler}\n\nEvery executive sponsor helps."),
        ),
    ];
    assert_eq!(
        ids(&search(docs, "executive sponsor")),
        ["together.md", "spread.md"]
    );
}

#[test]
fn a_longer_question_also_finds_documents_missing_one_word() {
    let docs = vec![
        page(
            "all.md",
            "All",
            "An SLO is not an SLA: there is no contract.",
        ),
        page("two.md", "Two", "The SLO and the SLA of a service."),
        page("one.md", "One", "Only an SLO here."),
    ];
    // With a full match, documents missing one word come after it; missing two, not at all.
    assert_eq!(
        ids(&search(docs.clone(), "slo sla contract")),
        ["all.md", "two.md"]
    );
    // Other forms count as the word: "differs" answers "difference".
    let mut docs = docs;
    docs.push(page("differs.md", "Differs", "An SLO differs from an SLA."));
    assert_eq!(ids(&search(docs, "difference slo sla"))[0], "differs.md");
}

/// Words for generated documents: several forms of a few words, stop words, and words a
/// stem rule could confuse.
const WORDS: &[&str] = &[
    "fund",
    "funds",
    "funded",
    "funding",
    "fundamental",
    "hope",
    "hoping",
    "hoped",
    "capable",
    "capability",
    "sky",
    "skies",
    "platform",
    "platforms",
    "the",
    "how",
    "are",
    "über",
    "Ärger",
    "\u{212A}ube",
    "story",
    "stories",
    "gently",
    "gentle",
];

fn generated_doc() -> impl Strategy<Value = (String, Vec<(bool, Vec<usize>)>)> {
    let line = (any::<bool>(), prop::collection::vec(0..WORDS.len(), 0..8));
    (
        prop::collection::vec(0..WORDS.len(), 1..4)
            .prop_map(|t| t.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ")),
        prop::collection::vec(line, 0..6),
    )
}

fn body_of(lines: &[(bool, Vec<usize>)]) -> String {
    lines
        .iter()
        .map(|(heading, words)| {
            let text: Vec<&str> = words.iter().map(|&i| WORDS[i]).collect();
            let mark = if *heading { "## " } else { "" };
            format!("{mark}{}\n\n", text.join(" "))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn the_one_shot_index_answers_like_the_full_index(
        docs in prop::collection::vec(generated_doc(), 1..8),
        query in prop::collection::vec(0..WORDS.len(), 1..4),
        quoted in any::<bool>(),
    ) {
        let docs: Vec<Doc> = docs
            .iter()
            .enumerate()
            .map(|(i, (title, lines))| page(&format!("d{i}.md"), title, &body_of(lines)))
            .collect();
        let library = Library::from_docs(docs, Vec::new());
        let words: Vec<&str> = query.iter().map(|&i| WORDS[i]).collect();
        let text = if quoted {
            format!("\"{}\"", words.join(" "))
        } else {
            words.join(" ")
        };
        let query = parse_query(&text);
        let full = Index::build(&library).search(&library, &query, 20);
        let one_shot = Index::build_for_query(&library, &query).search(&library, &query, 20);
        prop_assert_eq!(one_shot, full, "query {:?}", text);
    }
}
