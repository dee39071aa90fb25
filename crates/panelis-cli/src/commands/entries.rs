//! `panelis entries`, `panelis import shortlist`, `panelis export entries`: the shortlisted
//! innovations, brought in from the sheet the secretariat was given and written back out.

use super::{Db, Outcome};
use crate::failure::{Failure, Result};
use crate::output;
use panelis_core::shortlist::{self, ImportPlan};
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
    /// The shortlist: a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods), or CSV as Excel saves it
    /// (`,` or `;`).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The worksheet to read (default: the one whose header matches best).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// Map a column by hand, as in the app's preview: the column's letter or header name,
    /// then a field (no, title, agency, unit, region, innovators, category, cluster, or `-`
    /// to leave the column out). Repeatable: `--map H=category --map "NO. HP"=-`.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
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

/// Lists the entries by number: No, title, agency, unit, region, innovators, category,
/// cluster.
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
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                e.no, e.title, e.agency, e.unit, e.region, e.innovators, e.category, e.cluster
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
    let sheet = shortlist::read_sheet(&args.file, args.sheet.as_deref())?;
    let mapping = mapped_by_hand(&sheet, &args.map)?;
    let shortlist = shortlist::parse(&sheet, mapping.as_ref())?;
    print_left_out(&shortlist);
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

/// The guessed mapping with the user's `--map COLUMN=FIELD` corrections, or `None` (guess)
/// when there are none.
fn mapped_by_hand(
    sheet: &shortlist::Sheet,
    map: &[String],
) -> Result<Option<shortlist::ColumnMapping>> {
    if map.is_empty() {
        return Ok(None);
    }
    let invalid = |reason: String| Failure::usage("--map", reason);
    let mut mapping =
        shortlist::guess_mapping(sheet).unwrap_or_else(|| shortlist::mapping_at(sheet, 0));
    for one in map {
        let Some((column, field)) = one.rsplit_once('=') else {
            return Err(invalid(format!("{one:?} is not COLUMN=FIELD")));
        };
        let field = match field.trim() {
            "-" | "" => None,
            name => Some(shortlist::Field::named(name).ok_or_else(|| {
                invalid(format!(
                    "{name:?} is no field; use no, title, agency, unit, region, innovators, category, cluster or -"
                ))
            })?),
        };
        mapping.assign(column, field).map_err(|columns| {
            invalid(format!(
                "the sheet has no column {column:?}; its columns: {}",
                columns.join(", ")
            ))
        })?;
    }
    Ok(Some(mapping))
}

/// Says which sheet was read, every column not imported and every row left out, so nothing
/// is dropped in silence.
fn print_left_out(list: &shortlist::Shortlist) {
    let lang = output::lang();
    if let Some(sheet) = &list.sheet {
        println!("{}: {sheet:?}", lang.pick("lembar", "sheet"));
    }
    let columns = list.mapping.not_imported();
    if !columns.is_empty() {
        println!(
            "{}: {}",
            lang.pick("kolom tidak diimpor", "columns not imported"),
            columns.join(", ")
        );
    }
    if !list.left_out.is_empty() {
        println!(
            "{}:",
            lang.pick("baris yang bukan inovasi", "rows that are not entries")
        );
        for row in &list.left_out {
            println!(
                "  {} {}: {} ({})",
                lang.pick("baris", "row"),
                row.row,
                output::one_line(&row.text),
                row.why.label(lang)
            );
        }
    }
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
