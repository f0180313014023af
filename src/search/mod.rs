//! Search: query parsing, fuzzy matching over names, full-text keywords with snippets.
