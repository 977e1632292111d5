//! `kg build` and `.kgb` snapshots: a round trip gives the same graph and the same
//! answers; damaged, foreign, truncated and other-version files are refused with a
//! clear message; the output is written atomically.

use std::path::{Path, PathBuf};

use crate::util::{kg, root, TestDir};

const SEED: &str = "graphs/russia-japan-2016.json";

/// Builds a snapshot of `inputs` into `dir/name`; returns its path.
fn build(dir: &TestDir, name: &str, inputs: &[&Path]) -> PathBuf {
    let out = dir.path.join(name);
    let mut args: Vec<std::ffi::OsString> = vec!["build".into()];
    args.extend(inputs.iter().map(|p| p.as_os_str().to_owned()));
    args.extend(["-o".into(), out.as_os_str().to_owned()]);
    let o = kg(args);
    o.success();
    // Not a terminal: no progress bar, nothing on stderr.
    o.stderr_is("");
    assert!(o.stdout.starts_with("built "), "{}", o.report());
    out
}

/// Runs the same command on two graphs and expects the same stdout.
fn same_answer(a: &[&Path], b: &[&Path], args: &[&str]) {
    let run = |graphs: &[&Path]| {
        let mut all: Vec<std::ffi::OsString> = Vec::new();
        for g in graphs {
            all.push("--graph".into());
            all.push(g.as_os_str().to_owned());
        }
        all.extend(args.iter().map(Into::into));
        let o = kg(all);
        o.success();
        o.stdout.clone()
    };
    let (x, y) = (run(a), run(b));
    assert_eq!(
        x,
        y,
        "kg {} differs between {a:?} and {b:?}",
        args.join(" ")
    );
}

#[test]
fn seed_graph_round_trip_gives_the_same_answers() {
    let dir = TestDir::new("kgb-seed");
    let seed = root().join(SEED);
    let kgb = build(&dir, "seed.kgb", &[&seed]);
    let (a, b) = ([seed.as_path()], [kgb.as_path()]);
    for args in [
        &["stats", "--format", "json"][..],
        &["stats"],
        &["path", "Kyodo", "Kurils", "--format", "json"],
        &["path", "Kyodo", "Kurils"],
        &[
            "path",
            "Lavrov",
            "North Korea",
            "-k",
            "2",
            "--format",
            "json",
        ],
        &["path", "Sputnik", "Kyodo", "--all", "--format", "json"],
        &["neighbours", "Japan", "--depth", "2", "--format", "json"],
        &[
            "neighbours",
            "Japan",
            "--depth",
            "2",
            "--relations",
            "claims,visits",
        ],
        &["show", "Kurils", "--format", "json"],
        &["show", "Northern Territories"],
        &["check", "--format", "json"],
    ] {
        same_answer(&a, &b, args);
    }
    // The names kg suggests for a typo come from the snapshot too.
    let o = kg([
        "show".into(),
        "Rusia".into(),
        "--graph".into(),
        kgb.clone().into_os_string(),
    ] as [std::ffi::OsString; 4]);
    o.code(1).stderr_has("did you mean 'Russia'?");
}

#[test]
fn triples_with_dates_round_trip() {
    let dir = TestDir::new("kgb-triples");
    let tsv = dir.create(
        "events.tsv",
        "# head\trelation\ttail\tdate\r\n\
         Russia\tvisits\tJapan\t2016-04-15\r\n\
         Japan\tclaims\tKuril Islands\t2016-01\r\n\
         Russia\tclaims\tKuril Islands\r\n\
         Russia\tvisits\tJapan\t2016-05\r\n\
         Lavrov\tmember_of\tRussia\r\n\
         Kishida\tmember_of\tJapan\r\n",
    );
    let kgb = build(&dir, "events.kgb", &[&tsv]);
    let (a, b) = ([tsv.as_path()], [kgb.as_path()]);
    for args in [
        &["stats", "--format", "json"][..],
        &["path", "Lavrov", "Kishida", "--all", "--format", "json"],
        &[
            "path", "Lavrov", "Kishida", "--at", "2016-04", "--format", "json",
        ],
        &[
            "neighbours",
            "Russia",
            "--depth",
            "2",
            "--from-date",
            "2016-05-01",
        ],
        &["show", "Russia", "--format", "json"],
    ] {
        same_answer(&a, &b, args);
    }
    // More inputs on top of a snapshot.
    let more = dir.create("more.tsv", "Kishida\tvisits\tRussia\n");
    same_answer(
        &[tsv.as_path(), more.as_path()],
        &[kgb.as_path(), more.as_path()],
        &["path", "Kishida", "Lavrov", "--format", "json"],
    );
}

#[test]
fn a_dataset_folder_round_trips_through_kg_query() {
    let data = root().join("../shared/data/nations");
    if !data.is_dir() {
        eprintln!("skipped: {} is missing", data.display());
        return;
    }
    let dir = TestDir::new("kgb-dataset");
    let kgb = build(&dir, "nations.kgb", &[&data]);
    let requests = "{\"id\":1,\"op\":\"stats\"}\n\
                    {\"id\":2,\"op\":\"path\",\"from\":\"usa\",\"to\":\"china\",\"all\":true}\n\
                    {\"id\":3,\"op\":\"neighbours\",\"of\":\"brazil\",\"depth\":2}\n";
    let run = |g: &Path| {
        let o = crate::util::TestCommand::new()
            .args(["--graph".into(), g.as_os_str().to_owned(), "query".into()])
            .run_with_stdin(requests);
        o.success();
        o.stdout
    };
    assert_eq!(run(&data), run(&kgb));
}

