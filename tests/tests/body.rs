//! What a derived error serializes to: exactly the documented body, with
//! the detail under `message` and never a source error's text.

use std::borrow::Cow;

use cce_errors::{CceError, ErrorBody};
use cce_errors_tests::{AddonError, ClusterError};
use serde_json::{Value, json};

#[derive(Debug, CceError)]
#[cce(code = "CCE.01400001", detail = "{text}")]
struct Echo {
    text: String,
}

/// Text an internal error carries, which must never reach a client.
const SECRET: &str = "SECRET-disk-/var/lib/etcd-is-full-7f3a";

fn object_keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("the body is a JSON object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn variant_without_detail_serializes_to_code_and_message_only() {
    let value = serde_json::to_value(ClusterError::NotFound).unwrap();
    assert_eq!(
        value,
        json!({"errorCode": "CCE.01404001", "errorMessage": "Resource not found."})
    );
    assert_eq!(object_keys(&value), ["errorCode", "errorMessage"]);
}

#[test]
fn variant_with_detail_adds_the_rendered_message() {
    let error = ClusterError::SubnetNotInVpc {
        subnet_id: "subnet-7f3a".into(),
        vpc_id: "vpc-01".into(),
    };
    let value = serde_json::to_value(&error).unwrap();
    assert_eq!(
        value,
        json!({
            "errorCode": "CCE.01400002",
            "errorMessage": "Subnet not found in the VPC.",
            "message": "subnet subnet-7f3a is not in VPC vpc-01",
        })
    );
    assert_eq!(
        object_keys(&value),
        ["errorCode", "errorMessage", "message"]
    );
}

#[test]
fn source_error_text_never_reaches_the_body() {
    let error = ClusterError::from(std::io::Error::other(SECRET));
    // The text is there for operators ...
    assert!(
        std::error::Error::source(&error)
            .unwrap()
            .to_string()
            .contains(SECRET)
    );
    // ... and nowhere in what a client receives.
    let value = serde_json::to_value(&error).unwrap();
    assert_eq!(
        value,
        json!({"errorCode": "CCE.01500001", "errorMessage": "Internal error."})
    );
    let text = serde_json::to_string(&error).unwrap();
    assert!(!text.contains(SECRET), "{text}");
    assert!(!text.contains("etcd"), "{text}");
    assert_eq!(error.detail(), None);
    assert!(
        !format!("{:?}", error.to_body()).contains(SECRET),
        "to_body carries the source text"
    );
}

#[test]
fn transparent_variant_serializes_as_its_inner_error() {
    let error = ClusterError::from(AddonError::MissingAccessKey {
        addon: "everest".into(),
    });
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({
            "errorCode": "CCE.03400002",
            "errorMessage": "Missing access key.",
            "message": "add-on everest has no access key",
        })
    );
    assert_eq!(
        serde_json::to_value(ClusterError::from(AddonError::AlreadyInstalled)).unwrap(),
        json!({"errorCode": "CCE.03409001", "errorMessage": "Addon instance has installed."})
    );
}

#[test]
fn to_body_has_code_message_and_detail() {
    let body = ClusterError::NotFound.to_body();
    assert_eq!(body.code, "CCE.01404001");
    assert_eq!(body.message, "Resource not found.");
    assert_eq!(body.detail, None);
    // Code and message come from the static table: nothing is allocated.
    assert!(matches!(body.code, Cow::Borrowed(_)));
    assert!(matches!(body.message, Cow::Borrowed(_)));

    let error = ClusterError::SubnetNotInVpc {
        subnet_id: "s".into(),
        vpc_id: "v".into(),
    };
    let body = error.to_body();
    assert_eq!(body.code, "CCE.01400002");
    assert_eq!(body.message, "Subnet not found in the VPC.");
    assert_eq!(body.detail.as_deref(), Some("subnet s is not in VPC v"));
    assert_eq!(
        body,
        ErrorBody::new("CCE.01400002", "Subnet not found in the VPC.")
            .with_detail("subnet s is not in VPC v")
    );
}

#[test]
fn serializing_the_error_equals_serializing_its_body() {
    let errors = [
        ClusterError::NotFound,
        ClusterError::SubnetNotInVpc {
            subnet_id: "a".into(),
            vpc_id: "b".into(),
        },
        ClusterError::from(std::io::Error::other(SECRET)),
        ClusterError::from(AddonError::AlreadyInstalled),
    ];
    for error in &errors {
        assert_eq!(
            serde_json::to_value(error).unwrap(),
            serde_json::to_value(error.to_body()).unwrap(),
            "{error:?}"
        );
    }
}

