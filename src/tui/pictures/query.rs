//! `images = "auto"`: the terminal is asked once, before the first frame, whether it draws
//! kitty or sixel graphics and how large its cells are. The question ends with a device
//! status request every terminal answers, so a terminal that answers is done within one
//! round trip; one that never does is given up on at a deadline, so the wait is bounded.
//!
//! The answers come on the terminal's input, between whatever keys the reader types
//! meanwhile: the bytes that are not an answer are kept and handed back as key events
//! (`early_keys`) for the event loop to handle first, so no key is lost. (The query
//! `ratatui-image` makes itself reads on a thread of its own until the terminal answers,
//! which never happens in a terminal that does not: it took every key typed after.)

use std::io::{self, IsTerminal, Write};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use crossterm::event::Event;
use mio::unix::SourceFd;
use mio::{Events, Interest, Poll, Token};
use ratatui_image::FontSize;
use ratatui_image::picker::cap_parser::{Parser, QueryStdioOptions};
use ratatui_image::picker::{Picker, ProtocolType};
use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
use rustix::io::Errno;

use super::early_keys;

/// How long the terminal has to answer: a terminal answers within a round trip, and this
/// covers a slow SSH link; one that never answers delays the first frame by this, once.
pub const ANSWER_TIMEOUT: Duration = Duration::from_millis(1000);

const ESC: u8 = 0x1b;
/// An escape sequence longer than this is no answer paap asked for: it is dropped.
const MAX_SEQUENCE: usize = 256;

/// The protocol to draw with, and the keys read while waiting for the answer.
pub struct Detected {
    pub picker: Picker,
    pub keys: Vec<Event>,
}

/// Asks the terminal on standard input and output (raw mode is on); half blocks when
/// either is not a terminal or it did not say.
pub fn detect(timeout: Duration) -> Detected {
    let stdin = io::stdin();
    if !stdin.is_terminal() || !io::stdout().is_terminal() {
        return Detected {
            picker: Picker::halfblocks(),
            keys: Vec::new(),
        };
    }
    let mut out = io::stdout();
    let asked = out.write_all(query().as_bytes()).and_then(|()| out.flush());
    if asked.is_err() {
        return Detected {
            picker: Picker::halfblocks(),
            keys: Vec::new(),
        };
    }
    let deadline = Instant::now() + timeout;
    let (answers, keys) = match TerminalInput::open() {
        Ok(mut input) => read_answers(&mut |d, buf| input.read_within(d, buf), deadline),
        Err(_) => (Answers::default(), Vec::new()),
    };
    Detected {
        picker: picker_for(&answers),
        keys: early_keys::decode(&keys),
    }
}

/// Kitty graphics, device attributes (sixel), the cell size in pixels, then device status.
/// WezTerm and Konsole are not asked for kitty or sixel, as `ratatui-image` does not: they
/// claim both and draw neither well (they get iTerm2 from their environment).
fn query() -> String {
    let mut options = QueryStdioOptions::default();
    let claims_too_much = ["WEZTERM_EXECUTABLE", "KONSOLE_VERSION"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
    if claims_too_much {
        options.blacklist_protocols = vec![ProtocolType::Kitty, ProtocolType::Sixel];
    }
    Parser::query(false, options)
}

/// What the terminal said.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Answers {
    pub kitty: bool,
    pub sixel: bool,
    /// Width and height of a cell in pixels.
    pub cell: Option<(u16, u16)>,
    /// The device status came: everything asked before it has been answered.
    pub done: bool,
}

/// Reads until the device status answer or `deadline`; `read` gives bytes that arrive by a
/// deadline (none: the deadline passed). Returns the answers and the other bytes (keys).
pub(crate) fn read_answers(
    read: &mut dyn FnMut(Instant, &mut [u8]) -> usize,
    deadline: Instant,
) -> (Answers, Vec<u8>) {
    let mut split = Splitter::default();
    let mut buf = [0u8; 256];
    while !split.answers.done {
        let n = read(deadline, &mut buf);
        if n == 0 {
            break;
        }
        for &byte in &buf[..n] {
            split.push(byte);
        }
    }
    // An escape sequence cut short by the deadline is a key (a lone Esc, most likely).
    split.keys.append(&mut split.pending);
    (split.answers, split.keys)
}

