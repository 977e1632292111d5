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

/// How long a pseudo-terminal test waits for any one thing it expects to see.
pub const PTY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// `kg` in a real pseudo-terminal, driven like a user at a keyboard (rexpect).
///
/// The terminal is an `xterm` with `NO_COLOR=1`, `HOME` and `XDG_DATA_HOME` in a
/// scratch directory (so nothing a test does can reach the real home), and no
/// `KG_HISTORY`, unless the test says otherwise.
///
/// Waits are on the screen as a terminal would draw it ([`screen`]), not on the
/// raw bytes: rustyline redraws the line being edited (prompt included) after a
/// completion or a history hint, so a prompt in the byte stream does not mean a new
/// prompt. Every wait lasts at most [`PTY_TIMEOUT`]; a failure shows the command,
/// what was awaited, the screen, and the last raw bytes.
pub struct Pty {
    session: rexpect::session::PtySession,
    command: String,
    /// Everything read from the terminal so far, as rexpect hands it over.
    seen: String,
    /// The exit status, once known.
    status: Option<i32>,
}

/// rexpect hands over each byte as one `char`; these convert to and from that.
fn to_wire(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

fn from_wire(s: &str) -> String {
    let bytes: Vec<u8> = s
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// How wide the terminal is: wider than any line a test types.
pub const PTY_COLUMNS: usize = 250;

/// What follows the prompt on a screen line that starts with one (`kg NAME> `,
/// `kg NAME*> `: the graph's name and the unsaved-changes marker), e.g.
/// `" stats"` for `kg built-in> stats`; `None` if the line starts with no prompt.
pub fn after_prompt(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("kg ")?;
    let end = rest.find('>')?;
    let name = rest[..end].strip_suffix('*').unwrap_or(&rest[..end]);
    let plain = !name.is_empty() && !name.contains(char::is_whitespace);
    plain.then(|| &rest[end + 1..])
}

/// Whether a screen line (trailing space trimmed) is a prompt with nothing typed.
pub fn is_prompt(line: &str) -> bool {
    after_prompt(line) == Some("")
}

impl Pty {
    /// Starts `kg ARGS...` in `cwd` with the environment described above, changed by
    /// `env`: `(NAME, Some(value))` sets a variable, `(NAME, None)` removes it.
    #[track_caller]
    pub fn spawn(cwd: &Path, env: &[(&str, Option<&Path>)], args: &[&str]) -> Pty {
        let scratch = TestDir::new("pty-home");
        // A wide terminal, so rustyline never wraps a long typed line: `stty` sets
        // the size of the terminal it runs in, then `exec` makes that shell kg.
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!(
                r#"stty cols {PTY_COLUMNS} rows 50 && exec "$0" "$@""#
            ))
            .arg(env!("CARGO_BIN_EXE_kg"))
            .args(args)
            .current_dir(cwd)
            .env("TERM", "xterm")
            .env("NO_COLOR", "1")
            .env("HOME", scratch.path.join("home"))
            .env("XDG_DATA_HOME", scratch.path.join("data"))
            // Long answers page on a terminal: `cat` shows them as printed
            // directly (tests/paging.rs sets a pager of its own).
            .env("PAGER", "cat")
            .env_remove("KG_HISTORY")
            .env_remove("RUST_BACKTRACE")
            .env_remove("COLUMNS")
            .env_remove("LINES");
        for (k, v) in env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        let shown: Vec<String> = args
            .iter()
            .map(|a| shell_word(&OsString::from(a)))
            .collect();
        let mut command = format!(
            "kg {} (in a terminal, cwd {})",
            shown.join(" "),
            cwd.display()
        );
        for (k, v) in env {
            let _ = match v {
                Some(v) => write!(command, " {k}={}", v.display()),
                None => write!(command, " -u {k}"),
            };
        }
        let ms = u64::try_from(PTY_TIMEOUT.as_millis()).expect("a short timeout");
        let session = rexpect::session::spawn_command(cmd, Some(ms))
            .unwrap_or_else(|e| panic!("cannot start {command}: {e}"));
        Pty {
            session,
            command,
            seen: String::new(),
            status: None,
        }
    }

    /// The screen so far, as a terminal would draw it.
    pub fn screen(&self) -> String {
        screen(&from_wire(&self.seen))
    }

    /// The screen's lines (trailing spaces trimmed).
    pub fn lines(&self) -> Vec<String> {
        self.screen().split('\n').map(str::to_string).collect()
    }

    /// The command, the screen so far and the raw text behind it, for failure messages.
    pub fn report(&self) -> String {
        self.failure("", "")
    }

    fn failure(&self, what: &str, pending: &str) -> String {
        let all = from_wire(&format!("{}{pending}", self.seen));
        format!(
            "{what}\ncommand: {}\n---- screen (a terminal's rendering of all kg wrote) ----\n{}\n---- raw, last 3000 bytes ----\n{:?}\n",
            self.command,
            screen(&all),
            tail(&all, 3000),
        )
    }

    /// Reads what kg wrote so far without waiting.
    fn read_available(&mut self) {
        while let Some(c) = self.session.try_read() {
            self.seen.push(c);
        }
    }

    /// Waits until the screen's lines satisfy `done`; `what` names it for failures.
    #[track_caller]
    pub fn wait_for(&mut self, what: &str, done: impl Fn(&[String]) -> bool) {
        let deadline = std::time::Instant::now() + PTY_TIMEOUT;
        loop {
            self.read_available();
            if done(&self.lines()) {
                return;
            }
            if std::time::Instant::now() > deadline {
                panic!(
                    "{}",
                    self.failure(
                        &format!("timed out after {PTY_TIMEOUT:?} waiting for {what}"),
                        ""
                    )
                );
            }
            if self.status.is_none() {
                use rexpect::process::WaitStatus;
                if let Some(WaitStatus::Exited(_, code)) = self.session.process().status() {
                    self.status = Some(code);
                    // Let the last output arrive, then look once more.
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    self.read_available();
                    if done(&self.lines()) {
                        return;
                    }
                    panic!(
                        "{}",
                        self.failure(
                            &format!("kg exited ({code}) while the test waited for {what}"),
                            ""
                        )
                    );
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// Waits until the line being edited (the screen's last line) reads exactly
    /// `line`, e.g. `kg built-in> path Kyodo` after a completion.
    #[track_caller]
    pub fn wait_line(&mut self, line: &str) {
        let want = line.trim_end();
        self.wait_for(&format!("the last line to read {want:?}"), |l| {
            l.last().map(String::as_str) == Some(want)
        });
    }

    /// How many lines of the screen hold something (an answer's output starts below).
    fn rows_used(&self) -> usize {
        let lines = self.lines();
        lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1)
    }

    /// Waits for a fresh prompt on a line below the first `rows` lines.
    #[track_caller]
    fn prompt_below(&mut self, rows: usize) {
        self.wait_for(&format!("a prompt below line {rows}"), |l| {
            l.len() > rows && l.last().is_some_and(|l| is_prompt(l))
        });
    }

    /// Waits for a prompt with nothing typed after it.
    #[track_caller]
    pub fn prompt(&mut self) {
        self.wait_for("a prompt", |l| l.last().is_some_and(|l| is_prompt(l)));
    }

    /// Types `line` and Enter, and waits for the next prompt; returns the screen
    /// lines in between: kg's answer (and any question it asked).
    #[track_caller]
    pub fn ask(&mut self, line: &str) -> String {
        self.read_available();
        let rows = self.rows_used();
        self.line(line);
        self.prompt_below(rows);
        let lines = self.lines();
        lines[rows..lines.len() - 1].join("\n")
    }

    /// Presses Ctrl-`key` and waits for the next prompt; returns the lines between.
    #[track_caller]
    pub fn ctrl_then_prompt(&mut self, key: char) -> String {
        self.read_available();
        let rows = self.rows_used();
        self.ctrl(key);
        self.prompt_below(rows);
        let lines = self.lines();
        lines[rows..lines.len() - 1].join("\n")
    }

    /// Waits for `needle` in kg's raw output (after what earlier waits consumed).
    #[track_caller]
    pub fn expect(&mut self, needle: &str) {
        match self.session.exp_string(&to_wire(needle)) {
            Ok(before) => {
                self.seen.push_str(&before);
                self.seen.push_str(&to_wire(needle));
            }
            Err(e) => {
                let pending = match &e {
                    rexpect::error::Error::Timeout { got, .. }
                    | rexpect::error::Error::EOF { got, .. } => got.clone(),
                    _ => String::new(),
                };
                let what = match e {
                    rexpect::error::Error::Timeout { .. } => {
                        format!("timed out after {PTY_TIMEOUT:?} waiting for {needle:?}")
                    }
                    rexpect::error::Error::EOF { .. } => {
                        format!("kg ended while the test waited for {needle:?}")
                    }
                    other => format!("waiting for {needle:?}: {other}"),
                };
                panic!("{}", self.failure(&what, &pending));
            }
        }
    }

    /// Types `keys` (no Enter).
    #[track_caller]
    pub fn keys(&mut self, keys: &str) {
        let sent = self.session.send(keys).and_then(|_| self.session.flush());
        if let Err(e) = sent {
            panic!(
                "{}",
                self.failure(&format!("cannot type {keys:?}: {e}"), "")
            );
        }
    }

    /// Types `line` and Enter.
    #[track_caller]
    pub fn line(&mut self, line: &str) {
        self.keys(&format!("{line}\r"));
    }

    /// Presses Ctrl and `key`, e.g. `ctrl('c')`.
    #[track_caller]
    pub fn ctrl(&mut self, key: char) {
        if let Err(e) = self.session.send_control(key) {
            panic!(
                "{}",
                self.failure(&format!("cannot press Ctrl-{key}: {e}"), "")
            );
        }
    }

    /// Waits for kg to exit; returns its exit status.
    #[track_caller]
    pub fn exit_status(&mut self) -> i32 {
        let deadline = std::time::Instant::now() + PTY_TIMEOUT;
        loop {
            use rexpect::process::WaitStatus;
            self.read_available();
            if let Some(code) = self.status {
                return code;
            }
            match self.session.process().status() {
                Some(WaitStatus::Exited(_, code)) => {
                    // Let the last output arrive.
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    self.status = Some(code);
                }
                Some(WaitStatus::Signaled(_, sig, _)) => {
                    panic!("{}", self.failure(&format!("kg was killed by {sig:?}"), ""))
                }
                _ if std::time::Instant::now() > deadline => {
                    panic!(
                        "{}",
                        self.failure(&format!("kg did not exit within {PTY_TIMEOUT:?}"), "")
                    )
                }
                _ => std::thread::sleep(std::time::Duration::from_millis(10)),
            }
        }
    }
}

fn tail(s: &str, n: usize) -> &str {
    let mut cut = s.len().saturating_sub(n);
    while !s.is_char_boundary(cut) {
        cut += 1;
    }
    &s[cut..]
}

/// What a terminal shows after receiving `raw`: carriage returns, cursor moves and
/// line erasures applied, escape sequences and bells dropped, trailing spaces
/// trimmed, lines never wrapped (so kg's long lines read as they were written).
/// Enough for what rustyline and kg write.
pub fn screen(raw: &str) -> String {
    let mut lines: Vec<Vec<char>> = vec![Vec::new()];
    let (mut row, mut col) = (0usize, 0usize);
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => col = 0,
            '\n' => {
                row += 1;
                if row == lines.len() {
                    lines.push(Vec::new());
                }
            }
            '\x07' => {}
            '\x08' => col = col.saturating_sub(1),
            '\x1b' => {
                if chars.peek() != Some(&'[') {
                    // A two-character escape (or an unterminated one): drop it.
                    chars.next();
                    continue;
                }
                chars.next();
                let mut params = String::new();
                let mut fin = None;
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        fin = Some(d);
                        break;
                    }
                    params.push(d);
                }
                let n = params.trim_start_matches('?').parse::<usize>().unwrap_or(0);
                let line = &mut lines[row];
                match fin {
                    Some('K') if n == 0 => line.truncate(col),
                    Some('K') if n == 2 => line.clear(),
                    Some('C') => col += n.max(1),
                    Some('D') => col = col.saturating_sub(n.max(1)),
                    Some('G') => col = n.max(1) - 1,
                    Some('A') => row = row.saturating_sub(n.max(1)),
                    Some('B') => {
                        row += n.max(1);
                        while lines.len() <= row {
                            lines.push(Vec::new());
                        }
                    }
                    Some('J') => {
                        lines[row].truncate(col);
                        lines.truncate(row + 1);
                    }
                    _ => {}
                }
            }
            c if c.is_control() && c != '\t' => {}
            c => {
                let line = &mut lines[row];
                while line.len() < col {
                    line.push(' ');
                }
                if col < line.len() {
                    line[col] = c;
                } else {
                    line.push(c);
                }
                col += 1;
            }
        }
    }
    let text: Vec<String> = lines
        .iter()
        .map(|l| l.iter().collect::<String>().trim_end().to_string())
        .collect();
    text.join("\n")
}

