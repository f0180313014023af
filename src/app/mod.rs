//! The TUI's state and logic, with no terminal: `update(&mut App, Action) -> Vec<Effect>`.
//! `App` is plain data; `ui::view` draws an `&App`; the runtime in `tui` turns terminal
//! events into `Action`s, performs the `Effect`s and hands their answers back as actions.

mod action;
mod bookmarks;
mod cursor;
mod edit;
pub mod find;
mod history;
pub mod keymap;
mod layers;
pub mod layout;
mod links;
mod loading;
mod memory;
mod mouse;
mod navigate;
mod overlay;
pub mod pictures;
pub mod preview;
mod reading;
mod reload;
pub mod rows;
mod search;
pub mod search_box;
mod update;

use std::collections::HashMap;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent};

pub use action::{Action, BINDABLE, Context, Effect, Reload};
pub use bookmarks::MemoryOverlay;
pub use cursor::{ListCursor, Movement};
pub use edit::editor_command;
pub use history::{History, Position};
pub use keymap::{HelpRow, Key, KeyMap, KeyParseError, default_keymap};
pub use layout::Layout;
pub use loading::{documents, progress_line};
pub use memory::{MemoryChange, MemoryItem, OverlayRow};
pub use overlay::Layer;
pub use search_box::{SearchBox, SearchRequest, SearchResults};
pub use update::update;

use crate::content::{Doc, Kind, Library, Target};
use crate::markdown::{self, Rendered, Theme};

/// Rendered documents kept before layouts at other widths are dropped.
const CACHE_LIMIT: usize = 64;

/// The library tabs (`1`–`4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    All,
    Posts,
    Personas,
    Pages,
    /// The community's own pages and research, fetched by `paap sync`.
    Originals,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::All,
        Tab::Posts,
        Tab::Personas,
        Tab::Pages,
        Tab::Originals,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::All => "All",
            Tab::Posts => "Posts",
            Tab::Personas => "Personas",
            Tab::Pages => "Pages",
            Tab::Originals => "Originals",
        }
    }

    /// The label when the tab bar is too narrow for [`Tab::label`].
    pub fn short_label(self) -> &'static str {
        match self {
            Tab::All => "All",
            Tab::Posts => "Post",
            Tab::Personas => "Pers",
            Tab::Pages => "Page",
            Tab::Originals => "Orig",
        }
    }

    /// Initiative pages are listed with the pages.
    pub fn shows(self, kind: Kind) -> bool {
        match self {
            Tab::All | Tab::Originals => true,
            Tab::Posts => kind == Kind::Post,
            Tab::Personas => kind == Kind::Persona,
            Tab::Pages => matches!(kind, Kind::Page | Kind::Initiative),
        }
    }

    /// Whether the tab lists `doc`: the synced originals are a group of their own, apart
    /// from the summaries and `--content` folders the other tabs list.
    pub fn lists(self, doc: &Doc) -> bool {
        let original = matches!(doc.origin, crate::content::Origin::Source(_));
        (self == Tab::Originals) == original && self.shows(doc.kind)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Library,
    Document,
    Side,
}

/// What the side pane shows (`t` cycles in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideMode {
    Outline,
    Links,
    Backlinks,
    Hidden,
}

impl SideMode {
    pub fn next(self) -> SideMode {
        match self {
            SideMode::Outline => SideMode::Links,
            SideMode::Links => SideMode::Backlinks,
            SideMode::Backlinks => SideMode::Hidden,
            SideMode::Hidden => SideMode::Outline,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            SideMode::Outline => "Outline",
            SideMode::Links => "Links",
            SideMode::Backlinks => "Backlinks",
            SideMode::Hidden => "",
        }
    }
}

/// Link hints (`f`): labels for the links visible when hints were asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hints {
    /// (label, link index), in document order.
    pub labels: Vec<(String, usize)>,
    /// What has been typed so far.
    pub typed: String,
}

/// A rendered document at one width (the renderer output) plus the resolved link targets.
#[derive(Debug, Clone)]
pub struct RenderedDoc {
    pub rendered: Rendered,
    pub targets: Vec<Target>,
    /// Which layout this is: every layout made has a new one, so what is derived from
    /// it (where its pictures are) is kept until it changes.
    pub stamp: u64,
}

