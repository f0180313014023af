//! Where things are in a config file: line and column of a byte offset, the key whose
//! value holds an offset, and the span of a key named by a path.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// The start of every line, so each position costs a binary search instead of a scan
/// from the top (a file with 100,000 unknown keys gets 100,000 warnings).
pub(super) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(super) fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    /// 1-based line and column (in characters) of byte offset `offset` in `text`.
    pub(super) fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let column = text[line_start..offset].chars().count() + 1;
        (line, column)
    }
}

/// One step of a path to a setting: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Segment {
    Key(String),
    Index(usize),
}

/// The steps of a path that `serde_ignored` reports.
pub(super) fn segments(path: &serde_ignored::Path) -> Vec<Segment> {
    let mut steps = Vec::new();
    let mut at = path;
    loop {
        at = match at {
            serde_ignored::Path::Root => break,
            serde_ignored::Path::Map { parent, key } => {
                steps.push(Segment::Key(key.clone()));
                parent
            }
            serde_ignored::Path::Seq { parent, index } => {
                steps.push(Segment::Index(*index));
                parent
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => parent,
        };
    }
    steps.reverse();
    steps
}

/// `sources[1].colour`, as a person reads the path.
pub(super) fn display(segments: &[Segment]) -> String {
    let mut text = String::new();
    for segment in segments {
        match segment {
            Segment::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Segment::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// The span of the last key of `segments` (of an array item, when the path ends in one).
pub(super) fn key_span(root: &DeTable, segments: &[Segment]) -> Option<Range<usize>> {
    let mut table = root;
    let mut value: Option<&DeValue> = None;
    let mut span = None;
    for segment in segments {
        match segment {
            Segment::Key(name) => {
                if let Some(DeValue::Table(inner)) = value {
                    table = inner;
                }
                let (key, found) = table.get_key_value(name.as_str())?;
                span = Some(key.span());
                value = Some(found.get_ref());
            }
            Segment::Index(index) => {
                let Some(DeValue::Array(items)) = value else {
                    return span;
                };
                let item = items.get(*index)?;
                span = Some(item.span());
                value = Some(item.get_ref());
            }
        }
    }
    span
}

/// The dotted key (`keys.quit`) whose value holds byte `offset`, the innermost one.
/// Array indexes are left out: the line and column say which item.
pub(super) fn key_at(root: &DeTable, offset: usize) -> Option<String> {
    let mut path = Vec::new();
    find_in_table(root, offset, &mut path).then(|| path.join("."))
}

fn find_in_table(table: &DeTable, offset: usize, path: &mut Vec<String>) -> bool {
    for (key, value) in table.iter() {
        path.push(key.get_ref().to_string());
        if find_in_value(value.get_ref(), offset, path) || value.span().contains(&offset) {
            return true;
        }
        path.pop();
    }
    false
}

fn find_in_value(value: &DeValue, offset: usize, path: &mut Vec<String>) -> bool {
    match value {
        DeValue::Table(table) => find_in_table(table, offset, path),
        DeValue::Array(items) => items
            .iter()
            .any(|item| find_in_value(item.get_ref(), offset, path)),
        _ => false,
    }
}
