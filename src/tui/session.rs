//! The runtime's core: the one place effects are performed. A `Session` owns the state
//! (`App`), the search worker and the store; it hands each action to `update`, performs
//! the effects that come back and feeds their answers to `update` as actions. The event
//! loop drives it with terminal events; tests drive the same session with a fake
//! [`Outside`] and a `TestBackend`.

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::memory;
use super::pictures::PictureWorker;
use super::search_worker::{Ready, Worker, answer};
use crate::app::pictures::{PictureAnswer, Probe, Probed};
use crate::app::{Action, App, Effect, Reload, SearchRequest, update};
use crate::content::{ContentSource, Library};
use crate::search::Index;
use crate::store::{State, Store};

/// What effects do outside paap's memory: the browser, the clipboard, the terminal's
/// mouse mode. The real one writes to the terminal; tests record.
pub trait Outside {
    /// Opens `url` in the browser and says how it went, for the status line.
    fn open_url(&mut self, url: &str) -> io::Result<String>;
    /// Puts `text` on the clipboard.
    fn copy(&mut self, text: &str) -> io::Result<()>;
    fn set_mouse_capture(&mut self, captured: bool) -> io::Result<()>;
    /// Gives the terminal back and stops until resumed (`Ctrl-z`, then `fg`).
    fn suspend(&mut self) -> io::Result<()>;
    /// Runs the editor on `file` at `line` and returns when it exits, with a note for the
    /// status line when it failed; `Err` when it could not be started.
    fn edit(&mut self, program: &[String], file: &Path, line: usize) -> io::Result<Option<String>>;
}

pub struct Session<O: Outside> {
    app: App,
    library: Arc<Library>,
    worker: Option<Worker>,
    /// The search the box waits for, to answer inline if the worker dies meanwhile.
    awaited: Option<SearchRequest>,
    /// Built only if the worker could not start or died (or handed over with the library).
    inline_index: Option<Arc<Index>>,
    store: Option<Store>,
    state_dir: Option<PathBuf>,
    outside: O,
    finished: bool,
    /// What the library was loaded from, to read it again after the editor (`None`:
    /// built in memory, as in tests).
    source: Option<ContentSource>,
    /// How pictures are drawn (half blocks unless detection found better); the worker
    /// starts with the first picture asked for.
    picker: Option<ratatui_image::picker::Picker>,
    pictures: Option<PictureWorker>,
}

impl<O: Outside> Session<O> {
    /// Starts the search worker on `library` (the one `app` shows), opens the store kept
    /// in `state_dir` (`None`: nothing is saved) and gives the app what it remembers.
    pub fn start(app: App, state_dir: Option<&Path>, outside: O) -> io::Result<Session<O>> {
        Session::start_with_picker(app, state_dir, outside, None)
    }

    /// As [`Session::start`], drawing pictures with `picker` (the protocol detected at
    /// start; `None`: half blocks). Given before the first update, which may ask for
    /// pictures already.
    pub fn start_with_picker(
        app: App,
        state_dir: Option<&Path>,
        outside: O,
        picker: Option<ratatui_image::picker::Picker>,
    ) -> io::Result<Session<O>> {
        let library = app.shared_library();
        let mut session = Session {
            worker: Worker::start(Arc::clone(&library), Ready::AtStart),
            app,
            library,
            awaited: None,
            inline_index: None,
            store: None,
            state_dir: state_dir.map(Path::to_path_buf),
            outside,
            finished: false,
            source: None,
            picker,
            pictures: None,
        };
        let loaded = session.open_store();
        session.handle(loaded)?;
        Ok(session)
    }

    /// Where the library came from, so that it can be read again (after `e`).
    pub fn set_source(&mut self, source: ContentSource) {
        self.source = Some(source);
    }

    pub fn app(&self) -> &App {
        &self.app
    }

    pub fn outside(&self) -> &O {
        &self.outside
    }

    pub fn outside_mut(&mut self) -> &mut O {
        &mut self.outside
    }

    /// The app asked to quit; what it had not saved is saved.
    pub fn finished(&self) -> bool {
        self.finished
    }

