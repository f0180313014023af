//! One test per markdown element: assertions on the rendered text of lines, link and heading
//! positions, and the plain/ANSI outputs.

use paap::markdown::{Rendered, Theme, render, to_ansi, to_plain};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthChar;

/// Columns as the renderer counts them (unicode-width per character, U+FE0F as one).
fn cols(c: char) -> usize {
    paap::text::char_width(c)
}

/// A fixture's body as a loaded document holds it (site syntax such as shortcodes read).
fn fixture(name: &str) -> String {
    let text = std::fs::read_to_string(format!("tests/fixtures/render/{name}")).unwrap();
    paap::site::normalize(text, paap::site::Syntax::Markdown).text
}

fn lines(r: &Rendered) -> Vec<String> {
    r.lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

fn text_of(md: &str, width: u16) -> Vec<String> {
    lines(&render(md, width, &Theme::dark()))
}

/// The characters of `line` whose first column lies in `start..end` (display columns).
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

fn width_of(line: &str) -> usize {
    line.chars().map(|c| c.width().unwrap_or(0)).sum()
}

fn assert_fits(r: &Rendered, width: u16) {
    for (i, l) in lines(r).iter().enumerate() {
        assert!(
            width_of(l) <= width as usize && r.lines[i].width() <= width as usize,
            "line {i} wider than {width}: {l:?}"
        );
    }
}

/// Every segment of every link slices to (part of) its text.
fn assert_segments(r: &Rendered) {
    let text = lines(r);
    for link in &r.links {
        let drawn: Vec<String> = link
            .segments
            .iter()
            .map(|&(line, s, e)| slice(&text[line], s, e))
            .collect();
        // A wrapped link loses the spaces at its line breaks; a broken word loses nothing.
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(
            squash(&drawn.concat()),
            squash(&link.text),
            "link {link:?} drawn as {drawn:?}"
        );
    }
}

#[test]
fn headings_have_levels_underlines_and_anchors() {
    let md = "# Top Title\n\ntext\n\n## Second\n\n### Third one\n\n#### Third one\n\n## Custom {#my-id}\n\n## Again {#my-id}\n";
    let r = render(md, 40, &Theme::dark());
    let t = lines(&r);
    assert_eq!(t[0], "Top Title");
    assert_eq!(t[1], "═════════");
    assert_eq!(t[5], "Second");
    assert_eq!(t[6], "──────");
    assert_eq!(t[8], "### Third one");
    assert_eq!(t[10], "#### Third one");
    let got: Vec<(u8, &str, usize, &str)> = r
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str(), h.line, h.anchor.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (1, "Top Title", 0, "top-title"),
            (2, "Second", 5, "second"),
            (3, "Third one", 8, "third-one"),
            (4, "Third one", 10, "third-one-1"),
            (2, "Custom", 12, "my-id"),
            (2, "Again", 15, "my-id-1"),
        ]
    );
    assert_eq!(r.anchor_line("#my-id"), Some(12));
    assert_eq!(r.anchor_line("third-one-1"), Some(10));
    // Distinct styles per level.
    let theme = Theme::dark();
    assert_eq!(r.lines[0].spans[0].style, theme.heading[0]);
    assert_eq!(r.lines[5].spans[0].style, theme.heading[1]);
}

#[test]
fn empty_headings_and_footnotes_keep_their_lines() {
    let r = render("-\n#", 10, &Theme::dark());
    assert_eq!(r.headings.len(), 1);
    assert!(r.headings[0].line < r.lines.len());
    let r = render("a[^x]\n\n[^x]:", 10, &Theme::dark());
    let line = r.anchor_line("fn-x").unwrap();
    assert_eq!(lines(&r)[line].trim_end(), "[1]");
}

#[test]
fn paragraphs_wrap_and_keep_inline_styles() {
    let md = "The **quick** brown _fox_ jumps ~~over~~ the `lazy` dog and keeps running far away.";
    let r = render(md, 20, &Theme::dark());
    assert_eq!(
        lines(&r),
        [
            "The quick brown fox",
            "jumps over the lazy",
            "dog and keeps",
            "running far away."
        ]
    );
    let style_of = |word: &str| {
        r.lines
            .iter()
            .flat_map(|l| &l.spans)
            .find(|s| s.content.contains(word))
            .unwrap()
            .style
    };
    assert!(style_of("quick").add_modifier.contains(Modifier::BOLD));
    assert!(style_of("fox").add_modifier.contains(Modifier::ITALIC));
    assert!(
        style_of("over")
            .add_modifier
            .contains(Modifier::CROSSED_OUT)
    );
    assert_eq!(style_of("lazy").fg, Theme::dark().code.fg);
    // Without colour, inline code keeps its backticks.
    let plain = text_of("a `b` c", 20);
    assert_eq!(plain, ["a b c"]);
    assert_eq!(
        lines(&render("a `b` c", 20, &Theme::no_color())),
        ["a `b` c"]
    );
}

