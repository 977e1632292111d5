//! REPL sessions: the input's lines run one after the other in a REPL on the
//! built-in graph (`repl::Repl::execute`), as `kg < script` runs them: queries,
//! `add`, `remove`, `alias`, `merge`, `undo`, `format`, `help`. Lines that would
//! touch files or stdin (`save`, `load`, `dot`, `query`, `check`, `build`,
//! `export`, ...) are skipped. Never a panic; and after any sequence of edits the
//! graph saves as kg JSON that loads back to the same graph (an edit can never
//! leave a graph that `save` writes and kg then refuses).
#![no_main]

use kg::cli::Command;
use kg::render::Format;
use kg::repl::command::{parse, Line, Meta};
use kg::repl::Repl;
use kg::session::Session;
use libfuzzer_sys::fuzz_target;

fn allowed(line: &str) -> bool {
    match parse(line) {
        Ok(Line::Shared(cli)) => matches!(
            cli.command,
            Some(
                Command::Show(_)
                    | Command::Path(_)
                    | Command::Neighbours(_)
                    | Command::Stats
                    | Command::Add(_)
                    | Command::Remove(_)
                    | Command::Alias(_)
                    | Command::Merge(_)
            )
        ),
        Ok(Line::Meta(m)) => matches!(m, Meta::Help { .. } | Meta::Undo | Meta::Format { .. }),
        Ok(Line::Empty) | Err(_) => true,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut repl = Repl::new(Session::builtin(), Format::Text);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    for line in text.lines().take(32) {
        if !allowed(line) {
            continue;
        }
        repl.execute(line, &mut out, &mut err, &mut |_| false);
        out.clear();
        err.clear();
    }
    let g = repl.session.graph();
    let mut saved = Vec::new();
    kg::export::json::write(&mut saved, g).expect("writing to memory");
    let saved = String::from_utf8(saved).expect("kg JSON is UTF-8");
    let back = match kg::load::extend_json(&kg::KnowledgeGraph::new(), "saved.json", saved.clone())
    {
        Ok(b) => b,
        Err(e) => panic!("after these edits, the saved graph does not load: {e:?}\n{saved}"),
    };
    let (a, b) = (
        kg::export::json::graph_file(g),
        kg::export::json::graph_file(&back),
    );
    assert!(a == b, "the edited graph changed on a save and load");
});
