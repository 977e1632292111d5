//! Differential test of `kg query` against NetworkX on public datasets.
//!
//! `tests/oracle/networkx_diff.py` loads the same triple files into a networkx
//! MultiDiGraph, draws random path and neighbourhood requests with a fixed seed,
//! runs them through the built `kg` binary and compares path lengths and
//! neighbourhood node sets (see the script's docstring). The interpreter is the
//! one named by `KG_PYTHON`; `scripts/test.sh` sets it to a venv with networkx.
//! A missing interpreter, networkx or dataset is a failure, never a skip.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const HOW_TO_RUN: &str = "run it with scripts/test.sh, or by hand:\n    \
     python3 -m venv target/venv && target/venv/bin/pip install networkx==3.6.1\n    \
     KG_PYTHON=target/venv/bin/python cargo test --test tests oracle";

/// (file under ../shared/data, path requests, depth-1 and depth-2 neighbourhoods).
///
/// A neighbourhood answer also lists the relations among its entities, up to 10
/// per entity of `limit`; the script therefore asks with `limit` one above the
/// size networkx expects, which cannot cut a correct answer. FB15k-237 still gets
/// only a few depth-2 neighbourhoods: two hops from almost any of its entities
/// reach about 6,000 entities, some 20 MB of JSON and a second or more per answer.
const DATASETS: [(&str, usize, usize, usize); 3] = [
    ("wn18rr/train.txt", 1000, 500, 500),
    ("icews14/named/train.txt", 1000, 500, 500),
    ("fb15k-237/train.txt", 1000, 500, 5),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> PathBuf {
    match std::env::var_os("KG_PYTHON") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => panic!(
            "the networkx oracle test needs KG_PYTHON, a Python interpreter with networkx; \
             {HOW_TO_RUN}"
        ),
    }
}

fn check_networkx(python: &Path) {
    let out = Command::new(python)
        .args(["-c", "import networkx; print(networkx.__version__)"])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run KG_PYTHON={}: {e}; {HOW_TO_RUN}",
                python.display()
            )
        });
    assert!(
        out.status.success(),
        "KG_PYTHON={} cannot import networkx:\n{}\n{HOW_TO_RUN}",
        python.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn kg_query_agrees_with_networkx() {
    let python = python();
    check_networkx(&python);
    let data = root().join("../shared/data");
    let script = root().join("tests/oracle/networkx_diff.py");
    let mut cmd = Command::new(&python);
    cmd.arg(&script).arg(env!("CARGO_BIN_EXE_kg"));
    for (file, paths, depth1, depth2) in DATASETS {
        let path = data.join(file);
        assert!(
            path.is_file(),
            "the networkx oracle test needs the dataset {} (../shared/data beside the \
             repository); {HOW_TO_RUN}",
            path.display()
        );
        cmd.arg("--dataset").arg(&path);
        cmd.args([paths, depth1, depth2].map(|n| n.to_string()));
    }
    let started = Instant::now();
    let out = cmd.output().expect("run networkx_diff.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Shown with --nocapture, and in the failure message below.
    println!("{stdout}(oracle took {:.1?})", started.elapsed());
    assert!(
        out.status.success(),
        "kg disagrees with networkx (exit {}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(
        stdout.contains(", 0 mismatches") && stdout.contains("networkx oracle:"),
        "unexpected oracle output:\n{stdout}\n{stderr}"
    );
}
