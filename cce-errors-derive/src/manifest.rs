//! The using crate's Cargo.toml, read for one fact: whether it depends on
//! cce-errors under another name (`errs = { package = "cce-errors", .. }`),
//! so that generated code's `::cce_errors` would not resolve. Line by
//! line, for the forms Cargo documents; what it does not recognise counts
//! as no renaming, and the compiler's "unresolved import" stands.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::Path;
use std::sync::{Mutex, OnceLock, PoisonError};

const PACKAGE: &str = "cce-errors";

/// The name the crate's Cargo.toml gives cce-errors, when it renames it
/// and does not also depend on it under its own name.
pub(crate) fn renamed_dependency() -> Option<String> {
    static SEEN: OnceLock<Mutex<HashMap<OsString, Option<String>>>> = OnceLock::new();
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    let seen = SEEN.get_or_init(|| Mutex::new(HashMap::new()));
    let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
    seen.entry(dir)
        .or_insert_with_key(|dir| {
            let text = std::fs::read_to_string(Path::new(dir).join("Cargo.toml")).ok()?;
            renamed_in(&text)
        })
        .clone()
}

/// See [`renamed_dependency`]; the name as Rust code writes it.
pub(crate) fn renamed_in(manifest: &str) -> Option<String> {
    let mut renamed: Option<String> = None;
    let mut direct = false;
    // The dependency a `[dependencies.name]` table describes, or `""` in a
    // `[dependencies]` table, or `None` outside dependency tables.
    let mut table: Option<String> = None;
    for line in manifest.lines() {
        let line = uncommented(line).trim();
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            table = dependency_table(header);
            if let Some(name) = &table
                && is_own_name(name)
            {
                direct = true;
            }
            continue;
        }
        let Some(current) = &table else {
            continue;
        };
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = unquoted(key.trim());
        let value = value.trim();
        if current.is_empty() {
            // `name = ...` or `name.package = ...` in `[dependencies]`.
            let (name, field) = match key.split_once('.') {
                Some((name, field)) => (unquoted(name.trim()), Some(unquoted(field.trim()))),
                None => (key, None),
            };
            if is_own_name(name) {
                direct = true;
            } else if (field == Some("package") && unquoted(value) == PACKAGE)
                || (field.is_none() && names_package(value))
            {
                renamed.get_or_insert_with(|| name.to_owned());
            }
        } else if key == "package" && unquoted(value) == PACKAGE && !is_own_name(current) {
            renamed.get_or_insert_with(|| current.clone());
        }
    }
    if direct {
        return None;
    }
    renamed.map(|name| name.replace('-', "_"))
}

/// For a table header: `Some("")` for a dependency table, `Some(name)` for
/// one dependency's table, `None` for any other table.
fn dependency_table(header: &str) -> Option<String> {
    let kinds = ["dependencies", "dev-dependencies", "build-dependencies"];
    // `target.'cfg(unix)'.dependencies` is a dependency table too.
    let header = match header.strip_prefix("target.") {
        Some(rest) => match rest.chars().next() {
            Some(quote @ ('\'' | '"')) => rest[1..]
                .split_once(quote)
                .and_then(|(_, after)| after.strip_prefix('.'))
                .unwrap_or(rest),
            _ => rest.split_once('.').map_or(rest, |(_, after)| after),
        },
        None => header,
    };
    for kind in kinds {
        if header == kind {
            return Some(String::new());
        }
        if let Some(name) = header.strip_prefix(kind).and_then(|r| r.strip_prefix('.')) {
            return Some(unquoted(name.trim()).to_owned());
        }
    }
    None
}

fn is_own_name(name: &str) -> bool {
    name == PACKAGE || name == "cce_errors"
}

/// Whether an inline table says `package = "cce-errors"`.
fn names_package(value: &str) -> bool {
    let Some(inner) = value.strip_prefix('{') else {
        return false;
    };
    inner.trim_end_matches('}').split(',').any(|entry| {
        entry.split_once('=').is_some_and(|(key, value)| {
            unquoted(key.trim()) == "package" && unquoted(value.trim()) == PACKAGE
        })
    })
}

fn unquoted(text: &str) -> &str {
    let text = text.trim();
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .or_else(|| text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')))
        .unwrap_or(text)
}

/// The line up to a `#` that is not inside a string.
fn uncommented(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_renamed_dependency_in_each_form() {
        for manifest in [
            "[dependencies]\nerrs = { package = \"cce-errors\", version = \"0.1\" }\n",
            "[dependencies]\nerrs = { version = \"0.1\", package = 'cce-errors' } # renamed\n",
            "[dev-dependencies]\n\"errs\" = { path = \"../cce-errors\", package = \"cce-errors\" }\n",
            "[dependencies.errs]\nversion = \"0.1\"\npackage = \"cce-errors\"\n",
            "[target.'cfg(unix)'.dependencies]\nerrs = { package = \"cce-errors\" }\n",
            "[target.x86_64-unknown-linux-gnu.dev-dependencies]\nerrs = { package = \"cce-errors\" }\n",
            "[dependencies]\nerrs.package = \"cce-errors\"\nerrs.version = \"0.1\"\n",
        ] {
            assert_eq!(renamed_in(manifest).as_deref(), Some("errs"), "{manifest}");
        }
        assert_eq!(
            renamed_in("[dependencies]\nmy-errors = { package = \"cce-errors\" }\n").as_deref(),
            Some("my_errors")
        );
    }

    #[test]
    fn the_crate_under_its_own_name_or_no_rename_is_none() {
        for manifest in [
            "[dependencies]\ncce-errors = \"0.1\"\n",
            "[dependencies]\ncce-errors = { version = \"0.1\" }\nerrs = { package = \"cce-errors\" }\n",
            "[dependencies.cce-errors]\nversion = \"0.1\"\n[dev-dependencies]\nerrs = { package = \"cce-errors\" }\n",
            "[package]\nname = \"cce-errors\"\n",
            // A package key outside a dependency table, or in a comment.
            "[package]\npackage = \"cce-errors\"\n",
            "[dependencies]\n# errs = { package = \"cce-errors\" }\n",
            "[workspace.dependencies]\nerrs = { package = \"cce-errors\" }\n",
            "",
        ] {
            assert_eq!(renamed_in(manifest), None, "{manifest}");
        }
    }
}
