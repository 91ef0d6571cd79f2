//! Every feed is valid Atom: the rules of RFC 4287's schema (which elements, how many of
//! each, dates, text types, absolute ids), checked on a tree of the feed. `feed-rs`, used by
//! the other feed tests, parses leniently and would take a feed that breaks them.

use std::collections::HashSet;

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use crate::harness::{SiteTest, files_under};

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// An element: its namespace, local name, attributes and children (text joined).
#[derive(Debug, Default)]
struct Element {
    namespace: String,
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        let found = self.attributes.iter().find(|(n, _)| n == name);
        found.map(|(_, v)| v.as_str())
    }

    fn atom_children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        let atom = self.children.iter().filter(|c| c.namespace == ATOM);
        atom.filter(move |c| c.name == name)
    }

    fn count(&self, name: &str) -> usize {
        self.atom_children(name).count()
    }
}

/// Parses `xml` into a tree, resolving the default and prefixed namespaces.
fn parse(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<(Element, Vec<(String, String)>)> = Vec::new();
    let mut scopes: Vec<Vec<(String, String)>> = vec![vec![]];
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not XML: {e}"));
        match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                let mut declared = scopes.last().unwrap().clone();
                let mut attributes = Vec::new();
                for attribute in tag.attributes() {
                    let attribute = attribute.unwrap();
                    let key: String = attribute.key.as_ref().to_owned();
                    let value = attribute
                        .normalized_value(XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned();
                    if key == "xmlns" {
                        declared.push((String::new(), value));
                    } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                        declared.push((prefix.to_owned(), value));
                    } else {
                        attributes.push((key, value));
                    }
                }
                let qname: String = tag.name().as_ref().to_owned();
                let (prefix, name) = qname.split_once(':').unwrap_or(("", &qname));
                let namespace = declared
                    .iter()
                    .rev()
                    .find(|(p, _)| p == prefix)
                    .map(|(_, ns)| ns.clone())
                    .unwrap_or_default();
                let element = Element {
                    namespace,
                    name: name.to_owned(),
                    attributes,
                    ..Element::default()
                };
                if matches!(event, Event::Empty(_)) {
                    stack.last_mut().expect("one root").0.children.push(element);
                } else {
                    scopes.push(declared.clone());
                    stack.push((element, declared));
                }
            }
            Event::End(_) => {
                scopes.pop();
                let (element, _) = stack.pop().unwrap();
                match stack.last_mut() {
                    Some((parent, _)) => parent.children.push(element),
                    None => return element,
                }
            }
            Event::Text(text) => {
                if let Some((element, _)) = stack.last_mut() {
                    element.text.push_str(&text.xml10_content());
                }
            }
            // `&lt;` and `&#39;` arrive as references of their own.
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&reference.xml10_content())
                        .unwrap_or_else(|| panic!("unknown entity {reference:?}"))
                        .to_owned(),
                };
                if let Some((element, _)) = stack.last_mut() {
                    element.text.push_str(&resolved);
                }
            }
            Event::CData(text) => {
                if let Some((element, _)) = stack.last_mut() {
                    element.text.push_str(&text.xml10_content());
                }
            }
            Event::Eof => panic!("the document ended inside an element"),
            _ => {}
        }
    }
}

/// RFC 3339 date-time, as atomDateConstruct requires.
fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        range
            .clone()
            .all(|i| b.get(i).is_some_and(u8::is_ascii_digit))
    };
    let zone = &text[text.len().min(19)..];
    let zone = zone
        .strip_prefix('.')
        .map_or(zone, |z| z.trim_start_matches(|c: char| c.is_ascii_digit()));
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && (zone == "Z"
            || (zone.len() == 6
                && matches!(&zone[..1], "+" | "-")
                && zone[1..3].bytes().all(|c| c.is_ascii_digit())
                && &zone[3..4] == ":"
                && zone[4..].bytes().all(|c| c.is_ascii_digit())))
}

fn is_absolute_iri(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.is_empty()
    })
}

/// The problems of one feed, by RFC 4287's rules.
fn atom_problems(feed: &Element) -> Vec<String> {
    let mut problems = Vec::new();
    let mut say = |problem: String| problems.push(problem);
    if feed.namespace != ATOM || feed.name != "feed" {
        say(format!(
            "the root is {{{}}}{}, not atom:feed",
            feed.namespace, feed.name
        ));
        return problems;
    }
    const FEED: &[&str] = &[
        "author",
        "category",
        "contributor",
        "generator",
        "icon",
        "id",
        "link",
        "logo",
        "rights",
        "subtitle",
        "title",
        "updated",
        "entry",
    ];
    const ENTRY: &[&str] = &[
        "author",
        "category",
        "content",
        "contributor",
        "id",
        "link",
        "published",
        "rights",
        "source",
        "summary",
        "title",
        "updated",
    ];
    let entries: Vec<&Element> = feed.atom_children("entry").collect();
    check_children(
        feed,
        "feed",
        FEED,
        &["id", "title", "updated"],
        &["generator", "icon", "logo", "rights", "subtitle"],
        &mut say,
    );
    if feed.count("author") == 0 && entries.iter().any(|e| e.count("author") == 0) {
        say("the feed has no author, nor does every entry".into());
    }
    let mut ids = HashSet::new();
    for entry in &entries {
        check_children(
            entry,
            "entry",
            ENTRY,
            &["id", "title", "updated"],
            &["content", "published", "rights", "source", "summary"],
            &mut say,
        );
        let id = entry
            .atom_children("id")
            .next()
            .map(|i| i.text.trim().to_owned())
            .unwrap_or_default();
        if !ids.insert(id.clone()) {
            say(format!("two entries have the id {id}"));
        }
        let alternate = entry
            .atom_children("link")
            .any(|l| l.attribute("rel").is_none_or(|r| r == "alternate"));
        if entry.count("content") == 0 && !alternate {
            say(format!("entry {id}: no content and no alternate link"));
        }
    }
    problems
}

