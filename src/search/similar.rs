//! String similarity tests used before and beside the fuzzy matcher.

/// A cheap test that rules out names the fuzzy matcher would score below the threshold in
/// `matching` anyway: the pattern must start at a word start with the rest following in
/// order, or stand whole inside a word. Byte-wise for ASCII patterns (an ASCII byte never
/// occurs inside a multi-byte UTF-8 char).
pub(crate) fn fuzzy_candidate(pattern: &str, text: &str) -> bool {
    if !pattern.is_ascii() {
        return is_subsequence(pattern, text);
    }
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let word_start = t.iter().enumerate().position(|(j, &b)| {
        b == p[0] && (j == 0 || !(t[j - 1].is_ascii_alphanumeric() || t[j - 1] >= 0x80))
    });
    match word_start {
        Some(j) if is_subsequence_bytes(&p[1..], &t[j + 1..]) => true,
        _ => text.contains(pattern),
    }
}

fn is_subsequence_bytes(pattern: &[u8], text: &[u8]) -> bool {
    let mut i = 0;
    for &b in text {
        if i == pattern.len() {
            break;
        }
        if b == pattern[i] {
            i += 1;
        }
    }
    i == pattern.len()
}

/// Whether `word` (or its start, for a word still being typed) is one edit away from
/// `typed`: one letter replaced, missing or extra, or two neighbours swapped.
pub(crate) fn one_edit_away(typed: &str, word: &str) -> bool {
    if word.chars().count() + 1 < typed.chars().count() {
        return false;
    }
    let a: Vec<char> = typed.chars().collect();
    let b: Vec<char> = word.chars().collect();
    if b.len() + 1 < a.len() {
        return false;
    }
    // Compare with the whole word, and with its start of the typed length (and one more or
    // one less char), so "enalb" finds "enablers".
    [b.len(), a.len().saturating_sub(1), a.len(), a.len() + 1]
        .into_iter()
        .filter(|&n| n <= b.len() && n + 1 >= a.len() && n <= a.len() + 1)
        .any(|n| edit_distance_at_most_one(&a, &b[..n]))
}

fn edit_distance_at_most_one(a: &[char], b: &[char]) -> bool {
    if a == b {
        return false; // identical words are plain matches, not typos
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a_rest, b_rest) = (&a[prefix..], &b[prefix..]);
    match a_rest.len() as isize - b_rest.len() as isize {
        0 => {
            a_rest[1..] == b_rest[1..]
                || (a_rest.len() >= 2
                    && a_rest[0] == b_rest[1]
                    && a_rest[1] == b_rest[0]
                    && a_rest[2..] == b_rest[2..])
        }
        1 => a_rest[1..] == *b_rest,
        -1 => *a_rest == b_rest[1..],
        _ => false,
    }
}

/// Whether the chars of `pattern` appear in `text` in order.
fn is_subsequence(pattern: &str, text: &str) -> bool {
    {
        let mut wanted = pattern.chars().peekable();
        for c in text.chars() {
            if wanted.peek() == Some(&c) {
                wanted.next();
            }
        }
        wanted.peek().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::{fuzzy_candidate, one_edit_away};

    #[test]
    fn fuzzy_candidates_start_at_a_word_or_stand_whole() {
        assert!(fuzzy_candidate(
            "prdthink",
            "product thinking for platforms"
        ));
        assert!(fuzzy_candidate("ops", "devops teams"));
        assert!(fuzzy_candidate("thnk", "product thinking"));
        assert!(!fuzzy_candidate("trap", "platform as a product research"));
        assert!(fuzzy_candidate("hink", "product thinking"));
        assert!(!fuzzy_candidate("hnk", "product thinking"));
        assert!(fuzzy_candidate("étt", "un été tardif"));
        assert!(!fuzzy_candidate("éte", "un été"), "no accent folding");
    }

    #[test]
    fn one_edit_covers_the_usual_typos() {
        assert!(one_edit_away("enalbers", "enablers")); // swapped
        assert!(one_edit_away("enablrs", "enablers")); // missing
        assert!(one_edit_away("enabblers", "enablers")); // extra
        assert!(one_edit_away("enablars", "enablers")); // wrong
        assert!(one_edit_away("enalb", "enablers")); // swapped, still typing
        assert!(!one_edit_away("enbalres", "enablers"));
        assert!(!one_edit_away("platform", "plan"));
    }
}
