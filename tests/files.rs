//! What kg's writers do to the files they replace (issue 12): only regular
//! files are replaced, with their mode, owner and group kept; read-only files
//! and hard links only when told; a command never writes over its own input;
//! and "unsaved" means "differs from what was last saved".

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use crate::util::seeded;

#[test]
fn writers_replace_only_regular_files() {
    let dir = seeded("files-kinds");
    let fifo = dir.path.join("fifo.dot");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::fs::create_dir(dir.path.join("folder.dot")).unwrap();
    for target in ["fifo.dot", "folder.dot"] {
        let out = dir
            .command()
            .args(["export", "--format", "dot", "-o", target])
            .run();
        out.failure().stderr_has(target);
        assert!(
            out.stderr.contains("is not a regular file") || out.stderr.contains("is a folder"),
            "{}",
            out.report()
        );
    }
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    // A device: refused, and still a device afterwards.
    let out = dir
        .command()
        .args(["export", "--format", "dot", "-o", "/dev/full"])
        .run();
    out.failure()
        .stderr_has("kg: error: /dev/full: is not a regular file (a device, FIFO or socket)");
    assert!(std::fs::metadata("/dev/full")
        .unwrap()
        .file_type()
        .is_char_device());
    let out = dir
        .command()
        .run_with_stdin("path Kyodo Kurils\ndot /dev/full\n");
    out.failure().stderr_has("/dev/full: is not a regular file");
}

use std::os::unix::fs::FileTypeExt;

