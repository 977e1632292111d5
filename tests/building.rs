//! Starting a graph from nothing (issue 13): `kg init`, a REPL on a file that
//! does not exist yet, schema edits validated like files, and duplicate
//! declarations that name both places.

use serde_json::Value;

use crate::util::{kg, read, TestDir};

#[test]
fn init_writes_a_new_graph_and_never_overwrites() {
    let dir = TestDir::new("build-init");
    let out = dir.command().args(["init", "g.json"]).run();
    out.success().stdout_is(
        "created g.json: an empty graph with the news schema (6 entity types, 42 relation types); open it with kg --graph g.json\n",
    );
    let written = read(dir.path.join("g.json"));
    let stats: Value = dir
        .command()
        .args(["--graph", "g.json", "stats", "--format", "json"])
        .run()
        .json();
    assert_eq!(stats["entities"], 0);
    // The same bytes again are refused, and the file is as it was.
    let again = dir
        .command()
        .args(["init", "g.json", "--schema", "empty"])
        .run();
    again.failure().stdout_is("").stderr_is(
        "kg: error: g.json exists already; init never overwrites a file\n\
             kg: hint: open it with: kg --graph g.json; or give init another name\n",
    );
    assert_eq!(read(dir.path.join("g.json")), written);
    let empty = dir
        .command()
        .args(["init", "e.json", "--schema", "empty"])
        .run();
    empty.success();
    assert_eq!(
        read(dir.path.join("e.json")),
        "{\n  \"kg\": 1,\n  \"schema\": {}\n}\n"
    );
    let wrong = dir.command().args(["init", "g.tsv"]).run();
    wrong
        .failure()
        .stderr_is("kg: error: g.tsv: a graph file is kg JSON; give a name ending in .json\n");
    let schema = dir
        .command()
        .args(["init", "x.json", "--schema", "big"])
        .run();
    schema.code(2).stderr_has("possible values: news, empty");
}

#[test]
fn a_session_on_a_missing_file_starts_it_and_save_creates_it() {
    let dir = TestDir::new("build-missing");
    let out = dir
        .command()
        .args(["--graph", "new.json"])
        .run_with_stdin("add entity \"Shinzo Abe\" --type person\nadd entity \"Vladimir Putin\" --type person\nadd relation \"Shinzo Abe\" meets \"Vladimir Putin\"\nsave\n");
    out.success()
        .stderr_is("kg: note: new.json does not exist yet: a new graph with the news schema; save creates it\n")
        .stdout_has("added relation Shinzo Abe —meets→ Vladimir Putin\n")
        .stdout_has("saved 2 entities, 1 relations to new.json\n");
    dir.command()
        .args(["--graph", "new.json", "check"])
        .run()
        .success()
        .stdout_is("ok: new.json: 2 entities, 1 relations\n");
    // A command-line edit needs a file to change.
    let cli = dir
        .command()
        .args(["--graph", "none.json", "add", "entity", "X"])
        .run();
    cli.failure();
    assert!(!dir.path.join("none.json").exists());
}