#[test]
fn hard_and_soft_breaks() {
    assert_eq!(
        text_of("one\ntwo  \nthree\\\nfour", 40),
        ["one two", "three", "four"]
    );
}

#[test]
fn long_words_are_broken_never_overflow() {
    let r = render(
        "short https://example.org/a/very/long/path/that/never/ends",
        12,
        &Theme::dark(),
    );
    assert_eq!(
        lines(&r),
        [
            "short https:",
            "//example.or",
            "g/a/very/lon",
            "g/path/that/",
            "never/ends"
        ]
    );
    assert_fits(&r, 12);
}

#[test]
fn links_record_segments_even_when_wrapped() {
    let md =
        "Read [the platform engineering maturity model](https://tag-app-delivery.cncf.io/) now.";
    let r = render(md, 24, &Theme::dark());
    let t = lines(&r);
    assert_eq!(
        t,
        ["Read the platform", "engineering maturity", "model now."]
    );
    let link = &r.links[0];
    assert_eq!(link.href, "https://tag-app-delivery.cncf.io/");
    assert_eq!(link.text, "the platform engineering maturity model");
    assert_eq!(link.segments, [(0, 5, 17), (1, 0, 20), (2, 0, 5)]);
    assert_eq!(slice(&t[0], 5, 17), "the platform");
    assert_eq!(slice(&t[2], 0, 5), "model");
    // The link is styled; the space after it is not.
    let theme = Theme::dark();
    assert_eq!(r.lines[2].spans[0].style, theme.text.patch(theme.link));
    assert_eq!(r.lines[2].spans[1].content, " now.");
}

#[test]
fn autolinks_and_email() {
    let r = render(
        "See <https://a.example/x> or <me@example.org>.",
        80,
        &Theme::dark(),
    );
    assert_eq!(lines(&r), ["See https://a.example/x or me@example.org."]);
    assert_eq!(r.links[0].href, "https://a.example/x");
    assert_eq!(r.links[1].href, "mailto:me@example.org");
    assert_segments(&r);
}

#[test]
fn bare_urls_become_links() {
    let r = render(
        "Go to https://cncf.io/projects. Or `https://not.a.link` here.",
        80,
        &Theme::dark(),
    );
    assert_eq!(
        lines(&r),
        ["Go to https://cncf.io/projects. Or https://not.a.link here."]
    );
    assert_eq!(r.links.len(), 1);
    assert_eq!(r.links[0].href, "https://cncf.io/projects");
    assert_eq!(r.links[0].segments, [(0, 6, 30)]);
}

#[test]
fn images_are_links_with_alt_text() {
    let r = render(
        "![A *diagram* of it](img/d.png) and ![](x.png)",
        80,
        &Theme::dark(),
    );
    assert_eq!(lines(&r), ["[image: A diagram of it] and [image]"]);
    assert_eq!(r.links[0].href, "img/d.png");
    assert_eq!(r.links[0].text, "[image: A diagram of it]");
    assert_eq!(r.links[1].text, "[image]");
    assert_segments(&r);
    // A linked image is one link, to the link's target.
    let r = render(
        "[![build](badge.svg)](https://ci.example) ok",
        80,
        &Theme::dark(),
    );
    assert_eq!(lines(&r), ["[image: build] ok"]);
    assert_eq!(r.links.len(), 1);
    assert_eq!(r.links[0].href, "https://ci.example");
    assert_eq!(r.links[0].text, "[image: build]");
    assert_segments(&r);
}

#[test]
fn code_block_label_bar_clip_and_highlight() {
    let md =
        "```rust\nfn main() { println!(\"a long line that does not fit\"); }\nlet x = 1;\n```\n";
    let r = render(md, 30, &Theme::dark());
    let t = lines(&r);
    assert_eq!(
        t,
        [
            "┌─ rust",
            "│ fn main() { println!(\"a lon→",
            "│ let x = 1;",
            "└──",
        ]
    );
    assert!(
        r.lines[1]
            .spans
            .iter()
            .any(|s| matches!(s.style.fg, Some(Color::Rgb(..))))
    );
    let plain = render(md, 30, &Theme::no_color());
    assert_eq!(lines(&plain), t);
    assert!(
        plain
            .lines
            .iter()
            .flat_map(|l| &l.spans)
            .all(|s| s.style.fg.is_none())
    );
}

