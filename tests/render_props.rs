//! Property tests: on arbitrary text and on generated markdown, `render` never panics, never
//! draws a line wider than the width, never draws a control character, and every link
//! segment points at that link's text.

use paap::markdown::{Rendered, Theme, render, to_ansi, to_plain};
use proptest::prelude::*;
use unicode_width::UnicodeWidthChar;

/// Columns as the renderer counts them (unicode-width per character, U+FE0F as one).
fn cols(c: char) -> usize {
    paap::text::char_width(c)
}

fn lines(r: &Rendered) -> Vec<String> {
    r.lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

fn slice(line: &str, start: u16, end: u16) -> String {
    let mut col = 0u16;
    let mut out = String::new();
    for c in line.chars() {
        if col >= start && col < end {
            out.push(c);
        }
        col += cols(c) as u16;
    }
    out
}

fn is_forbidden(c: char) -> bool {
    c.is_control()
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Whitespace and zero-width characters (combining marks, joiners) do not decide where a
/// segment is: compare what is visible.
fn visible(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && cols(*c) > 0)
        .collect()
}

/// A body as a document holds it: site syntax (shortcodes, admonitions) read at load.
fn loaded(md: &str) -> String {
    paap::site::normalize(md.to_string(), paap::site::Syntax::Markdown).text
}

fn check(md: &str, width: u16, theme: &Theme) -> Result<(), TestCaseError> {
    let r = render(&loaded(md), width, theme);
    let text = lines(&r);
    for (i, l) in text.iter().enumerate() {
        prop_assert!(
            r.lines[i].width() <= usize::from(width),
            "line {} too wide: {:?}",
            i,
            l
        );
        let sum: usize = l.chars().map(|c| c.width().unwrap_or(0)).sum();
        prop_assert!(sum <= usize::from(width), "line {} too wide: {:?}", i, l);
        prop_assert!(!l.chars().any(is_forbidden), "control character in {:?}", l);
    }
    for link in &r.links {
        prop_assert!(!link.href.chars().any(is_forbidden));
        prop_assert!(!link.text.chars().any(is_forbidden));
        let mut drawn = String::new();
        for &(line, start, end) in &link.segments {
            prop_assert!(line < text.len() && start <= end && end <= width);
            drawn.push_str(&slice(&text[line], start, end));
        }
        prop_assert_eq!(visible(&drawn), visible(&link.text), "link {:?}", link);
    }
    for h in &r.headings {
        prop_assert!(h.line < text.len(), "heading {:?} past the last line", h);
        prop_assert!(!h.text.chars().any(is_forbidden) && !h.anchor.chars().any(is_forbidden));
    }
    for (anchor, line) in &r.anchors {
        prop_assert!(*line < text.len(), "anchor {} past the last line", anchor);
    }
    let mut seen = std::collections::HashSet::new();
    for h in &r.headings {
        prop_assert!(
            seen.insert(h.anchor.as_str()),
            "anchor {:?} repeated",
            h.anchor
        );
    }
    prop_assert!(!to_plain(&r).chars().any(|c| is_forbidden(c) && c != '\n'));
    let _ = to_ansi(&r);
    Ok(())
}

/// Characters that matter to markdown, HTML, shortcodes and terminals, plus wide ones.
const ALPHABET: &str = "[a-z \\n\\t#*_`~>|\\[\\]()<>!:\\-+.=\"{}%/\\\\\\x1b\\x07\\x7f\\u{9b}\\u{85}\\u{202e}\\u{2067}\\u{fe0f}\\u{301}\\u{200d}日本語😀❤한]{0,400}";

fn inline() -> impl Strategy<Value = String> {
    let word = "[a-zA-Z0-9]{1,12}|[日本語中文한국]{1,6}|😀|\\x1b\\[31m|x\\u{202e}y";
    prop_oneof![
        4 => word.prop_map(String::from),
        1 => word.prop_map(|w| format!("**{w}**")),
        1 => word.prop_map(|w| format!("_{w}_")),
        1 => word.prop_map(|w| format!("`{w}`")),
        1 => word.prop_map(|w| format!("~~{w}~~")),
        2 => (prop::collection::vec(word, 1..5), "[a-z]{1,20}")
            .prop_map(|(ws, u)| format!("[{}](https://{u}.example/{u})", ws.join(" "))),
        1 => ("[a-z ]{0,10}", "[a-z]{1,8}").prop_map(|(a, u)| format!("![{a}]({u}.png)")),
        1 => "[a-z]{1,8}".prop_map(|u| format!("<https://{u}.example>")),
        1 => "[a-z]{1,8}".prop_map(|u| format!("<a href=\"{u}\">{u} x</a>")),
        1 => Just("<br>".to_string()),
        1 => "[a-z]{1,5}".prop_map(|l| format!("[^{l}]")),
        1 => "[a-z]{1,8}".prop_map(|u| format!("{{{{< ref \"{u}.md\" >}}}}")),
        1 => Just("{{< hidden >}}".to_string()),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(inline(), 1..25).prop_map(|ws| ws.join(" "))
}

fn block() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        3 => paragraph(),
        1 => (1usize..7, paragraph()).prop_map(|(l, p)| format!("{} {p}", "#".repeat(l))),
        1 => (1usize..7, "[a-z]{1,3}", "[a-c]{1,2}")
            .prop_map(|(l, t, id)| format!("{} {t} {{#{id}}}", "#".repeat(l))),
        1 => ("[a-z]{0,6}", prop::collection::vec("[ -~日😀\\t]{0,120}", 1..6))
            .prop_map(|(lang, ls)| format!("```{lang}\n{}\n```", ls.join("\n"))),
        1 => (1usize..6, 1usize..5, paragraph()).prop_map(|(cols, rows, p)| {
            let cell = p.replace('|', "/");
            let mut t = format!("|{}\n|{}\n", " h |".repeat(cols), "---|".repeat(cols));
            for _ in 0..rows {
                t.push_str(&format!("|{}\n", format!(" {cell} |").repeat(cols)));
            }
            t
        }),
        1 => Just("---".to_string()),
        1 => "[a-z]{1,5}".prop_map(|l| format!("[^{l}]: note {l}")),
        1 => paragraph().prop_map(|p| format!("<div>\n{p}<!-- c -->\n</div>")),
        1 => paragraph().prop_map(|p| format!("> [!NOTE]\n> {p}")),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|bs| {
                bs.iter()
                    .map(|b| b.lines().map(|l| format!("> {l}\n")).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(">\n")
            }),
            (prop::bool::ANY, prop::collection::vec(inner, 1..4)).prop_map(|(ordered, bs)| {
                bs.iter()
                    .enumerate()
                    .map(|(i, b)| {
                        let marker = if ordered {
                            format!("{}. ", i + 1)
                        } else {
                            "- ".to_string()
                        };
                        let pad = " ".repeat(marker.len());
                        let mut out = String::new();
                        for (j, l) in b.lines().enumerate() {
                            out.push_str(if j == 0 { &marker } else { &pad });
                            out.push_str(l);
                            out.push('\n');
                        }
                        out
                    })
                    .collect::<String>()
            }),
        ]
    })
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(block(), 1..8).prop_map(|bs| bs.join("\n\n"))
}

