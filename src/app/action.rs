//! What the user asked for (`Action`) and what the event loop must do about it (`Effect`).

use std::sync::Arc;

use super::Tab;
use super::search_box::SearchRequest;
use crate::content::Library;
use crate::search::Index;
use crate::store::State;

/// One user intention, produced by the key map, the mouse or the terminal.
/// `update` interprets it against the current focus; `Action`s never do I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Close an open overlay first, else quit.
    Quit,
    /// Quit now, whatever is open.
    ForceQuit,
    /// Show or hide the help overlay.
    Help,
    /// Close the overlay or hints; clear the link selection.
    Escape,
    /// Open the search box over the whole library.
    Search,
    /// Find in the open document.
    Find,
    /// The next / previous match of the find.
    FindNext,
    FindPrev,
    /// A character typed into the search box or the find prompt.
    Input(char),
    /// Backspace in the search box or the find prompt.
    InputBackspace,
    /// The runtime's search worker answered an `Effect::Search`.
    SearchResults(super::search_box::SearchResults),
    /// The runtime opened the store at start: what earlier sessions remembered, and a
    /// warning for the status line (a corrupt file moved aside, no home folder).
    MemoryLoaded {
        state: Box<State>,
        warning: Option<String>,
    },
    /// The runtime applied the first `applied` pending memory changes to the store and
    /// saved; `state` is what the store holds now (`None` without a store), `problem`
    /// what went wrong (the changes are kept for the next save).
    Saved {
        applied: usize,
        state: Option<Box<State>>,
        problem: Option<String>,
    },
    /// The background load has read `done` of the `total` files found so far.
    LoadProgress {
        done: usize,
        total: usize,
    },
    /// The terminal answered the background colour query (`theme = "auto"`): draw with
    /// the light theme on a light background, the dark one otherwise.
    BackgroundDetected {
        light: bool,
    },
    /// Open this document as if chosen in the library (at start: `paap --content FILE`).
    OpenDocument(usize),
    /// The runtime read the headers of the images an `Effect::ProbePictures` named.
    PicturesProbed(Vec<super::pictures::Probed>),
    /// The runtime decoded and encoded the picture an `Effect::DrawPicture` asked for.
    PictureDrawn(super::pictures::PictureAnswer),
    /// The runtime read the content again (a file changed on disk, or the editor closed).
    Reloaded(Reload),
    /// The runtime reports how an effect went ("Opened in firefox: …"), for the status line.
    Notice(String),
    FocusPrev,
    FocusNext,
    Down,
    Up,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    ShowTab(Tab),
    /// `Enter`: open the row, follow the selected link, or jump to the heading.
    Activate,
    NextLink,
    PrevLink,
    /// Show hint labels on the visible links.
    Hints,
    /// A key typed while hints are shown.
    HintKey(char),
    Back,
    Forward,
    /// Open the selected external link, or the document's source page.
    OpenInBrowser,
    /// Copy the selected link's URL (OSC 52).
    CopyLink,
    CycleSidePane,
    ToggleMouse,
    /// Bookmark the line at the top of the document view, or remove the bookmark there.
    ToggleBookmark,
    /// Stop paap and give the terminal back to the shell (`fg` resumes).
    Suspend,
    /// Open the synced original of the summary on screen, or back to its summary.
    SwitchOriginal,
    /// Text pasted into the terminal (bracketed paste): goes to the search box or find
    /// prompt at once.
    Paste(String),
    /// Open (or close) the bookmarks and recently read overlay.
    ShowBookmarks,
    /// Remove the selected bookmark in the overlay.
    DeleteBookmark,
    /// Reading mode: the document has the whole screen (again: the panes come back).
    ToggleReading,
    /// Open the document's file in the editor.
    Edit,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// Mouse wheel at a cell: positive `lines` scrolls down.
    ScrollAt {
        column: u16,
        row: u16,
        lines: i16,
    },
    /// A single click at a cell.
    ClickAt {
        column: u16,
        row: u16,
    },
    /// A second click at the same cell soon after the first.
    DoubleClickAt {
        column: u16,
        row: u16,
    },
}

/// Where an action applies, for the help overlay and the status line hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Anywhere,
    Library,
    Lists,
    Document,
    /// The bookmarks and recently read overlay.
    Bookmarks,
}

