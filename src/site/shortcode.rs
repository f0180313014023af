//! Hugo shortcodes.
//!
//! `{{< ref "x" >}}` and `{{< relref "x" >}}` become link targets (inside a link destination)
//! or links of their own; every other `{{< … >}}` / `{{% … %}}` tag is removed, keeping the
//! text between an opening and a closing tag. `{{< figure src="x" >}}` becomes the image
//! `![caption](<x>)`. Shortcodes in code are shown as written.

use std::borrow::Cow;
use std::ops::Range;

use super::REF_TITLE;
use super::code;
use super::fence::{self, Stretch};

/// Longest shortcode tag (`{{< name params >}}`) recognised, in bytes.
const MAX_TAG: usize = 4096;

/// Rewrites every shortcode in `body` outside code. Borrowed unchanged when there is none.
///
/// A removed tag leaves its line breaks behind, so the body keeps every line of the file.
pub(super) fn expand(body: &str) -> Cow<'_, str> {
    if next_opener(body.as_bytes(), 0).is_none() {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    // Prose between fenced code blocks is rewritten a stretch at a time: a tag may span
    // lines, but never reaches into code.
    for stretch in fence::stretches(body) {
        match stretch {
            Stretch::Code(code) => out.push_str(&body[code]),
            Stretch::Prose(prose) => expand_prose(&body[prose], &mut out),
        }
    }
    Cow::Owned(out)
}

/// Appends `text` (no fenced code in it) to `out` with its shortcodes rewritten.
fn expand_prose(text: &str, out: &mut String) {
    // Most stretches have no tag: their code spans are not worth finding.
    if next_opener(text.as_bytes(), 0).is_none() {
        out.push_str(text);
        return;
    }
    let code = code::spans(text);
    let mut closers = Closers::default();
    let mut at = 0;
    while let Some(start) = find_open(text, at, &code) {
        out.push_str(&text[at..start]);
        let closer = if text[start..].starts_with("{{<") {
            ">}}"
        } else {
            "%}}"
        };
        // A tag is short; bounding it keeps many unclosed `{{<` linear.
        let Some(end) = closers
            .next(text, closer, start + 3)
            .filter(|&e| e - start <= MAX_TAG)
        else {
            // Not closed: not a shortcode. Keep the braces as text, go on after them.
            out.push_str(&text[start..start + 3]);
            at = start + 3;
            continue;
        };
        let inner = &text[start + 3..end];
        let after = end + 3;
        if let Some(target) = ref_target(inner) {
            push_ref(out, &target, text[after..].starts_with(')'));
        } else if let Some(image) = figure_image(inner) {
            out.push_str(&image);
        }
        // Line breaks inside the tag stay, so that line numbers do too.
        out.extend(inner.matches('\n').map(|_| '\n'));
        at = after;
    }
    out.push_str(&text[at..]);
}

/// A `ref`/`relref` as a link: the destination of the link it is written in (`[text](…)`),
/// else a link of its own with no text, which the renderer shows as its target.
fn push_ref(out: &mut String, target: &str, closes_link: bool) {
    if out.ends_with("](") {
        out.push('<');
        out.push_str(target);
        out.push('>');
        // Marked as a ref only where nothing else follows in the destination.
        if closes_link {
            push_all(out, &[" \"", REF_TITLE, "\""]);
        }
    } else {
        push_all(out, &["[](<", target, "> \"", REF_TITLE, "\")"]);
    }
}

/// Appends `pieces` to `out`, one after the other (no `format!` and its allocation).
fn push_all(out: &mut String, pieces: &[&str]) {
    for piece in pieces {
        out.push_str(piece);
    }
}

/// Hugo's `figure` shortcode as a markdown image: its `alt`, else `caption`, else `title`
/// as the alt text. `None` for another shortcode or a figure without `src`.
fn figure_image(inner: &str) -> Option<String> {
    let (name, args) = inner.trim().split_once(char::is_whitespace)?;
    if name != "figure" {
        return None;
    }
    let attrs = attributes(args);
    let get = |key: &str| attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let src: String = get("src")?
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '\n' | '\r'))
        .collect();
    let alt: String = ["alt", "caption", "title"]
        .iter()
        .find_map(|k| get(k).filter(|v| !v.trim().is_empty()))
        .unwrap_or("")
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | '\\' | '\n' | '\r'))
        .collect();
    (!src.is_empty()).then(|| format!("![{alt}](<{src}>)"))
}