fn refused(path: &Path, message: &str) {
    let o = kg([
        "stats".into(),
        "--graph".into(),
        path.as_os_str().to_owned(),
    ] as [std::ffi::OsString; 3]);
    o.code(1)
        .stderr_has(&format!("kg: error: {}: {message}", path.display()))
        .stderr_has("kg: hint: ");
    assert!(o.stdout.is_empty(), "{}", o.report());
}

#[test]
fn a_corrupt_snapshot_is_refused() {
    let dir = TestDir::new("kgb-corrupt");
    let kgb = build(&dir, "seed.kgb", &[&root().join(SEED)]);
    let good = std::fs::read(&kgb).unwrap();
    // Every part of the payload: flip one bit at several places.
    for at in [16, 40, good.len() / 3, good.len() / 2, good.len() - 17] {
        let mut bad = good.clone();
        bad[at] ^= 0x10;
        let p = dir.create("bad.kgb", &bad);
        refused(&p, "kg snapshot is corrupt (");
    }
    let o = kg([
        "stats".into(),
        "--graph".into(),
        dir.path.join("bad.kgb").into_os_string(),
    ] as [std::ffi::OsString; 3]);
    o.stderr_has("kg: hint: rebuild it from its sources: kg build INPUT... -o ");
}

#[test]
fn a_truncated_snapshot_is_refused() {
    let dir = TestDir::new("kgb-truncated");
    let kgb = build(&dir, "seed.kgb", &[&root().join(SEED)]);
    let good = std::fs::read(&kgb).unwrap();
    for len in [12, 40, good.len() / 2, good.len() - 1] {
        let p = dir.create("cut.kgb", &good[..len]);
        refused(&p, "kg snapshot is truncated (");
    }
}

#[test]
fn a_foreign_file_is_refused() {
    let dir = TestDir::new("kgb-foreign");
    let json = dir.create("graph.kgb", std::fs::read(root().join(SEED)).unwrap());
    refused(
        &json,
        "not a kg snapshot (it does not start with the .kgb signature)",
    );
    let empty = dir.create("empty.kgb", "");
    refused(&empty, "not a kg snapshot");
    let png = dir.create("picture.kgb", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    refused(&png, "not a kg snapshot");
}

#[test]
fn another_version_is_refused() {
    let dir = TestDir::new("kgb-version");
    let kgb = build(&dir, "seed.kgb", &[&root().join(SEED)]);
    let mut bytes = std::fs::read(&kgb).unwrap();
    // Version 1 (before sources kept their kind and text), version 2 (before
    // relation types kept their extraction rules), version 3 (before the
    // traversal index was stored) and a future one.
    for v in [1u32, 2, 3, 5] {
        bytes[8..12].copy_from_slice(&v.to_le_bytes());
        let p = dir.create(&format!("v{v}.kgb"), &bytes);
        refused(
            &p,
            &format!("kg snapshot of format version {v}; this kg reads version 4"),
        );
    }
}

#[test]
fn the_output_is_written_atomically() {
    let dir = TestDir::new("kgb-atomic");
    let out = dir.create("g.kgb", "old contents");
    let bad = dir.create("bad.tsv", "a\tknows\n");
    let o = kg([
        "build".into(),
        bad.into_os_string(),
        "-o".into(),
        out.clone().into_os_string(),
    ] as [std::ffi::OsString; 4]);
    o.code(1)
        .stderr_has("expected at least 3 tab-separated fields");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old contents");
    // A good build replaces the file whole, and leaves no temporary file behind.
    let good = dir.create("good.tsv", "a\tknows\tb\n");
    let o = kg([
        "build".into(),
        good.into_os_string(),
        "-o".into(),
        out.clone().into_os_string(),
    ] as [std::ffi::OsString; 4]);
    o.success().stdout_has("g.kgb: 2 entities, 1 relations");
    let names: Vec<String> = std::fs::read_dir(&dir.path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("kg-tmp")),
        "temporary files left: {names:?}"
    );
    kg(["stats".into(), "--graph".into(), out.into_os_string()] as [std::ffi::OsString; 3])
        .success()
        .stdout_has("2 entities, 1 relations");
}

#[test]
fn the_output_must_be_named_kgb() {
    let o = kg(["build", SEED, "-o", "graph.bin"]);
    o.code(2).stderr_has("'graph.bin' does not end in .kgb");
    let o = kg(["build", "-o", "x.kgb"]);
    o.code(1)
        .stderr_has("kg build needs graph files to build from");
}

#[test]
fn edits_refuse_a_snapshot() {
    let dir = TestDir::new("kgb-edit");
    let kgb = build(&dir, "seed.kgb", &[&root().join(SEED)]);
    let o = kg([
        "--graph".into(),
        kgb.into_os_string(),
        "alias".into(),
        "Japan".into(),
        "Nippon".into(),
    ] as [std::ffi::OsString; 5]);
    o.code(1).stderr_has("changes one kg JSON file");
}
