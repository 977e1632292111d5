//! The REPL (issue 4). At a terminal: `kg` driven through a real pseudo-terminal
//! (rexpect) as a user types, with Tab completion, Ctrl-C, Ctrl-D, questions
//! answered y or n, and history kept out of the working directory. Without one:
//! `kg < script` answers line by line with no prompt, exits 1 if any line failed,
//! and warns about unsaved changes.
//!
//! Terminal tests wait at most `PTY_TIMEOUT` for each thing they expect. The dot
//! test needs Graphviz's `dot` on the PATH (`scripts/test.sh` installs it) and fails,
//! never skips, without it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{answer, kg, Desk, Output, Pty, TestCommand};

/// The seed graph's file, which tests copy before changing.
const SEED: &str = "graphs/russia-japan-2016.json";

/// `text` as a terminal screen keeps it: no trailing spaces, no final newline.
fn on_screen(text: &str) -> String {
    let lines: Vec<&str> = text
        .trim_end_matches('\n')
        .lines()
        .map(str::trim_end)
        .collect();
    lines.join("\n")
}

/// Fails unless `shown` (what the terminal showed between two prompts) is exactly
/// `expected` (e.g. kg's answer to the same question on the command line).
#[track_caller]
fn same(pty: &Pty, shown: &str, expected: &str) {
    let expected = on_screen(expected);
    assert!(
        shown == expected,
        "the terminal does not show the expected answer\n---- diff (- expected, + shown) ----\n{}{}",
        crate::util::diff(&format!("{expected}\n"), &format!("{shown}\n")),
        pty.report()
    );
}

// ---------------------------------------------------------------------------
// At a terminal
// ---------------------------------------------------------------------------

/// The issue's scenario: a query typed with Tab completion, a relation added with
/// its evidence, `save`, `quit`; the file then loads with the relation in it.
#[test]
fn issue_scenario_tab_completed_query_add_save_quit_then_reload() {
    let desk = Desk::new("repl-issue");
    let graph = desk.seed_copy("graph.json");
    let mut pty = desk.start(&["--graph", "graph.json"]);

    // `Kyo` and `Kuril I` are no names: only completion makes this answerable.
    pty.keys("path Kyo\t");
    pty.wait_line("kg graph> path Kyodo");
    pty.keys("\\ N\t");
    pty.wait_line("kg graph> path Kyodo\\ News");
    pty.keys(" Kuril\\ I\t");
    pty.wait_line("kg graph> path Kyodo\\ News Kuril\\ Islands");
    let shown = pty.ask("");
    same(&pty, &shown, &answer(&["path", "Kyodo", "Kurils"]));
    assert!(shown.starts_with("Kyodo News → Kuril Islands: 2 hops\n"));

    let shown = pty.ask(r#"add entity "Fumio Kishida" --type person --alias Kishida"#);
    same(
        &pty,
        &shown,
        "added entity 'Fumio Kishida' (id fumio_kishida)",
    );
    // The new names complete at once, and so does the relation type.
    pty.keys("add relation Fumio\t");
    pty.wait_line("kg graph*> add relation Fumio\\ Kishida");
    pty.keys("foreign_m\t");
    pty.wait_line("kg graph*> add relation Fumio\\ Kishida foreign_minister_of");
    let shown = pty.ask(
        r#"Japan --source blog-2016-03-14 --date 2016-03-14 --quote "Japan's Foreign Minister Fumio Kishida""#,
    );
    same(
        &pty,
        &shown,
        "added relation Fumio Kishida —foreign minister of→ Japan",
    );
    let shown = pty.ask("save");
    same(
        &pty,
        &shown,
        "saved 15 entities, 34 relations to graph.json",
    );
    pty.line("quit");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());

    let out = desk
        .command()
        .args(["--graph", "graph.json", "show", "Kishida"])
        .run();
    out.success().stderr_is("");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Fumio Kishida — person (id: fumio_kishida)",
        "{}",
        out.report()
    );
    let at = lines
        .iter()
        .position(|l| *l == "foreign minister of (1)")
        .unwrap_or_else(|| panic!("no 'foreign minister of' relation\n{}", out.report()));
    assert_eq!(
        lines[at + 1..at + 3],
        [
            // #33: the relation's number, after the seed's 33.
            "  → Japan (country)  [#33]",
            "      “Japan's Foreign Minister Fumio Kishida” — blog-2016-03-14, reported 2016-03-14"
        ],
        "{}",
        out.report()
    );
    assert!(
        lines.iter().any(|l| l.trim_start().starts_with("Kishida ")),
        "the alias is missing\n{}",
        out.report()
    );
    let check = kg(["check".as_ref(), graph.as_os_str()]);
    check.success();
    check.stdout_has("15 entities, 34 relations");
}

