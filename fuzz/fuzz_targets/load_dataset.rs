//! Dataset folders: the input, split at NUL bytes, becomes `train.txt`,
//! `entity2id.txt`, `relation2id.txt`, `entity2text.txt` and `valid.txt` of one
//! folder (a part left out leaves its file out), loaded with `load_paths` on the
//! folder: integer ids through the maps, display names, several splits.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FILES: [&str; 5] = [
    "train.txt",
    "entity2id.txt",
    "relation2id.txt",
    "entity2text.txt",
    "valid.txt",
];

fuzz_target!(|data: &[u8]| {
    let dir = kg_fuzz::scratch("load_dataset").join("ds");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, part) in FILES.iter().zip(data.split(|&b| b == 0)) {
        std::fs::write(dir.join(name), part).unwrap();
    }
    let _ = kg_fuzz::load(&[dir]);
});
