//! How the command prints: one line per error, JSON when asked.

/// Folds a message onto one line, as stderr reasons must be.
pub fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Prints a value as pretty JSON on stdout.
pub fn json<T: serde::Serialize>(value: &T) -> panelis_core::Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| panelis_core::Error::Database(e.to_string()))?;
    println!("{text}");
    Ok(())
}

/// The language of messages: `$PANELIS_LANG`, else `$LANG`; English unless it says `id`.
pub fn lang() -> panelis_core::lang::Lang {
    let code = std::env::var("PANELIS_LANG")
        .or_else(|_| std::env::var("LANG"))
        .unwrap_or_default();
    if code.to_ascii_lowercase().starts_with("id") {
        panelis_core::lang::Lang::Id
    } else {
        panelis_core::lang::Lang::En
    }
}

/// Prints an error on stderr: one line, or for rejected input a summary line followed by
/// one line per located problem.
pub fn error(e: &panelis_core::Error) {
    match e {
        panelis_core::Error::Rejected { what, problems } => {
            eprintln!(
                "panelis: {what}: {} problem(s), nothing was changed",
                problems.len()
            );
            for p in problems {
                eprintln!("  {}", one_line(&p.located(lang())));
            }
        }
        e => eprintln!("panelis: {}", one_line(&e.to_string())),
    }
}
