//! Waiting for the next thing to do: a terminal event, or a message from another thread
//! (live reload). The event loop sleeps in one `poll` on the terminal, the resize signal
//! and a waker that the other threads ring when they post a message, so an idle session
//! uses no CPU and a change on disk shows without a key press.

use std::io::{self, IsTerminal};
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use crossterm::event::{self, Event};
use mio::unix::SourceFd;
use mio::{Events, Interest, Poll, Token, Waker};
use signal_hook::consts::SIGWINCH;
use signal_hook_mio::v1_0::Signals;

use crate::app::Action;

const TERMINAL: Token = Token(0);
const RESIZE: Token = Token(1);
const WOKEN: Token = Token(2);

/// What woke the loop.
pub enum Next {
    Terminal(Event),
    Message(Action),
    /// The timeout passed with nothing to do.
    TimedOut,
}

/// Where other threads post actions for the event loop; cheap to clone.
#[derive(Clone)]
pub struct Mailbox {
    sender: Sender<Action>,
    /// `None` when the loop cannot be woken: messages wait for the next event.
    waker: Option<Arc<Waker>>,
}

impl Mailbox {
    pub fn post(&self, action: Action) {
        if self.sender.send(action).is_ok()
            && let Some(waker) = &self.waker
        {
            let _ = waker.wake();
        }
    }
}

pub struct Inbox {
    messages: Receiver<Action>,
    mailbox: Mailbox,
    /// The poll over the terminal, resizes and the waker; `None` where the terminal
    /// cannot be polled (then the loop blocks in crossterm and messages wait for a key).
    poll: Option<(Poll, Events, Signals)>,
}

impl Inbox {
    /// Ready to wait on the terminal on standard input.
    pub fn new() -> Inbox {
        let (sender, messages) = mpsc::channel();
        let polled = io::stdin()
            .is_terminal()
            .then(poll_terminal)
            .and_then(Result::ok);
        let (poll, waker) = match polled {
            Some((poll, signals, waker)) => (
                Some((poll, Events::with_capacity(4), signals)),
                Some(Arc::new(waker)),
            ),
            None => (None, None),
        };
        Inbox {
            messages,
            mailbox: Mailbox { sender, waker },
            poll,
        }
    }

    pub fn mailbox(&self) -> Mailbox {
        self.mailbox.clone()
    }

    /// Blocks until a terminal event or a message, or `timeout` passed (`None`: no limit).
    pub fn next(&mut self, timeout: Option<Duration>) -> io::Result<Next> {
        loop {
            if let Ok(action) = self.messages.try_recv() {
                return Ok(Next::Message(action));
            }
            // Events crossterm has read and parsed already come first.
            if event::poll(Duration::ZERO)? {
                return Ok(Next::Terminal(event::read()?));
            }
            let Some((poll, events, signals)) = &mut self.poll else {
                return Ok(match timeout {
                    Some(t) if !event::poll(t)? => Next::TimedOut,
                    _ => Next::Terminal(event::read()?),
                });
            };
            match poll.poll(events, timeout) {
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
                Ok(()) => {}
            }
            if events.is_empty() {
                return Ok(Next::TimedOut);
            }
            // Crossterm sees the resize itself; this poll only had to wake up for it.
            if events.iter().any(|e| e.token() == RESIZE) {
                signals.pending().for_each(drop);
            }
        }
    }
}

fn poll_terminal() -> io::Result<(Poll, Signals, Waker)> {
    let poll = Poll::new()?;
    let stdin = io::stdin().as_raw_fd();
    poll.registry()
        .register(&mut SourceFd(&stdin), TERMINAL, Interest::READABLE)?;
    let mut signals = Signals::new([SIGWINCH])?;
    poll.registry()
        .register(&mut signals, RESIZE, Interest::READABLE)?;
    let waker = Waker::new(poll.registry(), WOKEN)?;
    Ok((poll, signals, waker))
}
