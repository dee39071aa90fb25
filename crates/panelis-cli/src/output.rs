//! How the command prints: one line per error, JSON when asked.

/// Folds a message onto one line, as stderr reasons must be.
pub fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Prints a value as pretty JSON on stdout.
pub fn json<T: serde::Serialize>(value: &T) -> crate::failure::Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| crate::failure::Failure::usage("--json", e.to_string()))?;
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
pub fn error(e: &crate::failure::Failure) {
    match e.core() {
        Some(panelis_core::Error::Rejected { what, problems }) => {
            eprintln!(
                "panelis: {what}: {} problem(s), nothing was changed",
                problems.len()
            );
            for p in problems {
                eprintln!("  {}", one_line(&p.located(lang())));
            }
        }
        _ => eprintln!("panelis: {}", one_line(&e.describe(lang()))),
    }
}

/// No stack trace in front of a user: a reader that closed the pipe (`panelis entries | head`)
/// ends the command quietly, as other command-line tools do, and any other panic becomes one
/// line saying it is a bug (`RUST_BACKTRACE=1` still shows the trace for a bug report).
pub fn quiet_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            default(info);
        } else {
            eprintln!(
                "panelis: internal error, please report it: {}",
                one_line(message)
            );
        }
    }));
}
