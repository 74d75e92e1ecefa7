"""Accessibility of the web app (issue 14 item 10), in-process: the palette's contrast by WCAG
2.x's formula, a label for every form control and a name for every button on the rendered
pages (as an analyst, a supervisor and a liaison officer see them, forms included), unique
ids, header cells with their scope, a skip link to the main content and a visible focus
style. Keyboard use in a real browser is checked by tests/web/test_browser_leads.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clew.store.base import Principal
from web.test_leads import HTMX, _build, _correctable, _team

WEB = Path(__file__).resolve().parents[2] / "src" / "clew" / "web"
CSS = (WEB / "static" / "css" / "clew.css").read_text(encoding="utf-8")
TEXT, UI = 4.5, 3.0  # WCAG 1.4.3 (normal-size text) and 1.4.11 (controls, focus indicators)


def rules(css: str) -> dict[str, dict[str, str]]:
    """selector -> its declarations (a flat stylesheet: no nesting, no media queries)."""
    out: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        decls = {k.strip(): v.strip() for k, v in (d.split(":", 1) for d in body.split(";") if ":" in d)}
        for selector in selectors.split(","):
            out.setdefault(" ".join(selector.split()), {}).update(decls)
    return out


RULES = rules(CSS)


def colour(selector: str, prop: str) -> str:
    """The hex colour ``prop`` of ``selector`` sets, its ``var(--x)`` resolved from ``:root``."""
    value = RULES[selector][prop]
    value = re.sub(r"var\((--[\w-]+)[^)]*\)", lambda m: RULES[":root"][m.group(1)], value)
    return re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value).group(0)


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


PAPER, TINT, HEADER = (":root", "--paper"), (":root", "--tint"), ("header.top", "background")
PAIRS = [  # (foreground, background, at least): where each colour is actually drawn on the other
    ((":root", "color"), PAPER, TEXT),
    ((":root", "color"), ("th", "background"), TEXT),
    ((":root", "--muted"), PAPER, TEXT),
    ((":root", "--muted"), TINT, TEXT),
    (("a", "color"), PAPER, TEXT),
    (("a", "color"), TINT, TEXT),
    (("details summary", "color"), PAPER, TEXT),
    (("button", "color"), ("button", "background"), TEXT),
    (("button.secondary", "color"), ("button.secondary", "background"), TEXT),
    (("button", "color"), ("button.danger", "background"), TEXT),
    ((".error", "color"), (".error", "background"), TEXT),
    ((".error small", "color"), (".error", "background"), TEXT),
    ((".bad", "color"), PAPER, TEXT),
    (("header.top", "color"), HEADER, TEXT),
    (("header.top a", "color"), HEADER, TEXT),
    (("header.top .label", "color"), HEADER, TEXT),
    (("header.top .who .role", "color"), HEADER, TEXT),
    ((".state", "color"), (".state", "background"), TEXT),
    ((".state-approved", "color"), (".state", "background"), TEXT),
    ((".state-released", "color"), (".state", "background"), TEXT),
    ((".state-superseded", "color"), (".state", "background"), TEXT),
    (("a:focus", "outline"), PAPER, UI),
    (("a:focus", "outline"), TINT, UI),
    (("a:focus", "outline"), HEADER, UI),
    (("input", "border"), PAPER, UI),
]


@pytest.mark.parametrize(
    ("fg", "bg", "least"), PAIRS, ids=[f"{f[0]}.{f[1]} on {b[0]}.{b[1]}" for f, b, _ in PAIRS]
)
def test_palette_contrast_meets_wcag_aa(fg, bg, least: float) -> None:
    ratio = contrast(colour(*fg), colour(*bg))
    assert ratio >= least, f"{colour(*fg)} on {colour(*bg)}: {ratio:.2f}:1 < {least}:1"


def test_every_rule_with_text_and_background_is_readable() -> None:
    both = {s: d for s, d in RULES.items() if "color" in d and ("background" in d or "background-color" in d)}
    assert len(both) >= 4
    for selector, decls in both.items():
        bg = "background" if "background" in decls else "background-color"
        assert contrast(colour(selector, "color"), colour(selector, bg)) >= TEXT, selector


def test_the_contrast_formula_matches_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near-miss grey
    assert contrast("#f0a800", "#ffffff") < UI  # the old focus ring: invisible on white for many


class Controls(HTMLParser):
    """Form controls, their labels, buttons, ids and table header cells of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.labelled: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.ids: list[str] = []
        self.buttons: list[str] = []
        self.headers_without_scope = 0
        self._label_depth = 0
        self._button: list[str] | None = None
        self.skip: str | None = None
        self.first_link: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "a" and self.first_link is None:
            self.first_link = a.get("href")
        if tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.labelled.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            named = a.get("aria-label") or a.get("aria-labelledby") or self._label_depth
            self.controls.append({"tag": tag, "id": a.get("id"), "name": a.get("name"), "named": named})
        if tag == "button":
            self._button = [a.get("aria-label") or ""]
        if tag == "th" and "scope" not in a:
            self.headers_without_scope += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth -= 1
        if tag == "button" and self._button is not None:
            self.buttons.append("".join(self._button).strip())
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)


