//! Library queries the TUI needs that the content module will provide
//! (`Library::sorted_newest_first`, `resolve`, `backlinks`). Until those land they are
//! computed here, behind these small functions, so swapping them is a one-line change each.

use pulldown_cmark::{Event, Parser, Tag};

use crate::content::{Library, Target};

/// Document indices, newest first; undated documents last, then by title.
pub fn newest_first(library: &Library) -> Vec<usize> {
    let docs = library.docs();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&docs[a], &docs[b]);
        b.date
            .cmp(&a.date)
            .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
    });
    order
}

/// Where `href`, written in document `from`, leads.
pub fn resolve(library: &Library, from: usize, href: &str) -> Target {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
    {
        return Target::External(href.to_string());
    }
    if let Some((scheme, _)) = lower.split_once(':')
        && !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    {
        return Target::Missing(format!("{scheme}: links are not opened"));
    }
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, (!a.is_empty()).then(|| a.to_string())),
        None => (href, None),
    };
    if path.is_empty() {
        return Target::Doc {
            index: from,
            anchor,
        };
    }
    let wanted = if path.starts_with('/') {
        normalise(path)
    } else {
        let from_id = &library.doc(from).id;
        let dir = from_id.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        normalise(&format!("{dir}/{path}"))
    };
    let found = library.docs().iter().position(|d| {
        d.root == library.doc(from).root && doc_keys(&d.id, d.url.as_deref()).contains(&wanted)
    });
    match found.or_else(|| {
        // Hugo permalinks (`/blog/slug/`) and bare slugs from other sections.
        let last = wanted.rsplit('/').next().unwrap_or("");
        library
            .docs()
            .iter()
            .position(|d| d.slug == last && !last.is_empty())
    }) {
        Some(index) => Target::Doc { index, anchor },
        None => Target::Missing(format!("no document at {path}")),
    }
}

/// For each document, the documents that link to it (each once, in library order).
pub fn backlinks(library: &Library) -> Vec<Vec<usize>> {
    let mut incoming = vec![Vec::new(); library.docs().len()];
    for (from, doc) in library.docs().iter().enumerate() {
        for event in Parser::new(&doc.body) {
            if let Event::Start(Tag::Link { dest_url, .. }) = event
                && let Target::Doc { index, .. } = resolve(library, from, &dest_url)
                && index != from
                && incoming[index].last() != Some(&from)
            {
                incoming[index].push(from);
            }
        }
    }
    incoming
}

/// `a/./b/../c.md/` → `a/c`: no leading/trailing slash, no `.md`, no `index`.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    for suffix in [".md", ".markdown"] {
        if let Some(stripped) = joined.strip_suffix(suffix) {
            joined = stripped.to_string();
        }
    }
    for index in ["_index", "index"] {
        if joined == index {
            joined.clear();
        } else if let Some(stripped) = joined.strip_suffix(&format!("/{index}")) {
            joined = stripped.to_string();
        }
    }
    joined
}

fn doc_keys(id: &str, url: Option<&str>) -> Vec<String> {
    let mut keys = vec![normalise(id)];
    if let Some(url) = url {
        keys.push(normalise(url));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Doc;

    fn doc(id: &str, body: &str) -> Doc {
        Doc {
            id: id.into(),
            slug: id
                .rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".md")
                .into(),
            title: id.into(),
            body: body.into(),
            ..Doc::default()
        }
    }

    #[test]
    fn resolves_relative_absolute_anchor_and_external() {
        let lib = Library::from_docs(
            vec![
                doc("blog/a.md", "[b](b.md) [x](https://x.org)"),
                doc("blog/b.md", ""),
                doc("_index.md", ""),
            ],
            vec![],
        );
        assert_eq!(
            resolve(&lib, 0, "b.md"),
            Target::Doc {
                index: 1,
                anchor: None
            }
        );
        assert_eq!(
            resolve(&lib, 0, "/blog/b/#top"),
            Target::Doc {
                index: 1,
                anchor: Some("top".into())
            }
        );
        assert_eq!(
            resolve(&lib, 0, "../"),
            Target::Doc {
                index: 2,
                anchor: None
            }
        );
        assert_eq!(
            resolve(&lib, 0, "#h"),
            Target::Doc {
                index: 0,
                anchor: Some("h".into())
            }
        );
        assert_eq!(
            resolve(&lib, 0, "https://x.org"),
            Target::External("https://x.org".into())
        );
        assert!(matches!(
            resolve(&lib, 0, "javascript:alert(1)"),
            Target::Missing(_)
        ));
        assert!(matches!(resolve(&lib, 0, "nope.md"), Target::Missing(_)));
        assert_eq!(backlinks(&lib), vec![vec![], vec![0], vec![]]);
    }
}
