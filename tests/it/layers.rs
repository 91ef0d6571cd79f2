//! The module stack, held by a test: each layer of `src/` imports only the layers below it,
//! and no two module files import each other in a circle.
//!
//! The layers (README, "Development", says what each holds):
//!
//! ```text
//! app       cli, serve, watch, check, scaffold, import, report, suggest
//! build     the kernel, full / check / incremental as its callers, output
//! publish   feeds, sitemaps, search index
//! render    the catalogue of pages, contexts, templates, minify
//! read      source discovery, front matter, Markdown, load
//! site      the model: articles, actors, tags, archive periods, routes
//! config    site.yaml and the site's layout
//! base      diagnostics, text hygiene, progress, YAML helpers, the spool, image variants
//! ```
//!
//! The scan reads every `crate::…` and `super::…` path outside comments and test modules
//! (a unit test may build its fixtures with a higher layer, as a crate's dev-dependency
//! could). A module file that uses an item of its own ancestor (`super::Thing` in
//! `render/pages.rs`) is part of that module, not an edge; every other path is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first, and the top-level modules of each.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "base",
        &[
            "diagnostics",
            "hygiene",
            "images",
            "progress",
            "spool",
            "yaml",
        ],
    ),
    ("config", &["config"]),
    ("site", &["model"]),
    ("read", &["source", "front_matter", "markdown", "load"]),
    ("render", &["render", "minify"]),
    ("publish", &["publish"]),
    ("build", &["build", "output"]),
    (
        "app",
        &[
            "cli", "serve", "watch", "check", "scaffold", "import", "report", "suggest",
        ],
    ),
];

/// A module by its path from the crate root: `["render", "pages"]`.
type Module = Vec<String>;

/// Every module file of `src/` (but the crate roots) and its text.
fn module_files(src: &Path) -> BTreeMap<Module, String> {
    let mut modules = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(src).unwrap().with_extension("");
        let mut module: Module = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if module.last().is_some_and(|last| last == "mod") {
            module.pop();
        }
        if module == ["lib"] || module == ["main"] {
            continue;
        }
        modules.insert(module, std::fs::read_to_string(path).unwrap());
    }
    modules
}

/// The text the scan reads: no comment lines, and nothing from the test module on (the
/// test module closes each file here).
fn code_of(text: &str) -> String {
    let end = text.find("#[cfg(test)]\nmod ").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path the code names after `crate::` or `super::`, as written from the
/// crate root, items included (`["model", "Site"]`); `crate::{a::X, b}` names `a::X` and `b`.
fn named_paths(module: &Module, code: &str) -> Vec<Module> {
    let start =
        regex::Regex::new(r"(?:^|[^\w:])((?:crate|super)(?:::(?:super|\w+))*)::(\{)?").unwrap();
    let mut paths = Vec::new();
    for found in start.captures_iter(code) {
        let mut base = resolve_prefix(module, &found[1]);
        if found.get(2).is_none() {
            // `crate::model::Site`: the last segment was taken as a module; it may be an item,
            // which resolution to the longest known module later ignores.
            let tail_start = found.get(0).unwrap().end();
            let tail: String = code[tail_start..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !tail.is_empty() {
                base.push(tail);
            }
            paths.push(base);
            continue;
        }
        let group_start = found.get(2).unwrap().end();
        for item in group_items(&code[group_start..]) {
            let mut path = base.clone();
            path.extend(
                item.split("::")
                    .map(|segment| segment.trim().to_owned())
                    .filter(|segment| !segment.is_empty() && segment != "self")
                    .take_while(|segment| !segment.starts_with('{')),
            );
            paths.push(path);
        }
    }
    paths
}

/// `crate::render`, `super::super::x` → the module path they start from.
fn resolve_prefix(module: &Module, prefix: &str) -> Module {
    let mut segments = prefix.split("::");
    let mut path: Module = match segments.next() {
        Some("crate") => Vec::new(),
        // `super` in `a/b.rs` (module a::b) is `a`.
        _ => module[..module.len().saturating_sub(1)].to_vec(),
    };
    for segment in segments {
        if segment == "super" {
            path.pop();
        } else {
            path.push(segment.to_owned());
        }
    }
    path
}

/// The top-level items of a `{…}` group, up to its closing brace: `a::X, b::{Y, Z}` gives
/// `a::X` and `b::{Y, Z}` (whose first segments are what matter).
fn group_items(text: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(String::new());
                continue;
            }
            _ => {}
        }
        items.last_mut().unwrap().push(c);
    }
    items.retain(|item| !item.trim().is_empty());
    items
}

/// The longest known module a path starts with.
fn module_of<'m>(path: &Module, modules: &'m BTreeSet<Module>) -> Option<&'m Module> {
    (1..=path.len())
        .rev()
        .find_map(|length| modules.get(&path[..length]))
}

