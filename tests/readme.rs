//! A newcomer following README.md can reproduce every answer it shows.
//!
//! Every fenced code block that starts with a `$ ` line is a transcript: each
//! `$ COMMAND` line is run from the repository root and what it prints (stdout,
//! then stderr) must be the lines below it, up to the next `$ ` line or the end of
//! the block, exactly. The exit status must be 1 when the block shows a `kg:
//! error:` line and 0 otherwise, and a command shown with no output must succeed.
//!
//! - `$ kg ARGS...` runs the built binary with the arguments split as a shell
//!   would; a command with a pipe or a redirection runs under `sh -c` with the
//!   built `kg` first on the PATH.
//! - A line that is just `...` elides output: the lines before it must start the
//!   output, each group of lines between two `...` must follow, together and in
//!   order, and the lines after the last `...` must end it (unless the block ends
//!   with `...`). Inside a line, `...` stands for any text.
//! - A `$ kg` whose output shows `kg NAME> ` prompts is an interactive session: it runs
//!   in a pseudo-terminal, each `kg NAME> LINE` is typed, Ctrl-D ends it, and the screen
//!   must read as the block does (a last empty prompt may be left out).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{after_prompt, diff, is_prompt, root, Pty, TestDir};

/// One `$ COMMAND` of a README block and the output shown under it.
#[derive(Debug)]
struct Example {
    /// The README line of the `$ ` line (1-based).
    line: usize,
    command: String,
    output: Vec<String>,
}

/// The transcripts among README's fenced code blocks.
fn examples(readme: &str) -> Result<Vec<Example>, String> {
    let mut examples = Vec::new();
    let mut block: Option<Vec<(usize, &str)>> = None;
    for (i, line) in readme.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            match block.take() {
                None => block = Some(Vec::new()),
                Some(lines) => examples.extend(transcript(&lines)?),
            }
        } else if let Some(lines) = &mut block {
            lines.push((i + 1, line));
        }
    }
    if block.is_some() {
        return Err("README.md ends inside a code block".into());
    }
    Ok(examples)
}

/// The examples of one block: none unless it starts with a `$ ` line.
fn transcript(lines: &[(usize, &str)]) -> Result<Vec<Example>, String> {
    let is_command = |l: &str| l.starts_with("$ ");
    match lines.first() {
        Some((_, first)) if is_command(first) => {}
        _ => {
            return match lines.iter().find(|(_, l)| is_command(l)) {
                Some((n, _)) => Err(format!(
                    "README.md:{n}: a `$ ` command inside a block that does not start with one"
                )),
                None => Ok(Vec::new()),
            }
        }
    }
    let mut out: Vec<Example> = Vec::new();
    for &(n, l) in lines {
        if let Some(command) = l.strip_prefix("$ ") {
            out.push(Example {
                line: n,
                command: command.to_string(),
                output: Vec::new(),
            });
        } else {
            out.last_mut()
                .expect("the block starts with a command")
                .output
                .push(l.to_string());
        }
    }
    Ok(out)
}

/// Splits a command line as a POSIX shell would (quotes and backslashes; nothing
/// else is special here, since commands with other syntax go to `sh`).
fn shell_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let w = cur.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err(format!("unclosed ' in {line:?}")),
                    }
                }
            }
            '"' => {
                let w = cur.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => w.push(c),
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                            None => return Err(format!("unclosed \" in {line:?}")),
                        },
                        Some(c) => w.push(c),
                        None => return Err(format!("unclosed \" in {line:?}")),
                    }
                }
            }
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.get_or_insert_with(String::new).push(n);
                }
            }
            c if c.is_whitespace() => words.extend(cur.take()),
            c => cur.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(cur);
    Ok(words)
}

/// Whether a command needs a shell: pipes, redirections, lists, expansions.
fn needs_shell(command: &str) -> bool {
    command.contains(['|', '>', '<', ';', '&', '`', '*', '?', '$'])
}

/// What running an example printed, and its exit status.
struct Ran {
    text: String,
    status: Option<i32>,
}

fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_kg"))
        .parent()
        .expect("the binary's directory")
        .to_path_buf()
}

/// Runs one `$ ` command from the repository root.
fn run(command: &str) -> Result<Ran, String> {
    let mut cmd = if needs_shell(command) {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![bin_dir()];
        dirs.extend(std::env::split_paths(&path));
        let mut c = Command::new("sh");
        c.args(["-c", command]).env(
            "PATH",
            std::env::join_paths(dirs).map_err(|e| e.to_string())?,
        );
        c
    } else {
        let words = shell_words(command)?;
        match words.split_first() {
            Some((first, args)) if first == "kg" => {
                let mut c = Command::new(env!("CARGO_BIN_EXE_kg"));
                c.args(args);
                c
            }
            _ => return Err(format!("not a kg command: {command:?}")),
        }
    };
    let out = cmd
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    Ok(Ran {
        text: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        status: out.status.code(),
    })
}

