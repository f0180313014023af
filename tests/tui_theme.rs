//! `theme = "auto"`: the first frame is drawn with a guess and the terminal's answer,
//! arriving afterwards as an action, switches the theme and lays the document out again.

mod tui_support;

use paap::app::Action;
use paap::markdown::Theme;
use tui_support::{app, draw, run};

#[test]
fn a_light_background_switches_to_the_light_theme_and_redraws_in_it() {
    let mut app = app(100, 30);
    assert_eq!(app.theme().name, "dark");
    let dark_screen = draw(&app).backend().buffer().clone();
    run(&mut app, &[Action::BackgroundDetected { light: true }]);
    assert_eq!(app.theme().name, "light");
    let light_screen = draw(&app).backend().buffer().clone();
    assert_ne!(dark_screen, light_screen, "the colours changed");
    // The document's lines were laid out again with the light theme's styles.
    let heading = Theme::light().heading[1];
    let styled = app
        .rendered()
        .expect("the document is laid out")
        .rendered
        .lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .any(|span| span.style == heading);
    assert!(styled, "a heading in the light theme's style");
    // A dark answer on a dark guess changes nothing, and the status line is kept.
    run(&mut app, &[Action::Notice("kept".into())]);
    run(&mut app, &[Action::BackgroundDetected { light: false }]);
    assert_eq!(app.theme().name, "dark");
    assert_eq!(app.status(), Some("kept"));
}
