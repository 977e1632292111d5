//! CSV triple import: any bytes as a `.csv` file (header row naming the columns)
//! loaded with `load_paths`. Never a panic; a failed load lists located problems.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = kg_fuzz::file("load_csv", "fuzz.csv", data);
    let _ = kg_fuzz::load(&[path]);
});
