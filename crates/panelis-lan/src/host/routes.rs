//! The host's HTTP surface: the routes of [`crate::wire`], reading bodies within the size
//! bound, and [`Rejection`], the one way a handler refuses. Every refusal is answered as an
//! [`ErrorBody`] and logged with the caller's address by the middleware here.

use super::{ballots, join, loadtest, socket, Shared};
use crate::error::RejectCode;
use crate::wire::{ErrorBody, API};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;
use std::sync::Arc;
use uuid::Uuid;

/// The remote address of the connection a request came on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub SocketAddr);

/// A refused request: its code, a message for people, and the panelist if known (for the
/// log).
#[derive(Debug, Clone)]
pub(crate) struct Rejection {
    pub code: RejectCode,
    pub message: String,
    pub panelist_id: Option<Uuid>,
    /// For the log only, never sent (e.g. whether a bad join code was unknown or expired).
    pub note: Option<String>,
}

impl Rejection {
    pub fn new(code: RejectCode, message: impl Into<String>) -> Self {
        Rejection {
            code,
            message: message.into(),
            panelist_id: None,
            note: None,
        }
    }

    /// The same refusal with a note for the log.
    pub fn noted(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The same refusal, known to concern this panelist.
    pub fn of(mut self, panelist_id: Uuid) -> Self {
        self.panelist_id = Some(panelist_id);
        self
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody {
            code: self.code,
            message: self.message.clone(),
        };
        let mut response = (status, Json(body)).into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// The routes, with rejection logging around them.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(&format!("{API}/join/check"), post(join::check))
        .route(&format!("{API}/join"), post(join::join))
        .route(&format!("{API}/competition"), get(ballots::snapshot))
        .route(
            &format!("{API}/ballots"),
            get(ballots::held).post(ballots::post),
        )
        .route(&format!("{API}/live"), get(socket::upgrade))
        .route(
            &format!("{API}/loadtest"),
            post(loadtest::create).delete(loadtest::remove),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            log_rejections,
        ))
        .with_state(shared)
}

async fn not_found(request: Request) -> Rejection {
    Rejection::new(
        RejectCode::NotFound,
        format!(
            "no such request: {} {}",
            request.method(),
            request.uri().path()
        ),
    )
}

/// Logs every refusal a handler made, with where it came from.
async fn log_rejections(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let peer = request.extensions().get::<Peer>().map(|p| p.0.to_string());
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    if let Some(r) = response.extensions().get::<Rejection>() {
        shared.emit(super::HostEvent::Rejected {
            code: r.code,
            message: match &r.note {
                Some(note) => format!("{} ({note})", r.message),
                None => r.message.clone(),
            },
            path,
            peer,
            panelist_id: r.panelist_id,
        });
    }
    response
}

/// The largest oversized body read away before answering `too_large`.
const DRAIN_MAX: usize = 1024 * 1024;

/// Reads a JSON body of at most the host's limit.
pub(crate) async fn read_json<T: DeserializeOwned>(
    shared: &Shared,
    headers: &HeaderMap,
    body: Body,
) -> Result<T, Rejection> {
    let limit = shared.limits.max_body_bytes;
    let too_large = || {
        Rejection::new(
            RejectCode::TooLarge,
            format!("the body is larger than the {limit} bytes this host accepts"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(n) = declared.filter(|n| *n > limit as u64) {
        // Read a moderately oversized body away (briefly) so the sender gets the answer
        // rather than a reset connection; anything bigger is cut off unread.
        if n <= DRAIN_MAX as u64 {
            let drain = axum::body::to_bytes(body, DRAIN_MAX);
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), drain).await;
        }
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        let over = std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |e| {
            e.source()
        })
        .any(|e| e.is::<http_body_util::LengthLimitError>());
        if over {
            too_large()
        } else {
            Rejection::new(
                RejectCode::Malformed,
                format!("the body could not be read: {e}"),
            )
        }
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Rejection::new(RejectCode::Malformed, format!("not the expected JSON: {e}")))
}
