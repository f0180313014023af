//! A document's date in JSON, as chrono writes it (`2024-06-13`), without chrono's
//! formatting machinery: `list --json` writes one for each of 10,000 documents, and
//! chrono's `Debug` took a tenth of the document's serialization.

use chrono::{Datelike as _, NaiveDate};
use serde::{Serialize as _, Serializer};

pub(super) fn serialize<S: Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) if (0..=9999).contains(&date.year()) => {
            let mut text = [0u8; 10];
            write_digits(&mut text[0..4], date.year().unsigned_abs());
            text[4] = b'-';
            write_digits(&mut text[5..7], date.month());
            text[7] = b'-';
            write_digits(&mut text[8..10], date.day());
            // Digits and dashes only: ASCII.
            serializer.serialize_str(std::str::from_utf8(&text).unwrap_or_default())
        }
        // Years chrono writes with a sign (`+10000-01-01`), and no date.
        other => other.serialize(serializer),
    }
}

/// `number` in decimal, right-aligned in `out` with leading zeros.
fn write_digits(out: &mut [u8], mut number: u32) {
    for place in out.iter_mut().rev() {
        *place = b'0' + (number % 10) as u8;
        number /= 10;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn written(date: Option<NaiveDate>) -> String {
        let mut out = Vec::new();
        serialize(&date, &mut serde_json::Serializer::new(&mut out)).unwrap();
        String::from_utf8(out).unwrap()
    }

    proptest! {
        #[test]
        fn dates_are_written_as_chrono_writes_them(days in -1_000_000..4_000_000i32) {
            let date = NaiveDate::from_num_days_from_ce_opt(days);
            prop_assert_eq!(written(date), serde_json::to_string(&date).unwrap());
        }
    }

    #[test]
    fn edges_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (0, 1, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 6, 3),
            (2024, 2, 29),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d);
            assert_eq!(
                written(date),
                serde_json::to_string(&date).unwrap(),
                "{date:?}"
            );
        }
        assert_eq!(written(None), "null");
    }
}
