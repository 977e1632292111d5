//! Running the built binary and comparing its output.
//!
//! Every test drives the `kg` binary cargo built for this test run (never `cargo
//! run`), from the repository root unless told otherwise. When an assertion fails,
//! the panic message holds the command, its working directory, exit status, stdout,
//! stderr and, for output comparisons, a line diff of expected against actual.
#![allow(dead_code)]

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::DeserializeOwned;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `kg ARGS...` from the repository root.
pub fn kg<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    TestCommand::new().args(args).run()
}

/// A `kg` command line to run.
pub struct TestCommand {
    args: Vec<OsString>,
    cwd: PathBuf,
}

impl Default for TestCommand {
    fn default() -> Self {
        Self::new()
    }
}

impl TestCommand {
    pub fn new() -> Self {
        TestCommand {
            args: Vec::new(),
            cwd: root(),
        }
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = dir.into();
        self
    }

    pub fn run(self) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kg"));
        cmd.args(&self.args)
            .current_dir(&self.cwd)
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE");
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", env!("CARGO_BIN_EXE_kg")));
        let shown: Vec<String> = self.args.iter().map(shell_word).collect();
        Output {
            command: format!("kg {}", shown.join(" ")),
            cwd: self.cwd,
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

fn shell_word(a: &OsString) -> String {
    let s = a.to_string_lossy();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:".contains(c))
    {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// What a run of `kg` did.
pub struct Output {
    pub command: String,
    pub cwd: PathBuf,
    /// The exit status; `None` when a signal ended the process.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Command, working directory, status, stdout and stderr, for failure messages.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "command: {}", self.command);
        let _ = writeln!(s, "cwd:     {}", self.cwd.display());
        let _ = writeln!(s, "status:  {:?}", self.code);
        let _ = writeln!(s, "---- stdout ----\n{}", visible(&self.stdout));
        let _ = writeln!(s, "---- stderr ----\n{}", visible(&self.stderr));
        s
    }

    /// `Err` with a full report unless the exit status is `code`.
    pub fn check_code(&self, code: i32) -> Result<(), String> {
        if self.code == Some(code) {
            Ok(())
        } else {
            Err(format!(
                "expected exit status {code}, got {:?}\n{}",
                self.code,
                self.report()
            ))
        }
    }

    /// `Err` with a report and a diff unless stdout is exactly `expected`.
    pub fn check_stdout(&self, expected: &str) -> Result<(), String> {
        check_text("stdout", expected, &self.stdout, self)
    }

    /// `Err` with a report and a diff unless stderr is exactly `expected`.
    pub fn check_stderr(&self, expected: &str) -> Result<(), String> {
        check_text("stderr", expected, &self.stderr, self)
    }

    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        ok(self.check_code(code));
        self
    }

    /// Exit status 0.
    #[track_caller]
    pub fn success(&self) -> &Self {
        self.code(0)
    }

    /// Exit status 1: an error that is not a usage error.
    #[track_caller]
    pub fn failure(&self) -> &Self {
        self.code(1)
    }

    #[track_caller]
    pub fn stdout_is(&self, expected: &str) -> &Self {
        ok(self.check_stdout(expected));
        self
    }

    #[track_caller]
    pub fn stderr_is(&self, expected: &str) -> &Self {
        ok(self.check_stderr(expected));
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        if !self.stdout.contains(needle) {
            panic!("stdout does not contain {needle:?}\n{}", self.report());
        }
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        if !self.stderr.contains(needle) {
            panic!("stderr does not contain {needle:?}\n{}", self.report());
        }
        self
    }

    /// stdout parsed as one JSON value of type `T`.
    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not the JSON expected ({e})\n{}", self.report()))
    }
}

#[track_caller]
fn ok(r: Result<(), String>) {
    if let Err(msg) = r {
        panic!("{msg}");
    }
}

fn check_text(what: &str, expected: &str, actual: &str, out: &Output) -> Result<(), String> {
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "{what} differs from what was expected\n---- diff (- expected, + actual) ----\n{}{}",
        diff(expected, actual),
        out.report()
    ))
}

/// Shows line endings and an unterminated last line, which a diff must not hide.
fn visible(s: &str) -> String {
    let mut out = s.replace('\r', "\\r");
    if !s.is_empty() && !s.ends_with('\n') {
        out.push_str("⟨no newline at end⟩");
    }
    out
}

/// A line diff of `expected` against `actual` (longest common subsequence).
pub fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.split_inclusive('\n').collect();
    let b: Vec<&str> = actual.split_inclusive('\n').collect();
    let line = |sign: char, l: &str| format!("{sign} {}\n", visible(l).trim_end_matches('\n'));
    if a.len() * b.len() > 4_000_000 {
        // Too long to align cheaply; show both in full.
        let mut s = String::new();
        a.iter().for_each(|l| s.push_str(&line('-', l)));
        b.iter().for_each(|l| s.push_str(&line('+', l)));
        return s;
    }
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut s) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            s.push_str(&line(' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            s.push_str(&line('-', a[i]));
            i += 1;
        } else {
            s.push_str(&line('+', b[j]));
            j += 1;
        }
    }
    s
}

/// A fresh, empty directory under cargo's temporary directory for tests.
pub struct TestDir {
    pub path: PathBuf,
}

impl TestDir {
    pub fn new(name: &str) -> TestDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("kg-{}-{name}-{n}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path).expect("remove an old test dir");
        }
        std::fs::create_dir_all(&path).expect("create a test dir");
        TestDir { path }
    }

    /// Writes `contents` to `name` inside the directory.
    pub fn create(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path.join(name);
        std::fs::write(&p, contents).expect("write a test file");
        p
    }

    /// `kg`, run from inside this directory.
    pub fn command(&self) -> TestCommand {
        TestCommand::new().current_dir(&self.path)
    }
}

/// Reads a file of the repository, relative to its root.
#[track_caller]
pub fn read(path: impl AsRef<Path>) -> String {
    let p = root().join(path.as_ref());
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

impl TestCommand {
    /// Runs the command with `input` on its stdin (written from another thread, so
    /// large inputs and outputs cannot deadlock).
    pub fn run_with_stdin(self, input: impl Into<Vec<u8>>) -> Output {
        use std::io::Write as _;
        use std::process::Stdio;
        let input = input.into();
        let shown_input = stdin_preview(&input);
        let mut child = Command::new(env!("CARGO_BIN_EXE_kg"))
            .args(&self.args)
            .current_dir(&self.cwd)
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", env!("CARGO_BIN_EXE_kg")));
        let mut stdin = child.stdin.take().expect("piped stdin");
        let writer = std::thread::spawn(move || {
            // A command that exits early closes its stdin; that is for the test to judge.
            let _ = stdin.write_all(&input);
        });
        let out = child.wait_with_output().expect("wait for kg");
        writer.join().expect("the stdin writer thread");
        let shown: Vec<String> = self.args.iter().map(shell_word).collect();
        Output {
            command: format!("kg {}\n---- stdin ----\n{shown_input}", shown.join(" ")),
            cwd: self.cwd,
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The start of a command's stdin, for failure reports.
fn stdin_preview(input: &[u8]) -> String {
    const SHOWN: usize = 4000;
    let text = String::from_utf8_lossy(input);
    if text.len() <= SHOWN {
        return visible(&text);
    }
    let mut cut = SHOWN;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}\n... ({} bytes in all)", &text[..cut], input.len())
}
