//! Parsers for option values that several commands share.

use crate::date::Date;

/// `500ms`, `2s` or a plain number of seconds.
pub fn parse_duration(s: &str) -> std::result::Result<std::time::Duration, String> {
    let t = s.trim();
    let (number, scale) = if let Some(ms) = t.strip_suffix("ms") {
        (ms, 0.001)
    } else if let Some(sec) = t.strip_suffix('s') {
        (sec, 1.0)
    } else {
        (t, 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 && n * scale < 1e9 => {
            Ok(std::time::Duration::from_secs_f64(n * scale))
        }
        _ => Err(format!(
            "'{s}' is not a duration; write e.g. 500ms, 2s or 1.5"
        )),
    }
}

/// A calendar date: YYYY, YYYY-MM or YYYY-MM-DD.
pub fn parse_date(s: &str) -> std::result::Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

/// A count of at least 1 (`-k`, a path `--limit`): zero paths is no question.
pub fn parse_count(s: &str) -> std::result::Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}
