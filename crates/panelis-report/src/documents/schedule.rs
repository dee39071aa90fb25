//! Jadwal presentasi: the schedule per day and room, planned and actual times side by side,
//! with the difference between the planned and the actual start.

use super::{title_and_agency, DocumentKind, ReportInput, ScheduleRow};
use crate::layout::{Align, Column, Orientation, Row, Writer};
use crate::words;
use chrono::NaiveTime;
use panelis_core::lang::Lang;

pub(super) fn write(w: &mut Writer, input: &ReportInput<'_>, lang: Lang) {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    w.section(DocumentKind::Schedule.title(lang), Orientation::Portrait);
    let mut rows: Vec<&ScheduleRow> = input.schedule.iter().collect();
    rows.sort_by(|a, b| {
        (a.day, &a.room, a.planned_start, a.position).cmp(&(
            b.day,
            &b.room,
            b.planned_start,
            b.position,
        ))
    });
    if rows.is_empty() {
        w.paragraph(
            t("Belum ada jadwal.", "There is no schedule yet."),
            10.0,
            false,
            Align::Left,
        );
        return;
    }
    // The times below are the venue's wall clock; a reader in another zone must know which.
    let zone = panelis_core::time::zone_name(input.utc_offset_minutes);
    w.paragraph(
        &lang
            .pick("Semua waktu dalam {zone}.", "All times are {zone}.")
            .replace("{zone}", &zone),
        9.0,
        false,
        Align::Left,
    );
    let width = w.content_width();
    let columns = [
        Column::new(t("Urutan", "Order"), 15.0, Align::Right),
        Column::new(t("No", "No"), 10.0, Align::Right),
        Column::new(
            t("Inovasi / Instansi", "Innovation / Agency"),
            width - 119.0,
            Align::Left,
        ),
        Column::new(t("Rencana", "Planned"), 22.0, Align::Center),
        Column::new(t("Aktual", "Actual"), 22.0, Align::Center),
        Column::new(t("Selisih mulai", "Start delay"), 18.0, Align::Right),
        Column::new(t("Catatan", "Notes"), 32.0, Align::Left),
    ];
    let mut start = 0;
    while start < rows.len() {
        let (day, room) = (rows[start].day, rows[start].room.clone());
        let end = rows[start..]
            .iter()
            .position(|r| r.day != day || r.room != room)
            .map(|p| start + p)
            .unwrap_or(rows.len());
        w.ensure(20.0);
        w.gap(2.0);
        w.paragraph(
            &format!("{} · {}", words::date_with_day(day, lang), room),
            10.0,
            true,
            Align::Left,
        );
        w.gap(1.0);
        let table: Vec<Row> = rows[start..end]
            .iter()
            .map(|r| {
                let actual = match (r.actual_start, r.actual_end) {
                    (Some(a), Some(b)) => format!("{}–{}", hm(a), hm(b)),
                    (Some(a), None) => format!("{}–", hm(a)),
                    _ => String::new(),
                };
                // Started on another date than planned: a count of minutes across days
                // would be untrue; the date it started on is said instead.
                let delay = match (r.actual_start, r.started_on_another_day) {
                    (Some(_), Some(_)) => t("hari lain", "other day").to_string(),
                    (Some(a), None) => {
                        let minutes = (a - r.planned_start).num_minutes();
                        match lang {
                            Lang::Id => format!("{minutes:+} mnt"),
                            Lang::En => format!("{minutes:+} min"),
                        }
                    }
                    _ => String::new(),
                };
                let note = match r.started_on_another_day {
                    Some(date) => {
                        let on = format!(
                            "{} {}",
                            t("mulai", "started"),
                            words::date_short(date, lang)
                        );
                        if r.note.is_empty() {
                            on
                        } else {
                            format!("{on}; {}", r.note)
                        }
                    }
                    None => r.note.clone(),
                };
                Row::new(vec![
                    r.position.to_string(),
                    r.entry_no.to_string(),
                    title_and_agency(&r.title, &r.agency),
                    format!("{}–{}", hm(r.planned_start), hm(r.planned_end)),
                    actual,
                    delay,
                    note,
                ])
            })
            .collect();
        w.table(&columns, &table, 8.0);
        start = end;
    }
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}
