//! What a new password must be. The change-password form is a plain form post, so the
//! server sends the person back with one of these problems in the query.

use serde::{Deserialize, Serialize};

/// Shortest password accepted; long passphrases beat composition rules.
pub const MIN_LENGTH: usize = 12;
/// Longest password accepted, to bound the work of hashing it.
pub const MAX_LENGTH: usize = 128;

/// Why a new password was refused (the `error` query value of the form).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordProblem {
    WrongCurrent,
    TooShort,
    TooLong,
    Mismatch,
    Unchanged,
}

const ALL: [PasswordProblem; 5] = [
    PasswordProblem::WrongCurrent,
    PasswordProblem::TooShort,
    PasswordProblem::TooLong,
    PasswordProblem::Mismatch,
    PasswordProblem::Unchanged,
];

impl PasswordProblem {
    pub fn as_str(self) -> &'static str {
        match self {
            PasswordProblem::WrongCurrent => "wrong_current",
            PasswordProblem::TooShort => "too_short",
            PasswordProblem::TooLong => "too_long",
            PasswordProblem::Mismatch => "mismatch",
            PasswordProblem::Unchanged => "unchanged",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        ALL.into_iter().find(|problem| problem.as_str() == value)
    }

    /// The form field the problem belongs to.
    pub fn field(self) -> &'static str {
        match self {
            PasswordProblem::WrongCurrent => "current",
            PasswordProblem::Mismatch => "confirm",
            _ => "new_password",
        }
    }

    pub fn message(self) -> String {
        match self {
            PasswordProblem::WrongCurrent => {
                "This is not your current password (for a new account: the temporary one you were given)."
                    .to_owned()
            }
            PasswordProblem::TooShort => {
                format!("Use at least {MIN_LENGTH} characters; a few unrelated words work well.")
            }
            PasswordProblem::TooLong => format!("Use at most {MAX_LENGTH} characters."),
            PasswordProblem::Mismatch => {
                "The two new passwords differ; type the same one twice.".to_owned()
            }
            PasswordProblem::Unchanged => {
                "Choose a password different from the current one.".to_owned()
            }
        }
    }
}

/// Checks the new password against the current one and its confirmation. Whether the current
/// password is right is the server's business (it holds the hash).
pub fn check_new_password(
    current: &str,
    new_password: &str,
    confirm: &str,
) -> Result<(), PasswordProblem> {
    let length = new_password.chars().count();
    if length < MIN_LENGTH {
        Err(PasswordProblem::TooShort)
    } else if length > MAX_LENGTH {
        Err(PasswordProblem::TooLong)
    } else if new_password != confirm {
        Err(PasswordProblem::Mismatch)
    } else if new_password == current {
        Err(PasswordProblem::Unchanged)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_clause_refuses_with_its_own_problem() {
        let good = "correct horse battery";
        assert_eq!(check_new_password("old", good, good), Ok(()));
        assert_eq!(
            check_new_password("old", "short", "short"),
            Err(PasswordProblem::TooShort)
        );
        let long = "x".repeat(MAX_LENGTH + 1);
        assert_eq!(
            check_new_password("old", &long, &long),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(
            check_new_password("old", good, "correct horse battery!"),
            Err(PasswordProblem::Mismatch)
        );
        assert_eq!(
            check_new_password(good, good, good),
            Err(PasswordProblem::Unchanged)
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let accented = "é".repeat(MIN_LENGTH);
        assert_eq!(check_new_password("old", &accented, &accented), Ok(()));
    }

    #[test]
    fn problems_round_trip_through_the_query() {
        for problem in ALL {
            assert_eq!(PasswordProblem::parse(problem.as_str()), Some(problem));
        }
        assert_eq!(PasswordProblem::parse("nope"), None);
    }
}
