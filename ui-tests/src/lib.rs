//! The trybuild cases of `cce-errors` live in `ui/`; see `tests/ui.rs`.
