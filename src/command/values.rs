//! Parsers for option values that several commands share.

use crate::date::Date;

/// `500ms`, `2s`, `1.5` (seconds), `3m` or `1min`, `1h`; `0` is no limit at
/// all (a budget past what a clock can add is the same).
pub fn parse_duration(s: &str) -> std::result::Result<std::time::Duration, String> {
    let t = s.trim();
    let units: [(&str, f64); 6] = [
        ("ms", 0.001),
        ("min", 60.0),
        ("s", 1.0),
        ("m", 60.0),
        ("h", 3600.0),
        ("", 1.0),
    ];
    let (number, scale) = units
        .iter()
        .find_map(|(u, k)| t.strip_suffix(u).map(|n| (n, *k)))
        .unwrap_or((t, 1.0));
    match number.trim().parse::<f64>() {
        Ok(0.0) => Ok(std::time::Duration::MAX),
        Ok(n) if n.is_finite() && n > 0.0 => {
            Ok(std::time::Duration::try_from_secs_f64(n * scale)
                .unwrap_or(std::time::Duration::MAX))
        }
        _ => Err(format!(
            "'{s}' is not a duration; write e.g. 500ms, 2s, 1.5, 3m or 1h (0: no limit)"
        )),
    }
}

/// A calendar date: YYYY, YYYY-MM or YYYY-MM-DD.
pub fn parse_date(s: &str) -> std::result::Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

/// A date kept as typed (the query reads it again), refused here when it is not
/// one, so a malformed `--at 2016-13` is a usage mistake like any malformed
/// option value, not a failed query.
pub fn date_text(s: &str) -> std::result::Result<String, String> {
    parse_date(s).map(|_| s.to_string())
}

/// A count of at least 1 (`-k`, a path `--limit`): zero paths is no question.
pub fn parse_count(s: &str) -> std::result::Result<usize, String> {
    match parse_whole(s) {
        Ok(0) => Err("must be a whole number ≥ 1, got 0".into()),
        Ok(n) => Ok(n),
        // The same words, with the bound this value also has.
        Err(e) => Err(e.replacen("a whole number", "a whole number ≥ 1", 1)),
    }
}

/// What a value parser's message says a value must be ("a whole number ≥ 1"),
/// from a message of the form "must be WHAT, got VALUE" these parsers give.
pub fn expected(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("must be ")?;
    Some(rest.split_once(", ").map_or(rest, |(what, _)| what))
}

/// A whole number (`--depth`, `--max-len`), said in plain words when it is not
/// one: "must be a whole number, got 2.5", where Rust's parser says "invalid
/// digit found in string".
pub fn parse_whole(s: &str) -> std::result::Result<usize, String> {
    s.trim().parse::<usize>().map_err(|e| {
        use std::num::IntErrorKind;
        match e.kind() {
            IntErrorKind::PosOverflow => format!("must be a whole number, and {s} is too large"),
            IntErrorKind::Empty => "must be a whole number, got nothing".into(),
            _ => format!("must be a whole number, got {s}"),
        }
    })
}

/// A confidence: a number from 0 (none) to 1 (certain).
pub fn parse_confidence(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(c) if (0.0..=1.0).contains(&c) => Ok(c),
        _ => Err(format!("must be a number from 0 to 1, got {s}")),
    }
}
