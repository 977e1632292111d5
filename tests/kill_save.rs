//! No data loss: saves are atomic under SIGKILL, never follow a symlink, and
//! never overwrite a file changed on disk without asking.
//!
//! The kill tests run `kg` saving a graph over and over while this thread kills
//! it (SIGKILL, `Child::kill`) at random moments, and check after every kill that
//! the file is a whole graph kg saved: it parses, `kg check` passes with the
//! expected counts, and its entities are exactly the base graph plus the first
//! `k` added ones for some `k` (never a mix, a truncation or a regression). The
//! seed is printed; `KG_KILL_SEED=N` replays a run.

use std::io::{BufRead, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::hostile::{bounded, Limits};
use crate::util::TestDir;

/// A small xorshift generator: the tests need random kill times, not a crate.
struct Rng(u64);

impl Rng {
    fn new() -> (Rng, u64) {
        let seed = std::env::var("KG_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        (Rng(seed), seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

const BASE: usize = 1000;

/// A graph of `BASE` entities with longish names (about 100 KB of kg JSON), so a
/// save takes long enough for kills to land inside it.
fn base_graph() -> String {
    let entities: Vec<serde_json::Value> = (0..BASE)
        .map(|i| {
            serde_json::json!({
                "id": format!("base{i}"),
                "name": format!("Base entity number {i}, with a name long enough to matter"),
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({"kg": 1, "entities": entities})).unwrap()
}

/// How many entities `e1`, `e2`, ... the saved file holds after the base ones;
/// panics unless the file is the base graph plus exactly `e1..=ek`, in order.
fn saved_state(path: &Path, context: &str) -> usize {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{context}: cannot read {}: {e}", path.display()));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{context}: the file is not whole JSON ({e}); {} bytes, ending {:?}",
            text.len(),
            &text[text.len().saturating_sub(200)..]
        )
    });
    let ids: Vec<&str> = doc["entities"]
        .as_array()
        .unwrap_or_else(|| panic!("{context}: no entities in the saved file"))
        .iter()
        .map(|e| e["id"].as_str().expect("an id"))
        .collect();
    assert!(
        ids.len() >= BASE,
        "{context}: {} entities, fewer than the base graph",
        ids.len()
    );
    for (i, id) in ids.iter().enumerate() {
        let want = if i < BASE {
            format!("base{i}")
        } else {
            format!("e{}", i - BASE + 1)
        };
        assert_eq!(
            *id, want,
            "{context}: entity {i} is {id:?}, not {want:?}: a mix of two graphs"
        );
    }
    ids.len() - BASE
}

/// `kg check --format json` on the file: exit 0, and the counts of `k` additions.
fn check_counts(dir: &TestDir, k: usize, context: &str) {
    let out = bounded(
        &dir.path,
        &["check", "--format", "json", "g.json"],
        None,
        &Limits::default(),
    );
    out.sane();
    assert_eq!(
        out.code,
        Some(0),
        "{context}: kg check failed\n{}",
        out.report()
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        v["entities"].as_u64(),
        Some((BASE + k) as u64),
        "{context}\n{}",
        out.report()
    );
    assert_eq!(v["relations"].as_u64(), Some(0), "{context}");
}

/// Temporary files a save left beside the graph.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "g.json")
        .collect()
}

fn spawn(dir: &Path, args: &[&str], stdin: bool) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("KG_HISTORY")
        .stdin(if stdin { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kg")
}

/// A REPL script adds entities and saves after each, hundreds of times in all,
/// while random SIGKILLs end the process; after each kill the next process
/// carries on from whatever the file holds.
#[test]
fn kill_during_repl_saves_leaves_a_whole_graph() {
    let dir = TestDir::new("kill-repl");
    std::fs::write(dir.path.join("g.json"), base_graph()).unwrap();
    let (mut rng, seed) = Rng::new();
    eprintln!("kill_during_repl_saves_leaves_a_whole_graph: KG_KILL_SEED={seed}");
    let start = Instant::now();
    let (mut kills, mut saves, mut k, mut max_temp) = (0, 0, 0, 0);
    while (kills < 25 || saves < 250) && start.elapsed() < Duration::from_secs(30) {
        let round = format!("seed {seed}, round {kills}, state {k}");
        let mut script = String::new();
        for i in k + 1..=k + 30 {
            script.push_str(&format!("add entity E{i} --id e{i}\nsave\n"));
        }
        let mut child = spawn(&dir.path, &["--graph", "g.json"], true);
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(script.as_bytes());
        });
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter(|l| l.starts_with("saved "))
                .count()
        });
        std::thread::sleep(Duration::from_millis(30 + rng.below(400)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let _ = writer.join();
        // Lines kg printed (its stdout is buffered, so maybe not all): each one
        // follows a finished save, so the file holds at least that many.
        let seen = reader.join().unwrap();
        let now = saved_state(&dir.path.join("g.json"), &round);
        assert!(
            now >= k,
            "{round}: the file went back from {k} to {now} additions"
        );
        assert!(
            now >= k + seen.min(30),
            "{round}: {seen} saves reported, file holds {}",
            now - k
        );
        if status.success() {
            assert_eq!(
                now,
                k + 30,
                "{round}: kg finished, yet not every save is in the file"
            );
        } else {
            kills += 1;
        }
        check_counts(&dir, now, &round);
        saves += now - k;
        k = now;
        max_temp = max_temp.max(temp_files(&dir.path).len());
    }
    eprintln!("{kills} kills, {saves} saves, at most {max_temp} temporary files left at once");
    assert!(kills >= 20, "only {kills} kills in the time allowed");
    assert!(saves >= 200, "only {saves} saves in the time allowed");
}

/// `kg add ... --graph g.json`, one save per process, killed at random: after
/// each kill the file is exactly the old graph or the new one, and after a
/// process that finished, the new one.
#[test]
fn kill_during_command_line_edits_leaves_old_or_new() {
    let dir = TestDir::new("kill-add");
    std::fs::write(dir.path.join("g.json"), base_graph()).unwrap();
    let (mut rng, seed) = Rng::new();
    eprintln!("kill_during_command_line_edits_leaves_old_or_new: KG_KILL_SEED={seed}");
    let mut k = 0;
    let (mut old, mut new) = (0, 0);
    for round in 0..60 {
        let context = format!("seed {seed}, round {round}, state {k}");
        let (name, id) = (format!("E{}", k + 1), format!("e{}", k + 1));
        let mut child = spawn(
            &dir.path,
            &["add", "entity", &name, "--id", &id, "--graph", "g.json"],
            false,
        );
        std::thread::sleep(Duration::from_micros(rng.below(120_000)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = saved_state(&dir.path.join("g.json"), &context);
        if status.success() {
            assert_eq!(
                now,
                k + 1,
                "{context}: kg add finished but the file is not the new graph"
            );
        } else {
            assert!(
                now == k || now == k + 1,
                "{context}: {now} additions, neither old ({k}) nor new"
            );
        }
        if now == k {
            old += 1;
        } else {
            new += 1;
        }
        k = now;
    }
    check_counts(&dir, k, &format!("seed {seed}, at the end"));
    eprintln!("{old} kills left the old graph, {new} the new one");
}

/// What a killed save leaves behind (its temporary file, named after the dead
/// process) must not pile up: BUG r7-6, every kill inside a save left a
/// `.g.json.kg-tmp-PID` file for good. The next save clears stale ones.
#[test]
fn stale_temporary_files_are_cleared_by_the_next_save() {
    let dir = TestDir::new("kill-stale");
    std::fs::write(dir.path.join("g.json"), base_graph()).unwrap();
    // As a save killed halfway leaves it: part of a graph, under a dead process's id.
    let stale = dir.path.join(".g.json.kg-tmp-4194303");
    std::fs::write(&stale, &base_graph()[..5000]).unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let out = bounded(
        &dir.path,
        &["add", "entity", "E1", "--id", "e1", "--graph", "g.json"],
        None,
        &Limits::default(),
    );
    out.sane();
    assert_eq!(out.code, Some(0), "{}", out.report());
    assert_eq!(saved_state(&dir.path.join("g.json"), "after the save"), 1);
    let left = temp_files(&dir.path);
    assert!(
        left.is_empty(),
        "files left beside the graph after a save: {left:?}"
    );
}

#[cfg(unix)]
#[test]
fn saves_refuse_symlinks_and_write_nothing_anywhere() {
    use std::os::unix::fs::symlink;
    let dir = TestDir::new("save-symlink");
    let graph = base_graph();
    std::fs::write(dir.path.join("real.json"), &graph).unwrap();
    symlink("real.json", dir.path.join("link.json")).unwrap();
    let elsewhere = TestDir::new("save-symlink-elsewhere");
    let target = elsewhere.path.join("target.json");
    symlink(&target, dir.path.join("out.json")).unwrap();
    let limits = Limits::default();
    // On the command line: the edit is refused, the link and its target untouched.
    let out = bounded(
        &dir.path,
        &["add", "entity", "X", "--graph", "link.json"],
        None,
        &limits,
    );
    out.refused(&["kg: error: link.json: is a symbolic link"]);
    // In the REPL: `save LINK` (with and without --force), and saving back to a
    // graph that was loaded through a link.
    let out = bounded(
        &dir.path,
        &["--graph", "real.json"],
        Some(b"add entity X\nsave link.json\nsave --force link.json\nsave out.json\nsave -f out.json\n".to_vec()),
        &limits,
    );
    out.sane();
    assert_eq!(out.code, Some(1), "{}", out.report());
    assert_eq!(
        out.stderr.matches("is a symbolic link").count(),
        4,
        "{}",
        out.report()
    );
    let out = bounded(
        &dir.path,
        &["--graph", "link.json"],
        Some(b"add entity Y\nsave\n".to_vec()),
        &limits,
    );
    out.refused(&["kg: error: line 2: link.json: is a symbolic link"]);
    // Every other writer: `export -o`, `build -o`, the REPL's `dot`.
    for n in ["x.nt", "x.kgb", "x.dot"] {
        symlink("real.json", dir.path.join(n)).unwrap();
    }
    bounded(&dir.path, &["export", "-o", "link.json"], None, &limits)
        .refused(&["kg: error: link.json: is a symbolic link"]);
    bounded(&dir.path, &["export", "-o", "x.nt"], None, &limits)
        .refused(&["kg: error: x.nt: is a symbolic link"]);
    let seed = crate::util::root().join("graphs/russia-japan-2016.json");
    let seed = seed.to_str().unwrap();
    bounded(&dir.path, &["build", seed, "-o", "x.kgb"], None, &limits)
        .refused(&["kg: error: x.kgb: is a symbolic link"]);
    let dot = b"path Kyodo Kurils\ndot x.dot\n".to_vec();
    bounded(&dir.path, &[], Some(dot), &limits)
        .refused(&["kg: error: line 2: x.dot: is a symbolic link"]);
    assert_eq!(
        std::fs::read_to_string(dir.path.join("real.json")).unwrap(),
        graph
    );
    assert!(
        !target.exists(),
        "a save followed a link to {}",
        target.display()
    );
    assert!(std::fs::symlink_metadata(dir.path.join("link.json"))
        .unwrap()
        .file_type()
        .is_symlink());
    let mut left = temp_files(&dir.path);
    let ours = [
        "real.json",
        "link.json",
        "out.json",
        "x.nt",
        "x.kgb",
        "x.dot",
    ];
    left.retain(|n| !ours.contains(&n.as_str()));
    assert!(left.is_empty(), "files left: {left:?}");
    assert!(temp_files(&elsewhere.path).is_empty());
}

/// A file changed on disk after kg loaded it is not overwritten by `save`
/// without asking; a script (stdin not a terminal) answers no. `save --force`
/// overwrites it.
#[test]
fn save_refuses_to_overwrite_a_file_changed_since_load() {
    let dir = TestDir::new("save-changed");
    let path = dir.path.join("g.json");
    std::fs::write(&path, base_graph()).unwrap();
    let run = |force: bool| {
        std::fs::write(&path, base_graph()).unwrap();
        let mut child = spawn(&dir.path, &["--graph", "g.json"], true);
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"add entity X --id x\nsave --fail\n")
            .unwrap();
        stdin.flush().unwrap();
        // The line after the add fails (an unknown option), so kg has surely
        // loaded the file and applied the add when its error shows on stderr.
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        err.read_line(&mut first).unwrap();
        assert!(first.starts_with("kg: error:"), "unexpected: {first}");
        // Someone else changes the file.
        let theirs = "{\"kg\": 1, \"entities\": [{\"id\": \"theirs\"}]}\n";
        std::fs::write(&path, theirs).unwrap();
        let save: &[u8] = if force { b"save --force\n" } else { b"save\n" };
        stdin.write_all(save).unwrap();
        drop(stdin);
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
        let status = child.wait().unwrap();
        (
            status,
            rest,
            std::fs::read_to_string(&path).unwrap(),
            theirs,
        )
    };
    let (status, refused, now, theirs) = run(false);
    assert_eq!(status.code(), Some(1), "{refused}");
    assert!(
        refused.contains("kg: error: line 3: not saved: g.json"),
        "{refused}"
    );
    assert_eq!(now, theirs, "the other writer's file was overwritten");
    let (status, stderr, now, _) = run(true);
    assert_eq!(status.code(), Some(1), "(the failed line) {stderr}");
    assert!(
        now.contains("\"x\""),
        "save --force did not write: {stderr}"
    );
    // BUG r7-14: without a terminal to ask on, the refusal read "g.json would be
    // overwritten", the same as for a file never loaded; it should say why.
    assert!(
        refused.contains("changed"),
        "the message says the file changed on disk: {refused}"
    );
}
