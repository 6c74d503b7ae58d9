//! Collects every mistake found in one input so that one build reports all
//! of them (the `Ctxt` of `serde_derive`).

use std::cell::{Cell, RefCell};
use std::fmt::Display;

use quote::ToTokens;

pub(crate) struct Ctxt {
    // `None` once checked: dropping an unchecked context is a bug in this
    // crate (errors would be lost), caught by the tests' debug builds.
    errors: RefCell<Option<Vec<(usize, syn::Error)>>>,
    section: Cell<usize>,
}

impl Ctxt {
    pub(crate) fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
            section: Cell::new(0),
        }
    }

    /// Errors are reported in the order of the input, not of the stage that
    /// found them: section 0 is the type, section `i + 1` its variant `i`.
    pub(crate) fn section(&self, section: usize) {
        self.section.set(section);
    }

    /// An error covering the tokens of `at` (a literal, a key, a field).
    pub(crate) fn error_spanned_by<A: ToTokens, M: Display>(&self, at: A, message: M) {
        self.syn_error(syn::Error::new_spanned(at.into_token_stream(), message));
    }

    pub(crate) fn syn_error(&self, error: syn::Error) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push((self.section.get(), error));
        }
    }

    /// All errors combined into one, or `Ok` when there were none.
    pub(crate) fn check(self) -> Result<(), syn::Error> {
        let mut errors = self.errors.borrow_mut().take().unwrap_or_default();
        errors.sort_by_key(|(section, _)| *section);
        let mut errors = errors.into_iter().map(|(_, error)| error);
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for rest in errors {
            combined.combine(rest);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if cfg!(debug_assertions) && !std::thread::panicking() {
            assert!(
                self.errors.borrow().is_none(),
                "cce-errors-derive: a Ctxt was dropped without check()"
            );
        }
    }
}
