"""The column's reading controls in chromium: 字号 大/中/小, 【打印本页】, 高对比度 (适老化)."""

from __future__ import annotations

import json

import pytest
from test_browser import LISTING, PHONE, SEED, run_axe

pytestmark = pytest.mark.browser

LETTER_SIZE = "parseFloat(getComputedStyle(document.querySelector('.letter p')).fontSize)"


def pressed(page, name: str) -> str:
    return page.get_by_role("button", name=name, exact=True).get_attribute("aria-pressed")


def test_text_size_large_medium_small_on_a_reply_persists_across_pages(page, site_url, artifacts):
    page.goto(site_url + SEED)
    tools = page.locator(".page-tools")
    assert tools.get_by_role("group", name="字号").inner_text() == "字号：大中小"
    assert [pressed(page, f"字号{size}") for size in "大中小"] == ["false", "true", "false"]
    medium = page.evaluate(LETTER_SIZE)
    page.get_by_role("button", name="字号大", exact=True).click()
    large = page.evaluate(LETTER_SIZE)
    assert large >= medium * 1.15 and pressed(page, "字号大") == "true" and pressed(page, "字号中") == "false"
    page.screenshot(path=artifacts / "reply-text-size-large.png")
    page.goto(site_url + LISTING)  # applied before paint on the next page too
    assert page.evaluate("document.documentElement.classList.contains('text-size-large')")
    page.goto(site_url + SEED)
    page.get_by_role("button", name="字号小", exact=True).focus()
    page.keyboard.press("Enter")
    assert page.evaluate(LETTER_SIZE) < medium and page.evaluate("localStorage.getItem('text-size')") == "small"
    page.get_by_role("button", name="字号中", exact=True).click()
    assert page.evaluate(LETTER_SIZE) == medium and page.evaluate("localStorage.getItem('text-size')") == ""


def test_print_this_page_prints_the_letter_without_the_controls(chromium, site_url):
    context = chromium.new_context(locale="zh-CN")
    context.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page = context.new_page()
    page.goto(site_url + SEED)
    page.get_by_role("button", name="【打印本页】").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert not page.locator(".page-tools").is_visible() and not page.locator("#high-contrast-toggle").is_visible()
    assert page.locator(".letter").is_visible()
    context.close()


def test_filling_the_tools_slot_moves_nothing(chromium, site_url):
    """Cumulative layout shift of a reply page at phone width, as Lighthouse counts it."""
    context = chromium.new_context(**PHONE)
    context.add_init_script("""
      window.__shift = 0;
      new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) window.__shift += e.value; }))
        .observe({type: 'layout-shift', buffered: true});""")
    page = context.new_page()
    page.goto(site_url + SEED, wait_until="networkidle")
    page.wait_for_timeout(500)
    shift = page.evaluate("window.__shift")
    context.close()
    assert shift < 0.01, shift


def test_high_contrast_mode_is_yellow_and_white_on_black_and_passes_axe(page, site_url, artifacts):
    page.goto(site_url + SEED)
    toggle = page.locator("#high-contrast-toggle")
    assert toggle.inner_text() == "高对比度" and toggle.get_attribute("aria-pressed") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    colours = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
        getComputedStyle(document.querySelector('.letter p')).color,
        getComputedStyle(document.querySelector('.md-header')).backgroundColor,
        getComputedStyle(document.querySelector('.gov-meta')).backgroundColor]""")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(0, 0, 0)", "rgb(0, 0, 0)"]
    page.screenshot(path=artifacts / "reply-high-contrast.png")
    for path in (SEED, "/", LISTING, "/summary/2025/", "/search/?q=人才公寓"):
        page.goto(site_url + path)
        assert page.evaluate("document.documentElement.classList.contains('high-contrast')"), path
        page.wait_for_timeout(300)
        serious = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
        assert not serious, (path, json.dumps(serious, ensure_ascii=False, indent=1))
    page.screenshot(path=artifacts / "search-high-contrast.png")
    page.locator("#high-contrast-toggle").click()
    assert page.evaluate("localStorage.getItem('high-contrast')") == "0"


def test_header_controls_fit_a_phone_in_every_mode(chromium, site_url, artifacts):
    context = chromium.new_context(**PHONE)
    context.add_init_script("localStorage.setItem('large-text', '1'); localStorage.setItem('high-contrast', '1');")
    page = context.new_page()
    page.goto(site_url + SEED)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    for control in ("#large-text-toggle", "#high-contrast-toggle", "label.md-header__button[for=__search]"):
        box = page.locator(control).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= widths[1], (control, box)
    page.screenshot(path=artifacts / "phone-reply-large-high-contrast.png")
    context.close()
    assert widths[0] <= widths[1], widths
