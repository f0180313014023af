//! Where a document came from: the bundled set, a folder given to `--content`, or a source
//! fetched by `paap sync`; and what kind of file it was read from.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

/// A document's origin; shared by every document of one content root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Origin {
    /// The summaries embedded in paap.
    #[default]
    Bundled,
    /// A folder (or one file) given to `--content` or in the config's `content`.
    Folder(Arc<Path>),
    /// A folder of a source fetched by `paap sync`: the originals.
    Source(Arc<SourceRoot>),
}

/// One kept folder of a synced source, loaded as a content root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRoot {
    /// The source's name (`cnpe-community`).
    pub name: String,
    /// `OWNER/REPO` when the source is a GitHub repository.
    pub repo: Option<String>,
    /// Web hosts that publish the source's pages, lowercased.
    pub hosts: Vec<String>,
    /// The kept path this root is, relative to the archive's top (`website/content/en`);
    /// empty when the whole archive was kept.
    pub path: String,
}

impl Origin {
    /// True for documents of a synced source.
    pub fn is_synced(&self) -> bool {
        matches!(self, Origin::Source(_))
    }

    /// `bundled`, the source's name, or the folder, for a list column or a header.
    pub fn label(&self) -> Cow<'_, str> {
        match self {
            Origin::Bundled => Cow::Borrowed("bundled"),
            Origin::Folder(path) => path.to_string_lossy(),
            Origin::Source(root) => Cow::Borrowed(&root.name),
        }
    }

    /// The synced source's root, if this is one.
    pub fn source(&self) -> Option<&SourceRoot> {
        match self {
            Origin::Source(root) => Some(root),
            _ => None,
        }
    }
}

/// `{"type": "bundled"}`, `{"type": "folder", "path": "…"}` or
/// `{"type": "source", "name": "…", "path": "…"}` in `list --json`.
impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            Origin::Bundled => map.serialize_entry("type", "bundled")?,
            Origin::Folder(path) => {
                map.serialize_entry("type", "folder")?;
                map.serialize_entry("path", &path.to_string_lossy())?;
            }
            Origin::Source(root) => {
                map.serialize_entry("type", "source")?;
                map.serialize_entry("name", &root.name)?;
                map.serialize_entry("path", &root.path)?;
            }
        }
        map.end()
    }
}

/// What a document's body is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Markdown (`.md`, `.mdx`, `.markdown`).
    #[default]
    Markdown,
    /// Plain text (`.txt`): shown as written, wrapped, no markup and no links.
    Text,
    /// A CSV table (`.csv`), turned into markdown: one section per column.
    Csv,
}
