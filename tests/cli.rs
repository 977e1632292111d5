//! The command line as its users meet it (issue 16, item 4): `--help`, usage
//! errors with one prefix and exit 2, the same words in the REPL, help for every
//! command, completions and man pages from the grammar, `--version` with the
//! commit, and `--color`.

use std::process::Command;

use ::kg::command::{Front, SPECS};

use crate::util::{kg, root, TestCommand, TestDir};

/// The lines a session prints for `line` on stderr, and whether it went on to the next.
fn repl(lines: &str) -> crate::util::Output {
    TestCommand::new().run_with_stdin(lines)
}

#[test]
fn kg_help_says_kg_alone_opens_the_repl_with_examples_and_global_options_apart() {
    let out = kg(["--help"]);
    out.success()
        .stdout_has("With no command, kg opens the interactive shell (the REPL) on the graph")
        .stdout_has(
            "Examples:\n  kg                                   the shell on the built-in graph\n",
        )
        .stdout_has("  kg path Kyodo Kurils ")
        .stdout_has("Exit status: 0 success, 1 an error")
        .stdout_has("2 a usage error");
    assert!(
        !out.stdout.contains("shows the built-in graph"),
        "{}",
        out.report()
    );
    // Every command's help, short and long: its own options, then the global ones apart.
    for flag in ["-h", "--help"] {
        for args in [vec!["path"], vec!["add", "relation"], vec!["show"]] {
            let out = TestCommand::new().args(&args).arg(flag).run();
            out.success();
            let s = &out.stdout;
            let options = s.find("\nOptions:\n").expect("an Options section");
            let globals = s
                .find("\nGlobal options:\n")
                .expect("a Global options section");
            assert!(options < globals, "{}", out.report());
            for g in [
                "--graph <PATH>",
                "--epoch <YYYY-MM-DD>",
                "--timeout <DURATION>",
                "--format <FORMAT>",
                "--no-pager",
                "--color <WHEN>",
            ] {
                assert!(
                    !s[options..globals].contains(g) && s[globals..].contains(g),
                    "{g} belongs under Global options\n{}",
                    out.report()
                );
            }
        }
    }
}

#[test]
fn path_usage_names_from_and_to_and_a_missing_one_is_said_plainly() {
    kg(["path", "--help"])
        .success()
        .stdout_has("Usage: kg path [OPTIONS] <FROM> <TO>\n");
    kg(["path", "Kyodo"]).code(2).stdout_is("").stderr_is(
        "kg: error: path needs TO\n\
         kg: hint: TO is where the path ends: id, name or alias\n\
         kg: usage: kg path [OPTIONS] <FROM> <TO>\n\
         kg: hint: 'kg path --help' shows its options and examples\n",
    );
    kg(["path"])
        .code(2)
        .stderr_has("kg: error: path needs FROM and TO\n");
    // The same words in a session, which goes on to the next line.
    repl("path Kyodo\nstats\n")
        .code(1)
        .stderr_is(
            "kg: error: line 1: path needs TO\n\
             kg: hint: TO is where the path ends: id, name or alias\n\
             kg: usage: path [OPTIONS] <FROM> <TO>\n\
             kg: hint: 'help path' shows its options and examples\n",
        )
        .stdout_has("14 entities, 33 relations");
}

#[test]
fn every_command_with_required_arguments_names_the_missing_ones() {
    let cases = [
        ("add relation Abe", "add relation needs TYPE and TO"),
        ("add entity", "add entity needs NAME"),
        ("add evidence Abe visits", "add evidence needs TO"),
        ("alias Abe", "alias needs ALIAS"),
        ("merge", "merge needs KEEP and DUPLICATE"),
        ("same 1", "same needs ENTITY"),
        ("edit", "edit needs N"),
        ("remove entity", "remove entity needs NAME"),
        (
            "add",
            "add needs one of entity, source, relation, evidence, type or relation-type",
        ),
    ];
    for (line, message) in cases {
        let out = repl(&format!("{line}\n"));
        out.code(1)
            .stderr_has(&format!("kg: error: line 1: {message}\n"))
            .stderr_has(&format!("kg: usage: {}", line.split(' ').next().unwrap()));
        let cli = kg(line.split(' '));
        cli.code(2)
            .stderr_has(&format!("kg: error: {message}\n"))
            .stderr_has("kg: usage: kg ");
    }
}

