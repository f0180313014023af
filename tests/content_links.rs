//! The link resolver against the link styles real Hugo sites mix, and link extraction.

use paap::content::{Doc, Library, Target};

/// A small site shaped like cloudnativeplatforms.com's content tree.
const SITE: &[(&str, &str)] = &[
    (
        "initiatives/platform-as-a-product/index.md",
        "---\ntitle: Platform as a Product\ntype: initiatives\nurl: initiatives/platform-as-a-product\n---\n\
         # Platform as a Product\n\
         See the [schedule here](../_index.md).\n\
         - [Product Thinking for Platforms](../../blog/product-thinking-for-platforms.md)\n\
         - [Personas](../../blog/2025-01-paap-personas/)\n\
         - [User Stories](../../blog/2024-10-30-paap-mindset-user-stories/)\n\
         - [Trends](../../blog/2024-06-20-platform-engineering-pp/)\n\
         - [Survey](../../blog/announce-paap-survey/)\n\
         - [Research call](../../blog/announce-paap-research/)\n\
         Learn more about the [research here](./../../platform-as-a-product/).\n\
         Read [etc](../../../etc/passwd).\n",
    ),
    (
        "initiatives/_index.md",
        "---\ntitle: Community Group\n---\nThe [initiative](platform-as-a-product/index.md).\n",
    ),
    (
        "blog/product-thinking-for-platforms.md",
        "---\ntitle: Product Thinking for Platforms\nslug: product-thinking-for-platforms\n---\n\
         # Product Thinking\n## Why it matters\n",
    ),
    (
        "blog/2025-01-paap-personas.md",
        "---\ntitle: \"Platform as a Product: Understanding the Personas\"\nslug: paap-personas\n---\n\
         Back to the [initiative](/initiatives/platform-as-a-product/).\n",
    ),
    (
        "blog/2024-10-30-paap-mindset-user-stories.md",
        "---\ntitle: User Stories\nslug: paap-mindset-user-stories\n---\nBody.\n",
    ),
    (
        "blog/2024-06-20-platform-engineering-pp.md",
        "---\ntitle: Trends\nslug: proposal-platform-engineering-++\n---\nBody.\n",
    ),
    (
        "blog/announce-paap-survey.md",
        "---\ntitle: Survey\nslug: call-participation-paap-survey\n---\nBody.\n",
    ),
    (
        "blog/announce-paap-research.md",
        "---\ntitle: Research call\nslug: call-participation-paap-research\n---\nBody.\n",
    ),
    (
        "research/_index.md",
        "---\ntitle: Research\nurl: /platform-as-a-product/\n---\nThe research.\n",
    ),
    ("notes/old.markdown", "---\ntitle: Old Notes\n---\nOld.\n"),
    ("notes/with space.md", "---\ntitle: Spaced\n---\nSpaced.\n"),
    (
        "notes/bundle/index.md",
        "---\ntitle: Bundle\n---\nBundle.\n",
    ),
    ("top.md", "# Top\n"),
];

fn site() -> Library {
    let docs = SITE
        .iter()
        .map(|(id, text)| {
            let (doc, problems) = Doc::from_markdown(id, text);
            assert!(problems.is_empty(), "{id}: {problems:?}");
            doc
        })
        .collect();
    Library::from_docs(docs, Vec::new())
}

fn index_of(library: &Library, id: &str) -> usize {
    library
        .docs()
        .iter()
        .position(|d| d.id == id)
        .unwrap_or_else(|| panic!("no doc {id}"))
}

/// Resolves `href` from document `from` and returns the target's id and anchor.
fn resolve(library: &Library, from: &str, href: &str) -> Result<(String, Option<String>), Target> {
    match library.resolve(index_of(library, from), href) {
        Target::Doc { index, anchor } => Ok((library.doc(index).id.clone(), anchor)),
        other => Err(other),
    }
}

fn lands(from: &str, href: &str, expected: &str) {
    let library = site();
    match resolve(&library, from, href) {
        Ok((id, _)) => assert_eq!(id, expected, "{href} from {from}"),
        Err(target) => panic!("{href} from {from}: {target:?}, expected {expected}"),
    }
}

