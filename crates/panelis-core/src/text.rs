//! Text clean-up rules shared by every place that takes names and titles from people or
//! spreadsheets, so that "Si  Modis " and "Si Modis" are the same everywhere.

/// Trims and collapses runs of whitespace (including non-breaking spaces) into one space.
pub fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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
}
