//! `paap search` over a big library through the search snapshot: the same answers as
//! from the bodies, with no body read but the hits'; a changed, added or removed file, a
//! broken snapshot or a file changed just now costing nothing but time.

#[path = "../benches/common/tree.rs"]
mod tree;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use paap::content::{Library, LoadOptions};
use paap::search::snapshot::Snapshot;
use paap::search::{Hit, Index, parse_query};
use tempfile::TempDir;

/// Enough documents for a snapshot (`snapshot::SNAPSHOT_FROM` is 256).
const DOCS: usize = 300;

/// Queries of every kind the engine answers: common and rare words, other forms and
/// prefixes of words, a typo, phrases, excluded words, filters, names only, and three
/// terms of which a document may miss one.
const QUERIES: &[&str] = &[
    "capability",
    "roggero",
    "interviews",
    "observ",
    "capabilty",
    "\"golden path\"",
    "platform -security",
    "kind:page survey",
    "tag:personas roadmap",
    "author:stenglein",
    "document 83",
    "golden observability enablers",
    "section 2 adoption",
    "zzzz-nothing-has-this",
];

struct Setup {
    home: TempDir,
    content: PathBuf,
}

impl Setup {
    /// A folder of generated pages, last modified an hour ago.
    fn new() -> Setup {
        let home = TempDir::new().unwrap();
        let content = home.path().join("content");
        tree::generate(&content, DOCS);
        for path in files(&content) {
            an_hour_ago(&path);
        }
        Setup { home, content }
    }

    fn options(&self) -> LoadOptions {
        LoadOptions {
            bundled: false,
            dirs: vec![self.content.clone()],
        }
    }

    fn listing_dir(&self) -> PathBuf {
        self.home.path().join("cache/paap/listings")
    }

    fn snapshot_dir(&self) -> PathBuf {
        self.home.path().join("cache/paap/search")
    }

    /// The library as `paap search` loads it: through the listing cache, with stamps.
    fn stamped(&self) -> Library {
        Library::load_stamped(&self.options(), None, Some(&self.listing_dir())).unwrap()
    }

    /// Loads the folder, and records its snapshot as `paap search` does.
    fn record(&self) {
        let library = self.stamped();
        let index = Index::build(&library);
        let since = library.read_since().unwrap();
        Snapshot::write(&self.snapshot_dir(), &library, &index, since);
    }

    fn snapshot_file(&self) -> PathBuf {
        let mut files = files(&self.snapshot_dir());
        assert_eq!(files.len(), 1, "{files:?}");
        files.pop().unwrap()
    }

    fn paap(&self, args: &[&str]) -> String {
        let home = self.home.path();
        let out = Command::cargo_bin("paap")
            .unwrap()
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_DATA_HOME", home.join("data"))
            .arg("--no-bundled")
            .arg("--content")
            .arg(&self.content)
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    found.sort();
    found
}

fn an_hour_ago(path: &Path) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
}

/// The answer from every body read: what `paap search` gives without a snapshot.
fn from_bodies(library: &Library, query: &str) -> Vec<Hit> {
    let query = parse_query(query);
    Index::build_for_query(library, &query).search(library, &query, 20)
}

/// The answer from the snapshot, reading only the hits' bodies, as `paap search` does.
fn from_snapshot(library: &mut Library, snapshot: &Snapshot, query: &str) -> Vec<Hit> {
    let query = parse_query(query);
    let index = Index::build_for_query_from(library, &query, snapshot).unwrap();
    let ranked = index.rank(library, &query, 20);
    library.read_bodies(&ranked.docs());
    index.hits(library, &query, ranked)
}

#[test]
fn the_snapshot_answers_as_the_bodies_do_without_reading_them() {
    let setup = Setup::new();
    let full = Library::load(&setup.options()).unwrap();
    setup.record();
    let mut listed = setup.stamped();
    // Every document came from the listing cache: no body was read.
    assert!(listed.docs().iter().all(|doc| doc.body.is_empty()));
    let snapshot = Snapshot::open(&setup.snapshot_dir(), &listed).expect("a snapshot");
    let bodies_read =
        |library: &Library| library.docs().iter().filter(|d| !d.body.is_empty()).count();
    for query in QUERIES {
        let expected = from_bodies(&full, query);
        let before = bodies_read(&listed);
        assert_eq!(
            from_snapshot(&mut listed, &snapshot, query),
            expected,
            "{query}"
        );
        // Only the bodies of the hits were read.
        assert!(bodies_read(&listed) <= before + expected.len(), "{query}");
        if !query.starts_with("zzzz") {
            assert!(!expected.is_empty(), "{query} finds something");
        }
    }
}

