//! The ratio table: criterion's estimates of this run, read back from its
//! output directory, as library time / baseline time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use serde_json::Value;

/// One line of the table: a library function against its baseline, both
/// given as `(group, function)` criterion ids.
pub(crate) struct Row {
    pub(crate) what: &'static str,
    pub(crate) library: (&'static str, &'static str),
    pub(crate) baseline: (&'static str, &'static str),
    /// The target for the ratio, when it sets one.
    pub(crate) target: Option<f64>,
}

/// A criterion estimate, in nanoseconds: the point and its 95% interval.
#[derive(Clone, Copy)]
struct Estimate {
    point: f64,
    low: f64,
    high: f64,
}

/// Where criterion writes, found as criterion finds it: `$CRITERION_HOME`,
/// else `$CARGO_TARGET_DIR/criterion`, else the target directory `cargo
/// metadata` names, else `target/criterion`.
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    let metadata = std::env::var_os("CARGO").and_then(|cargo| {
        let output = Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .output()
            .ok()?;
        let metadata: Value = serde_json::from_slice(&output.stdout).ok()?;
        Some(PathBuf::from(metadata["target_directory"].as_str()?))
    });
    metadata.map_or_else(
        || PathBuf::from("target/criterion"),
        |t| t.join("criterion"),
    )
}

/// The median estimate of `(group, function)` written by this run (the
/// file is at least as new as `since`), or `None` (filtered out, test mode).
fn estimate(home: &Path, (group, function): (&str, &str), since: SystemTime) -> Option<Estimate> {
    let path = home
        .join(group)
        .join(function)
        .join("new")
        .join("estimates.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    if modified < since {
        return None;
    }
    let estimates: Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let median = &estimates["median"];
    Some(Estimate {
        point: median["point_estimate"].as_f64()?,
        low: median["confidence_interval"]["lower_bound"].as_f64()?,
        high: median["confidence_interval"]["upper_bound"].as_f64()?,
    })
}

fn nanos(ns: f64) -> String {
    if ns >= 1000.0 {
        format!("{:.2} µs", ns / 1000.0)
    } else {
        format!("{ns:.1} ns")
    }
}

/// Prints the table of the rows whose two sides both ran since `since`.
pub(crate) fn print(rows: &[Row], since: SystemTime) {
    let home = criterion_home();
    let mut lines = Vec::new();
    for row in rows {
        let (Some(library), Some(baseline)) = (
            estimate(&home, row.library, since),
            estimate(&home, row.baseline, since),
        ) else {
            continue;
        };
        let ratio = library.point / baseline.point;
        // The ratio's range from the two medians' 95% intervals.
        let (low, high) = (library.low / baseline.high, library.high / baseline.low);
        let verdict = row.target.map_or_else(
            || "-".to_owned(),
            |target| {
                let met = if ratio <= target { "met" } else { "NOT met" };
                format!("<= {target:.1}x {met}")
            },
        );
        lines.push(format!(
            "| {} | {}/{} {} | {}/{} {} | {ratio:.2}x ({low:.2}-{high:.2}) | {verdict} |",
            row.what,
            row.library.0,
            row.library.1,
            nanos(library.point),
            row.baseline.0,
            row.baseline.1,
            nanos(baseline.point),
        ));
    }
    println!();
    if lines.is_empty() {
        println!(
            "no ratios: no pair of estimates was written by this run (test mode, or a filter) under {}",
            home.display()
        );
        return;
    }
    println!(
        "Ratios, library / hand-written baseline (medians of this run; range from their 95% intervals):"
    );
    println!();
    println!("| what | library (median) | baseline (median) | ratio | target |");
    println!("| --- | --- | --- | --- | --- |");
    for line in lines {
        println!("{line}");
    }
}

/// Prints the median of every function of `group` that ran since `since`.
pub(crate) fn print_times(group: &str, since: SystemTime) {
    let home = criterion_home();
    let Ok(entries) = std::fs::read_dir(home.join(group)) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    let times: Vec<(String, Estimate)> = names
        .into_iter()
        .filter_map(|name| Some((name.clone(), estimate(&home, (group, &name), since)?)))
        .collect();
    if times.is_empty() {
        return;
    }
    println!();
    println!("`{group}` alone (medians of this run):");
    println!();
    println!("| {group} | median |");
    println!("| --- | --- |");
    for (name, time) in times {
        println!("| {name} | {} |", nanos(time.point));
    }
}
