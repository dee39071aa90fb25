//! The innovators of an entry as a list of names: how a spreadsheet cell or a typed field
//! naming several people is split ("1. Andi" and "2. Budi" on their own lines, "Andi; Budi",
//! "Andi dan Budi"), and the one text they are kept in ("Andi; Budi"), so the list survives
//! every single-line field, export and re-import. Commas are not separators: a name carries
//! its degrees after one ("dr. Andi, M.Kes.").

/// The names in `text`, in order, each with its whitespace collapsed and its list marker
/// ("1.", "2)", "-", "•") taken off.
pub fn names(text: &str) -> Vec<String> {
    text.split(['\n', '\r', ';'])
        .flat_map(|line| split_dan(without_marker(line.trim())))
        .map(|name| crate::text::collapse(&name))
        .filter(|name| !name.is_empty())
        .collect()
}

/// The names of `text` as Panelis keeps them: joined by "; ".
pub fn normalise(text: &str) -> String {
    names(text).join("; ")
}

/// A line without its leading list marker: "1. Andi" -> "Andi", "- Budi" -> "Budi".
fn without_marker(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix(['-', '•', '*']) {
        return rest.trim_start();
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(['.', ')']) {
            if rest.starts_with(char::is_whitespace) {
                return rest.trim_start();
            }
        }
    }
    line
}

/// "Andi dan Budi" -> ["Andi", "Budi"]: the Indonesian "and" between two names, as a word.
fn split_dan(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .split(|w| w.eq_ignore_ascii_case("dan"))
        .map(|part| part.join(" "))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_a_secretariat_writes_several_names_is_one_list() {
        assert_eq!(
            names("1. dr. Andi Rahmawati\n2. Budi Santoso"),
            ["dr. Andi Rahmawati", "Budi Santoso"]
        );
        assert_eq!(
            names("Siti Aminah; Rudi Hartono"),
            ["Siti Aminah", "Rudi Hartono"]
        );
        assert_eq!(
            names("Nur Aisyah dan Muh. Yusuf"),
            ["Nur Aisyah", "Muh. Yusuf"]
        );
        assert_eq!(names("- Ani\r\n- Budi\n\n"), ["Ani", "Budi"]);
        assert_eq!(normalise("1) Ani\n2) Budi DAN Cici"), "Ani; Budi; Cici");
    }

    #[test]
    fn one_name_stays_whole_with_its_commas_and_numbers() {
        assert_eq!(names("dr. Andi, M.Kes."), ["dr. Andi, M.Kes."]);
        assert_eq!(
            names("Daniel Danu"),
            ["Daniel Danu"],
            "'dan' only as a word"
        );
        assert_eq!(names("2020 Tim"), ["2020 Tim"], "a year is no list marker");
        assert_eq!(normalise("  Agusman  "), "Agusman");
        assert!(names(" ; \n").is_empty());
        // Kept form goes back to the same list.
        assert_eq!(normalise(&normalise("A\nB dan C")), "A; B; C");
    }
}