/// Tab completes command names, long options, relation types after `--relations`
/// (item by item in a comma list), and names with spaces, quoted or escaped, in
/// any case.
#[test]
fn tab_completes_commands_options_relation_types_and_names() {
    let desk = Desk::new("repl-complete");
    let mut pty = desk.start(&[]);

    pty.keys("sta\t");
    pty.wait_line("kg built-in> stats");
    let shown = pty.ask("");
    same(&pty, &shown, &answer(&["stats"]));

    pty.keys("path Lavrov Kurils --rel\t");
    pty.wait_line("kg built-in> path Lavrov Kurils --relations");
    pty.keys("visits,cl\t");
    pty.wait_line("kg built-in> path Lavrov Kurils --relations visits,claims");
    pty.keys(",foreign_m\t");
    pty.wait_line("kg built-in> path Lavrov Kurils --relations visits,claims,foreign_minister_of");
    let shown = pty.ask("");
    same(
        &pty,
        &shown,
        &answer(&[
            "path",
            "Lavrov",
            "Kurils",
            "--relations",
            "visits,claims,foreign_minister_of",
        ]),
    );

    // An open quote: the name is completed and the quote closed.
    pty.keys("show \"Sergei L\t");
    pty.wait_line("kg built-in> show \"Sergei Lavrov\"");
    let shown = pty.ask("");
    same(&pty, &shown, &answer(&["show", "Sergei Lavrov"]));

    // Single quotes cannot hold the name's own quote: it comes out double-quoted,
    // a line that runs (not one left waiting for its quote to close).
    pty.keys("show 'Democratic P\t");
    pty.wait_line("kg built-in> show \"Democratic People's Republic of Korea\"");
    let shown = pty.ask("");
    same(&pty, &shown, &answer(&["show", "North Korea"]));

    // No quote: spaces are escaped; the prefix matches whatever its case.
    pty.keys("neighbours north\\ k\t");
    pty.wait_line("kg built-in> neighbours North\\ Korea");
    let shown = pty.ask("");
    same(&pty, &shown, &answer(&["neighbours", "North Korea"]));

    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}

/// Writes a `side`×`side` grid graph as `grid.tsv` in `dir` ([`crate::util::grid_tsv`]).
fn grid(dir: &Path, side: usize) -> PathBuf {
    let p = dir.join("grid.tsv");
    std::fs::write(&p, crate::util::grid_tsv(side)).expect("write the grid");
    p
}

