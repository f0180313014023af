//! The links of a document with their file lines, and resolution of hrefs to documents or
//! URLs.
//!
//! Resolution never touches the file system: a link can only reach a document that was loaded,
//! so nothing outside the content roots is ever reachable.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use super::Library;
use super::index::{join_normalized, parent, site_key, strip_page_extension};
use crate::site::ref_in_href;

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A loaded document (index into `Library::docs`), optionally at a heading anchor.
    Doc {
        index: usize,
        anchor: Option<String>,
    },
    /// An `http`, `https` or `mailto` URL.
    External(String),
    /// Could not be resolved; the reason is shown to the user.
    Missing(String),
}

/// One link found in a document's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLink {
    /// The destination as written (a shortcode's path for `{{< ref >}}`), sanitised.
    pub href: String,
    /// The link text as written (an image's alt text), whitespace collapsed.
    pub text: String,
    /// 1-based line in the file (front matter included).
    pub line: usize,
    pub target: Target,
    /// For an image with a local file (not a remote one): the file it names.
    pub image: Option<std::path::PathBuf>,
}

/// Every link of `doc`, as the renderer draws them (`markdown::links`), with the file line
/// each was written on.
pub(crate) fn of_doc(doc: &super::Doc) -> Vec<(crate::markdown::Link, usize)> {
    let body = &doc.body;
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    crate::markdown::links(body)
        .into_iter()
        .map(|link| {
            let body_line = line_starts.partition_point(|&s| s <= link.offset) - 1;
            let line = doc.body_line + doc.line_map.source_line(body_line);
            (link, line)
        })
        .collect()
}

/// The scheme of an absolute URL (`https`, `javascript` …), lowercased.
fn scheme(href: &str) -> Option<String> {
    let (scheme, _) = href.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

fn decode(text: &str) -> Cow<'_, str> {
    percent_decode_str(text).decode_utf8_lossy()
}

impl Library {
    /// Where `href`, written in document `from`, leads.
    ///
    /// Readings tried in order: file-relative (from the file's folder; an `index.md` is its
    /// folder), then, for relative links, relative to the page's URL as Hugo publishes it.
    /// Site-absolute links (`/blog/<slug>/`, front matter `url`) are looked up in `from`'s
    /// root first, then in the other roots.
    pub fn resolve(&self, from: usize, href: &str) -> Target {
        self.resolve_as(from, href, false)
    }

    /// [`Library::resolve`], or, for a link written as a Hugo `ref`/`relref` (`is_ref`), as
    /// Hugo resolves those.
    pub fn resolve_as(&self, from: usize, href: &str, is_ref: bool) -> Target {
        let href = href.trim();
        if is_ref && !href.is_empty() {
            return self.resolve_ref(from, href);
        }
        if let Some(path) = ref_in_href(href) {
            return self.resolve_ref(from, &path);
        }
        if href.is_empty() {
            return Target::Missing("the link is empty".to_string());
        }
        if let Some(rest) = href.strip_prefix("//") {
            return Target::External(format!("https://{rest}"));
        }
        if let Some(scheme) = scheme(href) {
            return match scheme.as_str() {
                "http" | "https" | "mailto" => Target::External(href.to_string()),
                other => Target::Missing(format!("{other}: links are not followed")),
            };
        }
        let (path, anchor) = split_anchor(href);
        if path.is_empty() {
            return Target::Doc {
                index: from,
                anchor,
            };
        }
        let doc = &self.docs[from];
        if path.starts_with('/') {
            return self.resolve_site_path(from, &path, anchor);
        }
        let folder = parent(&doc.id);
        if let Some(joined) = join_normalized(folder, &path, false)
            && let Some(index) = self.lookup_in(doc.root, &joined)
        {
            return Target::Doc { index, anchor };
        }
        // Hugo publishes `blog/x.md` at `/blog/x/` (or its `url`), and the browser resolves
        // relative links from there, clamping `..` at the site root.
        let page_url = page_url(doc);
        if let Some(joined) = join_normalized(&page_url, &path, true)
            && let Some(index) = self.lookup_in(doc.root, &joined)
        {
            return Target::Doc { index, anchor };
        }
        match join_normalized(folder, &path, false) {
            None => Target::Missing(format!(
                "{path} leads outside the content folder; links only reach loaded documents"
            )),
            Some(joined) if names_file(&joined) => Target::Missing(format!(
                "{joined} is a file, not a document; paap opens markdown pages only"
            )),
            // Next to a single file given to --content, or in a hidden or skipped folder.
            Some(joined) if exists_beside(doc, &path) => Target::Missing(format!(
                "{joined} is on disk but was not loaded; give its folder to --content to follow \
                 this link"
            )),
            Some(joined) => Target::Missing(format!("no document at {joined}")),
        }
    }

