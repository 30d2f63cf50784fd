//! The EPUB judged by the reference validators: EPUBCheck 5 (0 errors, 0 warnings) and Ace by DAISY
//! (0 violations). `.ci/run` installs both and points `EPUBCHECK_JAR` and `ACE` at them; in CI they are
//! mandatory, in a local run without them these tests print why they skip.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn epubcheck(jar: &str, epub: &Path) {
    let o = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(epub)
        .output()
        .expect("run java");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.status.success(),
        "EPUBCheck failed on {}:\n{out}",
        epub.display()
    );
    assert!(
        out.contains("Messages: 0 fatals / 0 errors / 0 warnings"),
        "EPUBCheck on {}:\n{out}",
        epub.display()
    );
    assert!(out.contains("EPUB version 3.3 rules"), "{out}");
}

#[test]
fn epubcheck_passes_without_errors_or_warnings() {
    let Some(jar) = validator("EPUBCHECK_JAR", "EPUBCheck") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let starter = d.path().join("starter");
    assert!(publish()
        .arg("init")
        .arg(&starter)
        .output()
        .unwrap()
        .status
        .success());
    for (i, m) in [sample(), everything(), starter].iter().enumerate() {
        let epub = build(m, &d.path().join(format!("out{i}")));
        epubcheck(&jar, &epub);
    }
}

#[test]
fn ace_reports_no_violations() {
    let Some(ace) = validator("ACE", "Ace by DAISY") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    for (i, m) in [sample(), everything()].iter().enumerate() {
        let epub = build(m, &d.path().join(format!("out{i}")));
        let report = d.path().join(format!("ace{i}"));
        let mut cmd = Command::new(&ace);
        if std::env::var_os("PUPPETEER_EXECUTABLE_PATH").is_none() {
            cmd.env("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium");
        }
        let o = cmd
            .arg("-f")
            .arg("-s")
            .arg("-o")
            .arg(&report)
            .arg(&epub)
            .output()
            .expect("run ace");
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.status.success(), "Ace failed on {}:\n{log}", m.display());
        let json = std::fs::read_to_string(report.join("report.json"))
            .unwrap_or_else(|e| panic!("no Ace report ({e}):\n{log}"));
        assert!(
            json.contains("\"earl:outcome\": \"pass\"")
                || json.contains("\"earl:outcome\":\"pass\""),
            "Ace outcome is not pass for {}",
            m.display()
        );
        let violations = json.matches("\"earl:impact\"").count();
        assert_eq!(
            violations,
            0,
            "Ace found {violations} violations in {}; see {}",
            m.display(),
            report.display()
        );
    }
}
