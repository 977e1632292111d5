//! REPL sessions over the whole grammar: up to 16 lines, each a command drawn
//! from `kg::command::SPECS` with arguments read off the clap tree (see
//! `kg_fuzz::grammar`) or raw text, run one after the other by
//! `repl::Repl::execute` on the built-in graph, as `kg < script` runs them.
//! Every command runs, no list decides which: queries, edits, undo, load, save,
//! check, query FILE, export, render, build, dot, format, help, quit. They run in
//! a sandbox folder holding fixtures, a symlink, a FIFO and a folder, with
//! Graphviz off PATH.
//!
//! Never a panic; after any sequence the graph saves as kg JSON that loads
//! back to the same graph (no command can leave a graph that `save` writes and
//! kg then refuses), its indexes equal ones built afresh, and undoing every edit
//! gives back the built-in graph byte for byte.
#![no_main]

use kg::render::Format;
use kg::repl::{Flow, Repl};
use kg::session::Session;
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kg_fuzz::grammar::sandbox("repl_edits");
    let mut u = Unstructured::new(data);
    let mut repl = Repl::new(Session::builtin(), Format::Text);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    for _ in 0..16 {
        if u.is_empty() {
            break;
        }
        let Ok(line) = kg_fuzz::grammar::line(&mut u) else {
            break;
        };
        let (flow, _) = repl.execute(&line, &mut out, &mut err);
        // KG_FUZZ_TRACE=1 with a crash file as input shows the session that led there.
        if std::env::var_os("KG_FUZZ_TRACE").is_some() {
            eprintln!(
                "kg> {line}\n{}{}",
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&err)
            );
        }
        out.clear();
        err.clear();
        if flow == Flow::Quit {
            break;
        }
    }
    let g = repl.session().graph();
    let mut saved = Vec::new();
    kg::export::json::write(&mut saved, g).expect("writing to memory");
    let saved = String::from_utf8(saved).expect("kg JSON is UTF-8");
    let back = match kg::load::extend_json(&kg::KnowledgeGraph::new(), "saved.json", saved.clone())
    {
        Ok(b) => b,
        Err(e) => panic!("after these commands, the saved graph does not load: {e:?}\n{saved}"),
    };
    let (a, b) = (
        kg::export::json::graph_file(g),
        kg::export::json::graph_file(&back),
    );
    assert!(a == b, "the graph changed on a save and load");
    if let Err(why) = g.verify_indexes() {
        panic!("after these commands, {why}");
    }
    // Sixteen lines make fewer edits than undo keeps: taking them all back
    // must give the built-in graph again, byte for byte.
    let session = repl.ctx.session().expect("the REPL's session is open");
    while session.undo().is_ok() {}
    let mut undone = Vec::new();
    kg::export::json::write(&mut undone, session.graph()).expect("writing to memory");
    let mut builtin = Vec::new();
    kg::export::json::write(&mut builtin, &kg::load::builtin()).expect("writing to memory");
    assert!(undone == builtin, "undoing every edit did not give the built-in graph back");
});
