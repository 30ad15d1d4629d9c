//! The one HTTP client of the reporting API, for the console and the simulator: typed GETs
//! with `ETag`/`If-None-Match`, the server's `X-Poll-Interval`, problem+json errors, timeouts
//! (a dead link fails fast instead of hanging), POST helpers with `Idempotency-Key` and
//! `If-Match`, and [`ApiClient::write`], a write that never fails but says what became of it.
//! Every write names its client in `X-Dutydesk-Via`. Every decoded value passes [`Sanitize`]
//! here, once. A body is read in chunks up to a cap (32 MB), errors are classified once
//! (`error`), and HTTPS trusts the system's roots plus `--ca-cert` and `SSL_CERT_FILE` (`tls`).

mod error;
mod reminders;
mod response;
mod tls;

use std::path::PathBuf;
use std::time::Duration;

use reqwest::{Method, StatusCode, header};
use serde::{Serialize, de::DeserializeOwned};
use uuid::Uuid;

use crate::api::headers::{self, IDEMPOTENCY_KEY, POLL_INTERVAL, VIA};
use crate::api::sanitize::Sanitize;
use crate::api::triage::TriageRequest;
use crate::api::types::*;
use crate::api::write_outcome::{WriteOutcome, classify};

use error::transport;
pub use error::{Cause, ClientError, TlsCause, status_is_offline};
pub use response::MAX_BODY_BYTES;
use response::{decode, read_capped};

/// How a client connects: its timeouts, the roots it adds and its body cap.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// The whole-request timeout (connect, send, and the whole body).
    pub timeout: Duration,
    /// The connect timeout (at most the request timeout).
    pub connect_timeout: Duration,
    /// A PEM file of CA certificates to trust besides the system's (`--ca-cert`).
    pub ca_cert: Option<PathBuf>,
    /// The largest body read, in bytes; past it a request fails with [`ClientError::TooLarge`].
    pub max_body: u64,
    /// The client's name in `X-Dutydesk-Via` and the `User-Agent`.
    pub via: &'static str,
}

impl Default for ClientOptions {
    /// The console's: 10 s per request, 5 s to connect, 32 MB, no extra CA.
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            ca_cert: None,
            max_body: MAX_BODY_BYTES,
            via: Via::Console.as_str(),
        }
    }
}

/// A successful GET.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched<T> {
    /// A new representation.
    Fresh {
        /// The value, sanitised.
        value: T,
        /// Its `ETag`, for the next `If-None-Match`.
        etag: Option<String>,
        /// The poll interval the server asked for in `X-Poll-Interval`, in seconds; `None` without one.
        poll_interval: Option<u64>,
    },
    /// 304: what the caller holds is current.
    NotModified {
        /// The poll interval the server asked for in `X-Poll-Interval`, in seconds; `None` without one.
        poll_interval: Option<u64>,
    },
}

impl<T> Fetched<T> {
    /// The advertised poll interval.
    pub fn poll_interval(&self) -> Option<u64> {
        match self {
            Self::Fresh { poll_interval, .. } | Self::NotModified { poll_interval } => *poll_interval,
        }
    }

    /// The value, when fresh.
    pub fn into_value(self) -> Option<T> {
        match self {
            Self::Fresh { value, .. } => Some(value),
            Self::NotModified { .. } => None,
        }
    }
}

/// A client of one API with one token. Cheap to clone.
#[derive(Debug, Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base: url::Url,
    token: String,
    timeout: Duration,
    max_body: u64,
    via: &'static str,
}

impl ApiClient {
    /// The console's client for `base_url` (e.g. `http://127.0.0.1:8080`; `/api/v1` is added)
    /// with a 10 s request timeout; its writes say `X-Dutydesk-Via: console`.
    pub fn new(base_url: &str, token: &str) -> Result<Self, ClientError> {
        Self::with_timeout(base_url, token, Duration::from_secs(10))
    }

    /// Like [`ApiClient::new`] with a request timeout of its own.
    pub fn with_timeout(base_url: &str, token: &str, timeout: Duration) -> Result<Self, ClientError> {
        Self::with_via(base_url, token, Via::Console.as_str(), timeout)
    }

    /// A client that names itself `via` in `X-Dutydesk-Via` on every write and in its
    /// `User-Agent` (`dutydesk-{via}/{version}`), with a request timeout of its own. The
    /// server records `console` as the console and any other name as `api`.
    pub fn with_via(base_url: &str, token: &str, via: &'static str, timeout: Duration) -> Result<Self, ClientError> {
        let connect_timeout = timeout.min(Duration::from_secs(5));
        Self::with_options(base_url, token, ClientOptions { timeout, connect_timeout, via, ..Default::default() })
    }

