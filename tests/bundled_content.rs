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
    assert_eq!(count(&library, Kind::Post), 6);
    assert_eq!(count(&library, Kind::Persona), 8);
    assert_eq!(count(&library, Kind::Initiative), 1);
    for slug in [
        "product-thinking-for-platforms",
        "paap-personas",
        "paap-mindset-user-stories",
        "proposal-platform-engineering-++",
        "call-participation-paap-survey",
        "call-participation-paap-research",
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
    let words: usize = bundled().docs().iter().map(|d| d.words).sum();
    assert!(words >= 6000, "only {words} words");
}
