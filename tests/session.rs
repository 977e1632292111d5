//! The settings and session commands of the REPL and scripts (issue 16): line
//! numbers on every error, stop-on-error, the global --timeout in scripts and
//! kg query, `output FILE`, `source FILE`, `timing`, `format` alone, and the
//! ways to leave.

use crate::util::{read, seeded, TestDir};

/// A `side`×`side` grid of triples as `grid.tsv`: more shortest
/// corner-to-corner routes than any query lists in a second.
fn grid(dir: &TestDir, side: usize) {
    dir.create("grid.tsv", crate::util::grid_tsv(side));
}

#[test]
fn every_error_of_a_script_names_its_line() {
    let dir = TestDir::new("script-lines");
    let out = dir
        .command()
        .run_with_stdin("stats\n\n# a comment\npath Kyodo Nowhere\nshow Japn\nfrobnicate\npath \"Kyodo\nNews\" Kurils\npath Kyodo \"Kurils\n");
    out.code(1);
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("kg: error:"))
        .collect();
    assert_eq!(
        errors,
        [
            "kg: error: line 4: no entity named 'Nowhere'",
            "kg: error: line 5: no entity named 'Japn'",
            "kg: error: line 6: unknown command 'frobnicate'",
            "kg: error: line 9: the input ended inside a quote opened here",
        ],
        "{}",
        out.report()
    );
    // The quoted name over two lines (7-8) ran.
    out.stdout_has("Kyodo News → Kuril Islands: 2 hops");
}

#[test]
fn stop_on_error_stops_at_the_first_failure_with_exit_1() {
    let dir = TestDir::new("stop-on-error");
    let script = "stats\nshow Japn\nstats\n";
    // Without it every line runs.
    let all = dir.command().run_with_stdin(script);
    all.code(1);
    assert_eq!(
        all.stdout.matches("entities,").count(),
        2,
        "{}",
        all.report()
    );
    // The global option, and the setting in the script itself.
    for (args, script) in [
        (vec!["--stop-on-error"], script.to_string()),
        (vec![], format!("set stop-on-error on\n{script}")),
    ] {
        let out = dir.command().args(&args).run_with_stdin(script);
        out.code(1).stderr_has("kg: error: line ").stderr_has(
            "stopped at the first failure (stop-on-error); the rest of the input was not run",
        );
        assert_eq!(
            out.stdout.matches("entities,").count(),
            1,
            "{}",
            out.report()
        );
    }
    // A script without failures is not stopped, and exits 0.
    dir.command()
        .arg("--stop-on-error")
        .run_with_stdin("stats\nstats\n")
        .code(0);
    // kg query stops at the first failed request too.
    let out = dir
        .command()
        .args(["--stop-on-error", "query"])
        .run_with_stdin(
            "{\"op\":\"stats\"}\n{\"op\":\"show\",\"name\":\"Japn\"}\n{\"op\":\"stats\"}\n",
        );
    out.code(1);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.report());
    // A REPL line does not take it: the session has a setting for it.
    dir.command()
        .run_with_stdin("stats --stop-on-error\n")
        .code(1)
        .stderr_has("--stop-on-error is for the command line")
        .stderr_has("kg: hint: in a session: set stop-on-error on");
}

