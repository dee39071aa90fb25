//! Join codes: short, single-use, expiring codes the secretariat hands each panelist, and the
//! limiter that makes guessing them pointless. Pure book-keeping: every call takes the
//! instant, so tests can move time.
//!
//! A code is 8 characters from a 31-letter alphabet without look-alikes (no 0/O, 1/I/L),
//! about 40 bits, shown as `ABCD-EFGH`; typing ignores case, spaces and dashes. A panelist
//! has at most one live code: issuing a new one replaces the old. A code is spent by a
//! successful join and dies at its expiry. Failed attempts are counted per address and
//! overall; past either limit, joins are refused until the window has passed.

use rand_core::{OsRng, RngCore};
use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The letters codes are made of.
pub const ALPHABET: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// Characters in a code.
pub const CODE_LEN: usize = 8;

/// A code as typed, normalised: upper case, without spaces and dashes.
pub fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// A code for display: `ABCD-EFGH`.
pub fn display(code: &str) -> String {
    let code = normalize(code);
    if code.len() == CODE_LEN && code.is_ascii() {
        format!("{}-{}", &code[..4], &code[4..])
    } else {
        code
    }
}

/// A fresh random code (normalised).
fn random_code() -> String {
    let mut out = String::with_capacity(CODE_LEN);
    let mut buf = [0u8; 1];
    while out.len() < CODE_LEN {
        OsRng.fill_bytes(&mut buf);
        // Rejection sampling keeps the letters equally likely.
        if usize::from(buf[0]) < ALPHABET.len() * 8 {
            out.push(char::from(ALPHABET[usize::from(buf[0]) % ALPHABET.len()]));
        }
    }
    out
}

/// Why a code was not accepted. The host answers all of them alike (`bad_code`), so a
/// guesser learns nothing; the log tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    /// No such code (never issued, already used, or replaced by a newer one).
    Unknown,
    /// The code was issued but its time is up.
    Expired,
}

#[derive(Debug, Clone)]
struct Pending {
    panelist_id: Uuid,
    expires: Instant,
}

/// The live join codes of one host.
#[derive(Debug)]
pub struct JoinCodes {
    ttl: Duration,
    codes: HashMap<String, Pending>,
}

impl JoinCodes {
    /// Codes that live for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        JoinCodes {
            ttl,
            codes: HashMap::new(),
        }
    }

    /// How long a code lives.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A new code for the panelist, replacing any code they had.
    pub fn issue(&mut self, panelist_id: Uuid, now: Instant) -> String {
        self.sweep(now);
        self.codes.retain(|_, p| p.panelist_id != panelist_id);
        loop {
            let code = random_code();
            if !self.codes.contains_key(&code) {
                self.codes.insert(
                    code.clone(),
                    Pending {
                        panelist_id,
                        expires: now + self.ttl,
                    },
                );
                return code;
            }
        }
    }

    /// The panelist a code is for, without spending it.
    pub fn check(&self, code: &str, now: Instant) -> Result<Uuid, CodeProblem> {
        match self.codes.get(&normalize(code)) {
            None => Err(CodeProblem::Unknown),
            Some(p) if now >= p.expires => Err(CodeProblem::Expired),
            Some(p) => Ok(p.panelist_id),
        }
    }

    /// Spends a code (a successful join): it is never accepted again.
    pub fn spend(&mut self, code: &str) {
        self.codes.remove(&normalize(code));
    }

    /// Forgets the panelist's code, if any (the station was revoked or joined otherwise).
    pub fn withdraw(&mut self, panelist_id: Uuid) {
        self.codes.retain(|_, p| p.panelist_id != panelist_id);
    }

    /// Drops expired codes.
    pub fn sweep(&mut self, now: Instant) {
        self.codes.retain(|_, p| now < p.expires);
    }
}

/// A sliding count of failures within a window.
#[derive(Debug, Default, Clone)]
struct Window {
    failures: Vec<Instant>,
}

impl Window {
    fn count(&mut self, now: Instant, window: Duration) -> usize {
        self.failures.retain(|t| now.duration_since(*t) < window);
        self.failures.len()
    }
}

/// Limits failed join attempts per source address and overall.
#[derive(Debug)]
pub struct JoinLimiter {
    window: Duration,
    per_peer: usize,
    overall: usize,
    peers: HashMap<IpAddr, Window>,
    all: Window,
}

