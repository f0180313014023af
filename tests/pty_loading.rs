//! A `--content` folder is read after the first frame: the real binary shows the bundled
//! library at once, then every document of the folder, and stays usable throughout.

mod pty_support;

use pty_support::Session;

#[test]
fn a_folder_given_to_content_fills_the_library_after_the_first_frame() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let body = format!("---\ntitle: Field note {i}\n---\n# Field note {i}\n\nText {i}.\n");
        std::fs::write(dir.path().join(format!("note-{i:03}.md")), body).unwrap();
    }
    let folder = dir.path().to_str().unwrap();
    let mut session = Session::start_with(&["--content", folder]);
    session.wait_for("the library with the folder's documents", |s| {
        s.contents().contains("Library (326)") || s.contents().contains("Library (327)")
    });
    session.press("/");
    session.press("Field note 299");
    session.wait_for("a document of the folder found", |s| {
        s.contents().contains("Field note 299")
    });
    session.press("\x1b");
    session.wait_for("the search box to close", |s| {
        !s.contents().contains("┌ Search")
    });
    session.press("q");
    assert!(session.wait_for_exit().success());
}
