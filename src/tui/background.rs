//! `theme = "auto"`: ask the terminal for its background colour (OSC 11); the choice of
//! theme from the answer is `crate::appearance`.
//!
//! The query itself is `terminal-colorsaurus`: it writes OSC 11 followed by a device
//! attributes request that every terminal answers, so a terminal that ignores OSC 11
//! is detected at once instead of after the timeout; it reads the reply from the
//! controlling terminal in raw mode and parses `rgb:RRRR/GGGG/BBBB` (and the other
//! forms terminals send). The runtime asks after the first frame is on screen, so a
//! terminal that never answers costs the reader nothing before they see paap.

use std::io::IsTerminal;
use std::time::Duration;

use terminal_colorsaurus::{Color, QueryOptions};

/// How long to wait for the terminal's answer before falling back to dark. Short:
/// terminals that answer do so within a few milliseconds, even over a fast SSH link.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(100);

/// The terminal's background colour, or `None` when there is no terminal or it did
/// not answer in time.
pub fn query_background(timeout: Duration) -> Option<Color> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    let mut options = QueryOptions::default();
    options.timeout = timeout;
    terminal_colorsaurus::background_color(options).ok()
}