    /// A client with options of its own (timeouts, an extra CA file, the body cap).
    pub fn with_options(base_url: &str, token: &str, opts: ClientOptions) -> Result<Self, ClientError> {
        let base = api_base(base_url)?;
        let builder = reqwest::Client::builder()
            .connect_timeout(opts.connect_timeout.min(opts.timeout))
            .user_agent(format!("dutydesk-{}/{}", opts.via, env!("CARGO_PKG_VERSION")));
        let http = tls::with_roots(builder, opts.ca_cert.as_deref())?
            .build()
            .map_err(|e| ClientError::Config(format!("HTTP client: {e}")))?;
        Ok(Self {
            http,
            base,
            token: token.trim().to_string(),
            timeout: opts.timeout,
            max_body: opts.max_body,
            via: opts.via,
        })
    }

    /// `GET /healthz` (beside `/api/v1`, no token): the cheap probe of a link that is down.
    pub async fn healthz(&self) -> Result<(), ClientError> {
        let url = self.base.join("../../healthz").map_err(|e| ClientError::BadUrl(e.to_string()))?;
        let resp = self.http.get(url).timeout(self.timeout).send().await.map_err(transport)?;
        let status = resp.status();
        let _ = read_capped(resp, 64 * 1024).await?;
        if status.is_success() { Ok(()) } else { Err(ClientError::Status(status.as_u16())) }
    }

    /// The API host (and port) for the status line.
    pub fn host(&self) -> String {
        match (self.base.host_str(), self.base.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => self.base.to_string(),
        }
    }

    fn url(&self, path: &str) -> Result<url::Url, ClientError> {
        self.base.join(path.trim_start_matches('/')).map_err(|e| ClientError::BadUrl(e.to_string()))
    }

