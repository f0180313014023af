//! The Library API over synced sources: which document is a summary's original, and back.
//! Documents are built in memory, as `Library::load_with_sources` would leave them.

use std::sync::Arc;

use paap::content::{Doc, Library, Origin, SourceRoot};

fn doc(id: &str, root: usize, origin: &Origin, front: &str) -> Doc {
    let (mut doc, problems) = Doc::from_markdown(id, &format!("---\n{front}\n---\nBody.\n"));
    assert!(problems.is_empty(), "{problems:?}");
    doc.root = root;
    doc.origin = origin.clone();
    doc
}

fn synced(path: &str) -> Origin {
    Origin::Source(Arc::new(SourceRoot {
        name: "cnpe-community".into(),
        repo: Some("Cloud-Native-Platform-Engineering/cnpe-community".into()),
        hosts: vec!["cloudnativeplatforms.com".into()],
        path: path.into(),
    }))
}

fn library() -> Library {
    let site = synced("website/content/en");
    let research = synced("platform-as-a-product");
    let bundled = Origin::Bundled;
    Library::from_docs(
        vec![
            // 0..=4: summaries (root 0)
            doc(
                "blog/announce-paap-survey.md",
                0,
                &bundled,
                "title: Summary of the survey post\nsource: https://cloudnativeplatforms.com/blog/call-participation-paap-survey/",
            ),
            doc(
                "research/_index.md",
                0,
                &bundled,
                "title: Research\nsource: https://github.com/Cloud-Native-Platform-Engineering/cnpe-community/tree/main/platform-as-a-product",
            ),
            doc(
                "about.md",
                0,
                &bundled,
                "title: About\nsource: https://www.cloudnativeplatforms.com/",
            ),
            doc(
                "elsewhere.md",
                0,
                &bundled,
                "title: Elsewhere\nsource: https://example.com/blog/call-participation-paap-survey/",
            ),
            doc(
                "guide.md",
                0,
                &bundled,
                "title: Guide\nsource: https://github.com/cloud-native-platform-engineering/CNPE-community/blob/main/platform-as-a-product/guide.md",
            ),
            // 5..=6: the site (root 1)
            doc(
                "blog/announce-paap-survey.md",
                1,
                &site,
                "title: Call for participation\nslug: call-participation-paap-survey",
            ),
            doc("_index.md", 1, &site, "title: Home"),
            // 7..=8: the research folder (root 2)
            doc("README.md", 2, &research, "title: Platform as a Product"),
            doc("guide.md", 2, &research, "title: The guide"),
        ],
        Vec::new(),
    )
}

#[test]
fn a_summary_finds_its_original_by_the_sites_permalinks() {
    let library = library();
    assert!(library.has_synced());
    // The post's slug makes its permalink /blog/<slug>/.
    assert_eq!(library.original_of(0), Some(5));
    // The site's home page is its root _index.md; `www.` is the same host.
    assert_eq!(library.original_of(2), Some(6));
    // Another host publishes other pages, whatever their path.
    assert_eq!(library.original_of(3), None);
}

#[test]
fn a_github_link_names_a_file_or_folder_of_the_repository() {
    let library = library();
    // A folder is its README; owner and repository compare without case.
    assert_eq!(library.original_of(1), Some(7));
    assert_eq!(library.original_of(4), Some(8));
}

#[test]
fn originals_know_their_summaries_and_have_no_original_themselves() {
    let library = library();
    assert_eq!(library.summaries_of(5), [0]);
    assert_eq!(library.summaries_of(7), [1]);
    assert!(library.summaries_of(0).is_empty());
    for original in 5..=8 {
        assert_eq!(library.original_of(original), None);
        assert!(library.origin(original).is_synced());
    }
    assert_eq!(library.origin(0), &Origin::Bundled);
    assert_eq!(library.origin(5).label(), "cnpe-community");
    assert_eq!(
        library.doc(5).qualified_id(),
        "cnpe-community:blog/announce-paap-survey.md"
    );
}

#[test]
fn find_prefers_the_summary_and_a_source_prefix_names_the_original() {
    let library = library();
    assert_eq!(library.find("blog/announce-paap-survey.md"), Ok(0));
    assert_eq!(
        library.find("cnpe-community:blog/announce-paap-survey.md"),
        Ok(5)
    );
    assert_eq!(library.find("cnpe-community:README.md"), Ok(7));
}

#[test]
fn without_synced_sources_nothing_is_an_original() {
    let library = Library::from_docs(
        vec![doc(
            "a.md",
            0,
            &Origin::Bundled,
            "title: A\nsource: https://cloudnativeplatforms.com/",
        )],
        Vec::new(),
    );
    assert!(!library.has_synced());
    assert_eq!(library.original_of(0), None);
    assert_eq!(
        library.synced_page("https://cloudnativeplatforms.com/"),
        None
    );
}