#[test]
fn the_global_timeout_holds_in_scripts_and_kg_query() {
    let dir = TestDir::new("script-timeout");
    grid(&dir, 40);
    let line = "path g0_0 g39_39 -k 5000 --limit 5000 --format json\n";
    // Without --timeout, the 1 s default of enumerations says it is the default.
    let out = dir
        .command()
        .args(["--graph", "grid.tsv"])
        .run_with_stdin(line);
    out.code(0).stdout_has("the default for enumerations");
    // With it, the script's queries get that budget and say nothing of a default.
    for script in [line.to_string(), format!("set timeout 300ms\n{line}")] {
        let args: &[&str] = if script.starts_with("set") {
            &["--graph", "grid.tsv"]
        } else {
            &["--graph", "grid.tsv", "--timeout", "300ms"]
        };
        let out = dir.command().args(args).run_with_stdin(script);
        out.code(0)
            .stdout_has("time limit reached; these are the first paths found");
        assert!(!out.stdout.contains("the default"), "{}", out.report());
    }
    let out = dir
        .command()
        .args(["--graph", "grid.tsv", "--timeout", "300ms", "query"])
        .run_with_stdin(
            "{\"op\":\"path\",\"from\":\"g0_0\",\"to\":\"g39_39\",\"k\":5000,\"limit\":5000}\n",
        );
    out.code(0)
        .stdout_has("time limit reached; these are the first paths found");
    assert!(!out.stdout.contains("the default"), "{}", out.report());
}

#[test]
fn output_sends_answers_to_a_file_and_back() {
    let dir = seeded("output");
    let out = dir.command().args(["--graph", "g.json"]).run_with_stdin(
        "output answers.txt\npath Kyodo Kurils\nstats\nadd entity Bob --type person\noutput\nstats\n\
         output kurils.png\npath Kyodo Kurils\nneighbours Kurils\noutput\n\
         output answers.json\nshow Japan --limit 1\noutput\n",
    );
    out.code(0);
    // Answers went to the file; messages stayed on the screen.
    let text = read(dir.path.join("answers.txt"));
    assert!(
        text.starts_with("Kyodo News → Kuril Islands: 2 hops")
            && text.contains("\n14 entities, 33 relations"),
        "{text}"
    );
    assert!(!text.contains("added"), "{text}");
    out.stdout_has("added entity 'Bob'")
        .stdout_has("answers go to the screen again (2 answers written to answers.txt)")
        .stdout_has("15 entities, 33 relations");
    assert_eq!(
        out.stdout.matches("entities,").count(),
        1,
        "{}",
        out.report()
    );
    // A picture holds the last drawing.
    let png = std::fs::read(dir.path.join("kurils.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    out.stdout_has("(2 answers written to kurils.png)");
    // JSON by extension.
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path.join("answers.json"))).unwrap();
    assert_eq!(json["entity"]["name"], "Japan", "{json}");
}

#[test]
fn output_refuses_what_it_cannot_write() {
    let dir = seeded("output-refused");
    for (line, message) in [
        (
            "output x.svg --format png",
            "--format png contradicts the name 'x.svg', which says svg",
        ),
        ("output g.json", "g.json is one of the graph's own files"),
        ("output nodes --format neo4j-csv", "answers are written as"),
        ("output no/such/folder/x.txt", "no/such/folder"),
    ] {
        dir.command()
            .args(["--graph", "g.json"])
            .run_with_stdin(format!("{line}\n"))
            .code(1)
            .stderr_has(message);
    }
    // Refused on the command line and in kg query, saying what to do instead.
    crate::util::kg(["output", "x.txt"])
        .code(2)
        .stderr_has("redirect standard output");
}

#[test]
fn source_runs_a_file_of_lines_naming_its_errors_by_file_and_line() {
    let dir = seeded("source");
    dir.create(
        "build.kg",
        "add entity Bob --type person\nshow Bobb\nquit\nstats\n",
    );
    dir.create("loop.kg", "source loop.kg\n");
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin("source build.kg\nstats\nsource loop.kg\nsource missing.kg\n");
    out.code(1)
        .stdout_has("added entity 'Bob'")
        .stderr_has("kg: error: build.kg:2: no entity named 'Bobb'")
        .stderr_has("kg: error: line 1: build.kg: 1 line(s) failed")
        .stderr_has("sources are nested more than 8 deep")
        .stderr_has("kg: error: line 4: missing.kg");
    // `quit` ended the file, not the session: one stats, from line 2 of stdin.
    assert_eq!(
        out.stdout.matches("entities,").count(),
        1,
        "{}",
        out.report()
    );
    out.stdout_has("15 entities");
}

