//! The pipeline's stages depend one way (load → facts → writers, the model below them all): read from
//! the source, every `crate::…` path a module's code names (comments aside; `crate::{a, b}` groups
//! included) is an edge of the module graph, and the graph among the book-making modules has no
//! cycle. The modules reach one another only through `crate::` paths (a `super::` path stays inside
//! its module), so that is what is read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level modules (`crate::NAME`) the code of `path` (a file, or a folder read whole) names.
fn imports(path: &Path, out: &mut BTreeSet<String>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            imports(&entry.unwrap().path(), out);
        }
        return;
    }
    if path.extension().is_none_or(|e| e != "rs") {
        return;
    }
    let text = std::fs::read_to_string(path).unwrap();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            // `crate::{config, facts::Fact}` names each module of the group.
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
                None => vec![rest],
            };
            for name in names {
                let name: String = name
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
}

fn graph(modules: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    modules
        .iter()
        .map(|m| {
            let mut found = BTreeSet::new();
            let dir = src.join(m);
            let path = if dir.is_dir() {
                dir
            } else {
                src.join(format!("{m}.rs"))
            };
            assert!(path.exists(), "{} is missing", path.display());
            imports(&path, &mut found);
            found.remove(*m);
            found.retain(|f| modules.contains(&f.as_str()));
            (m.to_string(), found)
        })
        .collect()
}

/// A cycle in `g`, if there is one (as the path that closes it).
fn cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == n) {
            let mut c = path[at..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for next in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(next, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|n| visit(n, g, &mut Vec::new(), &mut done))
}

#[test]
fn load_model_config_and_facts_form_no_cycle() {
    let g = graph(&["load", "model", "config", "facts", "error", "pipeline"]);
    assert_eq!(cycle(&g), None, "module graph: {g:?}");
    // The model imports no stage; loading does not run the facts stage, nor do facts read the loader.
    assert!(g["model"].is_empty(), "model imports {:?}", g["model"]);
    assert!(!g["load"].contains("facts"), "{g:?}");
    assert!(!g["facts"].contains("load"), "{g:?}");
    assert!(
        !g["config"].contains("load") && !g["config"].contains("facts"),
        "{g:?}"
    );
    // Only the pipeline puts the stages together.
    assert!(g["pipeline"].contains("load") && g["pipeline"].contains("facts"));
}

#[test]
fn the_checker_sees_a_cycle() {
    let g: BTreeMap<String, BTreeSet<String>> =
        [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"])]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
            .collect();
    assert_eq!(
        cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

#[test]
fn the_writers_import_no_loader() {
    let g = graph(&["load", "facts", "epub", "pdf", "text", "model"]);
    for writer in ["epub", "pdf", "text"] {
        assert!(!g[writer].contains("load"), "{writer}: {:?}", g[writer]);
    }
    // The text engine is below the stages: it reads neither facts nor the loader.
    assert!(!g["text"].contains("facts"), "{g:?}");
}