/// Everything the TUI shows and remembers: plain data, changed only by `update`.
#[derive(Debug)]
pub struct App {
    /// Shared with the runtime's search worker.
    library: Arc<Library>,
    theme: Theme,
    keymap: KeyMap,
    /// All documents, newest first.
    order: Vec<usize>,
    tab: Tab,
    /// Documents of the current tab, in `order`.
    rows: Vec<usize>,
    /// The library list's selection and first row drawn.
    list: ListCursor,
    focus: Focus,
    /// The document in the document pane.
    current: Option<usize>,
    scroll: usize,
    selected_link: Option<usize>,
    side_mode: SideMode,
    /// The side pane's selection and first row drawn.
    side: ListCursor,
    /// Overlays, bottom first: the top one gets actions first.
    layers: Vec<Layer>,
    /// Find in the document (`Ctrl-f`) or the highlights of the search that opened it.
    find: Option<find::Find>,
    status: Option<String>,
    history: History,
    width: u16,
    height: u16,
    mouse_captured: bool,
    /// Documents wrap at most this wide, even in a wider pane.
    max_width: u16,
    /// The number of the newest search asked of the runtime.
    search_generation: u64,
    /// (files read, files found) while a background load runs.
    loading: Option<(usize, usize)>,
    /// Bookmarks, reading positions, recently read.
    memory: memory::Memory,
    /// Layout is done once per document and width, after `update`, never while drawing.
    cache: HashMap<(usize, u16), RenderedDoc>,
    /// Layouts made so far: the last one's [`RenderedDoc::stamp`].
    layouts_made: u64,
    /// The matches of `find` in the document on screen, found after `update`.
    find_matches: find::MatchCache,
    /// Documents linking to the one on screen, found after `update` when the side pane
    /// shows them.
    backlinks: Vec<usize>,
    /// Reading mode (`z`): the document has the whole screen.
    reading: bool,
    /// Where a narrow screen's document was opened from, to go back to (glow's stack).
    stack: Option<reading::Stack>,
    /// The editor's command line, split into words (`e`).
    editor: Vec<String>,
    /// How library rows shorten the leading phrase many titles share.
    phrases: rows::SharedPhrases,
    /// The search box's preview of the selected hit, found after `update`.
    preview: Option<preview::Preview>,
    /// Image sizes and terminal images of the pictures on screen (off unless turned on).
    pictures: pictures::Pictures,
}

impl App {
    /// A fresh session on `library`, sized `width`×`height`, with the default key map.
    pub fn new(library: Library, theme: Theme, width: u16, height: u16) -> App {
        App::shared(Arc::new(library), theme, width, height)
    }

    /// A fresh session on a library the runtime shares with its search worker.
    pub fn shared(library: Arc<Library>, theme: Theme, width: u16, height: u16) -> App {
        let order = library.sorted_newest_first();
        let memory = memory::Memory::new(&library);
        let mut app = App {
            library,
            theme,
            keymap: default_keymap(),
            order,
            tab: Tab::All,
            rows: Vec::new(),
            list: ListCursor::default(),
            focus: Focus::Library,
            current: None,
            scroll: 0,
            selected_link: None,
            side_mode: SideMode::Outline,
            side: ListCursor::default(),
            layers: Vec::new(),
            find: None,
            status: None,
            history: History::default(),
            width,
            height,
            mouse_captured: true,
            max_width: u16::MAX,
            search_generation: 0,
            loading: None,
            memory,
            cache: HashMap::new(),
            layouts_made: 0,
            find_matches: find::MatchCache::default(),
            backlinks: Vec::new(),
            reading: false,
            stack: None,
            editor: vec!["vi".to_string()],
            phrases: rows::SharedPhrases::default(),
            preview: None,
            pictures: pictures::Pictures::default(),
        };
        app.phrases = rows::SharedPhrases::of(&app.library);
        app.rows = app.rows_for(Tab::All);
        app.current = app.rows.first().copied();
        app.prepare();
        app
    }

    /// The side pane mode at start (config `side_pane`).
    pub fn set_side_mode(&mut self, mode: SideMode) {
        self.side_mode = mode;
        self.prepare();
    }

    /// Whether the terminal captures the mouse at start (config `mouse`); the event loop
    /// applies it to the terminal.
    pub fn set_mouse_captured(&mut self, captured: bool) {
        self.mouse_captured = captured;
    }

    /// Caps the reading width (config `max_width`); at least 1 column.
    pub fn set_max_width(&mut self, columns: u16) {
        self.max_width = columns.max(1);
        self.prepare();
    }

    /// The editor `e` runs: a command line split into words (see `edit::editor_command`).
    pub fn set_editor(&mut self, command: Vec<String>) {
        if !command.is_empty() {
            self.editor = command;
        }
    }

    /// Replaces the key map (the config file's bindings).
    pub fn set_keymap(&mut self, keymap: KeyMap) {
        self.keymap = keymap;
    }

