//! Bookmarks and reading positions, stored as JSON with atomic writes.