/// `key="value"`, `key='value'` and `key=value` pairs, as a shortcode's named arguments.
fn attributes(args: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = args.trim_start();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        let after = &rest[eq + 1..];
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'' | '`')) => match after[1..].find(q) {
                Some(end) => (&after[1..=end], &after[end + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        out.push((key.rsplit(char::is_whitespace).next().unwrap_or(key), value));
        rest = next.trim_start();
    }
    out
}

/// Where the next `>}}` and `%}}` are: each is searched for once per occurrence, so the
/// scan for closers is linear however many tags are open.
#[derive(Default)]
struct Closers {
    angle: Option<Option<usize>>,
    percent: Option<Option<usize>>,
}

impl Closers {
    /// The first `closer` at or after `from`.
    fn next(&mut self, text: &str, closer: &str, from: usize) -> Option<usize> {
        let cached = if closer == ">}}" {
            &mut self.angle
        } else {
            &mut self.percent
        };
        match *cached {
            Some(found) if found.is_none_or(|at| at >= from) => found,
            _ => {
                // memchr's search: the standard one sets up a two-way searcher per call.
                let found = memchr::memmem::find(&text.as_bytes()[from..], closer.as_bytes())
                    .map(|i| from + i);
                *cached = Some(found);
                found
            }
        }
    }
}

/// Where the next `{{<` or `{{%` outside code starts. One forward scan: searching for each
/// opener separately would rescan the rest of the text once per shortcode.
fn find_open(text: &str, mut from: usize, code: &[Range<usize>]) -> Option<usize> {
    loop {
        let at = next_opener(text.as_bytes(), from)?;
        match code::span_at(code, at) {
            Some(span) => from = span.end,
            None => return Some(at),
        }
    }
}

/// Where the next `{{<` or `{{%` at or after `from` starts, in code or not. memchr finds
/// each `{`: a two-byte `str::find` costs several instructions a byte of every body.
fn next_opener(bytes: &[u8], from: usize) -> Option<usize> {
    let opens = |at: &usize| {
        bytes.get(at + 1) == Some(&b'{') && matches!(bytes.get(at + 2), Some(b'<' | b'%'))
    };
    memchr::memchr_iter(b'{', bytes.get(from..)?)
        .map(|i| from + i)
        .find(opens)
}

/// The target of an href that is itself a `ref`/`relref` shortcode.
pub fn ref_in_href(href: &str) -> Option<String> {
    let inner = href
        .strip_prefix("{{<")
        .and_then(|s| s.strip_suffix(">}}"))
        .or_else(|| href.strip_prefix("{{%")?.strip_suffix("%}}"))?;
    ref_target(inner)
}

/// The target of a `ref`/`relref` shortcode body (`ref "path#anchor"`), made safe to put
/// inside `<…>` in a link destination.
fn ref_target(inner: &str) -> Option<String> {
    let inner = inner.trim();
    // `{{</* ref */>}}` is Hugo's escape for showing a shortcode literally: hidden here.
    if inner.starts_with("/*") {
        return None;
    }
    let (name, args) = inner.split_once(char::is_whitespace)?;
    if name != "ref" && name != "relref" {
        return None;
    }
    let args = args.trim();
    let raw = if let Some(quoted) = args.strip_prefix('"') {
        quoted.split('"').next()?
    } else if let Some(quoted) = args.strip_prefix('`') {
        quoted.split('`').next()?
    } else {
        let first = args.split_whitespace().next()?;
        // Named form: `ref path="x"`.
        first
            .split_once('=')
            .map_or(first, |(_, v)| v)
            .trim_matches('"')
    };
    let target: String = raw
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '\n' | '\r' | '[' | ']'))
        .collect();
    (!target.is_empty()).then_some(target)
}

/// The pass as it was before it skipped to fences and tags with memchr: what the property
/// test holds [`expand`] to. Only the scanning is here; what a tag becomes is shared.
#[cfg(test)]
mod reference {
    use super::super::code::reference as code;
    use super::super::fence::Fence;
    use super::{MAX_TAG, REF_TITLE, figure_image, ref_target};
    use std::ops::Range;

    pub(super) fn expand(body: &str) -> String {
        let mut out = String::with_capacity(body.len());
        let mut fence = Fence::default();
        let mut prose = 0..0;
        for line in body.split_inclusive('\n') {
            let start = line.as_ptr() as usize - body.as_ptr() as usize;
            if fence.inside(line.trim_end_matches(['\n', '\r'])) {
                expand_prose(&body[prose], &mut out);
                out.push_str(line);
                prose = start + line.len()..start + line.len();
            } else {
                prose.end = start + line.len();
            }
        }
        expand_prose(&body[prose], &mut out);
        out
    }

