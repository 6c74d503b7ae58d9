//! The JSON body of an error response.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde_core::de::{self, IgnoredAny, MapAccess, Visitor};
use serde_core::ser::SerializeStruct;
use serde_core::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ErrorCode;
use crate::response::BodyKeys;

/// The body of a CCE error response.
///
/// It serializes to the documented wire format,
/// `{"errorCode": "...", "errorMessage": "..."}`, with `"message"` added when
/// there is a detail (real CCE responses carry their detail there, and the
/// official SDKs read it there).
///
/// Decoding is lenient in the ways real responses need: it also accepts
/// `error_code` / `error_msg` when the documented keys are missing, ignores
/// keys it does not know, and when a body carries several key sets at once
/// (`errorCode` beside a service-internal `error_code`, say) the documented
/// camelCase keys win. A key given twice keeps its last value, as the
/// official SDKs' JSON parsers do.
///
/// ```
/// use cce_errors::ErrorBody;
///
/// let body: ErrorBody = serde_json::from_str(
///     r#"{"error_code": "CCE_CM.0004", "errorCode": "CCE.01404001",
///         "errorMessage": "Resource not found.", "message": "cluster c-1 not found"}"#,
/// )?;
/// assert_eq!(body.code, "CCE.01404001");
/// assert_eq!(body.detail.as_deref(), Some("cluster c-1 not found"));
/// assert_eq!(
///     serde_json::to_value(&body)?,
///     serde_json::json!({
///         "errorCode": "CCE.01404001",
///         "errorMessage": "Resource not found.",
///         "message": "cluster c-1 not found",
///     }),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ErrorBody<'a> {
    /// `errorCode`: the table's code, such as `CCE.01404001`.
    pub code: Cow<'a, str>,
    /// `errorMessage`: the table's message for the code.
    pub message: Cow<'a, str>,
    /// `message`: what went wrong in this instance, if anything was said.
    pub detail: Option<Cow<'a, str>>,
}

/// Wire names.
const ERROR_CODE: &str = "errorCode";
const ERROR_MESSAGE: &str = "errorMessage";
const DETAIL: &str = "message";
const ERROR_CODE_SNAKE: &str = "error_code";
const ERROR_MSG_SNAKE: &str = "error_msg";
const REQUEST_ID: &str = "request_id";
/// A Kubernetes `Status`'s details, where a 429 says how long to wait.
const DETAILS: &str = "details";
const RETRY_AFTER_SECONDS: &str = "retryAfterSeconds";

impl<'a> ErrorBody<'a> {
    /// A body without detail.
    pub fn new(code: impl Into<Cow<'a, str>>, message: impl Into<Cow<'a, str>>) -> Self {
        ErrorBody {
            code: code.into(),
            message: message.into(),
            detail: None,
        }
    }

    /// The same body with `detail` set.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<Cow<'a, str>>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The CCE table's row for this body's code, if the code is in it.
    pub fn error_code(&self) -> Option<&'static ErrorCode> {
        ErrorCode::lookup(&self.code)
    }

    /// Decodes a JSON body, borrowing every string that has no escape from
    /// `json`, with the same rules as the `Deserialize` impl.
    ///
    /// Fails when `json` is not one JSON object (trailing bytes included),
    /// when it has no code (`errorCode`, else `error_code`) or no message
    /// (`errorMessage`, else `error_msg`), or when `errorCode` or
    /// `errorMessage` holds something other than a string or `null`.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use cce_errors::ErrorBody;
    ///
    /// let json = br#"{"errorCode": "CCE.01401001", "errorMessage": "Authorization failed."}"#;
    /// let body = ErrorBody::from_slice(json)?;
    /// assert!(matches!(body.code, Cow::Borrowed("CCE.01401001")));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn from_slice(json: &'a [u8]) -> Result<Self, serde_json::Error> {
        let mut keys = Keys::default();
        keys.read_slice(json, Wanted::BODY)?;
        Ok(ErrorBody {
            code: keys
                .code()
                .ok_or_else(|| de::Error::missing_field(ERROR_CODE))?,
            message: keys
                .message()
                .ok_or_else(|| de::Error::missing_field(ERROR_MESSAGE))?,
            detail: keys.detail,
        })
    }

    /// Deserializes from any serde format, borrowing strings from the input
    /// where the format allows; for `#[serde(deserialize_with = "...")]`.
    /// Fails as [`from_slice`](ErrorBody::from_slice) does.
    pub fn deserialize_borrowed<'de: 'a, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let mut keys = Keys::deserialize(deserializer)?;
        Ok(ErrorBody {
            code: keys
                .code()
                .ok_or_else(|| de::Error::missing_field(ERROR_CODE))?,
            message: keys
                .message()
                .ok_or_else(|| de::Error::missing_field(ERROR_MESSAGE))?,
            detail: keys.detail,
        })
    }

    /// The body with owned text, for keeping it past the buffer it was read from.
    pub fn into_owned(self) -> ErrorBody<'static> {
        ErrorBody {
            code: Cow::Owned(self.code.into_owned()),
            message: Cow::Owned(self.message.into_owned()),
            detail: self.detail.map(|d| Cow::Owned(d.into_owned())),
        }
    }
}