impl Context {
    pub fn label(self) -> &'static str {
        match self {
            Context::Anywhere => "anywhere",
            Context::Library => "library",
            Context::Lists => "lists, document",
            Context::Document => "document",
            Context::Bookmarks => "bookmarks list",
        }
    }
}

impl Action {
    /// The stable name used in the config file (`quit`, `page-down`, `tab-posts`, …);
    /// `None` for actions that no key can be bound to (resize, mouse, hint keys).
    pub fn name(&self) -> Option<&'static str> {
        Some(match self {
            Action::Quit => "quit",
            Action::ForceQuit => "force-quit",
            Action::Help => "help",
            Action::Escape => "escape",
            Action::Search => "search",
            Action::Find => "find",
            Action::FindNext => "find-next",
            Action::FindPrev => "find-prev",
            Action::FocusPrev => "focus-prev",
            Action::FocusNext => "focus-next",
            Action::Down => "down",
            Action::Up => "up",
            Action::HalfPageDown => "half-page-down",
            Action::HalfPageUp => "half-page-up",
            Action::PageDown => "page-down",
            Action::PageUp => "page-up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::ShowTab(Tab::All) => "tab-all",
            Action::ShowTab(Tab::Posts) => "tab-posts",
            Action::ShowTab(Tab::Personas) => "tab-personas",
            Action::ShowTab(Tab::Pages) => "tab-pages",
            Action::ShowTab(Tab::Originals) => "tab-originals",
            Action::Activate => "activate",
            Action::NextLink => "next-link",
            Action::PrevLink => "prev-link",
            Action::Hints => "hints",
            Action::Back => "back",
            Action::Forward => "forward",
            Action::OpenInBrowser => "open-in-browser",
            Action::CopyLink => "copy-link",
            Action::CycleSidePane => "cycle-side-pane",
            Action::ToggleMouse => "toggle-mouse",
            Action::ToggleBookmark => "toggle-bookmark",
            Action::ShowBookmarks => "bookmarks",
            Action::DeleteBookmark => "delete-bookmark",
            Action::ToggleReading => "reading",
            Action::Edit => "edit",
            Action::Suspend => "suspend",
            Action::SwitchOriginal => "switch-original",
            Action::Paste(_)
            | Action::HintKey(_)
            | Action::Input(_)
            | Action::InputBackspace
            | Action::SearchResults(_)
            | Action::MemoryLoaded { .. }
            | Action::Saved { .. }
            | Action::Notice(_)
            | Action::Reloaded(_)
            | Action::PicturesProbed(_)
            | Action::PictureDrawn(_)
            | Action::OpenDocument(_)
            | Action::BackgroundDetected { .. }
            | Action::LoadProgress { .. }
            | Action::Resize(..)
            | Action::ScrollAt { .. }
            | Action::ClickAt { .. }
            | Action::DoubleClickAt { .. } => return None,
        })
    }

    /// Whether a person did this (a key, the mouse) rather than the terminal or the
    /// runtime: only those clear the status line, so "Bookmarked …" outlives its save.
    pub fn is_from_user(&self) -> bool {
        !matches!(
            self,
            Action::Resize(..)
                | Action::BackgroundDetected { .. }
                | Action::LoadProgress { .. }
                | Action::SearchResults(_)
                | Action::MemoryLoaded { .. }
                | Action::Saved { .. }
                | Action::Notice(_)
                | Action::Reloaded(_)
                | Action::PicturesProbed(_)
                | Action::PictureDrawn(_)
        )
    }

    /// The bindable action with this config name.
    pub fn from_name(name: &str) -> Option<Action> {
        BINDABLE.iter().find(|a| a.name() == Some(name)).cloned()
    }

    /// One line for the help overlay.
    pub fn describe(&self) -> &'static str {
        match self {
            Action::Quit => "quit (closes an open overlay first)",
            Action::ForceQuit => "quit, always",
            Action::Help => "this help",
            Action::Escape => {
                "close overlay or hints; clear the link selection; leave reading mode"
            }
            Action::Search => "search everything: titles, names, tags, full text",
            Action::Find => "find in this document",
            Action::FindNext => "next match of the find (wraps)",
            Action::FindPrev => "previous match of the find (wraps)",
            Action::Input(_) => "type into the search box or find prompt",
            Action::InputBackspace => "delete the last character typed",
            Action::SearchResults(_) => "search results arrived",
            Action::MemoryLoaded { .. } => "bookmarks and positions loaded",
            Action::Saved { .. } => "bookmarks and positions saved",
            Action::Notice(_) => "a message from the runtime",
            Action::Reloaded(_) => "the content changed on disk",
            Action::PicturesProbed(_) => "image sizes read",
            Action::PictureDrawn(_) => "an image decoded",
            Action::OpenDocument(_) => "open a document",
            Action::BackgroundDetected { .. } => "the terminal's background is known",
            Action::LoadProgress { .. } => "documents loading",
            Action::FocusPrev => "focus the previous pane",
            Action::FocusNext => "focus the next pane",
            Action::Down => "move / scroll down by one",
            Action::Up => "move / scroll up by one",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::PageDown => "a page down",
            Action::PageUp => "a page up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::ShowTab(Tab::All) => "show All",
            Action::ShowTab(Tab::Posts) => "show Posts",
            Action::ShowTab(Tab::Personas) => "show Personas",
            Action::ShowTab(Tab::Pages) => "show Pages",
            Action::ShowTab(Tab::Originals) => "show Originals (synced by paap sync)",
            Action::Activate => "open document / follow link / jump to heading",
            Action::NextLink => "select the next link",
            Action::PrevLink => "select the previous link",
            Action::Hints => "link hints: type a label to follow",
            Action::Back => "back in history",
            Action::Forward => "forward in history",
            Action::OpenInBrowser => "open selected external link or source page",
            Action::CopyLink => "copy the selected link's URL (OSC 52)",
            Action::CycleSidePane => "side pane: outline → links → backlinks → hidden",
            Action::ToggleMouse => "mouse capture on / off (off lets you select text)",
            Action::ToggleBookmark => "bookmark this document at the top line (again: remove)",
            Action::ShowBookmarks => "bookmarks and recently read: Enter opens, Esc closes",
            Action::DeleteBookmark => "in the bookmarks list: remove the selected bookmark",
            Action::Suspend => "suspend paap to the shell (fg comes back)",
            Action::SwitchOriginal => "switch between a summary and its synced original",
            Action::Paste(_) => "paste into the search box or find prompt",
            Action::ToggleReading => "reading mode: the document full-screen (again: the panes)",
            Action::Edit => "edit this document's file in $VISUAL / $EDITOR, at the line on screen",
            Action::HintKey(_) => "type a hint label",
            Action::Resize(..) => "terminal resized",
            Action::ScrollAt { .. } => "wheel: scroll the pane under the pointer",
            Action::ClickAt { .. } => "click: select a row or link",
            Action::DoubleClickAt { .. } => "double click: open or follow",
        }
    }

    /// A short word for the status line hints.
    pub fn short(&self) -> &'static str {
        match self {
            Action::Quit | Action::ForceQuit => "quit",
            Action::Help => "help",
            Action::Escape => "close",
            Action::Search => "search",
            Action::Find => "find",
            Action::FindNext | Action::FindPrev => "next",
            Action::FocusPrev | Action::FocusNext => "pane",
            Action::Down | Action::Up => "move",
            Action::HalfPageDown | Action::HalfPageUp | Action::PageDown | Action::PageUp => "page",
            Action::Top | Action::Bottom => "top/end",
            Action::ShowTab(_) => "tabs",
            Action::Activate => "open",
            Action::NextLink | Action::PrevLink => "link",
            Action::Hints => "hints",
            Action::Back => "back",
            Action::Forward => "forward",
            Action::OpenInBrowser => "browser",
            Action::CopyLink => "copy",
            Action::CycleSidePane => "side",
            Action::ToggleMouse => "mouse",
            Action::ToggleBookmark => "mark",
            Action::ShowBookmarks => "bookmarks",
            Action::DeleteBookmark => "remove",
            Action::Suspend => "suspend",
            Action::ToggleReading => "reading",
            Action::Edit => "edit",
            _ => "",
        }
    }

    pub fn context(&self) -> Context {
        match self {
            Action::Down
            | Action::Up
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
            | Action::Activate => Context::Lists,
            Action::ShowTab(_) => Context::Library,
            Action::NextLink
            | Action::PrevLink
            | Action::Hints
            | Action::OpenInBrowser
            | Action::CopyLink
            | Action::Find
            | Action::FindNext
            | Action::FindPrev
            | Action::ToggleBookmark
            | Action::Edit => Context::Document,
            Action::DeleteBookmark => Context::Bookmarks,
            _ => Context::Anywhere,
        }
    }
}

