//! Docusaurus admonitions (`:::tip[Title]` … `:::`, in `.md` files too) become the alerts
//! GitHub writes as `> [!TIP]`, which the renderer draws.

use super::fence::Fence;

/// How deeply admonitions nest before further ones are read as text. Deeper nesting is
/// never written on purpose, and every level costs a `> ` on every line inside it.
pub(super) const MAX_DEPTH: usize = 16;

/// An admonition being read: its colons and the indent it opened at.
struct Open {
    colons: usize,
    indent: usize,
}

/// Rewrites the Docusaurus admonitions of `body` as GitHub alerts, with the (0-based) lines
/// of the result that titles added. `None` when there is no admonition.
pub(super) fn expand(body: &str) -> Option<(String, Vec<usize>)> {
    // memchr's search, not `str::contains`: this runs over every body at load, and the
    // standard one took 7,000 instructions for a 1.7 KB page with many colons.
    memchr::memmem::find(body.as_bytes(), b":::")?;
    let mut out = Lines::default();
    let mut fence = Fence::default();
    // The open admonitions, outermost first; only the first MAX_DEPTH are drawn.
    let mut open: Vec<Open> = Vec::new();
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let drawn = &open[..open.len().min(MAX_DEPTH)];
        if fence.inside(text) {
            out.push_quoted(drawn, text);
            continue;
        }
        match admonition(text) {
            Some(Admonition::Open {
                colons,
                indent,
                kind,
                title,
            }) if open.len() < MAX_DEPTH => {
                let pad = " ".repeat(indent);
                out.push_quoted(drawn, &format!("{pad}> [!{kind}]"));
                open.push(Open { colons, indent });
                if !title.is_empty() {
                    // Its own paragraph, so the text does not run on from it.
                    out.push_added(&open, &format!("{pad}**{title}**"));
                    out.push_added(&open, "");
                }
            }
            Some(Admonition::Open { colons, title, .. }) => {
                // Too deep: its text stays, inside the deepest drawn admonition.
                let shown = if title.is_empty() {
                    String::new()
                } else {
                    format!("**{title}**")
                };
                out.push_quoted(drawn, &shown);
                open.push(Open { colons, indent: 0 });
            }
            Some(Admonition::Close { colons })
                if open.last().is_some_and(|opened| colons >= opened.colons) =>
            {
                open.pop();
                out.push_quoted(&open[..open.len().min(MAX_DEPTH)], "");
            }
            _ => out.push_quoted(drawn, text),
        }
    }
    Some((out.text, out.added))
}

/// The rewritten body, line by line, with the lines added to it.
#[derive(Default)]
struct Lines {
    text: String,
    count: usize,
    added: Vec<usize>,
}

impl Lines {
    /// A line that is not in the source (an admonition's title).
    fn push_added(&mut self, open: &[Open], text: &str) {
        self.added.push(self.count);
        self.push_quoted(open, text);
    }

    /// Appends `text` as one line inside the `open` admonitions: a `> ` for each, after the
    /// indent it opened at, so an admonition inside a list item stays in it.
    fn push_quoted(&mut self, open: &[Open], text: &str) {
        let out = &mut self.text;
        let mut rest = text;
        for opened in open {
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            let cut = spaces.min(opened.indent);
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
        self.count += 1;
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
    use super::expand;

    fn expand_admonitions(body: &str) -> String {
        expand(body).map_or_else(|| body.to_string(), |(text, _)| text)
    }

    #[test]
    fn admonitions_become_alerts_with_their_titles() {
        let body =
            ":::tip[My tip]\nUse it.\n\nTwice.\n:::\n\n::::warning\n:::note\nInner.\n:::\n::::\n";
        assert_eq!(
            expand_admonitions(body),
            "> [!TIP]\n> **My tip**\n>\n> Use it.\n>\n> Twice.\n\n\n> [!WARNING]\n> > [!NOTE]\n> > Inner.\n>\n\n"
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
        assert!(expand(plain).is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Pieces of MDX in any order, unclosed and nested: never a panic.
        #[test]
        fn any_mix_of_mdx_pieces_is_handled(body in crate::site::mdx_pieces()) {
            let _ = expand_admonitions(&body);
        }
    }
}
