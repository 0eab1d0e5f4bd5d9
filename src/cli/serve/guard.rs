//! Who may talk to the server: only pages and scripts that address it by its own name.
//!
//! A web page elsewhere can make a browser send requests to 127.0.0.1, directly (cross-site:
//! the `Origin` header names the other site) or through a DNS name it rebinds to 127.0.0.1
//! (the `Host` header names that domain). Either is refused with 403 before a handler runs.
//! Requests without `Origin` (curl, scripts, same-origin navigation) pass when `Host` is right.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::api::error;

/// The host part of a URL for `addr` (IPv6 in brackets).
pub fn url_host(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V4(a) => format!("{}:{}", a.ip(), a.port()),
        SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
    }
}

/// The `Host` values that name this server: its address, `localhost` and the loopback
/// addresses when it listens there (or on every interface), and `--allow-host` names; all with
/// its port, lowercase.
pub fn own_hosts(addr: SocketAddr, allowed: &[String]) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![url_host(addr)];
    if addr.ip().is_loopback() || addr.ip().is_unspecified() {
        for h in ["localhost", "127.0.0.1", "[::1]"] {
            hosts.push(format!("{h}:{port}"));
        }
    }
    hosts.extend(allowed.iter().map(|h| format!("{h}:{port}")));
    for h in &mut hosts {
        h.make_ascii_lowercase();
    }
    hosts.sort();
    hosts.dedup();
    hosts
}

/// Whether a `Host` header value names this server (a browser leaves out port 80 for http).
fn is_own_host(hosts: &[String], host: &str) -> bool {
    let host = host.trim().to_ascii_lowercase();
    hosts.iter().any(|h| *h == host || h.strip_suffix(":80") == Some(host.as_str()))
}

/// Refuse a request whose `Host` or `Origin` is not this server's own.
pub async fn same_origin(State(state): State<Arc<super::State>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !is_own_host(&state.hosts, host) {
        let shown: String = host.chars().take(100).collect();
        return error(
            StatusCode::FORBIDDEN,
            format!(
                "Host {shown:?} is not this server's address; open the page at the address `toponym serve` printed"
            ),
        );
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own =
            origin.to_str().ok().and_then(|o| o.strip_prefix("http://")).is_some_and(|o| is_own_host(&state.hosts, o));
        if !own {
            let shown: String = String::from_utf8_lossy(origin.as_bytes()).chars().take(100).collect();
            return error(StatusCode::FORBIDDEN, format!("cross-site request from {shown:?} refused"));
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_that_name_the_server() {
        let local: SocketAddr = "127.0.0.1:8080".parse().expect("an address");
        let hosts = own_hosts(local, &["Newsroom-PC".into()]);
        let rows: &[(&str, bool)] = &[
            ("127.0.0.1:8080", true),
            ("localhost:8080", true),
            ("LOCALHOST:8080", true),
            ("[::1]:8080", true),
            ("newsroom-pc:8080", true),
            ("127.0.0.1:8081", false),
            ("localhost", false),
            ("evil.example:8080", false),
            ("127.0.0.1.evil.example:8080", false),
            ("", false),
        ];
        for (host, want) in rows {
            assert_eq!(is_own_host(&hosts, host), *want, "Host {host:?}");
        }
        let port80 = own_hosts("127.0.0.1:80".parse().expect("an address"), &[]);
        assert!(is_own_host(&port80, "localhost"), "port 80 may be left out");
    }
}
