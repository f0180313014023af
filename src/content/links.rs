//! Link extraction from markdown and resolution of hrefs to documents or URLs.

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
