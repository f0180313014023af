//! Names that reach two documents, where only the first loaded can ever be reached:
//! two files with one id (their names differ only in bytes that are not UTF-8, which the
//! id shows as U+FFFD), two pages with one address (the same slug, or file name, in one
//! folder), and two pages with one front-matter `url`. `check` reports each later one,
//! naming both files.

use std::collections::HashMap;

use super::index::{is_index_file, parent, site_key};
use super::{Doc, Problem};

/// A problem for every document a name already led to another one before it.
pub(super) fn problems(docs: &[Doc]) -> Vec<Problem> {
    let mut ids: HashMap<(usize, &str), usize> = HashMap::with_capacity(docs.len());
    let mut addresses: HashMap<(usize, String), usize> = HashMap::with_capacity(docs.len());
    let mut urls: HashMap<(usize, String), usize> = HashMap::new();
    let mut problems = Vec::new();
    for (index, doc) in docs.iter().enumerate() {
        let mut report = |message: String| {
            problems.push(Problem {
                file: named(doc),
                line: None,
                message,
            })
        };
        if let Some(&first) = ids.get(&(doc.root, doc.id.as_str())) {
            let why = if doc.id.contains('\u{FFFD}') {
                " (the file names differ only in bytes that are not UTF-8)"
            } else {
                ""
            };
            report(format!(
                "has the same id \"{}\" as {}, the only one of them that can be opened{why}: \
                 rename one",
                doc.id,
                named(&docs[first])
            ));
            // One problem per document: its address and url clash too, by the same cause.
            continue;
        }
        ids.insert((doc.root, doc.id.as_str()), index);
        let address = address(doc);
        match addresses.get(&(doc.root, address.clone())) {
            Some(&first) => report(format!(
                "has the same address \"/{address}/\" (from its slug \"{}\") as {}, which links \
                 to it reach: give one of them another `slug`",
                doc.slug,
                named(&docs[first])
            )),
            None => {
                addresses.insert((doc.root, address), index);
            }
        }
        let Some(url) = doc.url.as_deref().map(site_key) else {
            continue;
        };
        match urls.get(&(doc.root, url.clone())) {
            Some(&first) => report(format!(
                "has the same front-matter url \"/{url}/\" as {}, which links to it reach: give \
                 one of them another `url`",
                named(&docs[first])
            )),
            None => {
                urls.insert((doc.root, url), index);
            }
        }
    }
    problems
}

/// The page's address as Hugo publishes it, lowercased: its folder and its slug (for
/// `index.md`, the folder's parent and its slug, which is the folder's name by default).
fn address(doc: &Doc) -> String {
    let folder = parent(&doc.id);
    let base = if is_index_file(&doc.id) {
        parent(folder)
    } else {
        folder
    };
    let slug = doc.slug.to_lowercase();
    if base.is_empty() {
        slug
    } else {
        format!("{}/{slug}", base.to_lowercase())
    }
}

/// A document's file for messages, with bytes that are not UTF-8 shown as `\xFF` escapes
/// so that two names that print alike can be told apart.
fn named(doc: &Doc) -> String {
    match &doc.path {
        Some(path) if path.to_str().is_none() => format!("{path:?}"),
        _ => doc.display_file(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, slug: &str) -> Doc {
        Doc {
            id: id.into(),
            slug: slug.into(),
            ..Doc::default()
        }
    }

    #[test]
    fn same_slug_in_one_folder_is_reported_on_the_second() {
        let docs = [
            doc("blog/a.md", "x"),
            doc("blog/b.md", "X"),
            doc("news/c.md", "x"),
            doc("blog/x/index.md", "x"),
        ];
        let found = problems(&docs);
        let files: Vec<&str> = found.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["blog/b.md", "blog/x/index.md"]);
        assert_eq!(
            found[0].message,
            "has the same address \"/blog/x/\" (from its slug \"X\") as blog/a.md, which links \
             to it reach: give one of them another `slug`"
        );
    }

    #[test]
    fn other_roots_and_other_folders_do_not_clash() {
        let mut other_root = doc("blog/a.md", "x");
        other_root.root = 1;
        let docs = [doc("blog/a.md", "x"), other_root, doc("blog/x.md", "y")];
        assert_eq!(problems(&docs), []);
    }

    #[test]
    fn same_url_is_reported() {
        let mut a = doc("a.md", "a");
        a.url = Some("/about/".into());
        let mut b = doc("b.md", "b");
        b.url = Some("about".into());
        let found = problems(&[a, b]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("has the same front-matter url \"/about/\"")
        );
    }
}
