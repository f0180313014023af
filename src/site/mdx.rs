//! MDX: the `import`/`export` statements and `{/* comments */}` of an `.mdx` page are
//! JavaScript, not text. They are blanked out line for line, so line numbers stay.
//!
//! JSX tags are left to the renderer's HTML handling, which keeps their text. Code (fenced
//! blocks and code spans) is never touched.

use std::borrow::Cow;

use super::code;
use super::fence::Fence;

/// The body of an `.mdx` file without its imports, exports and comments: each becomes
/// blank, keeping every line break, so byte offsets move but line numbers do not.
pub(super) fn strip(body: &str) -> Cow<'_, str> {
    // memchr's search: `str::contains` walks the body with a two-way searcher, three times.
    let has = |word: &str| memchr::memmem::find(body.as_bytes(), word.as_bytes()).is_some();
    if !has("import") && !has("export") && !has("{/*") {
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
    let code = code::spans(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    loop {
        if *in_comment {
            match text[at..].find("*/}") {
                Some(end) => {
                    *in_comment = false;
                    at += end + 3;
                }
                None => return out,
            }
        }
        match code::find_outside(text, at, "{/*", &code) {
            Some(start) => {
                out.push_str(&text[at..start]);
                *in_comment = true;
                at = start + 3;
            }
            None => {
                out.push_str(&text[at..]);
                return out;
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::strip as strip_mdx;

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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Pieces of MDX in any order, unclosed and nested: never a panic, and stripping
        /// keeps every line.
        #[test]
        fn any_mix_of_mdx_pieces_is_handled(body in crate::site::mdx_pieces()) {
            let stripped = strip_mdx(&body);
            proptest::prop_assert_eq!(stripped.matches('\n').count(), body.matches('\n').count());
        }
    }
}
