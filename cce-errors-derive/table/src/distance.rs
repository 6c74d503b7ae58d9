//! Edit distance for the suggestions of near codes, keys and fields.

/// The optimal string alignment distance between `a` and `b`, in `char`s:
/// insertions, deletions, substitutions and swaps of two neighbouring
/// characters each count as one edit (a swapped pair is not edited again).
/// It is `strsim::osa_distance`; the derive's suggestions of near codes,
/// keys and fields use it.
///
/// ```
/// assert_eq!(cce_errors_table::edit_distance("CCE.01400031", "CCE.01400013"), 1);
/// ```
pub fn osa(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::osa;

    #[test]
    fn counts_each_kind_of_edit_once() {
        assert_eq!(osa("", ""), 0);
        assert_eq!(osa("abc", ""), 3);
        assert_eq!(osa("", "abc"), 3);
        assert_eq!(osa("CCE.01400031", "CCE.01400031"), 0);
        assert_eq!(osa("CCE.01400031", "CCE.01400001"), 1, "substitution");
        assert_eq!(osa("CCE.01400031", "CCE.01400013"), 1, "swap");
        assert_eq!(osa("CCE.0140031", "CCE.01400031"), 1, "insertion");
        assert_eq!(osa("ab", "ba"), 1);
        // OSA does not edit a swapped pair again (Damerau-Levenshtein gives 2).
        assert_eq!(osa("ca", "abc"), 3);
        assert_eq!(osa("kitten", "sitting"), 3);
        assert_eq!(osa("é1", "1é"), 1, "counted in chars");
    }
}
