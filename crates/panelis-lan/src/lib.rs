//! Panelis on the venue LAN: the secretariat's [`host::Host`] (HTTPS + WebSocket over TLS
//! with a self-signed, pinned certificate; join codes and QR links; the live timer; the
//! progress matrix) and the panelists' [`station::Station`] (scores offline-first into its
//! own file, sends signed ballots, follows the host's clock). Never depends on tauri: the
//! app and the `panelis` command call the same functions.
//!
//! Nothing here trusts the network: a station talks only to the certificate whose
//! fingerprint came with its join code, proves itself with its ballot-signing key, and the
//! host checks every request and keeps serving everyone else when one is refused.

pub mod client;
pub mod clock;
pub mod error;
mod fsutil;
pub mod host;
pub mod identity;
pub mod invite;
pub mod joincode;
pub mod loadgen;
pub mod mdns;
pub mod station;
pub mod tls;
pub mod wire;

pub use error::{LanError, RejectCode, Result};
pub use identity::Fingerprint;
pub use invite::JoinTarget;