#[test]
fn indented_code_and_unknown_language() {
    let t = text_of("    plain code\n\n```nosuch\nx\n```", 40);
    assert_eq!(
        t,
        ["┌──", "│ plain code", "└──", "", "┌─ nosuch", "│ x", "└──"]
    );
}

#[test]
fn chart_blocks_draw_bars() {
    let t = text_of(
        "```chart\ntitle: Funding\nbars:\n  - {label: Annual, value: 17}\n  - {label: Project, value: 5}\n```",
        40,
    );
    assert_eq!(t[0], "Funding");
    assert!(
        t[1].starts_with("Annual ") && t[1].ends_with(" 17"),
        "{t:?}"
    );
    assert!(t[2].starts_with("Project") && t[2].ends_with(" 5"), "{t:?}");
    assert!(t.iter().all(|l| !l.contains("```")), "{t:?}");
}

#[test]
fn invalid_chart_blocks_show_as_code_with_a_note() {
    let t = text_of("```chart\nbar: 1 2 3\n```", 60);
    assert!(t[0].starts_with("chart not drawn: "), "{t:?}");
    assert_eq!(&t[1..], ["┌─ chart", "│ bar: 1 2 3", "└──"]);
}

#[test]
fn nested_quotes_have_bars() {
    let t = text_of("> outer quote text\n>\n> > inner quote\n\nafter", 40);
    assert_eq!(
        t,
        ["│ outer quote text", "│", "│ │ inner quote", "", "after"]
    );
    let r = render("> quoted", 40, &Theme::dark());
    assert!(
        r.lines[0].spans[1]
            .style
            .add_modifier
            .contains(Modifier::ITALIC)
    );
}

#[test]
fn gfm_alerts_are_labelled() {
    let r = render(
        "> [!TIP]\n> Use the CLI.\n\n> [!CAUTION]\n> Hot.",
        40,
        &Theme::dark(),
    );
    assert_eq!(
        lines(&r),
        ["│ Tip", "│ Use the CLI.", "", "│ Caution", "│ Hot."]
    );
    let theme = Theme::dark();
    assert_eq!(r.lines[0].spans[0].style, theme.alert[1]);
    assert_eq!(r.lines[3].spans[1].style.fg, theme.alert[4].fg);
}

#[test]
fn lists_bullets_numbers_nesting_tasks() {
    let md = "- a\n  - b\n    - c\n      - d\n        - e\n- f\n\n7. seven\n8. eight\n   continued paragraph text here\n\n- [ ] open\n- [x] closed\n";
    let t = text_of(md, 40);
    assert_eq!(
        t,
        [
            "• a",
            "  ◦ b",
            "    ▪ c",
            "      ‣ d",
            "        • e",
            "• f",
            "",
            "7. seven",
            "8. eight continued paragraph text here",
            "",
            "☐ open",
            "☑ closed",
        ]
    );
    // Wrapped item text aligns under the item's text.
    let t = text_of("10. a long item that wraps around", 16);
    assert_eq!(t, ["10. a long item", "    that wraps", "    around"]);
}

#[test]
fn loose_lists_keep_blank_lines() {
    let t = text_of("- one\n\n- two\n\n  second para\n", 40);
    assert_eq!(t, ["• one", "", "• two", "", "  second para"]);
}

#[test]
fn tables_fit_wrap_align_and_record_links() {
    let md = fixture("wide_table.md");
    for width in [40u16, 60, 80, 120] {
        let r = render(&md, width, &Theme::dark());
        assert_fits(&r, width);
        assert_segments(&r);
        let t = lines(&r);
        let top = &t[0];
        assert!(top.starts_with('┌') && top.ends_with('┐'), "{top}");
        // Five columns, none of them empty.
        assert_eq!(top.matches('┬').count(), 4);
        assert!(!top.contains("┬┬") && !top.contains("┌┬"));
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].href, "https://example.org/provisioning");
    }
    let r = render(&md, 200, &Theme::dark());
    let t = lines(&r);
    // Room for everything: one line per row, right-aligned numbers.
    assert_eq!(t.len(), 7);
    assert!(t[3].contains("│              3 │"), "{}", t[3]);
    assert!(t[1].contains("│     Owner     │"), "{}", t[1]);
}

