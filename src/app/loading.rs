//! A library loaded in the background: the progress line while it loads. The library
//! itself arrives as a reload (`reload::apply`), which keeps the reader where they were.

use super::App;

/// `done` of `total` files read: the status line says so.
pub(super) fn progress(app: &mut App, done: usize, total: usize) {
    app.loading = Some((done, total));
    app.status = Some(progress_line(done, total));
}

/// The status line while loading: "loading 12,345 of 49,600 documents…".
pub fn progress_line(done: usize, total: usize) -> String {
    format!(
        "loading {} of {} documents…",
        thousands(done),
        thousands(total)
    )
}

/// "49,600 documents".
pub fn documents(count: usize) -> String {
    format!("{} documents", thousands(count))
}

/// 49600 → "49,600".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(12_345), "12,345");
        assert_eq!(super::thousands(1_049_600), "1,049,600");
    }
}
