//! The NAICS codes a business may be filed under: the industries the workforce system meets
//! most. The form offers them as a list; the server accepts nothing else.

/// `(code, title)`, ordered by code.
pub const NAICS: &[(&str, &str)] = &[
    ("111000", "Crop production"),
    ("236220", "Commercial building construction"),
    ("238210", "Electrical contractors"),
    ("311710", "Seafood product preparation"),
    ("311811", "Retail bakeries"),
    ("312120", "Breweries"),
    ("323111", "Commercial printing"),
    ("325414", "Biological product manufacturing"),
    ("326199", "Plastics product manufacturing"),
    ("332710", "Machine shops"),
    ("333514", "Special die, tool, jig and fixture manufacturing"),
    ("334413", "Semiconductor manufacturing"),
    ("336411", "Aircraft manufacturing"),
    ("423450", "Medical equipment merchant wholesalers"),
    ("445110", "Supermarkets and grocery stores"),
    ("452319", "General merchandise stores"),
    ("484110", "General freight trucking, local"),
    ("493110", "General warehousing and storage"),
    ("511210", "Software publishers"),
    ("522130", "Credit unions"),
    ("524126", "Property and casualty insurance"),
    ("541330", "Engineering services"),
    ("541511", "Custom computer programming services"),
    ("541611", "Management consulting services"),
    ("561320", "Temporary help services"),
    ("561720", "Janitorial services"),
    ("611310", "Colleges and universities"),
    ("621111", "Offices of physicians"),
    ("622110", "General medical and surgical hospitals"),
    ("623312", "Assisted living facilities for the elderly"),
    ("624410", "Child day care services"),
    ("713940", "Fitness and recreational sports centers"),
    ("721110", "Hotels and motels"),
    ("722511", "Full-service restaurants"),
    ("811111", "General automotive repair"),
];

/// The title of a listed code.
pub fn title(code: &str) -> Option<&'static str> {
    NAICS
        .binary_search_by(|(listed, _)| listed.cmp(&code))
        .ok()
        .map(|index| NAICS[index].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_six_digit_codes() {
        assert!(NAICS.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(
            NAICS
                .iter()
                .all(|(code, _)| code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()))
        );
        assert_eq!(title("332710"), Some("Machine shops"));
        assert_eq!(title("999999"), None);
    }
}
