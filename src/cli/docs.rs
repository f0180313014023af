//! Turning the `DOC` argument into a document, with a helpful message when it cannot.

use crate::content::{FindError, Library};

/// The document named by `query` (id, slug or unique title prefix), or an error that lists
/// the closest candidates so the user can pick one.
pub fn find_doc(library: &Library, query: &str) -> anyhow::Result<usize> {
    library.find(query).map_err(|err| {
        let (what, candidates) = match &err {
            FindError::NotFound { candidates, .. } => {
                (format!("no document matches \"{query}\""), candidates)
            }
            FindError::Ambiguous { candidates, .. } => {
                (format!("\"{query}\" matches several documents"), candidates)
            }
        };
        let mut message = what;
        if candidates.is_empty() {
            message.push_str(". Run `paap list` to see every document id.");
        } else {
            message.push_str(". Name one by its id:");
            for &index in candidates {
                let doc = library.doc(index);
                let id = doc.qualified_id();
                message.push_str(&format!("\n  {id}  {}", doc.title));
            }
        }
        anyhow::anyhow!(message)
    })
}