fn theme() -> impl Strategy<Value = Theme> {
    prop_oneof![
        Just(Theme::dark()),
        Just(Theme::light()),
        Just(Theme::no_color())
    ]
}

/// Modest by default (two shared cores); `PROPTEST_CASES=2000` for a deeper run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn arbitrary_strings(s in any::<String>(), width in 10u16..=200, theme in theme()) {
        check(&s, width, &theme)?;
    }

    #[test]
    fn markdown_alphabet_soup(s in ALPHABET, width in 10u16..=200, theme in theme()) {
        check(&s, width, &theme)?;
    }

    #[test]
    fn generated_markdown(md in document(), width in 10u16..=200, theme in theme()) {
        check(&md, width, &theme)?;
    }

    #[test]
    fn generated_links_are_recorded(md in document()) {
        // Guards the generator itself: documents contain the elements under test.
        let r = render(&md, 80, &Theme::dark());
        if md.contains("](https://") {
            prop_assert!(!r.links.is_empty(), "no link recorded");
        }
    }

    #[test]
    fn tiny_widths_do_not_panic(md in document(), width in 0u16..10) {
        let r = render(&loaded(&md), width, &Theme::dark());
        for l in &r.lines {
            prop_assert!(l.width() <= usize::from(width.max(1)));
        }
    }
}

#[test]
fn generator_produces_links_tables_lists_and_quotes() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let docs: Vec<String> = (0..40)
        .map(|_| document().new_tree(&mut runner).unwrap().current())
        .collect();
    let all = docs.concat();
    for needle in [
        "](https://",
        "|---|",
        "> ",
        "- ",
        "```",
        "[^",
        "{{<",
        "<div>",
    ] {
        assert!(all.contains(needle), "generator never produced {needle:?}");
    }
    let rendered: usize = docs
        .iter()
        .map(|d| render(d, 60, &Theme::dark()).links.len())
        .sum();
    assert!(rendered > 20, "only {rendered} links in 40 documents");
}
