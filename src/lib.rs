//! paap — a terminal knowledge browser for the CNCF Platform as a Product material.
//!
//! Pure logic everywhere except the edges that touch the outside world: `content::load`,
//! `store`, `config` and `sync` (files, network, through `fsread`), `tui` (the terminal
//! and every effect of the UI) and `browser` (processes). See `ARCHITECTURE.md` at the
//! project root for the module map and who may call whom.

pub mod app;
pub mod appearance;
pub mod browser;
pub mod cli;
pub mod config;
pub mod content;
pub mod fsread;
pub mod markdown;
pub mod search;
pub mod site;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;
pub mod ui;
