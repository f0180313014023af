//! MDX and Docusaurus syntax, rewritten before markdown parsing so that a Docusaurus site's
//! pages read as they do on the site: top-level `import`/`export` statements and
//! `{/* comments */}` are dropped, and `:::tip Title` … `:::` admonitions become the alerts
//! GitHub writes as `> [!TIP]`. JSX tags are left to the HTML handling, which keeps their
//! text. Fenced code is never touched.

use std::borrow::Cow;

/// Rewrites the MDX and Docusaurus syntax of `body`. Borrowed unchanged when there is none.
pub(crate) fn expand(body: &str) -> Cow<'_, str> {
    if !body.contains(":::")
        && !body.contains("{/*")
        && !body.contains("import ")
        && !body.contains("export ")
    {
        return Cow::Borrowed(body);
    }
    let body = without_comments(body);
    let mut out = String::with_capacity(body.len() + 64);
    let mut fence: Option<(char, usize)> = None;
    let mut in_statement = false;
    // Colons of each open admonition, outermost first.
    let mut open: Vec<usize> = Vec::new();
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let quote = "> ".repeat(open.len());
        if let Some((ch, len)) = fence {
            if closes_fence(text, ch, len) {
                fence = None;
            }
            push_line(&mut out, &quote, text);
            continue;
        }
        if in_statement {
            // An MDX import or export runs to the next blank line.
            in_statement = !text.trim().is_empty();
            out.push('\n');
            continue;
        }
        if let Some(opened) = opens_fence(text) {
            fence = Some(opened);
            push_line(&mut out, &quote, text);
            continue;
        }
        if open.is_empty() && is_statement(text) {
            in_statement = !text.trim().is_empty();
            out.push('\n');
            continue;
        }
        match admonition(text) {
            Some(Admonition::Open {
                colons,
                kind,
                title,
            }) => {
                push_line(&mut out, &quote, &format!("> [!{kind}]"));
                if !title.is_empty() {
                    // Its own paragraph, so the text does not run on from it.
                    push_line(&mut out, &quote, &format!("> **{title}**"));
                    push_line(&mut out, &quote, ">");
                }
                open.push(colons);
            }
            Some(Admonition::Close) if !open.is_empty() => {
                open.pop();
                out.push('\n');
            }
            _ => push_line(&mut out, &quote, text),
        }
    }
    Cow::Owned(out)
}

/// `body` after the MDX imports and exports (and blank lines) it starts with: what a reader
/// sees first.
pub(crate) fn after_leading_statements(body: &str) -> &str {
    let mut rest = body;
    loop {
        let trimmed = rest.trim_start();
        if !is_statement(trimmed) {
            return rest;
        }
        // A statement runs to the next blank line.
        rest = match trimmed.find("\n\n").or_else(|| trimmed.find("\n\r\n")) {
            Some(end) => &trimmed[end..],
            None => "",
        };
    }
}

/// Appends `text` as one line inside the open admonitions (`quote`).
fn push_line(out: &mut String, quote: &str, text: &str) {
    if text.trim().is_empty() {
        out.push_str(quote.trim_end());
    } else {
        out.push_str(quote);
        out.push_str(text);
    }
    out.push('\n');
}

/// `body` without `{/* … */}` comments (outside fenced code); their line breaks stay.
fn without_comments(body: &str) -> Cow<'_, str> {
    if !body.contains("{/*") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<(char, usize)> = None;
    let mut in_comment = false;
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        if !in_comment {
            if let Some((ch, len)) = fence {
                if closes_fence(text, ch, len) {
                    fence = None;
                }
                out.push_str(line);
                continue;
            }
            if let Some(opened) = opens_fence(text) {
                fence = Some(opened);
                out.push_str(line);
                continue;
            }
        }
        let mut rest = line;
        loop {
            if in_comment {
                match rest.find("*/}") {
                    Some(end) => {
                        in_comment = false;
                        rest = &rest[end + 3..];
                    }
                    None => {
                        if rest.ends_with('\n') {
                            out.push('\n');
                        }
                        break;
                    }
                }
            } else {
                match rest.find("{/*") {
                    Some(start) => {
                        out.push_str(&rest[..start]);
                        in_comment = true;
                        rest = &rest[start + 3..];
                    }
                    None => {
                        out.push_str(rest);
                        break;
                    }
                }
            }
        }
    }
    Cow::Owned(out)
}

