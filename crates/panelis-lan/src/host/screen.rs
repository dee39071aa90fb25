//! What the secretariat's Jaringan venue screen shows and the record behind it: the hosting
//! addresses and fingerprint, join codes as shown (with QR), the [`Record`] of what came back
//! from stations since hosting started and the recent refusals, and the whole
//! [`VenueHostView`] built from them. The app keeps one `Record` per hosting session and
//! calls these; everything here is plain data with stable JSON field names.

use super::{lan_addresses, Host, HostEvent, JoinInvite, ProgressMatrix};
use crate::error::{LanError, Result};
use panelis_core::Store;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use uuid::Uuid;

/// The address asked for when the secretariat does not change it.
pub const DEFAULT_BIND: &str = "0.0.0.0:7443";

/// How many refusals the screen keeps.
pub const REFUSALS_KEPT: usize = 50;

/// Reads the `IP:port` to listen on (empty: [`DEFAULT_BIND`]), said plainly when it is not
/// one.
pub fn parse_bind(text: &str) -> Result<SocketAddr> {
    let text = text.trim();
    let text = if text.is_empty() { DEFAULT_BIND } else { text };
    text.parse().map_err(|_| LanError::BadBind {
        typed: text.to_string(),
    })
}

/// What happened since hosting started; kept after hosting stops (until it starts again or
/// another competition is opened) so the secretariat can still read it.
#[derive(Debug, Default)]
pub struct Record {
    /// When hosting started (RFC 3339, UTC).
    pub since: Option<String>,
    /// Ballots received, by (panelist, entry, revision): true when new to this file.
    pub ballots: BTreeMap<(Uuid, Uuid, u32), bool>,
    /// Refused requests, newest first.
    pub refusals: VecDeque<Refusal>,
    /// The join codes issued and not yet used, by panelist.
    pub invites: HashMap<Uuid, JoinInvite>,
}

/// A refused request, for the screen's log.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub at: String,
    pub code: String,
    pub message: String,
    pub path: String,
    pub peer: Option<String>,
    pub panelist_id: Option<Uuid>,
}

impl Record {
    /// A fresh record for hosting that starts now.
    pub fn starting_now() -> Self {
        Record {
            since: Some(panelis_core::time::now().to_rfc3339()),
            ..Record::default()
        }
    }

    /// Keeps what the screen needs of one host event.
    pub fn note(&mut self, event: &HostEvent) {
        match event {
            HostEvent::BallotStored {
                panelist_id,
                entry_id,
                revision,
            } => {
                self.ballots
                    .insert((*panelist_id, *entry_id, *revision), true);
            }
            HostEvent::BallotRepeated {
                panelist_id,
                entry_id,
                revision,
            } => {
                // Stored earlier in this session stays "new": it came back once.
                self.ballots
                    .entry((*panelist_id, *entry_id, *revision))
                    .or_insert(false);
            }
            HostEvent::Rejected {
                code,
                message,
                path,
                peer,
                panelist_id,
            } => {
                self.refusals.push_front(Refusal {
                    at: panelis_core::time::now().to_rfc3339(),
                    code: code.as_str().to_string(),
                    message: message.clone(),
                    path: path.clone(),
                    peer: peer.clone(),
                    panelist_id: *panelist_id,
                });
                self.refusals.truncate(REFUSALS_KEPT);
            }
            // A spent code is of no more use; a revoked panelist's code was withdrawn.
            HostEvent::StationJoined { panelist_id, .. }
            | HostEvent::StationRevoked { panelist_id } => {
                self.invites.remove(panelist_id);
            }
            _ => {}
        }
    }
}

/// A host that is serving, as the screen shows it.
#[derive(Debug, Clone, Serialize)]
pub struct HostingInfo {
    /// The address asked for.
    pub bind: String,
    /// The address actually listened on (port 0 resolved).
    pub local_addr: String,
    /// The address join links carry.
    pub public_addr: String,
    /// The addresses stations can use (this laptop's LAN addresses with the port).
    pub addresses: Vec<String>,
    /// 64 hex digits.
    pub fingerprint: String,
    /// The same in 16 groups of 4, for comparing by eye.
    pub fingerprint_grouped: String,
    /// The pin ([`crate::Fingerprint::pin`]): what a panelist types to join by address.
    pub fingerprint_short: String,
    pub advertised: bool,
    pub competition_name: String,
    pub log_path: String,
}

/// The running host as the screen shows it; `bind` is the address that was asked for.
pub fn hosting_info(host: &Host, bind: SocketAddr) -> HostingInfo {
    let local = host.local_addr();
    let fingerprint = host.fingerprint();
    let grouped = fingerprint.grouped();
    let short = fingerprint.pin();
    HostingInfo {
        bind: bind.to_string(),
        local_addr: local.to_string(),
        public_addr: host.public_addr().to_string(),
        addresses: lan_addresses(local.ip())
            .into_iter()
            .map(|ip| SocketAddr::new(ip, local.port()).to_string())
            .collect(),
        fingerprint: fingerprint.hex(),
        fingerprint_grouped: grouped,
        fingerprint_short: short,
        advertised: host.advertised(),
        competition_name: host.competition().name.clone(),
        log_path: host.log_path().display().to_string(),
    }
}