fn missing(from: &str, href: &str) -> String {
    let library = site();
    match library.resolve(index_of(&library, from), href) {
        Target::Missing(reason) => reason,
        other => panic!("{href} from {from} should be missing, got {other:?}"),
    }
}

const PAGE: &str = "initiatives/platform-as-a-product/index.md";

#[test]
fn relative_file_link() {
    lands(
        PAGE,
        "../../blog/product-thinking-for-platforms.md",
        "blog/product-thinking-for-platforms.md",
    );
}

#[test]
fn relative_folder_link_naming_the_file_without_extension() {
    lands(
        PAGE,
        "../../blog/2025-01-paap-personas/",
        "blog/2025-01-paap-personas.md",
    );
    lands(
        PAGE,
        "../../blog/2024-10-30-paap-mindset-user-stories/",
        "blog/2024-10-30-paap-mindset-user-stories.md",
    );
    lands(
        PAGE,
        "../../blog/2024-06-20-platform-engineering-pp/",
        "blog/2024-06-20-platform-engineering-pp.md",
    );
    lands(
        PAGE,
        "../../blog/announce-paap-survey/",
        "blog/announce-paap-survey.md",
    );
    lands(
        PAGE,
        "../../blog/announce-paap-research/",
        "blog/announce-paap-research.md",
    );
    lands(
        PAGE,
        "../../blog/announce-paap-research",
        "blog/announce-paap-research.md",
    );
}

#[test]
fn section_index_by_file_name() {
    lands(PAGE, "../_index.md", "initiatives/_index.md");
    lands(PAGE, "../", "initiatives/_index.md");
}

#[test]
fn link_from_a_section_index_is_relative_to_its_folder() {
    lands(
        "initiatives/_index.md",
        "platform-as-a-product/index.md",
        PAGE,
    );
    lands("initiatives/_index.md", "platform-as-a-product/", PAGE);
    lands("initiatives/_index.md", "./platform-as-a-product", PAGE);
}

#[test]
fn research_link_as_written_on_the_seed_page() {
    lands(PAGE, "./../../platform-as-a-product/", "research/_index.md");
}

#[test]
fn site_absolute_through_the_slug() {
    lands(
        PAGE,
        "/blog/paap-personas/",
        "blog/2025-01-paap-personas.md",
    );
    lands(PAGE, "/blog/paap-personas", "blog/2025-01-paap-personas.md");
    lands(
        PAGE,
        "/blog/proposal-platform-engineering-++/",
        "blog/2024-06-20-platform-engineering-pp.md",
    );
    lands(
        PAGE,
        "/blog/call-participation-paap-survey/",
        "blog/announce-paap-survey.md",
    );
}

#[test]
fn site_absolute_through_front_matter_url() {
    let from = "blog/2025-01-paap-personas.md";
    lands(from, "/initiatives/platform-as-a-product/", PAGE);
    lands(from, "/initiatives/platform-as-a-product", PAGE);
    lands(from, "/platform-as-a-product/", "research/_index.md");
}

#[test]
fn site_absolute_file_path() {
    lands(
        PAGE,
        "/blog/announce-paap-survey.md",
        "blog/announce-paap-survey.md",
    );
    lands(PAGE, "/top.md", "top.md");
}

#[test]
fn index_md_and_underscore_index_md() {
    lands("top.md", "notes/bundle/index.md", "notes/bundle/index.md");
    lands("top.md", "notes/bundle/", "notes/bundle/index.md");
    lands("top.md", "initiatives/_index.md", "initiatives/_index.md");
    lands("top.md", "initiatives/", "initiatives/_index.md");
    lands("top.md", "notes/bundle/index.html", "notes/bundle/index.md");
}

