//! The pager (issue 15, item 3): a text answer longer than the screen goes through
//! `$PAGER` when standard output is a terminal, on the command line and in the
//! REPL; never through a pipe, with `--no-pager`, or in `kg query`; and an answer
//! that fits, or a pager that cannot start, prints directly.
//!
//! The terminal is a pseudo-terminal of 50 rows ([`Pty`]). `$PAGER` is a script
//! that records what it is given (its arguments and its input) into files, so a
//! test sees exactly what went through it.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{Pty, TestDir};

/// A folder with a graph whose hub has 300 relations (`show hub` prints more
/// than 100 lines, cut at the default limit of 100) and a pager script that
/// writes its input to `paged.txt` and its arguments to `args.txt`.
struct Desk {
    dir: TestDir,
}

impl Desk {
    fn new(name: &str) -> Desk {
        let dir = TestDir::new(name);
        let mut tsv = String::new();
        for i in 0..300 {
            tsv.push_str(&format!("hub\tlinks\tleaf{i:03}\n"));
        }
        dir.create("hub.tsv", tsv);
        let script = dir.create(
            "record.sh",
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{0}/args.txt'\ncat > '{0}/paged.txt'\n",
                dir.path.display()
            ),
        );
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        Desk { dir }
    }

    fn script(&self) -> PathBuf {
        self.dir.path.join("record.sh")
    }

    fn paged(&self) -> PathBuf {
        self.dir.path.join("paged.txt")
    }

    /// What the pager was given, removing its record for the next check; `None`
    /// when no pager ran.
    fn take_paged(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.paged()).ok()?;
        std::fs::remove_file(self.paged()).unwrap();
        Some(text)
    }

    /// `kg ARGS...` in a terminal with `PAGER` set to `pager`, run to its end.
    fn run(&self, pager: &Path, args: &[&str]) -> (i32, String) {
        let mut pty = Pty::spawn(&self.dir.path, &[("PAGER", Some(pager))], args);
        let status = pty.exit_status();
        (status, pty.screen())
    }
}

/// The first and last lines of `show hub` at the default limit.
const HEADER: &str = "  showing 100 of 300 relations";
const NOTE: &str =
    "(truncated: more than 100 relations; the first 100 by label, then name, are shown; \
     raise --limit to see more)";

#[test]
fn r15_a_long_answer_on_the_command_line_goes_through_the_pager() {
    let desk = Desk::new("paging-cli");
    let (status, screen) = desk.run(&desk.script(), &["--graph", "hub.tsv", "show", "hub"]);
    assert_eq!(status, 0, "{screen}");
    let paged = desk.take_paged().expect("the pager ran");
    assert!(
        paged.starts_with("hub ") && paged.contains("(id: hub)"),
        "{paged}"
    );
    assert!(paged.contains(&format!("\n{HEADER}\n")), "{paged}");
    assert!(paged.ends_with(&format!("\n{NOTE}\n")), "{paged}");
    // The header, 100 relations under their group's heading, the note.
    assert!((105..=110).contains(&paged.lines().count()), "{paged}");
    // The pager had the answer; kg printed none of it itself.
    assert!(!screen.contains("showing 100"), "{screen}");
}

#[test]
fn r15_the_pager_is_split_like_a_shell_command() {
    let desk = Desk::new("paging-split");
    let pager = format!("sh '{}' -R \"two words\"", desk.script().display());
    let (status, screen) = desk.run(Path::new(&pager), &["--graph", "hub.tsv", "show", "hub"]);
    assert_eq!(status, 0, "{screen}");
    assert!(desk.take_paged().is_some(), "{screen}");
    let args = std::fs::read_to_string(desk.dir.path.join("args.txt")).unwrap();
    assert_eq!(args, "-R\ntwo words\n");
}

