//! `.kgb` snapshots (`kg build`), the one format with length fields: the input
//! is where a snapshot's traversal index begins (8 bytes) and its payload,
//! framed as `kg build` frames them (signature, version, length, index
//! position, a correct CRC-32), so mutations reach the decoder and the store
//! builder instead of stopping at the checksum; an input whose first byte is
//! 0xFF is instead written as the whole file, framing included. Loaded with
//! `load_paths`: never a panic, never an allocation the file's size cannot back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = match data.split_first() {
        Some((0xFF, raw)) => raw.to_vec(),
        _ => kg_fuzz::snapshot_file(data),
    };
    let path = kg_fuzz::file("load_snapshot", "fuzz.kgb", &file);
    let _ = kg_fuzz::load(&[path]);
});