/// A test folder holding a copy of the seed graph as `g.json`.
pub fn seeded(name: &str) -> TestDir {
    let dir = TestDir::new(name);
    dir.create(
        "g.json",
        std::fs::read(root().join("graphs/russia-japan-2016.json")).expect("the seed graph"),
    );
    dir
}

/// A `side`×`side` grid graph as triples (`g{i}_{j}`, each linked to the right
/// and below): it has more shortest corner-to-corner routes than any query can
/// list in reasonable time.
pub fn grid_tsv(side: usize) -> String {
    let mut tsv = String::new();
    for i in 0..side {
        for j in 0..side {
            if i + 1 < side {
                tsv.push_str(&format!("g{i}_{j}\tr\tg{}_{j}\n", i + 1));
            }
            if j + 1 < side {
                tsv.push_str(&format!("g{i}_{j}\tr\tg{i}_{}\n", j + 1));
            }
        }
    }
    tsv
}

/// A scratch directory for one terminal session: `work/` is kg's working
/// directory, `history` its `KG_HISTORY`.
pub struct Desk {
    pub dir: TestDir,
}

impl Desk {
    pub fn new(name: &str) -> Desk {
        let dir = TestDir::new(name);
        std::fs::create_dir(dir.path.join("work")).expect("create work/");
        Desk { dir }
    }

