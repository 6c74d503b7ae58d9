//! What changed between a lock and a type's contract, as pure functions.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::model::{Code, Contract, Variant, quoted};

/// How a change affects clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ChangeKind {
    /// Clients written for the locked contract may fail: a code no longer
    /// produced, a code's status changed, a variant moved to another code,
    /// a detail or one of its placeholders removed, `Retry-After` removed,
    /// a retired code produced again by another variant.
    Breaking,
    /// Something new that clients may come to rely on, with nothing they
    /// rely on changed: a new code, a new variant, a new detail or
    /// placeholder, `Retry-After` added, a retired code produced again by
    /// the variant that produced it.
    Additive,
    /// Nothing a client relies on: a code's message reworded, a variant
    /// removed or renamed while its code is still produced.
    Compatible,
}

impl ChangeKind {
    fn heading(self) -> &'static str {
        match self {
            ChangeKind::Breaking => "breaking: clients written for the locked contract may fail",
            ChangeKind::Additive => {
                "additive: new codes, variants or details, which clients may come to rely on"
            }
            ChangeKind::Compatible => "compatible: changes no client relies on",
        }
    }

    fn mark(self) -> char {
        match self {
            ChangeKind::Breaking => '-',
            ChangeKind::Additive => '+',
            ChangeKind::Compatible => '~',
        }
    }
}

/// One difference between a lock file and a type's contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    kind: ChangeKind,
    code: String,
    message: String,
    reuses_retired: bool,
}

impl Change {
    fn new(kind: ChangeKind, code: &str, message: String) -> Self {
        Change {
            kind,
            code: code.to_owned(),
            message,
            reuses_retired: false,
        }
    }

    /// How the change affects clients.
    pub fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// The code concerned.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Whether the change gives a retired code to another variant, which
    /// `CCE_ERRORS_LOCK=update` does not accept: a retired code is never
    /// reused, since clients may still take it for what it meant.
    pub fn reuses_retired_code(&self) -> bool {
        self.reuses_retired
    }
}

