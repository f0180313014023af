//! The bundled Platform as a Product set: complete, attributed, linked, and clean.

use paap::content::{Kind, Library, LoadOptions, Target};

fn bundled() -> Library {
    Library::load(&LoadOptions {
        bundled: true,
        dirs: Vec::new(),
    })
    .expect("bundled content loads")
}

fn count(library: &Library, kind: Kind) -> usize {
    library.docs().iter().filter(|d| d.kind == kind).count()
}

#[test]
fn has_the_posts_personas_and_initiative() {
    let library = bundled();
    assert_eq!(count(&library, Kind::Post), 8);
    assert_eq!(count(&library, Kind::Persona), 8);
    assert_eq!(count(&library, Kind::Initiative), 1);
    for slug in [
        "product-thinking-for-platforms",
        "paap-personas",
        "paap-mindset-user-stories",
        "proposal-platform-engineering-++",
        "call-participation-paap-survey",
        "call-participation-paap-research",
        "composable",
        "2026-initiatives-announcement",
    ] {
        assert!(
            library
                .docs()
                .iter()
                .any(|d| d.kind == Kind::Post && d.slug == slug),
            "no post with slug {slug}"
        );
    }
}

#[test]
fn every_document_names_its_original_and_has_metadata() {
    let library = bundled();
    for doc in library.docs() {
        let source = doc
            .source
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no source", doc.id));
        assert!(source.starts_with("https://"), "{}: {source}", doc.id);
        assert!(!doc.title.is_empty(), "{} has no title", doc.id);
        assert!(doc.description.is_some(), "{} has no description", doc.id);
        match doc.kind {
            Kind::Post => {
                assert!(doc.date.is_some(), "{} has no date", doc.id);
                assert!(!doc.authors.is_empty(), "{} has no authors", doc.id);
            }
            Kind::Persona => assert!(doc.extra.contains_key("role"), "{} has no role", doc.id),
            _ => {}
        }
    }
}

#[test]
fn every_document_links_another_bundled_document() {
    let library = bundled();
    for (index, doc) in library.docs().iter().enumerate() {
        let internal = library
            .links(index)
            .iter()
            .filter(|l| matches!(l.target, Target::Doc { index: to, .. } if to != index))
            .count();
        assert!(internal > 0, "{} links no other document", doc.id);
    }
}

#[test]
fn the_initiative_page_reaches_every_post_and_persona() {
    let library = bundled();
    let initiative = library
        .docs()
        .iter()
        .position(|d| d.kind == Kind::Initiative)
        .unwrap();
    let targets: Vec<usize> = library
        .links(initiative)
        .into_iter()
        .filter_map(|l| match l.target {
            Target::Doc { index, .. } => Some(index),
            _ => None,
        })
        .collect();
    for (index, doc) in library.docs().iter().enumerate() {
        if matches!(doc.kind, Kind::Post | Kind::Persona) {
            assert!(
                targets.contains(&index),
                "initiative page does not link {}",
                doc.id
            );
        }
    }
}

#[test]
fn check_finds_no_problems() {
    let problems = bundled().check();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_set_is_substantial() {
    let words: usize = bundled().docs().iter().map(|d| d.words()).sum();
    assert!(words >= 6000, "only {words} words");
}

fn doc<'a>(library: &'a Library, id: &str) -> &'a paap::content::Doc {
    library
        .docs()
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("{id} is not bundled"))
}

#[test]
fn research_documents_point_at_the_exact_files_on_github() {
    let library = bundled();
    let repo = "https://github.com/Cloud-Native-Platform-Engineering/cnpe-community";
    for (id, source) in [
        (
            "research/research-guide.md",
            "/blob/main/platform-as-a-product/paap-research-guide.md",
        ),
        (
            "research/interview-script.md",
            "/blob/main/platform-as-a-product/platform-engineer-interview-script.md",
        ),
        (
            "research/survey-results.md",
            "/blob/main/platform-as-a-product/research-data/raw-survey-results/survey-export_08-02-25.csv",
        ),
        (
            "research/interview-findings.md",
            "/tree/main/platform-as-a-product/research-data/raw-transcripts",
        ),
        ("research/_index.md", "/tree/main/platform-as-a-product"),
    ] {
        assert_eq!(
            doc(&library, id).source.as_deref(),
            Some(format!("{repo}{source}").as_str()),
            "{id}"
        );
    }
}

