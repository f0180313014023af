//! Keys the reader typed while paap waited for the terminal's answer to its graphics
//! query, read as bytes: decoded into the key events crossterm would have made of them
//! (text, Enter, Tab, Backspace, Esc, control and Alt keys, arrows and the editing keys,
//! with their modifiers), so that the event loop handles them as if crossterm had read
//! them. What is not a key (a mouse report) is dropped.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const ESC: u8 = 0x1b;

/// The key events in `bytes`, in order.
pub fn decode(bytes: &[u8]) -> Vec<Event> {
    let mut events = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (key, used) = next_key(rest);
        if let Some(key) = key {
            events.push(Event::Key(key));
        }
        rest = &rest[used.max(1)..];
    }
    events
}

/// The key at the start of `bytes` and how many bytes it took.
fn next_key(bytes: &[u8]) -> (Option<KeyEvent>, usize) {
    match bytes {
        [ESC] | [ESC, ESC, ..] => (Some(key(KeyCode::Esc, KeyModifiers::NONE)), 1),
        [ESC, b'[', rest @ ..] => {
            let Some(end) = rest.iter().position(|b| (0x40..=0x7e).contains(b)) else {
                return (None, bytes.len());
            };
            (csi_key(&rest[..end], rest[end]), end + 3)
        }
        [ESC, b'O', last, ..] => (ss3_key(*last), 3),
        [ESC, rest @ ..] => {
            let (found, used) = next_key(rest);
            (found.map(|k| with(k, KeyModifiers::ALT)), used + 1)
        }
        [byte, ..] if *byte < 0x20 || *byte == 0x7f => (control_key(*byte), 1),
        _ => text_key(bytes),
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn with(mut key: KeyEvent, modifiers: KeyModifiers) -> KeyEvent {
    key.modifiers |= modifiers;
    key
}

/// Control characters as crossterm reads them in raw mode.
fn control_key(byte: u8) -> Option<KeyEvent> {
    let ctrl = |c: u8| key(KeyCode::Char(char::from(c)), KeyModifiers::CONTROL);
    Some(match byte {
        b'\r' => key(KeyCode::Enter, KeyModifiers::NONE),
        b'\t' => key(KeyCode::Tab, KeyModifiers::NONE),
        0x7f => key(KeyCode::Backspace, KeyModifiers::NONE),
        0 => ctrl(b' '),
        0x01..=0x1a => ctrl(byte - 0x01 + b'a'),
        0x1c..=0x1f => ctrl(byte - 0x1c + b'4'),
        _ => return None,
    })
}

/// One UTF-8 character (an uppercase letter with Shift, as crossterm says it).
fn text_key(bytes: &[u8]) -> (Option<KeyEvent>, usize) {
    let len = match bytes[0] {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    };
    let Some(c) = bytes
        .get(..len)
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(|s| s.chars().next())
    else {
        return (None, 1);
    };
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    (Some(key(KeyCode::Char(c), modifiers)), len)
}

/// `ESC [ params final`: arrows, Home/End, the editing keys and F-keys, with modifiers.
fn csi_key(params: &[u8], last: u8) -> Option<KeyEvent> {
    let params = std::str::from_utf8(params).ok()?;
    let mut numbers = params.split(';').map(|p| p.parse::<u8>().ok());
    let first = numbers.next().flatten();
    let modifiers = numbers
        .next()
        .flatten()
        .map_or(KeyModifiers::NONE, modifiers);
    let code = match last {
        b'Z' => return Some(key(KeyCode::BackTab, KeyModifiers::SHIFT)),
        b'~' => match first? {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            n @ 11..=15 => KeyCode::F(n - 10),
            n @ 17..=21 => KeyCode::F(n - 11),
            n @ 23..=24 => KeyCode::F(n - 12),
            _ => return None,
        },
        _ => cursor_key(last)?,
    };
    Some(key(code, modifiers))
}

/// `ESC O x`: arrows and Home/End in application mode, F1 to F4.
fn ss3_key(last: u8) -> Option<KeyEvent> {
    let code = match last {
        b'P'..=b'S' => KeyCode::F(last - b'P' + 1),
        _ => cursor_key(last)?,
    };
    Some(key(code, KeyModifiers::NONE))
}

/// The arrows, Home and End, by the final byte of their sequence.
fn cursor_key(last: u8) -> Option<KeyCode> {
    Some(match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        _ => return None,
    })
}

/// xterm's modifier parameter: one more than the sum of Shift 1, Alt 2, Control 4.
fn modifiers(param: u8) -> KeyModifiers {
    let bits = param.saturating_sub(1);
    let mut modifiers = KeyModifiers::NONE;
    for (bit, modifier) in [
        (1, KeyModifiers::SHIFT),
        (2, KeyModifiers::ALT),
        (4, KeyModifiers::CONTROL),
    ] {
        if bits & bit != 0 {
            modifiers |= modifier;
        }
    }
    modifiers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<KeyEvent> {
        decode(bytes)
            .into_iter()
            .map(|e| match e {
                Event::Key(k) => k,
                other => panic!("not a key: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn text_and_control_keys() {
        let got = keys("jG/é\r\t\x7f\x03".as_bytes());
        let want = [
            key(KeyCode::Char('j'), KeyModifiers::NONE),
            key(KeyCode::Char('G'), KeyModifiers::SHIFT),
            key(KeyCode::Char('/'), KeyModifiers::NONE),
            key(KeyCode::Char('é'), KeyModifiers::NONE),
            key(KeyCode::Enter, KeyModifiers::NONE),
            key(KeyCode::Tab, KeyModifiers::NONE),
            key(KeyCode::Backspace, KeyModifiers::NONE),
            key(KeyCode::Char('c'), KeyModifiers::CONTROL),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn escape_sequences() {
        let got = keys(b"\x1b[B\x1b[6~\x1b[1;5A\x1bOP\x1bx\x1b\x1b");
        let want = [
            key(KeyCode::Down, KeyModifiers::NONE),
            key(KeyCode::PageDown, KeyModifiers::NONE),
            key(KeyCode::Up, KeyModifiers::CONTROL),
            key(KeyCode::F(1), KeyModifiers::NONE),
            key(KeyCode::Char('x'), KeyModifiers::ALT),
            key(KeyCode::Esc, KeyModifiers::NONE),
            key(KeyCode::Esc, KeyModifiers::NONE),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn what_is_not_a_key_is_dropped() {
        // A mouse report, a truncated sequence, a stray continuation byte.
        assert_eq!(
            keys(b"\x1b[<0;3;4Mq\x80"),
            [key(KeyCode::Char('q'), KeyModifiers::NONE)]
        );
        assert!(keys(b"\x1b[12").is_empty());
    }
}
