//! Front-matter text made safe to draw, once, as a document is loaded: every layer above
//! (`ui`, `cli`, `app`, `tui`) shows titles, authors, tags and descriptions as they are.
//!
//! Only text that is shown as text is cleaned. Kept as written: the id (a path: it names
//! the file and is how it is looked up), the slug, `source` and `url` (URLs are decided on
//! by `browser::check_url` and opened as written; the renderer cleans them where they are
//! drawn) and `extra` (only `--json` shows it, escaped). Where those are printed, stdout's
//! `text::SafeWriter` or the TUI's gates (see ARCHITECTURE.md) drop controls.

use std::borrow::Cow;

use super::Doc;
use crate::text::sanitize;

/// Cleans `doc`'s shown fields in place, allocating only for a field that had something
/// to remove.
pub(super) fn fields(doc: &mut Doc) {
    clean(&mut doc.title);
    doc.authors.iter_mut().for_each(clean);
    doc.tags.iter_mut().for_each(clean);
    doc.categories.iter_mut().for_each(clean);
    doc.description.iter_mut().for_each(clean);
}

fn clean(text: &mut String) {
    if let Cow::Owned(clean) = sanitize(text) {
        *text = clean;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shown_field_is_cleaned_and_the_id_kept() {
        let hostile = "a\u{1b}[2J\u{85}\u{202e}\u{7}b";
        let mut doc = Doc {
            id: format!("{hostile}.md"),
            title: hostile.into(),
            authors: vec![hostile.into()],
            tags: vec![hostile.into()],
            categories: vec![hostile.into()],
            description: Some(hostile.into()),
            source: Some(hostile.into()),
            ..Doc::default()
        };
        fields(&mut doc);
        let shown = [
            &doc.title,
            &doc.authors[0],
            &doc.tags[0],
            &doc.categories[0],
            doc.description.as_ref().unwrap(),
        ];
        for field in shown {
            assert_eq!(field, "a[2Jb");
        }
        assert_eq!(doc.id, format!("{hostile}.md"));
        assert_eq!(
            doc.source.as_deref(),
            Some(hostile),
            "a URL is decided on as written"
        );
    }
}
