//! Fenced code blocks, line by line: site syntax inside them is shown as written.

/// Whether lines are inside a fenced code block, fed one line at a time.
#[derive(Default)]
pub(super) struct Fence {
    open: Option<(u8, usize)>,
}

impl Fence {
    /// Whether `line` belongs to a code block: its opening fence, its text or its closing
    /// fence. Fences are recognised at any indent, as inside list items.
    pub(super) fn inside(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start();
        let run = |ch: u8| trimmed.bytes().take_while(|&b| b == ch).count();
        match self.open {
            Some((ch, len)) => {
                if run(ch) >= len && trimmed.trim_end().bytes().all(|b| b == ch) {
                    self.open = None;
                }
                true
            }
            None => {
                let ch = match trimmed.bytes().next() {
                    Some(b'`') => b'`',
                    Some(b'~') => b'~',
                    _ => return false,
                };
                let len = run(ch);
                // A backtick fence's info string holds no backtick (else it is inline code).
                if len < 3 || (ch == b'`' && trimmed[len..].contains('`')) {
                    return false;
                }
                self.open = Some((ch, len));
                true
            }
        }
    }
}
