"""Lighthouse and the Nu Html Checker on the site as an office serves it: ``make audit``.

A report, not a timed test.  The script

1. builds the real content/ with only site.yml changed to another office
   publishing the column at https://www.example.gov.cn/zwgk/jytabl/
   (``helpers.OTHER_OFFICE``, as the ``other_office`` test fixture does), or
   takes an already built site with ``--site``;
2. serves it with Debian's nginx and deploy/nginx.conf under the column path
   (site_tests/nginx_server.py);
3. runs Lighthouse (npm ``lighthouse``, pinned in package.json; Debian's
   chromium, ``--headless=new --no-sandbox``; Lighthouse's defaults: mobile
   form factor, simulated slow 4G and 4x CPU slowdown) on the home page, a
   listing, a reply and the full-text search page with a query, each
   ``--runs`` times (3), and keeps the run of median performance score;
4. runs the Nu Html Checker (npm ``vnu-jar``, Java 11+) on one built page of
   every kind and says for each error whether our templates and generated
   Markdown wrote it ("ours") or mkdocs-material's own templates ("material");
5. prints a table and writes ``benchmarks/audit.json`` (sorted keys).

Lighthouse's raw reports are kept in ``benchmarks/work/audit/lighthouse/``
(git-ignored).  Options: ``--site DIR`` (a built site; ``--column`` is then
read from its data/replies.json), ``--runs N``, ``--out FILE``,
``--skip-lighthouse``, ``--skip-vnu`` (the skipped part keeps its figures from the previous
report), ``--vnu-all`` (every built page).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "site_tests"))

from helpers import OTHER_OFFICE, build_site, copy_content  # noqa: E402
from nginx_server import serve  # noqa: E402

WORK = ROOT / "benchmarks" / "work" / "audit"
OUT = ROOT / "benchmarks" / "audit.json"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
MATERIAL = Path(__import__("material").__file__).resolve().parent / "templates"

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {  # short name → Lighthouse audit id
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}
SCORED_MODES = ("binary", "numeric", "metricSavings")
# Lighthouse 12.2's trace engine cannot read the PipelineReporter events of chromium ≥ 13x:
# these audits error ("reading 'frame_sequence'"); the script measures what they would say.
TRACE_ENGINE_AUDITS = ("largest-contentful-paint-element", "render-blocking-resources", "layout-shifts",
                       "lcp-lazy-loaded", "prioritize-lcp-image", "non-composited-animations")
TRACE_ENGINE_NOTE = ("Lighthouse 12.2's trace engine fails on this chromium's trace (not the page); the LCP "
                     "element and render-blocking resources are measured by this script instead")
FULLTEXT_QUERY = "就业"
# Audits whose result depends on where the audit serves the site; reported with the reason.
CONTEXT = {
    "canonical": "canonical links name https://{host}/… while the page is served at 127.0.0.1; Lighthouse 12 "
                 "does not compare the origins, so this passes here and would pass on the portal",
    "robots-txt": "robots.txt is the portal's (at its root, outside the column); nginx here serves only the "
                  "column, so Lighthouse finds none",
    "is-on-https": "127.0.0.1 counts as a secure origin; on the portal the column must be served over https "
                   "(deploy/nginx.conf listens on port 80 only)",
    "csp-xss": "informative: script-src has 'unsafe-inline' (material's inline configuration scripts)",
}


# ---------------------------------------------------------------------------------------------
# The site


def build(work: Path) -> Path:
    """The real content/ with site.yml changed to OTHER_OFFICE, built with umask 022 into work/site."""
    import yaml

    for name in ("content", "docs", "site"):
        shutil.rmtree(work / name, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    content = copy_content(work / "content")
    site = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))
    site.update(OTHER_OFFICE)
    (content / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
    previous = os.umask(0o022)  # nginx's workers read the copy as another user
    try:
        result = build_site(content, work, "--strict")
    finally:
        os.umask(previous)
    if result.returncode:
        sys.exit("build failed:\n" + result.stdout + result.stderr)
    return work / "site"


def first_reply(site: Path) -> tuple[str, str, str]:
    """(public host, column path, the first reply's path inside the column) from the site's data/replies.json."""
    replies = json.loads((site / "data" / "replies.json").read_text(encoding="utf-8"))["replies"]
    url = urlparse(replies[0]["url"])
    column, _, rest = url.path.partition("replies/")
    return url.hostname, column, "replies/" + rest


def pages(reply: str) -> dict[str, str]:
    """Page name → its path inside the column."""
    return {
        "home": "",
        "listing": "browse/year/2025/",
        "reply": reply,
        "search": "search/?q=" + quote(FULLTEXT_QUERY),
    }


def vnu_sample(site: Path, reply: str) -> list[str]:
    """One built page of every kind, paths relative to the site."""
    policy = sorted(p.parent.name for p in (site / "policies").glob("*/index.html"))[0]
    sample = ["index.html", "browse/index.html", "browse/year/2025/index.html", reply + "index.html",
              "policies/index.html", f"policies/{policy}/index.html", "search/index.html", "help/index.html",
              "help/fields/index.html", "sitemap/index.html", "contact/index.html", "summary/2025/index.html",
              "404.html"]
    return [path for path in sample if (site / path).is_file()]


# ---------------------------------------------------------------------------------------------
# Lighthouse


def lighthouse(url: str, out: Path) -> dict:
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet", "--locale=en-US",
               "--only-categories=" + ",".join(CATEGORIES), "--chrome-flags=--headless=new --no-sandbox"]
    result = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True, text=True,
                            timeout=600)
    if result.returncode or not out.is_file():
        sys.exit(f"lighthouse failed on {url}:\n{result.stdout}{result.stderr}")
    return json.loads(out.read_text(encoding="utf-8"))


def shorten(text: str, prefix: str) -> str:
    return text.replace(prefix, "")


def summarise_value(value, prefix: str):
    """An item of a Lighthouse details table, made short and readable."""
    if isinstance(value, float):
        return round(value, 1)
    if isinstance(value, str):
        value = shorten(value, prefix)
        return value if len(value) <= 300 else value[:300] + "…"
    if isinstance(value, list):
        return [summarise_value(v, prefix) for v in value[:8]]
    if not isinstance(value, dict):
        return value
    kind = value.get("type")
    if kind == "node":
        node = {"selector": value.get("selector"), "snippet": value.get("snippet"), "label": value.get("nodeLabel")}
        if value.get("explanation"):
            node["explanation"] = value["explanation"]
        return {k: summarise_value(v, prefix) for k, v in node.items() if v}
    if kind == "source-location":
        where = f"{shorten(value.get('url', ''), prefix)}:{value.get('line')}:{value.get('column')}"
        original = value.get("original")
        return where + (f" ({original['file']}:{original['line']})" if original else "")
    if kind == "subitems":
        return [summarise_value(v, prefix) for v in value.get("items", [])[:5]]
    skip = {"lhId", "path", "boundingRect", "sessionTargetType", "entity", "experimentalFromMainFrame", "type"}
    return {k: summarise_value(v, prefix) for k, v in value.items() if k not in skip}


def audit_entry(audit: dict, category: str, weight: float, prefix: str, public_host: str) -> dict:
    details = audit.get("details") or {}
    entry = {
        "id": audit["id"],
        "title": audit["title"],
        "category": category,
        "score": audit["score"],
        "weight": weight,
        "display": audit.get("displayValue", ""),
    }
    if audit.get("explanation"):
        entry["explanation"] = audit["explanation"]
    savings = {k: round(v) for k, v in (audit.get("metricSavings") or {}).items() if v}
    if savings:
        entry["metric_savings_ms"] = savings
    if details.get("overallSavingsMs"):
        entry["savings_ms"] = round(details["overallSavingsMs"])
    if details.get("overallSavingsBytes"):
        entry["savings_kb"] = round(details["overallSavingsBytes"] / 1024, 1)
    items = details.get("items") or []
    if items:
        entry["items"] = [summarise_value(item, prefix) for item in items[:8]]
        entry["item_count"] = len(items)
    dump = json.dumps(audit, ensure_ascii=False)
    if category in ("seo", "best-practices") and (public_host in dump or "robots.txt" in dump):
        entry["host_mismatch"] = (f"the page is served at 127.0.0.1 under the column, while its canonical link "
                                  f"and sitemap name https://{public_host}/… and robots.txt belongs to the "
                                  f"portal's root: an effect of the audit's set-up, not of the site")
    return entry


def failing_audits(report: dict, prefix: str, public_host: str) -> tuple[list[dict], list[dict]]:
    """(scored audits below 1 outside the metrics, audits that errored) of one report."""
    failing, errored, seen = [], [], set()
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("group") in ("metrics", "hidden") or ref["id"] in seen:
                continue
            seen.add(ref["id"])
            if audit["scoreDisplayMode"] == "error":
                errored.append({"id": ref["id"], "category": category, "error": audit.get("errorMessage", ""),
                                "note": TRACE_ENGINE_NOTE if ref["id"] in TRACE_ENGINE_AUDITS else ""})
            elif audit["scoreDisplayMode"] in SCORED_MODES and audit["score"] is not None and audit["score"] < 1:
                failing.append(audit_entry(audit, category, ref.get("weight", 0), prefix, public_host))
    # Accessibility, SEO and best-practice failures first (they cost score), then by time and bytes saved.
    failing.sort(key=lambda a: (-a["weight"], -max((a.get("metric_savings_ms") or {}).values(), default=0),
                                -a.get("savings_kb", 0), a["id"]))
    return failing, errored


def requests(report: dict, prefix: str) -> list[dict]:
    """Every request of the page load: what, how big on the wire and decoded, when."""
    items = (report["audits"]["network-requests"].get("details") or {}).get("items", [])
    return [{"url": shorten(item["url"], prefix)[:120], "type": item.get("resourceType", ""),
             "transfer_kb": round(item.get("transferSize", 0) / 1024, 1),
             "resource_kb": round(item.get("resourceSize", 0) / 1024, 1),
             "priority": item.get("priority", ""), "end_ms": round(item.get("networkEndTime", 0))}
            for item in items]


def render_blocking(site: Path, page_path: str, network: list[dict]) -> list[dict]:
    """Stylesheets and classic scripts in the page's <head>: what Lighthouse's errored audit would list."""
    file = site / page_path.split("?")[0] / "index.html"
    head = file.read_text(encoding="utf-8").split("</head>", 1)[0]
    sizes = {item["url"].split("?")[0]: item for item in network}
    blocking = []
    for tag in re.findall(r"<(?:link|script)\b[^>]*>", head):
        href = re.search(r'(?:href|src)="([^"]+)"', tag)
        if not href:
            continue
        is_css = "stylesheet" in tag and "media=\"print\"" not in tag
        is_js = tag.startswith("<script") and not re.search(r"\b(async|defer|type=\"module\")", tag)
        if not (is_css or is_js):
            continue
        url = os.path.normpath(os.path.join(page_path.split("?")[0], href.group(1))).lstrip("./")
        seen = sizes.get(url, {})
        blocking.append({"url": url, "kind": "css" if is_css else "js",
                         "transfer_kb": seen.get("transfer_kb"), "resource_kb": seen.get("resource_kb")})
    return blocking


BROWSER_SCRIPT = """() => new Promise(resolve => {
  const describe = node => !node ? null : node.nodeType !== 1 ? '#text' :
    node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + [...node.classList].map(c => '.' + c).join('');
  const found = {lcp: null, shifts: []};
  new PerformanceObserver(list => {
    const e = list.getEntries().at(-1);
    found.lcp = {element: describe(e.element), text: e.element ? (e.element.textContent || '').trim().slice(0, 60) : null,
                 size: e.size, url: e.url || null};
  }).observe({type: 'largest-contentful-paint', buffered: true});
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) found.shifts.push({value: Math.round(e.value * 10000) / 10000,
      at_ms: Math.round(e.startTime), sources: (e.sources || []).map(s => ({element: describe(s.node),
        from: [s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height].map(Math.round),
        to: [s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height].map(Math.round)}))});
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(found), 200);
})"""


def browser_checks(base: str, column: str, named: dict[str, str]) -> dict[str, dict]:
    """What Lighthouse's errored audits would say: each page's LCP element and layout shifts.

    Playwright and the same chromium at Lighthouse's mobile viewport (412x823, DPR 1.75, touch) and its
    4x CPU slowdown; the network is not throttled.  Shifts are listed whatever their hadRecentInput.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=["--no-sandbox", "--disable-gpu"])
        for name, path in named.items():
            context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                          is_mobile=True, has_touch=True, locale="zh-CN")
            page = context.new_page()
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.goto(base + column + path, wait_until="load")
            page.wait_for_timeout(3000)  # the full-text page's first results
            found[name] = page.evaluate(BROWSER_SCRIPT)
            context.close()
        browser.close()
    return found