/// Ctrl-C while an enumeration runs stops it, not kg: the paths found so far are
/// shown, marked as cut by the interrupt (as a time limit keeps them), the prompt
/// comes back within seconds, and the session answers the next question.
#[test]
fn ctrl_c_stops_a_running_enumeration_keeping_what_it_found() {
    let desk = Desk::new("repl-cancel");
    grid(&desk.work(), 60);
    let mut pty = desk.start(&["--graph", "grid.tsv"]);
    // The routes found go to a file: hundreds of 118-hop routes are no screenful.
    pty.ask("output routes.txt");
    // A time limit far away: without one, enumerations stop by themselves after 1 s.
    pty.line("path g0_0 g59_59 -k 5000 --limit 5000 --timeout 600s");
    std::thread::sleep(Duration::from_secs(2));
    let pressed = Instant::now();
    let shown = pty.ctrl_then_prompt('c');
    let waited = pressed.elapsed();
    assert!(!shown.contains("error"), "{}", pty.report());
    assert!(
        waited < Duration::from_secs(5),
        "the prompt came back {waited:?} after Ctrl-C\n{}",
        pty.report()
    );
    let routes = std::fs::read_to_string(desk.work().join("routes.txt")).unwrap();
    assert!(
        routes.contains("interrupted; these are the first paths found")
            && routes.contains("route 1 of "),
        "{routes:.2000}"
    );
    pty.ask("output");
    let shown = pty.ask("stats");
    assert!(
        shown.starts_with("3600 entities, 7080 relations, 0 sources\n"),
        "{}",
        pty.report()
    );
    pty.line("quit");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}

/// Ctrl-C at the prompt throws the line away and does not leave.
#[test]
fn ctrl_c_at_the_prompt_clears_the_line_and_stays() {
    let desk = Desk::new("repl-ctrl-c");
    let mut pty = desk.start(&[]);
    pty.keys("path Kyodo");
    pty.wait_line("kg built-in> path Kyodo");
    let shown = pty.ctrl_then_prompt('c');
    same(&pty, &shown, "");
    // Had the line survived, this would read `path Kyodostats`.
    let shown = pty.ask("stats");
    same(&pty, &shown, &answer(&["stats"]));
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}

/// Ctrl-D with no unsaved change leaves at once; with one it asks first, `n` keeps
/// the session (change included) and `y` leaves.
#[test]
fn ctrl_d_asks_before_dropping_unsaved_changes() {
    let desk = Desk::new("repl-ctrl-d");
    let mut pty = desk.start(&[]);
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    assert!(
        !pty.screen().contains("Quit anyway"),
        "asked for nothing:\n{}",
        pty.report()
    );

    let mut pty = desk.start(&[]);
    let shown = pty.ask("alias Lavrov Serge");
    same(&pty, &shown, "'Sergei Lavrov' is now also called 'Serge'");
    pty.ctrl('d');
    pty.expect("1 unsaved change(s) will be lost. Quit anyway? [y/N] ");
    let shown = pty.ask("n");
    same(&pty, &shown, "not quitting; save with: save [PATH]");
    let shown = pty.ask("show Serge");
    same(
        &pty,
        &shown,
        &answer(&["show", "Lavrov"]).replace("  role:", "    Serge\n  role:"),
    );
    pty.ctrl('d');
    pty.expect("1 unsaved change(s) will be lost. Quit anyway? [y/N] ");
    pty.line("y");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    // Answers to questions are not commands: they stay out of the history.
    assert_eq!(
        history_entries(&desk.history()),
        ["alias Lavrov Serge", "show Serge"]
    );
}

/// A bad line prints its error and hint, and the session goes on.
#[test]
fn errors_are_printed_and_the_session_goes_on() {
    let desk = Desk::new("repl-errors");
    let mut pty = desk.start(&[]);
    let shown = pty.ask("pth Kyodo Kurils");
    same(
        &pty,
        &shown,
        "kg: error: unknown command 'pth'\nkg: hint: did you mean 'path'?",
    );
    let shown = pty.ask("show Rusia");
    same(
        &pty,
        &shown,
        "kg: error: no entity named 'Rusia'\nkg: hint: did you mean 'Russia'?",
    );
    let shown = pty.ask("path Kyodo Kurils --depht 2");
    assert!(
        shown.starts_with("kg: error: ") && shown.contains("--depht"),
        "{}",
        pty.report()
    );
    let shown = pty.ask("path Kyodo Kurils");
    same(&pty, &shown, &answer(&["path", "Kyodo", "Kurils"]));
    pty.line("quit");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}

