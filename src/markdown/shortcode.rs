//! Hugo shortcodes, rewritten before markdown parsing.
//!
//! `{{< ref "x" >}}` and `{{< relref "x" >}}` become link targets (inside a link destination)
//! or links of their own; every other `{{< … >}}` / `{{% … %}}` tag is removed, keeping the
//! text between an opening and a closing tag. Raw braces never reach the screen.

use std::borrow::Cow;

/// Longest shortcode tag (`{{< name params >}}`) recognised, in bytes.
const MAX_TAG: usize = 4096;

fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Rewrites every shortcode in `body`. Borrowed unchanged when there is none.
pub(crate) fn expand(body: &str) -> Cow<'_, str> {
    if !body.contains("{{<") && !body.contains("{{%") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = find_open(rest) {
        let (before, tag) = rest.split_at(start);
        out.push_str(before);
        let closer = if tag.starts_with("{{<") { ">}}" } else { "%}}" };
        // A tag is short; bounding the search keeps many unclosed `{{<` linear.
        let window = &tag[3..floor_char_boundary(tag, MAX_TAG)];
        let Some(end) = window.find(closer).map(|i| i + 3) else {
            // Not closed: not a shortcode. Keep the braces as text, go on after them.
            out.push_str(&tag[..3]);
            rest = &tag[3..];
            continue;
        };
        let inner = &tag[3..end];
        if let Some(target) = ref_target(inner) {
            if out.ends_with("](") {
                out.push('<');
                out.push_str(&target);
                out.push('>');
            } else {
                out.push_str(&format!("[{target}](<{target}>)"));
            }
        }
        rest = &tag[end + 3..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Where the next `{{<` or `{{%` starts. One forward scan: searching for each opener
/// separately would rescan the rest of the document once per shortcode.
fn find_open(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find("{{") {
        let at = from + i;
        if matches!(bytes.get(at + 2), Some(b'<' | b'%')) {
            return Some(at);
        }
        from = at + 1;
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_in_link_destination() {
        assert_eq!(
            expand(r#"see [the guide]({{< ref "guide/setup.md#install" >}})."#),
            "see [the guide](<guide/setup.md#install>)."
        );
        assert_eq!(expand(r#"[x]({{< relref "a b.md" >}})"#), "[x](<a b.md>)");
    }

    #[test]
    fn bare_ref_becomes_link() {
        assert_eq!(
            expand(r#"go {{< ref "x.md" >}} now"#),
            "go [x.md](<x.md>) now"
        );
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
}