    pub fn work(&self) -> PathBuf {
        self.dir.path.join("work")
    }

    pub fn history(&self) -> PathBuf {
        self.dir.path.join("history")
    }

    /// A copy of the seed graph in `work/`, as `name`.
    pub fn seed_copy(&self, name: &str) -> PathBuf {
        let p = self.work().join(name);
        std::fs::copy(root().join("graphs/russia-japan-2016.json"), &p)
            .expect("copy the seed graph");
        p
    }

    /// `kg ARGS...` at a terminal in `work/`, with `KG_HISTORY` set and
    /// `NO_COLOR=1`; waits for the first prompt.
    #[track_caller]
    pub fn start(&self, args: &[&str]) -> Pty {
        self.start_colored(false, args)
    }

    /// [`Desk::start`], with `NO_COLOR` removed when `color`.
    #[track_caller]
    pub fn start_colored(&self, color: bool, args: &[&str]) -> Pty {
        let history = self.history();
        let mut env: Vec<(&str, Option<&Path>)> = vec![("KG_HISTORY", Some(&history))];
        if color {
            env.push(("NO_COLOR", None));
        }
        let mut pty = Pty::spawn(&self.work(), &env, args);
        pty.prompt();
        pty
    }

    /// `kg ARGS...` without a terminal, in `work/`.
    pub fn command(&self) -> TestCommand {
        TestCommand::new().current_dir(self.work())
    }
}

/// The stdout of `kg ARGS...`, which must succeed quietly.
#[track_caller]
pub fn answer(args: &[&str]) -> String {
    let out = kg(args);
    out.success().stderr_is("");
    out.stdout
}