/// A fence that opens a code block: at least three backticks or tildes (up to three spaces
/// in), as its char and length.
fn opens_fence(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    (len >= 3).then_some((ch, len))
}

fn closes_fence(line: &str, ch: char, len: usize) -> bool {
    let trimmed = line.trim();
    trimmed.chars().take_while(|c| *c == ch).count() >= len && trimmed.chars().all(|c| c == ch)
}

/// An MDX import or export: JavaScript, not text. Only the forms MDX allows at the start of
/// a line, so prose that begins with "import" or "export" stays.
fn is_statement(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix("import ") {
        let rest = rest.trim_start();
        return rest.contains(" from ")
            || rest.starts_with('{')
            || rest.starts_with('\'')
            || rest.starts_with('"');
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

enum Admonition<'a> {
    Open {
        colons: usize,
        kind: &'static str,
        title: &'a str,
    },
    Close,
}

/// A Docusaurus admonition line: `:::note`, `:::tip[Title]`, `:::warning Title`, or the
/// closing `:::` (more colons nest).
fn admonition(line: &str) -> Option<Admonition<'_>> {
    let trimmed = line.trim();
    let colons = trimmed.chars().take_while(|c| *c == ':').count();
    if colons < 3 {
        return None;
    }
    let rest = &trimmed[colons..];
    if rest.is_empty() {
        return Some(Admonition::Close);
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
        kind,
        title,
    })
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn imports_exports_and_comments_are_dropped() {
        let body = "import Tabs from '@theme/Tabs';\nimport {\n  A,\n} from './a';\n\n\
                    # Title\n\nText {/* inline */} here.\n{/* one\nand two */}\n\
                    export const X = () => 1;\n\nImport the data first.\n";
        assert_eq!(
            expand(body),
            "\n\n\n\n\n# Title\n\nText  here.\n\n\n\n\nImport the data first.\n"
        );
    }

    #[test]
    fn admonitions_become_alerts_with_their_titles() {
        let body =
            ":::tip[My tip]\nUse it.\n\nTwice.\n:::\n\n::::warning\n:::note\nInner.\n:::\n::::\n";
        assert_eq!(
            expand(body),
            "> [!TIP]\n> **My tip**\n>\n> Use it.\n>\n> Twice.\n\n\n> [!WARNING]\n> > [!NOTE]\n> > Inner.\n\n\n"
        );
    }

    #[test]
    fn leading_statements_are_skipped() {
        use super::after_leading_statements;
        let body =
            "\nimport A from 'a';\nimport B from 'b';\n\nexport const x = 1;\n\n# Title\nText";
        assert_eq!(after_leading_statements(body).trim_start(), "# Title\nText");
        assert_eq!(after_leading_statements("# Title"), "# Title");
        assert_eq!(after_leading_statements("import A from 'a';"), "");
    }

    #[test]
    fn fenced_code_is_left_alone() {
        let body = "```js\nimport x from 'y';\n:::tip\n{/* kept */}\n```\n";
        assert_eq!(expand(body), body);
        let plain = "Nothing special here.\n";
        assert!(matches!(expand(plain), std::borrow::Cow::Borrowed(_)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Pieces of MDX in any order, unclosed and nested: never a panic, fenced code kept.
        #[test]
        fn any_mix_of_mdx_pieces_expands(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                ":::", ":::tip", ":::note[T]", "::::warning x", "{/*", "*/}", "import a from 'b';",
                "export const x = 1;", "```", "~~~~", "text", "é", " ", "\n", "\n\n", "> ", "\r\n",
            ]),
            0..40,
        )) {
            let body: String = pieces.concat();
            let _ = expand(&body);
            let _ = super::after_leading_statements(&body);
        }
    }

    #[test]
    fn unknown_or_unclosed_colons_stay_text() {
        assert_eq!(expand(":::details Hi\ntext\n"), ":::details Hi\ntext\n");
        assert_eq!(expand("a ::: b\n:::\n"), "a ::: b\n:::\n");
    }
}