/// The entries of a rustyline history file.
#[track_caller]
fn history_entries(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("no history at {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with("#V"))
        .map(str::to_string)
        .collect()
}

/// Fails unless `dir` is empty.
#[track_caller]
fn assert_empty(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .expect("list the working directory")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    assert!(
        left.is_empty(),
        "kg left {left:?} in its working directory {}",
        dir.display()
    );
}

/// The typed lines go to `KG_HISTORY` (and come back in the next session with
/// Up); nothing is written to the working directory.
#[test]
fn history_goes_to_kg_history_never_the_working_directory() {
    let desk = Desk::new("repl-history");
    let mut pty = desk.start(&[]);
    pty.ask("stats");
    pty.ask("path Kyodo Kurils");
    pty.ask("show Rusia");
    pty.line("quit");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    assert_eq!(
        history_entries(&desk.history()),
        ["stats", "path Kyodo Kurils", "show Rusia", "quit"],
        "{}",
        pty.report()
    );
    assert_empty(&desk.work());

    // The next session recalls them, newest first.
    let mut pty = desk.start(&[]);
    pty.keys("\x1b[A");
    pty.wait_line("kg built-in> quit");
    pty.keys("\x1b[A");
    pty.wait_line("kg built-in> show Rusia");
    pty.keys("\x1b[A");
    pty.wait_line("kg built-in> path Kyodo Kurils");
    let shown = pty.ask("");
    same(&pty, &shown, &answer(&["path", "Kyodo", "Kurils"]));
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    assert_empty(&desk.work());
}

/// Without `KG_HISTORY`, history goes to `$XDG_DATA_HOME/kg/history`, or else
/// `$HOME/.local/share/kg/history` (directories created as needed).
#[test]
fn history_falls_back_to_xdg_data_home_then_home() {
    let desk = Desk::new("repl-history-xdg");
    let (xdg, home) = (desk.dir.path.join("xdg"), desk.dir.path.join("home"));
    let mut pty = Pty::spawn(&desk.work(), &[("XDG_DATA_HOME", Some(&xdg))], &[]);
    pty.prompt();
    pty.ask("stats");
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    assert_eq!(history_entries(&xdg.join("kg/history")), ["stats"]);
    assert_empty(&desk.work());

    // Neither: under HOME.
    let mut pty = Pty::spawn(
        &desk.work(),
        &[("XDG_DATA_HOME", None), ("HOME", Some(&home))],
        &[],
    );
    pty.prompt();
    pty.ask("stats");
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    assert_eq!(
        history_entries(&home.join(".local/share/kg/history")),
        ["stats"]
    );
    assert_empty(&desk.work());
}

/// `save` will not silently overwrite a file someone changed since kg read it: it
/// asks; `n` leaves the file as it is, `y` overwrites it.
#[test]
fn save_asks_before_overwriting_a_file_changed_on_disk() {
    let desk = Desk::new("repl-save-changed");
    let graph = desk.seed_copy("graph.json");
    let mut pty = desk.start(&["--graph", "graph.json"]);
    let shown = pty.ask("alias Japan Nihon");
    same(&pty, &shown, "'Japan' is now also called 'Nihon'");

    // Someone else edits the file meanwhile.
    let theirs = std::fs::read_to_string(&graph)
        .unwrap()
        .replace("\"Nippon\"", "\"Nippon-koku\"");
    std::fs::write(&graph, &theirs).unwrap();

    pty.line("save");
    pty.expect("graph.json changed on disk since it was loaded. Overwrite it? [y/N] ");
    let shown = pty.ask("n");
    same(
        &pty,
        &shown,
        "kg: error: not saved: graph.json would be overwritten\n\
         kg: hint: save --force overwrites it; save OTHER.json writes elsewhere",
    );
    assert_eq!(
        std::fs::read_to_string(&graph).unwrap(),
        theirs,
        "`n` still changed the file"
    );

    pty.line("save");
    pty.expect("graph.json changed on disk since it was loaded. Overwrite it? [y/N] ");
    let shown = pty.ask("y");
    same(
        &pty,
        &shown,
        "saved 14 entities, 33 relations to graph.json",
    );
    pty.line("quit");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());

    let ours = std::fs::read_to_string(&graph).unwrap();
    assert!(
        !ours.contains("Nippon-koku"),
        "`y` did not overwrite the file"
    );
    let out = desk
        .command()
        .args(["--graph", "graph.json", "show", "Nihon"])
        .run();
    out.success();
    out.stdout_has("Japan — country (id: japan)");
}

