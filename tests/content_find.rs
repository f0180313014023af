//! Naming a document on the command line, and the newest-first order.

use paap::content::{Doc, FindError, Library};

fn library() -> Library {
    let texts = [
        (
            "blog/2025-01-paap-personas.md",
            "---\ntitle: \"Platform as a Product: Understanding the Personas\"\nslug: paap-personas\ndate: 2025-01-16\n---\n",
        ),
        (
            "blog/product-thinking-for-platforms.md",
            "---\ntitle: Product Thinking for Platforms\ndate: 2024-06-13\n---\n",
        ),
        (
            "blog/announce-paap-research.md",
            "---\ntitle: Invitation To Participate in Platform As A Product Research\ndate: 2024-06-13\n---\n",
        ),
        (
            "initiatives/platform-as-a-product/index.md",
            "---\ntitle: Platform as a Product\nurl: /initiatives/platform-as-a-product/\n---\n",
        ),
        ("glossary.md", "# Glossary\n"),
        ("about.md", "# About this content\n"),
    ];
    let docs = texts
        .iter()
        .map(|(id, t)| Doc::from_markdown(id, t).0)
        .collect();
    Library::from_docs(docs, Vec::new())
}

fn found(query: &str) -> String {
    let library = library();
    match library.find(query) {
        Ok(index) => library.doc(index).id.clone(),
        Err(err) => panic!("{query}: {err}"),
    }
}

#[test]
fn by_exact_id_and_id_without_extension() {
    assert_eq!(
        found("blog/2025-01-paap-personas.md"),
        "blog/2025-01-paap-personas.md"
    );
    assert_eq!(
        found("blog/2025-01-paap-personas"),
        "blog/2025-01-paap-personas.md"
    );
    assert_eq!(found("glossary"), "glossary.md");
}

#[test]
fn by_folder_of_an_index_page() {
    assert_eq!(
        found("initiatives/platform-as-a-product"),
        "initiatives/platform-as-a-product/index.md"
    );
    assert_eq!(
        found("initiatives/platform-as-a-product/"),
        "initiatives/platform-as-a-product/index.md"
    );
}

#[test]
fn by_slug_and_url() {
    assert_eq!(found("paap-personas"), "blog/2025-01-paap-personas.md");
    assert_eq!(
        found("/initiatives/platform-as-a-product/"),
        "initiatives/platform-as-a-product/index.md"
    );
}

#[test]
fn by_whole_title_or_unique_prefix_ignoring_case() {
    assert_eq!(
        found("platform as a product"),
        "initiatives/platform-as-a-product/index.md"
    );
    assert_eq!(
        found("product thinking"),
        "blog/product-thinking-for-platforms.md"
    );
    assert_eq!(found("INVITATION"), "blog/announce-paap-research.md");
}

#[test]
fn ambiguous_prefix_lists_the_matches() {
    let library = library();
    let err = library.find("Platform as a Product:").map(|_| ()).err();
    assert_eq!(err, None, "a longer prefix is unique");
    match library.find("platform") {
        Err(FindError::Ambiguous { query, candidates }) => {
            assert_eq!(query, "platform");
            let mut ids: Vec<&str> = candidates
                .iter()
                .map(|&i| library.doc(i).id.as_str())
                .collect();
            ids.sort();
            assert_eq!(
                ids,
                [
                    "blog/2025-01-paap-personas.md",
                    "initiatives/platform-as-a-product/index.md"
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    let message = library.find("platform").unwrap_err().to_string();
    assert!(message.contains("several documents"), "{message}");
}

#[test]
fn not_found_suggests_close_candidates() {
    let library = library();
    match library.find("personas") {
        Err(FindError::NotFound { candidates, .. }) => {
            assert_eq!(
                library.doc(candidates[0]).id,
                "blog/2025-01-paap-personas.md"
            );
        }
        other => panic!("{other:?}"),
    }
    match library.find("zzzzqqq") {
        Err(FindError::NotFound { candidates, .. }) => assert!(candidates.is_empty()),
        other => panic!("{other:?}"),
    }
    let message = library.find("zzzzqqq").unwrap_err().to_string();
    assert!(
        message.contains("zzzzqqq") && message.contains("paap list"),
        "{message}"
    );
}

#[test]
fn newest_first_with_undated_last_and_title_ties() {
    let library = library();
    let order: Vec<&str> = library
        .sorted_newest_first()
        .into_iter()
        .map(|i| library.doc(i).id.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "blog/2025-01-paap-personas.md",
            "blog/announce-paap-research.md",
            "blog/product-thinking-for-platforms.md",
            "about.md",
            "glossary.md",
            "initiatives/platform-as-a-product/index.md",
        ]
    );
}

#[test]
fn by_path_on_disk_however_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("blog")).unwrap();
    std::fs::write(dir.path().join("blog/post.md"), "# A Post\n").unwrap();
    std::fs::write(dir.path().join("other.md"), "# Other\n").unwrap();
    let library = Library::load(&paap::content::LoadOptions {
        bundled: false,
        dirs: vec![dir.path().to_path_buf()],
    })
    .unwrap();
    let written = dir.path().join("blog/../blog/./post.md");
    let index = library.find(&written.display().to_string()).unwrap();
    assert_eq!(library.doc(index).id, "blog/post.md");
}

#[test]
fn a_library_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Library>();
    let library = library();
    let titles: Vec<String> = std::thread::scope(|s| {
        let handle = s.spawn(|| library.docs().iter().map(|d| d.title.clone()).collect());
        handle.join().unwrap()
    });
    assert_eq!(titles.len(), library.docs().len());
}
