//! `panelis entries`, `panelis import shortlist`, `panelis export entries`: the shortlisted
//! innovations, brought in from the sheet the secretariat was given and written back out.

use super::{Db, Outcome};
use crate::output;
use panelis_core::shortlist::{self, ImportPlan};
use panelis_core::Result;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ListArgs {
    /// Print JSON instead of tab-separated lines.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ShortlistArgs {
    /// The shortlist: an .xlsx workbook, or CSV as Excel saves it (`,` or `;`).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// When the competition already has entries, apply the changes shown (matched by No).
    #[arg(long)]
    apply: bool,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The .xlsx file to write.
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
}

/// Lists the entries by number: No, title, agency, unit, region, innovators, category.
pub fn list(db: &Db, args: ListArgs) -> Result<Outcome> {
    let entries = db.open()?.entries()?;
    if args.json {
        output::json(&entries)?;
    } else {
        // Written by hand so that `panelis entries | head` ends quietly when the pipe closes.
        let mut out = std::io::stdout().lock();
        for e in entries {
            let line = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                e.no, e.title, e.agency, e.unit, e.region, e.innovators, e.category
            );
            if line.is_err() {
                break;
            }
        }
    }
    Ok(Outcome::Ok)
}

/// Imports a shortlist: everything at once into an empty competition; otherwise shows the
/// changes and applies them only with `--apply`. Nothing is written when the sheet has any
/// problem.
pub fn import_shortlist(db: &Db, args: ShortlistArgs) -> Result<Outcome> {
    let mut store = db.open()?;
    let shortlist = shortlist::import_file(&args.file, None)?;
    let left_out = shortlist.mapping.not_imported();
    if !left_out.is_empty() {
        // Nothing dropped in silence: every column no field takes is named.
        println!(
            "{}: {}",
            output::lang().pick("kolom tidak diimpor", "columns not imported"),
            left_out.join(", ")
        );
    }
    let incoming = shortlist.new_entries();
    if store.entries()?.is_empty() {
        let plan = store.import_shortlist(&incoming)?;
        println!("imported {} entries", plan.added.len());
        return Ok(Outcome::Ok);
    }
    let plan = store.plan_shortlist(&incoming)?;
    if plan.is_empty() {
        println!(
            "no changes: the {} entries already match {}",
            plan.unchanged, shortlist.source
        );
        return Ok(Outcome::Ok);
    }
    print_plan(&plan);
    if args.apply {
        store.apply_shortlist(&plan)?;
        println!(
            "applied: {} added, {} changed, {} removed",
            plan.added.len(),
            plan.changed.len(),
            plan.removed.len()
        );
    } else {
        println!("nothing changed yet: run again with --apply to apply these changes");
    }
    Ok(Outcome::Ok)
}

/// One line per added (+), changed (~) and removed (-) entry, then the counts.
fn print_plan(plan: &ImportPlan) {
    let lang = output::lang();
    let agency = |a: &str| {
        if a.is_empty() {
            String::new()
        } else {
            format!(" ({a})")
        }
    };
    for e in &plan.added {
        println!("+ {} {:?}{}", e.no, e.title, agency(&e.agency));
    }
    for c in &plan.changed {
        let fields: Vec<String> = c
            .fields
            .iter()
            .map(|f| {
                format!(
                    "{} {:?} -> {:?}",
                    f.field.label(lang).to_lowercase(),
                    f.before,
                    f.after
                )
            })
            .collect();
        println!(
            "~ {} {:?}: {}",
            c.no,
            c.after.title,
            output::one_line(&fields.join("; "))
        );
    }
    for e in &plan.removed {
        println!("- {} {:?}{}", e.no, e.title, agency(&e.agency));
    }
    println!(
        "{} to add, {} to change, {} to remove, {} unchanged",
        plan.added.len(),
        plan.changed.len(),
        plan.removed.len(),
        plan.unchanged
    );
}

/// Writes the entry list to an .xlsx file, column names in the user's language.
pub fn export(db: &Db, args: ExportArgs) -> Result<Outcome> {
    let entries = db.open()?.entries()?;
    shortlist::export_xlsx(&entries, &args.out, output::lang())?;
    println!(
        "exported {} entries to {}",
        entries.len(),
        args.out.display()
    );
    Ok(Outcome::Ok)
}
