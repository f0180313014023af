//! What a source names: `github:OWNER/REPO[@REF][:PATH]` or the URL of a tarball, the
//! source's name on disk, and the paths kept from its archive. Pure text rules, shared by
//! the config file and `paap sync`.

/// Where a source's tarball comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A GitHub repository at a branch, tag or commit (`None`: the `main` branch).
    GitHub {
        owner: String,
        repo: String,
        reference: Option<String>,
    },
    /// Any `https` (or, with `--insecure-http`, `http`) URL of a `.tar.gz`.
    Tarball(String),
}

/// A source as written, split: where it is, and the one path to keep when one was given
/// (`github:o/r:docs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub location: Location,
    pub path: Option<String>,
}

impl Location {
    /// Reads `github:OWNER/REPO[@REF][:PATH]` or an `http(s)://` URL.
    pub fn parse(text: &str) -> Result<Written, String> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix("github:") {
            return parse_github(rest);
        }
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err("a URL cannot hold spaces or control characters".to_string());
            }
            let after_scheme = &text[text.find("://").map_or(0, |i| i + 3)..];
            if after_scheme.is_empty() || after_scheme.starts_with('/') {
                return Err(format!("{text} names no host"));
            }
            return Ok(Written {
                location: Location::Tarball(text.to_string()),
                path: None,
            });
        }
        Err(format!(
            "\"{}\" is neither github:OWNER/REPO[@REF] nor an https URL of a .tar.gz",
            text.escape_debug()
        ))
    }

    /// The URL the tarball is downloaded from. GitHub serves any branch, tag or commit
    /// at `codeload.github.com/OWNER/REPO/tar.gz/REF`.
    pub fn download_url(&self) -> String {
        match self {
            Location::GitHub {
                owner,
                repo,
                reference,
            } => format!(
                "https://codeload.github.com/{owner}/{repo}/tar.gz/{}",
                reference.as_deref().unwrap_or("refs/heads/main")
            ),
            Location::Tarball(url) => url.clone(),
        }
    }

    /// `OWNER/REPO` for a GitHub source: its summaries' `github.com/OWNER/REPO/tree/…`
    /// links name files in it.
    pub fn repo(&self) -> Option<String> {
        match self {
            Location::GitHub { owner, repo, .. } => Some(format!("{owner}/{repo}")),
            Location::Tarball(_) => None,
        }
    }

    /// The name a one-off source gets on disk: the repository's, or the tarball's file
    /// name without its extension.
    pub fn default_name(&self) -> String {
        let name = match self {
            Location::GitHub { repo, .. } => repo.clone(),
            Location::Tarball(url) => {
                let path = url.split(['?', '#']).next().unwrap_or(url);
                let file = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                let stem = [".tar.gz", ".tgz", ".gz"]
                    .iter()
                    .find_map(|ext| file.strip_suffix(ext))
                    .unwrap_or(file);
                stem.chars()
                    .map(|c| if is_name_char(c) { c } else { '-' })
                    .collect::<String>()
                    .trim_start_matches(['.', '-'])
                    .to_string()
            }
        };
        if check_name(&name).is_ok() {
            name
        } else {
            "source".to_string()
        }
    }
}

