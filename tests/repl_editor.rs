//! The REPL's line editor at a terminal (issue 16): history hints drawn dimmed
//! (and not at all without colour), a continuation prompt for an open quote or a
//! trailing backslash (and the same joining in `kg < script`), a space after a
//! unique Tab completion, and a prompt naming the graph with `*` for unsaved
//! changes.

use crate::util::{answer, kg, root, Desk, Pty, TestCommand};

/// The seed graph's file, which tests copy before changing.
const SEED: &str = "graphs/russia-japan-2016.json";

/// The raw bytes around a dimmed hint (SGR 2, then reset).
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// What `kg ARGS...` prints, stdout then stderr, as a screen shows it.
#[track_caller]
fn cli(args: &[&str]) -> String {
    let out = kg(args);
    let text = format!("{}{}", out.stdout, out.stderr);
    text.trim_end_matches('\n')
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fails unless the lines a terminal showed are `expected`.
#[track_caller]
fn same(pty: &Pty, shown: &str, expected: &str) {
    assert!(
        shown == expected,
        "the terminal does not show the expected answer\n{}{}",
        crate::util::diff(&format!("{expected}\n"), &format!("{shown}\n")),
        pty.report()
    );
}

/// Types `line` and Enter, and waits for the continuation prompt below it.
#[track_caller]
fn continue_after(pty: &mut Pty, line: &str) {
    pty.line(line);
    let want = line.trim_end().to_string();
    pty.wait_for(&format!("`...>` below a line ending {want:?}"), |l| {
        l.len() > 1 && l[l.len() - 1] == "...>" && l[l.len() - 2].ends_with(&want)
    });
}

/// The screen's last line: the line being edited, prompt included.
fn last_line(pty: &Pty) -> String {
    pty.lines().last().cloned().unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Hints
// ---------------------------------------------------------------------------

/// With colour, the history hint for `path Kyodo Kuri` (`ls`, from `path Kyodo
/// Kurils`) is drawn dimmed; Enter runs what was typed, not the hint, and the
/// accepted line on the screen no longer shows it; Right arrow takes it.
#[test]
fn history_hints_are_dimmed_and_enter_runs_what_was_typed() {
    let desk = Desk::new("editor-hint");
    std::fs::write(desk.history(), "#V2\npath Kyodo Kurils\n").expect("write the history");
    let mut pty = desk.start_colored(true, &[]);
    pty.keys("path Kyodo Kuri");
    pty.expect(&format!("{DIM}ls{RESET}"));
    pty.wait_line("kg built-in> path Kyodo Kurils");
    let shown = pty.ask("");
    same(&pty, &shown, &cli(&["path", "Kyodo", "Kuri"]));
    assert!(
        shown.starts_with("kg: error: no entity named 'Kuri'"),
        "{}",
        pty.report()
    );
    let lines = pty.lines();
    let accepted = &lines[lines.len() - 1 - shown.lines().count() - 1];
    assert_eq!(accepted, "kg built-in> path Kyodo Kuri", "{}", pty.report());
    // Right arrow at the end of the line takes the hint as typed text (the
    // newest entry that `path Kyodo Kuril` begins is still `path Kyodo Kurils`).
    pty.keys("path Kyodo Kuril");
    pty.expect(&format!("{DIM}s{RESET}"));
    pty.keys("\x1b[C");
    let shown = pty.ask("");
    same(&pty, &shown, &cli(&["path", "Kyodo", "Kurils"]));

    // An entry with a newline inside a quote would hint over two lines: none.
    continue_after(&mut pty, "path \"Kyodo");
    let shown = pty.ask("News\" Kurils");
    same(&pty, &shown, &cli(&["path", "Kyodo News", "Kurils"]));
    pty.keys("path \"K");
    pty.wait_line("kg built-in> path \"K");
    std::thread::sleep(std::time::Duration::from_millis(300));
    pty.wait_line("kg built-in> path \"K");
    assert!(!pty.screen().ends_with("News\" Kurils"), "{}", pty.report());
    pty.keys("\x15");
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}

/// Without colour (`NO_COLOR`) no hint is drawn at all: the screen shows only
/// what was typed.
#[test]
fn without_colour_there_is_no_hint() {
    let desk = Desk::new("editor-no-hint");
    std::fs::write(desk.history(), "#V2\npath Kyodo Kurils\n").expect("write the history");
    let mut pty = desk.start_colored(false, &[]);
    pty.keys("path Kyodo Kuri");
    pty.wait_line("kg built-in> path Kyodo Kuri");
    // A hint would come in the same redraw; give it time to show anyway.
    std::thread::sleep(std::time::Duration::from_millis(300));
    pty.wait_line("kg built-in> path Kyodo Kuri");
    assert!(!pty.screen().contains("Kurils"), "{}", pty.report());
    let shown = pty.ask("");
    same(&pty, &shown, &cli(&["path", "Kyodo", "Kuri"]));
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}

// ---------------------------------------------------------------------------
// Continued lines
// ---------------------------------------------------------------------------

/// An open quote and a trailing backslash go on under `...> `; the logical line
/// runs when complete (the newline inside the quote is part of the name, which
/// matches as a space; the backslash and its newline go). History keeps the
/// logical lines.
#[test]
fn an_open_quote_or_a_trailing_backslash_continues_under_a_continuation_prompt() {
    let desk = Desk::new("editor-continue");
    let mut pty = desk.start_colored(false, &[]);
    let expected = cli(&["path", "Kyodo News", "Kurils"]);

    continue_after(&mut pty, "path \"Kyodo");
    let shown = pty.ask("News\" Kurils");
    same(&pty, &shown, &expected);

    continue_after(&mut pty, "path Kyodo \\");
    let shown = pty.ask("Kurils");
    same(&pty, &shown, &cli(&["path", "Kyodo", "Kurils"]));

    // Several continuations, and Tab on a continued line knows the command.
    continue_after(&mut pty, "path \\");
    continue_after(&mut pty, "Kyodo \\");
    pty.keys("Kuril\\ I\t");
    pty.wait_line("...> Kuril\\ Islands");
    let shown = pty.ask("");
    same(&pty, &shown, &cli(&["path", "Kyodo", "Kuril Islands"]));

    // Ctrl-C drops the whole continued line.
    continue_after(&mut pty, "path \"Kyodo");
    let shown = pty.ctrl_then_prompt('c');
    same(&pty, &shown, "");
    let shown = pty.ask("stats");
    same(&pty, &shown, answer(&["stats"]).trim_end());

    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    // rustyline's file writes a backslash as two.
    let history = std::fs::read_to_string(desk.history()).expect("the history");
    let entries: Vec<&str> = history.lines().map(str::trim_end).collect();
    assert_eq!(
        entries,
        [
            "#V2",
            "path \"Kyodo\\nNews\" Kurils",
            "path Kyodo Kurils",
            "path Kyodo Kuril\\\\ Islands",
            "stats"
        ],
        "the logical lines are not the history's entries"
    );
}

/// `kg < script` joins lines the same way; input that ends after a trailing
/// backslash is an error of its own.
#[test]
fn piped_scripts_continue_an_open_quote_and_a_trailing_backslash() {
    let out =
        TestCommand::new().run_with_stdin("path \"Kyodo\nNews\" Kurils\npath Kyodo \\\nKurils\n");
    out.success().stderr_is("").stdout_is(
        &[
            answer(&["path", "Kyodo News", "Kurils"]),
            answer(&["path", "Kyodo", "Kurils"]),
        ]
        .concat(),
    );

    let out = TestCommand::new().run_with_stdin("stats\npath Kyodo \\\n");
    out.failure()
        .stderr_is("kg: error: line 2: the input ended with a trailing \\ (a line that goes on)\n")
        .stdout_is(&answer(&["stats"]));
}

// ---------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------

/// A unique completion ends its word with a space (`sho<Tab>Jap<Tab>` reads
/// `show Japan `); a quoted name gets its closing quote, then the space; a
/// prefix of several candidates gets none.
#[test]
fn a_unique_completion_is_followed_by_a_space() {
    let desk = Desk::new("editor-complete");
    let mut pty = desk.start_colored(false, &[]);

    pty.keys("sho\tJap\t");
    pty.wait_line("kg built-in> show Japan");
    let shown = pty.ask("--limit 2");
    same(&pty, &shown, &cli(&["show", "Japan", "--limit", "2"]));

    // `Kyo` begins both `Kyodo` and `Kyodo News`, and `Kyodo N` both `Kyodo
    // News` and `Kyodo News Agency`: no space, the name may go on.
    pty.keys("path Kyo\t");
    pty.wait_line("kg built-in> path Kyodo");
    pty.keys("\\ N\t");
    pty.wait_line("kg built-in> path Kyodo\\ News");
    pty.keys("\\ A\t");
    pty.wait_line("kg built-in> path Kyodo\\ News\\ Agency");
    pty.keys("Kurils");
    pty.wait_line("kg built-in> path Kyodo\\ News\\ Agency Kurils");
    let shown = pty.ask("");
    same(&pty, &shown, &cli(&["path", "Kyodo News", "Kurils"]));

    pty.keys("path \"Kyodo News A\t");
    pty.wait_line("kg built-in> path \"Kyodo News Agency\"");
    pty.keys("Kuril\\ I\t");
    pty.wait_line("kg built-in> path \"Kyodo News Agency\" Kuril\\ Islands");
    let shown = pty.ask("--direction out");
    same(
        &pty,
        &shown,
        &cli(&["path", "Kyodo News", "Kuril Islands", "--direction", "out"]),
    );

    // A sub-command, an option and an option's value complete with a space too;
    // a prefix of several sub-commands (`relation`, `relation-type`) does not.
    pty.keys("add rel\t");
    pty.wait_line("kg built-in> add relation");
    pty.keys("\x15add ent\tKishida --ty\tpers\t");
    pty.wait_line("kg built-in> add entity Kishida --type person");
    let shown = pty.ask("--alias Fumio");
    same(&pty, &shown, "added entity 'Kishida' (id kishida)");
    pty.ask("undo");
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}

// ---------------------------------------------------------------------------
// The prompt
// ---------------------------------------------------------------------------

/// The built-in graph is `built-in`; saving it somewhere names the prompt after
/// the file.
#[test]
fn the_prompt_names_the_built_in_graph_and_then_the_file_saved_to() {
    let desk = Desk::new("editor-prompt-builtin");
    let mut pty = desk.start_colored(false, &[]);
    assert_eq!(last_line(&pty), "kg built-in>", "{}", pty.report());
    pty.ask("alias Lavrov Serge");
    assert_eq!(last_line(&pty), "kg built-in*>", "{}", pty.report());
    pty.ask("save mine.json");
    assert_eq!(last_line(&pty), "kg mine>", "{}", pty.report());
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}

/// `--graph x.json` is `x`; `*` appears with a change, goes with `save`, and
/// goes with an `undo` back to the saved state (but an undo after a save is a
/// change).
#[test]
fn the_prompt_names_the_file_and_marks_unsaved_changes() {
    let desk = Desk::new("editor-prompt-file");
    std::fs::copy(root().join(SEED), desk.work().join("x.json")).expect("copy the seed");
    let mut pty = desk.start_colored(false, &["--graph", "x.json"]);
    assert_eq!(last_line(&pty), "kg x>", "{}", pty.report());
    let steps = [
        ("add entity Kishida --type person", "kg x*>"),
        ("undo", "kg x>"),
        ("alias Lavrov Serge", "kg x*>"),
        ("save", "kg x>"),
        ("show Serge --limit 1", "kg x>"),
        ("undo", "kg x*>"),
        ("save", "kg x>"),
    ];
    for (line, prompt) in steps {
        pty.ask(line);
        assert_eq!(last_line(&pty), prompt, "after {line:?}\n{}", pty.report());
    }
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}

/// Several graph files: the first one's stem and `+N` for the others; a file
/// that does not exist yet is named too.
#[test]
fn the_prompt_names_several_files_and_a_new_one() {
    let desk = Desk::new("editor-prompt-several");
    std::fs::write(desk.work().join("a.tsv"), "x\tr\ty\n").expect("write a.tsv");
    std::fs::write(desk.work().join("b.tsv"), "y\tr\tz\n").expect("write b.tsv");
    let mut pty = desk.start_colored(false, &["--graph", "a.tsv", "--graph", "b.tsv"]);
    assert_eq!(last_line(&pty), "kg a+1>", "{}", pty.report());
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());

    let mut pty = desk.start_colored(false, &["--graph", "sochi.json"]);
    assert_eq!(last_line(&pty), "kg sochi>", "{}", pty.report());
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}
