"""Browser flows of the islands (issue 14 items 5–7), in Debian's chromium against a real
``clew serve`` (the ``flow`` fixture also checks, after each flow, that every request went to
the server's own origin, that state-changing requests carried the CSRF token and that browser
storage holds nothing personal).

- expand the chart ("+N more", then a subject with the layout locked), then find the path
  between two subjects of different countries and read its explanation;
- open the map and click a country: its subjects and the evidence that placed them there;
- brush the timeline: events outside the window fade and the chart hides ties outside it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from web.conftest import BROWSER

pytestmark = BROWSER

READY = "#chart[data-state=ready]"


def _click_node(page, node_id: str, shift: bool = False) -> None:
    """A real mouse click on a chart node (the chart is a canvas: its position comes from
    Cytoscape, the click from the mouse)."""
    box = page.locator("#chart").bounding_box()
    pos = page.evaluate("id => window.clewChart.cy.getElementById(id).renderedPosition()", node_id)
    if shift:
        page.keyboard.down("Shift")
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    if shift:
        page.keyboard.up("Shift")


def _apart(page, gap: float = 30) -> set[str]:
    """Subjects whose node no other node's centre comes within ``gap`` pixels of on screen."""
    return set(
        page.evaluate(
            """gap => {
              const ns = window.clewChart.cy.nodes(':visible');
              const at = ns.map(n => [n.id(), n.data('kind'), n.renderedPosition()]);
              return at.filter(([id, kind, p]) => kind === 'subject' && at.every(([o, _, q]) =>
                o === id || Math.hypot(p.x - q.x, p.y - q.y) > gap)).map(([id]) => id);
            }""",
            gap,
        )
    )


def _subjects(page) -> list[dict]:
    return page.evaluate(
        "() => window.clewChart.cy.nodes(\"[kind = 'subject']\").map(n => n.data())"
        ".map(d => ({id: d.id, country: d.country, label: d.label}))"
    )


def test_expand_the_chart_and_explain_a_path_across_countries(flow) -> None:
    f = flow()
    page = f.page
    page.goto(f"{f.live.url}/chart")
    syndicate = page.get_by_role("link", name="syn-0001").get_attribute("href")
    page.goto(f"{f.live.url}{syndicate}&cap=5")  # five members, the rest behind "+N more"
    page.wait_for_selector(READY)
    before = _subjects(page)
    assert len(before) == 5
    assert page.evaluate("() => window.clewChart.cy.nodes(\"[kind = 'more']\").length") == 1
    visible = page.evaluate("() => window.clewChart.cy.edges(':visible').length")
    assert visible > 0
    # "+N more": the syndicate's next five members join the chart
    more = page.evaluate("() => window.clewChart.cy.nodes(\"[kind = 'more']\")[0].data()")
    _click_node(page, more["id"])
    page.wait_for_function("() => window.clewChart.cy.nodes(\"[kind = 'subject']\").length === 10")
    page.wait_for_selector(READY)
    after = page.evaluate("() => window.clewChart.cy.nodes(\"[kind = 'more']\").map(n => n.data('size'))")
    assert after == [more["size"] - 5]
    # lock the layout, then expand: a subject's own neighbours join, nothing else moves
    page.get_by_label("Lock layout").check()
    where = "() => Object.fromEntries(window.clewChart.cy.nodes().map(n => [n.id(), n.position()]))"
    placed = page.evaluate(where)
    before = _subjects(page)
    start = before[-1]["id"]
    _click_node(page, start)
    page.wait_for_function("n => window.clewChart.cy.nodes().length > n", arg=len(placed))
    page.wait_for_selector(READY)
    now = page.evaluate(where)
    assert all(now[i] == xy for i, xy in placed.items() if i in now), "a locked node moved"
    colours = page.evaluate(
        "() => window.clewChart.cy.nodes(\"[kind = 'subject']\")"
        ".map(n => [n.data('syndicate'), n.data('colour')])"
    )
    by_syndicate = {}
    for syndicate, colour in colours:
        by_syndicate.setdefault(syndicate, set()).add(colour)
    assert all(len(c) == 1 for c in by_syndicate.values())  # one colour per syndicate
    assert page.locator("#explain h2").inner_text()
    page.get_by_label("Lock layout").uncheck()
    page.get_by_role("button", name="Lay out again").click()  # the expansion was placed by hand
    # nodes may still overlap: pick two a click can tell apart
    nodes = [n for n in _subjects(page) if n["id"] in _apart(page) and n["country"]]
    a = nodes[0]
    b = next(n for n in nodes if n["country"] != a["country"])
    _click_node(page, a["id"], shift=True)
    _click_node(page, b["id"], shift=True)
    assert page.evaluate("() => window.clewChart.state.picked") == [a["id"], b["id"]]
    button = page.get_by_role("button", name="Shortest path between the two selected")
    assert button.is_enabled()
    button.click()
    page.wait_for_selector("#explain[data-path=found]")
    steps = page.locator("#explain ol.path-steps > li")
    assert steps.count() >= 1
    text = page.locator("#explain").inner_text()
    assert a["country"] in text and b["country"] in text  # each stop names its country
    evidence = page.locator("#explain ol.path-steps ul.evidence li")
    assert evidence.count() >= steps.count()
    places = ("line", "$", "model[@id=")  # a line, a JSON path, a UFDR model id (the element)
    assert any(any(p in evidence.nth(i).inner_text() for p in places) for i in range(evidence.count())), (
        "no hop names the record's place in its source"
    )
    highlighted = page.evaluate("() => window.clewChart.cy.edges('.path').length")
    assert highlighted == steps.count()
    with page.expect_download() as png:
        page.get_by_role("button", name="Export PNG").click()
    assert png.value.suggested_filename == "clew-chart.png"
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = page.evaluate("() => window.clewChart.svgOf()")
    assert svg.startswith("<svg") and svg.count("<circle") == page.evaluate(
        "() => window.clewChart.cy.nodes(':visible').length"
    )
    f.shot("chart")