fn parse_github(rest: &str) -> Result<Written, String> {
    let usage = "expected github:OWNER/REPO[@REF][:PATH]";
    let (spec, path) = match rest.split_once(':') {
        Some((spec, path)) => (spec, Some(check_kept_path(path)?)),
        None => (rest, None),
    };
    let (repo_part, reference) = match spec.split_once('@') {
        Some((repo, reference)) => (repo, Some(reference)),
        None => (spec, None),
    };
    let Some((owner, repo)) = repo_part.split_once('/') else {
        return Err(format!("{usage}, found github:{}", rest.escape_debug()));
    };
    let plain = |s: &str| !s.is_empty() && s.chars().all(is_name_char) && !s.starts_with('.');
    if !plain(owner) || !plain(repo) {
        return Err(format!(
            "{usage}: owner and repository are letters, digits, '.', '_' or '-', found github:{}",
            rest.escape_debug()
        ));
    }
    if let Some(reference) = reference {
        let fine = !reference.is_empty()
            && reference.chars().all(|c| is_name_char(c) || c == '/')
            && !reference.split('/').any(|s| s.is_empty() || s == "..");
        if !fine {
            return Err(format!(
                "\"{}\" is not a branch, tag or commit name",
                reference.escape_debug()
            ));
        }
    }
    Ok(Written {
        location: Location::GitHub {
            owner: owner.to_string(),
            repo: repo.to_string(),
            reference: reference.map(str::to_string),
        },
        path,
    })
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// A source's name is its folder's name: 1 to 64 letters, digits, '.', '_' or '-', not
/// starting with '.' or '-' (paap's own temporary folders start with '.').
pub fn check_name(name: &str) -> Result<(), String> {
    let fine = (1..=64).contains(&name.len())
        && name.chars().all(is_name_char)
        && !name.starts_with(['.', '-']);
    if fine {
        Ok(())
    } else {
        Err(format!(
            "\"{}\" is not a source name: use 1 to 64 letters, digits, '.', '_' or '-', \
             not starting with '.' or '-'",
            name.escape_debug()
        ))
    }
}

/// A path kept from an archive, relative to the repository's top: `/`-separated, no `.`,
/// `..` or empty parts. Returned without a trailing slash.
pub fn check_kept_path(path: &str) -> Result<String, String> {
    let trimmed = path.trim().trim_end_matches('/');
    let fine = !trimmed.is_empty()
        && !trimmed.starts_with('/')
        && !trimmed.contains('\\')
        && !trimmed.chars().any(char::is_control)
        && trimmed
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if fine {
        Ok(trimmed.to_string())
    } else {
        Err(format!(
            "\"{}\" is not a path inside the archive: give a relative path such as \
             \"website/content/en\", without \"..\"",
            path.escape_debug()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github(text: &str) -> Written {
        Location::parse(text).unwrap()
    }

    #[test]
    fn github_sources_name_a_codeload_tarball() {
        let written = github("github:Cloud-Native-Platform-Engineering/cnpe-community");
        assert_eq!(written.path, None);
        assert_eq!(
            written.location.download_url(),
            "https://codeload.github.com/Cloud-Native-Platform-Engineering/cnpe-community/tar.gz/refs/heads/main"
        );
        assert_eq!(
            written.location.repo().as_deref(),
            Some("Cloud-Native-Platform-Engineering/cnpe-community")
        );
        assert_eq!(written.location.default_name(), "cnpe-community");

        let written = github("github:o/r@v1.2:docs/en/");
        assert_eq!(written.path.as_deref(), Some("docs/en"));
        assert_eq!(
            written.location.download_url(),
            "https://codeload.github.com/o/r/tar.gz/v1.2"
        );
        let written = github("github:o/r@feature/x");
        assert!(
            written
                .location
                .download_url()
                .ends_with("/tar.gz/feature/x")
        );
    }

    #[test]
    fn bad_github_sources_say_what_is_expected() {
        for text in [
            "github:nothing",
            "github:/r",
            "github:o/",
            "github:o/r@",
            "github:o/r@a/../b",
            "github:o/r@x y",
            "github:o/r:../up",
            "github:o/r:/abs",
            "github:o b/r",
            "ftp://x/y.tar.gz",
            "https://",
            "https:///path",
            "example.com/x.tar.gz",
        ] {
            assert!(Location::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn tarball_names_come_from_the_file() {
        let name = |url: &str| github(url).location.default_name();
        assert_eq!(name("https://example.com/a/site-1.0.tar.gz"), "site-1.0");
        assert_eq!(name("https://example.com/x.tgz?token=1"), "x");
        assert_eq!(name("https://example.com/"), "example.com");
        assert_eq!(name("https://example.com/.hidden.tar.gz"), "hidden");
        assert_eq!(name("https://example.com/%%%.tar.gz"), "source");
    }

    #[test]
    fn names_and_kept_paths() {
        assert!(check_name("cnpe-community").is_ok());
        for bad in ["", ".x", "-x", "a/b", "a b", "é", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_kept_path("website/static/").unwrap(),
            "website/static"
        );
        for bad in [
            "", "/", "/etc", "a/../b", "./a", "a//b", "a\\b", "..", "a\u{1b}",
        ] {
            assert!(check_kept_path(bad).is_err(), "{bad:?}");
        }
    }
}
