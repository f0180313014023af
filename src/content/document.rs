//! One file as a document: read (bounded, regular files only), decoded, its front matter
//! interpreted and its site syntax normalised. What a folder's load (`load`) and a
//! listing (`listing`) do for each file, and `source` for standard input.

use std::path::{Path, PathBuf};

use super::frontmatter::{self, first_heading};
use super::index::{is_index_file, parent, strip_page_extension};
use super::plain;
use super::{Doc, Format, Kind, Origin, Problem};
use crate::fsread::Cause;

/// Files larger than this are skipped (a problem is recorded): no real page is this big.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A relative path as an id: `/`-separated on every platform.
pub(super) fn path_id(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

pub(super) fn load_file(
    dir: &Path,
    root: usize,
    path: PathBuf,
) -> Result<(Doc, Vec<Problem>), Problem> {
    let label = path.display().to_string();
    let problem = |message: String| Problem {
        file: label.clone(),
        line: None,
        message,
    };
    let id = path_id(path.strip_prefix(dir).unwrap_or(&path));
    // Only a regular file is read, and never past the cap: a FIFO or device that took a
    // markdown file's place cannot block or flood the load. The walk (or `open_root`) has
    // just seen a regular file here, so the file is not looked at twice before opening.
    let bytes =
        crate::fsread::read_listed(&path, MAX_FILE_BYTES).map_err(|err| match err.cause {
            Cause::TooLarge { .. } => {
                problem(format!("{} for a document; it was skipped", err.cause))
            }
            cause => problem(format!("{cause}; it was skipped")),
        })?;
    let mut problems = Vec::new();
    let text = decode_text(bytes, &label, &mut problems);
    let name = id.rsplit('/').next().unwrap_or(&id);
    let (doc, more) = match plain::format_of(name) {
        Some(Format::Text) => (
            plain_document(&id, root, text, Format::Text, path),
            Vec::new(),
        ),
        Some(Format::Csv) => {
            let (body, problems) = plain::csv_markdown(&text, &label);
            (plain_document(&id, root, body, Format::Csv, path), problems)
        }
        _ => parse_document(&id, root, text, Some(path), &label),
    };
    problems.extend(more);
    Ok((doc, problems))
}

/// UTF-8 text, or the bytes decoded lossily with a problem recorded.
pub(super) fn decode_text(bytes: Vec<u8>, label: &str, problems: &mut Vec<Problem>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let bytes = err.into_bytes();
            let valid = std::str::from_utf8(&bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            problems.push(Problem {
                file: label.to_string(),
                line: Some(line),
                message: "is not valid UTF-8; shown with the bad bytes replaced by \u{FFFD} \
                          (save the file as UTF-8)"
                    .to_string(),
            });
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

/// Builds a document from a file's text. `label` names the file in problems.
pub(crate) fn parse_document(
    id: &str,
    root: usize,
    mut text: String,
    path: Option<PathBuf>,
    label: &str,
) -> (Doc, Vec<Problem>) {
    let parsed = frontmatter::parse(&text);
    let problems = parsed
        .problems
        .into_iter()
        .map(|(line, message)| Problem {
            file: label.to_string(),
            line,
            message,
        })
        .collect();
    let front = parsed.front;
    text.drain(..parsed.body_start);
    // Site syntax (shortcodes, MDX, admonitions) is read once, here, so that search, links
    // and what is drawn all read the same plain markdown.
    let body = crate::site::normalize(text, crate::site::Syntax::of_file(id));
    let (body, line_map) = (body.text, body.lines);

    let file = id.rsplit('/').next().unwrap_or(id);
    let folder_name = parent(id).rsplit('/').next().unwrap_or("");
    let name = if is_index_file(id) && !folder_name.is_empty() {
        folder_name
    } else {
        strip_page_extension(file)
    };
    let slug = front.slug.unwrap_or_else(|| name.to_string());
    let title = front
        .title
        .or_else(|| first_heading(&body))
        .unwrap_or_else(|| name.to_string());
    let kind = front
        .kind
        .as_deref()
        .and_then(kind_from_type)
        .unwrap_or_else(|| kind_from_folder(id));
    let mut doc = Doc {
        id: id.to_string(),
        root,
        slug,
        kind,
        title,
        date: front.date.or_else(|| date_in_name(name)),
        authors: front.authors,
        tags: front.tags,
        categories: front.categories,
        description: front.description,
        source: front.source,
        url: front.url,
        draft: front.draft,
        extra: front.extra,
        body,
        body_line: parsed.body_line,
        line_map,
        path,
        origin: Origin::Bundled,
        format: Format::Markdown,
        listed_words: None,
        stamp: None,
    };
    super::clean::fields(&mut doc);
    (doc, problems)
}

/// A plain-text or CSV document: no front matter, so the file name is its title and slug.
fn plain_document(id: &str, root: usize, body: String, format: Format, path: PathBuf) -> Doc {
    let file = id.rsplit('/').next().unwrap_or(id);
    let name = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let mut doc = Doc {
        id: id.to_string(),
        root,
        slug: name.to_string(),
        kind: Kind::Page,
        title: name.to_string(),
        date: date_in_name(name),
        body,
        body_line: 1,
        path: Some(path),
        format,
        ..Doc::default()
    };
    super::clean::fields(&mut doc);
    doc
}

/// The date a Jekyll or Docusaurus blog post carries in its name (`2021-08-26-welcome.md`,
/// or the folder of `2021-08-26-welcome/index.md`), for posts without a `date` in their
/// front matter. `name` is the file name without extension, or the folder's name.
fn date_in_name(name: &str) -> Option<chrono::NaiveDate> {
    let date = name.get(..10)?;
    if name.len() > 10 && name.as_bytes()[10] != b'-' {
        return None;
    }
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

fn kind_from_type(written: &str) -> Option<Kind> {
    match written {
        "initiative" | "initiatives" => Some(Kind::Initiative),
        "persona" | "personas" => Some(Kind::Persona),
        "post" | "posts" | "blog" => Some(Kind::Post),
        "page" | "pages" => Some(Kind::Page),
        _ => None,
    }
}

/// The top folder decides the kind; a section's own `_index.md` is a page, not a member.
fn kind_from_folder(id: &str) -> Kind {
    let Some((top, _)) = id.split_once('/') else {
        return Kind::Page;
    };
    let file = id.rsplit('/').next().unwrap_or(id);
    if strip_page_extension(file) == "_index" && parent(id) == top {
        return Kind::Page;
    }
    match top.to_ascii_lowercase().as_str() {
        "blog" | "posts" | "post" => Kind::Post,
        "personas" | "persona" => Kind::Persona,
        "initiatives" | "initiative" => Kind::Initiative,
        _ => Kind::Page,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_at_the_start_of_a_name_is_read() {
        use super::date_in_name;
        let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(date_in_name("2021-08-26-welcome"), date("2021-08-26"));
        assert_eq!(date_in_name("2021-08-26"), date("2021-08-26"));
        assert_eq!(date_in_name("2021-08-26x"), None);
        assert_eq!(date_in_name("2021-13-45-bad"), None);
        assert_eq!(date_in_name("2025-01-paap-personas"), None);
        assert_eq!(date_in_name("welcome"), None);
        assert_eq!(date_in_name("2021-08-2é-x"), None);
    }
}
