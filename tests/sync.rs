//! `paap sync` as the real binary against a loopback server: what it keeps, what it
//! refuses, that a failure never touches the copy synced before, and what the library
//! then loads from it. No test reaches beyond 127.0.0.1.

mod sync_support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use sync_support::{Gate, Reply, Server, Tarball, community_archive};
use tempfile::TempDir;

/// A home of its own: config, data and state folders, and a config whose one source is
/// served by `server` at `/cnpe.tar.gz`.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new(server: &Server, extra: &str) -> Home {
        let home = Home {
            dir: TempDir::new().unwrap(),
        };
        let config = format!(
            "[[sources]]\nname = \"cnpe-community\"\nurl = \"{}\"\n\
             paths = [\"website/content/en\", \"website/static\", \"platform-as-a-product\"]\n\
             hosts = [\"cloudnativeplatforms.com\"]\n\n{extra}",
            server.url("/cnpe.tar.gz")
        );
        fs::write(home.config(), config).unwrap();
        home
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn sources(&self) -> PathBuf {
        self.dir.path().join("data/paap/sources")
    }

    fn source(&self) -> PathBuf {
        self.sources().join("cnpe-community")
    }

    fn paap(&self) -> Command {
        Command::from_std(self.command())
    }

    /// The binary with this home's folders and config, and no proxy settings.
    fn command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_paap"));
        cmd.env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("HOME", self.dir.path())
            .env_remove("NO_COLOR");
        for proxy in ["ALL_PROXY", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"] {
            cmd.env_remove(proxy).env_remove(proxy.to_lowercase());
        }
        cmd.arg("--config").arg(self.config());
        cmd
    }

    /// `paap ARGS…`'s stdout, as text.
    fn stdout(&self, args: &[&str]) -> String {
        let output = self.paap().args(args).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// `paap sync --insecure-http ARGS…`: (exit code, stdout, stderr).
    fn sync(&self, args: &[&str]) -> (i32, String, String) {
        let output = self
            .paap()
            .args(["sync", "--insecure-http"])
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

/// Every file and link under `folder`, with its bytes (a link: its target).
fn snapshot(folder: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(folder) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(folder).unwrap().to_path_buf();
        if entry.path_is_symlink() {
            let target = fs::read_link(entry.path()).unwrap();
            files.insert(relative, target.to_string_lossy().as_bytes().to_vec());
        } else if entry.file_type().is_file() {
            files.insert(relative, fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// What is in the sources folder besides the lock files.
fn leftovers(sources: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(sources)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !name.ends_with(".lock"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn good(server: &Server) {
    server.set(
        "/cnpe.tar.gz",
        Reply::Archive {
            body: community_archive("The full post."),
            etag: Some("\"v1\"".to_string()),
        },
    );
}

#[test]
fn a_good_archive_keeps_the_asked_paths_without_the_top_folder() {
    let server = Server::start();
    good(&server);
    let home = Home::new(&server, "");
    let (code, out, err) = home.sync(&[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!(
            "cnpe-community: synced 6 files, 313 B (commit 0123456789ab) into {}\n",
            home.source().display()
        )
    );
    let files = snapshot(&home.source());
    let names: Vec<String> = files
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            ".paap-source.json",
            "platform-as-a-product/README.md",
            "platform-as-a-product/research-data/interview-01.txt",
            "platform-as-a-product/research-data/survey.csv",
            "website/content/en/_index.md",
            "website/content/en/blog/announce-paap-survey.md",
            "website/static/images/logo.png",
        ]
    );
    let meta: Value = serde_json::from_slice(&files[Path::new(".paap-source.json")]).unwrap();
    assert_eq!(meta["commit"], "0123456789abcdef0123456789abcdef01234567");
    assert_eq!(meta["etag"], "\"v1\"");
    assert_eq!(meta["files"], 6);
    assert_eq!(leftovers(&home.sources()), ["cnpe-community"]);
    assert_eq!(server.log(), ["GET /cnpe.tar.gz -> 200"]);
}

#[test]
fn an_unchanged_archive_is_not_downloaded_again() {
    let server = Server::start();
    good(&server);
    let home = Home::new(&server, "");
    assert_eq!(home.sync(&[]).0, 0);
    let before = snapshot(&home.source());

    let (code, out, err) = home.sync(&[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "cnpe-community: up to date (commit 0123456789ab); nothing downloaded\n"
    );
    assert_eq!(snapshot(&home.source()), before);

    // A new archive under a new ETag is downloaded.
    server.set(
        "/cnpe.tar.gz",
        Reply::Archive {
            body: community_archive("The post, edited."),
            etag: Some("\"v2\"".to_string()),
        },
    );
    let (code, out, _) = home.sync(&["--json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report[0]["status"], "updated");
    assert_eq!(report[0]["etag"], "\"v2\"");
    assert_eq!(
        server.log(),
        [
            "GET /cnpe.tar.gz -> 200",
            "GET /cnpe.tar.gz if-none-match=\"v1\" -> 304",
            "GET /cnpe.tar.gz if-none-match=\"v1\" -> 200",
        ]
    );
}

/// Every way a sync can fail, each after a good one: one line on stderr naming what
/// happened, exit 2, and the first copy exactly as it was.
#[test]
fn a_failure_after_a_good_sync_leaves_the_first_copy_byte_for_byte() {
    let server = Server::start();
    good(&server);
    let home = Home::new(&server, "[sync]\nmax_unpacked_mb = 1\nmax_entries = 50\n");
    assert_eq!(home.sync(&[]).0, 0);
    let before = snapshot(&home.source());
    assert!(!before.is_empty());

    let full = community_archive("A newer post.");
    let many: Tarball = (0..60).fold(Tarball::new(), |t, i| t.file(&format!("top/f{i}.md"), "x"));
    let cases: Vec<(&str, Reply, &str)> = vec![
        ("404", Reply::Status(404), "the server answered 404"),
        ("500", Reply::Status(500), "the server answered 500"),
        (
            "truncated gzip",
            Reply::Archive {
                body: full[..full.len() / 2].to_vec(),
                etag: None,
            },
            "the archive is corrupt or cut short",
        ),
        (
            "not gzip",
            Reply::Archive {
                body: b"<html>a login page</html>".to_vec(),
                etag: None,
            },
            "the archive is corrupt or cut short",
        ),
        (
            "../evil",
            archive(Tarball::new().file("top/ok.md", "x").file("../evil", "x")),
            "archive entry \"../evil\" has a \"..\" part",
        ),
        (
            "absolute path",
            archive(Tarball::new().file("/tmp/paap-absolute-evil", "x")),
            "archive entry \"/tmp/paap-absolute-evil\" is an absolute path",
        ),
        (
            "symlink to /etc",
            archive(Tarball::new().dir("top/").symlink("top/etc", "/etc")),
            "archive entry \"top/etc\" is a symlink to /etc, outside the folder",
        ),
        (
            "symlink up and out",
            archive(Tarball::new().symlink("top/up", "../../..")),
            "is a symlink to ../../.., outside the folder",
        ),
        (
            "FIFO",
            archive(Tarball::new().entry("top/pipe", tar::EntryType::Fifo)),
            "archive entry \"top/pipe\" is a FIFO",
        ),
        (
            "device",
            archive(Tarball::new().entry("top/disk", tar::EntryType::Block)),
            "archive entry \"top/disk\" is a device file",
        ),
        (
            "over the size cap",
            // 3 MB of zeros: a few kB of gzip.
            archive(Tarball::new().bytes("top/zeros.bin", &vec![0u8; 3_000_000])),
            "the archive unpacks to more than 1.0 MB, the cap",
        ),
        (
            "over the entry cap",
            archive(many),
            "the archive holds more than 50 entries, the cap",
        ),
        (
            "a kept path missing",
            archive(Tarball::new().file("top/website/content/en/a.md", "x")),
            "the archive has no website/static",
        ),
        (
            "stall",
            Reply::Stall {
                declared: full.len(),
                sent: full[..100].to_vec(),
            },
            "timed out: the download stalled",
        ),
    ];
    for (what, reply, expected) in cases {
        server.set("/cnpe.tar.gz", reply);
        let (code, out, err) = home.sync(&["--timeout", "0.3"]);
        assert_eq!(code, 2, "{what}: {out}{err}");
        assert_eq!(out, "", "{what}");
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        assert!(
            err.starts_with("paap: sync cnpe-community failed: "),
            "{what}: {err}"
        );
        assert!(err.contains(expected), "{what}: {err}");
        assert!(
            err.trim_end()
                .ends_with("; the copy synced before is unchanged"),
            "{what}: {err}"
        );
        assert_eq!(snapshot(&home.source()), before, "{what}");
        assert_eq!(leftovers(&home.sources()), ["cnpe-community"], "{what}");
    }
    assert!(!home.sources().join("../evil").exists());
    assert!(!Path::new("/tmp/paap-absolute-evil").exists());
}

fn archive(tarball: Tarball) -> Reply {
    Reply::Archive {
        body: tarball.gz(),
        etag: None,
    }
}

#[test]
fn a_first_sync_that_fails_leaves_nothing_behind() {
    let server = Server::start();
    let home = Home::new(&server, "");
    server.set("/cnpe.tar.gz", Reply::Status(404));
    let (code, out, err) = home.sync(&[]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "paap: sync cnpe-community failed: the server answered 404 Not Found for {}; nothing was kept\n",
            server.url("/cnpe.tar.gz")
        )
    );
    assert!(!home.source().exists());
    assert_eq!(leftovers(&home.sources()), Vec::<String>::new());
}

#[test]
fn plain_http_needs_the_flag_and_redirects_keep_their_scheme() {
    let server = Server::start();
    good(&server);
    let home = Home::new(&server, "");
    let output = home.paap().arg("sync").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("is plain http; paap fetches https only (--insecure-http allows it)"),
        "{err}"
    );
    assert!(
        server.log().is_empty(),
        "nothing is fetched: {:?}",
        server.log()
    );

    // A redirect to https from http is refused without following it.
    server.set(
        "/cnpe.tar.gz",
        Reply::Redirect(format!(
            "https://127.0.0.1:{}/elsewhere.tar.gz",
            server.port()
        )),
    );
    let (code, _, err) = home.sync(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("redirected to https://127.0.0.1:"), "{err}");
    assert!(err.contains("another scheme"), "{err}");
    assert_eq!(server.log(), ["GET /cnpe.tar.gz -> 302"]);

    // Within one scheme a redirect is followed.
    server.set("/cnpe.tar.gz", Reply::Redirect("/moved.tar.gz".to_string()));
    server.set(
        "/moved.tar.gz",
        Reply::Archive {
            body: community_archive("Moved."),
            etag: None,
        },
    );
    let (code, out, err) = home.sync(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("cnpe-community: synced 6 files"), "{out}");
    assert_eq!(
        server.log(),
        [
            "GET /cnpe.tar.gz -> 302",
            "GET /cnpe.tar.gz -> 302",
            "GET /moved.tar.gz -> 200"
        ]
    );
}

#[test]
fn the_proxy_from_the_environment_is_used_unless_no_proxy_names_the_host() {
    let server = Server::start();
    good(&server);
    let home = Home::new(&server, "");
    // The host exists nowhere: only the proxy can answer for it (it is not looked up).
    let output = home
        .paap()
        .env("HTTPS_PROXY", format!("http://127.0.0.1:{}", server.port()))
        .args(["sync", "--insecure-http", "--name", "proxied"])
        .arg("http://paap-test.invalid/cnpe.tar.gz")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert_eq!(
        server.log(),
        ["CONNECT paap-test.invalid:80", "GET /cnpe.tar.gz -> 200"]
    );

    // NO_PROXY: straight to the server, though the proxy named is not there at all.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_port = dead.local_addr().unwrap().port();
    drop(dead);
    let output = home
        .paap()
        .env("HTTPS_PROXY", format!("http://127.0.0.1:{dead_port}"))
        .env("NO_PROXY", "127.0.0.1")
        .args(["sync", "--insecure-http"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert_eq!(server.log().len(), 3);
}

#[test]
fn ctrl_c_stops_the_download_and_keeps_the_first_copy() {
    let server = Server::start();
    good(&server);
    let home = Home::new(&server, "");
    assert_eq!(home.sync(&[]).0, 0);
    let before = snapshot(&home.source());

    let full = community_archive("Another post.");
    let gate = Gate::default();
    server.set(
        "/cnpe.tar.gz",
        Reply::Gated {
            first: full[..64].to_vec(),
            rest: full[64..].to_vec(),
            gate: gate.clone(),
        },
    );
    let child = home
        .command()
        .args(["sync", "--insecure-http"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The second request is under way: paap has set its Ctrl-C handler and is reading.
    server.wait_for_requests(2);
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    // The next bytes wake the read; paap sees the interrupt and stops.
    gate.open();
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(
        err,
        "paap: sync cnpe-community failed: interrupted; the copy synced before is unchanged\n"
    );
    assert_eq!(snapshot(&home.source()), before);
    assert_eq!(leftovers(&home.sources()), ["cnpe-community"]);
}

#[test]
fn list_and_remove() {
    let server = Server::start();
    good(&server);
    let home = Home::new(&server, "");
    let output = home.paap().args(["sync", "--list"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "No sources synced yet; `paap sync` fetches the configured ones into {}\n",
            home.sources().display()
        )
    );
    assert_eq!(home.sync(&[]).0, 0);
    let text = home.stdout(&["sync", "--list"]);
    assert!(
        text.starts_with("cnpe-community  commit 0123456789ab  313 B in 6 files  fetched "),
        "{text}"
    );
    assert!(
        text.trim_end().ends_with(&server.url("/cnpe.tar.gz")),
        "{text}"
    );
    let listed: Value = serde_json::from_str(&home.stdout(&["sync", "--list", "--json"])).unwrap();
    assert_eq!(listed[0]["name"], "cnpe-community");
    assert_eq!(listed[0]["bytes"], 313);

    let output = home
        .paap()
        .args(["sync", "--remove", "cnpe-community"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("cnpe-community: removed {}\n", home.source().display())
    );
    assert!(!home.source().exists());
    let output = home
        .paap()
        .args(["sync", "--remove", "cnpe-community"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("no synced source named \"cnpe-community\""),
    );
}

#[test]
fn synced_documents_load_beside_the_summaries() {
    let server = Server::start();
    good(&server);
    let home = Home::new(&server, "");
    assert_eq!(home.sync(&[]).0, 0);

    let docs: Value = serde_json::from_str(&home.stdout(&["list", "--json"])).unwrap();
    let synced: Vec<(String, String, String)> = docs
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["origin"]["type"] == "source")
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["origin"]["path"].as_str().unwrap().to_string(),
                d["format"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut synced = synced;
    synced.sort();
    assert_eq!(
        synced,
        [
            ("README.md", "platform-as-a-product", "markdown"),
            ("_index.md", "website/content/en", "markdown"),
            (
                "blog/announce-paap-survey.md",
                "website/content/en",
                "markdown"
            ),
            (
                "research-data/interview-01.txt",
                "platform-as-a-product",
                "text"
            ),
            ("research-data/survey.csv", "platform-as-a-product", "csv"),
        ]
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
    let bundled =
        docs.as_array().unwrap().iter().find(|d| {
            d["id"] == "blog/announce-paap-survey.md" && d["origin"]["type"] == "bundled"
        });
    assert!(bundled.is_some());

    // The summary names its offline original; the original names its summary.
    let text = home.stdout(&["show", "blog/announce-paap-survey.md"]);
    assert!(
        text.contains("Offline original: cnpe-community:blog/announce-paap-survey.md"),
        "{text}"
    );
    let text = home.stdout(&["show", "cnpe-community:blog/announce-paap-survey.md"]);
    assert!(text.contains("Call for participation"), "{text}");
    assert!(
        text.contains("Summary: blog/announce-paap-survey.md"),
        "{text}"
    );

    // A transcript shows as written; the survey as one section per question.
    let text = home.stdout(&["show", "cnpe-community:research-data/interview-01.txt"]);
    assert!(
        text.contains("Interviewer: What is a *platform*?"),
        "{text}"
    );
    assert!(text.contains("Engineer: # not a heading"), "{text}");
    let text = home.stdout(&["show", "cnpe-community:research-data/survey.csv"]);
    assert!(text.contains("3 responses to 2 questions."), "{text}");
    assert!(text.contains("Engineer: 2 (67%)"), "{text}");

    // Search covers them; --no-sources hides them.
    let text = home.stdout(&["search", "heading"]);
    assert!(
        text.contains("cnpe-community:research-data/interview-01.txt"),
        "{text}"
    );
    let docs: Value =
        serde_json::from_str(&home.stdout(&["--no-sources", "list", "--json"])).unwrap();
    assert!(
        docs.as_array()
            .unwrap()
            .iter()
            .all(|d| d["origin"]["type"] == "bundled")
    );
}
