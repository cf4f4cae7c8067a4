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

fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (row, left_char) in left.chars().enumerate() {
        let mut current = vec![row + 1];
        for (col, right_char) in right.iter().enumerate() {
            let cost = usize::from(left_char != *right_char);
            current.push((previous[col] + cost).min(previous[col + 1] + 1).min(current[col] + 1));
        }
        previous = current;
    }
    previous[right.len()]
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
