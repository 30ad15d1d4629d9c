//! The forms of the roster's natural keys: the unified social credit code (统一社会信用代码,
//! GB 32100-2015: 18 characters, the last a check character) and a mainland phone number
//! (an 11-digit mobile, or a landline with its area code).

/// The 31 characters a credit code is written in (no I, O, S, V, Z), in the order of their values.
const CREDIT_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weight of each of the first 17 characters: 3^i mod 31.
const CREDIT_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Why a text is not a unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    /// Not 18 characters long.
    #[error("a credit code has 18 characters, this has {0}")]
    Length(usize),
    /// A character outside the code's alphabet (digits and capitals without I, O, S, V, Z).
    #[error("{0:?} cannot be in a credit code (digits and capitals other than I, O, S, V, Z)")]
    Character(char),
    /// Characters 3 to 8 (the administrative division) are not digits.
    #[error("characters 3 to 8 of a credit code are the 6-digit division code")]
    Division,
    /// The 18th character is not the check character of the first 17.
    #[error("the check character is {found:?}, the first 17 characters give {expected:?}")]
    Check {
        /// The code's last character.
        found: char,
        /// What GB 32100-2015 computes from the first 17.
        expected: char,
    },
}

/// The check character of the first 17 characters of a credit code (`None` when one of them
/// is outside the alphabet).
pub fn credit_check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.bytes().zip(CREDIT_WEIGHTS) {
        sum += CREDIT_ALPHABET.iter().position(|&a| a == c)? as u32 * w;
    }
    Some(CREDIT_ALPHABET[((31 - sum % 31) % 31) as usize] as char)
}

/// The credit code in `text` (trimmed, lower case raised), or why it is not one.
pub fn credit_code(text: &str) -> Result<String, CreditCodeError> {
    let code = text.trim().to_ascii_uppercase();
    let n = code.chars().count();
    if n != 18 {
        return Err(CreditCodeError::Length(n));
    }
    if let Some(c) = code.chars().find(|c| !CREDIT_ALPHABET.contains(&(*c as u8)) || !c.is_ascii()) {
        return Err(CreditCodeError::Character(c));
    }
    if !code[2..8].bytes().all(|b| b.is_ascii_digit()) {
        return Err(CreditCodeError::Division);
    }
    let expected = credit_check_char(&code[..17]).ok_or(CreditCodeError::Division)?;
    let found = code.as_bytes()[17] as char;
    if found != expected {
        return Err(CreditCodeError::Check { found, expected });
    }
    Ok(code)
}

/// The phone number in `text`, written one way (a mobile as its 11 digits, a landline as
/// `0AAA-NNNNNNN`), or `None` when it is neither form. Spaces and a leading `+86` are dropped.
pub fn phone(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.strip_prefix("+86").or_else(|| t.strip_prefix("0086")).unwrap_or(&t).trim_start_matches('-');
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if t.len() == 11 && digits(t) && t.starts_with('1') && (b'3'..=b'9').contains(&t.as_bytes()[1]) {
        return Some(t.to_string());
    }
    let (area, number) = t.split_once('-')?;
    let landline = area.starts_with('0')
        && (3..=4).contains(&area.len())
        && digits(area)
        && (7..=8).contains(&number.len())
        && digits(number);
    landline.then(|| format!("{area}-{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_credit_codes_pass_and_a_changed_character_fails() {
        // Codes with their check characters computed by hand.
        for code in ["91350100M000100Y43", "91110000600037341L", "91430000712192442G"] {
            assert_eq!(credit_code(code).as_deref(), Ok(code), "{code}");
        }
        assert_eq!(credit_code(" 91110000600037341l ").as_deref(), Ok("91110000600037341L"));
        assert_eq!(credit_code("91110000600037341M"), Err(CreditCodeError::Check { found: 'M', expected: 'L' }));
        assert_eq!(credit_code("9111000060003734"), Err(CreditCodeError::Length(16)));
        assert_eq!(credit_code("91110000600037341I"), Err(CreditCodeError::Character('I')));
        assert_eq!(credit_code("91AB0000600037341L"), Err(CreditCodeError::Division));
    }

    #[test]
    fn phones_are_mobiles_or_landlines_with_an_area_code() {
        assert_eq!(phone("138 0738 1234").as_deref(), Some("13807381234"));
        assert_eq!(phone("+8613807381234").as_deref(), Some("13807381234"));
        assert_eq!(phone("0738-8312345").as_deref(), Some("0738-8312345"));
        assert_eq!(phone("12807381234"), None);
        assert_eq!(phone("1380738123"), None);
        assert_eq!(phone("07388312345"), None);
        assert_eq!(phone("abc"), None);
    }
}
