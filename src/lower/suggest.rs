//! "Did you mean …?" suggestions.

/// The candidate closest to `name` by edit distance, if it is close enough
/// to be a plausible typo (and not `name` itself).
pub(crate) fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let distance = edit_distance(&name.to_lowercase(), &candidate.to_lowercase());
        let close = distance <= limit || candidate.ends_with(&format!(".{name}"));
        if close && best.is_none_or(|(best_distance, best_name)| (distance, candidate) < (best_distance, best_name)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate.to_string())
}

/// Edit distance counting an adjacent transposition as one edit (`emial` →
/// `email` is 1), "optimal string alignment".
fn edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let width = right.len() + 1;
    let mut table = vec![0usize; (left.len() + 1) * width];
    for row in 0..=left.len() {
        for col in 0..=right.len() {
            table[row * width + col] = if row == 0 {
                col
            } else if col == 0 {
                row
            } else {
                let cost = usize::from(left[row - 1] != right[col - 1]);
                let mut best = (table[(row - 1) * width + col - 1] + cost)
                    .min(table[(row - 1) * width + col] + 1)
                    .min(table[row * width + col - 1] + 1);
                if row > 1 && col > 1 && left[row - 1] == right[col - 2] && left[row - 2] == right[col - 1] {
                    best = best.min(table[(row - 2) * width + col - 2] + 1);
                }
                best
            };
        }
    }
    table[left.len() * width + right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("emial", ["email", "id"]), Some("email".to_string()));
        assert_eq!(did_you_mean("order_status", ["shop.order_status"]), Some("shop.order_status".to_string()));
        assert_eq!(did_you_mean("zzz", ["email", "id"]), None);
    }
}