#[test]
fn anchors_in_the_same_and_another_document() {
    let library = site();
    let from = index_of(&library, PAGE);
    assert_eq!(
        library.resolve(from, "#about"),
        Target::Doc {
            index: from,
            anchor: Some("about".into())
        }
    );
    assert_eq!(
        resolve(
            &library,
            PAGE,
            "../../blog/product-thinking-for-platforms.md#why-it-matters"
        ),
        Ok((
            "blog/product-thinking-for-platforms.md".into(),
            Some("why-it-matters".into())
        ))
    );
    assert_eq!(
        resolve(&library, PAGE, "/blog/paap-personas/#the-five"),
        Ok((
            "blog/2025-01-paap-personas.md".into(),
            Some("the-five".into())
        ))
    );
}

#[test]
fn hugo_ref_and_relref_shortcodes() {
    let library = site();
    assert_eq!(
        resolve(
            &library,
            PAGE,
            r#"{{< ref "blog/announce-paap-survey.md#form" >}}"#
        ),
        Ok(("blog/announce-paap-survey.md".into(), Some("form".into())))
    );
    assert_eq!(
        resolve(&library, PAGE, r#"{{< relref "../_index.md" >}}"#),
        Ok(("initiatives/_index.md".into(), None))
    );
    assert_eq!(
        resolve(
            &library,
            PAGE,
            r#"{{% ref "/blog/2025-01-paap-personas.md" %}}"#
        ),
        Ok(("blog/2025-01-paap-personas.md".into(), None))
    );
    // Hugo also finds a page by its bare file name when that is unique.
    assert_eq!(
        resolve(
            &library,
            "top.md",
            r#"{{< ref "announce-paap-research" >}}"#
        ),
        Ok(("blog/announce-paap-research.md".into(), None))
    );
    assert!(matches!(
        library.resolve(0, r#"{{< ref "nowhere.md" >}}"#),
        Target::Missing(_)
    ));
}

#[test]
fn percent_encoding_is_decoded() {
    lands("top.md", "notes/with%20space.md", "notes/with space.md");
    let library = site();
    assert_eq!(
        resolve(&library, "top.md", "notes/with%20space.md#caf%C3%A9"),
        Ok(("notes/with space.md".into(), Some("café".into())))
    );
}

#[test]
fn trailing_slashes_and_markdown_extension() {
    lands("top.md", "notes/old.markdown", "notes/old.markdown");
    lands("top.md", "notes/old.md", "notes/old.markdown");
    lands("top.md", "notes/old/", "notes/old.markdown");
    lands("top.md", "notes/old", "notes/old.markdown");
}

#[test]
fn web_links_are_external() {
    let library = site();
    for href in [
        "https://www.youtube.com/watch?v=DoiaHfl9Y7Y",
        "http://example.org/",
        "mailto:someone@example.org",
        "HTTPS://EXAMPLE.ORG/",
    ] {
        assert_eq!(library.resolve(0, href), Target::External(href.into()));
    }
}

#[test]
fn other_schemes_are_refused_with_a_reason() {
    assert_eq!(
        missing(PAGE, "javascript:alert(1)"),
        "javascript: links are not followed"
    );
    assert_eq!(
        missing(PAGE, "file:///etc/passwd"),
        "file: links are not followed"
    );
    assert_eq!(
        missing(PAGE, "data:text/html;base64,AAAA"),
        "data: links are not followed"
    );
}

#[test]
fn links_never_leave_the_content_roots() {
    let reason = missing(PAGE, "../../../etc/passwd");
    assert!(reason.contains("outside"), "{reason}");
    let reason = missing("top.md", "/../../etc/passwd");
    assert!(reason.contains("outside"), "{reason}");
    missing("top.md", "/etc/passwd");
}

#[test]
fn unknown_documents_are_missing_with_the_path() {
    let reason = missing("top.md", "blog/does-not-exist.md");
    assert!(reason.contains("blog/does-not-exist.md"), "{reason}");
    assert_eq!(missing("top.md", ""), "the link is empty");
}

#[test]
fn site_absolute_links_reach_other_roots_but_prefer_their_own() {
    let (mut a, _) = Doc::from_markdown("guide.md", "---\nurl: /shared/\n---\nA\n");
    let (mut b, _) = Doc::from_markdown("guide.md", "---\nurl: /shared/\n---\nB\n");
    let (mut c, _) = Doc::from_markdown("other.md", "# Only in root 1\n");
    a.root = 0;
    b.root = 1;
    c.root = 1;
    let library = Library::from_docs(vec![a, b, c], Vec::new());
    let target = |from: usize, href: &str| match library.resolve(from, href) {
        Target::Doc { index, .. } => index,
        other => panic!("{other:?}"),
    };
    assert_eq!(target(0, "/shared/"), 0);
    assert_eq!(target(1, "/shared/"), 1);
    assert_eq!(target(0, "/other/"), 2);
    // A relative link stays in its own root.
    assert!(matches!(library.resolve(0, "other.md"), Target::Missing(_)));
}

#[test]
fn links_lists_every_link_image_and_shortcode_with_file_lines() {
    let text = "---\ntitle: Links\n---\n\
        # Links\n\
        A [first](top.md) and ![an image](img/pic.png \"t\").\n\
        \n\
        `[not a link](code.md)` and a <https://auto.example/> link.\n\
        \n\
        ```\n[also not](fenced.md)\n{{< ref \"fenced.md\" >}}\n```\n\
        See [the survey]({{< ref \"blog/announce-paap-survey.md\" >}}) and\n\
        {{< relref \"notes/old.markdown\" >}}.\n\
        [ref style][r] and [**bold** text](/blog/paap-personas/)\n\
        \n\
        [r]: notes/bundle/\n";
    let (doc, _) = Doc::from_markdown("page.md", text);
    let mut docs: Vec<Doc> = SITE
        .iter()
        .map(|(id, t)| Doc::from_markdown(id, t).0)
        .collect();
    docs.push(doc);
    let library = Library::from_docs(docs, Vec::new());
    let links = library.links(library.docs().len() - 1);
    let seen: Vec<(usize, &str, &str)> = links
        .iter()
        .map(|l| (l.line, l.href.as_str(), l.text.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (5, "top.md", "first"),
            (5, "img/pic.png", "an image"),
            (7, "https://auto.example/", "https://auto.example/"),
            (13, "blog/announce-paap-survey.md", "the survey"),
            (14, "notes/old.markdown", ""),
            (15, "notes/bundle/", "ref style"),
            (15, "/blog/paap-personas/", "bold text"),
        ]
    );
    let ids: Vec<String> = links
        .iter()
        .map(|l| match &l.target {
            Target::Doc { index, .. } => library.doc(*index).id.clone(),
            Target::External(url) => url.clone(),
            Target::Missing(_) => "missing".into(),
        })
        .collect();
    assert_eq!(
        ids,
        [
            "top.md",
            "missing",
            "https://auto.example/",
            "blog/announce-paap-survey.md",
            "notes/old.markdown",
            "notes/bundle/index.md",
            "blog/2025-01-paap-personas.md",
        ]
    );
}

#[test]
fn the_seed_page_links_all_resolve_except_the_escape() {
    let library = site();
    let page = index_of(&library, PAGE);
    let links = library.links(page);
    assert_eq!(links.len(), 9);
    let missing: Vec<&str> = links
        .iter()
        .filter(|l| matches!(l.target, Target::Missing(_)))
        .map(|l| l.href.as_str())
        .collect();
    assert_eq!(missing, ["../../../etc/passwd"]);
}

#[test]
fn images_and_other_files_are_not_documents_and_not_broken() {
    let text = "# Pics\n![chart](img/chart.png) [pdf](files/report.pdf) [gone](gone.md)\n";
    let mut docs: Vec<Doc> = SITE
        .iter()
        .map(|(id, t)| Doc::from_markdown(id, t).0)
        .collect();
    docs.push(Doc::from_markdown("pics.md", text).0);
    let library = Library::from_docs(docs, Vec::new());
    let pics = library.docs().len() - 1;
    let reasons: Vec<String> = library
        .links(pics)
        .into_iter()
        .map(|l| match l.target {
            Target::Missing(reason) => reason,
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(reasons[0].contains("not a document"), "{reasons:?}");
    assert!(reasons[1].contains("not a document"), "{reasons:?}");
    assert_eq!(reasons[2], "no document at gone.md");
    let broken: Vec<String> = library
        .check()
        .iter()
        .filter(|p| p.file == "pics.md")
        .map(|p| p.to_string())
        .collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(
        broken[0].starts_with("pics.md:2: broken link \"gone.md\""),
        "{broken:?}"
    );
}

#[test]
fn backlinks_and_check() {
    let library = site();
    let page = index_of(&library, PAGE);
    let survey = index_of(&library, "blog/announce-paap-survey.md");
    assert_eq!(library.backlinks(survey), &[page]);
    let backs: Vec<&str> = library
        .backlinks(page)
        .iter()
        .map(|&i| library.doc(i).id.as_str())
        .collect();
    assert_eq!(
        backs,
        ["initiatives/_index.md", "blog/2025-01-paap-personas.md"]
    );
    assert!(library.backlinks(index_of(&library, "top.md")).is_empty());

    let problems = library.check();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(
        shown[0].starts_with(&format!("{PAGE}:15: broken link \"../../../etc/passwd\": ")),
        "{}",
        shown[0]
    );
}

#[test]
fn relative_links_written_for_the_published_page_url() {
    // `blog/x.md` is published at `/blog/<slug>/`, so Hugo authors write `../other/` for a
    // sibling post; the file-relative reading would leave the blog folder.
    lands(
        "blog/2025-01-paap-personas.md",
        "../announce-paap-survey/",
        "blog/announce-paap-survey.md",
    );
    lands(
        "blog/2025-01-paap-personas.md",
        "../call-participation-paap-research/",
        "blog/announce-paap-research.md",
    );
}

#[test]
fn the_file_relative_reading_wins_when_both_exist() {
    let texts = [
        ("blog/a.md", "---\nslug: a\n---\n"),
        ("blog/b.md", "---\nslug: b\n---\n"),
        ("b.md", "# Root b\n"),
    ];
    let docs = texts
        .iter()
        .map(|(id, t)| Doc::from_markdown(id, t).0)
        .collect();
    let library = Library::from_docs(docs, Vec::new());
    // From the file `blog/a.md`, `../b.md` is the root's `b.md`; from the page URL `/blog/a/`
    // it would be `blog/b.md`.
    assert_eq!(
        library.resolve(0, "../b.md"),
        Target::Doc {
            index: 2,
            anchor: None
        }
    );
}

/// The link list reads `ref` shortcodes exactly as the renderer draws them: named
/// parameters, and Hugo's `{{</* … */>}}` escape, which is shown, not followed.
#[test]
fn ref_shortcodes_are_read_as_the_renderer_reads_them() {
    let (target, _) = Doc::from_markdown("target.md", "# Target\n");
    let (page, _) = Doc::from_markdown(
        "page.md",
        "A {{< ref path=\"target.md\" >}} link.\n\nShown literally: {{</* ref \"missing.md\" */>}}.\n",
    );
    let library = Library::from_docs(vec![target, page], Vec::new());
    let links = library.links(1);
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(
        links[0].target,
        Target::Doc {
            index: 0,
            anchor: None
        }
    );
    assert!(library.check().is_empty(), "{:?}", library.check());
}

/// A `ref` in a body is resolved as Hugo resolves `ref`s (here: by its unique file name),
/// and `check` names the file line of a broken link below an admonition's title, which
/// takes lines of its own in the body.
#[test]
fn refs_in_bodies_resolve_as_hugo_does_and_lines_stay_file_lines() {
    let (target, _) = Doc::from_markdown("blog/deep/target-post.md", "# Target\n");
    let (page, _) = Doc::from_markdown(
        "page.md",
        "---\ntitle: P\n---\nSee {{< ref \"target-post\" >}}.\n\n:::tip[Title]\nIn [it](gone.md).\n:::\n",
    );
    let library = Library::from_docs(vec![target, page], Vec::new());
    let links = library.links(1);
    assert_eq!(
        links[0].target,
        Target::Doc {
            index: 0,
            anchor: None
        }
    );
    let shown: Vec<String> = library.check().iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with("page.md:7: broken link \"gone.md\""),
        "{shown:?}"
    );
}
