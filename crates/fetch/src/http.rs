//! One blocking HTTP client (ureq with rustls) with spacing between requests and bounded
//! retries: a 429 or 5xx (honouring `Retry-After`), a timeout or a dropped connection is
//! retried with exponential backoff; anything else is final.

use std::time::{Duration, Instant};

/// What one GET came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// 2xx with this body.
    Body(String),
    /// 404 or 410: the service has no such identifier.
    NotFound,
    /// Anything else, after the retries: what went wrong, for a diagnostic.
    Failed(String),
}

/// Longest response body read (a paper's metadata is a few kB; a batch of 100 arXiv entries
/// with abstracts well under 1 MB).
const BODY_LIMIT: u64 = 16 << 20;

/// A client for one service: requests go one at a time, at least `spacing` apart.
pub(crate) struct Client {
    agent: ureq::Agent,
    spacing: Duration,
    backoff: Duration,
    retries: u32,
    max_wait: Duration,
    last: Option<Instant>,
    /// Requests sent (retries included).
    pub requests: u64,
    /// Set when the service could not be reached even after the retries: the rest of its
    /// look-ups are not attempted.
    pub down: Option<String>,
}

impl Client {
    pub(crate) fn new(
        user_agent: &str,
        timeout: Duration,
        spacing: Duration,
        backoff: Duration,
        retries: u32,
        max_wait: Duration,
    ) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(user_agent)
            .max_redirects(5)
            .build();
        Client {
            agent: ureq::Agent::new_with_config(config),
            spacing,
            backoff,
            retries,
            max_wait,
            last: None,
            requests: 0,
            down: None,
        }
    }

    /// Sleep until `spacing` has passed since the last request began.
    fn wait_turn(&mut self) {
        if let Some(last) = self.last {
            let since = last.elapsed();
            if since < self.spacing {
                std::thread::sleep(self.spacing - since);
            }
        }
        self.last = Some(Instant::now());
        self.requests += 1;
    }

    /// GET `url` (accepting `accept`), retrying what is worth retrying.
    pub(crate) fn get(&mut self, url: &str, accept: &str) -> Outcome {
        let mut attempt = 0u32;
        loop {
            self.wait_turn();
            let (why, retry_after) = match self.agent.get(url).header("Accept", accept).call() {
                Ok(mut resp) => {
                    let status = resp.status().as_u16();
                    match status {
                        200..=299 => {
                            return match resp
                                .body_mut()
                                .with_config()
                                .limit(BODY_LIMIT)
                                .read_to_string()
                            {
                                Ok(body) => Outcome::Body(body),
                                Err(e) => Outcome::Failed(format!("cannot read the response: {e}")),
                            }
                        }
                        404 | 410 => return Outcome::NotFound,
                        429 | 500 | 502 | 503 | 504 => {
                            let after = resp
                                .headers()
                                .get("retry-after")
                                .and_then(|v| v.to_str().ok())
                                .and_then(|v| v.trim().parse::<u64>().ok())
                                .map(Duration::from_secs);
                            (format!("HTTP {status}"), after)
                        }
                        _ => return Outcome::Failed(format!("HTTP {status}")),
                    }
                }
                Err(e) => {
                    let transient = matches!(
                        e,
                        ureq::Error::Timeout(_)
                            | ureq::Error::Io(_)
                            | ureq::Error::ConnectionFailed
                            | ureq::Error::BodyStalled
                            | ureq::Error::Protocol(_)
                    );
                    if !transient {
                        return Outcome::Failed(e.to_string());
                    }
                    (e.to_string(), None)
                }
            };
            if attempt >= self.retries {
                let tries = attempt + 1;
                if retry_after.is_none() && !why.starts_with("HTTP ") {
                    self.down = Some(why.clone());
                }
                return Outcome::Failed(format!(
                    "{why} (gave up after {tries} tr{})",
                    if tries == 1 { "y" } else { "ies" }
                ));
            }
            let backoff = self.backoff.saturating_mul(1 << attempt.min(16));
            let wait = retry_after.unwrap_or(backoff);
            if wait > self.max_wait {
                return Outcome::Failed(format!(
                    "{why}; asked to retry after {} s, longer than the {} s papercat waits",
                    wait.as_secs(),
                    self.max_wait.as_secs()
                ));
            }
            std::thread::sleep(wait);
            attempt += 1;
        }
    }
}
