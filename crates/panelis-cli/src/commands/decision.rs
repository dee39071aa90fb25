//! `panelis quorum` and `panelis decide`: the ballots still missing, and the panel's decision
//! recorded on top of the ranking (the order of tied entries, departures with their reasons,
//! the outcomes and their seats). Every rule is the core's; this prints what it says.

use super::{Db, Outcome};
use crate::failure::{Failure, Result};
use crate::output;
use panelis_core::decision::{NewOutcome, OutcomeScope, DEFAULT_NEAR_TIE_HUNDREDTHS};
use panelis_core::store::{DecideRequest, DecisionView};

#[derive(clap::Args)]
pub struct QuorumArgs {
    /// Print JSON: expected, counted and every missing ballot (entry, panelist).
    #[arg(long)]
    json: bool,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// The decision: the agreed order, outcomes, seats, ties and departures.
    Show {
        /// Print the whole view as JSON.
        #[arg(long)]
        json: bool,
        /// Mark final scores this close as a near-tie, in points (default 0.5).
        #[arg(long, value_name = "POINTS")]
        near_tie: Option<String>,
    },
    /// Order entries: those that share a rank in the order given; any other order needs
    /// --reason and is marked as a departure from score order.
    Order {
        /// Entry numbers in the agreed order, e.g. 8,3.
        #[arg(value_delimiter = ',', value_name = "NO,NO")]
        entries: Vec<u32>,
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
    },
    /// Take an entry out of the order the panel agreed (back to score order).
    Unorder {
        #[arg(value_name = "NO")]
        entry: u32,
    },
    /// Define the outcomes, best first, as NAME=SEATS or NAME=SEATS/SCOPE (SCOPE overall,
    /// cluster or proportional); without any, list them.
    Outcomes {
        #[arg(value_name = "NAME=SEATS[/SCOPE]")]
        outcomes: Vec<String>,
        /// The scope of outcomes that do not name theirs.
        #[arg(long, default_value = "overall", value_name = "SCOPE")]
        scope: String,
    },
    /// Give an entry an outcome (over a higher-placed entry only with --reason).
    Give {
        #[arg(value_name = "NO")]
        entry: u32,
        #[arg(value_name = "OUTCOME")]
        outcome: String,
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
    },
    /// Take an entry's outcome back.
    Take {
        #[arg(value_name = "NO")]
        entry: u32,
    },
    /// Propose outcomes by score order (per cluster where the seats are), and with --apply
    /// give them.
    Propose {
        #[arg(long)]
        apply: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn quorum(db: &Db, args: QuorumArgs) -> Result<Outcome> {
    let store = db.open_for_results()?;
    let q = store.quorum()?;
    if args.json {
        output::json(&q)?;
    } else {
        println!(
            "{} of {} expected ballots counted over {} entries",
            q.counted, q.expected, q.entries
        );
        if q.missing.is_empty() {
            println!("complete: no ballot is missing");
        } else {
            println!("missing {}:", q.missing.len());
            println!("no\tpanelist\ttitle");
            for m in &q.missing {
                println!("{}\t{}\t{}", m.no, m.panelist, m.title);
            }
        }
    }
    Ok(if q.is_complete() {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

/// "0.5" or "1,25" points -> hundredths.
fn hundredths(text: &str) -> Result<u32> {
    let bad = || {
        Failure::usage(
            "--near-tie",
            format!("{text:?} is not a number of points such as 0.5"),
        )
    };
    let text = text.trim().replace(',', ".");
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    if frac.len() > 2 || (whole.is_empty() && frac.is_empty()) {
        return Err(bad());
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(bad)
}

fn parse_outcome(text: &str, default: OutcomeScope) -> Result<NewOutcome> {
    let bad = |why: &str| Failure::usage("outcome", format!("{text:?}: {why}"));
    let (name, rest) = text
        .rsplit_once('=')
        .ok_or_else(|| bad("write NAME=SEATS, e.g. \"Juara I=1\""))?;
    let (seats, scope) = match rest.split_once('/') {
        Some((seats, scope)) => (
            seats,
            OutcomeScope::parse(scope)
                .ok_or_else(|| bad("the scope is overall, cluster or proportional"))?,
        ),
        None => (rest, default),
    };
    let seats: u32 = seats
        .trim()
        .parse()
        .map_err(|_| bad("the seats are a whole number"))?;
    Ok(NewOutcome {
        name: name.trim().to_string(),
        seats,
        scope,
    })
}

fn print_view(view: &DecisionView) {
    let lang = output::lang();
    println!("place\tno\tscore\toutcome\tcluster\ttitle\tremarks");
    for r in &view.evaluation.rows {
        let mut remarks = Vec::new();
        if r.tie_open {
            remarks.push(format!(
                "tied at rank {}, not ordered yet",
                r.rank.unwrap_or(0)
            ));
        } else if r.tied {
            remarks.push("tie ordered by the panel".to_string());
        }
        if r.near_tie {
            remarks.push(format!("near-tie (within {})", view.near_tie));
        }
        if !r.departs_over.is_empty() {
            remarks.push(format!(
                "DEPARTURE: placed above {}",
                finalization_numbers(&r.departs_over)
            ));
        }
        if let Some(reason) = &r.order_reason {
            remarks.push(format!("order: {reason}"));
        }
        if !r.outcome_over.is_empty() {
            remarks.push(format!(
                "DEPARTURE: outcome over {}",
                finalization_numbers(&r.outcome_over)
            ));
        }
        if let Some(reason) = &r.outcome_reason {
            remarks.push(format!("outcome: {reason}"));
        }
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.place.map(|p| p.to_string()).unwrap_or_else(|| "-".into()),
            r.no,
            r.score.as_deref().unwrap_or("-"),
            r.outcome.as_deref().unwrap_or("-"),
            if r.cluster.is_empty() {
                "-"
            } else {
                &r.cluster
            },
            r.title,
            remarks.join("; ")
        );
    }
    if !view.evaluation.seats.is_empty() {
        println!("\nseats");
        for s in &view.evaluation.seats {
            println!(
                "{}{}\t{} of {} given",
                s.outcome,
                s.cluster
                    .as_ref()
                    .map(|c| format!(" ({})", if c.is_empty() { "no cluster" } else { c }))
                    .unwrap_or_default(),
                s.given,
                s.seats
            );
        }
    }
    for a in &view.evaluation.apportionments {
        println!(
            "\n{}: {} seats shared by largest remainder",
            a.outcome, a.seats
        );
        println!("cluster\tentries\tquota\tfloor\tremainder\tseats");
        for l in &a.lines {
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}{}{}",
                if l.cluster.is_empty() {
                    "-"
                } else {
                    &l.cluster
                },
                l.entries,
                l.quota_display,
                l.floor,
                l.remainder_display,
                l.seats,
                if l.extra { " (+1 by remainder)" } else { "" },
                if l.remainder_tie {
                    " (equal remainder: the panel decides)"
                } else {
                    ""
                }
            );
        }
    }
    for p in &view.evaluation.problems {
        println!("problem: {}", p.message(lang));
    }
    if !view.quorum.missing.is_empty() {
        println!(
            "\n{} ballot(s) missing (panelis quorum lists them)",
            view.quorum.missing.len()
        );
    }
}

fn finalization_numbers(list: &[u32]) -> String {
    super::finalization::numbers(list)
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    let mut store = match cmd {
        Command::Show { .. } => db.open_for_results()?,
        _ => db.open_as_secretariat()?,
    };
    let request = match cmd {
        Command::Show { json, near_tie } => {
            let margin = match near_tie {
                Some(text) => hundredths(&text)?,
                None => DEFAULT_NEAR_TIE_HUNDREDTHS,
            };
            let view = store.decision_view(margin)?;
            if json {
                output::json(&view)?;
            } else {
                print_view(&view);
            }
            return Ok(Outcome::Ok);
        }
        Command::Outcomes { outcomes, scope } => {
            if !outcomes.is_empty() {
                let default = OutcomeScope::parse(&scope).ok_or_else(|| {
                    Failure::usage("--scope", "the scope is overall, cluster or proportional")
                })?;
                let new = outcomes
                    .iter()
                    .map(|o| parse_outcome(o, default))
                    .collect::<Result<Vec<_>>>()?;
                store.set_outcomes(&new)?;
            }
            for o in store.outcomes()? {
                println!("{}\t{} seat(s)\t{}", o.name, o.seats, o.scope.as_text());
            }
            return Ok(Outcome::Ok);
        }
        Command::Propose { apply, json } => {
            let proposal = store.propose_outcomes()?;
            if apply {
                store.apply_proposal()?;
            }
            if json {
                output::json(&proposal)?;
            } else {
                for c in &proposal.changes {
                    println!(
                        "{}\t{} -> {}\t{}",
                        c.no,
                        c.from.as_deref().unwrap_or("-"),
                        c.to.as_deref().unwrap_or("-"),
                        c.title
                    );
                }
                println!(
                    "{} change(s) {}",
                    proposal.changes.len(),
                    if apply {
                        "given"
                    } else {
                        "proposed; --apply gives them"
                    }
                );
            }
            return Ok(Outcome::Ok);
        }
        Command::Order { entries, reason } => DecideRequest::Order { entries, reason },
        Command::Unorder { entry } => DecideRequest::ClearOrder { entry },
        Command::Give {
            entry,
            outcome,
            reason,
        } => DecideRequest::Outcome {
            entry,
            outcome: Some(outcome),
            reason,
        },
        Command::Take { entry } => DecideRequest::Outcome {
            entry,
            outcome: None,
            reason: String::new(),
        },
    };
    store.decide(&request)?;
    let view = store.decision_view(DEFAULT_NEAR_TIE_HUNDREDTHS)?;
    print_view(&view);
    Ok(Outcome::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_tie_points_read_as_hundredths() {
        assert_eq!(hundredths("0.5").ok(), Some(50));
        assert_eq!(hundredths("1,25").ok(), Some(125));
        assert_eq!(hundredths("2").ok(), Some(200));
        assert_eq!(hundredths(".05").ok(), Some(5));
        assert!(hundredths("0.125").is_err());
        assert!(hundredths("x").is_err());
        assert!(hundredths("").is_err());
    }

    #[test]
    fn outcomes_read_with_their_scope() {
        let o = parse_outcome("Juara I=1", OutcomeScope::Cluster).ok();
        assert_eq!(
            o.map(|o| (o.name, o.seats, o.scope)),
            Some(("Juara I".into(), 1, OutcomeScope::Cluster))
        );
        let o = parse_outcome("Lolos = verifikasi=30/proportional", OutcomeScope::Overall).ok();
        assert_eq!(
            o.map(|o| (o.name, o.seats, o.scope)),
            Some(("Lolos = verifikasi".into(), 30, OutcomeScope::Proportional))
        );
        assert!(parse_outcome("Juara I", OutcomeScope::Overall).is_err());
        assert!(parse_outcome("Juara I=satu", OutcomeScope::Overall).is_err());
        assert!(parse_outcome("Juara I=1/region", OutcomeScope::Overall).is_err());
    }
}