impl fmt::Display for Change {
    /// One sentence: `CCE.01404001 changed status from 404 to 410`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every difference from `lock` to `current`, sorted by code; empty when
/// `current` produces exactly what `lock` says (retired codes that stay
/// unproduced are no difference).
pub fn compare(lock: &Contract, current: &Contract) -> Vec<Change> {
    let was_at = locations(&lock.codes);
    let now_at = locations(&current.codes);
    let all: BTreeSet<&String> = lock.codes.keys().chain(current.codes.keys()).collect();
    let mut changes = Vec::new();
    for code in all {
        match (lock.codes.get(code), current.codes.get(code)) {
            (Some(old), None) => {
                changes.push(Change::new(
                    ChangeKind::Breaking,
                    code,
                    format!(
                        "{code} is no longer produced (it was {} {}, by {}); it stays in the lock as retired",
                        old.status,
                        quoted(&old.message),
                        names(&old.variants)
                    ),
                ));
                moved(&mut changes, code, old, &now_at);
            }
            (None, Some(new)) => match lock.retired.get(code) {
                Some(retired) => returned(&mut changes, code, retired, new),
                None => changes.push(Change::new(
                    ChangeKind::Additive,
                    code,
                    format!(
                        "{code} is new: {} {}, produced by {}",
                        new.status,
                        quoted(&new.message),
                        names(&new.variants)
                    ),
                )),
            },
            (Some(old), Some(new)) => {
                if old.status != new.status {
                    changes.push(Change::new(
                        ChangeKind::Breaking,
                        code,
                        format!(
                            "{code} changed status from {} to {}",
                            old.status, new.status
                        ),
                    ));
                }
                if old.message != new.message {
                    changes.push(Change::new(
                        ChangeKind::Compatible,
                        code,
                        format!(
                            "{code} changed its message from {} to {}",
                            quoted(&old.message),
                            quoted(&new.message)
                        ),
                    ));
                }
                moved(&mut changes, code, old, &now_at);
                for (name, before) in &old.variants {
                    if let Some(after) = new.variants.get(name) {
                        facts(&mut changes, code, name, before, after);
                    } else if !now_at.contains_key(name.as_str()) {
                        changes.push(Change::new(
                            ChangeKind::Compatible,
                            code,
                            format!(
                                "{name} ({code}) no longer exists; {code} is still produced by {}",
                                names(&new.variants)
                            ),
                        ));
                    }
                }
                for name in new.variants.keys() {
                    let elsewhere = was_at.get(name.as_str()).is_some_and(|at| *at != code);
                    if !old.variants.contains_key(name) && !elsewhere {
                        changes.push(Change::new(
                            ChangeKind::Additive,
                            code,
                            format!("{name} is new, with {code}"),
                        ));
                    }
                }
            }
            (None, None) => {}
        }
    }
    changes
}

/// The lock that accepts `current`: its codes, and as retired the codes
/// `lock` produced or retired that `current` does not produce. Fails with
/// the changes that give a retired code to another variant.
pub fn accept(lock: &Contract, current: &Contract) -> Result<Contract, Vec<Change>> {
    let refused: Vec<Change> = compare(lock, current)
        .into_iter()
        .filter(Change::reuses_retired_code)
        .collect();
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut next = Contract {
        codes: current.codes.clone(),
        retired: BTreeMap::new(),
    };
    for (code, entry) in lock
        .retired
        .iter()
        .chain(&current.retired)
        .chain(&lock.codes)
    {
        if !current.codes.contains_key(code) {
            next.retired.insert(code.clone(), entry.clone());
        }
    }
    Ok(next)
}

/// Where each variant name is: its code.
fn locations(codes: &BTreeMap<String, Code>) -> BTreeMap<&str, &str> {
    codes
        .iter()
        .flat_map(|(code, entry)| {
            entry
                .variants
                .keys()
                .map(move |name| (name.as_str(), code.as_str()))
        })
        .collect()
}

/// The variants of `old` (the lock's `code`) now found under another code.
fn moved(changes: &mut Vec<Change>, code: &str, old: &Code, now_at: &BTreeMap<&str, &str>) {
    for name in old.variants.keys() {
        if let Some(&to) = now_at.get(name.as_str())
            && to != code
        {
            changes.push(Change::new(
                ChangeKind::Breaking,
                code,
                format!("{name} moved from {code} to {to}"),
            ));
        }
    }
}

/// A retired code produced again: by the variants that produced it, a
/// return; by any other, a reuse.
fn returned(changes: &mut Vec<Change>, code: &str, retired: &Code, new: &Code) {
    let others: BTreeMap<String, Variant> = new
        .variants
        .iter()
        .filter(|(name, _)| !retired.variants.contains_key(*name))
        .map(|(name, v)| (name.clone(), v.clone()))
        .collect();
    if others.is_empty() {
        changes.push(Change::new(
            ChangeKind::Additive,
            code,
            format!(
                "{code} is produced again, by {}, which produced it before it was retired",
                names(&new.variants)
            ),
        ));
    } else {
        let mut change = Change::new(
            ChangeKind::Breaking,
            code,
            format!(
                "{code} was retired (it was {} {}, by {}) and is produced again by {}: a retired code is never given to another variant, since clients may still take it for what it meant; use a new code, or, to reuse it all the same, delete its `retired` record from the lock by hand",
                retired.status,
                quoted(&retired.message),
                names(&retired.variants),
                names(&others)
            ),
        );
        change.reuses_retired = true;
        changes.push(change);
    }
    if retired.status != new.status {
        changes.push(Change::new(
            ChangeKind::Breaking,
            code,
            format!(
                "{code} changed status from {} (before it was retired) to {}",
                retired.status, new.status
            ),
        ));
    }
}

/// What one variant that stayed at its code sends beside it.
fn facts(changes: &mut Vec<Change>, code: &str, name: &str, before: &Variant, after: &Variant) {
    let mut push = |kind, message: String| changes.push(Change::new(kind, code, message));
    match (before.detail, after.detail) {
        (true, false) => push(
            ChangeKind::Breaking,
            format!("{name} ({code}) no longer sends a detail (`message`)"),
        ),
        (false, true) if after.placeholders.is_empty() => push(
            ChangeKind::Additive,
            format!("{name} ({code}) now sends a detail (`message`)"),
        ),
        (false, true) => push(
            ChangeKind::Additive,
            format!(
                "{name} ({code}) now sends a detail (`message`) showing {}",
                braced(&after.placeholders)
            ),
        ),
        (true, true) => {
            let removed: Vec<String> = difference(&before.placeholders, &after.placeholders);
            let added: Vec<String> = difference(&after.placeholders, &before.placeholders);
            if !removed.is_empty() {
                push(
                    ChangeKind::Breaking,
                    format!(
                        "{name} ({code}): its detail no longer shows {}",
                        braced(&removed)
                    ),
                );
            }
            if !added.is_empty() {
                push(
                    ChangeKind::Additive,
                    format!("{name} ({code}): its detail now shows {}", braced(&added)),
                );
            }
        }
        (false, false) => {}
    }
    match (before.retry_after, after.retry_after) {
        (true, false) => push(
            ChangeKind::Breaking,
            format!("{name} ({code}) no longer sends Retry-After"),
        ),
        (false, true) => push(
            ChangeKind::Additive,
            format!("{name} ({code}) now sends Retry-After"),
        ),
        _ => {}
    }
}

fn difference(a: &[String], b: &[String]) -> Vec<String> {
    a.iter().filter(|p| !b.contains(p)).cloned().collect()
}

fn braced(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| format!("{{{f}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn names(variants: &BTreeMap<String, Variant>) -> String {
    let names: Vec<&str> = variants.keys().map(String::as_str).collect();
    match names.as_slice() {
        [] => "no variant".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The changes as a report: a count, then the changes under one heading
/// per kind, breaking first.
pub(crate) fn report(changes: &[Change]) -> String {
    let mut out = String::new();
    for kind in [
        ChangeKind::Breaking,
        ChangeKind::Additive,
        ChangeKind::Compatible,
    ] {
        let of_kind: Vec<&Change> = changes.iter().filter(|c| c.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(kind.heading());
        out.push('\n');
        for change in of_kind {
            out.push_str("  ");
            out.push(kind.mark());
            out.push(' ');
            out.push_str(&change.message);
            out.push('\n');
        }
    }
    out
}

/// `1 breaking change, 2 additive changes`.
pub(crate) fn counts(changes: &[Change]) -> String {
    let mut parts = Vec::new();
    for (kind, word) in [
        (ChangeKind::Breaking, "breaking"),
        (ChangeKind::Additive, "additive"),
        (ChangeKind::Compatible, "compatible"),
    ] {
        let n = changes.iter().filter(|c| c.kind == kind).count();
        if n > 0 {
            let plural = if n == 1 { "" } else { "s" };
            parts.push(format!("{n} {word} change{plural}"));
        }
    }
    parts.join(", ")
}