impl From<&'static ErrorCode> for ErrorBody<'static> {
    /// The body of a row's response without detail.
    fn from(row: &'static ErrorCode) -> Self {
        ErrorBody::new(row.code(), row.message())
    }
}

impl fmt::Display for ErrorBody<'_> {
    /// The same text a derived error's `Display` shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::private::write_display(f, &self.code, &self.message, self.detail.as_deref())
    }
}

impl Serialize for ErrorBody<'_> {
    /// The documented keys, always: what a service's layer adds for
    /// compatibility (see `CceLayer::with_body_keys`) never changes how a
    /// client in the same process serializes a body.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_parts(
            serializer,
            &self.code,
            &self.message,
            self.detail.as_deref(),
        )
    }
}

impl ErrorBody<'_> {
    /// The JSON bytes of the body with `keys`: the documented keys, and with
    /// [`BodyKeys::Compatible`] also `error_code` and `error_msg`.
    ///
    /// ```
    /// use cce_errors::ErrorBody;
    /// use cce_errors::response::BodyKeys;
    ///
    /// let body = ErrorBody::new("CCE.01404001", "Resource not found.");
    /// assert_eq!(
    ///     body.to_json(BodyKeys::Compatible),
    ///     br#"{"errorCode":"CCE.01404001","errorMessage":"Resource not found.","error_code":"CCE.01404001","error_msg":"Resource not found."}"#,
    /// );
    /// ```
    pub fn to_json(&self, keys: BodyKeys) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(
            48 + self.code.len()
                + self.message.len()
                + self.detail.as_ref().map_or(0, |d| d.len() + 12),
        );
        let mut serializer = serde_json::Serializer::new(&mut bytes);
        // Writing strings into a `Vec` cannot fail; were it to, the bytes
        // would be the generic internal error rather than a panic.
        if serialize_parts_with(
            &mut serializer,
            keys,
            &self.code,
            &self.message,
            self.detail.as_deref(),
        )
        .is_err()
        {
            return INTERNAL_ERROR_BODY.to_vec();
        }
        bytes
    }
}

/// The body sent when nothing better can be: `CCE.01500001` without detail.
pub(crate) const INTERNAL_ERROR_BODY: &[u8] =
    br#"{"errorCode":"CCE.01500001","errorMessage":"Internal error."}"#;

/// The wire format with the documented keys; see [`serialize_parts_with`].
pub(crate) fn serialize_parts<S: Serializer, D: Serialize + ?Sized>(
    serializer: S,
    code: &str,
    message: &str,
    detail: Option<&D>,
) -> Result<S::Ok, S::Error> {
    serialize_parts_with(serializer, BodyKeys::Documented, code, message, detail)
}

