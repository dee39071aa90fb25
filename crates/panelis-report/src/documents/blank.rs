//! Lembar penilaian (kosong): blank paper score sheets for a panelist whose laptop failed, one
//! page per entry they score, with the rubric (label, weight, scale, guidance), a box per
//! criterion and for the note, a signature and date line, and a QR code naming the panelist
//! and the entry ([`panelis_core::ballot::paper::scan_code`]). A form, not an official
//! document: never signed, never recorded, and every footer says so.

use super::{role, save, start};
use crate::error::{ContentRefusal, ReportError, Result};
use crate::layout::{
    clean, line_height, Align, Column, Orientation, Running, Style, Writer, MARGIN,
};
use chrono::{DateTime, FixedOffset, Utc};
use panelis_core::ballot::paper::scan_code;
use panelis_core::lang::Lang;
use panelis_core::model::{Competition, Conflict, Criterion, Entry, Panelist, Rubric};

/// What the blank sheets are made from.
#[derive(Debug, Clone, Copy)]
pub struct BlankSheetsInput<'a> {
    pub competition: &'a Competition,
    pub rubric: &'a Rubric,
    /// The shortlist; printed by entry number.
    pub entries: &'a [Entry],
    /// Whom to print for, in this order (one panelist, or the whole panel).
    pub panelists: &'a [Panelist],
    /// A panelist gets no sheet for an entry they have a conflict of interest on.
    pub conflicts: &'a [Conflict],
    /// When, in the venue's time, printed in the footer.
    pub printed_at: DateTime<FixedOffset>,
}

/// The blank sheets as a PDF, and what it holds.
#[derive(Debug, Clone)]
pub struct BlankSheets {
    pub pdf: Vec<u8>,
    /// One per panelist and entry they score.
    pub sheets: usize,
    /// Pages in the file: as many as sheets unless a very long rubric needs two pages.
    pub pages: usize,
    /// The panelists with at least one sheet, by name.
    pub panelists: Vec<String>,
    /// Sheets not printed because the panelist abstains on the entry (conflict of interest).
    pub left_out: usize,
}

/// The document's title.
pub fn title(lang: Lang) -> &'static str {
    lang.pick("Lembar Penilaian (kosong)", "Blank score sheet")
}

/// Font sizes of the rubric table: criterion labels, guidance, the other cells.
const LABEL: f32 = 9.0;
const GUIDANCE: f32 = 7.5;
const CELL: f32 = 8.5;
/// The smallest height of a criterion's row, so its score box takes handwriting.
const ROW_MIN: f32 = 13.0;
/// The note box's height: at most, and the least worth printing on the page.
const NOTE_MAX: f32 = 55.0;
const NOTE_MIN: f32 = 22.0;

