//! Answer order of entities: by display name, then by id.
//!
//! Answers list entities in this order, and the first shortest route and the
//! entities a `limit` keeps are chosen by it. Comparing two entities by their
//! strings costs two lookups into the name arena and a `memcmp`, each a likely
//! cache miss on a large graph; a neighbourhood answer or a batch of paths makes
//! tens of thousands of such comparisons. The rank of every entity in this order,
//! computed once per version of the graph, turns each comparison into two loads
//! of four bytes.

use super::store::EntityNames;
use super::EntityId;

/// The rank of a removed entity slot: after every live one.
pub const NO_RANK: u32 = u32::MAX;

/// The first 16 bytes of `s`, big-endian, zero-padded: an integer whose order
/// agrees with the byte order of the strings (equal keys say nothing, and then
/// the strings decide).
#[inline]
fn prefix_key(s: &str) -> u128 {
    let b = s.as_bytes();
    let mut word = [0u8; 16];
    let n = b.len().min(16);
    word[..n].copy_from_slice(&b[..n]);
    u128::from_be_bytes(word)
}

/// The rank of every entity slot in answer order (name, then id), removed slots
/// [`NO_RANK`].
///
/// # Complexity
/// O(n log n) for n live entities: a sort of 16-byte name prefixes, the strings
/// read only for entities whose prefixes tie. 24 bytes per entity while it runs,
/// 4 bytes per slot kept.
pub(super) fn ranks(
    names: &EntityNames,
    live: impl Iterator<Item = EntityId>,
    bound: usize,
) -> Vec<u32> {
    let mut keyed: Vec<(u128, u32)> = live
        .map(|id| (prefix_key(names.name(id.index())), id.index() as u32))
        .collect();
    // Integer keys first (ties between equal prefixes broken by slot, for now),
    // then each run of equal prefixes put in order by its strings.
    keyed.sort_unstable();
    let full = |&(_, a): &(u128, u32), &(_, b): &(u128, u32)| {
        let (a, b) = (a as usize, b as usize);
        names
            .name(a)
            .cmp(names.name(b))
            .then_with(|| names.id(a).cmp(names.id(b)))
    };
    for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            run.sort_unstable_by(full);
        }
    }
    let mut rank = vec![NO_RANK; bound];
    for (r, &(_, slot)) in keyed.iter().enumerate() {
        rank[slot as usize] = r as u32;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::prefix_key;

    #[test]
    fn prefix_order_agrees_with_string_order() {
        // Strings around the 16-byte edge, with NULs, and multi-byte text: when
        // the keys differ, they order as the strings do.
        let words = [
            "",
            "\0",
            "a",
            "a\0",
            "a\0b",
            "ab",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnoq",
            "Ämter",
            "Ämter und Würden über alles",
            "zz",
            "東京",
        ];
        for a in words {
            for b in words {
                let (ka, kb) = (prefix_key(a), prefix_key(b));
                if ka != kb {
                    assert_eq!(ka.cmp(&kb), a.cmp(b), "{a:?} vs {b:?}");
                }
            }
        }
    }
}
