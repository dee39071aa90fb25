//! A two-level certificate authority made with openssl, as a government CA hands out an
//! organizer's signing certificate, for the tests of every crate that signs with one
//! (included with `#[path]`). Needs openssl; the tests say so and fail without it.

use std::path::Path;
use std::process::Command;

/// Runs openssl (needed for this test) in `dir`.
pub fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl is needed for this test");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Makes in `d`: root.crt (the trust root), ca.crt (the organization CA it issued), and
/// org.p12 (password "rahasia") with the organizer's key, its certificate (v3,
/// digitalSignature and nonRepudiation, issued by the CA) and the chain; org.key and
/// org.crt stay beside them.
pub fn two_level_p12(d: &Path) {
    // A two-level authority as a government CA hands them out: a root, an organization CA
    // it issued, and the organizer's signing certificate (v3, digitalSignature and
    // nonRepudiation) issued by that CA. RSA 2048.
    std::fs::write(
        d.join("ext.cnf"),
        "[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n\
         [signer]\nbasicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature,nonRepudiation\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    )
    .expect("extensions");
    openssl(
        d,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "root.key",
            "-out",
            "root.crt",
            "-days",
            "30",
            "-subj",
            "/C=ID/O=Contoh CA/CN=Contoh Root CA",
        ],
    );
    let issue = |name: &str, subject: &str, by: &str, section: &str| {
        let (key, csr, crt) = (
            format!("{name}.key"),
            format!("{name}.csr"),
            format!("{name}.crt"),
        );
        openssl(
            d,
            &[
                "req", "-newkey", "rsa:2048", "-nodes", "-keyout", &key, "-out", &csr, "-subj",
                subject,
            ],
        );
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                &format!("{by}.crt"),
                "-CAkey",
                &format!("{by}.key"),
                "-CAcreateserial",
                "-out",
                &crt,
                "-days",
                "30",
                "-extfile",
                "ext.cnf",
                "-extensions",
                section,
            ],
        );
    };
    issue(
        "ca",
        "/C=ID/O=Contoh CA/CN=Contoh CA Instansi",
        "root",
        "ca",
    );
    issue(
        "org",
        "/C=ID/O=Biro Organisasi/CN=Biro Organisasi Setda Sulsel",
        "ca",
        "signer",
    );
    let chain = [
        std::fs::read_to_string(d.join("ca.crt")).expect("ca"),
        std::fs::read_to_string(d.join("root.crt")).expect("root"),
    ]
    .concat();
    std::fs::write(d.join("chain.pem"), chain).expect("chain");
    openssl(
        d,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "org.key",
            "-in",
            "org.crt",
            "-certfile",
            "chain.pem",
            "-out",
            "org.p12",
            "-passout",
            "pass:rahasia",
        ],
    );
}