/// Sorts the terminal's input, byte by byte, into answers and the rest.
#[derive(Default)]
struct Splitter {
    answers: Answers,
    /// The escape sequence being read.
    pending: Vec<u8>,
    keys: Vec<u8>,
}

impl Splitter {
    fn push(&mut self, byte: u8) {
        if self.pending.is_empty() && byte != ESC {
            self.keys.push(byte);
            return;
        }
        self.pending.push(byte);
        let seq = &self.pending[..];
        let complete = match seq.get(1) {
            None => false,
            // A control string (APC, DCS, OSC) ends with ST; OSC may end with BEL.
            Some(b'_' | b'P' | b']') => {
                seq.ends_with(b"\x1b\\") || (seq[1] == b']' && byte == 0x07)
            }
            Some(b'[') => seq.len() > 2 && (0x40..=0x7e).contains(&byte),
            Some(b'O') => seq.len() == 3,
            // Esc, then another sequence: the first was the Esc key.
            Some(&ESC) => {
                self.keys.push(ESC);
                self.pending.remove(0);
                return;
            }
            // Alt and a key.
            Some(_) => true,
        };
        if complete {
            let seq = std::mem::take(&mut self.pending);
            if !self.answer(&seq) && !matches!(seq[1], b'_' | b'P' | b']') {
                self.keys.extend_from_slice(&seq);
            }
        } else if self.pending.len() > MAX_SEQUENCE {
            self.pending.clear();
        }
    }

    /// Takes `seq` if it is an answer to the query.
    fn answer(&mut self, seq: &[u8]) -> bool {
        let Some(body) = seq.strip_prefix(b"\x1b[") else {
            if seq.starts_with(b"\x1b_Gi=31;OK") {
                self.answers.kitty = true;
                return true;
            }
            return false;
        };
        let text = String::from_utf8_lossy(body);
        let (params, last) = text.split_at(text.len() - 1);
        match (last, params.strip_prefix('?')) {
            ("c", Some(attributes)) => {
                self.answers.sixel |= attributes.split(';').any(|a| a == "4");
            }
            ("t", None) if params.starts_with("6;") => {
                let mut sizes = params[2..].split(';').map(str::parse::<u16>);
                if let (Some(Ok(h)), Some(Ok(w)), None) = (sizes.next(), sizes.next(), sizes.next())
                    && w > 0
                    && h > 0
                {
                    self.answers.cell = Some((w, h));
                }
            }
            ("n", None) => self.answers.done = true,
            _ => return false,
        }
        true
    }
}

/// The picker for what the terminal said: kitty over sixel; otherwise iTerm2 where the
/// environment names a terminal that speaks it, else half blocks. A graphics protocol
/// needs the cell size: without it (asked, or from the window size), half blocks.
pub(crate) fn picker_for(answers: &Answers) -> Picker {
    let Some((width, height)) = answers.cell.or_else(cell_from_window) else {
        return Picker::halfblocks();
    };
    // The only constructor that takes a font size without asking the terminal again; it
    // looks for iTerm2 in the environment as `from_query_stdio` does.
    #[allow(deprecated)]
    let mut picker = Picker::from_fontsize(FontSize::new(width, height));
    if answers.kitty {
        picker.set_protocol_type(ProtocolType::Kitty);
    } else if answers.sixel {
        picker.set_protocol_type(ProtocolType::Sixel);
    }
    picker
}

/// The cell size from the window's size in pixels, where the terminal reports it.
fn cell_from_window() -> Option<(u16, u16)> {
    let size = rustix::termios::tcgetwinsize(io::stdout()).ok()?;
    let (cols, rows) = (size.ws_col, size.ws_row);
    if size.ws_xpixel == 0 || size.ws_ypixel == 0 || cols == 0 || rows == 0 {
        return None;
    }
    Some((size.ws_xpixel / cols, size.ws_ypixel / rows))
}

/// Standard input read without blocking, for as long as the query lasts; `poll` sleeps
/// until bytes come. (The read is of the descriptor itself: what a buffered reader took
/// past the answer would be lost to crossterm.)
struct TerminalInput {
    poll: Poll,
    events: Events,
    flags: OFlags,
}

