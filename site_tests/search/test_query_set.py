"""The labelled query set (queries.yml) against the real built indexes, in a real browser.

Full-text layer: the search page /search/ itself (fulltext-search.js over
Pagefind's JS API): each query is typed into its box and the links of the
first page of results are read, so the browser's query segmentation, the
ranking and the result URLs are all real.  Header layer: material's search box itself, so
its worker, its query segmentation against the lean index (jieba + the
user dictionary, search/search_index.json) and its ranking are all real.
A query fails when an expected reply is not on the first page (10 results).
The full-text queries also run against the same content indexed in three
Pagefind bundles (merged by the browser), as large archives are.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from harness import serve

from helpers import CONTENT, build_site

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).with_name("queries.yml")).read_text(encoding="utf-8"))
USERDICT = Path(__file__).resolve().parents[2] / "content" / "search" / "userdict.txt"
FIRST_PAGE = 10  # fulltext-search.js shows 10 results before 显示更多结果; material shows 10 before "more"
PLACEHOLDER = "键入以开始搜索"  # material's zh text for an empty header search

# The search for ``query`` has finished: its count line (or no-results message) is shown.
FULLTEXT_DONE = """query => {
  const status = document.getElementById('fulltext-status').textContent;
  return status.includes('“' + query + '”') && !status.includes('正在检索')
    && !document.getElementById('fulltext-list').hasAttribute('aria-busy');
}"""


def path_of(url: str) -> str:
    return unquote(urlsplit(url).path)


@pytest.fixture(scope="module")
def reply_paths(built_site) -> dict[str, str]:
    """Reply id -> site path, from the site's own open data (listed replies only)."""
    data = json.loads((built_site / "data" / "replies.json").read_text(encoding="utf-8"))
    return {r["id"]: path_of(r["url"]) for r in data["replies"]}


def test_query_set_is_well_formed(reply_paths):
    assert len(QUERIES) >= 25
    assert len({q["query"] for q in QUERIES}) == len(QUERIES), "duplicate query"
    assert len(QUERIES) >= 80 and sum(1 for q in QUERIES if q.get("none")) >= 8
    for entry in QUERIES:
        assert bool(entry["expect"]) != bool(entry.get("none")), entry
        assert set(entry["expect"]) <= set(entry.get("relevant", entry["expect"])), entry
        assert set(entry["layers"]) <= {"header", "fulltext"}, entry
        unknown = set(entry["expect"]) - set(reply_paths)
        assert not unknown, f"{entry['query']}: no such reply {unknown}"


def dictionary_words() -> list[str]:
    lines = USERDICT.read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.lstrip().startswith("#")]