#[test]
fn a_changed_added_or_removed_file_outdates_the_snapshot() {
    let setup = Setup::new();
    setup.record();
    assert!(Snapshot::open(&setup.snapshot_dir(), &setup.stamped()).is_some());

    let page = setup.content.join("section-3/doc-83.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replace("# Document 83", "# Document 83 quokka")).unwrap();
    an_hour_ago(&page);
    assert!(Snapshot::open(&setup.snapshot_dir(), &setup.stamped()).is_none());

    setup.record();
    assert!(Snapshot::open(&setup.snapshot_dir(), &setup.stamped()).is_some());
    let added = setup.content.join("section-3/new.md");
    fs::write(&added, "---\ntitle: New\n---\n\nwords\n").unwrap();
    an_hour_ago(&added);
    assert!(Snapshot::open(&setup.snapshot_dir(), &setup.stamped()).is_none());

    setup.record();
    fs::remove_file(&added).unwrap();
    assert!(Snapshot::open(&setup.snapshot_dir(), &setup.stamped()).is_none());
}

#[test]
fn paap_search_writes_the_snapshot_and_sees_what_changed_since() {
    let setup = Setup::new();
    let first = setup.paap(&["search", "capability"]);
    let snapshot = setup.snapshot_file();
    assert_eq!(setup.paap(&["search", "capability"]), first);
    assert_eq!(
        setup.paap(&["search", "--json", "roggero"]),
        setup.paap(&["search", "--json", "roggero"])
    );

    // A word added to one page is found at once, and the snapshot is written again.
    let page = setup.content.join("section-3/doc-83.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replace("# Document 83", "# Document 83 quokka")).unwrap();
    an_hour_ago(&page);
    let before = fs::read(&snapshot).unwrap();
    let found = setup.paap(&["search", "quokka"]);
    assert!(found.contains("section-3/doc-83.md"), "{found}");
    assert_ne!(fs::read(&snapshot).unwrap(), before);
    assert_eq!(setup.paap(&["search", "quokka"]), found);
}

#[test]
fn a_broken_snapshot_is_not_used_and_is_written_anew() {
    let setup = Setup::new();
    let expected = setup.paap(&["search", "golden", "path"]);
    let snapshot = setup.snapshot_file();
    let whole = fs::read(&snapshot).unwrap();
    let half = whole.len() / 2;
    let broken: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"not a snapshot".to_vec(),
        // Cut inside the documents, and inside the positions.
        whole[..200].to_vec(),
        whole[..half].to_vec(),
        whole[..whole.len() - 3].to_vec(),
        // A document's id changed.
        {
            let mut changed = whole.clone();
            let at = changed.windows(4).position(|w| w == b"doc-").unwrap();
            changed[at] = b'X';
            changed
        },
    ];
    for (i, bytes) in broken.iter().enumerate() {
        fs::write(&snapshot, bytes).unwrap();
        assert!(
            Snapshot::open(&setup.snapshot_dir(), &setup.stamped()).is_none(),
            "broken snapshot {i} opened"
        );
        assert_eq!(setup.paap(&["search", "golden", "path"]), expected, "{i}");
        assert_eq!(fs::read(&snapshot).unwrap(), whole, "{i} written anew");
    }
}

#[test]
fn files_changed_just_now_are_searched_but_no_snapshot_is_written() {
    let setup = Setup::new();
    let page = setup.content.join("section-3/doc-83.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replace("# Document 83", "# Document 83 quokka")).unwrap();
    let found = setup.paap(&["search", "quokka"]);
    assert!(found.contains("section-3/doc-83.md"), "{found}");
    assert!(files(&setup.snapshot_dir()).is_empty());
}

#[test]
fn a_temporary_file_left_by_a_stopped_writer_is_removed_and_a_fresh_one_kept() {
    let setup = Setup::new();
    let dir = setup.snapshot_dir();
    fs::create_dir_all(&dir).unwrap();
    let (stale, fresh) = (dir.join("4242.tmp"), dir.join("4343.tmp"));
    fs::write(&stale, "cut short").unwrap();
    let file = fs::File::options().write(true).open(&stale).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(7200))
        .unwrap();
    fs::write(&fresh, "being written").unwrap();
    setup.paap(&["search", "capability"]);
    assert!(!stale.exists(), "the stale one is gone");
    assert!(fresh.exists(), "another writer's is kept");
    assert_eq!(
        files(&dir).len(),
        2,
        "the snapshot and the fresh temporary file"
    );
}

#[test]
fn two_folders_of_the_same_name_keep_a_snapshot_each() {
    let (first, second) = (Setup::new(), Setup::new());
    let cache = first.home.path().join("cache");
    let search = |setup: &Setup| {
        Command::cargo_bin("paap")
            .unwrap()
            .env("XDG_CACHE_HOME", &cache)
            .env("XDG_CONFIG_HOME", setup.home.path().join("config"))
            .current_dir(setup.home.path())
            .args([
                "--no-bundled",
                "--content",
                "content",
                "search",
                "capability",
            ])
            .assert()
            .success();
    };
    search(&first);
    search(&second);
    // Both named `content`, relative to where paap ran: two snapshots, not one rewritten.
    assert_eq!(files(&first.snapshot_dir()).len(), 2);
}
