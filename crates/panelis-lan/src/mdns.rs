//! Finding the host on the venue LAN with mDNS/DNS-SD (mdns-sd): the host advertises
//! `_panelis._tcp.local.` with its port and a TXT record carrying the certificate
//! fingerprint and the competition; a station lists what it hears. Best effort by design:
//! hotel networks often drop multicast, so typing the address (or scanning the QR code)
//! always works too, and a host that cannot advertise keeps serving. A host listening on
//! loopback only never advertises.
//!
//! TXT keys: `v` (protocol, `1`), `fp` (fingerprint, 64 hex digits), `cid` (competition
//! id), `name` (competition name, truncated).

use crate::error::{LanError, Result};
use crate::identity::Fingerprint;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The DNS-SD service type of Panelis hosts.
pub const SERVICE_TYPE: &str = "_panelis._tcp.local.";

/// What a host advertises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advert {
    pub competition_id: Uuid,
    pub competition_name: String,
    pub fingerprint: Fingerprint,
    pub port: u16,
    /// The addresses to announce; empty: every address of the machine, kept up to date.
    pub addrs: Vec<IpAddr>,
}

/// A host heard on the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoveredHost {
    /// The DNS-SD instance name (the competition's name, made unique by the network).
    pub instance: String,
    pub competition_id: Option<Uuid>,
    pub competition_name: String,
    pub fingerprint: Option<Fingerprint>,
    pub addrs: Vec<IpAddr>,
    pub port: u16,
}

/// At most this many bytes of a DNS label.
const LABEL_MAX: usize = 60;

/// `text` cut to at most `max` bytes on a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Advert {
    /// The instance name: the competition's name (truncated), else "Panelis".
    pub fn instance(&self) -> String {
        let name = truncate(self.competition_name.trim(), LABEL_MAX).trim();
        if name.is_empty() {
            "Panelis".into()
        } else {
            name.to_string()
        }
    }

    /// The TXT record's properties.
    pub fn txt(&self) -> Vec<(String, String)> {
        vec![
            ("v".into(), "1".into()),
            ("fp".into(), self.fingerprint.hex()),
            ("cid".into(), self.competition_id.to_string()),
            (
                "name".into(),
                truncate(&self.competition_name, 120).to_string(),
            ),
        ]
    }

    /// The DNS-SD record to register.
    pub fn service_info(&self) -> Result<mdns_sd::ServiceInfo> {
        let host_name = format!("panelis-{}.local.", &self.fingerprint.hex()[..12]);
        let txt: HashMap<String, String> = self.txt().into_iter().collect();
        let info = mdns_sd::ServiceInfo::new(
            SERVICE_TYPE,
            &self.instance(),
            &host_name,
            self.addrs.as_slice(),
            self.port,
            txt,
        )
        .map_err(|e| LanError::Mdns(e.to_string()))?;
        Ok(if self.addrs.is_empty() {
            info.enable_addr_auto()
        } else {
            info
        })
    }
}

impl DiscoveredHost {
    /// A host from a resolved record's parts; `txt` looks up a TXT value.
    pub fn from_record<'a>(
        instance: &str,
        addrs: Vec<IpAddr>,
        port: u16,
        txt: impl Fn(&str) -> Option<&'a str>,
    ) -> Self {
        DiscoveredHost {
            instance: instance
                .strip_suffix(&format!(".{SERVICE_TYPE}"))
                .unwrap_or(instance)
                .to_string(),
            competition_id: txt("cid").and_then(|c| Uuid::parse_str(c).ok()),
            competition_name: txt("name").unwrap_or_default().to_string(),
            fingerprint: txt("fp").and_then(|f| Fingerprint::parse(f).ok()),
            addrs,
            port,
        }
    }
}

/// A running advertisement; withdrawn when dropped.
pub struct Advertiser {
    daemon: mdns_sd::ServiceDaemon,
    fullname: String,
}

