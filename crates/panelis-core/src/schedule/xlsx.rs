//! The schedule as an .xlsx workbook: one sheet of slots (planned, actual and delay, in the
//! venue's local time) and one sheet of phases (planned vs actual, overtime). Times are real
//! Excel date-times and durations, so the secretariat can sort and sum them.

use super::{ScheduleRow, ScheduleView, SlotStatus};
use crate::lang::Lang;
use crate::{Error, Result};
use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Writes the schedule to a new .xlsx file at `path` (replacing one that is there).
pub fn write_schedule(view: &ScheduleView, title: &str, lang: Lang, path: &Path) -> Result<()> {
    let io = |e: XlsxError| Error::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    build(view, title, lang).map_err(io)?.save(path).map_err(io)
}

/// The workbook's bytes, for a caller that saves it elsewhere (a save dialog, a download).
pub fn schedule_bytes(view: &ScheduleView, title: &str, lang: Lang) -> Result<Vec<u8>> {
    build(view, title, lang)
        .and_then(|mut book| book.save_to_buffer())
        .map_err(|e| Error::Io {
            path: "schedule.xlsx".into(),
            reason: e.to_string(),
        })
}

/// The status of a slot in words.
pub fn status_words(status: SlotStatus, lang: Lang) -> &'static str {
    match status {
        SlotStatus::Waiting => lang.pick("Menunggu", "Waiting"),
        SlotStatus::Called => lang.pick("Dipanggil", "Called"),
        SlotStatus::Running => lang.pick("Berlangsung", "Running"),
        SlotStatus::Paused => lang.pick("Dihentikan sementara", "Paused"),
        SlotStatus::Finished => lang.pick("Selesai", "Finished"),
        SlotStatus::Absent => lang.pick("Tidak hadir", "Absent"),
    }
}

struct Formats {
    header: Format,
    date: Format,
    time: Format,
    duration: Format,
}

fn excel(at: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    let year =
        u16::try_from(at.year()).map_err(|_| XlsxError::DateTimeRangeError(at.to_string()))?;
    ExcelDateTime::from_ymd(year, at.month() as u8, at.day() as u8)?.and_hms(
        at.hour() as u16,
        at.minute() as u8,
        at.second(),
    )
}

fn write_time(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    at: Option<NaiveDateTime>,
    format: &Format,
) -> Result<(), XlsxError> {
    if let Some(at) = at {
        sheet.write_datetime_with_format(row, col, excel(at)?, format)?;
    }
    Ok(())
}

/// Seconds as an Excel duration (a fraction of a day), shown `[m]:ss`.
fn write_seconds(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    seconds: i64,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_number_with_format(row, col, seconds as f64 / 86_400.0, &f.duration)?;
    Ok(())
}

