//! Numbers and dates in words, as official minutes write them: "Pada hari ini Selasa tanggal
//! tujuh bulan Maret tahun dua ribu dua puluh tiga".

use chrono::{Datelike, NaiveDate, Weekday};
use panelis_core::lang::Lang;

const UNITS: [&str; 10] = [
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
];

/// A whole number in Indonesian words: 11 "sebelas", 100 "seratus", 1000 "seribu",
/// 2023 "dua ribu dua puluh tiga", 1000000 "satu juta".
pub fn number_in_words(n: u64) -> String {
    if n == 0 {
        return UNITS[0].into();
    }
    let mut parts = Vec::new();
    let scales: [(u64, &str); 5] = [
        (1_000_000_000_000_000, "kuadriliun"),
        (1_000_000_000_000, "triliun"),
        (1_000_000_000, "miliar"),
        (1_000_000, "juta"),
        (1_000, "ribu"),
    ];
    let mut rest = n;
    for (scale, name) in scales {
        let group = rest / scale;
        rest %= scale;
        if group == 0 {
            continue;
        }
        if group == 1 && scale == 1_000 {
            parts.push("seribu".to_string());
        } else {
            parts.push(format!("{} {name}", below_thousand(group)));
        }
    }
    if rest > 0 {
        parts.push(below_thousand(rest));
    }
    parts.join(" ")
}

/// 1..=999 in words (the group before "ribu", "juta", ... may itself exceed 999 only for
/// kuadriliun, which recursion covers).
fn below_thousand(n: u64) -> String {
    if n >= 1000 {
        return number_in_words(n);
    }
    let mut parts = Vec::new();
    let hundreds = n / 100;
    let rest = n % 100;
    match hundreds {
        0 => {}
        1 => parts.push("seratus".to_string()),
        h => parts.push(format!("{} ratus", UNITS[h as usize])),
    }
    match rest {
        0 => {}
        10 => parts.push("sepuluh".into()),
        11 => parts.push("sebelas".into()),
        12..=19 => parts.push(format!("{} belas", UNITS[(rest - 10) as usize])),
        1..=9 => parts.push(UNITS[rest as usize].into()),
        _ => {
            parts.push(format!("{} puluh", UNITS[(rest / 10) as usize]));
            if !rest.is_multiple_of(10) {
                parts.push(UNITS[(rest % 10) as usize].into());
            }
        }
    }
    parts.join(" ")
}

/// The day of the week's name.
pub fn weekday_name(day: Weekday, lang: Lang) -> &'static str {
    let (id, en) = match day {
        Weekday::Mon => ("Senin", "Monday"),
        Weekday::Tue => ("Selasa", "Tuesday"),
        Weekday::Wed => ("Rabu", "Wednesday"),
        Weekday::Thu => ("Kamis", "Thursday"),
        Weekday::Fri => ("Jumat", "Friday"),
        Weekday::Sat => ("Sabtu", "Saturday"),
        Weekday::Sun => ("Minggu", "Sunday"),
    };
    lang.pick(id, en)
}

/// The month's name (1 = January).
pub fn month_name(month: u32, lang: Lang) -> &'static str {
    const ID: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    lang.pick(ID[i], EN[i])
}

/// "7 Maret 2023" / "7 March 2023".
pub fn date_short(date: NaiveDate, lang: Lang) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_name(date.month(), lang),
        date.year()
    )
}

/// "Selasa, 7 Maret 2023" / "Tuesday, 7 March 2023".
pub fn date_with_day(date: NaiveDate, lang: Lang) -> String {
    format!(
        "{}, {}",
        weekday_name(date.weekday(), lang),
        date_short(date, lang)
    )
}

/// The opening of the minutes: "Pada hari ini Selasa tanggal tujuh bulan Maret tahun dua ribu
/// dua puluh tiga"; in English "On this day, Tuesday, 7 March 2023".
pub fn date_in_words(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Id => format!(
            "Pada hari ini {} tanggal {} bulan {} tahun {}",
            weekday_name(date.weekday(), lang),
            number_in_words(u64::from(date.day())),
            month_name(date.month(), lang),
            number_in_words(date.year().unsigned_abs().into()),
        ),
        Lang::En => format!("On this day, {}", date_with_day(date, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_indonesian_words() {
        let cases: &[(u64, &str)] = &[
            (0, "nol"),
            (1, "satu"),
            (7, "tujuh"),
            (10, "sepuluh"),
            (11, "sebelas"),
            (12, "dua belas"),
            (19, "sembilan belas"),
            (20, "dua puluh"),
            (31, "tiga puluh satu"),
            (99, "sembilan puluh sembilan"),
            (100, "seratus"),
            (101, "seratus satu"),
            (111, "seratus sebelas"),
            (250, "dua ratus lima puluh"),
            (1000, "seribu"),
            (1001, "seribu satu"),
            (1100, "seribu seratus"),
            (2000, "dua ribu"),
            (2023, "dua ribu dua puluh tiga"),
            (2024, "dua ribu dua puluh empat"),
            (11_000, "sebelas ribu"),
            (100_000, "seratus ribu"),
            (101_000, "seratus satu ribu"),
            (1_000_000, "satu juta"),
            (
                1_234_567,
                "satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh",
            ),
            (2_000_000_000, "dua miliar"),
            (3_000_000_000_000, "tiga triliun"),
        ];
        for (n, words) in cases {
            assert_eq!(number_in_words(*n), *words, "{n}");
        }
    }

    #[test]
    fn minutes_date_in_words() {
        let d = NaiveDate::from_ymd_opt(2023, 3, 7).expect("date");
        assert_eq!(
            date_in_words(d, Lang::Id),
            "Pada hari ini Selasa tanggal tujuh bulan Maret tahun dua ribu dua puluh tiga"
        );
        assert_eq!(
            date_in_words(d, Lang::En),
            "On this day, Tuesday, 7 March 2023"
        );
        let d = NaiveDate::from_ymd_opt(2024, 12, 31).expect("date");
        assert_eq!(
            date_in_words(d, Lang::Id),
            "Pada hari ini Selasa tanggal tiga puluh satu bulan Desember tahun dua ribu dua puluh empat"
        );
        assert_eq!(date_short(d, Lang::Id), "31 Desember 2024");
        assert_eq!(date_with_day(d, Lang::En), "Tuesday, 31 December 2024");
    }
}
