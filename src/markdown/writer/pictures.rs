//! A paragraph (or HTML block) that is one image and nothing else becomes a picture block:
//! rows of its own, then its `[image: alt]` caption, which stays the link.

use ratatui::style::Modifier;

use super::Writer;
use crate::markdown::layout::Inline;
use crate::markdown::picture::{ImageBlock, PictureSize, cells};

impl Writer<'_> {
    /// Called at the end of a paragraph or HTML block, before its text is laid out.
    pub(super) fn picture_block(&mut self) {
        let Some(link) = self.lone_image() else {
            return;
        };
        let Some(written) = self.reader.link(link).map(|l| l.written.clone()) else {
            return;
        };
        match (self.pictures.size)(&written) {
            PictureSize::Unknown => {}
            PictureSize::Broken(why) => {
                let style = self.base_style().add_modifier(Modifier::DIM);
                self.inlines.push(Inline::Text {
                    text: format!(" (not shown: {})", crate::text::sanitize(&why)),
                    style,
                    link: None,
                });
            }
            PictureSize::Pixels(w, h) => {
                let Some((cols, rows)) = cells((w, h), self.avail(), self.pictures.max_rows) else {
                    return;
                };
                self.gap();
                let line = self.lines.len();
                let col = u16::try_from(self.width - self.avail()).unwrap_or(u16::MAX);
                for _ in 0..rows {
                    self.emit(Vec::new());
                }
                self.images.push(ImageBlock {
                    link,
                    written,
                    line,
                    col,
                    cols,
                    rows,
                });
            }
        }
    }

    /// The link of the one image the block's text is, if it is nothing else (spaces
    /// and line breaks aside).
    fn lone_image(&self) -> Option<usize> {
        let mut found = None;
        for inline in &self.inlines {
            match inline {
                Inline::Break => {}
                Inline::Text { text, .. } if text.trim().is_empty() => {}
                Inline::Text { link: Some(id), .. } if found.is_none_or(|f| f == *id) => {
                    found = Some(*id);
                }
                Inline::Text { .. } => return None,
            }
        }
        found.filter(|&id| self.reader.link(id).is_some_and(|l| l.image))
    }
}
