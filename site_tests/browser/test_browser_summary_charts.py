"""The 办理总体情况 charts in Debian's chromium: phone width, large text, desktop, print, axe.

Screenshots go to test-artifacts/ (summary-2025-phone.png, summary-index-phone.png, ...).
"""

from __future__ import annotations

import json

import pytest

from test_browser import run_axe

pytestmark = pytest.mark.browser

PAGES = {"summary-2025": "/summary/2025/", "summary-index": "/summary/"}
PHONE = dict(viewport={"width": 375, "height": 800}, device_scale_factor=2, is_mobile=True, has_touch=True,
             locale="zh-CN")
DESKTOP = dict(viewport={"width": 1280, "height": 900}, locale="zh-CN")

# Per chart: its box, and the right edge of its widest text in viewBox units
# (the generator only estimates text widths; this is the real font's).
MEASURE = """() => [...document.querySelectorAll('.summary-chart svg')].map(svg => ({
  width: svg.getBoundingClientRect().width,
  viewBox: svg.viewBox.baseVal.width,
  textRight: Math.max(...[...svg.querySelectorAll('text')].map(t => { const b = t.getBBox(); return b.x + b.width; })),
  barFill: getComputedStyle(svg.querySelector('rect.chart__bar')).fill,
}))"""


def open_page(chromium, site_url, path, options, large=False):
    context = chromium.new_context(**options)
    if large:
        context.add_init_script("localStorage.setItem('large-text', '1')")
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + path, wait_until="networkidle")
    return context, page, requests, errors


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-text"])
@pytest.mark.parametrize("name", PAGES)
def test_charts_fit_a_phone_without_horizontal_scrolling(chromium, site_url, artifacts, name, large):
    context, page, requests, errors = open_page(chromium, site_url, PAGES[name], PHONE, large)
    try:
        charts = page.evaluate(MEASURE)
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        page.screenshot(path=artifacts / f"{name}-phone{'-large' if large else ''}.png", full_page=True)
    finally:
        context.close()
    assert charts and len(charts) == (3 if name == "summary-2025" else 1)
    for chart in charts:
        assert 0 < chart["width"] <= min(375, widths[1]), chart
        assert chart["textRight"] <= chart["viewBox"], f"text runs past the chart: {chart}"
        # Coloured by gov.css through the theme's custom property, not the fallback attribute alone.
        assert chart["barFill"] == "rgb(183, 28, 28)", chart
    assert widths[0] <= 375 and widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px screen"
    assert all(url.startswith(site_url) for url in requests), [u for u in requests if not u.startswith(site_url)]
    assert not errors, errors


@pytest.mark.parametrize("name", PAGES)
def test_charts_on_desktop_and_accessible(chromium, site_url, artifacts, name):
    context, page, _, errors = open_page(chromium, site_url, PAGES[name], DESKTOP)
    try:
        charts = page.evaluate(MEASURE)
        labels = page.evaluate("[...document.querySelectorAll('.summary-chart svg')]"
                               ".map(svg => [svg.getAttribute('role'), svg.getAttribute('aria-label')])")
        page.screenshot(path=artifacts / f"{name}-desktop.png", full_page=True)
        violations = run_axe(page)
    finally:
        context.close()
    (artifacts / f"axe-{name}.json").write_text(json.dumps(violations, ensure_ascii=False, indent=1), encoding="utf-8")
    for chart in charts:
        # Scaled up no further than about body text: a chart, not a poster.
        assert chart["width"] <= 1.5 * chart["viewBox"], chart
        assert chart["textRight"] <= chart["viewBox"], chart
    assert all(role == "img" and label for role, label in labels), labels
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, ensure_ascii=False, indent=1)
    assert not errors, errors


def test_charts_print_with_their_tables(chromium, site_url, artifacts):
    context, page, _, _ = open_page(chromium, site_url, PAGES["summary-2025"], DESKTOP)
    try:
        page.emulate_media(media="print")
        assert page.locator(".summary-chart svg").count() == 3
        for index in range(3):
            assert page.locator(".summary-chart svg").nth(index).is_visible()
            assert page.locator("table.summary-table").nth(index).is_visible()
        # Bars keep an outline on paper, for printers without colour.
        stroke = page.evaluate("getComputedStyle(document.querySelector('rect.chart__bar')).stroke")
        page.screenshot(path=artifacts / "summary-2025-print.png", full_page=True)
    finally:
        context.close()
    assert stroke == "rgb(0, 0, 0)"


def test_forced_colours_use_system_colours(chromium, site_url):
    context, page, _, _ = open_page(chromium, site_url, PAGES["summary-index"], DESKTOP)
    try:
        page.emulate_media(forced_colors="active")
        fills = page.evaluate("""() => {
          const style = sel => getComputedStyle(document.querySelector(sel));
          return [style('rect.chart__bar:not(.chart__bar--s1)').fill, style('rect.chart__bar--s1').fill,
                  style('rect.chart__bar--s1').stroke, style('.summary-chart text').fill];
        }""")
    finally:
        context.close()
    bar, second, outline, text = fills
    assert bar == text == outline != second, fills  # CanvasText bars and text; the second series outlined
