//! Countries with their names, demonyms, capitals and seats of government,
//! shipped in the binary. `gazetteer.tsv` is derived from the CIA World
//! Factbook (public domain) by `scripts/gazetteer.py`; `GAZETTEER.md` beside
//! it says how and what was added by hand.

use std::sync::OnceLock;

const TABLE: &str = include_str!("gazetteer.tsv");

/// One country of the table.
#[derive(Debug)]
pub struct Country {
    pub id: &'static str,
    pub name: &'static str,
    pub iso2: &'static str,
    pub aliases: Vec<&'static str>,
    pub demonyms: Vec<&'static str>,
    pub capitals: Vec<&'static str>,
    pub seats: Vec<&'static str>,
    /// Names that are also common words, given names or US states
    /// ("Georgia", "Jordan"): linked only where no capitalised word stands
    /// next to them.
    pub ambiguous: Vec<&'static str>,
    /// Names two countries share ("Korea", "Congo"): never linked alone.
    pub shared: Vec<&'static str>,
}

/// Every country of the table, in the table's order (by id).
pub fn countries() -> &'static [Country] {
    static TABLE_ROWS: OnceLock<Vec<Country>> = OnceLock::new();
    TABLE_ROWS.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(row)
            .collect()
    })
}

fn row(line: &'static str) -> Country {
    let f: Vec<&'static str> = line.split('\t').collect();
    let list = |i: usize| -> Vec<&'static str> {
        f.get(i)
            .map(|s| s.split(';').filter(|x| !x.is_empty()).collect())
            .unwrap_or_default()
    };
    let flags = list(7);
    let flagged = |kind: &str| -> Vec<&'static str> {
        flags.iter().filter_map(|x| x.strip_prefix(kind)).collect()
    };
    Country {
        id: f[0],
        name: f[1],
        iso2: f.get(2).copied().unwrap_or(""),
        aliases: list(3),
        demonyms: list(4),
        capitals: list(5),
        seats: list(6),
        ambiguous: flagged("ambiguous="),
        shared: flagged("shared="),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_reads() {
        let all = countries();
        assert!(all.len() > 190, "{} countries", all.len());
        let ru = all.iter().find(|c| c.id == "russia").unwrap();
        assert_eq!(ru.name, "Russia");
        assert!(ru.demonyms.contains(&"Russian"));
        assert_eq!(ru.capitals, ["Moscow"]);
        assert!(ru.seats.contains(&"Kremlin"));
        let nk = all.iter().find(|c| c.id == "north_korea").unwrap();
        assert!(nk.shared.contains(&"Korea"));
        for c in all {
            assert!(!c.id.is_empty() && !c.name.is_empty(), "{c:?}");
        }
    }
}