/// Lays out the blank sheets (unsigned; there is nothing to sign).
pub fn render_blank_sheets(input: &BlankSheetsInput<'_>, lang: Lang) -> Result<BlankSheets> {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let mut entries: Vec<&Entry> = input.entries.iter().collect();
    entries.sort_by_key(|e| e.no);
    let (doc, mut w) = start(title(lang))?;
    let (mut sheets, mut left_out) = (0, 0);
    let mut panelists = Vec::new();
    for panelist in input.panelists {
        let abstains = |e: &Entry| {
            input
                .conflicts
                .iter()
                .any(|c| c.panelist_id == panelist.id && c.entry_id == e.id)
        };
        let (skipped, scored): (Vec<&Entry>, Vec<&Entry>) =
            entries.iter().copied().partition(|e| abstains(e));
        left_out += skipped.len();
        if scored.is_empty() {
            continue;
        }
        panelists.push(panelist.name.clone());
        w.section(
            format!("{}: {}", title(lang), panelist.name),
            Orientation::Portrait,
        );
        for (i, entry) in scored.iter().enumerate() {
            if i > 0 {
                w.new_page();
            }
            w.page_qr(scan_code(panelist.id, entry.no));
            let note = (i == 0 && !skipped.is_empty()).then(|| {
                let numbers: Vec<String> = skipped.iter().map(|e| e.no.to_string()).collect();
                match lang {
                    Lang::Id => format!(
                        "{} lembar tidak dicetak (No {}): panelis abstain karena konflik \
                         kepentingan.",
                        skipped.len(),
                        numbers.join(", ")
                    ),
                    Lang::En => format!(
                        "{} sheet(s) not printed (No {}): the panelist abstains because of a \
                         conflict of interest.",
                        skipped.len(),
                        numbers.join(", ")
                    ),
                }
            });
            sheet(&mut w, input, panelist, entry, note.as_deref(), lang);
            sheets += 1;
        }
    }
    if sheets == 0 {
        return Err(ReportError::Content(if input.entries.is_empty() {
            ContentRefusal::NoEntriesForSheets
        } else if input.panelists.is_empty() {
            ContentRefusal::NoPanelistsForSheets
        } else {
            ContentRefusal::NoSheetToPrint
        }));
    }
    let printed = super::venue_when(
        input.printed_at.with_timezone(&Utc),
        input.printed_at.offset().local_minus_utc() / 60,
        lang,
    )?;
    let running = Running {
        competition: input.competition.name.clone(),
        footer_organizer: None,
        footer_left: t(
            "FORMULIR KOSONG, bukan dokumen hasil resmi: tidak ditandatangani secara digital \
             dan tidak dicatat sebagai dokumen terbit. Nilai dihitung setelah sekretariat \
             mengetiknya ke Panelis.",
            "BLANK FORM, not an official result document: not digitally signed and not \
             recorded as an issued document. Scores count once the secretariat types them \
             into Panelis.",
        )
        .into(),
        footer_hash: format!(
            "{} {printed} · {} {}, {} {} · Panelis {}",
            t("Dicetak", "Printed"),
            t("rubrik", "rubric"),
            input.rubric.name,
            t("versi", "version"),
            input.rubric.version,
            panelis_core::VERSION
        ),
        page_of: t("Halaman {x} dari {y}", "Page {x} of {y}").into(),
        qr_payload: None,
    };
    let pages = w.finish(&running);
    let count = pages.len();
    let pdf = save(
        doc,
        pages,
        input.competition,
        &uuid::Uuid::new_v4().to_string(),
        input.printed_at.with_timezone(&Utc),
    )?;
    Ok(BlankSheets {
        pdf,
        sheets,
        pages: count,
        panelists,
        left_out,
    })
}

