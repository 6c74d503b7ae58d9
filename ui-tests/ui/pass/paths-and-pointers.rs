// A `Path` or `PathBuf` shows as `.display()` shows it; `{field:p}` shows
// the address `format!` shows for the field.
use std::path::{Path, PathBuf};

use cce_errors::CceError;

#[derive(Debug, CceError)]
enum FileError<'a> {
    #[cce(code = "CCE.01500001", detail = "cannot read {0}")]
    Read(PathBuf),
    #[cce(code = "CCE.01500001", detail = "cannot write {path}")]
    Write { path: &'a Path },
    #[cce(code = "CCE.01500001", detail = "buffer at {0:p}")]
    Buffer(Box<[u8; 4]>),
}

fn main() {
    let error = FileError::Read(PathBuf::from("/etc/x"));
    assert_eq!(error.detail().as_deref(), Some("cannot read /etc/x"));
    let error = FileError::Write { path: Path::new("/tmp/y") };
    assert_eq!(error.detail().as_deref(), Some("cannot write /tmp/y"));
    let buffer = Box::new([0; 4]);
    let expected = format!("buffer at {buffer:p}");
    assert_eq!(FileError::Buffer(buffer).detail().as_deref(), Some(expected.as_str()));
}