#[test]
fn narrow_tables_are_stacked() {
    let md = "| Name | Role | Team | Site |\n|---|---|---|---|\n| Ann | Dev | Core | [x](https://x.example) |\n| Bo | Ops | Edge | y |\n";
    let r = render(md, 12, &Theme::dark());
    assert_fits(&r, 12);
    assert_segments(&r);
    assert_eq!(
        lines(&r),
        [
            "Name: Ann",
            "Role: Dev",
            "Team: Core",
            "Site: x",
            "",
            "Name: Bo",
            "Role: Ops",
            "Team: Edge",
            "Site: y"
        ]
    );
}

#[test]
fn horizontal_rule_spans_the_width() {
    assert_eq!(
        text_of("a\n\n---\n\nb", 10),
        ["a", "", "──────────", "", "b"]
    );
    assert_eq!(text_of("> ***", 10), ["│ ────────"]);
}

#[test]
fn footnotes_marked_and_listed_at_end() {
    let md =
        "Claim[^b] and other[^a].\n\n[^a]: Note A.\n[^b]: Note B with *style*.\n\nLast paragraph.";
    let r = render(md, 40, &Theme::dark());
    let t = lines(&r);
    assert_eq!(
        t,
        [
            "Claim[1] and other[2].",
            "",
            "Last paragraph.",
            "",
            "────────────────────────────────────────",
            "",
            "[1] Note B with style.",
            "",
            "[2] Note A.",
        ]
    );
    assert_eq!(r.links[0].href, "#fn-b");
    assert_eq!(r.links[0].text, "[1]");
    assert_eq!(r.anchor_line("fn-b"), Some(6));
    assert_eq!(r.anchor_line("fn-a"), Some(8));
    assert_segments(&r);
}

#[test]
fn html_tags_dropped_text_kept() {
    let md = "<div class=\"x\">\nHello <b>bold</b> world<br>next line<!-- secret -->\n<img src=\"p.png\" alt=\"Pic\">\n</div>\n\nInline <kbd>Ctrl</kbd>+<kbd>C</kbd> and <a href=\"https://h.example\">a link</a>.\n\n<!--\nmulti-line comment\n-->\n\nend";
    let r = render(md, 60, &Theme::dark());
    assert_eq!(
        lines(&r),
        [
            "Hello bold world",
            "next line [image: Pic]",
            "",
            "Inline Ctrl+C and a link.",
            "",
            "end"
        ]
    );
    assert_eq!(r.links[0].href, "p.png");
    assert_eq!(r.links[1].href, "https://h.example");
    assert_eq!(r.links[1].text, "a link");
    assert_segments(&r);
}

#[test]
fn hugo_shortcodes_become_links_or_vanish() {
    let md = "See [setup]({{< ref \"docs/setup.md#install\" >}}) and {{< relref \"faq.md\" >}}.\n\n{{< notice warning >}}\nInside the notice.\n{{< /notice >}}\n\n{{% details %}}x{{% /details %}}";
    // Shortcodes are read at load; the renderer draws the body a document holds.
    let body = paap::site::normalize(md.to_string(), paap::site::Syntax::Markdown).text;
    let r = render(&body, 60, &Theme::dark());
    let t = lines(&r);
    assert_eq!(
        t,
        ["See setup and faq.md.", "", "Inside the notice.", "", "x"]
    );
    assert!(t.iter().all(|l| !l.contains("{{") && !l.contains("}}")));
    assert_eq!(r.links[0].href, "docs/setup.md#install");
    assert_eq!(r.links[1].href, "faq.md");
}

#[test]
fn hostile_control_characters_never_reach_output() {
    let md = fixture("hostile.md");
    for theme in [Theme::dark(), Theme::no_color()] {
        let r = render(&md, 50, &theme);
        let bad = |c: char| {
            c.is_control()
                || ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        };
        for l in lines(&r) {
            assert!(!l.chars().any(bad), "control in {l:?}");
        }
        for link in &r.links {
            assert!(!link.href.chars().any(bad) && !link.text.chars().any(bad));
        }
        for h in &r.headings {
            assert!(!h.text.chars().any(bad) && !h.anchor.chars().any(bad));
        }
        assert!(!to_plain(&r).chars().any(|c| bad(c) && c != '\n'));
        // In ANSI output the only escapes are ours: SGR and OSC 8 sequences.
        let ansi = to_ansi(&r);
        assert!(!ansi.contains('\u{7}') && !ansi.contains("\x1b[2J") && !ansi.contains("\x1b]0;"));
        assert_fits(&r, 50);
        assert_segments(&r);
    }
    let t = text_of(&md, 50);
    assert_eq!(t[0], "Title with [31m red and a bell and reversed");
    // Whitespace collapses in paragraphs; in code a tab is four spaces.
    assert!(t.iter().any(|l| l.contains("a tab inside.")));
    assert!(
        t.iter().any(|l| l == "│ echo \"[2J in code\"    tabbed"),
        "{t:#?}"
    );
}

