//! The results as an .xlsx workbook: a "Hasil" sheet in rank order (the same rows as
//! `panelis results --json`, scores as numbers shown with two decimals) and a "Rekap" sheet
//! with every panelist's total per entry.

use crate::error::{ReportError, Result};
use panelis_core::lang::Lang;
use panelis_core::results::{Cell, ResultTable, Standing};
use rust_xlsxwriter::{Format, Workbook};

fn err(e: impl std::fmt::Display) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

/// The workbook's bytes.
pub fn results_xlsx(results: &ResultTable, lang: Lang) -> Result<Vec<u8>> {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let two = Format::new().set_num_format("0.00");

    let sheet = book.add_worksheet();
    sheet.set_name(t("Hasil", "Results")).map_err(err)?;
    let headers = [
        t("Peringkat", "Rank"),
        t("No", "No"),
        t("Inovasi", "Innovation"),
        t("Instansi", "Agency"),
        t("Nilai akhir", "Final score"),
        t("Panelis menilai", "Ballots"),
        t("Panelis diharapkan", "Expected"),
        t("Abstain", "Abstentions"),
        t("Seri", "Tied"),
        t("Rentang", "Spread"),
        t("Nilai menyimpang", "Outliers"),
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (i, (row, r)) in results
        .rows_for_display()
        .iter()
        .zip(&results.rows)
        .enumerate()
    {
        let y = i as u32 + 1;
        if let Some(rank) = row.rank {
            sheet.write(y, 0, rank).map_err(err)?;
        }
        sheet.write(y, 1, row.no).map_err(err)?;
        sheet.write(y, 2, &row.title).map_err(err)?;
        sheet.write(y, 3, &row.agency).map_err(err)?;
        if let Some(score) = r.score {
            sheet
                .write_with_format(y, 4, score.to_f64(), &two)
                .map_err(err)?;
        } else if r.standing == Standing::Absent {
            // No score because it did not present: said in the score's place.
            sheet.write(y, 4, t("tidak hadir", "absent")).map_err(err)?;
        }
        sheet.write(y, 5, row.ballots).map_err(err)?;
        sheet.write(y, 6, row.expected).map_err(err)?;
        sheet.write(y, 7, row.abstentions).map_err(err)?;
        sheet
            .write(y, 8, if row.tied { t("seri", "tied") } else { "" })
            .map_err(err)?;
        if let Some(spread) = r.spread {
            sheet
                .write_with_format(y, 9, spread.to_f64(), &two)
                .map_err(err)?;
        }
        sheet.write(y, 10, row.outliers.join(", ")).map_err(err)?;
    }
    sheet.set_column_width(2, 45).map_err(err)?;
    sheet.set_column_width(3, 35).map_err(err)?;

    let recap = book.add_worksheet();
    recap.set_name(t("Rekap", "Recap")).map_err(err)?;
    recap
        .write_with_format(0, 0, t("No", "No"), &bold)
        .map_err(err)?;
    recap
        .write_with_format(0, 1, t("Inovasi", "Innovation"), &bold)
        .map_err(err)?;
    for (k, p) in results.panelists.iter().enumerate() {
        recap
            .write_with_format(0, k as u16 + 2, &p.name, &bold)
            .map_err(err)?;
    }
    let last = results.panelists.len() as u16 + 2;
    recap
        .write_with_format(0, last, t("Nilai akhir", "Final score"), &bold)
        .map_err(err)?;
    for (i, r) in results.rows.iter().enumerate() {
        let y = i as u32 + 1;
        recap.write(y, 0, r.entry.no).map_err(err)?;
        recap.write(y, 1, &r.entry.title).map_err(err)?;
        for (k, cell) in r.cells.iter().enumerate() {
            let x = k as u16 + 2;
            match cell {
                Cell::Counted(b) => recap
                    .write_with_format(y, x, b.total.to_f64(), &two)
                    .map(|_| ()),
                Cell::Abstained { .. } => recap.write(y, x, "abs").map(|_| ()),
                Cell::Missing | Cell::Absent | Cell::Retired => Ok(()),
            }
            .map_err(err)?;
        }
        if let Some(score) = r.score {
            recap
                .write_with_format(y, last, score.to_f64(), &two)
                .map_err(err)?;
        }
    }
    recap.set_column_width(1, 45).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    #[test]
    fn workbook_is_a_zip() {
        let s = crate::sample::sample(6, 3);
        let bytes = super::results_xlsx(&s.results, panelis_core::lang::Lang::Id).expect("xlsx");
        assert!(bytes.starts_with(b"PK"));
    }
}
