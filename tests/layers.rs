//! The crate's modules form one strict stack, and this test keeps it so.
//!
//! From the top: the wasm edge (`web`), the router (`engine`, `protocol`),
//! the labs (every top-level folder with a `lab.rs`, its front door), the
//! shared runtime, the kernel, and at the bottom the words and the host
//! interface everything may use. A module may name its own layer or any
//! below it; a lab never names another lab; and the graph of top-level
//! modules has no circle. A new module must be placed in a layer here (a new
//! lab is found by its `lab.rs`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers that are not labs, top first; labs sit between the router
/// and the runtime.
const EDGE: &[&str] = &["web"];
const ROUTER: &[&str] = &["engine", "protocol"];
const RUNTIME: &[&str] = &["call", "lab", "slot"];
const KERNEL: &[&str] = &[
    "backend",
    "readback",
    "models",
    "tokenize",
    "corpus",
    "inspection",
    "optimizer",
    "limits",
    "model_file",
    "rng",
    "reference",
    "sampling",
    "slice",
    "windows",
];
const WORDS: &[&str] = &["host", "wire"];

fn src() -> PathBuf {
    common::root().join("src")
}

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules `lib.rs` declares.
fn modules() -> Vec<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_owned())
        .collect()
}

/// The top-level module a file belongs to (`None` for lib.rs and bins).
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    match first.strip_suffix(".rs") {
        Some("lib") => None,
        Some(name) => Some(name.to_owned()),
        None if first == "bin" => None,
        None => Some(first),
    }
}

/// A file without its test modules: tests drive a lab through the engine,
/// which the lab's own code must not name.
fn built_code(text: &str) -> String {
    let mut kept = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let opens_tests = line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.contains("mod ") && next.ends_with('{'));
        if opens_tests {
            // Skip to the module's closing brace at the start of a line.
            for inner in lines.by_ref() {
                if inner == "}" {
                    break;
                }
            }
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// The top-level modules each module names through `crate::`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let known: BTreeSet<String> = modules().into_iter().collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut all = Vec::new();
    files(&src(), &mut all);
    for file in all {
        let Some(from) = module_of(&file) else {
            continue;
        };
        if file.ends_with("engine_tests.rs") {
            continue;
        }
        let text = built_code(&std::fs::read_to_string(&file).unwrap());
        let named = edges.entry(from.clone()).or_default();
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            let groups: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group[..group.find('}').unwrap_or(0)].split(',').collect(),
                None => vec![rest],
            };
            for item in groups {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name != from && known.contains(&name) {
                    named.insert(name);
                }
            }
        }
    }
    edges
}

/// Each module's layer, 0 at the top; labs share one.
fn layers() -> BTreeMap<String, usize> {
    let mut layer = BTreeMap::new();
    for module in modules() {
        let is_lab = src().join(&module).join("lab.rs").exists();
        let found = [EDGE, ROUTER, &[], RUNTIME, KERNEL, WORDS]
            .iter()
            .position(|l| l.contains(&module.as_str()));
        let at = match (is_lab, found) {
            (true, None) => 2,
            (false, Some(at)) => at,
            (true, Some(_)) => panic!("`{module}` has a lab.rs but is listed as a layer here"),
            (false, None) => panic!(
                "module `{module}` is in no layer: add it to tests/layers.rs, \
                 or give a lab folder its lab.rs"
            ),
        };
        layer.insert(module, at);
    }
    layer
}

#[test]
fn every_module_names_only_its_layer_or_below_and_labs_not_each_other() {
    let layer = layers();
    let mut wrong = Vec::new();
    for (from, named) in graph() {
        for to in named {
            let (a, b) = (layer[&from], layer[&to]);
            if b < a || (a == 2 && b == 2) {
                wrong.push(format!("{from} (layer {a}) names {to} (layer {b})"));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

/// A circle in `graph`, if there is one, as the path that closes it.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // Depth-first search; a module met again on the current path closes a circle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_module_graph_has_no_circle() {
    if let Some(circle) = find_circle(&graph()) {
        panic!("import circle: {}", circle.join(" -> "));
    }
}

#[test]
fn the_checks_see_what_they_look_for() {
    // The reader finds `crate::` paths, grouped ones included.
    let graph = graph();
    assert!(
        graph["protocol"].contains("vision"),
        "{:?}",
        graph["protocol"]
    );
    assert!(
        !graph["vision"].contains("engine"),
        "test modules are not built code"
    );
    assert!(graph["slice"].contains("readback"));
    // The search finds a circle of three.
    let edge = |a: &str, b: &str| (a.to_owned(), BTreeSet::from([b.to_owned()]));
    let circle = BTreeMap::from([edge("a", "b"), edge("b", "c"), edge("c", "a")]);
    assert_eq!(find_circle(&circle).map(|c| c.len()), Some(4));
    let line = BTreeMap::from([edge("a", "b"), edge("b", "c")]);
    assert_eq!(find_circle(&line), None);
}
