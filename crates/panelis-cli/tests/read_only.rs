//! A healthy competition file on a drive that cannot be written (a read-only USB stick) is
//! refused as "cannot be written", never as "damaged" (which would push the secretariat to
//! restore older data). The drive is a small tmpfs remounted read-only, which needs root, as
//! CI and the project's machines run.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;
use common::Sandbox;
use std::process::Command;

fn mount(args: &[&str]) {
    let out = Command::new("mount").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "mount {args:?} (needs root): {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_file_on_a_read_only_drive_is_read_only_not_damaged() {
    let s = Sandbox::new();
    let db = s.path("kipp.panelis");
    assert_eq!(s.run_db(&db, &["demo"]).code, 0);
    let stick = s.path("stick");
    std::fs::create_dir(&stick).unwrap();
    let stick_s = stick.to_str().unwrap();
    mount(&["-t", "tmpfs", "-o", "size=16m", "tmpfs", stick_s]);
    let on_stick = stick.join("kipp.panelis");
    std::fs::copy(&db, &on_stick).unwrap();
    mount(&["-o", "remount,ro", stick_s]);
    let run = s.run_db(&on_stick, &["overview"]);
    let _ = Command::new("umount").arg(stick_s).status();
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("cannot be written"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the file itself is fine"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("damaged"), "{}", run.stderr);
    // The same file where it can be written opens as before.
    assert_eq!(s.run_db(&db, &["overview"]).code, 0);
}
