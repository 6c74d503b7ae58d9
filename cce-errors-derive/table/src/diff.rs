//! What changed between two versions of a table.

use std::fmt;

use crate::{Row, Table};

/// What changed about one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// A code only the new table has.
    Added,
    /// A code only the old table has: breaking, clients may match on it.
    Removed,
    /// The code's HTTP status changed: breaking.
    Status,
    /// The error message changed.
    Message,
    /// The description changed.
    Description,
    /// The troubleshooting advice changed.
    Troubleshooting,
    /// Whether clients retry the code changed.
    Retryable,
}

/// One difference between two versions of a table, with the rows
/// concerned: `old` for all but [`ChangeKind::Added`], `new` for all but
/// [`ChangeKind::Removed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change<'a> {
    /// What changed.
    pub kind: ChangeKind,
    /// The code's row in the old table.
    pub old: Option<&'a Row>,
    /// The code's row in the new table.
    pub new: Option<&'a Row>,
}

impl<'a> Change<'a> {
    /// The code concerned.
    pub fn code(&self) -> &'a str {
        self.new.or(self.old).map_or("", |row| row.code.as_str())
    }

    /// Whether clients that worked with the old table may fail with the new
    /// one: a code removed or its status changed. Added codes and changed
    /// texts are not breaking.
    pub fn is_breaking(&self) -> bool {
        matches!(self.kind, ChangeKind::Removed | ChangeKind::Status)
    }
}

/// Every difference from `old` to `new`, codes matched exactly: first the
/// old table's codes in its order (removed, or each field that changed, in
/// the order status, message, description, troubleshooting, retryable),
/// then the codes only `new` has, in its order.
///
/// ```
/// use cce_errors_table::{ChangeKind, Format, diff, parse};
///
/// let old = parse("Status Code,Error Code,Error Message\n404,SVC.0404,No such resource.\n409,SVC.0409,Exists.\n", Format::Csv)?;
/// let new = parse("Status Code,Error Code,Error Message\n410,SVC.0404,No such resource.\n429,SVC.0429,Slow down.\n", Format::Csv)?;
/// let changes = diff(&old, &new);
/// let kinds: Vec<ChangeKind> = changes.iter().map(|c| c.kind).collect();
/// assert_eq!(kinds, [ChangeKind::Status, ChangeKind::Removed, ChangeKind::Added]);
/// assert_eq!(changes[0].to_string(), "SVC.0404 status changed from 404 to 410");
/// assert!(changes[1].is_breaking() && !changes[2].is_breaking());
/// # Ok::<(), cce_errors_table::TableError>(())
/// ```
pub fn diff<'a>(old: &'a Table, new: &'a Table) -> Vec<Change<'a>> {
    let mut changes = Vec::new();
    for before in &old.rows {
        let Some(after) = new.get(&before.code) else {
            changes.push(Change {
                kind: ChangeKind::Removed,
                old: Some(before),
                new: None,
            });
            continue;
        };
        let fields = [
            (ChangeKind::Status, before.status != after.status),
            (ChangeKind::Message, before.message != after.message),
            (
                ChangeKind::Description,
                before.description != after.description,
            ),
            (
                ChangeKind::Troubleshooting,
                before.troubleshooting != after.troubleshooting,
            ),
            (ChangeKind::Retryable, before.retryable != after.retryable),
        ];
        for (kind, changed) in fields {
            if changed {
                changes.push(Change {
                    kind,
                    old: Some(before),
                    new: Some(after),
                });
            }
        }
    }
    for after in &new.rows {
        if old.get(&after.code).is_none() {
            changes.push(Change {
                kind: ChangeKind::Added,
                old: None,
                new: Some(after),
            });
        }
    }
    changes
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

impl fmt::Display for Change<'_> {
    /// One line, without the file or line: `CCE.01409002 status changed from
    /// 409 to 412`, `CCE.01400099 added: 400 "Insufficient EIP quota."`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.code();
        let (Some(old), Some(new)) = (self.old, self.new) else {
            return match (self.old, self.new) {
                (None, Some(new)) => write!(f, "{code} added: {} {:?}", new.status, new.message),
                (Some(old), None) => {
                    write!(f, "{code} removed: it was {} {:?}", old.status, old.message)
                }
                _ => write!(f, "{code} changed"),
            };
        };
        let (what, before, after) = match self.kind {
            ChangeKind::Status => {
                return write!(
                    f,
                    "{code} status changed from {} to {}",
                    old.status, new.status
                );
            }
            ChangeKind::Retryable => {
                return write!(
                    f,
                    "{code} retryable changed from {} to {}",
                    yes_no(old.retryable),
                    yes_no(new.retryable)
                );
            }
            ChangeKind::Message => ("message", &old.message, &new.message),
            ChangeKind::Description => ("description", &old.description, &new.description),
            ChangeKind::Troubleshooting => (
                "troubleshooting",
                &old.troubleshooting,
                &new.troubleshooting,
            ),
            ChangeKind::Added | ChangeKind::Removed => return write!(f, "{code} changed"),
        };
        write!(f, "{code} {what} changed from {before:?} to {after:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, parse};

    fn csv(body: &str) -> Table {
        parse(
            &format!(
                "Status Code,Error Code,Error Message,Description,Troubleshooting,Retryable\n{body}"
            ),
            Format::Csv,
        )
        .unwrap()
    }

    #[test]
    fn the_same_table_has_no_changes() {
        let table = csv("404,A.1,m,d,t,\n");
        assert!(diff(&table, &table).is_empty());
        // Moved rows are no change: codes are matched, not lines.
        let moved = csv("\n\n404,A.1,m,d,t,no\n");
        assert!(diff(&table, &moved).is_empty());
    }

    #[test]
    fn every_field_is_compared_and_worded() {
        let old = csv("404,A.1,m,d,t,\n409,A.2,m,d,t,\n400,A.3,m,d,t,\n");
        let new = csv("400,A.3,m2,d2,t2,yes\n410,A.1,m,d,t,\n429,A.4,Slow down.,d,t,yes\n");
        let changes = diff(&old, &new);
        let shown: Vec<String> = changes.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "A.1 status changed from 404 to 410",
                "A.2 removed: it was 409 \"m\"",
                "A.3 message changed from \"m\" to \"m2\"",
                "A.3 description changed from \"d\" to \"d2\"",
                "A.3 troubleshooting changed from \"t\" to \"t2\"",
                "A.3 retryable changed from no to yes",
                "A.4 added: 429 \"Slow down.\"",
            ]
        );
        let breaking: Vec<&str> = changes
            .iter()
            .filter(|c| c.is_breaking())
            .map(Change::code)
            .collect();
        assert_eq!(breaking, ["A.1", "A.2"]);
        // The rows carry their lines in each file.
        assert_eq!(changes[0].old.unwrap().line, 2);
        assert_eq!(changes[0].new.unwrap().line, 3);
        assert_eq!(changes[6].new.unwrap().line, 4);
    }
}