    /// Runs `action` and everything it leads to; returns the effects `update` asked
    /// for, all performed.
    pub fn handle(&mut self, action: Action) -> io::Result<Vec<Effect>> {
        let mut queue = VecDeque::from([action]);
        let mut performed = Vec::new();
        while let Some(action) = queue.pop_front() {
            if let Action::Reloaded(reload) = &action {
                self.take_library(reload);
            }
            for effect in update(&mut self.app, action) {
                queue.extend(self.perform(&effect)?);
                performed.push(effect);
            }
        }
        memory::remember_unsaved(self.state_dir.as_deref(), &self.app);
        Ok(performed)
    }

    /// Search results that arrived, without waiting, as an action for [`Session::handle`].
    /// If the worker died, the awaited search runs here, so the box never waits forever.
    pub fn poll(&mut self) -> Option<Action> {
        if let Some(answer) = self.pictures.as_ref().and_then(PictureWorker::poll) {
            return Some(answer);
        }
        match self.worker.as_ref().map(Worker::poll) {
            Some(Ok(results)) => results.map(Action::SearchResults),
            None | Some(Err(_)) => self.answer_inline(),
        }
    }

    /// Hands every result the worker sends to `update` until the search box stops
    /// waiting (for tests and tools that have nothing else to do meanwhile).
    pub fn settle(&mut self) -> io::Result<()> {
        while self.app.awaiting_search() {
            let results = match self.worker.as_ref().map(Worker::wait) {
                Some(Ok(results)) => Some(Action::SearchResults(results)),
                None | Some(Err(_)) => self.answer_inline(),
            };
            match results {
                Some(action) => self.handle(action)?,
                None => break,
            };
        }
        Ok(())
    }

    /// Hands every picture answer to `update` until none is awaited (for tests).
    pub fn settle_pictures(&mut self) -> io::Result<()> {
        while self.app.pictures().awaiting() {
            match self.pictures.as_ref().and_then(PictureWorker::wait) {
                Some(action) => self.handle(action)?,
                None => break,
            };
        }
        Ok(())
    }

    /// The picture worker, started on first use; `None` if no thread could start.
    fn picture_worker(&mut self) -> Option<&PictureWorker> {
        if self.pictures.is_none() {
            let picker = self
                .picker
                .clone()
                .unwrap_or_else(ratatui_image::picker::Picker::halfblocks);
            self.pictures = PictureWorker::start(picker);
        }
        self.pictures.as_ref()
    }

    /// Asks the worker for pictures; without one, every picture is answered as not shown.
    fn ask_pictures(&mut self, effect: &Effect) -> Option<Action> {
        let sent = match (self.picture_worker(), effect) {
            (Some(worker), Effect::ProbePictures(pictures)) => worker.probe(pictures.clone()),
            (Some(worker), Effect::DrawPicture(key)) => worker.draw(key.clone()),
            _ => false,
        };
        if sent {
            return None;
        }
        self.pictures = None;
        let why = "no thread to read it".to_string();
        Some(match effect {
            Effect::ProbePictures(pictures) => Action::PicturesProbed(
                pictures
                    .iter()
                    .map(|picture| Probed {
                        picture: picture.clone(),
                        path: None,
                        probe: Probe::Broken(why.clone()),
                    })
                    .collect(),
            ),
            Effect::DrawPicture(key) => Action::PictureDrawn(PictureAnswer {
                key: key.clone(),
                result: Err(why),
                bytes: 0,
            }),
            _ => return None,
        })
    }

    fn perform(&mut self, effect: &Effect) -> io::Result<Option<Action>> {
        Ok(match effect {
            Effect::OpenUrl(url) => Some(Action::Notice(self.outside.open_url(url)?)),
            Effect::Copy(text) => {
                self.outside.copy(text)?;
                None
            }
            Effect::SetMouseCapture(on) => {
                self.outside.set_mouse_capture(*on)?;
                None
            }
            Effect::Suspend => {
                self.outside.suspend()?;
                None
            }
            Effect::Search(request) => self.search(request),
            Effect::ProbePictures(_) | Effect::DrawPicture(_) => self.ask_pictures(effect),
            Effect::Edit {
                program,
                file,
                line,
            } => self.edit(program, file, *line)?,
            Effect::SaveState => Some(self.save()),
            Effect::Quit => {
                // Whatever is not saved yet (the position, documents read) is now.
                self.save_before_quitting();
                self.finished = true;
                None
            }
        })
    }