/// One entry's sheet for one panelist, from the cursor (below the page's QR code).
fn sheet(
    w: &mut Writer,
    input: &BlankSheetsInput<'_>,
    panelist: &Panelist,
    entry: &Entry,
    left_out: Option<&str>,
    lang: Lang,
) {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let width = w.content_width();
    w.paragraph(
        &format!(
            "{}: {} ({})",
            t("Panelis", "Panelist"),
            panelist.name,
            role(panelist.is_chair, lang)
        ),
        10.0,
        true,
        Align::Left,
    );
    if !panelist.affiliation.trim().is_empty() {
        w.paragraph(&panelist.affiliation, 8.5, false, Align::Left);
    }
    if let Some(text) = left_out {
        w.gap(1.0);
        w.paragraph(text, 8.0, false, Align::Left);
    }
    w.gap(2.5);
    entry_box(w, entry, lang);
    w.gap(2.5);
    w.paragraph(
        &match lang {
            Lang::Id => format!(
                "Tulis satu bilangan bulat dalam rentang skala di setiap kotak Nilai. Nilai \
                 akhir dihitung Panelis: jumlah (bobot × nilai) / jumlah bobot. Rubrik: {}, \
                 versi {}.",
                input.rubric.name, input.rubric.version
            ),
            Lang::En => format!(
                "Write one whole number within the scale in each Score box. Panelis computes \
                 the total: sum of (weight × score) / sum of weights. Rubric: {}, version {}.",
                input.rubric.name, input.rubric.version
            ),
        },
        7.5,
        false,
        Align::Left,
    );
    w.gap(1.5);
    rubric_table(w, &input.rubric.criteria, entry, lang);

    // The note box takes the room left above the signature, within limits.
    let sign_role = t("Tanda tangan panelis", "Panelist's signature");
    let sign_w = 75.0;
    let sign_h = w.signature_block_height(sign_w, sign_role, &panelist.name, &panelist.affiliation);
    let label_h = line_height(9.0) + 1.0;
    if w.bottom() - w.y - 5.0 - label_h - sign_h - 6.0 < NOTE_MIN {
        continued(w, entry, lang);
    }
    w.gap(5.0);
    w.paragraph(t("Catatan", "Note"), 9.0, true, Align::Left);
    w.gap(1.0);
    let note_h = (w.bottom() - w.y - sign_h - 8.0).clamp(NOTE_MIN, NOTE_MAX);
    w.rect(MARGIN, w.y, width, note_h, 0.6);
    w.gap(note_h + 6.0);

    // Date on the left, signature on the right, their lines level.
    let top = w.y;
    w.signature_block(
        MARGIN + width - sign_w,
        sign_w,
        sign_role,
        &panelist.name,
        &panelist.affiliation,
    );
    let after = w.y;
    let date_w = 70.0;
    let line_y = top + line_height(9.0) + 16.0 + line_height(9.0) + 1.2;
    w.text_in(
        MARGIN,
        date_w,
        top + line_height(9.0),
        Style::new(9.0, false, Align::Left),
        t("Tanggal", "Date"),
    );
    w.line(MARGIN, line_y, MARGIN + date_w, line_y, 0.5);
    w.y = after;
}

/// A new page for a sheet that does not fit on one (a long rubric): the same QR code, and a
/// line naming the entry again.
fn continued(w: &mut Writer, entry: &Entry, lang: Lang) {
    w.new_page();
    w.paragraph(
        &format!(
            "No {} · {} ({})",
            entry.no,
            entry.title,
            lang.pick("lanjutan", "continued")
        ),
        9.0,
        true,
        Align::Left,
    );
    w.gap(2.0);
}

/// The shaded box naming the entry: its No and title, agency and unit, and its innovators,
/// one per line when there are several.
fn entry_box(w: &mut Writer, entry: &Entry, lang: Lang) {
    let f = w.fonts();
    let width = w.content_width();
    let pad = 2.5;
    let inner = width - 2.0 * pad;
    let heading = format!("No {} · {}", entry.no, clean(&entry.title));
    let title_lines = f.wrap(&heading, inner, 12.0, true);
    let mut details = Vec::new();
    for (label, value) in [
        (lang.pick("Instansi", "Agency"), &entry.agency),
        (lang.pick("Unit", "Unit"), &entry.unit),
    ] {
        if !value.trim().is_empty() {
            details.extend(f.wrap(&format!("{label}: {}", clean(value)), inner, 9.0, false));
        }
    }
    let label = lang.pick("Inovator", "Innovators");
    match panelis_core::innovators::names(&entry.innovators).as_slice() {
        [] => {}
        [one] => details.extend(f.wrap(&format!("{label}: {}", clean(one)), inner, 9.0, false)),
        several => {
            details.push(format!("{label}:"));
            for (i, name) in several.iter().enumerate() {
                let line = format!("{}. {}", i + 1, clean(name));
                details.extend(f.wrap(&line, inner, 9.0, false));
            }
        }
    }
    let h = title_lines.len() as f32 * line_height(12.0)
        + details.len() as f32 * line_height(9.0)
        + 2.0 * pad
        + 0.8;
    let top = w.y;
    w.fill_rect(MARGIN, top, width, h, 0.92);
    w.rect(MARGIN, top, width, h, 0.6);
    let mut y = top + pad;
    for line in &title_lines {
        y += line_height(12.0);
        w.text(MARGIN + pad, y - 0.9, 12.0, true, line);
    }
    y += 0.8;
    for line in &details {
        y += line_height(9.0);
        w.text(MARGIN + pad, y - 0.6, 9.0, false, line);
    }
    w.y = top + h;
}

