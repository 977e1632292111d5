//! The JSON Lines contract in docs/ is the grammar's: `docs/schema/request.schema.json`
//! and the op table of `docs/json.md` are regenerated from `kg::command` and
//! must equal the files. After changing a command, `KG_BLESS=1 cargo test
//! contract` rewrites them (and the diff shows what the contract gained).

use ::kg::command::contract;

use crate::util::root;

const BEGIN: &str = "<!-- ops: generated from the grammar by tests/contract.rs -->\n";
const END: &str = "<!-- ops: end -->";

fn bless() -> bool {
    std::env::var_os("KG_BLESS").is_some_and(|v| !v.is_empty())
}

#[test]
fn the_request_schema_is_the_grammars() {
    let path = root().join("docs/schema/request.schema.json");
    let want = format!(
        "{}\n",
        serde_json::to_string_pretty(&contract::request_schema()).unwrap()
    );
    if bless() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap();
    assert!(
        have == want,
        "docs/schema/request.schema.json is not what the grammar says (KG_BLESS=1 cargo test contract rewrites it):\n{}",
        crate::util::diff(&want, &have)
    );
}

#[test]
fn the_op_table_of_docs_json_md_is_the_grammars() {
    let path = root().join("docs/json.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (Some(a), Some(b)) = (text.find(BEGIN), text.find(END)) else {
        panic!("docs/json.md lacks the markers {BEGIN:?} … {END:?}");
    };
    let table = contract::op_table();
    let have = &text[a + BEGIN.len()..b];
    if bless() && have != table {
        let new = format!("{}{BEGIN}{table}{}", &text[..a], &text[b..]);
        std::fs::write(&path, new).unwrap();
        return;
    }
    assert!(
        have == table,
        "the op table of docs/json.md is not what the grammar says (KG_BLESS=1 cargo test contract rewrites it):\n{}",
        crate::util::diff(&table, have)
    );
}