impl JoinLimiter {
    /// At most `per_peer` failures per address and `overall` failures in all per `window`.
    pub fn new(window: Duration, per_peer: usize, overall: usize) -> Self {
        JoinLimiter {
            window,
            per_peer,
            overall,
            peers: HashMap::new(),
            all: Window::default(),
        }
    }

    /// Whether a join attempt from `peer` may be looked at now.
    pub fn allows(&mut self, peer: IpAddr, now: Instant) -> bool {
        let window = self.window;
        if self.all.count(now, window) >= self.overall {
            return false;
        }
        match self.peers.get_mut(&peer) {
            Some(w) => w.count(now, window) < self.per_peer,
            None => true,
        }
    }

    /// Counts a failed attempt from `peer`.
    pub fn failed(&mut self, peer: IpAddr, now: Instant) {
        let window = self.window;
        // Bounded memory: forget addresses whose failures have all aged out.
        if self.peers.len() > 4096 {
            self.peers.retain(|_, w| w.count(now, window) > 0);
        }
        let own = self.peers.entry(peer).or_default();
        own.count(now, window);
        own.failures.push(now);
        self.all.count(now, window);
        self.all.failures.push(now);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_unambiguous_and_typed_loosely() {
        let mut codes = JoinCodes::new(Duration::from_secs(600));
        let now = Instant::now();
        let p = Uuid::new_v4();
        let code = codes.issue(p, now);
        assert_eq!(code.len(), CODE_LEN);
        assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
        let shown = display(&code);
        assert_eq!(shown.len(), 9);
        assert_eq!(codes.check(&shown.to_lowercase(), now), Ok(p));
        assert_eq!(codes.check(&format!(" {shown} "), now), Ok(p));
    }

    #[test]
    fn a_code_is_single_use() {
        let mut codes = JoinCodes::new(Duration::from_secs(600));
        let now = Instant::now();
        let p = Uuid::new_v4();
        let code = codes.issue(p, now);
        assert_eq!(codes.check(&code, now), Ok(p));
        codes.spend(&code);
        assert_eq!(codes.check(&code, now), Err(CodeProblem::Unknown));
    }

    #[test]
    fn a_code_expires() {
        let mut codes = JoinCodes::new(Duration::from_secs(600));
        let now = Instant::now();
        let code = codes.issue(Uuid::new_v4(), now);
        let later = now + Duration::from_secs(599);
        assert!(codes.check(&code, later).is_ok());
        let late = now + Duration::from_secs(600);
        assert_eq!(codes.check(&code, late), Err(CodeProblem::Expired));
        codes.sweep(late);
        assert_eq!(codes.check(&code, late), Err(CodeProblem::Unknown));
    }

    #[test]
    fn a_new_code_replaces_the_panelists_old_one() {
        let mut codes = JoinCodes::new(Duration::from_secs(600));
        let now = Instant::now();
        let (p, q) = (Uuid::new_v4(), Uuid::new_v4());
        let old = codes.issue(p, now);
        let other = codes.issue(q, now);
        let new = codes.issue(p, now);
        assert_eq!(codes.check(&old, now), Err(CodeProblem::Unknown));
        assert_eq!(codes.check(&new, now), Ok(p));
        assert_eq!(codes.check(&other, now), Ok(q));
        codes.withdraw(p);
        assert_eq!(codes.check(&new, now), Err(CodeProblem::Unknown));
    }

    #[test]
    fn failures_are_limited_per_address_then_overall_and_forgiven_later() {
        let mut limit = JoinLimiter::new(Duration::from_secs(60), 3, 5);
        let now = Instant::now();
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert!(limit.allows(a, now));
            limit.failed(a, now);
        }
        assert!(!limit.allows(a, now), "a is over its own limit");
        assert!(limit.allows(b, now), "b is not");
        limit.failed(b, now);
        limit.failed(b, now);
        let c: IpAddr = "127.0.0.3".parse().unwrap();
        assert!(!limit.allows(c, now), "five failures in all stop everyone");
        let later = now + Duration::from_secs(61);
        assert!(limit.allows(a, later));
        assert!(limit.allows(c, later));
    }
}