/// Whether `actual` is what the README line `pattern` shows (`...` inside it
/// standing for any text).
fn line_matches(pattern: &str, actual: &str) -> bool {
    if !pattern.contains("...") {
        return pattern == actual;
    }
    let parts: Vec<&str> = pattern.split("...").collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

fn lines_match(pattern: &[String], actual: &[&str]) -> bool {
    pattern.len() == actual.len() && pattern.iter().zip(actual).all(|(p, a)| line_matches(p, a))
}

/// `Err` with the reason unless `actual` reads as `expected` shows it (see the
/// module's rules for `...`).
fn output_matches(expected: &[String], actual: &[&str]) -> Result<(), String> {
    let segments: Vec<&[String]> = expected.split(|l| l.trim() == "...").collect();
    if segments.len() == 1 {
        return if lines_match(expected, actual) {
            Ok(())
        } else {
            Err("the output differs".into())
        };
    }
    let first = segments[0];
    if actual.len() < first.len() || !lines_match(first, &actual[..first.len()]) {
        return Err("the output does not start with the lines before the first `...`".into());
    }
    let mut at = first.len();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate().skip(1) {
        if seg.is_empty() {
            continue;
        }
        if i == last {
            let from = actual.len().checked_sub(seg.len()).filter(|&f| f >= at);
            return match from {
                Some(f) if lines_match(seg, &actual[f..]) => Ok(()),
                _ => Err("the output does not end with the lines after the last `...`".into()),
            };
        }
        match (at..=actual.len().saturating_sub(seg.len()))
            .find(|&f| lines_match(seg, &actual[f..f + seg.len()]))
        {
            Some(f) => at = f + seg.len(),
            None => {
                return Err(format!(
                    "the output lacks, after the earlier lines, the group that starts {:?}",
                    seg[0]
                ))
            }
        }
    }
    Ok(())
}

/// Whether an example is an interactive session (its output shows prompts).
fn is_session(e: &Example) -> bool {
    e.output
        .iter()
        .any(|l| after_prompt(l).is_some_and(|t| t.is_empty() || t.starts_with(' ')))
}

/// Runs an interactive example in a pseudo-terminal; returns the screen's lines.
fn run_session(e: &Example) -> Result<Vec<String>, String> {
    let words = shell_words(&e.command)?;
    let args: Vec<&str> = match words.split_first() {
        Some((first, args)) if first == "kg" => args.iter().map(String::as_str).collect(),
        _ => return Err(format!("not a kg command: {:?}", e.command)),
    };
    let scratch = TestDir::new("readme-session");
    let history = scratch.path.join("history");
    let mut pty = Pty::spawn(&root(), &[("KG_HISTORY", Some(&history))], &args);
    pty.prompt();
    let typed: Vec<&str> = e
        .output
        .iter()
        .filter_map(|l| after_prompt(l))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .filter(|l| !l.is_empty())
        .collect();
    let mut left = false;
    for line in typed {
        if matches!(line.trim(), "quit" | "exit") {
            pty.line(line);
            left = true;
            break;
        }
        pty.ask(line);
    }
    if !left {
        pty.ctrl('d');
    }
    let status = pty.exit_status();
    if status != 0 {
        return Err(format!("the session exited with status {status}"));
    }
    let mut lines = pty.lines();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    // The prompt Ctrl-D left, unless the README shows it.
    if !left && lines.last().is_some_and(|l| is_prompt(l)) {
        let shown = e.output.iter().rev().find(|l| !l.trim().is_empty());
        if !shown.is_some_and(|l| is_prompt(l.trim_end())) {
            lines.pop();
        }
    }
    Ok(lines)
}

/// The first `n` lines of `text`, and how many were left out.
fn shorten(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= n {
        return text.to_string();
    }
    format!(
        "{}\n... ({} more lines)\n",
        lines[..n].join("\n"),
        lines.len() - n
    )
}

/// Checks one example; `Err` describes the mismatch.
fn check(e: &Example) -> Result<(), String> {
    let mut expected = e.output.clone();
    while expected.last().is_some_and(|l| l.trim().is_empty()) {
        expected.pop();
    }
    if is_session(e) {
        let shown = run_session(e)?;
        let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
        let expected: Vec<String> = expected.iter().map(|l| l.trim_end().to_string()).collect();
        return output_matches(&expected, &shown).map_err(|why| {
            format!(
                "{why}\n---- diff (- README, + screen) ----\n{}",
                shorten(
                    &diff(
                        &format!("{}\n", expected.join("\n")),
                        &format!("{}\n", shown.join("\n"))
                    ),
                    40
                )
            )
        });
    }
    let ran = run(&e.command)?;
    let want_status = if expected.iter().any(|l| l.starts_with("kg: error:")) {
        1
    } else {
        0
    };
    let mut problems = Vec::new();
    if ran.status != Some(want_status) {
        problems.push(format!(
            "exit status {:?}, expected {want_status}",
            ran.status
        ));
    }
    if !expected.is_empty() {
        let actual: Vec<&str> = ran.text.lines().collect();
        if let Err(why) = output_matches(&expected, &actual) {
            problems.push(why);
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let shown = if expected.is_empty() {
        String::new()
    } else {
        format!("{}\n", expected.join("\n"))
    };
    Err(format!(
        "{}\n---- diff (- README, + output) ----\n{}",
        problems.join("; "),
        shorten(&diff(&shown, &ran.text), 40)
    ))
}

#[test]
fn readme_tour_answers_are_reproducible() {
    let readme = crate::util::read("README.md");
    let examples = examples(&readme).unwrap_or_else(|e| panic!("{e}"));
    let with_output = examples.iter().filter(|e| !e.output.is_empty()).count();
    assert!(
        with_output >= 5,
        "found only {with_output} README examples with output; is the parser broken?\n{examples:#?}"
    );
    let failures: Vec<String> = examples
        .iter()
        .filter_map(|e| {
            check(e)
                .err()
                .map(|why| format!("README.md:{}: $ {}\n{why}", e.line, e.command))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} README examples do not reproduce:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n\n")
    );
}

#[test]
fn matching_rules_for_readme_output() {
    let s = |v: &[&str]| v.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(line_matches("a...z", "abcz"));
    assert!(line_matches("{\"id\":1,...}", "{\"id\":1,\"x\":2}"));
    assert!(!line_matches("a...z", "az!"));
    assert!(!line_matches("ab...ba", "aba"));
    assert!(output_matches(&s(&["a", "b"]), &["a", "b"]).is_ok());
    assert!(output_matches(&s(&["a", "b"]), &["a", "b", "c"]).is_err());
    assert!(output_matches(&s(&["a", "...", "y", "z"]), &["a", "b", "y", "z"]).is_ok());
    assert!(output_matches(&s(&["a", "...", "y"]), &["a", "b", "y", "z"]).is_err());
    assert!(output_matches(&s(&["a", "..."]), &["a", "b"]).is_ok());
    assert!(output_matches(
        &s(&["a", "...", "c", "...", "e"]),
        &["a", "b", "c", "d", "e"]
    )
    .is_ok());
    assert!(output_matches(&s(&["a", "...", "d", "...", "c"]), &["a", "c", "d", "e"]).is_err());
    assert_eq!(
        shell_words(r#"kg show "North Korea" 'a b' c\ d"#).unwrap(),
        ["kg", "show", "North Korea", "a b", "c d"]
    );
    assert!(needs_shell("echo x | kg query"));
    assert!(!needs_shell("kg path Kyodo Kurils"));
    let ex = examples("text\n```\n$ kg a\nout\n\n$ kg b\n```\n```\n{}\n```\n").unwrap();
    assert_eq!(ex.len(), 2);
    assert_eq!((ex[0].line, ex[0].command.as_str()), (3, "kg a"));
    assert_eq!(ex[0].output, ["out", ""]);
    assert!(ex[1].output.is_empty());
}

/// A README session transcript is checked in a terminal, screen for screen.
#[test]
fn session_transcripts_run_in_a_terminal() {
    let banner = format!(
        "kg {} — 14 entities, 33 relations. 'help' lists commands; Tab completes; Ctrl-D leaves.",
        env!("CARGO_PKG_VERSION")
    );
    let example = |lines: &[&str]| Example {
        line: 1,
        command: "kg".into(),
        output: lines.iter().map(|l| l.to_string()).collect(),
    };
    let good = example(&[
        &banner,
        "kg built-in> path Kyodo Kurils",
        "Kyodo News → Kuril Islands: 2 hops",
        "...",
        "kg built-in> show Rusia",
        "kg: error: no entity named 'Rusia'",
        "kg: hint: did you mean 'Russia'?",
    ]);
    assert!(is_session(&good));
    if let Err(e) = check(&good) {
        panic!("{e}");
    }
    let bad = example(&[
        &banner,
        "kg built-in> show Rusia",
        "kg: error: no entity named 'Russia'",
    ]);
    assert!(check(&bad).is_err());
}
