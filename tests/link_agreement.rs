//! One parse for links: the link list (`paap links`, `check`, backlinks) and the links of a
//! rendered document (the links pane, hints, `show`) are the same links, with the same
//! targets, over the bundled documents and a generated corpus of Hugo and MDX pages.

use paap::content::{Doc, Library, LoadOptions, Target};
use paap::markdown::{Theme, links, render};
use proptest::prelude::*;

/// Asserts that every view of the links of document `index` agrees, and that each link's
/// file line is where it was written.
fn assert_agree(library: &Library, index: usize, file: &str) -> Result<(), TestCaseError> {
    let doc = library.doc(index);
    let listed = library.links(index);
    let plain = links(&doc.body);
    prop_assert_eq!(listed.len(), plain.len());
    for theme in [Theme::dark(), Theme::no_color()] {
        for width in [20u16, 80] {
            let drawn = render(&doc.body, width, &theme).links;
            prop_assert_eq!(drawn.len(), listed.len(), "{} at {}", doc.id, width);
            for (span, link) in drawn.iter().zip(&listed) {
                prop_assert_eq!(&span.href, &link.href, "{}", doc.id);
                // The links pane resolves what is drawn; `paap links` what is listed.
                let target = library.resolve_as(index, &span.href, span.is_ref);
                prop_assert_eq!(&target, &link.target, "{}", doc.id);
            }
            if !theme.color {
                let texts: Vec<&str> = drawn.iter().map(|l| l.text.as_str()).collect();
                let listed_texts: Vec<&str> = plain.iter().map(|l| l.text.as_str()).collect();
                prop_assert_eq!(texts, listed_texts, "{}", doc.id);
            }
        }
    }
    let lines: Vec<&str> = file.lines().collect();
    for link in &listed {
        let written = lines.get(link.line - 1).copied().unwrap_or("");
        let mark = link
            .href
            .strip_prefix("#fn-")
            .map(|label| format!("[^{label}"));
        prop_assert!(
            written.contains(&link.href) || mark.is_some_and(|m| written.contains(&m)),
            "{}: {:?} is not on line {}: {:?}",
            doc.id,
            link.href,
            link.line,
            written
        );
    }
    Ok(())
}

#[test]
fn bundled_documents_agree() {
    let library = Library::load(&LoadOptions {
        bundled: true,
        dirs: Vec::new(),
    })
    .unwrap();
    let mut total = 0;
    for index in 0..library.docs().len() {
        total += library.links(index).len();
        // The bundled files are not at hand as text; lines are checked on generated pages.
        let doc = library.doc(index);
        let listed = library.links(index);
        let drawn = render(&doc.body, 80, &Theme::dark()).links;
        assert_eq!(drawn.len(), listed.len(), "{}", doc.id);
        for (span, link) in drawn.iter().zip(&listed) {
            assert_eq!(span.href, link.href, "{}", doc.id);
            assert_eq!(
                library.resolve_as(index, &span.href, span.is_ref),
                link.target
            );
        }
    }
    assert!(total > 50, "only {total} links in the bundled documents");
}

/// One line of a Hugo or Docusaurus page: links of every kind, site syntax, code.
fn line() -> impl Strategy<Value = String> {
    let word = "[a-z]{1,8}";
    prop_oneof![
        3 => prop::collection::vec(word, 1..6).prop_map(|w| w.join(" ")),
        2 => (word, word).prop_map(|(t, u)| format!("see [{t}]({u}.md) now")),
        1 => (word, word).prop_map(|(t, u)| format!("[{t}]({{{{< ref \"{u}.md\" >}}}})")),
        1 => word.prop_map(|u| format!("go {{{{< relref \"{u}\" >}}}} there")),
        1 => word.prop_map(|u| format!("![{u}]({u}.png)")),
        1 => (word, word).prop_map(|(a, u)| format!("[![{a}]({a}.svg)](https://{u}.example/)")),
        1 => word.prop_map(|u| format!("at https://{u}.example/x, then")),
        1 => word.prop_map(|u| format!("<https://{u}.example>")),
        1 => word.prop_map(|u| format!("a <a href=\"{u}.md\">{u}</a> b")),
        // Few labels, so that marks find their notes.
        1 => "[a-c]".prop_map(|l| format!("a note[^{l}]")),
        1 => "[a-c]".prop_map(|l| format!("[^{l}]: the {l} note with [x]({l}.md)")),
        1 => word.prop_map(|u| format!("`[code]({u}.md)` and `{{{{< ref \"{u}\" >}}}}`")),
        1 => Just("{{< notice warning >}}".to_string()),
        1 => Just("{{< /notice >}}".to_string()),
        1 => word.prop_map(|t| format!(":::tip[{t}]")),
        1 => Just(":::note".to_string()),
        1 => Just(":::".to_string()),
        1 => Just("```".to_string()),
        1 => Just("import Tabs from '@theme/Tabs';".to_string()),
        1 => word.prop_map(|u| format!("{{/* hidden [x]({u}.md) */}}")),
        1 => Just("> ".to_string()),
        1 => Just("- ".to_string()),
        2 => Just(String::new()),
    ]
}

fn page() -> impl Strategy<Value = (bool, String)> {
    (
        any::<bool>(),
        prop::collection::vec(line(), 0..30),
        prop::option::of("[a-z]{1,8}"),
    )
        .prop_map(|(mdx, lines, title)| {
            let front = title.map_or(String::new(), |t| format!("---\ntitle: {t}\n---\n"));
            (mdx, format!("{front}{}\n", lines.join("\n")))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_hugo_and_mdx_pages_agree(pages in prop::collection::vec(page(), 1..6)) {
        let mut files = Vec::new();
        let mut docs = Vec::new();
        for (i, (mdx, text)) in pages.iter().enumerate() {
            let id = if *mdx { format!("docs/p{i}.mdx") } else { format!("p{i}.md") };
            docs.push(Doc::from_markdown(&id, text).0);
            files.push(text.clone());
        }
        let library = Library::from_docs(docs, Vec::new());
        for (index, file) in files.iter().enumerate() {
            assert_agree(&library, index, file)?;
        }
        // Backlinks are the listed links that reach another document.
        for (index, _) in files.iter().enumerate() {
            for &from in library.backlinks(index) {
                let reaches = library.links(from).iter().any(|l| {
                    matches!(l.target, Target::Doc { index: to, .. } if to == index)
                });
                prop_assert!(reaches);
            }
        }
    }
}

#[test]
fn the_generated_corpus_holds_every_kind_of_link() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut hrefs = Vec::new();
    let mut refs = 0;
    for _ in 0..40 {
        let (mdx, text) = page().new_tree(&mut runner).unwrap().current();
        let id = if mdx { "p.mdx" } else { "p.md" };
        let library = Library::from_docs(vec![Doc::from_markdown(id, &text).0], Vec::new());
        refs += links(&library.doc(0).body)
            .iter()
            .filter(|l| l.is_ref)
            .count();
        hrefs.extend(library.links(0).into_iter().map(|l| l.href));
    }
    for kind in [".md", ".png", "https://", "#fn-"] {
        assert!(
            hrefs.iter().any(|h| h.contains(kind)),
            "no {kind} link in {hrefs:?}"
        );
    }
    assert!(refs > 0, "no ref shortcode read as a link");
}
