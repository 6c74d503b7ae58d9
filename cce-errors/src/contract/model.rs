//! The contract as data, and the lock file that writes it down.

use std::collections::BTreeMap;
use std::fmt;

use crate::{CceError, VariantDoc};

/// The version of the lock format this crate writes and reads.
const VERSION: u32 = 1;

/// A derived type's error contract: every code it can produce with the
/// variants that produce it, and the codes it produced once (retired).
///
/// [`Contract::of`] reads it off a type; [`Contract::parse`] reads a lock
/// file; `Display` writes the lock file. Two contracts are equal when they
/// say the same, whatever the comments or the order of their lock files.
///
/// ```
/// use cce_errors::CceError;
/// use cce_errors::contract::Contract;
///
/// #[derive(Debug, CceError)]
/// enum ApiError {
///     #[cce(code = "CCE.01404001", detail = "cluster {cluster_id} does not exist")]
///     ClusterNotFound { cluster_id: String },
///     #[cce(code = "CCE.01429002")]
///     Locked {
///         #[cce(retry_after)]
///         seconds: u64,
///     },
/// }
///
/// let lock = Contract::of::<ApiError>().to_string();
/// assert!(lock.contains(
///     "code CCE.01404001 404 \"Resource not found.\"\n    variant ApiError::ClusterNotFound detail {cluster_id}\n"
/// ));
/// assert!(lock.contains("    variant ApiError::Locked retry-after\n"));
/// assert_eq!(Contract::parse(&lock)?, Contract::of::<ApiError>());
/// # Ok::<(), cce_errors::contract::LockError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contract {
    pub(crate) codes: BTreeMap<String, Code>,
    pub(crate) retired: BTreeMap<String, Code>,
}

/// One code of a contract: its row's status and message, and its variants
/// by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Code {
    pub(crate) status: u16,
    pub(crate) message: String,
    pub(crate) variants: BTreeMap<String, Variant>,
}

/// What a client can see of one variant beside its code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Variant {
    /// Whether its body has a detail (`message`).
    pub(crate) detail: bool,
    /// The fields its detail shows, sorted.
    pub(crate) placeholders: Vec<String>,
    /// Whether its response carries `Retry-After`.
    pub(crate) retry_after: bool,
}

impl Contract {
    /// The contract of `E`: each code of [`E::variant_docs`](CceError::variant_docs),
    /// with its status, message and variants, none retired.
    pub fn of<E: CceError>() -> Contract {
        Contract::from_docs(&E::variant_docs())
    }

    /// The contract of a list of variants. A name listed twice with the
    /// same facts is one variant (a type reached through two `transparent`
    /// fields); two different variants of the same name (types of the same
    /// name in two modules) are told apart as `Name#2`, `Name#3`, ...
    pub fn from_docs(docs: &[VariantDoc]) -> Contract {
        let mut contract = Contract::default();
        let mut seen: Vec<(&str, &str, Variant)> = Vec::new();
        for doc in docs {
            let row = doc.error_code;
            let mut placeholders: Vec<String> =
                doc.placeholders.iter().map(|&p| p.to_owned()).collect();
            placeholders.sort();
            placeholders.dedup();
            let variant = Variant {
                detail: doc.detail.is_some(),
                placeholders,
                retry_after: doc.retry_after,
            };
            if seen
                .iter()
                .any(|(name, code, v)| *name == doc.name && *code == row.code() && *v == variant)
            {
                continue;
            }
            let same_name = seen.iter().filter(|(name, ..)| *name == doc.name).count();
            let name = if same_name == 0 {
                doc.name.to_owned()
            } else {
                format!("{}#{}", doc.name, same_name + 1)
            };
            seen.push((doc.name, row.code(), variant.clone()));
            contract
                .codes
                .entry(row.code().to_owned())
                .or_insert_with(|| Code {
                    status: row.status().as_u16(),
                    message: row.message().to_owned(),
                    variants: BTreeMap::new(),
                })
                .variants
                .insert(name, variant);
        }
        contract
    }