#[test]
fn r15_no_pager_for_a_short_answer_with_no_pager_or_when_it_cannot_start() {
    let desk = Desk::new("paging-direct");
    // Fits on the screen.
    let (status, screen) = desk.run(&desk.script(), &["--graph", "hub.tsv", "show", "leaf007"]);
    assert_eq!(status, 0, "{screen}");
    assert_eq!(desk.take_paged(), None, "{screen}");
    assert!(screen.contains("(id: leaf007)"), "{screen}");
    // --no-pager, before or after the command.
    for args in [
        ["--no-pager", "--graph", "hub.tsv", "show", "hub"],
        ["--graph", "hub.tsv", "show", "hub", "--no-pager"],
    ] {
        let (status, screen) = desk.run(&desk.script(), &args);
        assert_eq!(status, 0, "{screen}");
        assert_eq!(desk.take_paged(), None, "{args:?}: {screen}");
        assert!(screen.contains(NOTE), "{args:?}: {screen}");
    }
    // A pager that does not exist: the answer is printed as if there were none.
    let (status, screen) = desk.run(
        Path::new("/nonexistent/pager -x"),
        &["--graph", "hub.tsv", "show", "hub"],
    );
    assert_eq!(status, 0, "{screen}");
    assert!(screen.contains(HEADER) && screen.contains(NOTE), "{screen}");
}

#[test]
fn r15_a_pipe_is_never_paged() {
    let desk = Desk::new("paging-pipe");
    // `kg show hub | cat`: kg's stdout is a pipe, whatever PAGER says.
    let out = Command::new("sh")
        .arg("-c")
        .arg("\"$0\" --graph hub.tsv show hub | cat")
        .arg(env!("CARGO_BIN_EXE_kg"))
        .current_dir(&desk.dir.path)
        .env("PAGER", desk.script())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains(HEADER) && stdout.ends_with(&format!("{NOTE}\n")));
    assert_eq!(desk.take_paged(), None);
}

#[test]
fn r15_a_long_answer_in_the_repl_pages_then_the_prompt_returns() {
    let desk = Desk::new("paging-repl");
    let script = desk.script();
    let mut pty = Pty::spawn(
        &desk.dir.path,
        &[("PAGER", Some(&script))],
        &["--graph", "hub.tsv"],
    );
    pty.prompt();
    let shown = pty.ask("show hub");
    assert!(!shown.contains("showing"), "{shown}");
    let paged = desk.take_paged().expect("the pager ran");
    assert!(paged.contains(HEADER) && paged.ends_with(&format!("{NOTE}\n")));
    // Short: printed at the prompt.
    let shown = pty.ask("show leaf001");
    assert!(shown.contains("(id: leaf001)"), "{shown}");
    assert_eq!(desk.take_paged(), None);
    // --no-pager on one command.
    let shown = pty.ask("show hub --limit 60 --no-pager");
    assert!(shown.contains("  showing 60 of 300 relations"), "{shown}");
    assert!(shown.contains("raise --limit to see more)"), "{shown}");
    assert_eq!(desk.take_paged(), None);
    // And the next long answer pages again.
    pty.ask("show hub --limit 60");
    assert!(desk
        .take_paged()
        .is_some_and(|p| p.contains("showing 60 of 300")));
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}

#[test]
fn r15_kg_query_never_pages() {
    let desk = Desk::new("paging-query");
    let script = desk.script();
    let mut pty = Pty::spawn(
        &desk.dir.path,
        &[("PAGER", Some(&script))],
        &["--graph", "hub.tsv", "query"],
    );
    // One line of JSON, many rows of the screen: a pager would get it.
    pty.line(r#"{"id": 1, "op": "show", "name": "hub", "limit": 250}"#);
    pty.expect(r#""total":300,"limit":250,"truncated":true"#);
    pty.expect(r#""bound":"limit""#);
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    assert_eq!(desk.take_paged(), None, "{}", pty.report());
}

#[test]
fn r15_the_default_pager_is_less() {
    let desk = Desk::new("paging-less");
    let mut pty = Pty::spawn(
        &desk.dir.path,
        &[("PAGER", None), ("LESS", None)],
        &["--graph", "hub.tsv", "show", "hub"],
    );
    // less shows the first screen and waits; `q` leaves it, and kg ends.
    pty.expect("showing 100 of 300 relations");
    pty.keys("q");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    assert!(!pty.screen().contains("(truncated:"), "{}", pty.report());
}