#[test]
fn timing_says_how_long_each_line_took() {
    let dir = TestDir::new("timing");
    let out = dir
        .command()
        .run_with_stdin("timing on\nstats\n\npath Kyodo Kurils\ntiming off\nstats\ntiming\n");
    out.code(0)
        .stdout_has("timing is on")
        .stdout_has("timing is off");
    // `timing on` itself, stats and path; not the blank line, not `timing off`
    // or the stats after it; then `timing` alone switches it on again.
    let times: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("time: "))
        .collect();
    assert_eq!(times.len(), 4, "{}", out.report());
    assert!(times
        .iter()
        .all(|t| t.ends_with(" ms") || t.ends_with(" s")));
}

#[test]
fn format_alone_says_which_and_pictures_point_at_output() {
    let dir = TestDir::new("format");
    let out = dir
        .command()
        .run_with_stdin("format\nformat json\nformat\nformat png\nformat svg\nformat neo4j-csv\n");
    out.code(1)
        .stdout_has("answers are printed as text\n")
        .stdout_has("answers are printed as json\n")
        .stderr_has("not png; to write answers as png, send them to a file: output answers.png")
        .stderr_has("not svg; to write answers as svg, send them to a file: output answers.svg")
        .stderr_has("not neo4j-csv; export and render write the other formats to files");
}

#[test]
fn every_habit_of_leaving_leaves() {
    let dir = TestDir::new("leave");
    for word in ["quit", "exit", "\\q", ":q", ".quit", ".exit"] {
        let out = dir
            .command()
            .run_with_stdin(format!("stats\n{word}\nstats\n"));
        out.code(0);
        assert_eq!(
            out.stdout.matches("entities,").count(),
            1,
            "{word}: {}",
            out.report()
        );
    }
}

#[test]
fn set_lists_shows_and_changes_settings() {
    let dir = TestDir::new("set");
    let out = dir.command().run_with_stdin(
        "set\nset timeout 2s\nset timeout\nset timing on\nset timeout soon\nset colour on\n",
    );
    out.code(1)
        .stdout_has("timeout        default (1s for enumerations, none for the rest)\ntiming         off\nstop-on-error  off\n")
        .stdout_has("timeout 2s\ntimeout 2s\ntiming on\n")
        .stderr_has("kg: error: line 5: 'soon' is not a duration")
        .stderr_has("kg: error: line 6: invalid value 'colour'");
}

/// The same commands at a terminal: timing, format alone, output and back, a
/// partial answer kept, and a psql habit to leave.
#[test]
fn session_commands_at_the_prompt() {
    let dir = TestDir::new("session-pty");
    let mut pty = crate::util::Pty::spawn(&dir.path, &[], &[]);
    pty.prompt();
    let shown = pty.ask("timing on");
    assert!(shown.contains("timing is on"), "{}", pty.report());
    let shown = pty.ask("stats");
    assert!(
        shown.starts_with("14 entities") && shown.lines().any(|l| l.starts_with("time: ")),
        "{}",
        pty.report()
    );
    pty.ask("timing off");
    let shown = pty.ask("format");
    assert_eq!(shown, "answers are printed as text", "{}", pty.report());
    let shown = pty.ask("format svg");
    assert!(shown.contains("output answers.svg"), "{}", pty.report());
    let shown = pty.ask("output kurils.svg");
    assert!(
        shown.contains("answers go to kurils.svg as svg"),
        "{}",
        pty.report()
    );
    // The picture goes to the file, never to the terminal.
    let shown = pty.ask("path Kyodo Kurils");
    assert_eq!(shown, "", "{}", pty.report());
    let shown = pty.ask("output");
    assert!(
        shown.contains("1 answer written to kurils.svg"),
        "{}",
        pty.report()
    );
    let svg = read(dir.path.join("kurils.svg"));
    assert!(
        svg.contains("<svg") && svg.contains("Kuril Islands"),
        "{svg:.300}"
    );
    pty.line(":q");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}
