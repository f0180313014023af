//! Opening URLs in the user's browser: scheme allow-list, `$BROWSER`, fallback.