/// Every closed question of the export has a chart, and the numeric ones a distribution:
/// 29 closed + 3 numeric questions.
#[test]
fn the_survey_page_charts_every_question_and_each_chart_draws() {
    let library = bundled();
    let survey = doc(&library, "research/survey-results.md");
    let charts: Vec<&str> = survey.body.split("```chart\n").skip(1).collect();
    assert_eq!(charts.len(), 32);
    for chart in charts {
        let source = chart.split("```").next().unwrap();
        let parsed =
            paap::markdown::chart::parse_chart(source).unwrap_or_else(|e| panic!("{e}: {source}"));
        let total = parsed.total.expect("every survey chart carries a total");
        let sum: f64 = parsed.bars.iter().map(|b| b.value).sum();
        // Single-answer charts add up to their total; multi-answer ones to at least it.
        assert!(
            sum >= total,
            "{:?}: bars {sum} < total {total}",
            parsed.title
        );
    }
    for text in [
        "Automation and test tools",
        "10+",
        "five** chose it and nothing else",
    ] {
        assert!(survey.body.contains(text), "survey page lacks {text:?}");
    }
}

#[test]
fn the_new_documents_are_there_and_linked_from_the_initiative_page() {
    let library = bundled();
    let initiative = library
        .docs()
        .iter()
        .position(|d| d.kind == Kind::Initiative)
        .unwrap();
    let linked: Vec<String> = library
        .links(initiative)
        .into_iter()
        .filter_map(|l| match l.target {
            Target::Doc { index, .. } => Some(library.docs()[index].id.clone()),
            _ => None,
        })
        .collect();
    for id in [
        "research/interview-findings.md",
        "research/research-guide.md",
        "research/interview-script.md",
        "research/survey-results.md",
        "blog/2025-01-29-composable-platforms.md",
        "blog/2026-03-03-announce-2026-initiatives.md",
        "community-group.md",
        "initiatives/_index.md",
    ] {
        assert!(
            linked.iter().any(|l| l == id),
            "initiative page does not link {id}"
        );
    }
    let composable = doc(&library, "blog/2025-01-29-composable-platforms.md");
    assert_eq!(
        composable.source.as_deref(),
        Some("https://cloudnativeplatforms.com/blog/composable/")
    );
    let refresh = doc(&library, "blog/2026-03-03-announce-2026-initiatives.md");
    assert_eq!(
        refresh.source.as_deref(),
        Some("https://cloudnativeplatforms.com/blog/2026-initiatives-announcement/")
    );
}

/// Facts a reader checked against the originals.
#[test]
fn post_metadata_matches_the_originals() {
    let library = bundled();
    let pe = doc(&library, "blog/2024-06-20-platform-engineering-pp.md");
    assert!(pe.title.ends_with(
        "(An holistic proposal for Internal Developer Platforms named Platform Engineering ++)"
    ));
    for (id, categories) in [
        ("blog/product-thinking-for-platforms.md", &[][..]),
        ("blog/2025-01-paap-personas.md", &["Article"][..]),
        ("blog/announce-paap-survey.md", &["Article"][..]),
    ] {
        assert_eq!(doc(&library, id).categories, categories, "{id}");
    }
    assert_eq!(
        doc(&library, "blog/2025-01-paap-personas.md").tags[..2],
        ["WG Platforms", "Community Contributions"]
    );
}

/// Reader text never talks about paap's link resolver; link styles are covered by fixtures.
#[test]
fn no_document_talks_to_the_link_resolver() {
    for d in bundled().docs() {
        for phrase in [
            "link resolver",
            "a file link:",
            "By slug:",
            "a folder link:",
        ] {
            assert!(!d.body.contains(phrase), "{} says {phrase:?}", d.id);
        }
    }
}