@pytest.fixture(scope="module")
def bundled_site_url(tmp_path_factory, built_site):
    """The real content in three Pagefind bundles."""
    workdir = tmp_path_factory.mktemp("bundled")
    listed = len(json.loads((built_site / "data" / "replies.json").read_text(encoding="utf-8"))["replies"])
    result = build_site(CONTENT, workdir, env={"GENERATOR_FULLTEXT_BUNDLE": str(-(-listed // 3))})
    assert result.returncode == 0, result.stdout + result.stderr
    site = workdir / "site"
    assert 'data-bundles="3"' in (site / "search" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (site / "pagefind").glob("part*")) == ["part2", "part3"]
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module", params=["one bundle", "three bundles"])
def fulltext_pages(request, chromium, site_url):
    url = site_url if request.param == "one bundle" else request.getfixturevalue("bundled_site_url")
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(url + "/search/")
    box = page.locator("#fulltext-query")
    queries = [q["query"] for q in QUERIES if "fulltext" in q["layers"]] + dictionary_words()
    results = {}
    for query in sorted(set(queries)):
        box.fill(query)
        box.press("Enter")  # searches at once, without the typing pause
        page.wait_for_function(FULLTEXT_DONE, arg=query)
        results[query] = [path_of(a.get_attribute("href")) for a in page.locator(".fulltext-result-link").all()]
        assert len(results[query]) <= FIRST_PAGE
    context.close()
    return results


@pytest.fixture(scope="module")
def header_pages(chromium, site_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "/")
    box = page.locator("input[data-md-component=search-query]")
    meta = page.locator(".md-search-result__meta")
    box.click()
    results = {}
    for entry in QUERIES:
        if "header" not in entry["layers"] and not entry.get("header_pages"):
            continue
        box.fill("")
        box.press("End")
        page.wait_for_function("([el, text]) => el.textContent.trim() === text", arg=[meta.element_handle(), PLACEHOLDER])
        box.fill(entry["query"])
        box.press("End")  # material searches on keyup
        page.wait_for_function("([el, text]) => el.textContent.trim() !== text", arg=[meta.element_handle(), PLACEHOLDER])
        links = page.locator(".md-search-result__item > a.md-search-result__link").all()[:FIRST_PAGE]
        results[entry["query"]] = [path_of(a.get_attribute("href")) for a in links]
    context.close()
    return results


@pytest.mark.parametrize("entry", [q for q in QUERIES if "fulltext" in q["layers"]], ids=lambda q: q["query"])
def test_fulltext_first_page(entry, fulltext_pages, reply_paths):
    got = fulltext_pages[entry["query"]]
    if entry.get("none"):
        assert got == [], f"全文检索“{entry['query']}”应当没有结果；得到 {got}"
    missing = [i for i in entry["expect"] if reply_paths[i] not in got]
    assert not missing, f"全文检索“{entry['query']}”第一页缺少 {missing}；得到 {got}"


@pytest.mark.parametrize("word", dictionary_words())
def test_every_user_dictionary_word_finds_its_replies(word, fulltext_pages, built_site, reply_paths):
    """The user dictionary reaches Pagefind too: each word finds every reply whose letter uses it."""
    data = json.loads((built_site / "data" / "replies.json").read_text(encoding="utf-8"))
    using = [r["id"] for r in data["replies"] if word in r["body_text"]]
    got = fulltext_pages[word]
    missing = [i for i in using if reply_paths[i] not in got[:FIRST_PAGE]]
    assert not missing, f"全文检索词典词“{word}”第一页缺少 {missing}；得到 {got}"


@pytest.mark.parametrize("entry", [q for q in QUERIES if "header" in q["layers"] or q.get("header_pages")],
                         ids=lambda q: q["query"])
def test_header_first_page(entry, header_pages, reply_paths):
    got = header_pages[entry["query"]]
    if entry.get("none"):
        assert got == [], f"页头检索“{entry['query']}”应当没有结果；得到 {got}"
    wanted = [reply_paths[i] for i in entry["expect"]] if "header" in entry["layers"] else []
    wanted += ["/" + p for p in entry.get("header_pages", [])]
    missing = [w for w in wanted if w not in got]
    assert not missing, f"页头检索“{entry['query']}”第一页缺少 {missing}；得到 {got}"


def test_indexes_hold_only_listed_replies(chromium, site_url, built_site, reply_paths):
    """Nothing but the listed (public) replies is searchable, in either layer."""
    listed = set(reply_paths.values())
    lean = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    lean_replies = {"/" + d["location"] for d in lean["docs"] if d["location"].startswith("replies/")}
    assert lean_replies == listed
    context = chromium.new_context()
    page = context.new_page()
    page.goto(site_url + "/")
    indexed = page.evaluate("""async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      await pagefind.options({baseUrl: '/'});
      const years = Object.keys((await pagefind.filters())['年度']);
      const search = await pagefind.search(null, {filters: {'年度': {any: years}}});
      return Promise.all(search.results.map(r => r.data().then(d => d.url)));
    }""")
    context.close()
    assert set(indexed) == listed


@pytest.mark.parametrize("kind", ["政协提案", "人大建议"])
def test_filters_only_list_newest_first_across_bundles(kind, chromium, bundled_site_url):
    """Without a query the bundles' results are concatenated: bundles hold contiguous date runs, newest first."""
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(bundled_site_url + "/search/?类型=" + kind)
    page.wait_for_function("() => document.querySelector('.fulltext-result') || "
                           "document.getElementById('fulltext-status').textContent.includes('没有找到')")
    dates = [d.split(" · ")[-1] for d in page.locator(".fulltext-result .fulltext-meta").all_inner_texts()]
    context.close()
    as_tuples = [tuple(int(n) for n in re.findall(r"\d+", d)) for d in dates]
    assert len(as_tuples) >= 2 and as_tuples == sorted(as_tuples, reverse=True), dates


def precision_at_5(results: dict[str, list[str]], layer: str, reply_paths: dict[str, str]) -> dict:
    """Mean precision of the first five results over the labelled queries of ``layer``.

    ``p_at_5`` is the plain measure (relevant among the first five / 5);
    ``p_at_5_normalised`` divides by min(5, number of relevant replies), so
    a query with two relevant replies, both in the first five, scores 1.
    """
    rows = []
    for entry in QUERIES:
        if layer not in entry["layers"] or entry.get("none") or entry["query"] not in results:
            continue
        relevant = {reply_paths[i] for i in entry.get("relevant", entry["expect"])}
        top = [path for path in results[entry["query"]] if path.startswith("/replies/")][:5]
        hits = len(relevant.intersection(top))
        rows.append({"query": entry["query"], "hits": hits, "relevant": len(relevant),
                     "p_at_5": hits / 5, "p_at_5_normalised": hits / min(5, len(relevant))})
    mean = lambda key: round(sum(r[key] for r in rows) / len(rows), 3) if rows else None  # noqa: E731
    return {"layer": layer, "queries": len(rows), "p_at_5": mean("p_at_5"),
            "p_at_5_normalised": mean("p_at_5_normalised"), "rows": rows}


def test_precision_at_5_report(fulltext_pages, header_pages, reply_paths, artifacts):
    """Writes test-artifacts/search-precision.json (benchmarks/search_precision.py prints it)."""
    report = [precision_at_5(fulltext_pages, "fulltext", reply_paths),
              precision_at_5(header_pages, "header", reply_paths)]
    (artifacts / "search-precision.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    for layer in report:
        print(f"{layer['layer']}: {layer['queries']} queries, P@5 {layer['p_at_5']}, "
              f"normalised P@5 {layer['p_at_5_normalised']}")
        assert layer["queries"] > 0