    /// The editor, then the content read again (the file changed, most likely).
    fn edit(&mut self, program: &[String], file: &Path, line: usize) -> io::Result<Option<Action>> {
        let outcome = self.outside.edit(program, file, line);
        // The editor left the terminal as it likes it; paap's mouse mode comes back.
        self.outside.set_mouse_capture(self.app.mouse_captured())?;
        let note = match outcome {
            Ok(note) => note,
            Err(err) => {
                let name = program.first().map_or("the editor", String::as_str);
                return Ok(Some(Action::Notice(format!(
                    "Could not start {name}: {err}"
                ))));
            }
        };
        Ok(match &self.source {
            Some(source) => Some(super::watch::load_again_noting(source, note)),
            None => note.map(Action::Notice),
        })
    }

    /// The library was read again: the search worker starts over on the new one.
    fn take_library(&mut self, reload: &Reload) {
        let ready = match (&reload.index, reload.partial) {
            (Some(index), _) => Ready::Built(Arc::clone(index)),
            (None, true) => Ready::AtFirstSearch,
            (None, false) => Ready::AtStart,
        };
        self.worker = Worker::start(Arc::clone(&reload.library), ready);
        self.library = Arc::clone(&reload.library);
        self.awaited = None;
        self.inline_index = reload.index.clone();
    }

    fn search(&mut self, request: &SearchRequest) -> Option<Action> {
        self.awaited = Some(request.clone());
        match &self.worker {
            Some(worker) if worker.request(request.clone()).is_ok() => None,
            _ => self.answer_inline(),
        }
    }

    fn answer_inline(&mut self) -> Option<Action> {
        self.worker = None;
        let request = self.awaited.take()?;
        let index = self
            .inline_index
            .get_or_insert_with(|| Arc::new(Index::build(&self.library)));
        Some(Action::SearchResults(answer(
            &self.library,
            index,
            &request,
        )))
    }

    /// Opens the store at start: a corrupt state file was moved aside by the store, and
    /// without a folder (no home directory) nothing is saved; the status line says so.
    fn open_store(&mut self) -> Action {
        let Some(dir) = &self.state_dir else {
            return Action::MemoryLoaded {
                state: Box::default(),
                warning: Some(
                    "No home folder found: bookmarks and reading positions last only this session."
                        .into(),
                ),
            };
        };
        let (store, warning) = Store::open(dir);
        let state = Box::new(store.state().clone());
        self.store = Some(store);
        Action::MemoryLoaded { state, warning }
    }

    /// Applies the app's pending memory changes to the store and saves; a failed save
    /// keeps every change in the store's memory for the next save to try again.
    fn save(&mut self) -> Action {
        let changes = self.app.pending_changes().to_vec();
        let applied = changes.len();
        let Some(store) = self.store.as_mut() else {
            // Nowhere to save: the app's own state is all there is.
            return Action::Saved {
                applied,
                state: None,
                problem: None,
            };
        };
        for change in changes {
            memory::apply(store, change);
        }
        let problem = match store.save() {
            Ok(warning) => warning,
            Err(err) => Some(err.to_string()),
        };
        Action::Saved {
            applied,
            state: Some(Box::new(store.state().clone())),
            problem,
        }
    }

    fn save_before_quitting(&mut self) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        for change in self.app.unsaved_changes() {
            memory::apply(store, change);
        }
        if let Err(err) = store.save() {
            // The terminal is given back right after this: the message stays readable.
            memory::report_after_exit(err.to_string());
        }
    }

    /// What the store holds now (for tests).
    pub fn stored_state(&self) -> Option<&State> {
        self.store.as_ref().map(Store::state)
    }
}

/// Reading the state through the session, as drawing does.
impl<O: Outside> std::ops::Deref for Session<O> {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}
