//! Lookup tables of one content root: documents by file path and by site URL.
//!
//! A Hugo site names the same page many ways: `blog/x.md`, `blog/x`, `blog/x/` (a folder link
//! naming the file), `/blog/<slug>/` (the permalink), the front matter `url`, and for
//! `index.md`/`_index.md` the folder itself. Each root keeps two maps so the resolver and
//! `find` can try those readings cheaply.

use std::collections::HashMap;

use rayon::prelude::*;

use super::Doc;

#[derive(Debug, Default)]
pub(crate) struct RootIndex {
    /// File-path keys: the id, the id without extension, the folder of an index file.
    paths: HashMap<String, usize>,
    /// Lowercased site paths: front matter `url`, `section/slug`, `folder/slug`.
    permalinks: HashMap<String, usize>,
}

/// File extensions that name a page: markdown sources and rendered HTML.
const PAGE_EXTENSIONS: &[&str] = &[".md", ".mdx", ".markdown", ".html", ".htm"];

impl RootIndex {
    /// One index per root, in root order. Earlier documents win a contested key.
    pub(crate) fn build_all(docs: &[Doc]) -> Vec<RootIndex> {
        let count = docs.iter().map(|d| d.root + 1).max().unwrap_or(0);
        let mut roots: Vec<RootIndex> = (0..count).map(|_| RootIndex::default()).collect();
        let mut sizes = vec![0; count];
        for doc in docs {
            sizes[doc.root] += 1;
        }
        // Room for two keys of each kind per document of the root, not of the library: a
        // root of 26 bundled pages needs no table sized for 10,000.
        for (root, size) in roots.iter_mut().zip(sizes) {
            root.paths.reserve(size * 2);
            root.permalinks.reserve(size * 2);
        }
        // Making the keys (allocating, lowercasing) is the costly part: do it in parallel.
        let keys: Vec<DocKeys> = docs.par_iter().map(DocKeys::of).collect();
        // Inserted in priority order: an exact id beats an id without extension, which beats
        // a folder index; a front matter `url` beats a derived permalink.
        let mut keys: Vec<_> = keys.into_iter().enumerate().collect();
        for (i, k) in &mut keys {
            let paths = &mut roots[docs[*i].root].paths;
            paths.entry(std::mem::take(&mut k.id)).or_insert(*i);
        }
        for (i, k) in &mut keys {
            let paths = &mut roots[docs[*i].root].paths;
            paths.entry(std::mem::take(&mut k.stem)).or_insert(*i);
        }
        for (i, k) in &mut keys {
            if let Some(folder) = k.folder.take() {
                roots[docs[*i].root].paths.entry(folder).or_insert(*i);
            }
        }
        for (i, k) in &mut keys {
            if let Some(url) = k.url.take() {
                roots[docs[*i].root].permalinks.entry(url).or_insert(*i);
            }
        }
        for (i, k) in keys {
            let permalinks = &mut roots[docs[i].root].permalinks;
            for key in k.permalinks {
                permalinks.entry(key).or_insert(i);
            }
        }
        roots
    }

    /// The document at a normalized root-relative path (no leading or trailing slash).
    pub(crate) fn lookup(&self, path: &str) -> Option<usize> {
        if let Some(&i) = self.paths.get(path) {
            return Some(i);
        }
        let stem = strip_page_extension(path);
        if stem.len() != path.len()
            && let Some(&i) = self.paths.get(stem)
        {
            return Some(i);
        }
        let key = stem.to_lowercase();
        if let Some(&i) = self.permalinks.get(&key) {
            return Some(i);
        }
        // `blog/x/index.html` or `blog/x/index.md` as a link to the page `blog/x`.
        let file = path.rsplit('/').next().unwrap_or(path);
        if is_index_name(strip_page_extension(file)) {
            return self.lookup(parent(path));
        }
        None
    }
}

/// Every key one document is known by.
struct DocKeys {
    id: String,
    stem: String,
    folder: Option<String>,
    url: Option<String>,
    permalinks: Vec<String>,
}

impl DocKeys {
    fn of(doc: &Doc) -> DocKeys {
        DocKeys {
            id: doc.id.clone(),
            stem: strip_page_extension(&doc.id).to_string(),
            folder: is_index_file(&doc.id).then(|| parent(&doc.id).to_string()),
            url: doc.url.as_deref().map(site_key),
            permalinks: derived_permalinks(doc),
        }
    }
}

/// The permalinks Hugo would give a page besides its front matter `url`.
fn derived_permalinks(doc: &Doc) -> Vec<String> {
    let slug = doc.slug.to_lowercase();
    let mut keys = Vec::new();
    if is_index_file(&doc.id) {
        let folder = parent(&doc.id);
        keys.push(folder.to_lowercase());
        // A page bundle with a slug: the slug replaces the folder name.
        keys.push(join(parent(folder), &slug));
    } else {
        let folder = parent(&doc.id);
        keys.push(join(folder, &slug));
        // Blog permalinks are `section/slug` (e.g. `/blog/<slug>/`) even for nested files.
        if let Some((section, _)) = doc.id.split_once('/') {
            keys.push(join(&section.to_lowercase(), &slug));
        }
    }
    keys
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{}/{name}", folder.to_lowercase())
    }
}

/// A `url` or site path as a lookup key: no slashes at either end, lowercased.
pub(crate) fn site_key(url: &str) -> String {
    url.trim().trim_matches('/').to_lowercase()
}

/// `a/b/c.md` → `a/b`; `c.md` → ``.
pub(crate) fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

pub(crate) fn strip_page_extension(path: &str) -> &str {
    for ext in PAGE_EXTENSIONS {
        if path.len() > ext.len() && has_extension(path, ext) {
            return &path[..path.len() - ext.len()];
        }
    }
    path
}

/// Whether `path` ends with `ext` (ASCII, any case). Compared as bytes: the same cut as a
/// str slice would panic inside a char ("日x" against ".md").
pub(crate) fn has_extension(path: &str, ext: &str) -> bool {
    path.len() >= ext.len()
        && path.as_bytes()[path.len() - ext.len()..].eq_ignore_ascii_case(ext.as_bytes())
}

fn is_index_name(stem: &str) -> bool {
    stem == "index" || stem == "_index"
}

/// True for `index.md`, `_index.md` (and `.mdx`, `.markdown`): the page of their folder.
pub(crate) fn is_index_file(id: &str) -> bool {
    let file = id.rsplit('/').next().unwrap_or(id);
    let stem = strip_page_extension(file);
    stem.len() != file.len() && is_index_name(stem)
}

/// Applies `relative` to the folder `base` (both `/`-separated, no leading slash).
/// `..` above the root is an error, unless `clamp` (how browsers treat URLs) is set.
pub(crate) fn join_normalized(base: &str, relative: &str, clamp: bool) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() && !clamp {
                    return None;
                }
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}