// ---------------------------------------------------------------------------
// Without a terminal
// ---------------------------------------------------------------------------

/// `kg < script`: the answers, exactly as the commands print them, with no prompt
/// and no banner; `kg repl --graph FILE` reads the same way.
#[test]
fn piped_lines_print_answers_without_prompt_or_banner() {
    let script = "path Kyodo Kurils\n\n# a comment\nstats\nneighbours Japan --depth 2 --relations claims,visits\n";
    // The built-in graph, and the seed file (whose schema is the part of the
    // news schema it uses, so its stats list fewer types).
    for graph in [None, Some(SEED)] {
        let on = |args: &[&str]| {
            let mut all: Vec<&str> = graph.map_or(vec![], |g| vec!["--graph", g]);
            all.extend(args);
            answer(&all)
        };
        let expected = [
            on(&["path", "Kyodo", "Kurils"]),
            on(&["stats"]),
            on(&[
                "neighbours",
                "Japan",
                "--depth",
                "2",
                "--relations",
                "claims,visits",
            ]),
        ]
        .concat();
        let out = match graph {
            None => TestCommand::new().run_with_stdin(script),
            Some(g) => TestCommand::new()
                .args(["repl", "--graph", g])
                .run_with_stdin(script),
        };
        out.success().stderr_is("").stdout_is(&expected);
    }
}

/// A failing line is reported, later lines still run, and kg exits 1.
#[test]
fn a_failing_line_exits_1_and_later_lines_still_run() {
    let out =
        TestCommand::new().run_with_stdin("show Rusia\npth Kyodo\npath Kyodo Kurils\nstats\n");
    out.failure()
        .stderr_is(
            "kg: error: line 1: no entity named 'Rusia'\n\
             kg: hint: did you mean 'Russia'?\n\
             kg: error: line 2: unknown command 'pth'\n\
             kg: hint: did you mean 'path'?\n",
        )
        .stdout_is(&[answer(&["path", "Kyodo", "Kurils"]), answer(&["stats"])].concat());
}

/// `quit` ends a script there; input that ends inside a quote is an error.
#[test]
fn quit_ends_a_script_and_input_may_not_end_inside_a_quote() {
    let out = TestCommand::new().run_with_stdin("stats\nquit\nshow Rusia\n");
    out.success().stderr_is("").stdout_is(&answer(&["stats"]));

    let out = TestCommand::new().run_with_stdin("stats\nshow \"Sergei Lavrov\n");
    out.failure()
        .stderr_is("kg: error: line 2: the input ended inside a quote opened here\n")
        .stdout_is(&answer(&["stats"]));
}

/// Changes not saved when the input ends are reported on stderr.
#[test]
fn unsaved_changes_at_the_end_of_input_are_warned_about() {
    let out = TestCommand::new()
        .run_with_stdin("alias Lavrov \"Minister Lavrov\"\nshow Minister Lavrov\n");
    out.success()
        .stderr_is("kg: warning: 1 unsaved change(s) discarded (save them with: save PATH)\n");
    out.stdout_has("'Sergei Lavrov' is now also called 'Minister Lavrov'\nSergei Lavrov — person");
}