/// Every action a key can be bound to, in help-overlay order.
pub const BINDABLE: &[Action] = &[
    Action::Quit,
    Action::ForceQuit,
    Action::Help,
    Action::Escape,
    Action::Search,
    Action::Find,
    Action::FindNext,
    Action::FindPrev,
    Action::FocusPrev,
    Action::FocusNext,
    Action::Down,
    Action::Up,
    Action::HalfPageDown,
    Action::HalfPageUp,
    Action::PageDown,
    Action::PageUp,
    Action::Top,
    Action::Bottom,
    Action::ShowTab(Tab::All),
    Action::ShowTab(Tab::Posts),
    Action::ShowTab(Tab::Personas),
    Action::ShowTab(Tab::Pages),
    Action::ShowTab(Tab::Originals),
    Action::Activate,
    Action::NextLink,
    Action::PrevLink,
    Action::Hints,
    Action::Back,
    Action::Forward,
    Action::OpenInBrowser,
    Action::CopyLink,
    Action::CycleSidePane,
    Action::ToggleMouse,
    Action::ToggleBookmark,
    Action::ShowBookmarks,
    Action::DeleteBookmark,
    Action::Suspend,
    Action::ToggleReading,
    Action::Edit,
];

/// Something only the runtime may do: `update` returns these instead of doing I/O; the
/// answers come back as actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Search the library off the UI thread; answered by `Action::SearchResults`.
    Search(SearchRequest),
    /// Launch the browser on this URL (the browser module checks the scheme).
    OpenUrl(String),
    /// Put this text on the clipboard with OSC 52.
    Copy(String),
    /// Turn terminal mouse capture on or off.
    SetMouseCapture(bool),
    /// Give the terminal back and stop until the shell resumes paap, then redraw.
    Suspend,
    /// Apply `App::pending_changes` to the store and save it (bookmarks, reading
    /// positions, recently read); answered by `Action::Saved`.
    SaveState,
    /// Leave; the runtime saves `App::unsaved_changes` first.
    Quit,
    /// Run the editor on `file` at `line` (1-based) with the terminal given back to it,
    /// then read the content again; answered by `Action::Reloaded`.
    /// Find the files these image targets name and read their width and height from
    /// their headers; answered by `Action::PicturesProbed`.
    ProbePictures(Vec<super::pictures::PictureRef>),
    /// Decode this picture and encode it for the terminal at its size on screen; answered
    /// by `Action::PictureDrawn`.
    DrawPicture(super::pictures::PictureKey),
    Edit {
        /// The editor's command line (`$VISUAL`, else `$EDITOR`, else `vi`), split into words.
        program: Vec<String>,
        file: std::path::PathBuf,
        line: usize,
    },
}

