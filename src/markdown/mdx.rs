//! MDX and Docusaurus syntax, so that a Docusaurus site's pages read as they do on the site.
//!
//! - [`strip_mdx`] runs once on the body of an `.mdx` file, at load: its `import`/`export`
//!   statements and `{/* comments */}` are JavaScript, not text. They are blanked out line
//!   for line, so search, links and `file:line` messages all see the same body.
//! - [`expand_admonitions`] runs before rendering any document: Docusaurus `:::tip[Title]` …
//!   `:::` admonitions (in `.md` files too) become the alerts GitHub writes as `> [!TIP]`,
//!   which the renderer draws.
//!
//! JSX tags are left to the HTML handling, which keeps their text. Fenced code is never
//! touched.

use std::borrow::Cow;

/// The body of an `.mdx` file without its imports, exports and comments: each becomes
/// blank, keeping every line break, so byte offsets move but line numbers do not.
pub(crate) fn strip_mdx(body: &str) -> Cow<'_, str> {
    if !body.contains("import") && !body.contains("export") && !body.contains("{/*") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut fence = Fence::default();
    let mut in_statement = false;
    let mut in_comment = false;
    let mut after_blank = true;
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let blank = text.trim().is_empty();
        let kept: Cow<'_, str> = if in_statement {
            // An MDX import or export runs to the next blank line.
            in_statement = !blank;
            Cow::Borrowed("")
        } else if !in_comment && fence.inside(text) {
            Cow::Borrowed(text)
        } else if !in_comment && after_blank && is_statement(text) {
            in_statement = true;
            Cow::Borrowed("")
        } else {
            Cow::Owned(without_comments(text, &mut in_comment))
        };
        out.push_str(&kept);
        out.push_str(&line[text.len()..]);
        after_blank = blank;
    }
    Cow::Owned(out)
}

/// `text` (one line) without the comments in it, outside code spans; `in_comment` carries
/// a comment that is still open at the end of the line into the next.
fn without_comments(text: &str, in_comment: &mut bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if *in_comment {
            match rest.find("*/}") {
                Some(end) => {
                    *in_comment = false;
                    rest = &rest[end + 3..];
                }
                None => return out,
            }
            continue;
        }
        let comment = rest.find("{/*");
        let code = rest.find('`');
        if let Some(start) = comment.filter(|&start| code.is_none_or(|tick| start < tick)) {
            out.push_str(&rest[..start]);
            *in_comment = true;
            rest = &rest[start + 3..];
        } else if let Some(tick) = code {
            // A code span runs to the next run of as many backticks; kept as written.
            let run = rest[tick..].bytes().take_while(|&b| b == b'`').count();
            let ticks = &rest[tick..tick + run];
            let end = rest[tick + run..]
                .find(ticks)
                .map_or(rest.len(), |at| tick + run + at + run);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else {
            out.push_str(rest);
            rest = "";
        }
    }
    out
}

/// An MDX import or export at the start of a block: JavaScript, not text. Only the forms
/// MDX allows, so a sentence that begins with "import" or "export" stays.
fn is_statement(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix("import ") {
        let rest = rest.trim_start();
        return rest.starts_with('{')
            || rest.starts_with('\'')
            || rest.starts_with('"')
            || rest.contains(" from '")
            || rest.contains(" from \"");
    }
    line.strip_prefix("export ").is_some_and(|rest| {
        [
            "const ",
            "let ",
            "var ",
            "function ",
            "default ",
            "class ",
            "{",
        ]
        .iter()
        .any(|start| rest.trim_start().starts_with(start))
    })
}

/// Rewrites the Docusaurus admonitions of `body` as GitHub alerts. Borrowed unchanged when
/// there is none.
pub(crate) fn expand_admonitions(body: &str) -> Cow<'_, str> {
    if !body.contains(":::") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len() + 64);
    let mut fence = Fence::default();
    // The open admonitions, outermost first: their colons and the indent they opened at.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        if fence.inside(text) {
            push_quoted(&mut out, &open, text);
            continue;
        }
        match admonition(text) {
            Some(Admonition::Open {
                colons,
                indent,
                kind,
                title,
            }) => {
                push_quoted(
                    &mut out,
                    &open,
                    &format!("{}> [!{kind}]", " ".repeat(indent)),
                );
                open.push((colons, indent));
                if !title.is_empty() {
                    // Its own paragraph, so the text does not run on from it.
                    push_quoted(
                        &mut out,
                        &open,
                        &format!("{}**{title}**", " ".repeat(indent)),
                    );
                    push_quoted(&mut out, &open, "");
                }
            }
            Some(Admonition::Close { colons })
                if open.last().is_some_and(|&(opened, _)| colons >= opened) =>
            {
                open.pop();
                out.push('\n');
            }
            _ => push_quoted(&mut out, &open, text),
        }
    }
    Cow::Owned(out)
}

/// Appends `text` as one line inside the `open` admonitions: a `> ` for each, after the
/// indent it opened at, so an admonition inside a list item stays in it.
fn push_quoted(out: &mut String, open: &[(usize, usize)], text: &str) {
    let mut rest = text;
    for &(_, indent) in open {
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let cut = spaces.min(indent);
        out.push_str(&rest[..cut]);
        out.push('>');
        rest = &rest[cut..];
        if !rest.trim().is_empty() {
            out.push(' ');
        }
    }
    if !rest.trim().is_empty() || open.is_empty() {
        out.push_str(rest);
    }
    out.push('\n');
}

/// Whether lines are inside a fenced code block, line by line.
#[derive(Default)]
struct Fence {
    open: Option<(u8, usize)>,
}

