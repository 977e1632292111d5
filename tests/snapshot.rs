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
    for at in [16, 40, good.len() / 3, good.len() / 2, good.len() - 25] {
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

/// The trailer's position of the traversal index is outside the checksum (the
/// two parts' checksums combine into the payload's wherever it points), so a
/// damaged one must be caught by what the parts hold.
#[test]
fn a_misplaced_traversal_index_is_refused() {
    let dir = TestDir::new("kgb-index-at");
    let kgb = build(&dir, "seed.kgb", &[&root().join(SEED)]);
    let good = std::fs::read(&kgb).unwrap();
    let at = good.len() - 16;
    let index_at = u64::from_le_bytes(good[at..at + 8].try_into().unwrap());
    let payload = good.len() as u64 - 16 - 24;
    for moved in [
        0,
        1,
        8,
        16,
        index_at - 1,
        index_at + 1,
        index_at + 8,
        payload,
    ] {
        if moved == index_at {
            continue;
        }
        let mut bad = good.clone();
        bad[at..at + 8].copy_from_slice(&moved.to_le_bytes());
        let p = dir.create("moved.kgb", &bad);
        refused(&p, "kg snapshot is corrupt (");
    }
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
    // traversal index was stored), version 4 (before the index was a part of
    // its own) and a future one.
    for v in [1u32, 2, 3, 4, 6] {
        bytes[8..12].copy_from_slice(&v.to_le_bytes());
        let p = dir.create(&format!("v{v}.kgb"), &bytes);
        refused(
            &p,
            &format!("kg snapshot of format version {v}; this kg reads version 5"),
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

/// A triple file with hubs, parallel relations, self-loops and dates: every
/// case in which the store's lists and the traversal index must agree on order.
/// Returns the file and a relation that occurs once (not a self-loop).
fn tangled_tsv(lines: usize) -> (String, [String; 3]) {
    let mut x: u64 = 18;
    let mut next = move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    let mut triples: Vec<[String; 3]> = Vec::new();
    let mut text = String::new();
    for i in 0..lines {
        // Small numbers far more often than large ones: a few hubs.
        let a = next() % (1 + next() % 80);
        let b = if i % 7 == 3 {
            a
        } else {
            next() % (1 + next() % 80)
        };
        let t = [format!("e{a}"), format!("r{}", next() % 5), format!("e{b}")];
        let repeats = if i % 5 == 0 { 2 } else { 1 };
        for _ in 0..repeats {
            text.push_str(&t.join("\t"));
            if i % 3 == 0 {
                text.push_str(&format!("\t2016-03-{:02}", 1 + i % 28));
            }
            text.push('\n');
            triples.push(t.clone());
        }
    }
    let once = triples
        .iter()
        .find(|t| t[0] != t[2] && triples.iter().filter(|u| u == t).count() == 1)
        .expect("a relation stated once")
        .clone();
    (text, once)
}

/// Requests that read every part of the store: counts, entities with their
/// relations in storage order, neighbourhoods, paths and patterns.
fn reading_requests() -> String {
    let mut r = vec![r#"{"op":"stats"}"#.to_string()];
    for k in 0..30 {
        r.push(format!(r#"{{"op":"show","name":"e{k}"}}"#));
        r.push(format!(
            r#"{{"op":"neighbours","of":"e{k}","depth":2,"limit":50}}"#
        ));
        r.push(format!(
            r#"{{"op":"path","from":"e{k}","to":"e{}","k":3}}"#,
            (k * 7 + 3) % 40
        ));
    }
    r.push(
        r#"{"op":"match","query":"MATCH (a {name: \"e1\"})-[:r1]-(b)-[:r2]->(c) RETURN b.name, c.name"}"#
            .to_string(),
    );
    r.join("\n") + "\n"
}

/// Runs `requests` through `kg --graph GRAPH query`; the answer lines.
fn query_lines(graph: &Path, requests: &str) -> Vec<String> {
    let o = crate::util::TestCommand::new()
        .args([
            "--graph".into(),
            graph.as_os_str().to_owned(),
            "query".into(),
        ])
        .run_with_stdin(requests);
    o.success();
    o.stdout.lines().map(str::to_string).collect()
}

/// An answer line without relation numbers (which a rebuild renumbers).
fn unnumbered(line: &str) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("number");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: serde_json::Value = serde_json::from_str(line).expect("a JSON answer line");
    strip(&mut v);
    v
}

#[test]
fn loaded_snapshot_and_edited_graphs_answer_alike() {
    let dir = TestDir::new("kgb-alike");
    let (text, [a, r, b]) = tangled_tsv(1500);
    let tsv = dir.create("tangled.tsv", &text);
    let kgb = build(&dir, "tangled.kgb", &[&tsv]);
    let reads = reading_requests();
    let n = reads.lines().count();
    // Read as loaded, then after an edit taken back (which thaws the store
    // into petgraph's), then after removals, and save those.
    let edited = dir.path.join("edited.kgb");
    let session = format!(
        "{reads}{{\"op\":\"add_entity\",\"name\":\"zz\"}}\n{{\"op\":\"undo\"}}\n{reads}\
         {{\"op\":\"remove_relation\",\"from\":\"{a}\",\"type\":\"{r}\",\"to\":\"{b}\"}}\n\
         {{\"op\":\"remove_entity\",\"name\":\"e41\"}}\n{reads}\
         {{\"op\":\"build\",\"output\":\"{}\"}}\n",
        edited.display()
    );
    let from_tsv = query_lines(&tsv, &session);
    let from_kgb = query_lines(&kgb, &session);
    assert_eq!(from_tsv.len(), 3 * n + 5, "{from_tsv:?}");
    assert!(
        from_tsv.iter().all(|l| l.contains("\"ok\":true")),
        "{from_tsv:?}"
    );
    // The snapshot answers as the triple file does, edits included.
    assert_eq!(from_tsv[..3 * n + 4], from_kgb[..3 * n + 4]);
    // A thawed store answers as the frozen one it came from.
    assert_eq!(from_tsv[..n], from_tsv[n + 2..2 * n + 2]);
    // The removals changed answers, and a snapshot of the edited graph
    // answers as the session did (relations numbered afresh).
    let after = &from_tsv[2 * n + 4..3 * n + 4];
    assert_ne!(after, &from_tsv[..n]);
    let reloaded = query_lines(&edited, &reads);
    let strip = |v: &[String]| v.iter().map(|l| unnumbered(l)).collect::<Vec<_>>();
    assert_eq!(strip(after), strip(&reloaded));
}

#[test]
fn a_damaged_traversal_index_is_refused_even_with_a_good_checksum() {
    let dir = TestDir::new("kgb-adjacency");
    let tsv = dir.create("chain.tsv", "a\tr\tb\nb\tr\tc\n");
    let kgb = build(&dir, "chain.kgb", &[&tsv]);
    let good = std::fs::read(&kgb).unwrap();
    let end = good.len() - 24;
    // The payload ends with the index of 3 entities: row offsets (a count and
    // 4 words), 4 entries (a count and 8 words), neighbour offsets (a count
    // and 4 words), 4 neighbours (a count and 4 words).
    let offsets = end - (8 + 16) - (8 + 32) - (8 + 16) - (8 + 16) + 8;
    let entries = offsets + 16 + 8;
    let nbrs = end - 16;
    for (at, value, message) in [
        (
            offsets + 12,
            9u32,
            "an adjacency row lies outside the adjacency entries",
        ),
        (
            offsets + 4,
            5,
            "an adjacency row lies outside the adjacency entries",
        ),
        (
            entries,
            7,
            "an adjacency entry names an unknown entity or relation",
        ),
        (
            entries + 4,
            5,
            "an adjacency entry names an unknown entity or relation",
        ),
        (nbrs, 9, "a neighbour row names an unknown entity"),
    ] {
        let mut bad = good.clone();
        bad[at..at + 4].copy_from_slice(&value.to_le_bytes());
        // A checksum that matches: the checks behind it must catch this.
        let crc = crc32fast::hash(&bad[16..end]);
        bad[end + 16..end + 20].copy_from_slice(&crc.to_le_bytes());
        let p = dir.create("bad.kgb", &bad);
        refused(&p, &format!("kg snapshot is corrupt ({message})"));
    }
}

/// Every relation of every entity as the store lists them, the traversal index
/// rows, and every relation's ends: what the two forms of the store must agree on.
type Listing = (
    Vec<(usize, Vec<kg::model::Incident>)>,
    Vec<Vec<kg::model::AdjEntry>>,
    Vec<Vec<u32>>,
    Vec<(usize, usize, u32, usize)>,
);

fn listing(g: &kg::KnowledgeGraph) -> Listing {
    let ids: Vec<_> = g.entity_indices().collect();
    (
        ids.iter()
            .map(|&e| (e.index(), g.incident(e).collect()))
            .collect(),
        ids.iter()
            .map(|&e| g.adjacency().entries(e.index()).to_vec())
            .collect(),
        ids.iter()
            .map(|&e| g.adjacency().neighbours(e.index()).to_vec())
            .collect(),
        g.relations()
            .map(|r| {
                let (a, k, b) = g.relation_ends(r);
                (r.index(), a.index(), k.0, b.index())
            })
            .collect(),
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// A graph as loaded (frozen), thawed into petgraph's store by an edit taken
    /// back, and read back from its snapshot list every entity's relations in
    /// the same order, with the same traversal index, and pass the index checks.
    #[test]
    fn frozen_thawed_and_snapshot_stores_list_alike(
        triples in proptest::collection::vec((0u8..14, 0u8..3, 0u8..14), 1..90),
    ) {
        let dir = TestDir::new("kgb-forms");
        let text: String = triples
            .iter()
            .map(|(a, r, b)| format!("e{a}\tr{r}\te{b}\n"))
            .collect();
        let tsv = dir.create("t.tsv", text);
        let g = kg::load::load_paths(&[tsv], &kg::load::LoadOptions::default())
            .unwrap()
            .graph;
        proptest::prop_assert!(g.is_frozen());
        let mut thawed = g.clone();
        let kind = thawed
            .schema()
            .entity_type_id(kg::model::schema::DEFAULT_ENTITY_TYPE)
            .unwrap();
        let ((), changes) = thawed
            .recording(|t| t.add_entity(kg::model::Entity::new("zz", "zz", kind)).map(|_| ()))
            .unwrap();
        thawed.revert(changes);
        proptest::prop_assert!(!thawed.is_frozen());
        let kgb = dir.path.join("t.kgb");
        let mut bytes = Vec::new();
        kg::load::snapshot::write(&mut bytes, &g, &kg::progress::Progress::hidden()).unwrap();
        std::fs::write(&kgb, bytes).unwrap();
        let reread = kg::load::snapshot::read(&kgb, &kg::progress::Progress::hidden()).unwrap();
        proptest::prop_assert!(reread.is_frozen());
        let want = listing(&g);
        for h in [&thawed, &reread] {
            proptest::prop_assert_eq!(&listing(h), &want);
            proptest::prop_assert_eq!(h.verify_indexes(), Ok(()));
        }
    }
}