/// Module file → the module files it imports (its own ancestors left out).
fn import_graph(files: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let known: BTreeSet<Module> = files.keys().cloned().collect();
    files
        .iter()
        .map(|(module, text)| {
            let imports = named_paths(module, &code_of(text))
                .iter()
                .filter_map(|path| module_of(path, &known))
                .filter(|target| *target != module && !module.starts_with(target))
                .cloned()
                .collect();
            (module.clone(), imports)
        })
        .collect()
}

fn layer_of(module: &Module) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, members)| members.contains(&module[0].as_str()))
}

fn name(module: &Module) -> String {
    module.join("::")
}

/// Every import that points up a layer, and every module in no layer.
fn upward_imports(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<String> {
    let mut problems = Vec::new();
    for (module, imports) in graph {
        let Some(layer) = layer_of(module) else {
            problems.push(format!(
                "{} is in no layer: add it to LAYERS (tests/it/layers.rs) and to README",
                name(module)
            ));
            continue;
        };
        for target in imports {
            let Some(target_layer) = layer_of(target) else {
                continue;
            };
            if target_layer > layer {
                problems.push(format!(
                    "{} ({}) imports {} ({}), a layer above it",
                    name(module),
                    LAYERS[layer].0,
                    name(target),
                    LAYERS[target_layer].0
                ));
            }
        }
    }
    problems
}

/// One cycle among the module files, as the modules along it, if there is any.
fn a_cycle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        module: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        marks: &mut BTreeMap<Module, Mark>,
        trail: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        match marks.get(module) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let from = trail.iter().position(|m| m == module).unwrap();
                let mut cycle = trail[from..].to_vec();
                cycle.push(module.clone());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(module.clone(), Mark::Open);
        trail.push(module.clone());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, marks, trail) {
                return Some(cycle);
            }
        }
        trail.pop();
        marks.insert(module.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|module| visit(module, graph, &mut marks, &mut Vec::new()))
}

#[test]
fn each_layer_imports_only_the_layers_below_it_and_no_module_file_imports_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = module_files(&src);
    assert!(files.len() > 50, "{} module files found", files.len());
    let graph = import_graph(&files);
    // The scan sees imports: the kernel reaches down to the renderer, the renderer to the model.
    let build = graph.get(&vec!["build".to_owned()]).unwrap();
    assert!(
        graph.values().map(BTreeSet::len).sum::<usize>() > 100,
        "too few imports found: {graph:?}"
    );
    assert!(!build.is_empty(), "build imports nothing? {build:?}");
    let problems = upward_imports(&graph);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    if let Some(cycle) = a_cycle(&graph) {
        let names: Vec<String> = cycle.iter().map(name).collect();
        panic!("module files import in a circle: {}", names.join(" → "));
    }
}

/// The scan on made-up files, so that a real upward import or cycle cannot slip past it.
fn graph_of(files: &[(&str, &str)]) -> BTreeMap<Module, BTreeSet<Module>> {
    let files = files
        .iter()
        .map(|(module, text)| {
            let module = module.split("::").map(str::to_owned).collect();
            (module, text.to_string())
        })
        .collect();
    import_graph(&files)
}

#[test]
fn the_scan_finds_an_upward_import_in_any_spelling() {
    for text in [
        "use crate::render::Renderer;\n",
        "use crate::{diagnostics::Diagnostic, render::{self, Renderer}};\n",
        "fn f() { let _ = crate::render::Renderer::new(); }\n",
        "use super::super::render;\n",
    ] {
        let graph = graph_of(&[
            ("model::article", text),
            ("render", ""),
            ("diagnostics", ""),
        ]);
        let problems = upward_imports(&graph);
        assert_eq!(problems.len(), 1, "{text}: {problems:?}");
        assert!(
            problems[0].contains("model::article (site) imports render (render)"),
            "{}",
            problems[0]
        );
    }
    // Comments, tests and the module's own parent are not imports.
    let graph = graph_of(&[
        (
            "model::article",
            "// see crate::render\nuse super::Site;\n#[cfg(test)]\nmod tests {\n    use crate::render;\n}\n",
        ),
        ("model", "pub mod article;\n"),
        ("render", ""),
    ]);
    assert_eq!(upward_imports(&graph), Vec::<String>::new());
    assert!(a_cycle(&graph).is_none());
}

#[test]
fn the_scan_finds_a_cycle_and_a_module_in_no_layer() {
    let graph = graph_of(&[
        ("render::actors", "use super::pages::Inputs;\n"),
        ("render::pages", "use crate::render::actors::ActorViews;\n"),
        ("render", ""),
    ]);
    let cycle: Vec<String> = a_cycle(&graph).unwrap().iter().map(name).collect();
    assert_eq!(
        cycle,
        ["render::actors", "render::pages", "render::actors"],
        "{cycle:?}"
    );
    let graph = graph_of(&[("utils", "use crate::model::Site;\n"), ("model", "")]);
    assert!(upward_imports(&graph)[0].contains("utils is in no layer"));
}