impl Fence {
    /// Whether `line` belongs to a code block: its opening fence, its text or its closing
    /// fence. Fences are recognised at any indent, as inside list items.
    fn inside(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start();
        let run = |ch: u8| trimmed.bytes().take_while(|&b| b == ch).count();
        match self.open {
            Some((ch, len)) => {
                if run(ch) >= len && trimmed.trim_end().bytes().all(|b| b == ch) {
                    self.open = None;
                }
                true
            }
            None => {
                let ch = match trimmed.bytes().next() {
                    Some(b'`') => b'`',
                    Some(b'~') => b'~',
                    _ => return false,
                };
                let len = run(ch);
                // A backtick fence's info string holds no backtick (else it is inline code).
                if len < 3 || (ch == b'`' && trimmed[len..].contains('`')) {
                    return false;
                }
                self.open = Some((ch, len));
                true
            }
        }
    }
}

enum Admonition<'a> {
    Open {
        colons: usize,
        indent: usize,
        kind: &'static str,
        title: &'a str,
    },
    Close {
        colons: usize,
    },
}

/// A Docusaurus admonition line: `:::note`, `:::tip[Title]`, `:::warning Title`, or a
/// closing `:::` (more colons nest).
fn admonition(line: &str) -> Option<Admonition<'_>> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    let trimmed = trimmed.trim_end();
    let colons = trimmed.bytes().take_while(|&b| b == b':').count();
    if colons < 3 {
        return None;
    }
    let rest = &trimmed[colons..];
    if rest.is_empty() {
        return Some(Admonition::Close { colons });
    }
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let kind = match rest[..name_len].to_ascii_lowercase().as_str() {
        "note" | "info" | "secondary" => "NOTE",
        "tip" | "success" => "TIP",
        "important" => "IMPORTANT",
        "warning" => "WARNING",
        "caution" | "danger" => "CAUTION",
        _ => return None,
    };
    let title = rest[name_len..]
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    Some(Admonition::Open {
        colons,
        indent,
        kind,
        title,
    })
}

#[cfg(test)]
mod tests {
    use super::{expand_admonitions, strip_mdx};

    #[test]
    fn imports_exports_and_comments_are_blanked_line_for_line() {
        let body = "import Tabs from '@theme/Tabs';\nimport {\n  A,\n} from './a';\n\n\
                    # Title\n\nText {/* inline */} here.\n{/* one\nand two */}\n\n\
                    export const X = () => 1;\n\nImport the data first.\n";
        let stripped = strip_mdx(body);
        assert_eq!(
            stripped,
            "\n\n\n\n\n# Title\n\nText  here.\n\n\n\n\n\nImport the data first.\n"
        );
        assert_eq!(stripped.lines().count(), body.lines().count());
    }

    #[test]
    fn prose_and_code_that_look_like_mdx_stay() {
        for body in [
            "Before you start, you need to\nimport the records from the old database.\n",
            "Settings are written on\nexport default values to the config file.\n",
            "Use `{/*` to open a comment; `{/* x */}` is one.\n\nNext paragraph.\n",
            "```js\nimport x from 'y';\n{/* kept */}\n```\n",
            "- a\n\n    ```\n    import x from 'y';\n    ```\n",
        ] {
            assert_eq!(strip_mdx(body), body, "{body:?}");
        }
    }

    #[test]
    fn admonitions_become_alerts_with_their_titles() {
        let body =
            ":::tip[My tip]\nUse it.\n\nTwice.\n:::\n\n::::warning\n:::note\nInner.\n:::\n::::\n";
        assert_eq!(
            expand_admonitions(body),
            "> [!TIP]\n> **My tip**\n>\n> Use it.\n>\n> Twice.\n\n\n> [!WARNING]\n> > [!NOTE]\n> > Inner.\n\n\n"
        );
    }

    #[test]
    fn an_admonition_in_a_list_item_stays_in_it() {
        let body = "1. Step\n\n   :::tip\n   Check.\n   :::\n2. Next\n";
        assert_eq!(
            expand_admonitions(body),
            "1. Step\n\n   > [!TIP]\n   > Check.\n\n2. Next\n"
        );
    }

    #[test]
    fn fewer_colons_do_not_close_an_outer_admonition() {
        let body = "::::note\nouter\n:::\nstill outer\n::::\n";
        assert_eq!(
            expand_admonitions(body),
            "> [!NOTE]\n> outer\n> :::\n> still outer\n\n"
        );
    }

    #[test]
    fn fenced_code_and_unknown_colons_are_left_alone() {
        let body = "```md\n:::tip\nexample\n:::\n```\n";
        assert_eq!(expand_admonitions(body), body);
        assert_eq!(
            expand_admonitions(":::details Hi\ntext\n"),
            ":::details Hi\ntext\n"
        );
        assert_eq!(expand_admonitions("a ::: b\n:::\n"), "a ::: b\n:::\n");
        let plain = "Nothing special here.\n";
        assert!(matches!(
            expand_admonitions(plain),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Pieces of MDX in any order, unclosed and nested: never a panic, and stripping
        /// keeps every line.
        #[test]
        fn any_mix_of_mdx_pieces_is_handled(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                ":::", ":::tip", ":::note[T]", "::::warning x", "{/*", "*/}", "import a from 'b';",
                "export const x = 1;", "```", "~~~~", "`", "text", "é", " ", "   ", "\n", "\n\n",
                "> ", "\r\n", "- ",
            ]),
            0..40,
        )) {
            let body: String = pieces.concat();
            let stripped = strip_mdx(&body);
            proptest::prop_assert_eq!(stripped.matches('\n').count(), body.matches('\n').count());
            let _ = expand_admonitions(&body);
        }
    }
}