impl TerminalInput {
    fn open() -> io::Result<TerminalInput> {
        let stdin = io::stdin();
        let flags = fcntl_getfl(&stdin)?;
        let poll = Poll::new()?;
        poll.registry().register(
            &mut SourceFd(&stdin.as_raw_fd()),
            Token(0),
            Interest::READABLE,
        )?;
        fcntl_setfl(&stdin, flags | OFlags::NONBLOCK)?;
        Ok(TerminalInput {
            poll,
            events: Events::with_capacity(1),
            flags,
        })
    }

    /// Bytes that arrive by `deadline`; 0 when none did (or reading failed).
    fn read_within(&mut self, deadline: Instant, buf: &mut [u8]) -> usize {
        loop {
            match rustix::io::read(io::stdin(), &mut *buf) {
                Ok(n) => return n,
                Err(Errno::AGAIN | Errno::INTR) => {}
                Err(_) => return 0,
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return 0;
            }
            // Edge-triggered: it wakes for bytes that came after the read above.
            if let Err(err) = self.poll.poll(&mut self.events, Some(left))
                && err.kind() != io::ErrorKind::Interrupted
            {
                return 0;
            }
        }
    }
}

impl Drop for TerminalInput {
    fn drop(&mut self) {
        let _ = fcntl_setfl(io::stdin(), self.flags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `read_answers` over input that comes in these chunks, then nothing.
    fn answers_of(chunks: &[&[u8]]) -> (Answers, Vec<u8>) {
        let mut chunks = chunks.iter();
        let mut read = |_: Instant, buf: &mut [u8]| match chunks.next() {
            Some(chunk) => {
                buf[..chunk.len()].copy_from_slice(chunk);
                chunk.len()
            }
            None => 0,
        };
        read_answers(&mut read, Instant::now())
    }

    #[test]
    fn kitty_sixel_and_the_cell_size_are_read() {
        let (answers, keys) = answers_of(&[
            b"\x1b_Gi=31;OK\x1b\\\x1b[?62;4;22c",
            b"\x1b[6;20;10t\x1b[0n",
        ]);
        assert_eq!(
            answers,
            Answers {
                kitty: true,
                sixel: true,
                cell: Some((10, 20)),
                done: true
            }
        );
        assert!(keys.is_empty());
        let picker = picker_for(&answers);
        assert_eq!(picker.protocol_type(), ProtocolType::Kitty);
        assert_eq!(picker.font_size().width, 10);
    }

    #[test]
    fn keys_typed_before_between_and_after_the_answers_are_kept() {
        // A chunk boundary inside an answer, an arrow key inside the answers, a lone Esc
        // cut short by the deadline.
        let (answers, keys) = answers_of(&[b"jk\x1b[?6", b"2;4c\x1b[Bq\x1b[6;16;8t", b"G\x1b[0n"]);
        assert!(answers.sixel && answers.done && !answers.kitty);
        assert_eq!(answers.cell, Some((8, 16)));
        assert_eq!(keys, b"jk\x1b[BqG");
        let picker = picker_for(&answers);
        assert_eq!(picker.protocol_type(), ProtocolType::Sixel);
        // Reading stops at the status answer: what follows is crossterm's.
        let (_, keys) = answers_of(&[b"\x1b[?62c\x1b[0n", b"x"]);
        assert!(keys.is_empty());
    }

    #[test]
    fn a_terminal_that_does_not_answer_keeps_every_key() {
        let (answers, keys) = answers_of(&[b"/platform", b"\r\x1b"]);
        assert!(!answers.done);
        assert_eq!(keys, b"/platform\r\x1b");
        // No graphics said: half blocks (no cell size from a window that is no terminal).
        let picker = picker_for(&answers);
        assert_ne!(picker.protocol_type(), ProtocolType::Kitty);
        assert_ne!(picker.protocol_type(), ProtocolType::Sixel);
    }

    #[test]
    fn other_control_strings_are_dropped() {
        let (answers, keys) =
            answers_of(&[b"a\x1b]11;rgb:0/0/0\x07b\x1bPxyz\x1b\\c\x1b_Gi=1;EINVAL\x1b\\d"]);
        assert!(!answers.kitty);
        assert_eq!(keys, b"abcd");
    }
}
