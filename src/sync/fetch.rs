//! One HTTP download into a file: bounded timeouts, the proxy from the environment, an
//! ETag sent back so an unchanged archive is not downloaded again, and redirects followed
//! only within the same scheme.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::{Options, Progress, SyncError};

/// Redirects followed before giving up (GitHub uses one, from github.com to codeload).
const MAX_REDIRECTS: usize = 10;

/// What the server sent.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the copy we have is current.
    NotModified,
    /// 200: the body is in the file.
    Body { etag: Option<String>, bytes: u64 },
}

/// Downloads `url` into `into`. `etag` (from the last sync) is sent as `If-None-Match`.
pub fn download(
    url: &str,
    etag: Option<&str>,
    into: &Path,
    options: &Options,
    progress: &mut dyn Progress,
    interrupted: &AtomicBool,
) -> Result<Fetched, SyncError> {
    let scheme = scheme_of(url)?;
    if scheme == "http" && !options.allow_http {
        return Err(SyncError::Refused(format!(
            "{url} is plain http; paap fetches https only (--insecure-http allows it)"
        )));
    }
    // Proxy: ureq's default reads ALL_PROXY, HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(options.connect_timeout))
        .timeout_per_read(Some(options.idle_timeout))
        .timeout_per_write(Some(options.idle_timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("paap/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut current = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let mut request = agent.get(&current);
        if let Some(etag) = etag {
            request = request.header("If-None-Match", etag);
        }
        let response = request
            .call()
            .map_err(|e| request_error(&current, e, options))?;
        let status = response.status().as_u16();
        match status {
            200 => {
                let etag = header(&response, "etag");
                let (_, body) = response.into_parts();
                let total = body.content_length();
                let bytes = save_body(body, total, into, options, progress, interrupted)?;
                return Ok(Fetched::Body { etag, bytes });
            }
            304 => return Ok(Fetched::NotModified),
            301 | 302 | 303 | 307 | 308 => {
                let location = header(&response, "location").ok_or_else(|| {
                    SyncError::Http(format!(
                        "{current} answered {status} without a Location to go to"
                    ))
                })?;
                let next = join_location(&current, &location);
                if scheme_of(&next).ok() != Some(scheme) {
                    return Err(SyncError::Refused(format!(
                        "{current} redirected to {}, another scheme",
                        printable(&next)
                    )));
                }
                current = next;
            }
            _ => {
                let reason = response
                    .status()
                    .canonical_reason()
                    .map(|r| format!(" {r}"))
                    .unwrap_or_default();
                return Err(SyncError::Http(format!(
                    "the server answered {status}{reason} for {current}"
                )));
            }
        }
    }
    Err(SyncError::Http(format!(
        "more than {MAX_REDIRECTS} redirects from {url}"
    )))
}

fn header(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    let value = response.headers().get(name)?.to_str().ok()?;
    Some(value.to_string())
}

/// Streams the body into `into`, at most the unpacked-size cap (an archive never shrinks
/// when unpacked, so a bigger download could not fit anyway).
fn save_body(
    body: ureq::Body,
    total: Option<u64>,
    into: &Path,
    options: &Options,
    progress: &mut dyn Progress,
    interrupted: &AtomicBool,
) -> Result<u64, SyncError> {
    let cap = options.max_unpacked_bytes;
    if let Some(total) = total
        && total > cap
    {
        return Err(SyncError::Cap(format!(
            "the archive is {} to download, over the {} cap",
            megabytes(total),
            megabytes(cap)
        )));
    }
    let file = File::create(into).map_err(|e| SyncError::io("cannot create", into, e))?;
    let mut file = BufWriter::new(file);
    let mut reader = body.into_reader();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut received = 0u64;
    progress.started(total);
    loop {
        if interrupted.load(Ordering::Relaxed) {
            return Err(SyncError::Interrupted);
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(body_error(e, received, total, options)),
        };
        received += n as u64;
        if received > cap {
            return Err(SyncError::Cap(format!(
                "the download passed the {} cap",
                megabytes(cap)
            )));
        }
        file.write_all(&chunk[..n])
            .map_err(|e| SyncError::io("cannot write", into, e))?;
        progress.advanced(n as u64);
    }
    file.into_inner()
        .map_err(|e| SyncError::io("cannot write", into, e.into_error()))?
        .sync_all()
        .map_err(|e| SyncError::io("cannot write", into, e))?;
    progress.finished();
    Ok(received)
}

fn request_error(url: &str, error: ureq::Error, options: &Options) -> SyncError {
    let host = format!("{}{}", host_of(url), through_proxy(url));
    match error {
        ureq::Error::Timeout(ureq::Timeout::Connect) => SyncError::Timeout(format!(
            "no connection to {host} within {}",
            seconds(options.connect_timeout)
        )),
        ureq::Error::Timeout(_) => SyncError::Timeout(format!(
            "{host} sent nothing for {}",
            seconds(options.idle_timeout)
        )),
        ureq::Error::HostNotFound => {
            SyncError::Network(format!("{host} was not found (DNS); check the network"))
        }
        ureq::Error::Io(io) => SyncError::Network(format!("cannot reach {host}: {io}")),
        ureq::Error::ConnectionFailed => {
            SyncError::Network(format!("cannot connect to {host}; check the network"))
        }
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
            SyncError::Network(format!("TLS with {host} failed: {error}"))
        }
        other => SyncError::Http(format!("{url}: {other}")),
    }
}

/// ` through the proxy HOST:PORT` when the environment's proxy is used for `url`.
fn through_proxy(url: &str) -> String {
    let Ok(uri) = url.parse::<ureq::http::Uri>() else {
        return String::new();
    };
    match ureq::Proxy::try_from_env() {
        Some(proxy) if !proxy.is_no_proxy(&uri) => {
            format!(" through the proxy {}:{}", proxy.host(), proxy.port())
        }
        _ => String::new(),
    }
}

fn body_error(
    error: std::io::Error,
    received: u64,
    total: Option<u64>,
    options: &Options,
) -> SyncError {
    let cause = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<ureq::Error>());
    let stalled = matches!(
        cause,
        Some(ureq::Error::Timeout(_)) | Some(ureq::Error::BodyStalled)
    ) || error.kind() == std::io::ErrorKind::TimedOut;
    let got = match total {
        Some(total) => format!("{} of {}", megabytes(received), megabytes(total)),
        None => megabytes(received),
    };
    if stalled {
        SyncError::Timeout(format!(
            "the download stalled: nothing for {} after {got}",
            seconds(options.idle_timeout)
        ))
    } else {
        SyncError::Network(format!("the download broke off after {got}: {error}"))
    }
}

