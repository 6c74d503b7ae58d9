//! Integration tests of `cce-errors`, one file per topic in `tests/`.
