//! Text clean-up rules shared by every place that takes names and titles from people or
//! spreadsheets, so that "Si  Modis " and "Si Modis" are the same everywhere, and the one
//! way a message echoes a person's value back ([`excerpt`]).

use unicode_normalization::UnicodeNormalization;

/// Characters that print as nothing: the soft hyphen, zero-width space and joiners, the
/// direction marks and embeddings, the word joiner and invisible operators, variation
/// selectors, the byte order mark, Hangul fillers and tag characters (Unicode's default
/// ignorable code points). Dropped, so that two names that print the same are the same name.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{061c}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// Trims and collapses runs of whitespace (including non-breaking spaces) into one space,
/// drops characters that print as nothing, and composes accents (NFC: "e" + combining acute
/// and "é" are one letter), so that text that prints the same is the same text.
pub fn collapse(text: &str) -> String {
    let visible: String = text.chars().filter(|c| !invisible(*c)).nfc().collect();
    visible
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What two names are compared by: [`collapse`]d and lowercased, so "ANI", "Ani\u{200b}" and
/// " ani " are one person.
pub fn name_key(name: &str) -> String {
    collapse(name).to_lowercase()
}

/// Most characters of a person's value (a cell, a typed field, a file's text) that a message
/// echoes back: enough to recognise it, short enough that a pasted paragraph or a 20 MB cell
/// does not bury the point.
pub const EXCERPT_CHARS: usize = 80;

/// A value from the user's input as every message echoes it: its first [`EXCERPT_CHARS`]
/// characters, then "…" when there was more; control characters (line breaks, tabs) are
/// written escaped so the message stays on one line. Messages put their quotes around it.
pub fn excerpt(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    for c in chars.by_ref().take(EXCERPT_CHARS) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// "1-4, 7, 9-12": entry numbers, runs folded.
pub fn number_runs(list: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < list.len() {
        let mut j = i;
        while j + 1 < list.len() && list[j + 1] == list[j] + 1 {
            j += 1;
        }
        parts.push(if j > i + 1 {
            format!("{}-{}", list[i], list[j])
        } else if j == i + 1 {
            format!("{}, {}", list[i], list[j])
        } else {
            list[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn collapses_spaces_tabs_newlines_and_nbsp() {
        assert_eq!(
            super::collapse("  Si \t Modis\u{a0}\n 2020 "),
            "Si Modis 2020"
        );
        assert_eq!(super::collapse(""), "");
    }

    #[test]
    fn names_that_print_the_same_are_the_same() {
        assert_eq!(super::collapse("Budi\u{200b} Santoso"), "Budi Santoso");
        assert_eq!(
            super::collapse("\u{feff}Budi Sant\u{200d}oso\u{2060}"),
            "Budi Santoso"
        );
        assert_eq!(super::collapse("Bu\u{00ad}di"), "Budi");
        assert_eq!(super::collapse("A\u{200e}ni\u{202c}\u{fe0f}"), "Ani");
        assert_eq!(
            super::collapse("Rene\u{301}"),
            "Ren\u{e9}",
            "accents composed"
        );
        assert_eq!(super::name_key(" ANI\u{200b} "), super::name_key("ani"));
    }

    #[test]
    fn an_excerpt_is_short_whatever_the_value() {
        let huge = "A".repeat(20 * 1024 * 1024);
        let shown = super::excerpt(&huge);
        assert_eq!(shown.chars().count(), super::EXCERPT_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(super::excerpt("Si Modis"), "Si Modis");
        let exact = "é".repeat(super::EXCERPT_CHARS);
        assert_eq!(
            super::excerpt(&exact),
            exact,
            "no ellipsis when nothing is cut"
        );
        assert_eq!(super::excerpt("a\nb\tc"), "a\\nb\\tc");
    }

    #[test]
    fn number_runs_fold_consecutive_numbers() {
        assert_eq!(super::number_runs(&[1, 2, 3, 4, 7, 9, 10]), "1-4, 7, 9, 10");
        assert_eq!(super::number_runs(&[3, 2, 1]), "3, 2, 1");
        assert_eq!(super::number_runs(&[]), "");
    }
}
