//! Edit distance for code suggestions, by hand: this crate has no
//! dependencies, since the derive builds it for the host in every service.

/// The optimal string alignment distance between `a` and `b`, in `char`s:
/// insertions, deletions, substitutions and swaps of two neighbouring
/// characters each count as one edit (a swapped pair is not edited again),
/// as `strsim::osa_distance` counts them. The derive's suggestions of near
/// codes, keys and fields use it.
///
/// ```
/// assert_eq!(cce_errors_table::edit_distance("CCE.01400031", "CCE.01400013"), 1);
/// ```
pub fn osa(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: i - 2, i - 1 and i.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
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
