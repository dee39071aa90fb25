//! pyHanko's judgment of a signed document, for the tests of every crate that writes one
//! (included with `#[path]`): runs tests/tools/pyhanko_check.py with the Python that has
//! pyHanko (PANELIS_PYHANKO_PYTHON, set by .ci/test).

use std::path::Path;
use std::process::Command;

/// pyHanko's judgment of `file` with `trust` (PEM) as the only trust root, offline, from
/// tests/tools/pyhanko_check.py run by the Python that has pyHanko (PANELIS_PYHANKO_PYTHON,
/// set by .ci/test).
pub fn pyhanko(file: &Path, trust: &Path) -> serde_json::Value {
    let python = std::env::var("PANELIS_PYHANKO_PYTHON").unwrap_or_else(|_| "python3".into());
    // Both crates that include this live in crates/.
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../panelis-report/tests/tools/pyhanko_check.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(file)
        .arg(trust)
        .output()
        .unwrap_or_else(|e| panic!("{python} with pyHanko is needed for this test: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.trim()).unwrap_or_else(|_| {
        panic!(
            "pyHanko is needed for this test (.ci/test installs it and sets PANELIS_PYHANKO_PYTHON): {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Asserts pyHanko finds `file` intact, trusted, untouched, covering the whole file, and
/// PAdES baseline B-B.
pub fn assert_pyhanko_trusts(file: &Path, trust: &Path, what: &str) {
    let out = pyhanko(file, trust);
    assert_eq!(out["summary"], "INTACT:TRUSTED,UNTOUCHED", "{what}: {out}");
    assert_eq!(out["coverage"], "ENTIRE_FILE", "{what}: {out}");
    assert_eq!(out["pades_b_b"], true, "{what}: {out}");
}
