//! Raw HTML inside markdown: tags dropped, text kept, a few tags given meaning.
//!
//! This is a small tokenizer, not an HTML parser: documents use HTML for line breaks, images,
//! links and the odd `<details>`; anything else is reduced to its text.

/// What a piece of HTML means for the renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HtmlItem {
    Text(String),
    /// `<br>`.
    Break,
    /// The end or start of a block element (`<p>`, `<div>`, `<li>`, …): a line break unless
    /// the line is empty already.
    BlockEdge,
    Image {
        src: String,
        alt: String,
    },
    LinkOpen(String),
    LinkClose,
}

/// State carried between the HTML events of one document: comments, `<script>`/`<style>`
/// bodies and tags can span several events (an HTML block arrives line by line).
#[derive(Debug, Default, Clone)]
pub(crate) struct HtmlState {
    in_comment: bool,
    /// Inside `<script>` or `<style>`: the element whose closing tag ends the skip.
    skipping: Option<&'static str>,
    /// The start of a tag whose `>` has not arrived yet.
    partial_tag: String,
    /// Inside a tag longer than [`MAX_TAG`]: skipped to its `>`, as a browser would not show
    /// it either. Carrying it along instead would copy it once per line.
    in_long_tag: bool,
}

/// Longest tag kept across lines, in bytes.
const MAX_TAG: usize = 4096;

impl HtmlState {
    /// Forgets anything left open at the end of a block: an unclosed `<script>` or comment
    /// must not hide the rest of the document.
    pub fn end_block(&mut self) {
        *self = HtmlState::default();
    }
}

/// Splits `chunk` into text and meaningful tags.
pub(crate) fn parse(chunk: &str, state: &mut HtmlState) -> Vec<HtmlItem> {
    let mut items = Vec::new();
    let mut chunk = chunk;
    if state.in_long_tag {
        match chunk.find('>') {
            Some(end) => {
                state.in_long_tag = false;
                chunk = &chunk[end + 1..];
            }
            None => return items,
        }
    }
    let owned;
    let mut rest = if state.partial_tag.is_empty() {
        chunk
    } else {
        owned = std::mem::take(&mut state.partial_tag) + chunk;
        owned.as_str()
    };
    loop {
        if state.in_comment {
            match rest.find("-->") {
                Some(end) => {
                    state.in_comment = false;
                    rest = &rest[end + 3..];
                }
                None => return items,
            }
        }
        let Some(lt) = find_tag_start(rest) else {
            push_text(&mut items, rest, state);
            return items;
        };
        push_text(&mut items, &rest[..lt], state);
        let tag = &rest[lt..];
        if let Some(after) = tag.strip_prefix("<!--") {
            state.in_comment = true;
            rest = after;
            continue;
        }
        let Some(gt) = tag.find('>') else {
            if tag.len() > MAX_TAG {
                state.in_long_tag = true;
            } else {
                state.partial_tag = tag.to_string();
            }
            return items;
        };
        interpret_tag(&tag[1..gt], &mut items, state);
        rest = &tag[gt + 1..];
    }
}

/// A `<` that starts a tag: followed by a letter, `/` or `!`.
fn find_tag_start(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find('<') {
        let at = from + i;
        match bytes.get(at + 1) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'/' || *b == b'!' => return Some(at),
            _ => from = at + 1,
        }
    }
    None
}

fn push_text(items: &mut Vec<HtmlItem>, text: &str, state: &HtmlState) {
    if text.is_empty() || state.skipping.is_some() {
        return;
    }
    items.push(HtmlItem::Text(htmlize::unescape(text).into_owned()));
}

fn interpret_tag(tag: &str, items: &mut Vec<HtmlItem>, state: &mut HtmlState) {
    let closing = tag.starts_with('/');
    let body = tag.trim_start_matches('/');
    let name_end = body
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(body.len());
    let name = body[..name_end].to_ascii_lowercase();
    let attrs = &body[name_end..];
    if let Some(skipped) = state.skipping {
        if closing && name == skipped {
            state.skipping = None;
        }
        return;
    }
    match (name.as_str(), closing) {
        ("script", false) => state.skipping = Some("script"),
        ("style", false) => state.skipping = Some("style"),
        ("br", _) => items.push(HtmlItem::Break),
        ("img", false) => items.push(HtmlItem::Image {
            src: attribute(attrs, "src").unwrap_or_default(),
            alt: attribute(attrs, "alt").unwrap_or_default(),
        }),
        ("a", false) => {
            if let Some(href) = attribute(attrs, "href") {
                items.push(HtmlItem::LinkOpen(href));
            }
        }
        ("a", true) => items.push(HtmlItem::LinkClose),
        (
            "p" | "div" | "li" | "tr" | "table" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" | "details" | "summary" | "blockquote" | "pre" | "hr" | "section" | "figure"
            | "figcaption" | "dt" | "dd",
            _,
        ) => items.push(HtmlItem::BlockEdge),
        _ => {}
    }
}

/// The value of attribute `name` in a tag's attribute text, entities decoded.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let mut value = None;
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(q).unwrap_or(inner.len());
                    (&inner[..end], &inner[(end + 1).min(inner.len())..])
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = Some(v);
            rest = next;
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(htmlize::unescape_attribute(value.unwrap_or("")).into_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(chunks: &[&str]) -> Vec<HtmlItem> {
        let mut state = HtmlState::default();
        chunks.iter().flat_map(|c| parse(c, &mut state)).collect()
    }

    #[test]
    fn tags_dropped_text_kept() {
        assert_eq!(
            run(&["<span class=\"x\">a &amp; b</span>"]),
            [HtmlItem::Text("a & b".into())]
        );
    }

    #[test]
    fn comments_across_chunks_dropped() {
        assert_eq!(
            run(&["a<!-- one\n", "two -->b"]),
            [HtmlItem::Text("a".into()), HtmlItem::Text("b".into())]
        );
    }

    #[test]
    fn img_br_and_links() {
        assert_eq!(
            run(&["<img src='p.png' alt=\"A cat\"/><br/><a href=\"u\">t</a>"]),
            [
                HtmlItem::Image {
                    src: "p.png".into(),
                    alt: "A cat".into()
                },
                HtmlItem::Break,
                HtmlItem::LinkOpen("u".into()),
                HtmlItem::Text("t".into()),
                HtmlItem::LinkClose,
            ]
        );
    }

    #[test]
    fn script_skipped_and_split_tags_joined() {
        assert_eq!(
            run(&["<script>alert(1)</script><img\n", "src=x alt=y>"]),
            [HtmlItem::Image {
                src: "x".into(),
                alt: "y".into()
            }]
        );
    }

    #[test]
    fn every_html5_entity_is_decoded() {
        assert_eq!(
            run(&["&amp; &hearts; &NotNestedLessLess; &frac12; &#x1F600; &#0; &bogus; &copy"]),
            [HtmlItem::Text("& ♥ ⪡̸ ½ 😀 \u{FFFD} &bogus; ©".into())]
        );
        assert_eq!(
            run(&["<a href=\"?a=1&amp;b=2&copy=3\">x</a>"])[0],
            HtmlItem::LinkOpen("?a=1&b=2&copy=3".into())
        );
    }

    #[test]
    fn literal_less_than_is_text() {
        assert_eq!(run(&["a < b"]), [HtmlItem::Text("a < b".into())]);
    }
}
