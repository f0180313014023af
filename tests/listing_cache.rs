//! `paap list` over a big folder through the listing cache: the same output as reading
//! every file, files changed since read again, and a broken or unwritable cache costing
//! nothing but time.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use tempfile::TempDir;

/// Enough files for the cache (`listing::CACHED_FROM` is 256).
const FILES: usize = 300;

struct Setup {
    content: TempDir,
    home: TempDir,
}

impl Setup {
    fn new(files: usize) -> Setup {
        let content = TempDir::new().unwrap();
        for i in 0..files {
            write_page(content.path(), i, &format!("Page {i}"));
        }
        Setup {
            content,
            home: TempDir::new().unwrap(),
        }
    }

    fn page(&self, i: usize) -> PathBuf {
        self.content
            .path()
            .join(format!("part-{}/page-{i}.md", i % 7))
    }

    fn paap(&self, args: &[&str]) -> String {
        self.paap_in(self.content.path(), ".", args)
    }

    /// `paap --content CONTENT ARGS` run in the folder `cwd`.
    fn paap_in(&self, cwd: &Path, content: &str, args: &[&str]) -> String {
        let home = self.home.path();
        let out = Command::cargo_bin("paap")
            .unwrap()
            // Opening a page runs this, which does nothing.
            .env("BROWSER", "true")
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_DATA_HOME", home.join("data"))
            .current_dir(cwd)
            .arg("--no-bundled")
            .arg("--content")
            .arg(content)
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    }

    /// The cache files written so far.
    fn caches(&self) -> Vec<PathBuf> {
        let dir = self.home.path().join("cache/paap/listings");
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .map(|entries| entries.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        files.sort();
        files
    }

    fn cache(&self) -> PathBuf {
        let caches = self.caches();
        assert_eq!(caches.len(), 1, "{caches:?}");
        caches[0].clone()
    }
}

/// A page with the kinds of front matter a listing shows, last modified an hour ago (a
/// file changed just now is not recorded).
fn write_page(root: &Path, i: usize, title: &str) {
    let path = root.join(format!("part-{}/page-{i}.md", i % 7));
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = if i % 10 == 3 {
        // Its title comes from its first heading.
        format!(
            "---\ndate: 2024-03-{:02}\n---\n\n# {title}\n\nSome words here.\n",
            1 + i % 28
        )
    } else {
        format!(
            "---\ntitle: \"{title}\"\ndate: 2024-{:02}-01\nauthor: Ann Lee & Bo Chan\n\
             tags: [t{}, shared]\nmenu:\n  main:\n    weight: {i}\nrole: \"R\\u00e9le {i}\"\n\
             source: https://example.com/page-{i}/\n---\n\n\
             Body of page {i} with a few more words.\n",
            1 + i % 12,
            i % 5,
        )
    };
    fs::write(&path, text).unwrap();
    an_hour_ago(&path);
}

fn an_hour_ago(path: &Path) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
}

#[test]
fn a_big_folder_lists_the_same_from_its_cache_as_from_its_files() {
    let setup = Setup::new(FILES);
    assert!(setup.caches().is_empty());
    let read = (setup.paap(&["list"]), setup.paap(&["list", "--json"]));
    let cache = setup.cache();
    let written = fs::read_to_string(&cache).unwrap();
    assert_eq!(
        written.lines().count(),
        FILES + 1,
        "a header and a line a file"
    );
    let cached = (setup.paap(&["list"]), setup.paap(&["list", "--json"]));
    assert_eq!(read.0, cached.0);
    assert_eq!(read.1, cached.1);
    assert!(read.0.contains("Page 13"), "{}", read.0);
    assert!(read.1.contains("\"words\": 9"), "{}", read.1);
    assert!(read.1.contains("\"role\": \"Réle 1\""), "{}", read.1);
    // Nothing changed, so the cache was not written again.
    assert_eq!(fs::read_to_string(&cache).unwrap(), written);
    assert_eq!(
        setup.paap(&["list", "--tag", "t3"]),
        cached
            .0
            .lines()
            .filter(|line| {
                let i: usize = line
                    .rsplit("page-")
                    .next()
                    .unwrap()
                    .trim_end_matches(".md")
                    .parse()
                    .unwrap();
                i % 10 != 3 && i % 5 == 3
            })
            .map(|line| format!("{line}\n"))
            .collect::<String>()
    );
}