    /// The action for a key press in the current state: a text box on top takes typing,
    /// hints on top take letters; otherwise the key map decides.
    pub fn action_for_key(&self, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        // Ctrl-c quits whatever the config binds it to, as the README promises.
        if key == Key::new(KeyCode::Char('c'), crossterm::event::KeyModifiers::CONTROL) {
            return Some(Action::ForceQuit);
        }
        if let Some(action) = self.text_input_action(key) {
            return Some(action);
        }
        if matches!(self.layers.last(), Some(Layer::Hints(_)))
            && let KeyCode::Char(c) = key.code
            && key.modifiers.is_empty()
            && c.is_ascii_lowercase()
        {
            return Some(Action::HintKey(c));
        }
        self.keymap.action(key).cloned()
    }

    pub fn library(&self) -> &Library {
        &self.library
    }
    /// The library, for the runtime to share with its search worker.
    pub fn shared_library(&self) -> Arc<Library> {
        Arc::clone(&self.library)
    }
    pub fn theme(&self) -> &Theme {
        &self.theme
    }
    pub fn keymap(&self) -> &KeyMap {
        &self.keymap
    }
    pub fn tab(&self) -> Tab {
        self.tab
    }
    /// The tabs with the labels drawn in a tab bar `width` cells wide (one space apart):
    /// the full labels when they fit, else the short ones. Drawing and clicks share it.
    pub fn tab_labels(&self, width: u16) -> Vec<(Tab, &'static str)> {
        let tabs = self.tabs();
        let long: usize = tabs.iter().map(|t| t.label().len() + 1).sum();
        let short = long > (width as usize) + 1;
        tabs.into_iter()
            .map(|t| (t, if short { t.short_label() } else { t.label() }))
            .collect()
    }