impl std::fmt::Debug for Advertiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Advertiser")
            .field("fullname", &self.fullname)
            .finish()
    }
}

impl Advertiser {
    /// Starts advertising `advert` on the LAN.
    pub fn start(advert: &Advert) -> Result<Self> {
        let info = advert.service_info()?;
        let fullname = info.get_fullname().to_string();
        let daemon = mdns_sd::ServiceDaemon::new()
            .map_err(|e| LanError::Unreachable(format!("mDNS: {e}")))?;
        daemon
            .register(info)
            .map_err(|e| LanError::Unreachable(format!("mDNS: {e}")))?;
        Ok(Advertiser { daemon, fullname })
    }
}

impl Drop for Advertiser {
    fn drop(&mut self) {
        let _ = self.daemon.unregister(&self.fullname);
        let _ = self.daemon.shutdown();
    }
}

/// Listens for Panelis hosts for `wait` (blocking; run it off the UI thread).
pub fn discover(wait: Duration) -> Result<Vec<DiscoveredHost>> {
    let daemon =
        mdns_sd::ServiceDaemon::new().map_err(|e| LanError::Unreachable(format!("mDNS: {e}")))?;
    let events = daemon
        .browse(SERVICE_TYPE)
        .map_err(|e| LanError::Unreachable(format!("mDNS: {e}")))?;
    let deadline = Instant::now() + wait;
    let mut found: Vec<DiscoveredHost> = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(event) = events.recv_timeout(left) else {
            break;
        };
        if let mdns_sd::ServiceEvent::ServiceResolved(r) = event {
            let addrs = r.get_addresses().iter().map(|a| a.to_ip_addr()).collect();
            let host = DiscoveredHost::from_record(r.get_fullname(), addrs, r.get_port(), |k| {
                r.get_property_val_str(k)
            });
            found.retain(|h| h.instance != host.instance);
            found.push(host);
        }
    }
    let _ = daemon.shutdown();
    Ok(found)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    fn advert() -> Advert {
        Advert {
            competition_id: Uuid::new_v4(),
            competition_name: "KIPP Sulawesi Selatan 2023".into(),
            fingerprint: Fingerprint::of(b"cert"),
            port: 7443,
            addrs: vec!["127.0.0.1".parse().unwrap()],
        }
    }

    #[test]
    fn the_record_carries_port_fingerprint_and_competition() {
        let a = advert();
        let info = a.service_info().unwrap();
        assert_eq!(
            info.get_fullname(),
            "KIPP Sulawesi Selatan 2023._panelis._tcp.local."
        );
        assert_eq!(info.get_port(), 7443);
        let host = DiscoveredHost::from_record(
            info.get_fullname(),
            a.addrs.clone(),
            info.get_port(),
            |k| info.get_property_val_str(k),
        );
        assert_eq!(host.instance, "KIPP Sulawesi Selatan 2023");
        assert_eq!(host.fingerprint, Some(a.fingerprint));
        assert_eq!(host.competition_id, Some(a.competition_id));
        assert_eq!(host.competition_name, a.competition_name);
        assert_eq!(host.port, 7443);
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary() {
        let mut a = advert();
        a.competition_name =
            "Kompetisi Inovasi Pelayanan Publik Provinsi Sulawesi Selatan é".repeat(3);
        let instance = a.instance();
        assert!(instance.len() <= LABEL_MAX);
        assert!(a.service_info().is_ok());
        a.competition_name = "   ".into();
        assert_eq!(a.instance(), "Panelis");
        a.addrs.clear();
        assert!(a.service_info().unwrap().is_addr_auto());
    }

    #[test]
    fn a_record_without_our_txt_is_still_listed() {
        let host = DiscoveredHost::from_record("x._panelis._tcp.local.", vec![], 1, |_| None);
        assert_eq!(host.instance, "x");
        assert_eq!(host.fingerprint, None);
        assert_eq!(host.competition_id, None);
    }
}
