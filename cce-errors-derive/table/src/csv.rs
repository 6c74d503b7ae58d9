//! CSV records (RFC 4180) with the line each starts on.

use crate::TableError;

/// The records of a CSV text with the 1-based line each starts on. Line
/// breaks inside a quoted field join its lines with a space, as a wrapped
/// grid-table cell's are. Unquoted fields are trimmed.
pub(crate) fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, TableError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    let finish = |field: &mut String, was_quoted: bool| {
        let value = std::mem::take(field);
        if was_quoted {
            value
        } else {
            value.trim().to_owned()
        }
    };
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, '\n') => {
                line += 1;
                let trimmed = field.trim_end_matches('\r').len();
                field.truncate(trimmed);
                field.push(' ');
            }
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                was_quoted = true;
            }
            (false, '"') => {
                return Err(TableError::at(
                    line,
                    "a quote inside an unquoted field; quote the whole field and write `\"\"` for a quote",
                ));
            }
            (false, ',') => {
                fields.push(finish(&mut field, was_quoted));
                was_quoted = false;
            }
            (false, '\n') => {
                fields.push(finish(&mut field, was_quoted));
                was_quoted = false;
                records.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err(TableError::at(start, "a quoted field is not closed"));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(finish(&mut field, was_quoted));
        records.push((start, fields));
    }
    Ok(records)
}