def test_open_the_map_and_click_a_country(flow) -> None:
    f = flow()
    page = f.page
    page.goto(f"{f.live.url}/map")
    page.wait_for_selector("#map[data-state=ready]")
    coloured = page.locator("path.country.has-data")
    assert coloured.count() >= 2
    assert page.locator("g.arcs path.arc.money").count() >= 1
    # a point inside a coloured country that the country itself (not an arc) receives
    target = page.evaluate(
        """() => {
          for (const el of document.querySelectorAll('path.country.has-data')) {
            const r = el.getBoundingClientRect();
            for (const [fx, fy] of [[.5, .5], [.4, .5], [.6, .5], [.5, .4], [.5, .6], [.3, .3], [.7, .7]]) {
              const x = r.left + r.width * fx, y = r.top + r.height * fy;
              if (document.elementFromPoint(x, y) === el) return {x, y, code: el.dataset.country};
            }
          }
          return null;
        }"""
    )
    assert target, "no coloured country could be clicked"
    page.mouse.click(target["x"], target["y"])
    page.wait_for_selector("#country-panel[data-state=ready]")
    assert page.locator("#country-panel").get_attribute("data-country") == target["code"]
    assert target["code"] in page.locator("#country-panel h2").inner_text()
    placed = page.locator("#country-panel ol.placed > li")
    assert placed.count() >= 1
    evidence = page.locator("#country-panel ol.placed ul.evidence li").all_inner_texts()
    assert evidence and all(":" in e and "confidence" in e for e in evidence)
    drawn = page.locator("g.arcs path.arc.money").count()
    page.select_option("#map-top", "all")
    flows = int(re.search(r"of (\d+) money flows", page.locator("#map-status").inner_text())[1])
    assert page.locator("g.arcs path.arc.money").count() == flows >= drawn
    page.check("#map-ties")
    assert page.locator("g.arcs path.arc.ties").count() >= 1  # cross-border ties
    page.select_option("#map-measure", "phones")
    assert "phone numbers" in page.locator("#map-legend").inner_text()
    f.shot("map")


def test_brush_the_timeline_filters_timeline_and_chart(flow) -> None:
    f = flow()
    page = f.page
    page.goto(f"{f.live.url}/chart")
    page.get_by_role("link", name="syn-0001").click()
    page.wait_for_selector(READY)
    subject = page.evaluate(
        "() => window.clewChart.cy.nodes(\"[kind = 'subject']\").max(n => n.degree()).ele.id()"
    )
    page.goto(f"{f.live.url}/chart?subject={subject}")
    page.wait_for_selector(READY)
    page.wait_for_selector("#timeline[data-state=ready]")
    items = page.locator("#timeline .vis-item")
    assert items.count() >= 2
    first, last = page.locator("#brush-since").input_value(), page.locator("#brush-until").input_value()
    assert first < last
    shown_edges = page.evaluate("() => window.clewChart.cy.edges(':visible').length")
    end = (date.fromisoformat(first) + timedelta(days=90)).isoformat()  # the first quarter
    page.fill("#brush-since", first)
    page.fill("#brush-until", end)
    page.get_by_role("button", name="Filter both").click()
    page.wait_for_selector(f"#timeline[data-brush='{first}/{end}']")
    page.wait_for_selector("#timeline .vis-item.out")
    assert "events from" in page.locator("#timeline-status").inner_text()
    page.wait_for_function("n => window.clewChart.cy.edges(':visible').length < n", arg=shown_edges)
    assert "Ties from" in page.locator("#chart-status").inner_text()
    f.shot("timeline")
    page.get_by_role("button", name="All times").click()
    # cytoscape applies the style of a removed class lazily: wait for it (a wrong count times out)
    visible = "n => window.clewChart.cy.edges(':visible').length === n"
    page.wait_for_function(visible, arg=shown_edges, timeout=10_000)
