//! `panelis results`: the ranked results table (text, JSON or .xlsx), computed by the core
//! from the counted ballots.

use super::{Db, Outcome};
use crate::failure::Result;
use crate::output;
use panelis_core::results::{self, ResultOptions, ResultTable, Standing};
use panelis_core::{Error, Store};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ResultsArgs {
    /// Print JSON: an array in rank order with rank, no, title, score, ballots, tied, ...
    #[arg(long)]
    json: bool,
    /// Also write the results to this .xlsx workbook.
    #[arg(long, value_name = "FILE.xlsx")]
    xlsx: Option<PathBuf>,
    /// Flag a panelist's total more than this many points from the others' mean.
    #[arg(long, default_value_t = results::DEFAULT_OUTLIER_POINTS, value_name = "POINTS")]
    outlier_points: u32,
    /// Also show the view normalized per panelist (z-scores); a view, not the result.
    #[arg(long)]
    z_scores: bool,
}

/// The results table of the open competition, from the counted ballots.
pub fn compute(store: &Store, options: ResultOptions) -> Result<ResultTable> {
    Ok(store.results(options)?)
}

pub fn run(db: &Db, args: ResultsArgs) -> Result<Outcome> {
    let store = db.open_for_results()?;
    let table = compute(
        &store,
        ResultOptions {
            outlier_points: args.outlier_points,
            z_scores: args.z_scores,
        },
    )?;
    let rows = table.rows_for_display();
    if let Some(path) = &args.xlsx {
        let bytes = panelis_report::xlsx::results_xlsx(&table, output::lang())?;
        std::fs::write(path, bytes).map_err(|e| Error::Io {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if !args.json {
            println!("wrote {}", path.display());
        }
    }
    if args.json {
        // Each row also says what the panel decided of it (place, outcome, reasons).
        let decided = store.decided_rows(ResultOptions {
            outlier_points: args.outlier_points,
            z_scores: false,
        })?;
        if args.z_scores {
            output::json(&serde_json::json!({
                "rows": decided,
                "z_score_view": table.z_view,
            }))?;
        } else {
            output::json(&decided)?;
        }
        return Ok(Outcome::Ok);
    }
    println!("rank\tno\tscore\tballots\ttied\ttitle");
    for r in &rows {
        println!(
            "{}\t{}\t{}\t{}/{}\t{}\t{}{}",
            r.rank.map(|k| k.to_string()).unwrap_or_else(|| "-".into()),
            r.no,
            match (&r.score, r.standing) {
                (Some(score), _) => score.as_str(),
                (None, Standing::Absent) => "absent",
                (None, _) => "-",
            },
            r.ballots,
            r.expected,
            if r.tied { "tied" } else { "" },
            r.title,
            if r.outliers.is_empty() {
                String::new()
            } else {
                format!("  (far from the others: {})", r.outliers.join(", "))
            }
        );
    }
    if let Some(view) = &table.z_view {
        println!("\n{}", view.label);
        for (row, (_, z)) in table.rows.iter().zip(&view.entries) {
            println!(
                "{}\t{}",
                row.entry.no,
                z.map(|z| format!("{z:+.2}")).unwrap_or_else(|| "-".into())
            );
        }
    }
    for s in &table.skipped {
        eprintln!("not counted: ballot {}: {}", s.ballot_id, s.message_en);
    }
    Ok(Outcome::Ok)
}