#[test]
fn cjk_and_emoji_count_double() {
    let md = fixture("cjk.md");
    for width in [10u16, 15, 21, 40, 80] {
        let r = render(&md, width, &Theme::dark());
        assert_fits(&r, width);
        assert_segments(&r);
    }
    let t = text_of("日本語のテキスト", 6);
    assert_eq!(t, ["日本語", "のテキ", "スト"]);
    let r = render(&md, 40, &Theme::dark());
    assert_eq!(r.headings[0].anchor, "日本語の見出し");
}

#[test]
fn plain_output_numbers_links_and_lists_targets() {
    let r = render(
        "A [one](https://1.example) and [two](b.md).\n",
        80,
        &Theme::no_color(),
    );
    assert_eq!(
        to_plain(&r),
        "A one[1] and two[2].\n\nLinks:\n[1] https://1.example\n[2] b.md\n"
    );
    assert!(!to_plain(&r).contains('\x1b'));
}

#[test]
fn ansi_output_styles_links_and_resets_each_line() {
    let r = render(
        "# Head\n\nSee [web](https://w.example) and [doc](d.md).",
        80,
        &Theme::dark(),
    );
    let ansi = to_ansi(&r);
    let out: Vec<&str> = ansi.lines().collect();
    assert!(
        out[0].starts_with("\x1b[1;95m") && out[0].ends_with("\x1b[0m"),
        "{:?}",
        out[0]
    );
    assert!(ansi.contains("\x1b]8;;https://w.example\x1b\\web\x1b]8;;\x1b\\"));
    assert!(
        !ansi.contains("\x1b]8;;d.md"),
        "relative links are not hyperlinks"
    );
    for line in out.iter().filter(|l| l.contains('\x1b')) {
        assert!(line.ends_with("\x1b[0m"), "{line:?}");
    }
}

#[test]
fn every_width_from_one_is_safe() {
    let md = [
        fixture("tour.md"),
        fixture("wide_table.md"),
        fixture("cjk.md"),
        fixture("hostile.md"),
    ]
    .concat();
    for width in (0u16..=24).chain([80, 1000, u16::MAX]) {
        let r = render(&md, width, &Theme::dark());
        assert_fits(&r, width.max(1));
    }
}

#[test]
fn tour_fixture_renders_every_element() {
    let r = render(&fixture("tour.md"), 60, &Theme::dark());
    let t = lines(&r).join("\n");
    for needle in [
        "Platform as a Product",
        "• one",
        "  ◦ nested deep link",
        "☑ done",
        "3. three",
        "│ │ nested quote",
        "│ Warning",
        "┌─ rust",
        "┌───────┬",
        "Some html text",
        "[image: A picture]",
        "See docs/setup.md and guide.",
        "[1] The note text.",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in\n{t}");
    }
    assert_segments(&r);
}

#[test]
fn each_code_block_keeps_its_own_text() {
    // Blocks are highlighted ahead of layout; footnotes move and charts take their own path,
    // and every block must still show its own code.
    let md = "Text[^n].\n\n```rust\nlet first = 1;\n```\n\n[^n]: Note.\n\n    ```python\n    print('in note')\n    ```\n\n```chart\nbars: []\n```\n\n```yaml\nlast: true\n```\n";
    for theme in [Theme::dark(), Theme::no_color()] {
        let t = lines(&render(md, 60, &theme));
        let pos = |needle: &str| {
            t.iter()
                .position(|l| l.ends_with(needle))
                .unwrap_or_else(|| panic!("{needle} in {t:#?}"))
        };
        assert!(pos("│ let first = 1;") > pos("┌─ rust"));
        assert!(pos("│ bars: []") > pos("┌─ chart"));
        assert!(pos("│ last: true") > pos("┌─ yaml"));
        assert!(
            pos("│ print('in note')") > pos("│ last: true"),
            "notes come last"
        );
    }
}
