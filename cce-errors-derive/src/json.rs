//! The bodies the derive precomputes: JSON written here, byte for byte as
//! `serde_json` writes the runtime's `ErrorBody` (its keys, their order,
//! the escaping), so that the derive needs no JSON library of its own.
//! `tests/tests/wire.rs` checks every precomputed body against the
//! runtime's serialization, and this file's tests check the escaping
//! against `serde_json` itself.

/// The body's keys, in the order `ErrorBody` serializes them.
const CODE: &str = "errorCode";
const MESSAGE: &str = "errorMessage";
const DETAIL: &str = "message";

/// The whole body of a variant whose detail is fixed (or absent).
pub(crate) fn fixed_body(code: &str, message: &str, detail: Option<&str>) -> String {
    let mut body = start(code, message);
    if let Some(detail) = detail {
        key(&mut body, DETAIL);
        string(&mut body, detail);
    }
    body.push('}');
    body
}

/// The body up to its detail (`...,"message":`); the runtime writes the
/// detail, escaped as it is formatted, and the closing brace.
pub(crate) fn detail_prefix(code: &str, message: &str) -> String {
    let mut body = start(code, message);
    key(&mut body, DETAIL);
    body
}

fn start(code: &str, message: &str) -> String {
    let mut body = String::with_capacity(32 + code.len() + message.len());
    body.push('{');
    string(&mut body, CODE);
    body.push(':');
    string(&mut body, code);
    key(&mut body, MESSAGE);
    string(&mut body, message);
    body
}

fn key(body: &mut String, name: &str) {
    body.push(',');
    string(body, name);
    body.push(':');
}

/// `text` as a JSON string, quotes included, escaped as `serde_json`
/// escapes: `"` and `\`, the control characters below U+0020 (`\b`, `\f`,
/// `\n`, `\r`, `\t` by name, the others as `\u00XX` in lowercase hex), and
/// nothing else (not U+007F, not U+2028, nothing outside ASCII).
pub(crate) fn string(out: &mut String, text: &str) {
    out.push('"');
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => "",
            _ => continue,
        };
        // Bytes below 0x80 are whole characters: slicing here is safe.
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::table;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        string(&mut out, text);
        out
    }

    #[test]
    fn escapes_like_serde_json_by_example() {
        for text in [
            "",
            "plain",
            "quote \" backslash \\ slash /",
            "\u{0}\u{1}\u{7}\u{8}\t\n\u{b}\u{c}\r\u{1b}\u{1f} \u{7f}",
            "é 日本 🦀 \u{2028}\u{2029} \u{feff}",
        ] {
            assert_eq!(
                escaped(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
        assert_eq!(escaped("\u{1}\u{1f}"), r#""\u0001\u001f""#);
    }

    #[test]
    fn escapes_every_text_of_the_shipped_table_like_serde_json() {
        let table = table::canonical().unwrap();
        assert_eq!(table.rows.len(), 43);
        for row in &table.rows {
            for text in [
                &row.code,
                &row.message,
                &row.description,
                &row.troubleshooting,
            ] {
                assert_eq!(escaped(text), serde_json::to_string(text).unwrap());
            }
        }
    }

    #[test]
    fn bodies_are_what_serde_json_makes_of_the_same_keys() {
        let expected = serde_json::json!({
            "errorCode": "CCE.01400001",
            "errorMessage": "Invalid \"request\".",
            "message": "line\nbreak",
        });
        let body = fixed_body("CCE.01400001", "Invalid \"request\".", Some("line\nbreak"));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&body).unwrap(),
            expected
        );
        let prefix = detail_prefix("CCE.01400001", "Invalid \"request\".");
        let whole = format!("{prefix}{}}}", escaped("line\nbreak"));
        assert_eq!(whole, body);
        assert_eq!(
            fixed_body("CCE.01404001", "Resource not found.", None),
            r#"{"errorCode":"CCE.01404001","errorMessage":"Resource not found."}"#
        );
    }

    /// Strings weighted towards what needs escaping.
    fn text() -> impl Strategy<Value = String> {
        let special = prop_oneof![
            (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
            Just('"'),
            Just('\\'),
            Just('/'),
            Just('\u{7f}'),
            Just('\u{2028}'),
            Just('é'),
            Just('🦀'),
        ];
        prop_oneof![
            any::<String>(),
            proptest::collection::vec(prop_oneof![special, any::<char>()], 0..40)
                .prop_map(|chars| chars.into_iter().collect()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn escapes_like_serde_json(text in text()) {
            prop_assert_eq!(escaped(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