    /// A typed GET of `path` (relative to `/api/v1`) with a serialisable query; `etag` is sent
    /// as `If-None-Match`.
    pub async fn get<T, Q>(&self, path: &str, query: &Q, etag: Option<&str>) -> Result<Fetched<T>, ClientError>
    where
        T: DeserializeOwned + Sanitize,
        Q: Serialize + ?Sized,
    {
        let mut req = self.http.get(self.url(path)?).bearer_auth(&self.token).timeout(self.timeout).query(query);
        if let Some(tag) = etag {
            req = req.header(header::IF_NONE_MATCH, tag);
        }
        let resp = req.send().await.map_err(transport)?;
        let poll_interval = poll_interval(&resp);
        if resp.status() == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified { poll_interval });
        }
        let etag = resp.headers().get(header::ETAG).and_then(|v| v.to_str().ok()).map(str::to_string);
        let value = decode::<T>(resp, self.max_body).await?;
        Ok(Fetched::Fresh { value, etag, poll_interval })
    }

    async fn get_value<T: DeserializeOwned + Sanitize, Q: Serialize + ?Sized>(
        &self,
        path: &str,
        query: &Q,
    ) -> Result<T, ClientError> {
        match self.get(path, query, None).await? {
            Fetched::Fresh { value, .. } => Ok(value),
            Fetched::NotModified { .. } => Err(ClientError::Decode("304 without If-None-Match".into())),
        }
    }

    /// `GET /me`: who the token belongs to, its role and the server's settings.
    pub async fn me(&self) -> Result<Me, ClientError> {
        self.get_value("me", &()).await
    }

    /// `GET /org`: districts, parks, departments and units, with the server's settings.
    pub async fn org(&self) -> Result<Org, ClientError> {
        self.get_value("org", &()).await
    }

    /// `GET /dashboard` with `If-None-Match`.
    pub async fn dashboard(&self, q: &DashboardQuery, etag: Option<&str>) -> Result<Fetched<Dashboard>, ClientError> {
        self.get("dashboard", q, etag).await
    }

    /// `GET /problems`: one page of the problem queue, filtered and sorted as `q` asks.
    pub async fn problems(&self, q: &ProblemQuery) -> Result<Page<Problem>, ClientError> {
        self.get_value("problems", q).await
    }

    /// `GET /problems/{id}` with its version as `ETag`.
    pub async fn problem(&self, id: i64) -> Result<Problem, ClientError> {
        self.get_value(&format!("problems/{id}"), &()).await
    }

    /// `GET /problems/{id}/timeline`: the problem's history, oldest first.
    pub async fn timeline(&self, id: i64) -> Result<Vec<TimelineEvent>, ClientError> {
        self.get_value(&format!("problems/{id}/timeline"), &()).await
    }

    /// `GET /enterprises`: one page of enterprises, filtered as `q` asks.
    pub async fn enterprises(&self, q: &EnterpriseQuery) -> Result<Page<Enterprise>, ClientError> {
        self.get_value("enterprises", q).await
    }

    /// `GET /enterprises/{id}`: one enterprise with its last 14 days of reports and its problems.
    pub async fn enterprise(&self, id: i64) -> Result<EnterpriseDetail, ClientError> {
        self.get_value(&format!("enterprises/{id}"), &()).await
    }

    /// `GET /officers`: one page of active officers with today's attendance, filtered as `q` asks.
    pub async fn officers(&self, q: &OfficerQuery) -> Result<Page<Officer>, ClientError> {
        self.get_value("officers", q).await
    }

    /// `GET /officers/{id}`: one officer with 14 days of check-ins and reports.
    pub async fn officer(&self, id: i64) -> Result<OfficerDetail, ClientError> {
        self.get_value(&format!("officers/{id}"), &()).await
    }

    /// `GET /changes`: what changed after `q.since`, waiting up to `q.wait` seconds for a change
    /// (keep the wait below the request timeout). A 410 means the cursor is too old: re-read.
    pub async fn changes(&self, q: &ChangesQuery) -> Result<Changes, ClientError> {
        self.get_value("changes", q).await
    }

    /// `GET /reports/overdue` (longest first).
    pub async fn overdue(&self, q: &OverdueQuery) -> Result<Page<OverdueReport>, ClientError> {
        self.get_value("reports/overdue", q).await
    }

    /// `GET /handover`: the shift handover of `q`'s window and scope, each list with its total.
    pub async fn handover(&self, q: &HandoverQuery) -> Result<Handover, ClientError> {
        self.get_value("handover", q).await
    }

    /// A POST of `body` to `path` with a fresh `Idempotency-Key`; `if_match` is the version
    /// the caller saw.
    pub async fn post<B, T>(&self, path: &str, body: &B, if_match: Option<i64>) -> Result<T, ClientError>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned + Sanitize,
    {
        self.post_with_key(path, body, if_match, Uuid::new_v4()).await
    }

    /// A POST with a given `Idempotency-Key` (to retry the same action safely).
    pub async fn post_with_key<B, T>(
        &self,
        path: &str,
        body: &B,
        if_match: Option<i64>,
        key: Uuid,
    ) -> Result<T, ClientError>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned + Sanitize,
    {
        let req = self.write_request(Method::POST, path, body, if_match, Some(key))?;
        decode(req.send().await.map_err(transport)?, self.max_body).await
    }

    /// A write (`POST` or `PUT`) of `body` to `path` that never fails: what became of it,
    /// classified (done, stale, refused, busy with `Retry-After`, failed). `if_match` is the
    /// version the caller saw; `key`, when given, goes as `Idempotency-Key`.
    pub async fn write<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: &B,
        if_match: Option<i64>,
        key: Option<Uuid>,
    ) -> WriteOutcome {
        let sent = match self.write_request(method.clone(), path, body, if_match, key) {
            Ok(req) => req.send().await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        let resp = match sent {
            Ok(r) => r,
            Err(e) => return WriteOutcome::Failed(format!("{method} {path}: {e}")),
        };
        let status = resp.status();
        let retry_after = resp
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let text = match read_capped(resp, self.max_body).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => return WriteOutcome::Failed(format!("{method} {path}: {e}")),
        };
        classify(status, retry_after, &text)
    }

    /// A write with the bearer token, the timeout, `X-Dutydesk-Via`, and `Idempotency-Key` and
    /// `If-Match` when given.
    fn write_request<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: &B,
        if_match: Option<i64>,
        key: Option<Uuid>,
    ) -> Result<reqwest::RequestBuilder, ClientError> {
        let mut req = self
            .http
            .request(method, self.url(path)?)
            .bearer_auth(&self.token)
            .timeout(self.timeout)
            .header(VIA, self.via)
            .json(body);
        if let Some(key) = key {
            req = req.header(IDEMPOTENCY_KEY, key.to_string());
        }
        if let Some(v) = if_match {
            req = req.header(header::IF_MATCH, headers::version_tag(v));
        }
        Ok(req)
    }

    /// `POST /problems/{id}/{path}` for a triage request, with `If-Match: "version"` and its
    /// `Idempotency-Key`.
    pub async fn triage(
        &self,
        id: i64,
        request: &TriageRequest,
        version: i64,
        key: Uuid,
    ) -> Result<Problem, ClientError> {
        self.post_with_key(&format!("problems/{id}/{}", request.path()), &request.body(), Some(version), key).await
    }
}

/// `{base_url}/api/v1/`, accepting a base with or without `/api/v1` and a trailing slash;
/// only `http` and `https`.
fn api_base(base_url: &str) -> Result<url::Url, ClientError> {
    let mut base = url::Url::parse(base_url.trim()).map_err(|e| ClientError::BadUrl(format!("{base_url}: {e}")))?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(ClientError::BadUrl(format!("{base_url}: scheme must be http or https")));
    }
    let path = base.path().trim_end_matches('/').to_string();
    let path = if path.ends_with("/api/v1") { path } else { format!("{path}/api/v1") };
    base.set_path(&format!("{path}/"));
    Ok(base)
}

fn poll_interval(resp: &reqwest::Response) -> Option<u64> {
    resp.headers()
        .get(POLL_INTERVAL)
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.trim().parse().ok())
        .filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_gets_api_v1_once() {
        let base = api_base("https://h/desk").expect("a base");
        assert_eq!(base.join("../../healthz").expect("joined").as_str(), "https://h/desk/healthz");
        assert_eq!(api_base("http://h:1/").expect("a base").as_str(), "http://h:1/api/v1/");
        assert_eq!(api_base("http://h:1/api/v1/").expect("a base").as_str(), "http://h:1/api/v1/");
        assert!(api_base("h:1").is_err());
    }
}