/// The rubric: number, label and guidance, weight, scale, and an empty score box per
/// criterion. A row that no longer fits goes to the next page, under the header again.
fn rubric_table(w: &mut Writer, criteria: &[Criterion], entry: &Entry, lang: Lang) {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let width = w.content_width();
    let (no_w, weight_w, scale_w, score_w) = (9.0, 15.0, 19.0, 30.0);
    let columns = [
        Column::new(t("No", "No"), no_w, Align::Right),
        Column::new(
            t(
                "Kriteria dan panduan penilaian",
                "Criterion and scoring guidance",
            ),
            width - no_w - weight_w - scale_w - score_w,
            Align::Left,
        ),
        Column::new(t("Bobot", "Weight"), weight_w, Align::Right),
        Column::new(t("Skala", "Scale"), scale_w, Align::Center),
        Column::new(t("Nilai", "Score"), score_w, Align::Center),
    ];
    let pad = 1.5;
    let text_w = columns[1].width - 2.0 * pad;
    // The header alone: the rows are drawn here, with their boxes.
    w.table(&columns, &[], CELL);
    let f = w.fonts();
    for (k, c) in criteria.iter().enumerate() {
        let label = if lang == Lang::En && !c.label_en.trim().is_empty() {
            &c.label_en
        } else {
            &c.label_id
        };
        let label_lines = f.wrap(&clean(label), text_w, LABEL, true);
        // The score levels in the sheet's language, then the criterion's note, if any.
        let levels = c
            .levels
            .iter()
            .map(|l| format!("{}–{}: {}", l.min, l.max, l.label(lang)))
            .collect::<Vec<_>>()
            .join(" · ");
        let guidance = [levels, c.guidance.trim().to_string()]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" — ");
        let guidance_lines = if guidance.is_empty() {
            Vec::new()
        } else {
            f.wrap(&clean(&guidance), text_w, GUIDANCE, false)
        };
        let text_h = label_lines.len() as f32 * line_height(LABEL)
            + guidance_lines.len() as f32 * line_height(GUIDANCE)
            + 2.0 * pad
            + 0.5;
        let h = text_h.max(ROW_MIN);
        if w.y + h > w.bottom() {
            continued(w, entry, lang);
            w.table(&columns, &[], CELL);
        }
        let top = w.y;
        let mut x = MARGIN;
        let cell = |w: &mut Writer, x: f32, col: &Column, text: &str| {
            w.text_in(
                x + pad,
                col.width - 2.0 * pad,
                top + pad + line_height(CELL) - 0.6,
                Style::new(CELL, false, col.align),
                text,
            );
        };
        cell(w, x, &columns[0], &(k + 1).to_string());
        x += columns[0].width;
        let mut y = top + pad;
        for line in &label_lines {
            y += line_height(LABEL);
            w.text(x + pad, y - 0.6, LABEL, true, line);
        }
        y += 0.5;
        for line in &guidance_lines {
            y += line_height(GUIDANCE);
            w.text(x + pad, y - 0.5, GUIDANCE, false, line);
        }
        x += columns[1].width;
        cell(w, x, &columns[2], &format!("{}%", c.weight));
        x += columns[2].width;
        cell(
            w,
            x,
            &columns[3],
            &format!("{}–{}", c.scale_min, c.scale_max),
        );
        x += columns[3].width;
        // The box to write the score in, as tall as the row allows.
        let box_h = (h - 2.0 * pad).min(14.0);
        w.rect(
            x + 3.0,
            top + (h - box_h) / 2.0,
            columns[4].width - 6.0,
            box_h,
            0.9,
        );
        w.grid(&columns, top, h);
        w.y = top + h;
    }
}