/// The wire format, from its parts: the one place that decides the keys
/// and their order: `errorCode`, `errorMessage`, `message` when there is a
/// detail, then the compatibility keys when asked for (so that adding them
/// to a body someone else wrote, [`append_compatible_keys`], gives the same
/// order). The derive's precomputed bodies follow it, and a test compares
/// them.
pub(crate) fn serialize_parts_with<S: Serializer, D: Serialize + ?Sized>(
    serializer: S,
    keys: BodyKeys,
    code: &str,
    message: &str,
    detail: Option<&D>,
) -> Result<S::Ok, S::Error> {
    let compatible = keys == BodyKeys::Compatible;
    let len = 2 + 2 * usize::from(compatible) + usize::from(detail.is_some());
    let mut body = serializer.serialize_struct("ErrorBody", len)?;
    body.serialize_field(ERROR_CODE, code)?;
    body.serialize_field(ERROR_MESSAGE, message)?;
    match detail {
        Some(detail) => body.serialize_field(DETAIL, detail)?,
        None => body.skip_field(DETAIL)?,
    }
    if compatible {
        body.serialize_field(ERROR_CODE_SNAKE, code)?;
        body.serialize_field(ERROR_MSG_SNAKE, message)?;
    } else {
        body.skip_field(ERROR_CODE_SNAKE)?;
        body.skip_field(ERROR_MSG_SNAKE)?;
    }
    body.end()
}

/// `json`, a JSON object, with `error_code` and `error_msg` added at its
/// end holding `code` and `message`: the compatibility keys of a body this
/// crate did not write, keeping every key it has. `None` when `json` does
/// not end with `}`.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn append_compatible_keys(json: &[u8], code: &str, message: &str) -> Option<Vec<u8>> {
    let start = json.trim_ascii_end().strip_suffix(b"}")?;
    let mut out = Vec::with_capacity(json.len() + 32 + code.len() + message.len());
    out.extend_from_slice(start);
    if start.trim_ascii_end().last() != Some(&b'{') {
        out.push(b',');
    }
    for (i, (key, value)) in [(ERROR_CODE_SNAKE, code), (ERROR_MSG_SNAKE, message)]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            out.push(b',');
        }
        // Writing a string into a `Vec` does not fail.
        serde_json::to_writer(&mut out, key).ok()?;
        out.push(b':');
        serde_json::to_writer(&mut out, value).ok()?;
    }
    out.push(b'}');
    Some(out)
}

impl<'de> Deserialize<'de> for ErrorBody<'_> {
    /// Decodes with owned text, so that `ErrorBody<'static>` is
    /// `DeserializeOwned` (for `serde_json::from_reader`, `from_value`, or a
    /// framework's JSON extractor). [`ErrorBody::from_slice`] and
    /// [`ErrorBody::deserialize_borrowed`] borrow instead.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ErrorBody::deserialize_borrowed(deserializer).map(ErrorBody::into_owned)
    }
}

/// Reads a body's keys. With `lazy`, the value of `error_code` or
/// `error_msg` is skipped, not read, when the documented key it stands in
/// for was already read (it would lose to it): [`Keys::from_slice`] reads
/// the body again in full in the rare case where that documented key is
/// later nulled.
///
/// It fills the caller's [`Keys`] in place rather than returning one: the
/// struct is large, and moving it out through serde's layers cost 2.5 % of
/// a decode's instructions (`tests/benches/instructions.py`).
struct BodyVisitor<'k, 'a> {
    lazy: bool,
    wanted: Wanted,
    keys: &'k mut Keys<'a>,
}

/// The keys besides the body's own that a reader needs: an `ErrorBody`
/// needs none; a client's `decode` needs the request id, and for a status
/// that may ask for a wait, the retry delay. What is not wanted is skipped,
/// not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wanted {
    pub(crate) request_id: bool,
    pub(crate) retry_after: bool,
}

impl Wanted {
    /// Only the body's own keys.
    pub(crate) const BODY: Wanted = Wanted {
        request_id: false,
        retry_after: false,
    };
    /// Every key a convention uses.
    pub(crate) const ALL: Wanted = Wanted {
        request_id: true,
        retry_after: true,
    };
}

