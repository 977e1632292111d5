//! No front end lets the data write to the terminal (issue 12, item 12): on a
//! graph whose every name holds terminal escapes, read from a file whose name
//! holds them too, every example of every command is run on the command line,
//! in the REPL and through kg query, and no output carries an ESC or BEL byte.

use ::kg::command::{json::request_of, SPECS};

use crate::util::{root, TestDir};

const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[31m";

#[test]
fn no_front_end_lets_names_or_file_names_drive_the_terminal() {
    let dir = TestDir::new("sanitised");
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("graphs/russia-japan-2016.json")).unwrap(),
    )
    .unwrap();
    for e in doc["entities"].as_array_mut().unwrap() {
        let name = e["name"].as_str().unwrap().to_string();
        e["name"] = format!("{name}{HOSTILE}").into();
    }
    for s in doc["sources"].as_array_mut().unwrap() {
        s["title"] = format!("title{HOSTILE}").into();
    }
    let file = format!("g{HOSTILE}.json");
    dir.create(&file, doc.to_string());
    std::fs::create_dir_all(dir.path.join("graphs")).unwrap();
    dir.create("graphs/russia-japan-2016.json", doc.to_string());
    dir.create("requests.jsonl", "{\"op\": \"stats\"}\n");
    dir.create(
        "kishida.json",
        "{\"entities\": [{\"id\": \"suga\", \"name\": \"Suga\"}]}\n",
    );

    let lines: Vec<&str> = SPECS
        .iter()
        .flat_map(|s| s.examples.iter().copied())
        .collect();
    let bad = |what: &str, text: &str| {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{what} let an escape through:\n{text:?}"
        );
    };
    for line in &lines {
        let words: Vec<String> = ::kg::repl::words::split(line)
            .unwrap()
            .into_iter()
            .map(|w| w.text)
            .collect();
        let out = dir.command().arg("--graph").arg(&file).args(&words).run();
        // Exports write data, not text for people: DOT and JSON are checked by their readers.
        if !line.starts_with("export") {
            bad(&format!("kg {line} (stdout)"), &out.stdout);
        }
        bad(&format!("kg {line} (stderr)"), &out.stderr);
        // A missing file named with escapes, too.
        let out = dir
            .command()
            .args(["--graph", &format!("missing{HOSTILE}.json")])
            .args(&words)
            .run();
        bad(&format!("kg {line} on a missing file"), &out.stderr);
    }
    let script: String = lines
        .iter()
        .filter(|l| !l.starts_with("export"))
        .map(|l| format!("{l}\n"))
        .collect();
    let out = dir
        .command()
        .arg("--graph")
        .arg(&file)
        .run_with_stdin(script);
    bad("the REPL (stdout)", &out.stdout);
    bad("the REPL (stderr)", &out.stderr);
    let batch: String = lines
        .iter()
        .map(|l| {
            let words: Vec<String> = ::kg::repl::words::split(l)
                .unwrap()
                .into_iter()
                .map(|w| w.text)
                .collect();
            format!("{}\n", request_of(&words).unwrap())
        })
        .collect();
    let out = dir
        .command()
        .arg("--graph")
        .arg(&file)
        .arg("query")
        .run_with_stdin(batch);
    bad("kg query (stdout)", &out.stdout);
    bad("kg query (stderr)", &out.stderr);
}
