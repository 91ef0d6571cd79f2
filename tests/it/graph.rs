//! The actors index's graph of who is covered with whom (issue 22, "Show it"): inline SVG of
//! the most covered actors, links to their pages, and a table of the pairs for screen readers.

use crate::harness::{SiteTest, broken_links};

/// France, Lavrov, the UN and Procter & Gamble, covered together in various pairs; Zed Alone
/// is covered, but never with anyone.
fn newsroom() -> SiteTest {
    SiteTest::new()
        .write(
            "content/actors/serguei-lavrov.md",
            "---\nname: Sergueï Lavrov\nkind: person\naliases: [Lavrov]\n---\n",
        )
        .write(
            "content/actors/onu.md",
            "---\nname: Organisation des Nations unies\nkind: organisation\naliases: [ONU]\n---\n",
        )
        .write(
            "content/actors/france.md",
            "---\nname: France\nkind: country\n---\n",
        )
        .article(
            "a.md",
            "title: A\ndate: 2020-01-01\nactors: [Sergueï Lavrov, ONU]",
            "Lavrov à l’ONU.\n",
        )
        .article(
            "b.md",
            "title: B\ndate: 2020-02-01\nactors: [France]",
            "La France reçoit Lavrov.\n",
        )
        .article(
            "c.md",
            "title: C\ndate: 2020-03-01\nactors: [Lavrov, France, Procter & Gamble]",
            "Texte.\n",
        )
        .article(
            "d.md",
            "title: D\ndate: 2020-04-01\nactors: [Zed Alone]",
            "Personne d’autre.\n",
        )
}

/// The part of `page` from `start` to the first `end` after it.
fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {page}"));
    let to = from + start.len() + page[from + start.len()..].find(end).unwrap();
    &page[from..to]
}

/// The numbers of every `name=…` attribute in `svg`, quoted or not; there must be some.
fn numbers(svg: &str, name: &str) -> Vec<f64> {
    let values: Vec<f64> = svg
        .split(&format!(" {name}="))
        .skip(1)
        .map(|rest| {
            let value = rest.trim_start_matches('"');
            let end = value.find(['"', ' ', '>']).unwrap();
            value[..end].parse().unwrap()
        })
        .collect();
    assert!(!values.is_empty(), "no {name} in {svg}");
    values
}

#[test]
fn the_actors_index_draws_who_is_covered_with_whom() {
    let built = newsroom().build_ok();
    let page = built.page("/actors/");
    let svg = between(&page, "<svg", "</svg>");
    assert!(svg.contains("aria-labelledby=\"graph-title\""), "{svg}");
    assert!(svg.contains("<title id=\"graph-title\">Who is covered with whom</title>"));
    // Every actor covered with another is a dot linking to its page; Zed Alone is not drawn.
    for slug in ["serguei-lavrov", "france", "onu", "procter-gamble"] {
        assert!(
            svg.contains(&format!("<a href=\"/actors/{slug}/\">")),
            "{slug}: {svg}"
        );
    }
    assert!(!svg.contains("zed-alone"));
    assert_eq!(svg.matches("<circle").count(), 4);
    // Names are escaped like any text.
    assert!(
        svg.contains("Procter &amp;") && !svg.contains("Procter & "),
        "{svg}"
    );
    // Everything lies inside the viewBox.
    let view: Vec<f64> = between(svg, "viewBox=\"", "\"")["viewBox=\"".len()..]
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let (width, height) = (view[2], view[3]);
    for (name, limit) in [("cx", width), ("x", width), ("x1", width), ("x2", width)] {
        assert!(
            numbers(svg, name)
                .iter()
                .all(|&v| (0.0..=limit).contains(&v)),
            "{name}"
        );
    }
    for (name, limit) in [
        ("cy", height),
        ("y", height),
        ("y1", height),
        ("y2", height),
    ] {
        assert!(
            numbers(svg, name)
                .iter()
                .all(|&v| (0.0..=limit).contains(&v)),
            "{name}"
        );
    }
    // Lavrov and France share b and c: the strongest line, the first row of the table.
    let table = between(&page, "<details class=\"graph-data\">", "</details>");
    let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), svg.matches("<line").count(), "a row per line");
    assert!(
        rows[0].starts_with(
            "<td><a href=\"/actors/france/\">France</a></td><td><a href=\"/actors/serguei-lavrov/\">Sergueï Lavrov</a></td><td>2</td>"
        ),
        "{table}"
    );
    assert!(table.contains("<th scope=\"col\">Articles together</th>"));
    assert!(page.contains("<figcaption>The most covered actors."));
    assert!(broken_links(&built.output, "/").is_empty());
    // The views per kind list fewer actors: no graph there.
    assert!(!built.page("/actors/people/").contains("<svg"));
}

/// Regression: a self-closed `<circle/>` in the template made the template minifier drop the
/// `</a>` after it, and every page of every site was minified one by one.
#[test]
fn the_graph_templates_minify_as_their_pages_do() {
    for theme in ["default", "plain"] {
        let built = newsroom()
            .config("minify: true")
            .build(&["--timings", "--theme", theme]);
        assert!(built.success, "{}", built.stderr);
        assert!(
            !built.stderr.contains("one by one"),
            "{theme}: {}",
            built.stderr
        );
        assert!(built.page("/actors/").contains("</tspan></text></a>"));
    }
}

#[test]
fn actor_graph_zero_draws_nothing_and_a_theme_may_leave_it_out() {
    let built = newsroom().config("actor_graph: 0").build_ok();
    let page = built.page("/actors/");
    assert!(
        !page.contains("<svg") && !page.contains("graph-data"),
        "{page}"
    );
    // A site template without the graph: the index builds, without it.
    let site = newsroom().write(
        "templates/actors.html",
        "{% extends \"base.html\" %}{% block content %}{% for e in entries %}{{ e.name }} {% endfor %}{% endblock content %}",
    );
    let page = site.build_ok().page("/actors/");
    assert!(page.contains("France") && !page.contains("<svg"));
}

#[test]
fn the_plain_theme_draws_it_too_in_french() {
    let built = newsroom().config("theme: plain\nlanguage: fr").build_ok();
    let page = built.page("/actors/");
    let svg = between(&page, "<svg", "</svg>");
    assert!(svg.contains("<a href=\"/actors/france/\">"), "{svg}");
    assert!(
        svg.contains("fill=\"currentColor\""),
        "readable in light and dark"
    );
    assert!(page.contains(">Qui est cité avec qui</h2>"));
    // The views per kind are named in words, not by their string keys.
    assert!(
        page.contains(">Personnes</a>") && !page.contains("section_"),
        "{page}"
    );
    assert!(page.contains("<th scope=\"col\">Articles en commun</th>"));
    assert_eq!(
        page.matches("<tr>").count() - 1,
        svg.matches("<line").count()
    );
}

#[test]
fn the_graph_is_limited_to_the_most_covered_actors() {
    // Three actors allowed: Procter & Gamble (one article) is left out, and the table only
    // names the three.
    let built = newsroom().config("actor_graph: 3").build_ok();
    let page = built.page("/actors/");
    let svg = between(&page, "<svg", "</svg>");
    assert_eq!(svg.matches("<circle").count(), 3);
    assert!(!svg.contains("procter-gamble"));
    let table = between(&page, "<details class=\"graph-data\">", "</details>");
    assert!(!table.contains("procter-gamble"));
    assert!(table.contains("/actors/onu/"));
}
