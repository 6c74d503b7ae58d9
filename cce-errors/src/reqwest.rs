//! reqwest (0.12): one call that turns an error response into a
//! [`RemoteError`], and passes a success through.
//!
//! ```no_run
//! use cce_errors::reqwest::ResponseExt as _;
//!
//! # async fn run() -> Result<(), cce_errors::reqwest::ClientError> {
//! let response = reqwest::Client::new()
//!     .get("http://127.0.0.1:8080/api/v3/projects/p1/clusters/c-1")
//!     .header("X-Auth-Token", "token")
//!     .send()
//!     .await?
//!     .error_for_cce_status()
//!     .await?;
//! println!("{}", response.text().await?);
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tower::retry::backoff::{
    Backoff as _, ExponentialBackoff, ExponentialBackoffMaker, MakeBackoff as _,
};
use tower::retry::budget::{Budget as _, TpsBudget};
use tower::retry::{Policy, Retry};
use tower::util::rng::HasherRng;
use tower::{Service as _, ServiceExt as _};

use crate::decode::{DecodeError, MAX_BODY, RemoteError, decode};
use crate::{CceError, ErrorCode};

/// What can go wrong between sending a request and having a successful
/// response.
///
/// `Display` shows the error it holds, and `source()` is that error's own
/// source (as `#[error(transparent)]` does), so that a report printing the
/// chain shows each text once.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The service answered with an error body.
    Remote(RemoteError),
    /// The service answered with an error status whose body is not an error
    /// body (an HTML page from a gateway, an empty body, ...).
    Undecodable(DecodeError),
    /// The request or the response failed on the way.
    Transport(reqwest::Error),
}

impl ClientError {
    /// The decoded error, when the service sent one.
    pub fn remote(&self) -> Option<&RemoteError> {
        match self {
            ClientError::Remote(remote) => Some(remote),
            _ => None,
        }
    }

    /// The typed error of `E` for the received code, when `E` has one.
    pub fn typed<E: CceError>(&self) -> Option<E> {
        self.remote().and_then(RemoteError::typed)
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Remote(remote) => fmt::Display::fmt(remote, f),
            ClientError::Undecodable(error) => fmt::Display::fmt(error, f),
            ClientError::Transport(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Remote(remote) => remote.source(),
            ClientError::Undecodable(error) => error.source(),
            ClientError::Transport(error) => error.source(),
        }
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(error: reqwest::Error) -> Self {
        ClientError::Transport(error)
    }
}

/// How long [`error_for_status`] waits for an error body: 10 s. What came
/// by then is decoded (a body cut short is an `Undecodable` error that keeps
/// the status, the request id and the start of the body).
pub const ERROR_BODY_WAIT: Duration = Duration::from_secs(10);

/// A response with a status below 400 as it is; one with an error status
/// as the [`RemoteError`] (or [`DecodeError`]) its body holds. At most
/// [`MAX_BODY`] bytes of an error body are read, for at most
/// [`ERROR_BODY_WAIT`].
///
/// Fails with [`ClientError::Remote`] for an error response with an error
/// body, [`ClientError::Undecodable`] for one without (an HTML page, an
/// empty body, ...), and [`ClientError::Transport`] when reading the body
/// fails.
pub async fn error_for_status(
    response: reqwest::Response,
) -> Result<reqwest::Response, ClientError> {
    error_for_status_within(response, ERROR_BODY_WAIT).await
}

/// [`error_for_status`], waiting at most `max_wait` for an error body.
pub async fn error_for_status_within(
    mut response: reqwest::Response,
    max_wait: Duration,
) -> Result<reqwest::Response, ClientError> {
    let status = response.status();
    if !status.is_client_error() && !status.is_server_error() {
        return Ok(response);
    }
    let headers = response.headers().clone();
    let mut body = Vec::new();
    let reading = async {
        while let Some(chunk) = response.chunk().await? {
            let room = (MAX_BODY + 1).saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() > MAX_BODY {
                break;
            }
        }
        Ok::<(), reqwest::Error>(())
    };
    // A body that stalls is decoded as far as it came: a truncated body is
    // no error body, and the status stays known.
    if let Ok(read) = tokio::time::timeout(max_wait, reading).await {
        read?;
    }
    Err(match decode(status, &headers, &body) {
        Ok(remote) => ClientError::Remote(remote),
        Err(error) => ClientError::Undecodable(error),
    })
}

/// [`error_for_status`] as a method of `reqwest::Response`.
pub trait ResponseExt: Sized {
    /// See [`error_for_status`].
    fn error_for_cce_status(
        self,
    ) -> impl Future<Output = Result<reqwest::Response, ClientError>> + Send;
}

impl ResponseExt for reqwest::Response {
    fn error_for_cce_status(
        self,
    ) -> impl Future<Output = Result<reqwest::Response, ClientError>> + Send {
        error_for_status(self)
    }
}

/// When and how long [`RetryingClient`] retries.
///
/// A request is sent again when its error says it may succeed then
/// ([`RemoteError::is_retryable`]: 429, 503, or a code a table marks
/// retryable, the service's own with [`with_table`](RetryPolicy::with_table);
/// a connection that could not be made, for a method that is
/// idempotent), at most [`with_max_retries`](RetryPolicy::with_max_retries)
/// times, and only while the retry budget has room. It waits as the
/// response says (`Retry-After`, or a Kubernetes `Status`'s
/// `retryAfterSeconds`), or, when it says nothing, an exponential back-off
/// with jitter. A response asking for a wait longer than
/// [`with_max_delay`](RetryPolicy::with_max_delay) is not waited for: its
/// error comes back at once, with its [`retry_after`](RemoteError::retry_after),
/// for the caller to decide.
///
/// Built on `tower::retry` (its `TpsBudget` and `ExponentialBackoff`): the
/// budget is shared by every request of one client, so that a failing
/// service gets at most a fraction of extra load, not a multiple.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    table: Option<&'static [ErrorCode]>,
    max_retries: u32,
    min_backoff: Duration,
    max_backoff: Duration,
    max_delay: Duration,
    budget_ttl: Duration,
    budget_min_per_sec: u32,
    budget_percent: f32,
}