    /// The codes the contract produces, sorted.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.codes.keys().map(String::as_str)
    }

    /// The retired codes: produced once, and no longer; sorted.
    pub fn retired(&self) -> impl Iterator<Item = &str> {
        self.retired.keys().map(String::as_str)
    }

    /// Reads a lock file. Fails, with the line, on anything this version
    /// did not write: another format version, an unknown line, a variant
    /// outside a code, a code listed twice.
    pub fn parse(text: &str) -> Result<Contract, LockError> {
        let mut contract = Contract::default();
        let mut version = None;
        // The code the variant lines below belong to, and whether retired.
        let mut current: Option<(String, bool)> = None;
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let error = |message: String| LockError { line, message };
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if version.is_none() {
                let Some(number) = trimmed
                    .strip_prefix("version")
                    .and_then(|rest| rest.trim_start().strip_prefix('='))
                else {
                    return Err(error(
                        "a lock file starts with `version = 1`; this is not a cce-errors lock file"
                            .to_owned(),
                    ));
                };
                let number = number.trim();
                if number != VERSION.to_string() {
                    return Err(error(format!(
                        "version `{number}` of the lock format is not one this version of cce-errors reads (it reads {VERSION}); update cce-errors"
                    )));
                }
                version = Some(VERSION);
                continue;
            }
            let (keyword, rest) = first_word(trimmed);
            match keyword {
                "code" | "retired" => {
                    let (code, entry) = parse_code(rest).map_err(error)?;
                    let retired = keyword == "retired";
                    if contract.codes.contains_key(&code) || contract.retired.contains_key(&code) {
                        return Err(error(format!("`{code}` is listed twice")));
                    }
                    let map = if retired {
                        &mut contract.retired
                    } else {
                        &mut contract.codes
                    };
                    map.insert(code.clone(), entry);
                    current = Some((code, retired));
                }
                "variant" => {
                    let Some((code, retired)) = &current else {
                        return Err(error(
                            "a `variant` line belongs under a `code` or `retired` line".to_owned(),
                        ));
                    };
                    let (name, variant) = parse_variant(rest).map_err(error)?;
                    let map = if *retired {
                        &mut contract.retired
                    } else {
                        &mut contract.codes
                    };
                    let Some(entry) = map.get_mut(code) else {
                        continue;
                    };
                    if entry.variants.insert(name.clone(), variant).is_some() {
                        return Err(error(format!("`{name}` is listed twice under `{code}`")));
                    }
                }
                _ => {
                    return Err(error(format!(
                        "`{}` is not a line of a lock file: expected `code`, `retired` or `variant`",
                        truncated(trimmed)
                    )));
                }
            }
        }
        if version.is_none() {
            return Err(LockError {
                line: 1,
                message: "the file is empty; a lock file starts with `version = 1`".to_owned(),
            });
        }
        Ok(contract)
    }
}

/// `CODE STATUS "message"`.
fn parse_code(rest: &str) -> Result<(String, Code), String> {
    let usage = "expected `code CODE STATUS \"message\"`";
    let (code, rest) = first_word(rest);
    let (status, message) = first_word(rest);
    if code.is_empty() || status.is_empty() || message.is_empty() {
        return Err(usage.to_owned());
    }
    let status: u16 = status
        .parse()
        .ok()
        .filter(|s| (100..=999).contains(s))
        .ok_or_else(|| format!("`{}` is no HTTP status; {usage}", truncated(status)))?;
    let message: String = serde_json::from_str(message.trim())
        .map_err(|_| format!("the message is not a quoted string; {usage}"))?;
    Ok((
        code.to_owned(),
        Code {
            status,
            message,
            variants: BTreeMap::new(),
        },
    ))
}

/// The first word of `text` and what follows it, both trimmed.
fn first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (&text[..end], text[end..].trim())
}

/// `NAME [detail] [{field}...] [retry-after]`.
fn parse_variant(rest: &str) -> Result<(String, Variant), String> {
    let mut words = rest.split_whitespace();
    let Some(name) = words.next() else {
        return Err("expected `variant Type::Variant`, then `detail`, `{field}`s and `retry-after` as they apply".to_owned());
    };
    let mut variant = Variant::default();
    for word in words {
        if word == "detail" {
            variant.detail = true;
        } else if word == "retry-after" {
            variant.retry_after = true;
        } else if let Some(field) = word.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            variant.placeholders.push(field.to_owned());
        } else {
            return Err(format!(
                "`{}` is not a fact of a variant: expected `detail`, `{{field}}` or `retry-after`",
                truncated(word)
            ));
        }
    }
    if !variant.placeholders.is_empty() && !variant.detail {
        return Err(format!("`{name}` lists placeholders without `detail`"));
    }
    variant.placeholders.sort();
    variant.placeholders.dedup();
    Ok((name.to_owned(), variant))
}

/// At most 60 characters of user text in a message.
fn truncated(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}...")
    } else {
        head
    }
}

impl fmt::Display for Contract {
    /// The lock file: a header, then one record per code, sorted by code,
    /// each with its variants sorted by name; retired codes last.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "# The error contract of a type deriving CceError: every code it produces,\n\
             # with the variants that produce it. Checked by cce_errors::contract::check;\n\
             # accept changes with `CCE_ERRORS_LOCK=update cargo test`, and commit this file.\n\
             # A retired code is one that is no longer produced: it stays, so that it is\n\
             # never given to another variant.\n",
        )?;
        writeln!(f, "version = {VERSION}")?;
        for (keyword, codes) in [("code", &self.codes), ("retired", &self.retired)] {
            for (code, entry) in codes {
                writeln!(f)?;
                writeln!(
                    f,
                    "{keyword} {code} {} {}",
                    entry.status,
                    quoted(&entry.message)
                )?;
                for (name, variant) in &entry.variants {
                    write!(f, "    variant {name}")?;
                    if variant.detail {
                        f.write_str(" detail")?;
                    }
                    for field in &variant.placeholders {
                        write!(f, " {{{field}}}")?;
                    }
                    if variant.retry_after {
                        f.write_str(" retry-after")?;
                    }
                    writeln!(f)?;
                }
            }
        }
        Ok(())
    }
}

/// A JSON string: quotes, backslashes and control characters escaped.
pub(crate) fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// Why a lock file could not be read: the 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockError {
    line: usize,
    message: String,
}

impl LockError {
    /// The 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// What is wrong, without the line.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for LockError {}
