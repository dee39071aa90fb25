//! `GET /api/v1/live`: the WebSocket each station keeps open. The host sends the live state
//! on connect and on every change, answers clock pings with its time, and tells a revoked
//! station so before closing. A socket silent for longer than the idle limit is closed
//! (stations ping every few seconds). Each socket counts against the connection limit.

use super::connection::ConnectionRefusal;
use super::routes::{Peer, Rejection};
use super::server::ConnectionPermit;
use super::{lock, Caller, HostEvent, Shared};
use crate::error::RejectCode;
use crate::wire::{HostMessage, StationMessage};
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Extension;
use std::sync::Arc;

/// The largest message a station may send on the socket.
const MAX_MESSAGE: usize = 4 * 1024;

pub(crate) async fn upgrade(
    State(shared): State<Arc<Shared>>,
    Extension(peer): Extension<Peer>,
    permit: Option<Extension<ConnectionPermit>>,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, Rejection> {
    let caller = shared.authenticate(&headers)?;
    // A plain GET (no upgrade asked) gets a refusal with its code, like every other.
    let ws = ws.map_err(|e| {
        Rejection::new(
            RejectCode::Malformed,
            format!("the live connection must be a WebSocket: {}", e.body_text()),
        )
    })?;
    let permit = permit.map(|p| p.0);
    Ok(ws
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |socket| async move {
            let _permit = permit;
            serve(shared, caller, peer, socket).await;
        }))
}

async fn serve(shared: Arc<Shared>, caller: Caller, peer: Peer, mut socket: WebSocket) {
    let pid = caller.panelist_id;
    if !caller.loadtest {
        let first = {
            let mut presence = lock(&shared.presence);
            let p = presence.entry(pid).or_default();
            p.sockets += 1;
            p.sockets == 1
        };
        if first {
            shared.emit(HostEvent::StationConnected { panelist_id: pid });
        }
    }
    run(&shared, &caller, peer, &mut socket).await;
    let _ = socket.send(Message::Close(None)).await;
    if !caller.loadtest {
        let last = {
            let mut presence = lock(&shared.presence);
            let p = presence.entry(pid).or_default();
            p.sockets = p.sockets.saturating_sub(1);
            p.last_seen = Some(chrono::Utc::now());
            p.sockets == 0
        };
        if last {
            shared.emit(HostEvent::StationDisconnected { panelist_id: pid });
        }
    }
}

fn text(message: &HostMessage) -> Message {
    Message::Text(serde_json::to_string(message).unwrap_or_default().into())
}

async fn run(shared: &Shared, caller: &Caller, peer: Peer, socket: &mut WebSocket) {
    let mut live = shared.live.subscribe();
    let mut revoked = shared.revoked.subscribe();
    let mut shutdown = shared.shutdown.clone();
    let first = live.borrow_and_update().text.clone();
    if socket.send(Message::Text(first)).await.is_err() {
        return;
    }
    let idle = shared.limits.socket_idle;
    let mut deadline = tokio::time::Instant::now() + idle;
    loop {
        tokio::select! {
            changed = live.changed() => {
                if changed.is_err() {
                    return;
                }
                let frame = live.borrow_and_update().text.clone();
                if socket.send(Message::Text(frame)).await.is_err() {
                    return;
                }
            }
            incoming = socket.recv() => {
                deadline = tokio::time::Instant::now() + idle;
                match incoming {
                    Some(Ok(Message::Text(t))) => match serde_json::from_str::<StationMessage>(&t) {
                        Ok(StationMessage::Ping { t0_ms }) => {
                            let pong = HostMessage::Pong {
                                t0_ms,
                                host_ms: chrono::Utc::now().timestamp_millis(),
                            };
                            if socket.send(text(&pong)).await.is_err() {
                                return;
                            }
                        }
                        Err(e) => shared.emit(HostEvent::Rejected {
                            code: RejectCode::Malformed,
                            message: format!("live socket message is not understood: {e}"),
                            path: format!("{}/live", crate::wire::API),
                            peer: Some(peer.0.to_string()),
                            panelist_id: Some(caller.panelist_id),
                        }),
                    },
                    Some(Ok(Message::Close(_))) | None => return,
                    Some(Ok(_)) => {}
                    Some(Err(e)) => {
                        shared.emit(HostEvent::Rejected {
                            code: RejectCode::Malformed,
                            message: format!("live socket closed: {e}"),
                            path: format!("{}/live", crate::wire::API),
                            peer: Some(peer.0.to_string()),
                            panelist_id: Some(caller.panelist_id),
                        });
                        return;
                    }
                }
            }
            gone = revoked.recv() => {
                if gone.is_ok_and(|p| p == caller.panelist_id) && !caller.loadtest {
                    let message = "the secretariat revoked this station".to_string();
                    let _ = socket.send(text(&HostMessage::Revoked { message })).await;
                    return;
                }
            }
            _ = tokio::time::sleep_until(deadline) => {
                shared.emit(HostEvent::ConnectionRefused {
                    code: ConnectionRefusal::IdleSocket,
                    peer: peer.0.to_string(),
                    reason: format!(
                        "live socket silent for {} ms; closed",
                        idle.as_millis()
                    ),
                });
                return;
            }
            _ = shutdown.changed() => return,
        }
    }
}