    /// Hugo `ref`/`relref`: a path relative to the page, else to the content root, else a
    /// unique file name anywhere.
    fn resolve_ref(&self, from: usize, written: &str) -> Target {
        let (path, anchor) = split_anchor(written);
        if path.is_empty() {
            return Target::Doc {
                index: from,
                anchor,
            };
        }
        let doc = &self.docs[from];
        if path.starts_with('/') {
            return self.resolve_site_path(from, &path, anchor);
        }
        if let Some(joined) = join_normalized(parent(&doc.id), &path, false)
            && let Some(index) = self.lookup_in(doc.root, &joined)
        {
            return Target::Doc { index, anchor };
        }
        if let Target::Doc { index, anchor } = self.resolve_site_path(from, &path, anchor.clone()) {
            return Target::Doc { index, anchor };
        }
        let suffix = format!("/{}", strip_page_extension(&path));
        let mut matches = self.docs.iter().enumerate().filter(|(_, d)| {
            d.root == doc.root && format!("/{}", strip_page_extension(&d.id)).ends_with(&suffix)
        });
        match (matches.next(), matches.next()) {
            (Some((index, _)), None) => Target::Doc { index, anchor },
            (Some(_), Some(_)) => {
                Target::Missing(format!("ref \"{path}\" matches several documents"))
            }
            _ => Target::Missing(format!("ref \"{path}\" names no document")),
        }
    }

    fn resolve_site_path(&self, from: usize, path: &str, anchor: Option<String>) -> Target {
        let Some(joined) = join_normalized("", path, false) else {
            return Target::Missing(format!(
                "{path} leads outside the content folder; links only reach loaded documents"
            ));
        };
        let home = self.docs[from].root;
        let roots = std::iter::once(home).chain((0..self.root_count()).filter(|&r| r != home));
        for root in roots {
            if let Some(index) = self.lookup_in(root, &joined) {
                return Target::Doc { index, anchor };
            }
        }
        Target::Missing(format!("no document at /{joined}"))
    }

    pub(crate) fn lookup_in(&self, root: usize, path: &str) -> Option<usize> {
        self.roots().get(root)?.lookup(path)
    }
}

/// True when a local href names a file other than a page (an image, a PDF …): paap cannot
/// show it and does not look for it on disk, so `check` does not call it broken.
pub(crate) fn names_file(href: &str) -> bool {
    if scheme(href).is_some() || ref_in_href(href).is_some() {
        return false;
    }
    let (path, _) = split_anchor(href);
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    match name.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && !ext.is_empty()
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && strip_page_extension(name).len() == name.len()
        }
        None => false,
    }
}

/// `path#anchor?query` → (decoded path, decoded anchor). The query is dropped.
/// Whether `relative` names a file on disk, seen from the folder of `doc`'s file. Asked
/// only of links that found no document, to say why.
fn exists_beside(doc: &super::Doc, relative: &str) -> bool {
    doc.path
        .as_deref()
        .and_then(std::path::Path::parent)
        .is_some_and(|folder| folder.join(relative).is_file())
}

fn split_anchor(href: &str) -> (String, Option<String>) {
    let (rest, anchor) = match href.split_once('#') {
        Some((rest, anchor)) => (rest, Some(anchor)),
        None => (href, None),
    };
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    let anchor = anchor
        .map(|a| decode(a).trim().to_string())
        .filter(|a| !a.is_empty());
    (decode(path).trim().to_string(), anchor)
}

/// The folder a browser resolves the page's relative links from, as Hugo publishes it.
fn page_url(doc: &super::Doc) -> String {
    if let Some(url) = &doc.url {
        return site_key(url);
    }
    if doc.is_folder_index() {
        return parent(&doc.id).to_string();
    }
    let folder = parent(&doc.id);
    if folder.is_empty() {
        doc.slug.clone()
    } else {
        format!("{folder}/{}", doc.slug)
    }
}
