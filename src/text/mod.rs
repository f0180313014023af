//! Plain-text helpers every layer shares: making untrusted text safe for a terminal,
//! measuring it in display columns and cutting it to a width.
//!
//! A leaf: it imports nothing from the rest of the crate.
//!
//! - [`sanitize()`] removes what must never reach a terminal (C0, DEL, C1, bidi controls);
//!   content is cleaned with it at load (`content::load`) and inside the renderer
//!   (`markdown`), so the layers above draw document text as it is.
//! - [`SafeWriter`] is the same rule for a byte stream: `paap`'s stdout goes through it,
//!   and [`warn`] writes every `paap: …` line on stderr through it.
//! - [`width()`] is the one measure of display columns; [`clip()`], [`tail()`] and
//!   [`truncate()`] cut to a width on grapheme boundaries.

mod safe_writer;
mod sanitize;
mod width;

pub use safe_writer::{SafeWriter, warn};
pub use sanitize::{is_bidi_control, is_unsafe, sanitize};
pub use width::{char_width, clip, tail, truncate, width};
