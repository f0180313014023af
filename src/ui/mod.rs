//! `view(&App, &mut Frame)`: draws the panes; never mutates state, never does I/O.
