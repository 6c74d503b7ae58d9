//! The canonical table, generated from the documentation page that
//! `cce-errors-derive` ships, so this crate and the derive read one file.

cce_errors_derive::__canonical_table!();