enum Key {
    Code,
    Message,
    Detail,
    CodeSnake,
    MessageSnake,
    RequestId,
    Details,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key of a CCE error body")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    ERROR_CODE => Key::Code,
                    ERROR_MESSAGE => Key::Message,
                    DETAIL => Key::Detail,
                    ERROR_CODE_SNAKE => Key::CodeSnake,
                    ERROR_MSG_SNAKE => Key::MessageSnake,
                    REQUEST_ID => Key::RequestId,
                    DETAILS => Key::Details,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// A string value, borrowed from the input when it has no escapes, or
/// `null` (`None`): what the documented keys may hold. Read in one step
/// (`deserialize_any`), not as an `Option` around a string, which reads the
/// value's start twice.
struct Text<'a>(Option<Cow<'a, str>>);

struct TextVisitor<'a>(PhantomData<Text<'a>>);

impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
    type Value = Text<'a>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Borrowed(v))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v.to_owned()))))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v))))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Text(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Text(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor(PhantomData))
    }
}

/// A value that is used when it is a string and skipped otherwise: the
/// fallback keys come from other conventions, where a number or an object
/// under the same name is no reason to reject the body.
struct Lenient<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Lenient<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LenientVisitor<'a>(PhantomData<Lenient<'a>>);
        impl<'de: 'a, 'a> Visitor<'de> for LenientVisitor<'a> {
            type Value = Lenient<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Lenient(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Lenient(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Lenient(Some(Cow::Owned(v))))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Lenient(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Lenient(None))
            }
        }
        deserializer.deserialize_any(LenientVisitor(PhantomData))
    }
}

/// A Kubernetes `Status`'s `details` object, read for its
/// `retryAfterSeconds`; any other value, or a delay that is not a
/// non-negative integer, counts as none.
struct Details(Option<u64>);

