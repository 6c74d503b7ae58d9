//! `detail("...", args...)`: arguments as `format!` takes them, with the
//! `.field` / `.0` shorthand; paths shown as `.display()` shows them; and
//! `{field:p}` showing the address `format!` shows.

use std::borrow::Cow;
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use cce_errors::CceError;

#[track_caller]
fn assert_detail<E: CceError + serde::Serialize>(expected: &str, error: &E) {
    assert_eq!(error.detail().as_deref(), Some(expected));
    let body = serde_json::to_value(error).unwrap();
    assert_eq!(body["message"], expected, "the body sends the same detail");
}

#[derive(Debug, CceError)]
enum Args {
    #[cce(code = "CCE.01400001", detail("{} of {}", .0, .1.len()))]
    Positional(u32, Vec<u8>),
    #[cce(code = "CCE.01400001", detail("{1} before {0}, then {}", "a", "b"))]
    Numbered,
    #[cce(code = "CCE.01400001", detail("{n} items ({count})", n = .count * 2))]
    Named { count: usize },
    #[cce(code = "CCE.01400001", detail("[{:>w$}] [{:.*}] [{0:>3$}]", .name, 2, .ratio, 4, w = 6))]
    Counts { name: &'static str, ratio: f64 },
    #[cce(code = "CCE.01400001", detail("[{name:>width$}] [{:w$}]", 7, w = 3))]
    NamedCounts { name: &'static str, width: usize },
    #[cce(code = "CCE.01400001", detail("{} {}", .items.iter().map(|i| i * 2).sum::<u32>(), .items.len()))]
    Closure { items: Vec<u32> },
    #[cce(code = "CCE.01400001", detail("{}", if *.flag { "on" } else { "off" }))]
    Keyword { flag: bool },
}

#[test]
fn positional_named_and_numbered_arguments() {
    assert_detail("7 of 3", &Args::Positional(7, vec![1, 2, 3]));
    assert_detail("b before a, then a", &Args::Numbered);
    assert_detail("6 items (3)", &Args::Named { count: 3 });
    assert_detail(
        "[    ab] [0.33] [  ab]",
        &Args::Counts {
            name: "ab",
            ratio: 1.0 / 3.0,
        },
    );
    assert_detail(
        "[     ab] [  7]",
        &Args::NamedCounts {
            name: "ab",
            width: 7,
        },
    );
    assert_detail(
        "12 3",
        &Args::Closure {
            items: vec![1, 2, 3],
        },
    );
    assert_detail("on", &Args::Keyword { flag: true });
    assert_detail("off", &Args::Keyword { flag: false });
}

/// An argument is evaluated once per detail, however often it is shown,
/// and in the order written.
#[test]
fn each_argument_is_evaluated_once() {
    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01400001", detail("{a} {a} {b} {a}", a = next(.0), b = next(.0)))]
    struct Counted(Cell<u32>);

    fn next(cell: &Cell<u32>) -> u32 {
        cell.set(cell.get() + 1);
        cell.get()
    }

    let error = Counted(Cell::new(0));
    assert_eq!(error.detail().as_deref(), Some("1 1 2 1"));
    assert_eq!(error.0.get(), 2);
    assert_eq!(error.detail().as_deref(), Some("3 3 4 3"));
}

#[test]
fn a_struct_reads_its_fields_through_self_too() {
    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01404001", detail("cluster {} in {}", self.id, .zone))]
    struct NotFound {
        id: u32,
        zone: &'static str,
    }

    assert_detail(
        "cluster 7 in az-1",
        &NotFound {
            id: 7,
            zone: "az-1",
        },
    );
}

#[test]
fn a_generic_field_in_an_argument_needs_no_bound() {
    #[derive(Debug, CceError)]
    #[cce(code = "CCE.01400001", detail("{} values", .0.len()))]
    struct Many<T>(Vec<T>);

    #[derive(Debug)]
    struct Opaque;

    assert_detail("2 values", &Many(vec![Opaque, Opaque]));
}

/// A path under another name: what the derive cannot see by the name.
type ConfigPath = PathBuf;

#[derive(Debug, CceError)]
enum Paths<'a> {
    #[cce(code = "CCE.01500001", detail = "{0}")]
    Aliased(ConfigPath),
    #[cce(code = "CCE.01500001", detail = "{0}")]
    Owned(PathBuf),
    #[cce(code = "CCE.01500001", detail = "{0}")]
    Borrowed(&'a Path),
    #[cce(code = "CCE.01500001", detail = "{0}")]
    BorrowedBuf(&'a PathBuf),
    #[cce(code = "CCE.01500001", detail = "{0}")]
    Boxed(Box<Path>),
    #[cce(code = "CCE.01500001", detail = "{0}")]
    Cow(Cow<'a, Path>),
    #[cce(code = "CCE.01500001", detail = "{0}")]
    Rc(Rc<Path>),
    #[cce(code = "CCE.01500001", detail = "{0}")]
    Arc(Arc<Path>),
    #[cce(code = "CCE.01500001", detail = "[{0:>8}] {0:?}")]
    Spec(PathBuf),
}

#[test]
fn paths_display_as_their_display_method_does() {
    let path = Path::new("/etc/x");
    let shown = path.display().to_string();
    assert_detail(&shown, &Paths::Owned(path.to_owned()));
    assert_detail(&shown, &Paths::Aliased(path.to_owned()));
    assert_detail(&shown, &Paths::Borrowed(path));
    assert_detail(&shown, &Paths::BorrowedBuf(&path.to_owned()));
    assert_detail(&shown, &Paths::Boxed(path.into()));
    assert_detail(&shown, &Paths::Cow(Cow::Borrowed(path)));
    assert_detail(&shown, &Paths::Rc(path.into()));
    assert_detail(&shown, &Paths::Arc(path.into()));
    assert_detail(
        &format!("[{:>8}] {:?}", path.display(), path),
        &Paths::Spec(path.to_owned()),
    );
}

#[derive(Debug, CceError)]
enum Pointers<'a> {
    #[cce(code = "CCE.01500001", detail = "{0:p}")]
    Boxed(Box<u64>),
    #[cce(code = "CCE.01500001", detail = "{0:p}")]
    Reference(&'a u64),
    #[cce(code = "CCE.01500001", detail = "{0:p}")]
    Raw(*const u64),
    #[cce(code = "CCE.01500001", detail = "{0:p}")]
    Shared(Arc<str>),
}

#[test]
fn a_pointer_placeholder_shows_the_address_format_shows() {
    let value = 7u64;
    let boxed = Box::new(1u64);
    let expected = format!("{boxed:p}");
    assert_detail(&expected, &Pointers::Boxed(boxed));
    assert_detail(&format!("{:p}", &value), &Pointers::Reference(&value));
    let raw: *const u64 = std::ptr::from_ref(&value);
    assert_detail(&format!("{raw:p}"), &Pointers::Raw(raw));
    let shared: Arc<str> = Arc::from("x");
    let expected = format!("{shared:p}");
    assert_detail(&expected, &Pointers::Shared(shared));
}
