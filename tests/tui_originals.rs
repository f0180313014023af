//! The synced originals in the TUI: a library tab of their own, and `O` between a summary
//! and its original (a visit, so Backspace returns).

mod tui_support;

use std::sync::Arc;

use paap::app::{Action, App, Tab};
use paap::content::{Doc, Library, Origin, SourceRoot};
use paap::markdown::Theme;
use tui_support::{draw, run, screen_text};

fn doc(id: &str, root: usize, origin: Origin, front: &str) -> Doc {
    let (mut doc, problems) = Doc::from_markdown(id, &format!("---\n{front}\n---\nBody.\n"));
    assert!(problems.is_empty(), "{problems:?}");
    doc.root = root;
    doc.origin = origin;
    doc
}

fn synced() -> Origin {
    Origin::Source(Arc::new(SourceRoot {
        name: "cnpe-community".into(),
        repo: Some("Cloud-Native-Platform-Engineering/cnpe-community".into()),
        hosts: vec!["cloudnativeplatforms.com".into()],
        path: "website/content/en".into(),
    }))
}

const SUMMARY: usize = 0;
const ORIGINAL: usize = 1;

fn library() -> Library {
    Library::from_docs(
        vec![
            doc(
                "blog/announce-paap-survey.md",
                0,
                Origin::Bundled,
                "title: Summary of the survey post\ndate: 2024-11-25\nsource: https://cloudnativeplatforms.com/blog/call-participation-paap-survey/",
            ),
            doc(
                "blog/call-participation-paap-survey.md",
                1,
                synced(),
                "title: The survey post itself\ndate: 2024-11-25",
            ),
        ],
        Vec::new(),
    )
}

#[test]
fn originals_have_a_tab_of_their_own_and_o_switches_with_the_summary() {
    let mut app = App::new(library(), Theme::dark(), 120, 30);
    assert!(app.tabs().contains(&Tab::Originals));
    assert_eq!(app.rows(), &[SUMMARY], "All lists the summaries only");
    run(&mut app, &[Action::ShowTab(Tab::Originals)]);
    assert_eq!(app.rows(), &[ORIGINAL]);
    // The library pane is narrow at 120 columns: the tab bar uses the short labels.
    assert!(screen_text(&draw(&app)).contains("All Post Pers Page Orig"));

    run(&mut app, &[Action::ShowTab(Tab::All), Action::Activate]);
    assert_eq!(app.current(), Some(SUMMARY));
    assert!(
        screen_text(&draw(&app)).contains("original offline: O"),
        "the header says the original is here"
    );
    run(&mut app, &[Action::SwitchOriginal]);
    assert_eq!(app.current(), Some(ORIGINAL));
    assert!(screen_text(&draw(&app)).contains("summary: O"));
    run(&mut app, &[Action::SwitchOriginal]);
    assert_eq!(app.current(), Some(SUMMARY));
    run(&mut app, &[Action::Back]);
    assert_eq!(app.current(), Some(ORIGINAL), "each switch is a visit");
}

#[test]
fn without_synced_originals_the_tab_is_hidden_and_o_says_how_to_get_them() {
    let mut app = tui_support::app(120, 30);
    assert!(!app.tabs().contains(&Tab::Originals));
    assert!(!screen_text(&draw(&app)).contains("Originals"));
    run(&mut app, &[Action::Activate, Action::SwitchOriginal]);
    assert!(
        app.status().is_some_and(|s| s.contains("paap sync")),
        "{:?}",
        app.status()
    );
}