#[test]
fn error_body_serializes_with_and_without_detail() {
    let body = ErrorBody::new("CCE.01401001", "Authorization failed.");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"errorCode": "CCE.01401001", "errorMessage": "Authorization failed."})
    );
    let body = body.with_detail("token expired");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({
            "errorCode": "CCE.01401001",
            "errorMessage": "Authorization failed.",
            "message": "token expired",
        })
    );
}

#[test]
fn empty_detail_is_still_sent() {
    // An empty detail is a detail: `Some("")` is not `None`.
    let body = ErrorBody::new("CCE.01401001", "Authorization failed.").with_detail("");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"errorCode": "CCE.01401001", "errorMessage": "Authorization failed.", "message": ""})
    );
}

#[test]
fn keys_come_in_documented_order() {
    // Order is the point here, so this one looks at the text.
    let error = ClusterError::SubnetNotInVpc {
        subnet_id: "s".into(),
        vpc_id: "v".into(),
    };
    let text = serde_json::to_string(&error).unwrap();
    assert_eq!(
        text,
        r#"{"errorCode":"CCE.01400002","errorMessage":"Subnet not found in the VPC.","message":"subnet s is not in VPC v"}"#
    );
    let text = serde_json::to_string(&ClusterError::NotFound).unwrap();
    assert_eq!(
        text,
        r#"{"errorCode":"CCE.01404001","errorMessage":"Resource not found."}"#
    );
}

#[test]
fn hostile_detail_values_give_valid_json_with_the_same_text() {
    for hostile in [
        r#"quote " inside"#,
        r"back\slash \\ \n not a newline",
        "new\nline and\r\ncarriage",
        "tab\tnul\u{0}bell\u{7}esc\u{1b}del\u{7f}",
        "line\u{2028}separator\u{2029}paragraph",
        "emoji \u{1F600} and \u{10FFFF}",
        "</script><script>alert(1)</script>",
        "{not} {{a}} template",
        "",
    ] {
        let error = Echo {
            text: hostile.to_owned(),
        };
        let bytes = serde_json::to_vec(&error).unwrap();
        let value: Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("invalid JSON for {hostile:?}: {e}"));
        assert_eq!(value["message"], Value::String(hostile.to_owned()));
        let body: ErrorBody = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body.detail.as_deref(), Some(hostile));
        assert_eq!(body.code, "CCE.01400001");
    }
}

/// The fast path of responses (`response::body_of`: bodies computed while
/// compiling, details escaped as they are formatted) writes exactly the
/// bytes `serde_json` writes for `to_body()`.
#[test]
fn precomputed_bodies_are_the_serialized_bodies() {
    use cce_errors::response::body_of;
    use std::borrow::Cow;

    #[derive(Debug, CceError)]
    enum Shapes {
        #[cce(code = "CCE.01400001", detail = "fixed \"quoted\" text {{braces}}")]
        Fixed,
        #[cce(code = "CCE.01400002", detail = "{0} / {1:?} / {2:>6}")]
        Values(String, &'static str, u32),
        #[cce(code = "CCE.01429002")]
        Locked(#[cce(retry_after)] u64),
    }

    let hostile =
        "quote \" backslash \\ nl \n tab \t nul \u{0} del \u{7f} sep \u{2028}\u{2029} 🦀 </script>";
    let mut errors: Vec<Box<dyn CceError>> = vec![
        Box::new(ClusterError::NotFound),
        Box::new(ClusterError::SubnetNotInVpc {
            subnet_id: hostile.into(),
            vpc_id: String::new(),
        }),
        Box::new(ClusterError::Storage(std::io::Error::other(SECRET))),
        Box::new(ClusterError::Addon(AddonError::MissingAccessKey {
            addon: hostile.repeat(100),
        })),
        Box::new(ClusterError::Quota(hostile)),
        Box::new(Shapes::Fixed),
        Box::new(Shapes::Values(hostile.into(), hostile, 7)),
        Box::new(Shapes::Locked(3)),
    ];
    for row in cce_errors::ErrorCode::all() {
        errors.push(Box::new(
            cce_errors_tests::EveryCode::from_body(&ErrorBody::from(row)).unwrap(),
        ));
    }
    for error in &errors {
        let expected = serde_json::to_vec(&error.to_body()).unwrap();
        let fast = body_of(error.as_ref());
        assert_eq!(
            String::from_utf8_lossy(&fast),
            String::from_utf8_lossy(&expected),
            "{error:?}"
        );
    }
    // A body that does not depend on values is the program's own bytes.
    assert!(matches!(body_of(&ClusterError::NotFound), Cow::Borrowed(_)));
    assert!(matches!(body_of(&Shapes::Fixed), Cow::Borrowed(_)));
    assert!(matches!(body_of(&ClusterError::Quota("q")), Cow::Owned(_)));
}