/// The running host as the screen shows it, with its progress matrix read now.
pub async fn hosting(host: &Host, bind: SocketAddr) -> Result<(HostingInfo, ProgressMatrix)> {
    let matrix = host.progress().await?;
    Ok((hosting_info(host, bind), matrix))
}

/// A join code as the screen shows it.
#[derive(Debug, Clone, Serialize)]
pub struct InviteView {
    pub panelist_id: Uuid,
    pub panelist_name: String,
    /// `ABCD-EFGH`.
    pub code: String,
    pub expires_at: String,
    /// `panelis://join?...`, for pasting on a station.
    pub link: String,
    /// The link as a QR code (SVG made here, shown as an image).
    pub qr_svg: String,
}

/// A join code with its link and QR code drawn.
pub fn invite_view(invite: &JoinInvite) -> Result<InviteView> {
    Ok(InviteView {
        panelist_id: invite.panelist_id,
        panelist_name: invite.panelist_name.clone(),
        code: invite.code.clone(),
        expires_at: invite.expires_at.to_rfc3339(),
        link: invite.target.link(),
        qr_svg: invite.target.qr_svg(256)?,
    })
}

/// One ballot that came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CameBackBallot {
    pub entry_id: Uuid,
    /// The entry's number, `None` when the entry is not in this file.
    pub no: Option<u32>,
    pub revision: u32,
}

/// What came back from one panelist's station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CameBackPanelist {
    pub panelist_id: Uuid,
    pub name: String,
    /// Not in this file before: stored now.
    pub new: Vec<CameBackBallot>,
    /// Already in this file: acknowledged, not stored again.
    pub repeated: Vec<CameBackBallot>,
}

/// What came back since hosting started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CameBack {
    pub since: Option<String>,
    pub new_total: u32,
    pub repeated_total: u32,
    pub panelists: Vec<CameBackPanelist>,
}

/// Everything the Jaringan venue screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct VenueHostView {
    pub default_bind: &'static str,
    /// `None` when not hosting.
    pub hosting: Option<HostingInfo>,
    pub matrix: Option<ProgressMatrix>,
    /// Join codes issued and not used yet, in the panel's order.
    pub invites: Vec<InviteView>,
    pub came_back: CameBack,
    pub refusals: Vec<Refusal>,
}

/// Panelists' names, entries' numbers and the panel's order, to name what came back.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub names: HashMap<Uuid, String>,
    pub numbers: HashMap<Uuid, u32>,
    pub order: Vec<Uuid>,
}

impl Roster {
    /// From the running host's progress matrix.
    pub fn of_matrix(m: &ProgressMatrix) -> Self {
        Roster {
            names: m
                .rows
                .iter()
                .map(|r| (r.panelist_id, r.name.clone()))
                .collect(),
            numbers: m.entries.iter().map(|e| (e.entry_id, e.no)).collect(),
            order: m.rows.iter().map(|r| r.panelist_id).collect(),
        }
    }

    /// From the open competition file (when not hosting).
    pub fn of_store(store: &Store) -> panelis_core::Result<Self> {
        let panel = store.panelists()?;
        Ok(Roster {
            names: panel.iter().map(|p| (p.id, p.name.clone())).collect(),
            numbers: store.entries()?.iter().map(|e| (e.id, e.no)).collect(),
            order: panel.iter().map(|p| p.id).collect(),
        })
    }
}

/// What came back, per panelist in the panel's order (panelists not on the roster last),
/// each panelist's ballots by entry number and revision.
pub fn came_back(record: &Record, roster: &Roster) -> CameBack {
    let mut by_panelist: HashMap<Uuid, CameBackPanelist> = HashMap::new();
    let (mut new_total, mut repeated_total) = (0, 0);
    for (&(panelist_id, entry_id, revision), &new) in &record.ballots {
        let line = by_panelist
            .entry(panelist_id)
            .or_insert_with(|| CameBackPanelist {
                panelist_id,
                name: roster.names.get(&panelist_id).cloned().unwrap_or_default(),
                new: Vec::new(),
                repeated: Vec::new(),
            });
        let ballot = CameBackBallot {
            entry_id,
            no: roster.numbers.get(&entry_id).copied(),
            revision,
        };
        if new {
            new_total += 1;
            line.new.push(ballot);
        } else {
            repeated_total += 1;
            line.repeated.push(ballot);
        }
    }
    let mut panelists: Vec<CameBackPanelist> = roster
        .order
        .iter()
        .filter_map(|id| by_panelist.remove(id))
        .collect();
    panelists.extend(by_panelist.into_values());
    for p in &mut panelists {
        p.new.sort_by_key(|b| (b.no, b.revision));
        p.repeated.sort_by_key(|b| (b.no, b.revision));
    }
    CameBack {
        since: record.since.clone(),
        new_total,
        repeated_total,
        panelists,
    }
}

