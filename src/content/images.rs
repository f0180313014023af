//! Where a document's image points on disk: relative to the document's folder (its page
//! bundle), or, written site-absolute (`/images/x.png`), in the site's `static/` folder.
//! Remote images (`https://…`, `data:`) have no local file and are never fetched.

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

/// Files that mark a Hugo site's root folder.
const SITE_CONFIGS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.json",
];

/// The local file the image target `written` names, for a document read from `doc_path`.
/// `None` for remote images, or when the document was not read from a file.
pub fn local_image(doc_path: Option<&Path>, written: &str) -> Option<PathBuf> {
    if !is_local(written) {
        return None;
    }
    let written = written.trim();
    let without_fragment = written.split(['#', '?']).next().unwrap_or(written);
    let decoded = percent_decode_str(without_fragment).decode_utf8().ok()?;
    let folder = doc_path?.parent()?;
    Some(match decoded.strip_prefix('/') {
        Some(site_path) => site_root(folder)?.join("static").join(site_path),
        None => folder.join(decoded.as_ref()),
    })
}

/// Whether image target `written` may name a local file (no scheme, not empty): decided
/// on the text alone, without looking at the disk.
pub fn is_local(written: &str) -> bool {
    let written = written.trim();
    !(written.is_empty() || written.contains("://") || has_scheme(written))
}

/// `data:`, `mailto:` and the like (a Windows drive letter is one character, not a scheme).
fn has_scheme(written: &str) -> bool {
    written.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The nearest folder at or above `folder` that holds a Hugo configuration file.
fn site_root(folder: &Path) -> Option<&Path> {
    folder
        .ancestors()
        .find(|dir| SITE_CONFIGS.iter().any(|name| dir.join(name).is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_to_the_document() {
        let doc = Path::new("/site/content/blog/post/index.md");
        assert_eq!(
            local_image(Some(doc), "map%20v2.png#x"),
            Some(PathBuf::from("/site/content/blog/post/map v2.png"))
        );
        assert_eq!(
            local_image(Some(doc), "../shared/a.jpg"),
            Some(PathBuf::from("/site/content/blog/post/../shared/a.jpg"))
        );
    }

    #[test]
    fn remote_and_data_images_have_no_file() {
        let doc = Path::new("/d/a.md");
        assert_eq!(local_image(Some(doc), "https://x.example/a.png"), None);
        assert_eq!(local_image(Some(doc), "data:image/png;base64,AA"), None);
        assert_eq!(local_image(None, "a.png"), None);
        assert_eq!(local_image(Some(doc), " "), None);
    }

    #[test]
    fn site_absolute_in_static() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hugo.toml"), "").unwrap();
        std::fs::create_dir_all(dir.path().join("content/docs")).unwrap();
        let doc = dir.path().join("content/docs/a.md");
        assert_eq!(
            local_image(Some(&doc), "/images/x.png"),
            Some(dir.path().join("static/images/x.png"))
        );
        // Without a site configuration above, a site-absolute path names nothing.
        let lone = tempfile::tempdir().unwrap();
        assert_eq!(local_image(Some(&lone.path().join("a.md")), "/x.png"), None);
    }
}
