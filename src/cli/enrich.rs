//! `--with` and `--fetch`: enrich the catalogue before it is written.

use anyhow::Result;
use papercat_core::Catalogue;

use super::{output, EnrichArgs};

impl EnrichArgs {
    /// Enrich the catalogue from the given sources, then (with --fetch) from the online
    /// services for what is still missing; returns it and the report, if any.
    pub(super) fn apply(
        &self,
        cat: Catalogue,
    ) -> Result<(Catalogue, Option<papercat_enrich::Report>)> {
        let opts = papercat_enrich::Options {
            prefer_source: self.prefer_source,
        };
        let (mut cat, mut report) = if self.sources.is_empty() {
            (cat, None)
        } else {
            let needs = papercat_enrich::Needs::of(&cat);
            let sources = self
                .sources
                .iter()
                .map(|p| papercat_enrich::Source::open(p, self.source_kind, &needs))
                .collect::<Result<Vec<_>, _>>()?;
            let (cat, report) = papercat_enrich::enrich(cat, &sources, &opts);
            (cat, Some(report))
        };
        if self.fetch {
            // Ctrl-C while fetching: cache entries are renamed into place whole, and no
            // output has been staged yet; exit 130 at once.
            output::remove_staged_on_interrupt();
            let fetched = papercat_fetch::fetch(&cat, &self.fetch_options());
            eprint!("{}", fetched.summary);
            let (mut online, r) = papercat_enrich::enrich(cat, &fetched.sources, &opts);
            online.diagnostics.extend(fetched.diagnostics);
            report = Some(match report {
                None => r,
                Some(mut first) => {
                    first.sources.extend(r.sources);
                    first.without_authors = r.without_authors;
                    first.without_year = r.without_year;
                    first
                }
            });
            cat = online;
        }
        Ok((cat, report))
    }

    /// The fetching options: the flags, the PAPERCAT_* endpoints and cache folder, and three
    /// knobs for tests and mirrors (milliseconds): PAPERCAT_ARXIV_SPACING_MS (default 3000),
    /// PAPERCAT_FETCH_TIMEOUT_MS (30000) and PAPERCAT_FETCH_BACKOFF_MS (3000).
    fn fetch_options(&self) -> papercat_fetch::Options {
        use std::io::IsTerminal;
        let ms = |k: &str| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(std::time::Duration::from_millis)
        };
        let d = papercat_fetch::Options::default();
        papercat_fetch::Options {
            endpoints: papercat_fetch::Endpoints::from_env(),
            mode: if self.offline {
                papercat_fetch::Mode::Offline
            } else if self.refresh {
                papercat_fetch::Mode::Refresh
            } else {
                papercat_fetch::Mode::Cached
            },
            mailto: self
                .mailto
                .clone()
                .or_else(|| std::env::var("PAPERCAT_MAILTO").ok())
                .filter(|m| !m.trim().is_empty()),
            arxiv_spacing: ms("PAPERCAT_ARXIV_SPACING_MS").unwrap_or(d.arxiv_spacing),
            timeout: ms("PAPERCAT_FETCH_TIMEOUT_MS").unwrap_or(d.timeout),
            backoff: ms("PAPERCAT_FETCH_BACKOFF_MS").unwrap_or(d.backoff),
            progress: std::io::stderr().is_terminal(),
            ..d
        }
    }
}