/// A library loaded again, for `update` to take over.
#[derive(Debug, Clone)]
pub struct Reload {
    pub library: Arc<Library>,
    /// What to say in the status line (how the editor exited, …).
    pub note: Option<String>,
    /// More documents are still loading: this is the part read so far, and the progress
    /// line stays.
    pub partial: bool,
    /// The search index of `library` when it was built with it, off the UI thread (a
    /// background load): the runtime's worker answers with it at once instead of building
    /// it after the library arrived.
    pub index: Option<Arc<Index>>,
    /// The library's shared title phrases (`rows::SharedPhrases::of`), when they were found
    /// off the UI thread with it: for 50,000 titles that is tens of milliseconds.
    pub phrases: Option<super::rows::SharedPhrases>,
}

impl Reload {
    /// A whole library, without an index.
    pub fn new(library: Arc<Library>, note: Option<String>) -> Reload {
        Reload {
            library,
            note,
            partial: false,
            index: None,
            phrases: None,
        }
    }
}

/// Two reloads are the same when they hand over the same library.
impl PartialEq for Reload {
    fn eq(&self, other: &Reload) -> bool {
        Arc::ptr_eq(&self.library, &other.library)
            && self.note == other.note
            && self.partial == other.partial
    }
}

impl Eq for Reload {}
