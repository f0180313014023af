//! Signals and pastes against the real binary in a pseudo-terminal: every way paap can be
//! stopped gives the terminal back (cooked mode, main screen, cursor, no mouse) and saves
//! the reading position; a suspension comes back redrawn; a huge paste stays responsive.

mod pty_support;

use pty_support::Session;

/// paap on the library, then the long survey page opened and scrolled a little.
fn reading() -> Session {
    let mut session = Session::start();
    session.wait_for("the library", |s| {
        s.alternate_screen() && s.contents().contains("All Posts Personas Pages")
    });
    session.press("\r");
    session.wait_for("the document to take focus", |s| {
        s.contents().contains("Tab link")
    });
    session.press("jjj");
    session.wait_for("the document to scroll", |s| s.contents().contains("4–"));
    session
}

fn saved_state(session: &Session) -> String {
    let file = session.home.join("state").join("paap").join("state.json");
    std::fs::read_to_string(&file).unwrap_or_else(|err| panic!("{}: {err}", file.display()))
}

#[test]
fn every_terminating_signal_gives_the_terminal_back_and_saves_the_position() {
    for signal in ["INT", "QUIT", "TERM", "HUP"] {
        let mut session = reading();
        session.signal(signal);
        let status = session.wait_for_exit();
        assert!(!status.success(), "SIGSTOP{signal}: {status:?}");
        session.assert_given_back(&format!("SIG{signal}"));
        let state = saved_state(&session);
        assert!(
            state.contains("\"positions\"") && state.contains(": 3"),
            "SIG{signal} saved the position (line 3): {state}"
        );
    }
}

#[test]
fn sigtstp_leaves_a_clean_screen_and_sigcont_redraws() {
    let mut session = reading();
    session.signal("TSTP");
    session.wait_for_cooked("after SIGTSTP");
    session.wait_for("the main screen", |s| !s.alternate_screen());
    session.assert_given_back("suspended by SIGTSTP");
    session.wait_stopped("after SIGTSTP");
    assert!(
        session.child.try_wait().expect("child status").is_none(),
        "suspended, not ended"
    );
    session.signal("CONT");
    session.wait_for("paap redrawn", |s| {
        s.alternate_screen() && s.contents().contains("Tab link")
    });
    session.press("q");
    assert!(session.wait_for_exit().success());
    session.assert_given_back("after quitting");
}

#[test]
fn ctrl_z_suspends_like_sigtstp() {
    let mut session = reading();
    session.press("\x1a");
    session.wait_for_cooked("after Ctrl-z");
    session.wait_for("the main screen", |s| !s.alternate_screen());
    session.assert_given_back("suspended by Ctrl-z");
    session.wait_stopped("after Ctrl-z");
    session.signal("CONT");
    session.wait_for("paap redrawn", |s| {
        s.alternate_screen() && s.contents().contains("Tab link")
    });
    session.press("q");
    assert!(session.wait_for_exit().success());
}

#[test]
fn a_100_kb_paste_into_each_prompt_is_cut_and_stays_responsive() {
    let paste = format!("\x1b[200~{}\x1b[201~", "platform ".repeat(11_500));
    let mut session = reading();
    session.press("/");
    session.press(&paste);
    session.wait_for("the search box to say the paste was cut", |s| {
        s.contents().contains("cut at 500 characters")
    });
    session.press("\x1b");
    session.wait_for("the search box to close", |s| {
        !s.contents().contains("┌ Search")
    });
    // The find prompt (Ctrl-f) takes the same paste and still answers Esc at once.
    session.press("\x06");
    session.wait_for("the find prompt", |s| s.contents().contains("Find:"));
    session.press(&paste);
    session.wait_for("the pasted words in the prompt", |s| {
        s.contents().contains("Find: ") && s.contents().contains("platform platform")
    });
    session.press("\x1b");
    session.wait_for("the prompt to close", |s| !s.contents().contains("Find:"));
    session.press("q");
    assert!(session.wait_for_exit().success());
}

#[test]
fn theme_auto_draws_at_once_then_follows_the_terminals_light_background() {
    // The harness answers the background query with white; the focused pane's border is
    // drawn in the theme's second heading colour (light cyan when dark, blue when light).
    let mut session = Session::start_configured(&[], "theme = \"auto\"\n");
    let border = |s: &vt100::Screen| s.cell(0, 0).map(|c| c.fgcolor());
    session.wait_for("the library in the light theme", |s| {
        s.contents().contains("All Posts Personas Pages") && border(s) == Some(vt100::Color::Idx(4))
    });
    session.press("q");
    assert!(session.wait_for_exit().success());
}