/// Checks an element's Atom children: only `allowed`, exactly one of each `once`, at most one
/// of each `optional`; and the rules of each child's construct.
fn check_children(
    parent: &Element,
    what: &str,
    allowed: &[&str],
    once: &[&str],
    optional: &[&str],
    say: &mut impl FnMut(String),
) {
    for child in parent.children.iter().filter(|c| c.namespace == ATOM) {
        if !allowed.contains(&child.name.as_str()) {
            say(format!("{what}: atom:{} is not allowed here", child.name));
        }
        check_construct(child, what, say);
    }
    for name in once {
        if parent.count(name) != 1 {
            say(format!(
                "{what}: {} atom:{name}, where exactly one is needed",
                parent.count(name)
            ));
        }
    }
    for name in optional {
        if parent.count(name) > 1 {
            say(format!(
                "{what}: {} atom:{name}, where at most one is allowed",
                parent.count(name)
            ));
        }
    }
    let mut alternates = HashSet::new();
    for link in parent.atom_children("link") {
        if link.attribute("rel").is_none_or(|r| r == "alternate") {
            let key = (
                link.attribute("type").map(str::to_owned),
                link.attribute("hreflang").map(str::to_owned),
            );
            if !alternates.insert(key) {
                say(format!(
                    "{what}: two alternate links of one type and language"
                ));
            }
        }
    }
}

fn check_construct(element: &Element, what: &str, say: &mut impl FnMut(String)) {
    let name = element.name.as_str();
    match name {
        "updated" | "published" if !is_date_time(element.text.trim()) => say(format!(
            "{what}: atom:{name} `{}` is not an RFC 3339 date-time",
            element.text
        )),
        "title" | "subtitle" | "summary" | "rights" => {
            let kind = element.attribute("type").unwrap_or("text");
            if !matches!(kind, "text" | "html" | "xhtml") {
                say(format!("{what}: atom:{name} has type `{kind}`"));
            }
        }
        "id" if !is_absolute_iri(element.text.trim()) => say(format!(
            "{what}: atom:id `{}` is not an absolute IRI",
            element.text
        )),
        "link" if element.attribute("href").is_none() => {
            say(format!("{what}: a link without href"))
        }
        "category" => {
            if element.attribute("term").is_none_or(str::is_empty) {
                say(format!("{what}: a category without term"));
            }
            if element
                .attribute("scheme")
                .is_some_and(|s| !is_absolute_iri(s))
            {
                say(format!("{what}: a category scheme that is not an IRI"));
            }
        }
        "author" | "contributor" => {
            if element.count("name") != 1 || element.count("uri") > 1 || element.count("email") > 1
            {
                say(format!(
                    "{what}: atom:{name} needs one name, at most one uri and email"
                ));
            }
            if let Some(uri) = element.atom_children("uri").next()
                && !is_absolute_iri(uri.text.trim())
            {
                say(format!(
                    "{what}: atom:{name} uri `{}` is not an IRI",
                    uri.text
                ));
            }
        }
        _ => {}
    }
}

#[test]
fn the_checker_finds_what_breaks_the_schema() {
    let good = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>https://e.org/</id><title>T</title>\
                <updated>2024-01-01T00:00:00Z</updated><author><name>A</name></author>\
                <entry><id>https://e.org/a</id><title>A</title><updated>2024-01-01T00:00:00+01:00</updated>\
                <link href=\"https://e.org/a\"/></entry></feed>";
    assert_eq!(atom_problems(&parse(good)), Vec::<String>::new());
    for (broken, expected) in [
        (good.replace("<title>T</title>", ""), "feed: 0 atom:title"),
        (
            good.replace("2024-01-01T00:00:00Z", "2024-01-01"),
            "not an RFC 3339",
        ),
        (
            good.replace("<id>https://e.org/a</id>", "<id>a</id>"),
            "not an absolute IRI",
        ),
        (
            good.replace("<author><name>A</name></author>", ""),
            "no author",
        ),
        (
            good.replace("<link href=\"https://e.org/a\"/>", ""),
            "no content and no alternate",
        ),
        (
            good.replace("<title>A</title>", "<title type=\"markdown\">A</title>"),
            "type `markdown`",
        ),
        (
            good.replace("</entry>", "<summary/><summary/></entry>"),
            "at most one",
        ),
        (
            good.replace("</entry>", "<tag/></entry>"),
            "atom:tag is not allowed",
        ),
    ] {
        let problems = atom_problems(&parse(&broken)).join("\n");
        assert!(problems.contains(expected), "{expected}: {problems}");
    }
}

#[test]
fn every_feed_of_the_demo_is_valid_atom() {
    let built = SiteTest::demo().build_ok();
    let feeds: Vec<_> = files_under(&built.output)
        .into_iter()
        .filter(|(path, _)| path.file_name().is_some_and(|n| n == "atom.xml"))
        .collect();
    assert!(feeds.len() > 20, "{} feeds", feeds.len());
    for (path, bytes) in feeds {
        let feed = parse(&String::from_utf8(bytes).unwrap());
        let problems = atom_problems(&feed);
        assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
        assert!(feed.count("entry") > 0, "{}", path.display());
    }
}