fn headers(sheet: &mut Worksheet, names: &[(&str, f64)], f: &Formats) -> Result<(), XlsxError> {
    for (col, (name, width)) in (0u16..).zip(names) {
        sheet.write_string_with_format(0, col, *name, &f.header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn build(view: &ScheduleView, title: &str, lang: Lang) -> Result<Workbook, XlsxError> {
    let f = Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_border_bottom(FormatBorder::Thin),
        date: Format::new().set_num_format("dd/mm/yyyy"),
        time: Format::new().set_num_format("hh:mm"),
        duration: Format::new().set_num_format("[m]:ss"),
    };
    let mut book = Workbook::new();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(title));
    let rooms: std::collections::HashMap<_, _> = view
        .rooms
        .iter()
        .map(|r| (r.room.id, r.room.name.as_str()))
        .collect();
    let room_of = |row: &ScheduleRow| rooms.get(&row.room_id).copied().unwrap_or_default();

    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("Jadwal", "Schedule"))?;
    sheet.set_landscape();
    headers(
        sheet,
        &[
            (lang.pick("Ruang", "Room"), 18.0),
            (lang.pick("Tanggal", "Date"), 11.0),
            (lang.pick("Urutan", "Order"), 7.0),
            ("No", 5.0),
            (lang.pick("Inovasi", "Innovation"), 34.0),
            (lang.pick("Instansi", "Agency"), 30.0),
            (lang.pick("Kategori", "Category"), 16.0),
            (lang.pick("Kehadiran", "Attendance"), 11.0),
            (lang.pick("Rencana mulai", "Planned start"), 9.0),
            (lang.pick("Rencana selesai", "Planned end"), 9.0),
            (lang.pick("Mulai aktual", "Actual start"), 9.0),
            (lang.pick("Selesai aktual", "Actual end"), 9.0),
            (lang.pick("Perkiraan mulai", "Projected start"), 9.0),
            (lang.pick("Terlambat (menit)", "Late (minutes)"), 10.0),
            ("Status", 12.0),
        ],
        &f,
    )?;
    for (r, row) in (1u32..).zip(view.rows()) {
        sheet.write_string(r, 0, room_of(row))?;
        write_time(sheet, r, 1, Some(row.planned_start_local), &f.date)?;
        sheet.write_number(r, 2, row.position)?;
        sheet.write_number(r, 3, row.entry_no)?;
        sheet.write_string(r, 4, &row.title)?;
        sheet.write_string(r, 5, &row.agency)?;
        sheet.write_string(r, 6, &row.category)?;
        let present = match row.present {
            Some(true) => lang.pick("Hadir", "Present"),
            Some(false) => lang.pick("Tidak hadir", "Absent"),
            None => "",
        };
        sheet.write_string(r, 7, present)?;
        write_time(sheet, r, 8, Some(row.planned_start_local), &f.time)?;
        write_time(sheet, r, 9, Some(row.planned_end_local), &f.time)?;
        write_time(sheet, r, 10, row.actual_start_local, &f.time)?;
        write_time(sheet, r, 11, row.actual_end_local, &f.time)?;
        if row.actual_start.is_none() {
            write_time(sheet, r, 12, Some(row.projected_start_local), &f.time)?;
        }
        // Whole minutes, rounded toward zero: "2 minutes late" until the third is full.
        // None on another date than planned: that delay is the calendar's.
        if !row.another_day {
            sheet.write_number(r, 13, (row.delay_seconds / 60) as f64)?;
        }
        sheet.write_string(r, 14, status_words(row.status, lang))?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("Fase", "Phases"))?;
    headers(
        sheet,
        &[
            (lang.pick("Ruang", "Room"), 18.0),
            ("No", 5.0),
            (lang.pick("Inovasi", "Innovation"), 34.0),
            (lang.pick("Fase", "Phase"), 22.0),
            (lang.pick("Rencana", "Planned"), 9.0),
            (lang.pick("Jatah", "Allowed"), 9.0),
            (lang.pick("Mulai aktual", "Actual start"), 9.0),
            (lang.pick("Selesai aktual", "Actual end"), 9.0),
            (lang.pick("Durasi aktual", "Actual duration"), 9.0),
            (lang.pick("Lewat waktu", "Overtime"), 9.0),
        ],
        &f,
    )?;
    let offset = crate::time::venue_offset(view.utc_offset_minutes)
        .map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    let mut r = 1u32;
    for row in view.rows() {
        for phase in &row.phases {
            sheet.write_string(r, 0, room_of(row))?;
            sheet.write_number(r, 1, row.entry_no)?;
            sheet.write_string(r, 2, &row.title)?;
            sheet.write_string(r, 3, lang.pick(&phase.label_id, &phase.label_en))?;
            write_seconds(sheet, r, 4, phase.planned_seconds, &f)?;
            write_seconds(sheet, r, 5, phase.allowed_seconds, &f)?;
            let local = |at| crate::time::to_local(at, offset);
            write_time(sheet, r, 6, phase.started_at.map(local), &f.time)?;
            write_time(sheet, r, 7, phase.ended_at.map(local), &f.time)?;
            if phase.started_at.is_some() {
                write_seconds(sheet, r, 8, phase.elapsed_seconds, &f)?;
                write_seconds(sheet, r, 9, phase.overtime_seconds, &f)?;
            }
            r += 1;
        }
    }
    Ok(book)
}