/// `format json` prints later answers as `--format json` would; `format text` goes back.
#[test]
fn format_json_switches_later_answers() {
    let out = TestCommand::new().run_with_stdin(
        "path Kyodo Kurils\nformat json\npath Kyodo Kurils\nshow Kurils\nformat text\nstats\n",
    );
    let json_path = answer(&["path", "Kyodo", "Kurils", "--format", "json"]);
    let json_show = answer(&["show", "Kurils", "--format", "json"]);
    out.success().stderr_is("").stdout_is(
        &[
            answer(&["path", "Kyodo", "Kurils"]),
            "answers are now printed as json\n".to_string(),
            json_path.clone(),
            json_show,
            "answers are now printed as text\n".to_string(),
            answer(&["stats"]),
        ]
        .concat(),
    );
    let v: Value = serde_json::from_str(&json_path).expect("JSON");
    assert!(v.is_object(), "{json_path}");
}

/// `dot FILE` writes the last answer as DOT, which Graphviz reads; with no answer
/// yet it says so and writes nothing.
#[test]
fn dot_writes_the_last_answer_and_graphviz_reads_it() {
    let desk = Desk::new("repl-dot");
    let out = desk
        .command()
        .run_with_stdin("dot early.dot\npath Kyodo Kurils\ndot path.dot\n");
    out.failure()
        .stderr_is(
            "kg: error: line 1: no answer yet: ask something first (path, neighbours, show)\n",
        )
        .stdout_is(&format!(
            "{}wrote path.dot\n",
            answer(&["path", "Kyodo", "Kurils"])
        ));
    assert!(!desk.work().join("early.dot").exists());
    let dot = std::fs::read_to_string(desk.work().join("path.dot")).expect("path.dot");
    assert_eq!(dot, answer(&["path", "Kyodo", "Kurils", "--format", "dot"]));

    let svg = Command::new("dot")
        .args(["-Tsvg", "path.dot"])
        .current_dir(desk.work())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run Graphviz's `dot` ({e}): this test needs it on the PATH \
                 (scripts/test.sh installs it, or `apt-get install graphviz`)"
            )
        });
    let text = String::from_utf8_lossy(&svg.stdout);
    assert!(
        svg.status.success() && text.contains("<svg") && text.contains("Kyodo News"),
        "`dot -Tsvg` refused the REPL's DOT ({}):\n{}\n---- DOT ----\n{dot}",
        svg.status,
        String::from_utf8_lossy(&svg.stderr)
    );
}

/// `undo` takes back the last change (and with none, says so); an undone change is
/// not unsaved any more.
#[test]
fn undo_takes_back_the_last_change() {
    let out = TestCommand::new()
        .run_with_stdin("undo\nalias Lavrov Serge\nshow Serge\nundo\nshow Serge\n");
    out.failure().stderr_is(
        "kg: error: line 1: nothing to undo\n\
         kg: error: line 5: no entity named 'Serge'\n\
         kg: hint: did you mean 'Sergei Lavrov', 'Sergey Lavrov' or 'Sergey Viktorovich Lavrov'?\n",
    );
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "'Sergei Lavrov' is now also called 'Serge'",
        "{}",
        out.report()
    );
    assert_eq!(
        lines[1],
        "Sergei Lavrov — person (id: sergei_lavrov)",
        "{}",
        out.report()
    );
    assert!(lines.contains(&"    Serge"), "{}", out.report());
    assert_eq!(
        lines.last(),
        Some(&"undid: 'Sergei Lavrov' is now also called 'Serge'"),
        "{}",
        out.report()
    );
}

/// The JSON of `kg stats --format json` on `graph`.
#[track_caller]
fn stats_json(out: &Output) -> Value {
    serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("stats is not JSON ({e})\n{}", out.report()))
}