def _check(path: str, html: str) -> Controls:
    page = Controls()
    page.feed(html)
    unlabelled = [c for c in page.controls if not c["named"] and c["id"] not in page.labelled]
    assert not unlabelled, f"{path}: controls without a label: {unlabelled}"
    assert all(page.buttons), f"{path}: a button without a name: {page.buttons}"
    assert len(page.ids) == len(set(page.ids)), f"{path}: repeated ids"
    assert page.headers_without_scope == 0, f"{path}: <th> without scope"
    assert page.first_link == "#main" and "main" in page.ids, f"{path}: no skip link to the content"
    return page


def test_every_control_has_a_label_on_every_page(web) -> None:
    team = _team(web)
    store = web.state.store("demo", Principal("t"))
    subject = next(iter(store.select("lead_package_subjects", order_by=["subject_id"])))["subject_id"]
    syndicate = min(r["syndicate_id"] for r in store.select("syndicate_members") if r["syndicate_id"])
    assert _check("/login", web.client().get("/login").text).controls
    pages = ["/context", "/", f"/subjects/{subject}", "/ingest", "/sources", "/quarantine", "/chart",
             f"/chart?syndicate={syndicate}", "/map", "/leads", "/outcomes"]  # fmt: skip
    seen = 0
    for path in pages:
        response = team["ana"].get(path)
        assert response.status_code == 200, path
        seen += len(_check(path, response.text).controls)
    pid, version = _build(team["ana"], _correctable(web))
    url = f"/leads/{pid}?version={version}"
    for who, form in (("sue", "approve-form"), ("lia", "release-form"), ("lia", "outcome-form")):
        html = team[who].get(url).text
        assert f'data-testid="{form}"' in html, (who, form)
        seen += len(_check(url, html).controls)
        step = {"approve-form": "approve", "release-form": "release"}.get(form)
        if step:
            moved = team[who].post(f"/leads/{pid}/{step}", data={"version": version}, headers=HTMX)
            assert moved.status_code == 204
    assert seen >= 20  # the check saw the forms: upload, decisions, filters, build, release, outcome


@pytest.mark.parametrize(
    "html",
    [
        '<a href="#main">Skip</a><main id="main"><input id="q" name="q"></main>',
        '<a href="#main">Skip</a><main id="main"><button type="button"> </button></main>',
        '<a href="#main">Skip</a><main id="main"><table><tr><th>Who</th></tr></table></main>',
        '<a href="#main">Skip</a><main id="main"><label for="a">A</label><input id="a"><i id="a"></i></main>',
        '<a href="/">Clew</a><main id="main"></main>',
    ],
)
def test_the_page_check_catches_what_it_is_for(html: str) -> None:
    with pytest.raises(AssertionError):
        _check("snippet", html)
    fixed = '<a href="#main">Skip</a><main id="main"><label>Name <input name="q"></label></main>'
    assert _check("snippet", fixed).controls