    fn expand_prose(text: &str, out: &mut String) {
        let code = code::spans(text);
        let mut at = 0;
        while let Some(start) = find_open(text, at, &code) {
            out.push_str(&text[at..start]);
            let closer = if text[start..].starts_with("{{<") {
                ">}}"
            } else {
                "%}}"
            };
            let Some(end) = text[start + 3..]
                .find(closer)
                .map(|i| start + 3 + i)
                .filter(|&e| e - start <= MAX_TAG)
            else {
                out.push_str(&text[start..start + 3]);
                at = start + 3;
                continue;
            };
            let inner = &text[start + 3..end];
            let after = end + 3;
            if let Some(target) = ref_target(inner) {
                push_ref(out, &target, text[after..].starts_with(')'));
            } else if let Some(image) = figure_image(inner) {
                out.push_str(&image);
            }
            out.extend(inner.matches('\n').map(|_| '\n'));
            at = after;
        }
        out.push_str(&text[at..]);
    }

    fn push_ref(out: &mut String, target: &str, closes_link: bool) {
        if out.ends_with("](") {
            out.push('<');
            out.push_str(target);
            out.push('>');
            if closes_link {
                out.push_str(&format!(" \"{REF_TITLE}\""));
            }
        } else {
            out.push_str(&format!("[](<{target}> \"{REF_TITLE}\")"));
        }
    }

    fn find_open(text: &str, mut from: usize, code: &[Range<usize>]) -> Option<usize> {
        let bytes = text.as_bytes();
        loop {
            let at = code::find_outside(text, from, "{{", code)?;
            if matches!(bytes.get(at + 2), Some(b'<' | b'%')) {
                return Some(at);
            }
            from = at + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_in_link_destination() {
        assert_eq!(
            expand(r#"see [the guide]({{< ref "guide/setup.md#install" >}})."#),
            "see [the guide](<guide/setup.md#install> \"paap:ref\")."
        );
        assert_eq!(
            expand(r#"[x]({{< relref "a b.md" >}} "t")"#),
            "[x](<a b.md> \"t\")"
        );
    }

    #[test]
    fn bare_ref_becomes_link() {
        assert_eq!(
            expand(r#"go {{< ref "x.md" >}} now"#),
            "go [](<x.md> \"paap:ref\") now"
        );
    }

    #[test]
    fn shortcodes_in_code_are_shown_as_written() {
        let body = "`{{< ref \"a\" >}}` and\n```\n{{< ref \"b\" >}}\n```\n{{< x >}}\n";
        assert_eq!(
            expand(body),
            "`{{< ref \"a\" >}}` and\n```\n{{< ref \"b\" >}}\n```\n\n"
        );
    }

    #[test]
    fn a_tag_over_several_lines_keeps_its_line_breaks() {
        assert_eq!(
            expand("a {{< figure\n  src=\"x\"\n>}} b\n"),
            "a ![](<x>)\n\n b\n"
        );
    }

    #[test]
    fn figure_becomes_an_image() {
        assert_eq!(
            expand(r#"{{< figure src="/img/map.png" caption="The [platform] map" >}}"#),
            "![The platform map](</img/map.png>)"
        );
        assert_eq!(
            expand(r#"{{< figure class=wide src=a.jpg alt='Persona' title="t" >}}"#),
            "![Persona](<a.jpg>)"
        );
        assert_eq!(expand(r#"{{< figure caption="no source" >}}"#), "");
    }

    #[test]
    fn other_shortcodes_hidden() {
        assert_eq!(
            expand("a {{< hint info >}}inside{{< /hint >}} b {{% note %}}n{{% /note %}}"),
            "a inside b n"
        );
        assert_eq!(expand("{{</* ref \"x\" */>}}"), "");
    }

    #[test]
    fn unclosed_is_text() {
        assert_eq!(expand("a {{< b"), "a {{< b");
        assert!(matches!(expand("plain {{ x }}"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        /// Shortcodes, fences, code spans, admonitions and MDX in any order: rewritten as
        /// the pass before memchr rewrote them, and borrowed only when that changed nothing.
        #[test]
        fn any_mix_of_site_syntax_is_rewritten_as_before(body in crate::site::site_pieces()) {
            let expanded = expand(&body);
            let before = reference::expand(&body);
            if matches!(expanded, Cow::Borrowed(_)) {
                proptest::prop_assert_eq!(&before, &body);
            }
            proptest::prop_assert_eq!(expanded.as_ref(), before.as_str());
        }
    }
}
