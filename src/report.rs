//! What the commands tell the author in the terminal and the preview alike: the errors of a
//! manuscript (the first fifty, then how many there were) and a build's line per edition.

use crate::build::Built;
use crate::error::Error;

/// Prints the errors `e` holds (up to fifty: [`Error::reported`]), each with its help, and how many
/// there were.
pub fn print_errors(e: &Error) {
    eprint!("{}", error_text(e));
}

/// The text [`print_errors`] prints.
pub fn error_text(e: &Error) -> String {
    let mut text: String = e
        .reported()
        .iter()
        .map(|e| format!("error: {e}\n"))
        .collect();
    let n = e.all().count();
    if n > 1 {
        text.push_str(&format!("{n} errors\n"));
    }
    text
}

/// `n` and the noun, singular or plural: "1 fact", "3 facts".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A line per edition of `built`: its format, file, size, chapters (a print file: its pages or spine)
/// and time.
pub fn summary(built: &Built) -> Vec<String> {
    let appendix = built
        .appendix_facts
        .map(|n| format!(" + appendix of {}", count(n, "fact", "facts")))
        .unwrap_or_default();
    built
        .editions
        .iter()
        .map(|e| {
            let what = e.detail.clone().unwrap_or_else(|| {
                format!("{}{appendix}", count(built.chapters, "chapter", "chapters"))
            });
            format!(
                "{:<5} {}  {}  {what}  {} ms",
                e.format,
                e.path.display(),
                human_size(e.bytes.len()),
                e.time.as_millis()
            )
        })
        .collect()
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}