#[test]
fn clap_tips_and_possible_values_survive_in_the_repl_and_on_the_command_line() {
    // A script's errors name their line; the words after it are the command line's.
    let typo = "unexpected argument '--relatons' found\n\
                kg: hint: a similar argument exists: '--relations'\n";
    repl("path Kyodo Kurils --relatons visits\n")
        .code(1)
        .stderr_has(&format!("kg: error: line 1: {typo}"))
        .stderr_has("kg: usage: path [OPTIONS] <FROM> <TO>\n");
    kg(["path", "Kyodo", "Kurils", "--relatons", "visits"])
        .code(2)
        .stderr_has(&format!("kg: error: {typo}"));
    let bad = "invalid value 'sideways' for '--direction <DIRECTION>'\n\
               kg: hint: possible values: any, out, in\n";
    repl("path Kyodo Kurils --direction sideways\n")
        .code(1)
        .stderr_has(&format!("kg: error: line 1: {bad}"));
    let cli = kg(["path", "Kyodo", "Kurils", "--direction", "sideways"]);
    cli.code(2).stderr_has(&format!("kg: error: {bad}"));
    // One prefix: no line of clap's own.
    for line in cli.stderr.lines() {
        assert!(line.starts_with("kg: "), "{}", cli.report());
    }
    kg(["add", "relatio"])
        .code(2)
        .stderr_has("kg: error: unrecognized subcommand 'relatio'\n")
        .stderr_has("'relation'");
}

#[test]
fn help_and_dash_dash_help_are_answers_in_the_repl() {
    let out = repl("add relation --help\npath -h\nhelp add relation\nhelp remove relation\nhelp neighbors\nhelp add\n");
    out.success().stderr_is("");
    let s = &out.stdout;
    assert_eq!(
        s.matches("Usage: kg add relation [OPTIONS] <FROM> <TYPE> <TO>")
            .count(),
        2,
        "{}",
        out.report()
    );
    assert!(
        s.contains("Usage: kg path [OPTIONS] <FROM> <TO>"),
        "{}",
        out.report()
    );
    assert!(s.contains("Usage: kg remove relation"), "{}", out.report());
    assert!(s.contains("Usage: kg neighbours"), "{}", out.report());
    assert!(
        s.contains("Usage: kg add [OPTIONS] <COMMAND>"),
        "{}",
        out.report()
    );
}

/// Every command of SPECS: `help WORDS` in one session, and `kg WORDS -h` on the
/// command line, each with the command's examples.
#[test]
fn help_works_for_every_command_in_the_repl_and_on_the_command_line() {
    let script: String = SPECS
        .iter()
        .map(|s| format!("help {}\n", s.name()))
        .collect();
    let out = repl(&script);
    out.success().stderr_is("");
    for spec in SPECS {
        assert!(
            out.stdout.contains(&format!("Usage: kg {}", spec.name())),
            "help {}\n{}",
            spec.name(),
            out.report()
        );
        for e in spec.examples {
            assert!(out.stdout.contains(e), "help {} lacks {e}", spec.name());
        }
        let cli = TestCommand::new().args(spec.words).arg("-h").run();
        cli.success();
        for e in spec.examples {
            assert!(
                cli.stdout.contains(e),
                "kg {} -h lacks {e}\n{}",
                spec.name(),
                cli.report()
            );
        }
        if spec.runs_in(Front::Cli) && spec.words != ["repl"] {
            assert!(!spec.examples.is_empty(), "{} has no examples", spec.name());
        }
    }
}

