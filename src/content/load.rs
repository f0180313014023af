//! Loading the bundled content and `--content` folders.

use std::path::PathBuf;

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include the content embedded in the binary.
    pub bundled: bool,
    /// Extra folders (`--content DIR`), in order.
    pub dirs: Vec<PathBuf>,
}

/// A failure that stops loading altogether (a missing or unreadable folder).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("content folder {path} cannot be read: {source}. Check the path given to --content.")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
}