/// The screen's view: `hosting` is the running host's info and progress matrix, if hosting;
/// `store` (read only when not hosting) names panelists and entries otherwise.
pub fn view(
    hosting: Option<(HostingInfo, ProgressMatrix)>,
    store: Option<&Store>,
    record: &Record,
) -> Result<VenueHostView> {
    let (info, matrix) = match hosting {
        Some((info, matrix)) => (Some(info), Some(matrix)),
        None => (None, None),
    };
    // Names and numbers: from the matrix when hosting, else from the open file.
    let roster = match (&matrix, store) {
        (Some(m), _) => Roster::of_matrix(m),
        (None, Some(store)) => Roster::of_store(store)?,
        (None, None) => Roster::default(),
    };
    let now = panelis_core::time::now();
    let invites = roster
        .order
        .iter()
        .filter_map(|id| record.invites.get(id).filter(|i| i.expires_at > now))
        .map(invite_view)
        .collect::<Result<Vec<_>>>()?;
    Ok(VenueHostView {
        default_bind: DEFAULT_BIND,
        hosting: info,
        matrix,
        invites,
        came_back: came_back(record, &roster),
        refusals: record.refusals.iter().cloned().collect(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;
    use crate::RejectCode;

    #[test]
    fn the_record_counts_each_ballot_once_and_keeps_new_ones_new() {
        let (p, e) = (Uuid::new_v4(), Uuid::new_v4());
        let mut record = Record::default();
        let stored = HostEvent::BallotStored {
            panelist_id: p,
            entry_id: e,
            revision: 1,
        };
        let repeated = HostEvent::BallotRepeated {
            panelist_id: p,
            entry_id: e,
            revision: 1,
        };
        record.note(&stored);
        record.note(&repeated);
        record.note(&HostEvent::BallotRepeated {
            panelist_id: p,
            entry_id: e,
            revision: 2,
        });
        assert_eq!(record.ballots.len(), 2);
        assert_eq!(record.ballots.get(&(p, e, 1)), Some(&true));
        assert_eq!(record.ballots.get(&(p, e, 2)), Some(&false));
    }

    #[test]
    fn refusals_are_kept_newest_first_and_bounded() {
        let mut record = Record::default();
        for i in 0..(REFUSALS_KEPT + 5) {
            record.note(&HostEvent::Rejected {
                code: RejectCode::BadToken,
                message: format!("refusal {i}"),
                path: "/ballots".into(),
                peer: Some("10.0.0.9:5000".into()),
                panelist_id: None,
            });
        }
        assert_eq!(record.refusals.len(), REFUSALS_KEPT);
        assert_eq!(
            record.refusals[0].message,
            format!("refusal {}", REFUSALS_KEPT + 4)
        );
        assert_eq!(record.refusals[0].code, "bad_token");
    }

    #[test]
    fn what_came_back_follows_the_panel_order_and_entry_numbers() {
        let (a, b, stranger) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let (e1, e2) = (Uuid::new_v4(), Uuid::new_v4());
        let roster = Roster {
            names: HashMap::from([(a, "Ani".to_string()), (b, "Budi".to_string())]),
            numbers: HashMap::from([(e1, 1), (e2, 2)]),
            order: vec![b, a],
        };
        let mut record = Record::starting_now();
        for (panelist_id, entry_id, revision) in [(a, e2, 1), (a, e1, 2), (a, e1, 1)] {
            record.note(&HostEvent::BallotStored {
                panelist_id,
                entry_id,
                revision,
            });
        }
        record.note(&HostEvent::BallotRepeated {
            panelist_id: b,
            entry_id: e1,
            revision: 1,
        });
        record.note(&HostEvent::BallotStored {
            panelist_id: stranger,
            entry_id: Uuid::new_v4(),
            revision: 1,
        });
        let back = came_back(&record, &roster);
        assert_eq!(back.since, record.since);
        assert!(back.since.is_some());
        assert_eq!((back.new_total, back.repeated_total), (4, 1));
        let order: Vec<Uuid> = back.panelists.iter().map(|p| p.panelist_id).collect();
        assert_eq!(order, vec![b, a, stranger]);
        assert_eq!(back.panelists[0].name, "Budi");
        assert!(back.panelists[0].new.is_empty());
        assert_eq!(back.panelists[0].repeated.len(), 1);
        let ani: Vec<(Option<u32>, u32)> = back.panelists[1]
            .new
            .iter()
            .map(|b| (b.no, b.revision))
            .collect();
        assert_eq!(ani, vec![(Some(1), 1), (Some(1), 2), (Some(2), 1)]);
        assert_eq!(back.panelists[2].name, "");
        assert_eq!(back.panelists[2].new[0].no, None);
    }

    #[test]
    fn the_bind_address_defaults_and_a_bad_one_is_named() {
        assert_eq!(
            parse_bind("  ").unwrap(),
            DEFAULT_BIND.parse::<SocketAddr>().unwrap()
        );
        assert_eq!(
            parse_bind("127.0.0.1:0").unwrap(),
            "127.0.0.1:0".parse::<SocketAddr>().unwrap()
        );
        let e = parse_bind("hotel").unwrap_err();
        assert_eq!(e.code(), "bad_address");
        assert!(e.to_string().contains("\"hotel\""), "{e}");
    }
}