impl<'de> Deserialize<'de> for Details {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DetailsVisitor;
        impl<'de> Visitor<'de> for DetailsVisitor {
            type Value = Details;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Details, A::Error> {
                let mut seconds = None;
                while let Some(key) = map.next_key::<Lenient<'de>>()? {
                    if key.0.as_deref() == Some(RETRY_AFTER_SECONDS) {
                        seconds = map.next_value::<IgnoredOrNumber>()?.0;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Details(seconds))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Details, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Details(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Details, E> {
                Ok(Details(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Details, E> {
                Ok(Details(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Details, E> {
                Ok(Details(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Details, E> {
                Ok(Details(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Details, E> {
                Ok(Details(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Details, E> {
                Ok(Details(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Details, E> {
                Ok(Details(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Details, D::Error> {
                d.deserialize_any(self)
            }
        }
        deserializer.deserialize_any(DetailsVisitor)
    }
}

/// The `u64` of a non-negative integer; any other value is skipped.
struct IgnoredOrNumber(Option<u64>);

impl<'de> Deserialize<'de> for IgnoredOrNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl<'de> Visitor<'de> for NumberVisitor {
            type Value = IgnoredOrNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IgnoredOrNumber, E> {
                Ok(IgnoredOrNumber(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IgnoredOrNumber, E> {
                Ok(IgnoredOrNumber(u64::try_from(v).ok()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<IgnoredOrNumber, E> {
                Ok(IgnoredOrNumber(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<IgnoredOrNumber, E> {
                Ok(IgnoredOrNumber(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<IgnoredOrNumber, E> {
                Ok(IgnoredOrNumber(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<IgnoredOrNumber, E> {
                Ok(IgnoredOrNumber(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<IgnoredOrNumber, E> {
                Ok(IgnoredOrNumber(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<IgnoredOrNumber, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<IgnoredOrNumber, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(IgnoredOrNumber(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IgnoredOrNumber, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(IgnoredOrNumber(None))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// Every key of an error body that one of the conventions uses, as found
/// (a repeated key keeps its last value).
#[derive(Debug, Default)]
pub(crate) struct Keys<'a> {
    /// `errorCode`, the documented key.
    pub(crate) code: Option<Cow<'a, str>>,
    /// `errorMessage`, the documented key.
    pub(crate) message: Option<Cow<'a, str>>,
    /// `message`: the detail.
    pub(crate) detail: Option<Cow<'a, str>>,
    /// `error_code`: API gateways, and a service-internal code beside `errorCode`.
    pub(crate) code_snake: Option<Cow<'a, str>>,
    /// `error_msg`.
    pub(crate) message_snake: Option<Cow<'a, str>>,
    /// `request_id`: API gateways put the request id in the body.
    pub(crate) request_id: Option<Cow<'a, str>>,
    /// `details.retryAfterSeconds`: a Kubernetes `Status`'s retry delay.
    pub(crate) retry_after_seconds: Option<u64>,
    /// Whether the body has an `error_code` key, and whether its value was read.
    pub(crate) code_snake_seen: Seen,
    /// The same for `error_msg`.
    pub(crate) message_snake_seen: Seen,
}

/// Whether a fallback key was in a body, and what became of its value.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// Not in the body.
    #[default]
    No,
    /// In the body, its value read.
    Read,
    /// In the body, its value skipped: the documented key was there.
    Skipped,
}

impl<'a> Keys<'a> {
    /// Reads the keys of a JSON object, borrowing from `deserializer`'s input.
    pub(crate) fn deserialize<'de: 'a, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let mut keys = Keys::default();
        deserializer.deserialize_map(BodyVisitor {
            lazy: false,
            wanted: Wanted::ALL,
            keys: &mut keys,
        })?;
        Ok(keys)
    }

    /// The keys of the JSON object `json`, which must be all of it; as
    /// [`Keys::deserialize`], reading fallback values only when needed.
    pub(crate) fn from_slice(json: &'a [u8], wanted: Wanted) -> Result<Self, serde_json::Error> {
        let mut keys = Keys::default();
        keys.read_slice(json, wanted)?;
        Ok(keys)
    }

    /// [`Keys::from_slice`] into `self`, which must be empty: the caller's
    /// own, so that the struct is not moved (a copy of 170 bytes).
    fn read_slice(&mut self, json: &'a [u8], wanted: Wanted) -> Result<(), serde_json::Error> {
        let read = |lazy, keys: &mut Keys<'a>| {
            let mut deserializer = serde_json::Deserializer::from_slice(json);
            deserializer.deserialize_map(BodyVisitor { lazy, wanted, keys })?;
            deserializer.end()
        };
        read(true, self)?;
        let lost = |value: &Option<Cow<'a, str>>, seen| value.is_none() && seen == Seen::Skipped;
        if lost(&self.code, self.code_snake_seen) || lost(&self.message, self.message_snake_seen) {
            *self = Keys::default();
            read(false, self)?;
        }
        Ok(())
    }

    /// The code: the documented key wins over `error_code`.
    pub(crate) fn code(&mut self) -> Option<Cow<'a, str>> {
        self.code.take().or_else(|| self.code_snake.take())
    }

    /// The message: the documented key wins over `error_msg`.
    pub(crate) fn message(&mut self) -> Option<Cow<'a, str>> {
        self.message.take().or_else(|| self.message_snake.take())
    }
}

impl<'de: 'a, 'a> Visitor<'de> for BodyVisitor<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CCE error body: a JSON object with `errorCode` and `errorMessage`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let keys = self.keys;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                // The documented keys must hold strings (null counts as absent).
                Key::Code => keys.code = map.next_value::<Text<'a>>()?.0,
                Key::Message => keys.message = map.next_value::<Text<'a>>()?.0,
                Key::Detail => keys.detail = map.next_value::<Lenient<'a>>()?.0,
                Key::CodeSnake => {
                    keys.code_snake_seen = if self.lazy && keys.code.is_some() {
                        map.next_value::<IgnoredAny>()?;
                        Seen::Skipped
                    } else {
                        keys.code_snake = map.next_value::<Lenient<'a>>()?.0;
                        Seen::Read
                    };
                }
                Key::MessageSnake => {
                    keys.message_snake_seen = if self.lazy && keys.message.is_some() {
                        map.next_value::<IgnoredAny>()?;
                        Seen::Skipped
                    } else {
                        keys.message_snake = map.next_value::<Lenient<'a>>()?.0;
                        Seen::Read
                    };
                }
                Key::RequestId if self.wanted.request_id => {
                    keys.request_id = map.next_value::<Lenient<'a>>()?.0;
                }
                Key::Details if self.wanted.retry_after => {
                    keys.retry_after_seconds = map.next_value::<Details>()?.0;
                }
                Key::RequestId | Key::Details | Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}