def rounded(metric: str, value: float):
    return round(value, 3) if metric == "CLS" else round(value)  # CLS unitless, the others in ms


def metric_points_lost(report: dict) -> dict[str, float]:
    """Performance points each metric costs in one report: weight × (1 − score)."""
    lost = {}
    for ref in report["categories"]["performance"]["auditRefs"]:
        if ref.get("weight"):
            short = next((k for k, v in METRICS.items() if v == ref["id"]), ref["id"])
            lost[short] = round(ref["weight"] * (1 - (report["audits"][ref["id"]]["score"] or 0)), 1)
    return lost


def audit_page(name: str, url: str, runs: int, prefix: str, raw: Path, public_host: str) -> dict:
    reports = []
    for run in range(runs):
        report = lighthouse(url, raw / f"{name}-{run + 1}.json")
        reports.append(report)
        score = report["categories"]["performance"]["score"]
        print(f"  {name} run {run + 1}: performance {round(score * 100) if score is not None else '—'}",
              flush=True)

    def score(report, category):
        value = report["categories"][category]["score"]
        return None if value is None else round(value * 100)

    order = sorted(range(runs), key=lambda i: (score(reports[i], "performance") or 0, i))
    median = reports[order[(runs - 1) // 2]]
    failing, errored = failing_audits(median, prefix, public_host)
    network = requests(median, prefix)
    return {
        "url": re.sub(r"^https?://[^/]+", "", url),
        "scores": {category: score(median, category) for category in CATEGORIES},
        "scores_per_run": {category: [score(r, category) for r in reports] for category in CATEGORIES},
        "metrics": {short: rounded(short, statistics.median(r["audits"][audit]["numericValue"] for r in reports))
                    for short, audit in METRICS.items()},
        "metrics_per_run": {short: [rounded(short, r["audits"][audit]["numericValue"]) for r in reports]
                            for short, audit in METRICS.items()},
        "median_run": order[(runs - 1) // 2] + 1,
        "benchmark_index": [r["environment"]["benchmarkIndex"] for r in reports],
        "failing": failing,
        "errored": errored,
        "transfer_kb": round(sum(item["transfer_kb"] for item in network), 1),
        "requests": network,
        "main_thread_ms": {item["group"]: round(item["duration"])
                           for item in median["audits"]["mainthread-work-breakdown"]["details"]["items"]},
        "bootup_ms": {shorten(item["url"], prefix): round(item["total"])
                      for item in median["audits"]["bootup-time"]["details"]["items"]},
        "run_warnings": median.get("runWarnings", []),
        "metric_points_lost": metric_points_lost(median),
        "context": {audit: {"score": median["audits"][audit]["score"],
                            "mode": median["audits"][audit]["scoreDisplayMode"],
                            "note": note.format(host=public_host)}
                    for audit, note in CONTEXT.items() if audit in median["audits"]},
    }


# ---------------------------------------------------------------------------------------------
# Nu Html Checker


def vnu(site: Path, files: list[str]) -> list[dict]:
    java = shutil.which("java")
    if not java:
        sys.exit("java not found: the Nu Html Checker needs Java 11+ (apt-get install openjdk-17-jre-headless)")
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--skip-non-html", *files],
                            cwd=site, capture_output=True, text=True, timeout=600)
    # vnu writes its JSON to stderr and exits 1 when it found errors.
    text = result.stderr.strip() or result.stdout.strip()
    try:
        return json.loads(text)["messages"]
    except (ValueError, KeyError):
        sys.exit(f"vnu failed (exit {result.returncode}):\n{result.stdout}{result.stderr}")


# Messages whose origin we know, with the reason: (message pattern, extract pattern, origin, where, reason, fix).
KNOWN = [
    (r"Attribute “autocomplete” is only allowed when the input type is", r'data-md-toggle="(drawer|search)"',
     "material", "material/templates/base.html (lines 99–100, outside every block)",
     "material writes the drawer and search toggles as <input type=checkbox autocomplete=off> so that Firefox "
     "does not restore them open after a reload or Back; the HTML standard does not allow autocomplete on "
     "checkboxes.  Reported upstream (squidfunk/mkdocs-material#1513, closed, kept on purpose).  The two "
     "inputs sit outside any template block, so removing the attribute would mean copying all of base.html.",
     "none advised: harmless (browsers honour it; only the validator objects)"),
    (r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     r'for="__toc"', "material", "material/templates/partials/toc.html (label) and partials/nav-item.html (input)",
     "material's toc.html writes <label for=\"__toc\"> whenever the page has a table of contents, but the "
     "<input id=\"__toc\"> it points to is written by nav-item.html only for a page that is in the nav.  Our "
     "policy pages, yearly summaries and replies with ## sections have a TOC and are not in the nav, so "
     "the label points nowhere.",
     "ours to avoid: override partials/toc.html (overrides/partials/toc.html, material's 25 lines) to write "
     "<div class=\"md-nav__title\"> instead of the <label> when the page is not in the nav "
     "({% if page in nav.pages %}); or add \"hide\": [\"toc\"] to the front matter of policy_page() and "
     "summary_pages() in generator/render/listings.py (and reply pages with sections) as "
     "contact/sitemap/search do"),
    (r"Article lacks heading", r'class="md-content__inner md-typeset"', "material",
     "material/templates/base.html (line 185, <article class=\"md-content__inner\">)",
     "material's <article class=\"md-content__inner\"> holds the page; on a reply page the only heading is "
     "inside our nested <article class=\"letter\">, so the outer article has none of its own (a warning)",
     "goes away with the letter's <article> made a <div> (next entry)"),
    (r"Consider using the “h1” element as a top-level heading only", r"<h1", "ours",
     "generator/render/reply_page.py (<article class=\"letter\"> around the reply's # title)",
     "the reply's h1 sits inside a nested <article> (sectioning content), where an h1 is not the page's "
     "top-level heading for some screen readers (a warning, not an error)",
     "optional: LETTER_ARTICLE in generator/render/reply_page.py → ('<div class=\"letter\">', '</div>') "
     "(CSS selects .letter; site_tests/site/test_built_site.py selects article.letter and would follow); "
     "<section> would warn the same"),
]


def source_files(*folders: Path, patterns=("*.html", "*.py", "*.js", "*.md")) -> dict[Path, str]:
    files = {}
    for folder in folders:
        for pattern in patterns:
            for path in folder.rglob(pattern):
                files[path] = path.read_text(encoding="utf-8", errors="replace")
    return files


def classify(message: dict, html: list[str], ours: dict[Path, str], material: dict[Path, str]) -> dict:
    """Who wrote the markup a vnu message is about: "ours", "material" or "unknown", and why."""
    extract = message.get("extract", "")
    start = message.get("hiliteStart", 0)
    marked = extract[start:start + message.get("hiliteLength", len(extract))]
    for text, pattern, origin, where, reason, fix in KNOWN:
        if re.search(text, message["message"]) and re.search(pattern, marked or extract):
            return {"origin": origin, "where": where, "reason": reason, "fix": fix}
    line = message.get("lastLine", 0)
    # Inside the page's <article class="md-content__inner">: our generated Markdown and hooks.
    opening = next((i for i, text in enumerate(html, 1) if 'class="md-content__inner md-typeset"' in text), None)
    if opening is not None and line > opening:
        depth = 0
        for number, text in enumerate(html[opening - 1:], opening):
            depth += text.count("<article") - text.count("</article>")
            if depth <= 0:
                break
        if line < number:
            return {"origin": "ours", "where": "page content (generator/render/, mkdocs_hooks.py)",
                    "reason": "inside the page's content, which our generated Markdown and hooks write", "fix": ""}
    # Elsewhere: look for the marked element's attributes in our sources, then material's templates.
    attributes = re.findall(r'\b(?:class|id|for|data-[\w-]+)="[^"{}]+"', marked)
    for origin, sources in (("ours", ours), ("material", material)):
        for attribute in attributes:
            name, value = attribute.split("=", 1)
            value = value.strip('"').split()[0]
            holders = sorted(str(path.relative_to(ROOT if origin == "ours" else MATERIAL.parent))
                             for path, text in sources.items() if value in text and name in text)
            if holders:
                return {"origin": origin, "where": ", ".join(holders[:3]),
                        "reason": f"{attribute} is written by {holders[0]}", "fix": ""}
    return {"origin": "unknown", "where": f"line {line}", "reason": "not located; read the page", "fix": ""}


def html_check(site: Path, files: list[str]) -> dict:
    messages = vnu(site, files)
    ours = source_files(ROOT / "overrides", ROOT / "generator")
    material = source_files(MATERIAL, patterns=("*.html",))
    found: dict[tuple, dict] = {}
    for message in messages:
        if message["type"] not in ("error", "info") or (message["type"] == "info"
                                                        and message.get("subType") != "warning"):
            continue
        kind = "error" if message["type"] == "error" else "warning"
        page = message["url"].split(str(site) + "/", 1)[-1]
        html = (site / page).read_text(encoding="utf-8").splitlines()
        origin = classify(message, html, ours, material)
        extract = re.sub(r"\s+", " ", message.get("extract", "")).strip()
        key = (kind, message["message"], origin["where"])
        entry = found.setdefault(key, {"kind": kind, "message": message["message"], "extracts": [],
                                       "pages": [], **origin})
        entry["pages"].append(f"{page}:{message.get('lastLine')}")
        if extract not in entry["extracts"] and len(entry["extracts"]) < 3:
            entry["extracts"].append(extract)
    listed = sorted(found.values(), key=lambda e: (e["kind"], e["origin"], e["message"]))
    counts = {}
    for entry in listed:
        bucket = counts.setdefault(entry["kind"] + "s", {"ours": 0, "material": 0, "unknown": 0})
        bucket[entry["origin"]] += len(entry["pages"])
    return {"files": files, "counts": counts, "messages": listed}


# ---------------------------------------------------------------------------------------------
# Report


def print_lighthouse(results: dict) -> None:
    print("\nLighthouse (mobile, simulated slow 4G, 4x CPU; median of runs by performance)")
    print(f"{'page':<8} {'perf':>4} {'runs':<12} {'a11y':>4} {'bp':>4} {'seo':>4} "
          f"{'FCP':>7} {'LCP':>7} {'TBT':>6} {'CLS':>6} {'SI':>7} {'KB':>6}")
    for name, page in results.items():
        s, m = page["scores"], page["metrics"]
        runs = "/".join(str(v) for v in page["scores_per_run"]["performance"])
        print(f"{name:<8} {s['performance']:>4} {runs:<12} {s['accessibility']:>4} {s['best-practices']:>4} "
              f"{s['seo']:>4} {m['FCP'] / 1000:>6.2f}s {m['LCP'] / 1000:>6.2f}s {m['TBT']:>4.0f}ms {m['CLS']:>6.3f} "
              f"{m['SI'] / 1000:>6.2f}s {page['transfer_kb']:>6.1f}")
    first = next(iter(results.values()), {})
    for audit, seen in first.get("context", {}).items():
        print(f"  set-up: {audit} ({seen['mode']}, score {seen['score']}): {seen['note']}")
    for name, page in results.items():
        print(f"\n{name}: {page['url']}")
        print("  points lost: " + ", ".join(f"{k} {v}" for k, v in page["metric_points_lost"].items() if v))
        if page.get("lcp_element"):
            lcp = page["lcp_element"]
            print(f"  LCP element (Playwright, 412x823, 4x CPU): {lcp.get('element')} “{lcp.get('text')}” "
                  f"size {lcp.get('size')}")
        for shift in page.get("layout_shifts", []):
            print(f"  layout shift {shift['value']} at {shift['at_ms']} ms: "
                  + "; ".join(f"{s['element']} {s['from']} → {s['to']}" for s in shift["sources"]))
        print("  render-blocking: " + ", ".join(f"{b['url']} ({b['transfer_kb']} KB)" for b in page["render_blocking"]))
        for audit in page["failing"][:10]:
            savings = []
            if audit.get("metric_savings_ms"):
                savings.append(", ".join(f"{k} {v} ms" for k, v in audit["metric_savings_ms"].items()))
            if audit.get("savings_kb"):
                savings.append(f"{audit['savings_kb']} KB")
            note = " [host mismatch]" if audit.get("host_mismatch") else ""
            print(f"  - {audit['category']}: {audit['id']} score {audit['score']}"
                  f"{' weight ' + str(audit['weight']) if audit['weight'] else ''}"
                  f"{' — ' + audit['display'] if audit['display'] else ''}"
                  f"{' (' + '; '.join(savings) + ')' if savings else ''}{note}")
        if page["errored"]:
            print("  errored: " + ", ".join(a["id"] for a in page["errored"]))


def print_vnu(check: dict) -> None:
    print(f"\nNu Html Checker on {len(check['files'])} pages")
    for kind, counts in check["counts"].items():
        print(f"  {kind}: " + ", ".join(f"{origin} {n}" for origin, n in counts.items()))
    for entry in check["messages"]:
        print(f"- {entry['kind']} [{entry['origin']}] {entry['message'][:110]}")
        print(f"    {len(entry['pages'])}×: {', '.join(entry['pages'][:6])}{' …' if len(entry['pages']) > 6 else ''}")
        print(f"    where: {entry['where']}")
        print(f"    why: {entry['reason']}")
        if entry["fix"]:
            print(f"    fix: {entry['fix']}")


def tool_versions() -> dict:
    def run(*command):
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()
        except OSError:
            return ""
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return {"lighthouse": run(str(LIGHTHOUSE), "--version"), "chromium": run(CHROME, "--version"),
            "vnu": run("java", "-jar", str(VNU), "--version"), "java": java[0] if java else "",
            "node": run("node", "--version"), "nginx": subprocess.run(["nginx", "-v"], capture_output=True,
                                                                      text=True).stderr.strip(),
            "mkdocs_material": importlib.metadata.version("mkdocs-material")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the other office's)")
    parser.add_argument("--column", help="the path the site is served at (default: from data/replies.json)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-vnu", action="store_true")
    parser.add_argument("--vnu-all", action="store_true", help="check every built page, not one of each kind")
    args = parser.parse_args()

    for tool in ([] if args.skip_lighthouse else [LIGHTHOUSE]) + ([] if args.skip_vnu else [VNU]):
        if not tool.exists():
            sys.exit(f"{tool.relative_to(ROOT)} is missing: run `npm ci --no-audit --no-fund` (or `make audit`)")
    site = args.site.resolve() if args.site else build(WORK)
    public_host, column, reply = first_reply(site)
    column = args.column or column
    report = {"site": {"column": column, "public_host": public_host,
                       "built": str(site.relative_to(ROOT)) if site.is_relative_to(ROOT) else str(site)},
              "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
              "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
              "tools": tool_versions()}

    if not args.skip_lighthouse:
        raw = WORK / "lighthouse"
        shutil.rmtree(raw, ignore_errors=True)
        raw.mkdir(parents=True)
        named = pages(reply)
        results = {}
        with serve(site, column=column) as base:
            prefix = base + column
            for name, path in named.items():
                results[name] = audit_page(name, prefix + path, args.runs, prefix, raw, public_host)
                results[name]["render_blocking"] = render_blocking(site, path, results[name]["requests"])
            for name, seen in browser_checks(base, column, named).items():
                results[name]["lcp_element"] = seen["lcp"]
                results[name]["layout_shifts"] = seen["shifts"]
        report["lighthouse"] = {"settings": "mobile (Moto G Power, 412x823), simulated throttling: 150 ms RTT, "
                                            "1.6 Mbit/s, 4x CPU slowdown; categories " + ", ".join(CATEGORIES),
                                "runs": args.runs, "targets": TARGETS, "pages": results}
        print_lighthouse(results)

    if not args.skip_vnu:
        files = (sorted(str(p.relative_to(site)) for p in site.rglob("*.html")) if args.vnu_all
                 else vnu_sample(site, reply))
        report["vnu"] = html_check(site, files)
        print_vnu(report["vnu"])

    if args.out.is_file():  # a part skipped this time keeps its previous figures
        previous = json.loads(args.out.read_text(encoding="utf-8"))
        for part in ("lighthouse", "vnu"):
            if part not in report and part in previous:
                report[part] = previous[part]
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.out.relative_to(ROOT) if args.out.resolve().is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