#[test]
fn unchanged_files_come_from_the_cache_and_changed_ones_are_read_again() {
    let setup = Setup::new(FILES);
    setup.paap(&["list"]);
    let cache = setup.cache();
    // What the cache says of an unchanged file is what is listed: the file is not read.
    let text = fs::read_to_string(&cache).unwrap();
    fs::write(&cache, text.replace("\"Page 21\"", "\"From the cache\"")).unwrap();
    let listed = setup.paap(&["list"]);
    assert!(listed.contains("From the cache"), "{listed}");
    assert!(!listed.contains("Page 21 "), "{listed}");

    // Rewritten: same size, times set back to what they were. The change time tells.
    let page = setup.page(21);
    let before = fs::metadata(&page).unwrap().modified().unwrap();
    write_page(setup.content.path(), 21, "Page 2X");
    fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(before)
        .unwrap();
    let listed = setup.paap(&["list"]);
    assert!(listed.contains("Page 2X"), "{listed}");
    assert!(!listed.contains("From the cache"), "{listed}");

    // A new file and a removed one.
    write_page(setup.content.path(), FILES, "Newcomer");
    fs::remove_file(setup.page(5)).unwrap();
    let listed = setup.paap(&["list"]);
    assert!(listed.contains("Newcomer"), "{listed}");
    assert!(!listed.contains("page-5.md"), "{listed}");
    let text = fs::read_to_string(&cache).unwrap();
    assert!(text.contains("Newcomer") && !text.contains("page-5.md"));
}

#[test]
fn a_file_changed_just_now_is_read_but_not_recorded() {
    let setup = Setup::new(FILES);
    let fresh = setup.page(8);
    fs::write(&fresh, "---\ntitle: Fresh\n---\n").unwrap();
    let listed = setup.paap(&["list"]);
    assert!(listed.contains("Fresh"), "{listed}");
    let text = fs::read_to_string(setup.cache()).unwrap();
    assert_eq!(text.lines().count(), FILES, "every file but the fresh one");
    assert!(!text.contains("page-8.md"));
    // It is read again each time until it is old enough.
    assert!(setup.paap(&["list"]).contains("Fresh"));
}

#[test]
fn a_broken_cache_is_ignored_and_written_anew() {
    let setup = Setup::new(FILES);
    let expected = setup.paap(&["list", "--json"]);
    let cache = setup.cache();
    let whole = fs::read_to_string(&cache).unwrap();
    let header = whole.lines().next().unwrap().to_string();
    let broken = [
        b"\xff\xfe not even text".to_vec(),
        b"{\"format\": 99}\n".to_vec(),
        format!("{header}\nnot a line\n\"section\"\tx y\t3\t{{\n").into_bytes(),
        whole.as_bytes()[..whole.len() / 2].to_vec(),
        Vec::new(),
    ];
    for bytes in broken {
        fs::write(&cache, &bytes).unwrap();
        assert_eq!(setup.paap(&["list", "--json"]), expected);
        assert_eq!(fs::read_to_string(&cache).unwrap(), whole);
    }
}

#[test]
fn a_cache_that_cannot_be_written_or_a_small_folder_changes_nothing() {
    let setup = Setup::new(FILES);
    // A file where the cache folder would be.
    fs::create_dir_all(setup.home.path().join("cache/paap")).unwrap();
    fs::write(setup.home.path().join("cache/paap/listings"), "in the way").unwrap();
    let listed = setup.paap(&["list"]);
    assert_eq!(listed.lines().count(), FILES);

    let small = Setup::new(10);
    assert_eq!(small.paap(&["list"]).lines().count(), 10);
    assert!(small.caches().is_empty());
}

#[test]
fn a_folder_named_two_ways_has_one_cache() {
    let setup = Setup::new(FILES);
    let inside = setup.paap_in(setup.content.path(), ".", &["list"]);
    let cache = setup.cache();
    let parent = setup.content.path().parent().unwrap();
    let name = setup.content.path().file_name().unwrap().to_str().unwrap();
    let written = fs::read_to_string(&cache).unwrap();
    assert_eq!(
        setup.paap_in(parent, &format!("{name}/"), &["list"]),
        inside
    );
    assert_eq!(setup.caches().len(), 1);
    assert_eq!(setup.cache(), cache);
    assert_eq!(
        fs::read_to_string(&cache).unwrap(),
        written,
        "read, not written again"
    );
}

#[test]
fn open_finds_the_page_through_the_cache_too() {
    let setup = Setup::new(FILES);
    assert_eq!(
        setup.paap(&["open", "Page 21"]),
        "opened https://example.com/page-21/\n"
    );
    let cache = setup.cache();
    let text = fs::read_to_string(&cache).unwrap();
    fs::write(
        &cache,
        text.replace("example.com/page-21/", "example.com/cached/"),
    )
    .unwrap();
    assert_eq!(
        setup.paap(&["open", "Page 21"]),
        "opened https://example.com/cached/\n"
    );
}
