//! A small fixed library and helpers shared by the TUI tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use std::path::Path;

use paap::app::{Action, App, Effect, update};
use paap::content::{Doc, Kind, Library};
use paap::markdown::Theme;
use paap::tui::{Outside, Session};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn doc(id: &str, kind: Kind, title: &str, date: Option<(i32, u32, u32)>, body: &str) -> Doc {
    Doc {
        id: id.into(),
        slug: id
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".md")
            .into(),
        kind,
        title: title.into(),
        date: date.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
        body: body.into(),
        ..Doc::default()
    }
}

fn long_body() -> String {
    let mut body = String::from("# Findings\n\nWhat the survey found, section by section.\n\n");
    for i in 1..=60 {
        body.push_str(&format!(
            "Paragraph {i} of the findings, with enough words to fill a line.\n\n"
        ));
        if i % 20 == 0 {
            body.push_str(&format!("## Part {}\n\n", i / 20));
        }
    }
    body.push_str("Back to [the initiative](../initiative.md).\n");
    body
}

/// Five documents: an initiative, two posts, a persona and a page, linking to each other.
pub fn library() -> Library {
    let mut survey = doc(
        "blog/survey.md",
        Kind::Post,
        "Announcing the Platform as a Product survey",
        Some((2024, 5, 1)),
        "# The survey\n\nWe are asking platform teams how they work. See the [older post](older.md), \
         the [initiative](../initiative.md) and [the CNCF](https://www.cncf.io/).\n\n\
         ## Why\n\nBecause products have users.\n\n## How\n\nA [missing page](nowhere.md).\n\n\
         An \x1b[31mescape\x1b[0m stays out.\n",
    );
    survey.authors = vec!["Ada Lovelace".into(), "Grace Hopper".into()];
    survey.tags = vec!["survey".into(), "platforms".into()];
    survey.source = Some("https://tag-app-delivery.cncf.io/blog/survey/".into());
    let mut older = doc(
        "blog/older.md",
        Kind::Post,
        "What we learned from platform teams",
        Some((2023, 11, 10)),
        &long_body(),
    );
    older.authors = vec!["Linus\x1b[2J".into()];
    Library::from_docs(
        vec![
            doc(
                "initiative.md",
                Kind::Initiative,
                "Platforms as a Product",
                None,
                "# Platforms as a Product\n\nThe initiative. Read the [survey](blog/survey.md) and \
                 [part one](blog/older.md#part-1) of the findings.\n",
            ),
            survey,
            older,
            doc(
                "personas/platform-engineer.md",
                Kind::Persona,
                "Platform\x07 engineer",
                Some((2024, 1, 15)),
                "# Platform engineer\n\nBuilds the platform.\n",
            ),
            doc(
                "about.md",
                Kind::Page,
                "About this site",
                Some((2022, 3, 3)),
                "# About\n\nA page.\n",
            ),
        ],
        vec![],
    )
}

pub fn app(width: u16, height: u16) -> App {
    App::new(library(), Theme::dark(), width, height)
}

/// Something actions can be applied to: the bare state (`update` only; effects are
/// returned, not performed) or a whole session (effects performed, searches answered).
pub trait Drive {
    fn act(&mut self, action: Action) -> Vec<Effect>;
    fn state(&self) -> &App;
}

impl Drive for App {
    fn act(&mut self, action: Action) -> Vec<Effect> {
        update(self, action)
    }
    fn state(&self) -> &App {
        self
    }
}

impl Drive for TestSession {
    /// Runs the action through the runtime and waits for the search it started, if any.
    fn act(&mut self, action: Action) -> Vec<Effect> {
        let effects = self.handle(action).expect("the fake terminal never fails");
        self.settle().expect("the fake terminal never fails");
        effects
    }
    fn state(&self) -> &App {
        self.app()
    }
}

/// Applies each action in turn and returns every effect.
pub fn run(app: &mut impl Drive, actions: &[Action]) -> Vec<Effect> {
    actions.iter().flat_map(|a| app.act(a.clone())).collect()
}

/// What the runtime's effects did, instead of a browser, a clipboard and a terminal.
#[derive(Debug, Default)]
pub struct Recorder {
    pub opened: Vec<String>,
    pub copied: Vec<String>,
    pub mouse: Vec<bool>,
    pub suspended: usize,
    /// Each editor run: the program, the file, the line.
    pub edited: Vec<(Vec<String>, std::path::PathBuf, usize)>,
    /// What the fake editor appends to the file it is given.
    pub editor_appends: Option<String>,
}

impl Outside for Recorder {
    fn open_url(&mut self, url: &str) -> std::io::Result<String> {
        self.opened.push(url.to_string());
        Ok(format!("Opened {url}"))
    }
    fn copy(&mut self, text: &str) -> std::io::Result<()> {
        self.copied.push(text.to_string());
        Ok(())
    }
    fn set_mouse_capture(&mut self, captured: bool) -> std::io::Result<()> {
        self.mouse.push(captured);
        Ok(())
    }
    fn suspend(&mut self) -> std::io::Result<()> {
        self.suspended += 1;
        Ok(())
    }

    fn edit(
        &mut self,
        program: &[String],
        file: &Path,
        line: usize,
    ) -> std::io::Result<Option<String>> {
        self.edited
            .push((program.to_vec(), file.to_path_buf(), line));
        if let Some(text) = &self.editor_appends {
            let mut content = std::fs::read_to_string(file)?;
            content.push_str(text);
            std::fs::write(file, content)?;
        }
        Ok(None)
    }
}

pub type TestSession = Session<Recorder>;

/// The runtime around `app` with the real search worker and, when `state_dir` is given,
/// the real store in that folder.
pub fn session(app: App, state_dir: Option<&Path>) -> TestSession {
    Session::start(app, state_dir, Recorder::default()).expect("the fake terminal never fails")
}

/// Draws `app` on a test terminal of its size.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| paap::ui::view(app, f)).unwrap();
    terminal
}

/// The screen as plain text rows.
pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