#[test]
fn a_save_keeps_the_files_mode_and_refuses_read_only_files_and_hard_links() {
    let dir = seeded("files-modes");
    let g = dir.path.join("g.json");
    std::fs::set_permissions(&g, std::fs::Permissions::from_mode(0o600)).unwrap();
    dir.command()
        .args([
            "--graph",
            "g.json",
            "add",
            "entity",
            "Fumio Kishida",
            "--type",
            "person",
        ])
        .run()
        .success();
    assert_eq!(
        std::fs::metadata(&g).unwrap().mode() & 0o777,
        0o600,
        "the mode was kept"
    );

    std::fs::set_permissions(&g, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&g).unwrap();
    dir.command()
        .args([
            "--graph",
            "g.json",
            "add",
            "entity",
            "Taro Kono",
            "--type",
            "person",
        ])
        .run()
        .failure()
        .stderr_has("g.json: is read-only");
    assert_eq!(
        std::fs::read(&g).unwrap(),
        before,
        "a read-only file is left alone"
    );
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin("add entity \"Taro Kono\" --type person\nsave --force\n");
    out.success();
    assert_eq!(std::fs::metadata(&g).unwrap().mode() & 0o777, 0o444);

    std::fs::set_permissions(&g, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::hard_link(&g, dir.path.join("link.json")).unwrap();
    dir.command()
        .args(["--graph", "g.json", "alias", "Taro Kono", "Kono-san"])
        .run()
        .failure()
        .stderr_has("has 2 hard links");
}

#[test]
fn export_refuses_its_own_input_and_a_format_its_file_name_contradicts() {
    let dir = seeded("files-own-input");
    let before = std::fs::read(dir.path.join("g.json")).unwrap();
    let out = dir
        .command()
        .args(["--graph", "g.json", "export", "-o", "g.json"])
        .run();
    out.code(2)
        .stderr_has("-o g.json is one of the graph's own input files");
    let out = dir
        .command()
        .args([
            "--graph", "g.json", "export", "--format", "graphml", "-o", "out.json",
        ])
        .run();
    out.code(2)
        .stderr_has("--format graphml contradicts the name 'out.json', which says json");
    assert_eq!(std::fs::read(dir.path.join("g.json")).unwrap(), before);
    assert!(!dir.path.join("out.json").exists());
}

#[test]
fn undo_after_save_is_an_unsaved_change() {
    let dir = seeded("files-undo-after-save");
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin("add entity \"Fumio Kishida\" --type person\nsave\nundo\nquit\n");
    // The script cannot be asked, so quitting with the undo unsaved is refused
    // and kg warns that it discards it.
    out.stdout_has("not quitting")
        .stderr_has("1 unsaved change(s) discarded");
    // Saved and not undone: nothing to warn about.
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin("add entity \"Taro Kono\" --type person\nsave\nquit\n");
    out.success();
    assert!(!out.stderr.contains("unsaved"), "{}", out.report());
}

#[test]
fn a_neo4j_export_writes_both_files_or_neither() {
    let dir = seeded("files-neo4j");
    let out_dir = dir.path.join("neo4j");
    std::fs::create_dir(&out_dir).unwrap();
    dir.create("neo4j/nodes.csv", "old nodes\n");
    // relationships.csv cannot be replaced (a folder): nodes.csv must stay old.
    std::fs::create_dir(out_dir.join("relationships.csv")).unwrap();
    dir.command()
        .args(["export", "--format", "neo4j-csv", "-o", "neo4j"])
        .run()
        .failure()
        .stderr_has("relationships.csv: is a folder");
    assert_eq!(
        std::fs::read_to_string(out_dir.join("nodes.csv")).unwrap(),
        "old nodes\n"
    );
    std::fs::remove_dir(out_dir.join("relationships.csv")).unwrap();
    dir.command()
        .args(["export", "--format", "neo4j-csv", "-o", "neo4j"])
        .run()
        .success();
    assert!(std::fs::read_to_string(out_dir.join("nodes.csv"))
        .unwrap()
        .starts_with("id:ID,"));
    let leftovers: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("kg-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_file_whose_name_is_near_the_longest_allowed_saves() {
    let dir = seeded("files-long-name");
    let name = format!("{}.json", "g".repeat(250));
    std::fs::copy(dir.path.join("g.json"), dir.path.join(&name)).unwrap();
    dir.command()
        .args([
            "--graph",
            &name,
            "add",
            "entity",
            "Fumio Kishida",
            "--type",
            "person",
        ])
        .run()
        .success();
    dir.command().args(["check", &name]).run().success();
}

#[test]
fn dash_as_the_output_is_standard_output() {
    let dir = seeded("files-dash");
    let whole = dir.command().args(["export", "--format", "dot"]).run();
    whole.success();
    let dashed = dir
        .command()
        .args(["export", "--format", "dot", "-o", "-"])
        .run();
    dashed.success().stdout_is(&whole.stdout);
    // Without --format, `-` says nothing of the format: kg JSON, as for stdout.
    let json = dir.command().args(["export", "-o", "-"]).run();
    json.success();
    let _: serde_json::Value = json.json();
    let svg = dir.command().args(["render", "-o", "-"]).run();
    svg.success().stdout_has("<svg");
    let out = dir
        .command()
        .run_with_stdin("path Kyodo Kurils\ndot -\nquit\n");
    out.success().stdout_has("digraph");
    assert!(!dir.path.join("-").exists(), "a file named '-' was written");
}

#[test]
fn edits_use_the_types_a_triple_file_brought_in() {
    let dir = seeded("files-triple-types");
    std::fs::write(dir.path.join("t.tsv"), "Ann\tknows\tBob\nBob\tknows\tCy\n").unwrap();
    let out = dir
        .command()
        .args(["--graph", "t.tsv"])
        .run_with_stdin("add entity Dee\nadd relation Dee knows Ann\nsave t.json\nquit\n");
    out.success().stdout_has("added relation Dee —knows→ Ann");
    let back = dir
        .command()
        .args(["--graph", "t.json", "neighbours", "Dee"])
        .run();
    back.success().stdout_has("Ann");
}

/// A write error on stdout (a full disk) is reported once, naming stdout.
#[test]
fn a_full_stdout_is_reported_once() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    for (args, stdin) in [
        (vec!["path", "Kyodo", "Kurils"], ""),
        (vec!["export"], ""),
        (vec![], "stats\n"),
        (vec!["query"], "{\"op\":\"stats\"}\n"),
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kg"))
            .args(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(full)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(
            stderr.matches("kg: error:").count(),
            1,
            "{args:?} reported more than once: {stderr}"
        );
        assert!(
            stderr.contains("<stdout>: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
}
