//! The `kg` binary: parse arguments, run, report errors, exit with a status.

use std::io::{self, Write};
use std::process::ExitCode;

use kg::cli;

fn main() -> ExitCode {
    // Not locked for the whole run: a progress bar draws on stderr from other threads.
    // Messages quote names from the data; their control characters are shown, not obeyed.
    let mut err = kg::render::printable::Printable::new(io::stderr());
    let args = match cli::parse(&mut err) {
        Ok(args) => args,
        Err(status) => return ExitCode::from(status),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let (status, failed) = match cli::run(args, &mut out, &mut err) {
        Ok(code) => (code, false),
        Err(e) if is_broken_pipe(&e) => (0, true),
        Err(e) => {
            cli::report_error(&mut err, &e);
            (cli::exit_status(&e), true)
        }
    };
    // A reader that went away (`kg ... | head`) is not an error worth reporting,
    // and an error already reported (a full disk under stdout) is not reported
    // again by the last flush.
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe && !failed {
            let _ = writeln!(err, "kg: error: <stdout>: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::from(status)
}

fn is_broken_pipe(e: &kg::Error) -> bool {
    matches!(e, kg::Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}
