//! `e`: the document's file in the reader's editor, at the line on screen. `update` only
//! asks (`Effect::Edit` carries the program, the file and the line); the runtime gives
//! the terminal to the editor and reads the content again when it closes.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{App, Effect};
use crate::markdown::line_text;

/// The editor when neither `$VISUAL` nor `$EDITOR` names one.
const FALLBACK_EDITOR: &str = "vi";

/// The editor's command line from `$VISUAL`, else `$EDITOR`, else `vi`, split into words
/// as a shell would (`code --wait`), but never run through one.
pub fn editor_command(visual: Option<&str>, editor: Option<&str>) -> Vec<String> {
    [visual, editor]
        .into_iter()
        .flatten()
        .map(|line| shell_words::split(line).unwrap_or_else(|_| words(line)))
        .find(|words| !words.is_empty())
        .unwrap_or_else(|| vec![FALLBACK_EDITOR.to_string()])
}

fn words(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

/// `e`: asks the runtime to edit the current document's file, or says why it has none.
pub(super) fn edit(app: &mut App) -> Vec<Effect> {
    let Some(doc) = app.current_doc() else {
        app.status = Some("No document to edit.".into());
        return Vec::new();
    };
    let title = doc.title.clone();
    match &doc.path {
        None => {
            app.status = Some(format!(
                "\"{title}\" is bundled with paap and has no file to edit; paap --content DIR \
                 opens files you can edit."
            ));
            Vec::new()
        }
        Some(_) if doc.from_standard_input() => {
            app.status =
                Some("This document was read from standard input: no file to edit.".into());
            Vec::new()
        }
        Some(path) => vec![Effect::Edit {
            program: app.editor.clone(),
            file: path.clone(),
            line: line_on_screen(app),
        }],
    }
}

/// The line in the file (1-based) of the text at the top of the document view: the
/// section's heading is found in the source, then the first words of the top line within
/// that section; where they are not found (markup between them), the line is estimated
/// from how far down the section the view is.
fn line_on_screen(app: &App) -> usize {
    let Some(doc) = app.current_doc() else {
        return 1;
    };
    let Some(rendered) = app.rendered().map(|r| &r.rendered) else {
        return doc.body_line.max(1);
    };
    let full = &doc.body;
    let body = doc.body_below_title();
    // Lines of the file before the shown body: the front matter and a repeated title.
    let first_line = doc.body_line.max(1) + full[..full.len() - body.len()].matches('\n').count();
    let source_headings = headings_in(body);
    let top = app.scroll();
    // The section the view is in: its rendered line and its line in the source.
    let mut start = (0, 0);
    let mut end = (rendered.lines.len(), body.lines().count());
    for (i, heading) in rendered.headings.iter().enumerate() {
        let Some(&source) = source_headings.get(i) else {
            break;
        };
        if heading.line <= top {
            start = (heading.line, source);
        } else {
            end = (heading.line, source);
            break;
        }
    }
    let section: Vec<&str> = body
        .lines()
        .skip(start.1)
        .take(end.1.saturating_sub(start.1))
        .collect();
    let shown = rendered.lines.get(top).map(line_text).unwrap_or_default();
    let found = first_words(&shown).and_then(|words| {
        section
            .iter()
            .position(|line| collapse(line).contains(&words))
    });
    let within = found.unwrap_or_else(|| {
        // As far down the section's source as the view is down its rendered lines.
        let (rendered_len, source_len) = (end.0 - start.0, end.1.saturating_sub(start.1));
        (top - start.0) * source_len / rendered_len.max(1)
    });
    first_line + start.1 + within
}

/// The line (0-based, in `body`) where each heading starts, in order.
fn headings_in(body: &str) -> Vec<usize> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    Parser::new_ext(body, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading { .. }) => Some(body[..range.start].matches('\n').count()),
            Event::End(TagEnd::Heading(_)) => None,
            _ => None,
        })
        .collect()
}

/// The first three words of a rendered line (bullets and numbers left out), as they are
/// looked for in the source; `None` for a line with nothing to look for.
fn first_words(line: &str) -> Option<String> {
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .skip_while(|w| {
            w.trim_end_matches(['.', ')'])
                .chars()
                .all(|c| c.is_ascii_digit())
        })
        .take(3)
        .collect();
    let joined = words.join(" ");
    (joined.chars().filter(|c| c.is_alphanumeric()).count() >= 4).then(|| collapse(&joined))
}

/// Lower case, markup and runs of space left out, so rendered and source text compare.
fn collapse(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']'))
        .collect();
    words(&kept.to_lowercase()).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_is_visual_then_editor_then_vi_split_into_words() {
        assert_eq!(
            editor_command(Some("code --wait"), Some("vim")),
            ["code", "--wait"]
        );
        assert_eq!(
            editor_command(Some("  "), Some("nvim -u 'my init.vim'")),
            ["nvim", "-u", "my init.vim"]
        );
        assert_eq!(editor_command(None, None), ["vi"]);
        // Unbalanced quotes are not a shell's to fix: split on spaces.
        assert_eq!(editor_command(None, Some("ed 'x")), ["ed", "'x"]);
    }

    #[test]
    fn first_words_skip_bullets_and_numbers() {
        assert_eq!(
            first_words("• The numbers are counted").as_deref(),
            Some("the numbers are")
        );
        assert_eq!(
            first_words("12. Second *point* here").as_deref(),
            Some("second point here")
        );
        assert_eq!(first_words("── ─"), None);
    }
}
