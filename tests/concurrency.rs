//! Concurrent writers lose nothing they reported saved (issue 12, item 1): real
//! processes edit one file at once; every edit a writer reported "saved" is in
//! the file at the end, and every other one was refused with the reason.

use std::collections::BTreeSet;

use crate::util::{seeded, TestDir};

/// The ids of the entities in `dir/g.json`.
fn ids_in(dir: &TestDir) -> BTreeSet<String> {
    let text = std::fs::read_to_string(dir.path.join("g.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn two_command_lines_editing_one_file_lose_no_saved_edit() {
    let dir = seeded("concurrent-cli");
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = dir.path.clone();
            std::thread::spawn(move || {
                let mut saved = Vec::new();
                let mut refused = 0;
                for i in 0..25 {
                    let id = format!("w{w}_{i}");
                    let out = crate::util::TestCommand::new()
                        .current_dir(&path)
                        .args([
                            "--graph",
                            "g.json",
                            "add",
                            "entity",
                            &id,
                            "--entity-id",
                            &id,
                        ])
                        .run();
                    match out.code {
                        Some(0) => {
                            assert!(out.stdout.contains("saved g.json"), "{}", out.report());
                            saved.push(id);
                        }
                        _ => {
                            assert!(
                                out.stderr.contains("changed on disk since it was loaded"),
                                "{}",
                                out.report()
                            );
                            refused += 1;
                        }
                    }
                }
                (saved, refused)
            })
        })
        .collect();
    let mut all_saved = Vec::new();
    for w in writers {
        let (saved, _) = w.join().unwrap();
        all_saved.extend(saved);
    }
    let ids = ids_in(&dir);
    let lost: Vec<&String> = all_saved.iter().filter(|id| !ids.contains(*id)).collect();
    assert!(
        lost.is_empty(),
        "reported saved, but not in the file: {lost:?}"
    );
    assert!(
        all_saved.len() >= 25,
        "at least one writer's edits went through"
    );
    dir.command().args(["check", "g.json"]).run().success();
}

#[test]
fn two_sessions_saving_one_file_lose_no_saved_edit() {
    let dir = seeded("concurrent-repl");
    let sessions: Vec<_> = (0..2)
        .map(|w| {
            let path = dir.path.clone();
            std::thread::spawn(move || {
                let script: String = (0..30)
                    .map(|i| format!("add entity r{w}_{i} --entity-id r{w}_{i}\nsave\n"))
                    .collect();
                let out = crate::util::TestCommand::new()
                    .current_dir(&path)
                    .args(["--graph", "g.json"])
                    .run_with_stdin(script);
                // The ids added before each save that says "saved".
                let mut saved = Vec::new();
                let mut added = Vec::new();
                for line in out.stdout.lines() {
                    if let Some(rest) = line.strip_prefix("added entity ") {
                        let id = rest.rsplit("(id ").next().unwrap().trim_end_matches(')');
                        added.push(id.to_string());
                    } else if line.starts_with("saved ") {
                        saved.extend(added.iter().cloned());
                    }
                }
                for line in out.stderr.lines().filter(|l| l.starts_with("kg: error:")) {
                    assert!(
                        line.contains("changed on disk since it was loaded"),
                        "{}",
                        out.report()
                    );
                }
                saved
            })
        })
        .collect();
    let mut all_saved = Vec::new();
    for s in sessions {
        all_saved.extend(s.join().unwrap());
    }
    let ids = ids_in(&dir);
    let lost: Vec<&String> = all_saved.iter().filter(|id| !ids.contains(*id)).collect();
    assert!(
        lost.is_empty(),
        "reported saved, but not in the file: {lost:?}"
    );
    assert!(!all_saved.is_empty());
}
