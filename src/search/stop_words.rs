//! English stop words and question words: the words of a question that say nothing about
//! what it is about ("how", "are", "the", "of"), including the frames of common questions
//! ("what does … mean", "how often", "the difference between"). Outside quotes they do not
//! decide a ranking.

/// Sorted, for a binary search.
const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "between", "but", "by", "can", "could", "did", "do", "does", "doing", "done", "each",
    "for", "from", "had", "has", "have", "having", "he", "her", "here", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "just", "many", "may", "me", "mean", "means", "meant",
    "might", "much", "must", "my", "not", "of", "often", "on", "or", "our", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "too", "us", "very", "was", "we", "were", "what", "when", "where",
    "which", "who", "whom", "whose", "why", "will", "with", "would", "you", "your",
];

/// Whether `word` (lower case) is a stop word or question word.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_lower_case() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            STOP_WORDS
                .iter()
                .all(|w| w.chars().all(|c| c.is_ascii_lowercase()))
        );
        assert!(is_stop_word("how") && is_stop_word("the"));
        assert!(!is_stop_word("platform") && !is_stop_word("funded"));
    }
}
