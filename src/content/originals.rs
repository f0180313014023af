//! Summaries and their originals: a bundled (or `--content`) document whose `source` URL
//! names a page of a synced source has that page as its original.
//!
//! The URL is matched the way links resolve: a page on one of the source's web hosts is
//! looked up by its site path (Hugo permalinks: `/blog/<slug>/`, front matter `url`, a
//! folder's `_index.md`), and a `github.com/OWNER/REPO/tree|blob/REF/PATH` link names a
//! file or folder of that repository (a folder by its README or index).

use percent_encoding::percent_decode_str;

use super::index::join_normalized;
use super::{Library, Origin};

/// Each document's original and each original's summaries, by index.
#[derive(Debug, Default)]
pub(super) struct Pairs {
    original: Vec<Option<usize>>,
    summaries: Vec<Vec<usize>>,
}

/// The pages GitHub shows for a folder, in the order it looks for them.
const FOLDER_PAGES: &[&str] = &["README.md", "readme.md", "README", "index.md", "_index.md"];

impl Library {
    /// Where a document came from (bundled, a `--content` folder, a synced source).
    pub fn origin(&self, index: usize) -> &Origin {
        &self.docs[index].origin
    }

    /// Whether any synced source is loaded (the originals).
    pub fn has_synced(&self) -> bool {
        self.origins.iter().any(Origin::is_synced)
    }

    /// The synced document that is the original of summary `index`, when its `source`
    /// URL names one. `None` for documents of a synced source themselves.
    pub fn original_of(&self, index: usize) -> Option<usize> {
        self.pairs().original.get(index).copied().flatten()
    }

    /// The summaries whose original is document `index` (in library order).
    pub fn summaries_of(&self, index: usize) -> &[usize] {
        self.pairs().summaries.get(index).map_or(&[], Vec::as_slice)
    }

    /// The synced document a web URL names, if any.
    pub fn synced_page(&self, url: &str) -> Option<usize> {
        let (host, path) = split_url(url)?;
        let path = join_normalized("", &percent_decode_str(&path).decode_utf8_lossy(), false)?;
        if host == "github.com" {
            return self.github_file(&path);
        }
        self.synced_roots().find_map(|(root, source)| {
            source
                .hosts
                .iter()
                .any(|h| bare_host(h) == host)
                .then(|| self.lookup_in(root, &path))
                .flatten()
        })
    }

    fn pairs(&self) -> &super::originals::Pairs {
        self.originals.get_or_init(|| {
            let mut pairs = Pairs {
                original: vec![None; self.docs.len()],
                summaries: vec![Vec::new(); self.docs.len()],
            };
            if !self.has_synced() {
                return pairs;
            }
            for (index, doc) in self.docs.iter().enumerate() {
                if doc.origin.is_synced() {
                    continue;
                }
                let original = doc.source.as_deref().and_then(|url| self.synced_page(url));
                if let Some(original) = original {
                    pairs.original[index] = Some(original);
                    pairs.summaries[original].push(index);
                }
            }
            pairs
        })
    }

    fn synced_roots(&self) -> impl Iterator<Item = (usize, &super::SourceRoot)> {
        self.origins
            .iter()
            .enumerate()
            .filter_map(|(root, origin)| origin.source().map(|source| (root, source)))
    }

    /// `OWNER/REPO/tree/REF/PATH` (or `blob`): the file or folder at PATH in a synced
    /// root of that repository. The ref is not compared: one copy of a repository is kept.
    fn github_file(&self, path: &str) -> Option<usize> {
        let mut parts = path.splitn(5, '/');
        let (owner, repo) = (parts.next()?, parts.next()?);
        let file = match (parts.next(), parts.next()) {
            (Some("tree" | "blob"), Some(_reference)) => parts.next().unwrap_or(""),
            (None, None) => "",
            _ => return None,
        };
        let full = format!("{owner}/{repo}");
        self.synced_roots()
            .filter(|(_, source)| {
                source
                    .repo
                    .as_deref()
                    .is_some_and(|r| r.eq_ignore_ascii_case(&full))
            })
            .find_map(|(root, source)| {
                let inside = if source.path.is_empty() {
                    file
                } else if file == source.path {
                    ""
                } else {
                    file.strip_prefix(&format!("{}/", source.path))?
                };
                let exact = (!inside.is_empty())
                    .then(|| self.lookup_in(root, inside))
                    .flatten();
                exact.or_else(|| {
                    FOLDER_PAGES.iter().find_map(|page| {
                        let candidate = match inside {
                            "" => page.to_string(),
                            folder => format!("{folder}/{page}"),
                        };
                        self.lookup_in(root, &candidate)
                    })
                })
            })
    }
}

/// `https://www.Example.com:443/a/b/?q#f` → (`example.com`, `a/b/`): the host without
/// `www.` or port, lowercased, and the path without query or fragment.
fn split_url(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(end);
    let path = after.split(['?', '#']).next().unwrap_or("");
    Some((bare_host(authority), path.to_string()))
}

fn bare_host(authority: &str) -> String {
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    host.strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_bare_host_and_path() {
        assert_eq!(
            split_url("https://www.CloudNativePlatforms.com:443/blog/x/?a=1#top"),
            Some(("cloudnativeplatforms.com".into(), "/blog/x/".into()))
        );
        assert_eq!(
            split_url("https://cloudnativeplatforms.com"),
            Some(("cloudnativeplatforms.com".into(), "".into()))
        );
        assert_eq!(split_url("mailto:a@b"), None);
        assert_eq!(split_url("ftp://h/x"), None);
    }
}