#[test]
fn schema_edits_are_validated_like_files_and_undone() {
    let dir = TestDir::new("build-schema");
    dir.command()
        .args(["init", "g.json", "--schema", "empty"])
        .run()
        .success();
    let script = "\
add type person
add type country --description \"A sovereign state\"
add type person
add relation-type visits --from person --to country,cty --inverse \"visited by\" --cameo 042
add relation-type visits --from person --to country --inverse \"visited by\" --cameo 042
add relation-type meets --from person --to person --symmetric --inverse \"met by\"
add entity Abe --type person
add entity Russia --type country
add relation Abe visits Russia
remove relation-type visits
remove type person
remove type country
remove type persn
add type city
remove type city
save
";
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin(script);
    out.stdout_has("declared entity type 'person'\n")
        .stdout_has("declared relation type 'visits'\n")
        .stdout_has("removed entity type 'city'\n")
        .stderr_is(
            "kg: error: line 3: entity type 'person' is declared already\n\
             kg: error: line 4: relation type 'visits' names entity type 'cty', which the schema does not declare\n\
             kg: error: line 6: relation type 'meets' is symmetric, so it has no inverse label\n\
             kg: hint: drop \"inverse\", or make the type directed\n\
             kg: error: line 10: relation type 'visits' is in use: 1 relation is of that type\n\
             kg: hint: remove those relations first\n\
             kg: error: line 11: entity type 'person' is in use: 1 entity is of that type\n\
             kg: hint: remove those entities, or merge them into others, first\n\
             kg: error: line 12: entity type 'country' is in use: 1 entity is of that type\n\
             kg: hint: remove those entities, or merge them into others, first\n\
             kg: error: line 13: unknown entity type 'persn'\n\
             kg: hint: did you mean 'person'?\n",
        );
    let g: Value = serde_json::from_str(&read(dir.path.join("g.json"))).unwrap();
    let types: Vec<&str> = g["schema"]["entity_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["person", "country"], "city was removed");
    assert_eq!(g["schema"]["relation_types"][0]["codes"]["cameo"], "042");
    // The removed type is gone for edits too; undo brings it back.
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin("add type city\nremove type city\nadd entity Sochi --type city\nundo\nadd entity Sochi --type city\n");
    out.stderr_has("kg: error: line 3: entity type 'city' is not in the schema\n")
        .stdout_has("undid: removed entity type 'city'\nadded entity 'Sochi' (id sochi)\n");
}

#[test]
fn a_type_declared_twice_names_both_places() {
    let dir = TestDir::new("build-twice");
    let news = crate::util::root().join("graphs/schema/news.json");
    dir.create(
        "facts.json",
        "{\"schema\": {\"entity_types\": [\n  {\"id\": \"person\"}]},\n \"entities\": [{\"id\": \"abe\", \"type\": \"person\"}]}\n",
    );
    let out = dir
        .command()
        .args(["check".as_ref(), news.as_os_str(), "facts.json".as_ref()])
        .run();
    out.failure().stderr_has(&format!(
        "kg: error: facts.json:2:10: entity type 'person' is declared twice (first declared at {}:10:15)\n",
        news.display()
    ));
}

#[test]
fn the_news_schema_holds_the_seed_graphs_schema_and_codes_its_events() {
    let news: Value = serde_json::from_str(&read("graphs/schema/news.json")).unwrap();
    let seed: Value = serde_json::from_str(&read("graphs/russia-japan-2016.json")).unwrap();
    let all =
        |doc: &Value, key: &str| -> Vec<Value> { doc["schema"][key].as_array().unwrap().clone() };
    for key in ["entity_types", "relation_types"] {
        // The news schema adds extraction rules; the declarations are the same.
        let have: Vec<Value> = all(&news, key)
            .into_iter()
            .map(|mut t| {
                t.as_object_mut().unwrap().remove("extract");
                t
            })
            .collect();
        for t in all(&seed, key) {
            assert!(have.contains(&t), "the news schema lacks the seed's {t}");
        }
    }
    let ids: Vec<String> = all(&news, "entity_types")
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    for want in [
        "country",
        "person",
        "organisation",
        "city",
        "territory",
        "news_agency",
    ] {
        assert!(ids.iter().any(|i| i == want), "no entity type {want}");
    }
    let rels = all(&news, "relation_types");
    for want in [
        "head_of_state_of",
        "minister_of",
        "member_of",
        "spokesperson_of",
        "based_in",
        "capital_of",
        "part_of",
        "located_in",
        "visits",
        "hosts",
        "meets",
        "negotiates_with",
        "agrees_with",
        "signs_agreement_with",
        "cooperates_with",
        "appeals_to",
        "criticises",
        "accuses",
        "protests_to",
        "threatens",
        "sanctions",
        "military_buildup_in",
        "deploys_in",
        "opposes",
        "claims",
        "reports_on",
        "told",
        "quotes",
        "cites",
    ] {
        let t = rels
            .iter()
            .find(|t| t["id"] == want)
            .unwrap_or_else(|| panic!("no relation type {want}"));
        assert!(t["description"].is_string(), "{want} has no description");
        assert!(
            t["symmetric"] == true || t["inverse"].is_string(),
            "{want} reads one way only"
        );
    }
    // Each ICEWS name the schema gives is a relation of the ICEWS data.
    let icews = read("../shared/data/icews14/relation2id.txt");
    let names: Vec<&str> = icews.lines().filter_map(|l| l.split('\t').next()).collect();
    for t in &rels {
        if let Some(n) = t["codes"]["icews"].as_str() {
            assert!(
                names.contains(&n),
                "{}: '{n}' is not an ICEWS relation",
                t["id"]
            );
        }
    }
    kg(["check", "graphs/schema/news.json"]).success();
}

#[test]
fn a_schema_file_and_a_fact_file_keep_their_records() {
    let dir = TestDir::new("build-parts");
    for f in ["schema.json", "facts.json"] {
        dir.create(f, read(format!("tests/data/graphs/{f}")));
    }
    let graph = ["--graph", "schema.json", "--graph", "facts.json"];
    let schema_before = read(dir.path.join("schema.json"));
    let facts_before = read(dir.path.join("facts.json"));
    // Load and save, nothing changed: neither file is rewritten.
    let out = dir.command().args(graph).run_with_stdin("save\n");
    out.success().stdout_is(
        "saved 4 entities, 3 relations to schema.json (unchanged), facts.json (unchanged)\n",
    );
    assert_eq!(read(dir.path.join("facts.json")), facts_before);
    // Edits: the new records go to the fact file, the schema file stays as it is.
    let out = dir.command().args(graph).run_with_stdin(
        "add entity \"Taro Kono\" --type person --alias Kono\nadd relation Kono visits Tokyo --source news\nsave\n",
    );
    out.success().stdout_has(
        "saved 5 entities, 4 relations to schema.json (unchanged), facts.json (written)\n",
    );
    assert_eq!(read(dir.path.join("schema.json")), schema_before);
    let facts: Value = serde_json::from_str(&read(dir.path.join("facts.json"))).unwrap();
    assert!(
        facts.get("schema").is_none(),
        "no schema copied into the fact file"
    );
    assert_eq!(facts["entities"].as_array().unwrap().len(), 5);
    dir.command()
        .args(["check", "schema.json", "facts.json"])
        .run()
        .success()
        .stdout_is("ok: schema.json, facts.json: 5 entities, 4 relations\n");
    // The same through kg query and through one command-line edit.
    let requests = "{\"op\":\"add_entity\",\"name\":\"Yoko Kamikawa\",\"type\":\"person\"}\n{\"op\":\"save\"}\n";
    let out = dir
        .command()
        .args(graph)
        .arg("query")
        .run_with_stdin(requests);
    out.success().stdout_has("facts.json (written)");
    let out = dir
        .command()
        .args(graph)
        .args(["add", "type", "ministry"])
        .run();
    out.success()
        .stdout_is("declared entity type 'ministry'; saved 6 entities, 4 relations to schema.json (unchanged), facts.json (written)\n");
    assert_eq!(read(dir.path.join("schema.json")), schema_before);
    // --into names one of the files; a schema-only graph must be told.
    let out = dir
        .command()
        .args(graph)
        .run_with_stdin("add entity X\nsave --into other.json\nsave --into schema.json\n");
    out.stderr_has("kg: error: line 2: --into other.json: new records go to one of the graph's files (schema.json, facts.json)\n")
        .stdout_has("schema.json (written), facts.json (unchanged)");
    let only = TestDir::new("build-parts-schemas");
    only.create("a.json", r#"{"schema": {"entity_types": [{"id": "a"}]}}"#);
    only.create("b.json", r#"{"schema": {"entity_types": [{"id": "b"}]}}"#);
    let out = only
        .command()
        .args(["--graph", "a.json", "--graph", "b.json"])
        .run_with_stdin("add entity X --type a\nsave\n");
    out.stderr_has("kg: error: line 2: every file of this graph holds only a schema: say where the new records go\nkg: hint: save --into FILE.json (one of the graph's files)\n");
}
