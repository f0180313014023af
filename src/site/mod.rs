//! Site syntax read the way the site shows it, once, when a document is loaded.
//!
//! Hugo and Docusaurus pages carry syntax that is not markdown: Hugo shortcodes
//! (`{{< ref "x" >}}`, `{{% note %}}`), MDX imports, exports and `{/* comments */}`, and
//! Docusaurus `:::tip` admonitions. [`normalize`] rewrites all of it into plain CommonMark
//! (GitHub alerts for admonitions, links for `ref`s, nothing for the rest), so the body a
//! document holds is the one that search, the link list and the renderer all read.
//!
//! The rewrite keeps every line of the file, except that an admonition's title takes lines
//! of its own; [`LineMap`] maps body lines back to file lines for `file:line` messages.
//!
//! A leaf module: it knows nothing of documents or rendering.

mod admonition;
mod code;
mod fence;
mod mdx;
mod shortcode;

pub use shortcode::ref_in_href;

/// The link title that marks a link written as a Hugo `ref`/`relref` shortcode, so that it is
/// resolved the way Hugo resolves `ref`s (relative to the page, the content root, or by a
/// unique file name). Titles are never drawn.
pub const REF_TITLE: &str = "paap:ref";

/// Which site syntax a file may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `.md` and `.markdown`: shortcodes and admonitions.
    Markdown,
    /// `.mdx`: imports, exports and comments too.
    Mdx,
}

impl Syntax {
    /// The syntax of a file by its name.
    pub fn of_file(name: &str) -> Syntax {
        let ext = name.get(name.len().saturating_sub(4)..);
        if ext.is_some_and(|ext| ext.eq_ignore_ascii_case(".mdx")) {
            Syntax::Mdx
        } else {
            Syntax::Markdown
        }
    }
}

/// A document body as plain CommonMark, with the way back to the lines it was written on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    pub text: String,
    pub lines: LineMap,
}

/// Maps lines of a normalised body to lines of the text it was made from.
///
/// Every line of the source is one line of the body; the only lines added are those an
/// admonition's title takes, listed here (0-based body lines, ascending) and mapped to the
/// line of their admonition. Empty, and free, for almost every document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMap {
    added: Vec<usize>,
}

impl LineMap {
    /// The 0-based source line of 0-based body line `line`.
    pub fn source_line(&self, line: usize) -> usize {
        line - self.added.partition_point(|&added| added <= line)
    }
}

/// `text` (a body, front matter already removed) with its site syntax rewritten as CommonMark.
/// Borrows nothing and copies nothing when there is no site syntax in it.
pub fn normalize(text: String, syntax: Syntax) -> Body {
    let text = match syntax {
        Syntax::Mdx => rewrite(text, mdx::strip),
        Syntax::Markdown => text,
    };
    let text = rewrite(text, shortcode::expand);
    let (text, added) = match admonition::expand(&text) {
        Some((expanded, added)) => (expanded, added),
        None => (text, Vec::new()),
    };
    Body {
        text,
        lines: LineMap { added },
    }
}

/// `text` through one rewrite, kept as it is when the rewrite changed nothing.
fn rewrite(text: String, pass: impl Fn(&str) -> std::borrow::Cow<'_, str>) -> String {
    let rewritten = match pass(&text) {
        std::borrow::Cow::Owned(changed) => Some(changed),
        std::borrow::Cow::Borrowed(_) => None,
    };
    rewritten.unwrap_or(text)
}

/// Bodies made of MDX pieces in any order, unclosed and nested, for the property tests of
/// the passes that read them.
#[cfg(test)]
fn mdx_pieces() -> impl proptest::strategy::Strategy<Value = String> {
    bodies_of(MDX_PIECES.to_vec(), 40)
}

/// Bodies made of every kind of site syntax (shortcodes too) in any order, for the property
/// tests that hold a pass to the one it replaced.
#[cfg(test)]
fn site_pieces() -> impl proptest::strategy::Strategy<Value = String> {
    bodies_of([MDX_PIECES, SHORTCODE_PIECES].concat(), 60)
}

#[cfg(test)]
const MDX_PIECES: &[&str] = &[
    ":::",
    ":::tip",
    ":::note[T]",
    "::::warning x",
    "{/*",
    "*/}",
    "import a from 'b';",
    "export const x = 1;",
    "```",
    "~~~~",
    "`",
    "text",
    "é",
    " ",
    "   ",
    "\n",
    "\n\n",
    "> ",
    "\r\n",
    "- ",
];

/// Shortcodes whole and in pieces, and what surrounds them: links, backtick runs of other
/// lengths, fences after Unicode spaces (which `trim_start` removes).
#[cfg(test)]
const SHORTCODE_PIECES: &[&str] = &[
    "{{<",
    "{{%",
    ">}}",
    "%}}",
    "{",
    "{{",
    "}}",
    "<",
    "%",
    "{{< ref \"a.md#x\" >}}",
    "{{< relref `b c.md` >}}",
    "{{% ref path=\"d.md\" %}}",
    "{{< figure src=\"x.png\" caption=\"[c]\" >}}",
    "{{< hint info >}}",
    "{{< /hint >}}",
    "{{</* ref \"x\" */>}}",
    "[t](",
    ")",
    "``",
    "````",
    "~~~",
    "```md",
    "\u{a0}",
    "\u{3000}",
    "\t",
];

#[cfg(test)]
fn bodies_of(
    pieces: Vec<&'static str>,
    most: usize,
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::strategy::Strategy;
    proptest::collection::vec(proptest::sample::select(pieces), 0..most)
        .prop_map(|pieces| pieces.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_body_is_kept_as_it_is() {
        let body = normalize("# Title\n\nText.\n".into(), Syntax::Markdown);
        assert_eq!(body.text, "# Title\n\nText.\n");
        assert_eq!(body.lines, LineMap::default());
    }

    #[test]
    fn title_lines_map_to_their_admonition() {
        let text = "a\n:::tip[T]\nb\n:::\nc\n";
        let body = normalize(text.into(), Syntax::Markdown);
        assert_eq!(body.text, "a\n> [!TIP]\n> **T**\n>\n> b\n\nc\n");
        let source: Vec<usize> = (0..7).map(|l| body.lines.source_line(l)).collect();
        assert_eq!(source, [0, 1, 1, 1, 2, 3, 4]);
    }

    #[test]
    fn syntax_by_file_name() {
        assert_eq!(Syntax::of_file("docs/intro.mdx"), Syntax::Mdx);
        assert_eq!(Syntax::of_file("A.MDX"), Syntax::Mdx);
        assert_eq!(Syntax::of_file("a.md"), Syntax::Markdown);
        assert_eq!(Syntax::of_file("é"), Syntax::Markdown);
    }
}