/// `https` or `http`, lowercased; anything else is refused.
fn scheme_of(url: &str) -> Result<&'static str, SyncError> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") {
        Ok("https")
    } else if lower.starts_with("http://") {
        Ok("http")
    } else {
        Err(SyncError::Refused(format!(
            "{} is not an http(s) URL",
            printable(url)
        )))
    }
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// A `Location` header resolved against the URL that sent it.
fn join_location(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(path) = location.strip_prefix("//") {
        return format!("{scheme}://{path}");
    }
    let host = host_of(base);
    if location.starts_with('/') {
        return format!("{scheme}://{host}{location}");
    }
    let path = rest[host.len()..].split(['?', '#']).next().unwrap_or("");
    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
    format!("{scheme}://{host}{folder}/{location}")
}

/// A URL from a server, with control characters escaped before it reaches a terminal.
fn printable(text: &str) -> String {
    text.chars().flat_map(char::escape_debug).collect()
}

/// Megabytes as the caps count them (10⁶ bytes), one decimal.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A size as a person reads it: `512 B`, `12.3 kB`, `4.5 MB` (powers of 1000, as the caps).
pub fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => megabytes(bytes),
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_url_that_sent_them() {
        let base = "https://github.com/o/r/archive/main.tar.gz?x=1";
        assert_eq!(
            join_location(base, "https://codeload.github.com/o/r/tar.gz/main"),
            "https://codeload.github.com/o/r/tar.gz/main"
        );
        assert_eq!(
            join_location(base, "/o/r/other.tar.gz"),
            "https://github.com/o/r/other.tar.gz"
        );
        assert_eq!(
            join_location(base, "next.tar.gz"),
            "https://github.com/o/r/archive/next.tar.gz"
        );
        assert_eq!(
            join_location(base, "//cdn.example/x"),
            "https://cdn.example/x"
        );
        assert_eq!(host_of("http://127.0.0.1:80/x?y"), "127.0.0.1:80");
    }

    #[test]
    fn only_http_schemes_are_fetched() {
        assert_eq!(scheme_of("HTTPS://x/y").unwrap(), "https");
        assert_eq!(scheme_of("http://x/y").unwrap(), "http");
        assert!(scheme_of("ftp://x/y").is_err());
        assert!(scheme_of("file:///etc/passwd").is_err());
    }
}