impl Default for RetryPolicy {
    /// 3 retries; back-off from 100 ms up to 10 s with jitter; a told
    /// delay up to 60 s; a budget of 20 % of the requests of the last 10 s
    /// plus 10 retries per second.
    fn default() -> Self {
        RetryPolicy {
            table: None,
            max_retries: 3,
            min_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(10),
            max_delay: Duration::from_secs(60),
            budget_ttl: Duration::from_secs(10),
            budget_min_per_sec: 10,
            budget_percent: 0.2,
        }
    }
}

impl RetryPolicy {
    /// The default policy; see [`Default`](#impl-Default-for-RetryPolicy).
    pub fn new() -> Self {
        RetryPolicy::default()
    }

    /// The service's own table, whose `Retryable` column marks more codes as
    /// worth a retry (see [`RemoteError::is_retryable_in`]), as
    /// `cce_errors::table!("docs/error-codes.csv")` gives it.
    #[must_use]
    pub fn with_table(mut self, table: &'static [ErrorCode]) -> Self {
        self.table = Some(table);
        self
    }

    /// At most `retries` retries of one request (0: none).
    #[must_use]
    pub fn with_max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The back-off when a response gives no delay: `min` first, doubling
    /// each retry up to `max`, each with up to as much again of random
    /// jitter (never beyond `max`). `max` below `min` is taken as `min`.
    #[must_use]
    pub fn with_backoff(mut self, min: Duration, max: Duration) -> Self {
        self.min_backoff = min;
        self.max_backoff = max.max(min);
        self
    }

    /// The longest delay a response may ask for (`Retry-After`) and still
    /// be waited for.
    #[must_use]
    pub fn with_max_delay(mut self, max: Duration) -> Self {
        self.max_delay = max;
        self
    }

    /// The retry budget: retries may add `percent` (0.0 to 1000.0) of the
    /// requests sent in the last `ttl` (1 s to 60 s), plus `min_per_sec`
    /// retries per second whatever the traffic (at most 1,000,000). Values
    /// out of range are clamped; a `percent` that is not a number is 0.
    #[must_use]
    pub fn with_budget(mut self, ttl: Duration, min_per_sec: u32, percent: f32) -> Self {
        self.budget_ttl = ttl.clamp(Duration::from_secs(1), Duration::from_secs(60));
        // tower's budget takes fewer than `i32::MAX` per second.
        self.budget_min_per_sec = min_per_sec.min(1_000_000);
        self.budget_percent = if percent.is_finite() {
            percent.clamp(0.0, 1000.0)
        } else {
            0.0
        };
        self
    }
}

/// A `reqwest::Client` whose requests come back as
/// `Result<Response, ClientError>` (as [`error_for_status`] gives them) and
/// are retried by a [`RetryPolicy`].
///
/// ```no_run
/// use std::time::Duration;
/// use cce_errors::reqwest::{RetryPolicy, RetryingClient};
///
/// # async fn run() -> Result<(), cce_errors::reqwest::ClientError> {
/// let client = RetryingClient::new(reqwest::Client::new(), RetryPolicy::new().with_max_retries(2));
/// let response = client
///     .send(client.inner().delete("http://127.0.0.1:8080/api/v3/projects/p1/clusters/c-1"))
///     .await?;
/// # let _ = response;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct RetryingClient {
    client: reqwest::Client,
    policy: Arc<RetryPolicy>,
    budget: Arc<TpsBudget>,
    backoff: ExponentialBackoffMaker,
}