/// A usage mistake exits 2; a well-formed request that fails exits 1.
#[test]
fn exit_statuses_are_2_for_usage_mistakes_and_1_for_errors() {
    let dir = TestDir::new("cli-exit");
    dir.create("bad.json", "{\"entities\": [");
    let cases: &[(&[&str], i32)] = &[
        (&["path", "Kyodo", "Kurils", "--at", "2016-13"], 2),
        (&["path", "Kyodo", "Kurils", "--from-date", "2016-02-30"], 2),
        (&["path", "Kyodo", "Kurils", "--timeout", "2x"], 2),
        (&["path", "Kyodo", "Kurils", "-k", "two"], 2),
        (&["path", "Kyodo", "Kurils", "-k", "0"], 2),
        (&["neighbours", "Japan", "--depth", "1.5"], 2),
        (&["path", "Kyodo", "Kurils", "--direction", "up"], 2),
        (&["path", "Kyodo", "Kurils", "--format", "jpeg"], 2),
        (&["path", "Kyodo", "Kurils", "--all", "-k", "2"], 2),
        (
            &[
                "path",
                "Kyodo",
                "Kurils",
                "--at",
                "2016",
                "--from-date",
                "2016",
            ],
            2,
        ),
        (&["--color", "sometimes", "stats"], 2),
        (&["pth", "Kyodo", "Kurils"], 2),
        (&["path", "Kyodo"], 2),
        (&["path", "Kyodo", "Atlantis"], 1),
        (&["--graph", "missing.json", "stats"], 1),
        (&["--graph", "bad.json", "stats"], 1),
        (&["path", "Kyodo", "Kurils", "--at", "2016-04"], 0),
    ];
    for (args, code) in cases {
        let out = dir.command().args(*args).run();
        out.code(*code);
        if *code != 0 {
            assert!(out.stderr.starts_with("kg: error: "), "{}", out.report());
        }
    }
    // Documented where users look.
    kg(["--help"])
        .stdout_has("2 a usage error")
        .stdout_has("--at 2016-13");
}

#[test]
fn bash_completion_completes_commands_and_sub_commands() {
    let dir = TestDir::new("cli-completions");
    let out = kg(["completions", "bash"]);
    out.success();
    let script = dir.create("kg.bash", &out.stdout);
    let complete = |line: &str| -> String {
        let words: Vec<&str> = line.split(' ').collect();
        let probe = format!(
            "source {}; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT={}; \
             _kg kg '{}' '{}'; echo \"${{COMPREPLY[@]}}\"",
            script.display(),
            words.join(" "),
            words.len() - 1,
            line.len(),
            words[words.len() - 1],
            words[words.len().saturating_sub(2)],
        );
        let o = Command::new("bash").arg("-c").arg(&probe).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    assert_eq!(complete("kg pa"), "path");
    let add: Vec<String> = complete("kg add rel")
        .split(' ')
        .map(str::to_string)
        .collect();
    assert!(
        add.contains(&"relation".into()) && add.contains(&"relation-type".into()),
        "{add:?}"
    );
    assert!(complete("kg path Kyodo Kurils --rel").contains("--relations"));
    let registered = Command::new("bash")
        .arg("-c")
        .arg(format!("source {}; complete -p kg", script.display()))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&registered.stdout).contains("-F _kg kg"));
    // The other shells get scripts naming the commands.
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = kg(["completions", shell]);
        out.success().stdout_has("path").stdout_has("relation-type");
    }
    // Refused where they mean nothing, with the way to get them.
    repl("completions bash\n").code(1).stderr_has(
        "kg: error: line 1: 'completions' is not available in the REPL: completions are for your shell",
    );
    kg(["completions", "tcsh"])
        .code(2)
        .stderr_has("kg: hint: possible values: bash, zsh, fish, elvish, powershell\n");
}

#[test]
fn man_pages_render_and_name_every_command() {
    let out = kg(["man"]);
    out.success()
        .stdout_has(".TH kg 1")
        .stdout_has(".SH NAME\nkg \\- build typed knowledge graphs")
        .stdout_has(".SH SYNOPSIS")
        .stdout_has("\"GLOBAL OPTIONS\"");
    let dir = TestDir::new("cli-man");
    let page = dir.create("kg.1", &out.stdout);
    // Rendered as man would, where groff is installed (.ci/run installs it).
    if Command::new("groff").arg("--version").output().is_ok() {
        let o = Command::new("groff")
            .args(["-man", "-Tutf8", "-k"])
            .arg(&page)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8_lossy(&o.stdout);
        let plain: String = strip_overstrike(&text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            plain.contains("With no command, kg opens the interactive shell"),
            "{plain}"
        );
        assert!(plain.contains("completions"), "{plain}");
    }
    std::fs::create_dir_all(dir.path.join("man")).unwrap();
    dir.command()
        .args(["man", "-o", "man"])
        .run()
        .success()
        .stdout_has("wrote 3");
    for name in [
        "kg.1",
        "kg-path.1",
        "kg-add-relation.1",
        "kg-remove-relation.1",
        "kg-completions.1",
    ] {
        let text = std::fs::read_to_string(dir.path.join("man").join(name)).unwrap();
        assert!(text.starts_with(".ie"), "{name}");
    }
    let path = std::fs::read_to_string(dir.path.join("man/kg-path.1")).unwrap();
    assert!(
        path.contains("path Lavrov \"North Korea\" \\-k 2"),
        "{path}"
    );
    dir.command()
        .args(["man", "-o", "nowhere"])
        .run()
        .code(1)
        .stderr_has("kg: error: nowhere: is not a folder");
}

