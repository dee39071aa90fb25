//! The station's follower: keeps the live WebSocket to the host open, takes every live state
//! it pushes (timer, finished and finalized entries), and pings for the clock offset (a
//! burst of quick pings on connect, then one every few seconds). A silent or closed socket
//! is reopened with backoff; each reopening asks the sender to reconcile, since the host may
//! have restarted meanwhile.

use super::backoff::Backoff;
use super::{lock, Inner, LinkState};
use crate::client::HostSocket;
use crate::wire::{HostMessage, StationMessage};
use futures_util::{SinkExt, StreamExt};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

/// Quick pings right after connecting, for a good first offset.
const BURST: u32 = 5;
const BURST_GAP: Duration = Duration::from_millis(100);
const PING_EVERY: Duration = Duration::from_secs(2);
/// The host answers every ping; this long without a word and the socket is taken as dead.
const SILENCE: Duration = Duration::from_secs(8);

/// Runs until the station closes.
pub(super) async fn run(inner: Arc<Inner>) {
    let mut backoff = Backoff::new(inner.config.retry_min, inner.config.retry_max);
    let mut shutdown = inner.shutdown.clone();
    let mut hosts = inner.host_generation.subscribe();
    while inner.tries_again(&mut shutdown).await {
        hosts.borrow_and_update();
        let attempt = async {
            let token = inner.joined().token;
            inner.client()?.websocket(&token).await
        };
        let opened = tokio::select! {
            s = attempt => s,
            _ = shutdown.changed() => return,
        };
        match opened {
            Ok(socket) => {
                backoff.reset();
                inner.request_resync();
                follow(&inner, socket).await;
            }
            Err(e) => inner.note_error(&e),
        }
        tokio::select! {
            _ = tokio::time::sleep(backoff.next_wait()) => {}
            _ = hosts.changed() => backoff.reset(),
            _ = shutdown.changed() => return,
        }
    }
}

/// Follows one socket until it ends.
async fn follow(inner: &Inner, socket: HostSocket) {
    let (mut sink, mut stream) = socket.split();
    let mut shutdown = inner.shutdown.clone();
    let mut hosts = inner.host_generation.subscribe();
    hosts.borrow_and_update();
    let mut pings = 0u32;
    let mut next_ping = Instant::now();
    let mut heard = Instant::now();
    loop {
        tokio::select! {
            _ = tokio::time::sleep_until(next_ping) => {
                let ping = StationMessage::Ping { t0_ms: inner.local_ms() };
                let Ok(text) = serde_json::to_string(&ping) else { return };
                if sink.send(Message::Text(text.into())).await.is_err() {
                    return;
                }
                pings += 1;
                next_ping = Instant::now() + if pings < BURST { BURST_GAP } else { PING_EVERY };
            }
            message = stream.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    heard = Instant::now();
                    match serde_json::from_str::<HostMessage>(&text) {
                        Ok(HostMessage::Live(state)) => inner.set_live(state),
                        Ok(HostMessage::Pong { t0_ms, host_ms }) => {
                            lock(&inner.clock).add(t0_ms, host_ms, inner.local_ms());
                        }
                        Ok(HostMessage::Revoked { .. }) => {
                            inner.set_link(LinkState::Revoked);
                            return;
                        }
                        Err(_) => {} // a newer host's message: ignore
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => heard = Instant::now(),
            },
            _ = tokio::time::sleep_until(heard + SILENCE) => return,
            _ = hosts.changed() => return,
            _ = shutdown.changed() => {
                let _ = sink.send(Message::Close(None)).await;
                return;
            }
        }
    }
}