impl RetryingClient {
    /// `client` with `policy`; the budget starts full.
    pub fn new(client: reqwest::Client, policy: RetryPolicy) -> Self {
        let budget = TpsBudget::new(
            policy.budget_ttl,
            policy.budget_min_per_sec,
            policy.budget_percent,
        );
        // Checked above: 0 < max, min <= max, jitter in range.
        let backoff = ExponentialBackoffMaker::new(
            policy.min_backoff,
            policy.max_backoff.max(Duration::from_millis(1)),
            1.0,
            HasherRng::default(),
        )
        .unwrap_or_default();
        RetryingClient {
            client,
            policy: Arc::new(policy),
            budget: Arc::new(budget),
            backoff,
        }
    }

    /// The `reqwest::Client` requests go through, to build requests with.
    pub fn inner(&self) -> &reqwest::Client {
        &self.client
    }

    /// Builds `request` and sends it as [`execute`](RetryingClient::execute)
    /// does. Fails with [`ClientError::Transport`] when it cannot be built.
    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, ClientError> {
        self.execute(request.build()?).await
    }

    /// Sends `request` and returns its success, or its last error once no
    /// more retries are allowed: by the policy, by the budget, by a delay
    /// too long, or because its body is a stream that cannot be sent again.
    pub async fn execute(
        &self,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, ClientError> {
        self.budget.deposit();
        let decide = Decide {
            policy: Arc::clone(&self.policy),
            budget: Arc::clone(&self.budget),
            backoff: self.backoff.clone().make_backoff(),
            retries: 0,
        };
        let mut service = Retry::new(decide, Attempt(self.client.clone()));
        service.ready().await?.call(request).await
    }
}

/// One request through reqwest, its error status decoded.
#[derive(Debug, Clone)]
struct Attempt(reqwest::Client);

impl tower::Service<reqwest::Request> for Attempt {
    type Response = reqwest::Response;
    type Error = ClientError;
    type Future = Pin<Box<dyn Future<Output = Result<reqwest::Response, ClientError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), ClientError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: reqwest::Request) -> Self::Future {
        let client = self.0.clone();
        Box::pin(async move { error_for_status(client.execute(request).await?).await })
    }
}

/// The retry decisions of one request.
#[derive(Debug, Clone)]
struct Decide {
    policy: Arc<RetryPolicy>,
    budget: Arc<TpsBudget>,
    backoff: ExponentialBackoff,
    retries: u32,
}

/// Whether an error may go away on a retry.
enum Verdict {
    /// Not worth sending again.
    Final,
    /// Worth sending again, after the delay it asks for (or a back-off).
    Retry(Option<Duration>),
}

impl Decide {
    fn verdict(&self, error: &ClientError, method: &reqwest::Method) -> Verdict {
        match error {
            ClientError::Remote(remote)
                if remote.is_retryable_in(self.policy.table.unwrap_or(&[])) =>
            {
                Verdict::Retry(remote.retry_after())
            }
            ClientError::Undecodable(error) if error.is_retryable() => {
                Verdict::Retry(error.retry_after())
            }
            // Nothing reached the service: safe to send again when sending
            // twice is (RFC 9110, section 9.2.2).
            ClientError::Transport(error) if error.is_connect() && is_idempotent(method) => {
                Verdict::Retry(None)
            }
            _ => Verdict::Final,
        }
    }
}

fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::TRACE,
        Method::PUT,
        Method::DELETE,
    ]
    .contains(method)
}

impl Policy<reqwest::Request, reqwest::Response, ClientError> for Decide {
    type Future = Pin<Box<tokio::time::Sleep>>;

    fn retry(
        &mut self,
        request: &mut reqwest::Request,
        result: &mut Result<reqwest::Response, ClientError>,
    ) -> Option<Self::Future> {
        let Err(error) = result else {
            return None;
        };
        let Verdict::Retry(told) = self.verdict(error, request.method()) else {
            return None;
        };
        if self.retries >= self.policy.max_retries
            || told.is_some_and(|delay| delay > self.policy.max_delay)
            || !self.budget.withdraw()
        {
            return None;
        }
        self.retries += 1;
        Some(Box::pin(match told {
            Some(delay) => tokio::time::sleep(delay),
            None => self.backoff.next_backoff(),
        }))
    }

    fn clone_request(&mut self, request: &reqwest::Request) -> Option<reqwest::Request> {
        request.try_clone()
    }
}