/// `merge` and `alias` hold after `save PATH`: the saved file loads back to the
/// same graph, and the merged entity keeps both names and both sets of relations.
#[test]
fn merge_and_alias_persist_after_save() {
    let desk = Desk::new("repl-merge-save");
    let script = "\
add entity Rossiya --type country
add relation Rossiya trades_with China --source sputnik-2016-03-14 --quote \"trade with China\"
merge Russia Rossiya
alias Japan \"Land of the Rising Sun\"
save saved.json
stats --format json
";
    let out = desk.command().run_with_stdin(script);
    out.success().stderr_is("");
    let said = "\
added entity 'Rossiya' (id rossiya)
added relation Rossiya —trades with→ China
merged 'Rossiya' into 'Russia' (1 relation(s) moved)
'Japan' is now also called 'Land of the Rising Sun'
saved 14 entities, 34 relations to saved.json
";
    let cut = out
        .stdout
        .match_indices('\n')
        .nth(4)
        .map_or(0, |(i, _)| i + 1);
    let (head, rest) = out.stdout.split_at(cut);
    assert!(
        head == said,
        "unexpected confirmations\n{}{}",
        crate::util::diff(said, head),
        out.report()
    );
    let before: Value = serde_json::from_str(rest)
        .unwrap_or_else(|e| panic!("stats is not JSON ({e})\n{}", out.report()));

    let reloaded = desk
        .command()
        .args(["--graph", "saved.json", "stats", "--format", "json"])
        .run();
    reloaded.success().stderr_is("");
    assert_eq!(
        stats_json(&reloaded),
        before,
        "the saved file loads to another graph"
    );
    assert_eq!(before["relations"], 34);

    let show = desk
        .command()
        .args(["--graph", "saved.json", "show", "Rossiya"])
        .run();
    show.success().stderr_is("");
    let lines: Vec<&str> = show.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Russia — country (id: russia)",
        "{}",
        show.report()
    );
    assert!(
        lines.iter().any(|l| l.trim_start().starts_with("Rossiya ")),
        "the duplicate's name is not an alias\n{}",
        show.report()
    );
    for want in [
        "  — China (country)",
        // Evidence without --date takes its source's date.
        "      “trade with China” — sputnik-2016-03-14, reported 2016-03-14",
        "  → Kuril Islands (territory)",
    ] {
        // A relation's line ends with its number: `  — China (country)  [#33]`.
        let found = lines
            .iter()
            .any(|l| *l == want || l.starts_with(&format!("{want}  [#")));
        assert!(found, "missing {want:?}\n{}", show.report());
    }
    let japan = desk
        .command()
        .args(["--graph", "saved.json", "show", "land of the rising sun"])
        .run();
    japan.success();
    japan.stdout_has("Japan — country (id: japan)");
    let check = desk.command().args(["check", "saved.json"]).run();
    check
        .success()
        .stdout_is("ok: saved.json: 14 entities, 34 relations\n");
}

/// Ctrl-C while `load` reads a big file stops the load, which then changes
/// nothing: the session keeps its graph and nothing is left to undo.
#[test]
fn ctrl_c_stops_a_long_load_and_changes_nothing() {
    let desk = Desk::new("repl-cancel-load");
    // Four million lines: the release loader reads one million in about a
    // quarter of a second, before the Ctrl-C below would come.
    let mut tsv = String::new();
    for i in 0..4_000_000u64 {
        let (a, b) = (i.wrapping_mul(2_654_435_761) % 300_000, i % 299_993);
        tsv.push_str(&format!("e{a}\tr{}\te{b}\n", i % 7));
    }
    std::fs::write(desk.work().join("big.tsv"), tsv).expect("write the big file");
    let mut pty = desk.start(&[]);
    pty.line("load big.tsv");
    std::thread::sleep(Duration::from_millis(300));
    let pressed = Instant::now();
    let shown = pty.ctrl_then_prompt('c');
    let waited = pressed.elapsed();
    same(
        &pty,
        &shown,
        "kg: error: load cancelled: interrupted while reading big.tsv",
    );
    assert!(
        waited < Duration::from_secs(5),
        "the prompt came back {waited:?} after Ctrl-C\n{}",
        pty.report()
    );
    let shown = pty.ask("stats");
    assert!(
        shown.starts_with("14 entities, 33 relations, 3 sources\n"),
        "{}",
        pty.report()
    );
    let shown = pty.ask("undo");
    assert!(shown.contains("nothing to undo"), "{}", pty.report());
    pty.line("quit");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}