/// `x\bx` (bold) and `_\bx` (underline) as the plain letter.
fn strip_overstrike(s: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    for c in s.chars() {
        if c == '\u{8}' {
            out.pop();
            continue;
        }
        out.push(c);
    }
    out.into_iter().collect()
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let out = kg(["--version"]);
    out.success();
    let line = out.stdout.trim_end();
    let rest = line
        .strip_prefix(&format!("kg {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{}", out.report()));
    let head = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(root())
        .output();
    match head {
        // The tree may have moved on since the build; the hash is still one of its commits.
        Ok(h) if h.status.success() => {
            let hash = rest.trim_end_matches("-dirty");
            assert!(
                hash.len() >= 7 && hash.chars().all(|c| c.is_ascii_hexdigit()),
                "{line}"
            );
            let known = Command::new("git")
                .args(["cat-file", "-e", &format!("{hash}^{{commit}}")])
                .current_dir(root())
                .status()
                .unwrap();
            assert!(known.success(), "{line}: no such commit");
        }
        _ => assert_eq!(rest, "unknown"),
    }
}

#[test]
fn color_always_beats_a_pipe_and_no_color_and_auto_and_never_do_not_colour() {
    // The test harness sets NO_COLOR=1 and pipes stdout.
    let always = kg(["--color", "always", "show", "Japan"]);
    always.success();
    assert!(
        always.stdout.contains("\x1b[1mJapan"),
        "{}",
        always.report()
    );
    assert!(kg(["--color=always", "path", "Kyodo", "Kurils"])
        .stdout
        .contains("\x1b[36m"));
    for args in [
        vec!["--color", "never", "show", "Japan"],
        vec!["--color", "auto", "show", "Japan"],
        vec!["show", "Japan"],
    ] {
        let out = kg(args);
        out.success();
        assert!(!out.stdout.contains('\x1b'), "{}", out.report());
    }
    // A script's answers too, under always only.
    let script = TestCommand::new()
        .args(["--color", "always"])
        .run_with_stdin("stats\n");
    assert!(script.stdout.contains("\x1b[1m"), "{}", script.report());
    let plain = TestCommand::new().run_with_stdin("stats\n");
    assert!(!plain.stdout.contains('\x1b'), "{}", plain.report());
    // A session takes --color from the command line only.
    repl("show Japan --color always\n")
        .code(1)
        .stderr_has("kg: error: line 1: --graph, --epoch and --color are for the command line\n");
}

/// At a terminal, `--color always` colours the REPL's answers despite NO_COLOR
/// (which the pseudo-terminal sets), and `never` keeps them plain.
#[test]
fn color_holds_in_the_interactive_repl() {
    let dir = TestDir::new("cli-color-pty");
    let mut pty = crate::util::Pty::spawn(&dir.path, &[], &["--color", "always"]);
    pty.prompt();
    pty.line("stats");
    pty.expect("\x1b[1m14 entities, 33 relations");
    pty.prompt();
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    let mut pty = crate::util::Pty::spawn(&dir.path, &[], &["--color", "never"]);
    pty.prompt();
    pty.line("stats");
    pty.expect("14 entities, 33 relations");
    pty.prompt();
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0);
    assert!(
        !pty.report().contains("\x1b[1m14 entities"),
        "{}",
        pty.report()
    );
}
