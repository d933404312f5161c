//! The breached-password range API on the wire: `GET {base}{PREFIX}` with
//! `Add-Padding: true`, read up to the size of a range, and the ranges kept a while. Which
//! range to ask for and what the answer says are the core's (`twofold::BreachQuery`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Url;
use twofold::BreachQuery;

/// Where the range API is and how long it may take.
#[derive(Clone, Debug)]
pub struct RangeApi {
    /// Its base URL: the operator's, never a tenant's. `None` when the operator set none.
    pub base: Option<Url>,
    /// The longest a request may take, connection included.
    pub timeout: Duration,
}

impl RangeApi {
    /// What a request may take when the operator does not say: a sign-up waits this long at
    /// most for an answer before the tenant's choice (accept or refuse) applies.
    pub const TIMEOUT: Duration = Duration::from_millis(2000);
}

impl Default for RangeApi {
    fn default() -> Self {
        Self { base: None, timeout: Self::TIMEOUT }
    }
}

/// Why no range came back.
#[derive(Debug)]
pub enum RangeError {
    /// No range API is configured.
    Unconfigured,
    /// It did not answer in time, or the connection failed.
    Unreachable(String),
    /// It answered with another status than 200.
    Status(u16),
    /// The answer is not a range: too large, not text, or a line the core cannot read.
    Malformed(String),
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unconfigured => f.write_str("no --breach-api is configured"),
            Self::Unreachable(why) => write!(f, "the range API did not answer: {why}"),
            Self::Status(status) => write!(f, "the range API answered HTTP {status}"),
            Self::Malformed(why) => write!(f, "the range API's answer is not a range: {why}"),
        }
    }
}

/// Asks for the range of `query`, with padding, and reads at most a range's size of answer.
///
/// # Errors
///
/// [`RangeError`], saying what went wrong, for the log.
pub async fn fetch(
    http: &reqwest::Client,
    api: &RangeApi,
    query: &BreachQuery,
) -> Result<String, RangeError> {
    let base = api.base.as_ref().ok_or(RangeError::Unconfigured)?;
    let url = query.range_url(base.as_str());
    let unreachable = |e: reqwest::Error| RangeError::Unreachable(e.to_string());
    let request = http.get(&url).header("Add-Padding", "true").timeout(api.timeout);
    let mut response = request.send().await.map_err(unreachable)?;
    if response.status() != reqwest::StatusCode::OK {
        return Err(RangeError::Status(response.status().as_u16()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
        if body.len() + chunk.len() > BreachQuery::MAX_RANGE_BYTES {
            return Err(RangeError::Malformed(format!("more than {} bytes", BreachQuery::MAX_RANGE_BYTES)));
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).map_err(|_| RangeError::Malformed("not UTF-8".to_owned()))
}

/// Ranges recently read, by URL, in this process. They are public data, the same for every
/// instance, so nothing has to agree between instances: another instance's miss costs one
/// request, no more. Bounded in bytes and in age.
#[derive(Debug)]
pub struct RangeCache {
    entries: Mutex<HashMap<String, Entry>>,
    max_bytes: usize,
    max_age_seconds: i64,
}

#[derive(Debug)]
struct Entry {
    body: Arc<str>,
    fetched_at: i64,
}

impl RangeCache {
    /// At most 16 MiB: some four hundred ranges of 40 KiB, more than a busy hour of new
    /// passwords asks for (a retyped password, a retried form, people of one tenant picking
    /// alike). An hour: the corpus grows by whole breaches, months apart.
    pub const DEFAULT_BYTES: usize = 16 * 1024 * 1024;
    /// How long a range is kept, in seconds.
    pub const DEFAULT_AGE_SECONDS: i64 = 3600;

    /// An empty cache of at most `max_bytes` of ranges, each kept `max_age_seconds`.
    pub fn new(max_bytes: usize, max_age_seconds: i64) -> Self {
        Self { entries: Mutex::new(HashMap::new()), max_bytes, max_age_seconds }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The range kept for `url`, if it is young enough at `now` (unix seconds).
    pub fn get(&self, url: &str, now: i64) -> Option<Arc<str>> {
        let entries = self.lock();
        let entry = entries.get(url)?;
        (now - entry.fetched_at < self.max_age_seconds && entry.fetched_at <= now).then(|| entry.body.clone())
    }

    /// Keeps `body` for `url`, read at `now`: the old ranges go first, then the oldest,
    /// until it fits. A range larger than the whole cache is not kept.
    pub fn put(&self, url: &str, body: Arc<str>, now: i64) {
        if body.len() > self.max_bytes {
            return;
        }
        let mut entries = self.lock();
        entries.remove(url);
        entries.retain(|_, e| now - e.fetched_at < self.max_age_seconds);
        let mut used: usize = entries.values().map(|e| e.body.len()).sum();
        while used + body.len() > self.max_bytes {
            let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.fetched_at).map(|(k, _)| k.clone())
            else {
                break;
            };
            used -= entries.remove(&oldest).map_or(0, |e| e.body.len());
        }
        entries.insert(url.to_owned(), Entry { body, fetched_at: now });
    }

    /// How many ranges are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for RangeCache {
    fn default() -> Self {
        Self::new(Self::DEFAULT_BYTES, Self::DEFAULT_AGE_SECONDS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_kept_an_hour_and_within_their_bytes() {
        let cache = RangeCache::new(10, 3600);
        cache.put("a", "12345".into(), 0);
        assert_eq!(cache.get("a", 3599).as_deref(), Some("12345"));
        assert_eq!(cache.get("a", 3600), None, "an hour old");
        cache.put("b", "123".into(), 10);
        cache.put("c", "1234".into(), 20);
        assert_eq!(
            (cache.get("a", 30), cache.get("b", 30).as_deref()),
            (None, Some("123")),
            "the oldest went"
        );
        cache.put("d", "12345678901".into(), 30);
        assert_eq!(cache.get("d", 30), None, "larger than the cache: not kept");
        assert_eq!(cache.len(), 2);
        cache.put("e", "1".into(), 5000);
        assert_eq!(cache.len(), 1, "the old ones went first");
    }
}