    /// The library tabs shown: Originals only once `paap sync` fetched some.
    pub fn tabs(&self) -> Vec<Tab> {
        let synced = self.library.has_synced();
        Tab::ALL
            .into_iter()
            .filter(|&t| t != Tab::Originals || synced)
            .collect()
    }
    /// Documents listed under the current tab.
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }
    pub fn selected_row(&self) -> usize {
        self.list.selected
    }
    /// First list row drawn.
    pub fn list_offset(&self) -> usize {
        self.list.offset
    }
    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn current(&self) -> Option<usize> {
        self.current
    }
    pub fn current_doc(&self) -> Option<&Doc> {
        self.current.map(|i| self.library.doc(i))
    }
    pub fn scroll(&self) -> usize {
        self.scroll
    }
    pub fn selected_link(&self) -> Option<usize> {
        self.selected_link
    }
    pub fn side_mode(&self) -> SideMode {
        self.side_mode
    }
    pub fn side_selected(&self) -> usize {
        self.side.selected
    }
    pub fn side_offset(&self) -> usize {
        self.side.offset
    }
    /// The overlays, bottom first.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }
    /// `Some(scroll)` while the help overlay is open.
    pub fn help(&self) -> Option<usize> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Help { scroll } => Some(*scroll),
            _ => None,
        })
    }
    pub fn hints(&self) -> Option<&Hints> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Hints(hints) => Some(hints),
            _ => None,
        })
    }
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }
    pub fn history(&self) -> &History {
        &self.history
    }
    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }
    pub fn mouse_captured(&self) -> bool {
        self.mouse_captured
    }
    /// (files read, files found) while documents load in the background.
    pub fn loading(&self) -> Option<(usize, usize)> {
        self.loading
    }
    /// Documents that link to the document on screen, when the side pane shows them
    /// (found after each update: the first frame does not wait for every body to be
    /// parsed).
    pub fn backlinks(&self) -> &[usize] {
        &self.backlinks
    }

    pub fn layout(&self) -> Layout {
        layout::compute(
            self.width,
            self.height,
            layout::Arrangement {
                side_wanted: self.side_mode != SideMode::Hidden,
                side_focused: self.focus == Focus::Side,
                full_document: self.full_document(),
                max_width: self.max_width,
            },
        )
    }

    /// The current document laid out at the current body width, once `prepare` has run.
    pub fn rendered(&self) -> Option<&RenderedDoc> {
        let doc = self.current?;
        self.cache.get(&(doc, self.render_width()))
    }

    /// Where the reader is now.
    pub fn position(&self) -> Option<Position> {
        self.current.map(|doc| Position {
            doc,
            scroll: self.scroll,
            link: self.selected_link,
        })
    }

    /// The rows of the side pane in its current mode: (text, target document or line).
    pub fn side_items(&self) -> Vec<SideItem> {
        if self.current.is_none() {
            return Vec::new();
        }
        match self.side_mode {
            SideMode::Hidden => Vec::new(),
            SideMode::Outline => self
                .rendered()
                .map(|r| {
                    r.rendered
                        .headings
                        .iter()
                        .map(|h| SideItem::Heading {
                            level: h.level,
                            text: h.text.clone(),
                            line: h.line,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            SideMode::Links => self
                .rendered()
                .map(|r| {
                    r.rendered
                        .links
                        .iter()
                        .zip(&r.targets)
                        .map(|(l, t)| SideItem::Link {
                            index: l.index,
                            text: l.text.clone(),
                            href: l.href.clone(),
                            target: t.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            SideMode::Backlinks => self
                .backlinks
                .iter()
                .map(|&d| SideItem::Backlink { doc: d })
                .collect(),
        }
    }

    /// A human description of where a link goes, for the status line.
    pub fn describe_target(&self, target: &Target) -> String {
        match target {
            Target::Doc { index, anchor } => {
                let title = &self.library.doc(*index).title;
                match anchor {
                    Some(a) => format!("→ {title} #{a}"),
                    None => format!("→ {title}"),
                }
            }
            Target::External(url) => format!("↗ {url}"),
            Target::Missing(why) => format!("broken: {why}"),
        }
    }

    fn rows_for(&self, tab: Tab) -> Vec<usize> {
        self.order
            .iter()
            .copied()
            .filter(|&i| tab.lists(self.library.doc(i)))
            .collect()
    }

    /// Brings derived state in line after any change: renders the current document at the
    /// current width (cached), finds its matches and backlinks, and clamps scroll
    /// positions and list offsets to what fits.
    fn prepare(&mut self) {
        self.forget_find_of_other_documents();
        self.render_current();
        self.place_pictures();
        self.refresh_find_matches();
        preview::refresh(self);
        self.backlinks = match (self.side_mode, self.current) {
            (SideMode::Backlinks, Some(doc)) => self.library.backlinks(doc).to_vec(),
            _ => Vec::new(),
        };
        let layout = self.layout();
        self.scroll = self.scroll.min(self.max_scroll());
        if let Some(link) = self.selected_link
            && link >= self.link_count()
        {
            self.selected_link = None;
        }
        self.list = rows::clamped(self, self.list, layout.list.height as usize);
        let side_len = self.side_items().len();
        self.side = self
            .side
            .clamped(side_len, layout.side_list.height as usize);
        self.clamp_layers();
    }

    /// Lays out the document on screen at the render width, unless that is cached.
    fn render_current(&mut self) {
        let Some(doc) = self.current else {
            return;
        };
        let width = self.render_width();
        self.render_into_cache(doc, width);
    }

    /// Lays out `doc` at `width`, unless that is cached.
    fn render_into_cache(&mut self, doc: usize, width: u16) {
        if self.cache.contains_key(&(doc, width)) {
            return;
        }
        // Layouts are kept while few; past that only those at this width stay, so
        // browsing the whole library cannot grow memory. The document on screen stays
        // whatever else is laid out (the search preview's document).
        let on_screen = self.current.map(|d| (d, self.render_width()));
        if self.cache.len() >= CACHE_LIMIT {
            self.cache
                .retain(|&key, _| key.1 == width || Some(key) == on_screen);
        }
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.retain(|&key, _| Some(key) == on_screen);
        }
        let path = self.library.doc(doc).path.as_deref();
        let size = |written: &str| self.pictures.size(path, written);
        let pictures = markdown::Pictures {
            size: &size,
            // The caption goes below; the picture and it fit the pane together.
            max_rows: u16::try_from(self.body_height().saturating_sub(1).max(1))
                .unwrap_or(u16::MAX),
        };
        let rendered = markdown::render_with_pictures(
            &self.library.doc(doc).markdown_below_title(),
            width,
            &self.theme,
            &pictures,
        );
        let targets = rendered
            .links
            .iter()
            .map(|l| self.library.resolve_as(doc, &l.written, l.is_ref))
            .collect();
        self.layouts_made += 1;
        let stamp = self.layouts_made;
        self.cache.insert(
            (doc, width),
            RenderedDoc {
                rendered,
                targets,
                stamp,
            },
        );
    }

    /// Draws local images in the document (`images` other than `off`).
    pub fn set_pictures(&mut self, enabled: bool) {
        self.pictures.enabled = enabled;
        self.cache.clear();
        self.prepare();
    }

    /// Image sizes and the terminal images of the pictures on screen.
    pub fn pictures(&self) -> &pictures::Pictures {
        &self.pictures
    }

    /// Where the pictures of the document on screen are drawn from, unless that is known
    /// for its layout already.
    fn place_pictures(&mut self) {
        let (Some(doc), true) = (self.current, self.pictures.enabled) else {
            return;
        };
        if let Some(r) = self.cache.get(&(doc, self.render_width())) {
            let path = self.library.doc(doc).path.as_deref();
            self.pictures.place(path, r.stamp, &r.rendered);
        }
    }

    /// What to ask the runtime for the document on screen: the sizes of its images not
    /// probed yet, the pictures in view not drawn yet.
    fn picture_requests(&mut self) -> Vec<Effect> {
        let (Some(doc), true) = (self.current, self.pictures.enabled) else {
            return Vec::new();
        };
        let key = (doc, self.render_width());
        let Some(rendered) = self.cache.get(&key) else {
            return Vec::new();
        };
        let path = self.library.doc(doc).path.as_deref();
        let mut effects = Vec::new();
        let probe = self
            .pictures
            .to_probe(path, rendered.stamp, &rendered.rendered);
        if !probe.is_empty() {
            effects.push(Effect::ProbePictures(probe));
        }
        let height = self.body_height();
        effects.extend(
            self.pictures
                .to_draw(&rendered.rendered, self.scroll, height)
                .into_iter()
                .map(Effect::DrawPicture),
        );
        effects
    }

    /// The drawings of the pictures on screen now (kept when others are dropped).
    fn pictures_on_screen(&self) -> Vec<pictures::PictureKey> {
        self.rendered().map_or_else(Vec::new, |r| {
            self.pictures
                .on_screen(&r.rendered, self.scroll, self.body_height())
        })
    }

    /// Keeps each overlay's scroll and selection inside what it shows.
    fn clamp_layers(&mut self) {
        let mut layers = std::mem::take(&mut self.layers);
        for layer in &mut layers {
            match layer {
                Layer::Help { scroll } => *scroll = (*scroll).min(self.help_max_scroll()),
                Layer::Bookmarks(overlay) => *overlay = self.clamped_memory_overlay(*overlay),
                Layer::Hints(_) | Layer::Search(_) | Layer::FindPrompt { .. } => {}
            }
        }
        self.layers = layers;
    }

    /// The width documents are laid out at: the body width, capped by `max_width`.
    pub fn render_width(&self) -> u16 {
        self.layout().doc_body.width.min(self.max_width)
    }

    fn body_height(&self) -> usize {
        self.layout().doc_body.height as usize
    }

    fn line_count(&self) -> usize {
        self.rendered().map_or(0, |r| r.rendered.lines.len())
    }

    fn link_count(&self) -> usize {
        self.rendered().map_or(0, |r| r.rendered.links.len())
    }

    /// The last line may come up to the bottom of the pane, no further.
    fn max_scroll(&self) -> usize {
        self.line_count().saturating_sub(self.body_height())
    }
}

/// One row of the side pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SideItem {
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
    Link {
        index: usize,
        text: String,
        href: String,
        target: Target,
    },
    Backlink {
        doc: usize,
    },
}

impl App {
    /// The lines of the help overlay: every binding from the key map, then the mouse.
    pub fn help_lines(&self) -> Vec<(String, String)> {
        let mut lines: Vec<(String, String)> = self
            .keymap
            .help_rows()
            .into_iter()
            .map(|r| (r.keys, r.description.to_string()))
            .collect();
        for action in [
            Action::ScrollAt {
                column: 0,
                row: 0,
                lines: 0,
            },
            Action::ClickAt { column: 0, row: 0 },
            Action::DoubleClickAt { column: 0, row: 0 },
        ] {
            let (keys, what) = action.describe().split_once(": ").unwrap_or(("mouse", ""));
            lines.push((format!("mouse {keys}"), what.to_string()));
        }
        lines
    }

    /// Where the help overlay is drawn.
    pub fn help_area(&self) -> ratatui::layout::Rect {
        let screen = ratatui::layout::Rect::new(0, 0, self.width, self.height);
        let width = self.width.saturating_sub(4).min(78);
        let height = (self.help_lines().len() as u16 + 2).min(self.height.saturating_sub(2));
        layout::centered(screen, width, height)
    }

    /// Help lines visible at once.
    fn help_page(&self) -> usize {
        self.help_area().height.saturating_sub(2) as usize
    }

    /// How far help scrolls: its last line at the bottom of the box.
    fn help_max_scroll(&self) -> usize {
        self.help_lines().len().saturating_sub(self.help_page())
    }
}
