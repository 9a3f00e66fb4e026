"""MkDocs hooks: run the generator inside ``mkdocs build`` and ``mkdocs serve``.

on_config generates the docs directory from content/ (so plain ``mkdocs
build`` works), starts the Pagefind indexer, and hands aliases to
mkdocs-redirects.  Before material's search plugin writes its index, the
lean entries replace the page entries.  ``mkdocs serve`` also watches
content/.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from generator import incremental
from generator.fulltext import FulltextIndexer
from generator.pipeline import generate
from generator.problems import BuildFailed, Severity
from generator.render.reply_page import letter_article
from generator.render.site_pages import footer_identity
from generator.write import UnsafePath, file_written, write_atomic

log = logging.getLogger("mkdocs.generator")
STATE: dict = {}


def content_dir(config) -> Path:
    configured = os.environ.get("GENERATOR_CONTENT")
    if configured:
        return Path(configured).resolve()
    # abspath, not resolve(): a symlinked mkdocs.yml must still find the content beside it.
    return Path(os.path.abspath(config.config_file_path)).parent / "content"


def render_options() -> dict:
    # Tests build small sites in several Pagefind bundles with this.
    bundle = os.environ.get("GENERATOR_FULLTEXT_BUNDLE", "")
    return {"bundle_records": int(bundle)} if bundle.isdigit() and int(bundle) > 0 else {}


def on_startup(command, dirty):
    STATE["command"] = command
    if command == "serve":
        reuse_docs_files()


def reuse_docs_files() -> None:
    """In the preview, MkDocs' list of the docs directory is kept while its files stay the same.

    Why: MkDocs walks the docs directory at every build and makes a File
    for each of its 11,000 files (their paths parsed and joined: 0.5 s of
    each preview rebuild at 10,000 replies).  The generator wrote that
    directory and knows its files (``STATE["docs_listing"]``, None when a
    generation failed midway); while they are the same, so is MkDocs' list.
    Patched once per process; ``mkdocs build`` is never affected.
    """
    import mkdocs.commands.build as build
    from mkdocs.structure.files import Files

    walk = build.get_files
    if getattr(walk, "reusing", False):
        return

    def get_files(config):
        listing = (config.docs_dir, config.site_dir, config.use_directory_urls, STATE.get("docs_listing"))
        kept = STATE.get("docs_files")
        if listing[-1] is not None and kept is not None and kept[0] == listing:
            for file in kept[1]:
                file.page = None  # pages are given back by reuse_pages, for unchanged files only
                file.__dict__.pop("is_modified", None)  # pinned by on_files for the last build
            return Files(list(kept[1]))
        files = walk(config)
        STATE["docs_files"] = (listing, tuple(files))
        return files

    get_files.reusing = True
    build.get_files = get_files


class DirtyBuildNotice(logging.Filter):
    """MkDocs warns at every ``--dirty`` build that navigation may be stale.

    Why silenced: the generator's build cache (generator/incremental.py)
    makes a dirty build only where nothing but records changed, and then
    the navigation is the same (``make serve`` too: mkdocs.yml's nav names
    generated pages, never records); the stale files MkDocs leaves are
    removed (incremental.prune).  The warning would fail every --strict build.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


def on_config(config):
    atomic_writes()
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, DirtyBuildNotice) for f in build_log.filters):
        build_log.addFilter(DirtyBuildNotice())
    if STATE.get("command") == "serve":
        config.extra_javascript.append(PREVIEW_STATUS)
    content = content_dir(config)
    strict = os.environ.get("GENERATOR_STRICT") == "1"
    memo = incremental.next_memo()
    listing = STATE.pop("docs_listing", None)  # unknown while a generation may be writing
    try:
        output, problems, stats = generate(content, Path(config.docs_dir), strict=strict, memo=memo,
                                           search_ready=lambda search: start_fulltext(config, search),
                                           **render_options())
    except BuildFailed as failure:
        abandon_fulltext()
        if STATE.get("command") != "serve" or "output" not in STATE:
            raise PluginError(f"{failure}\n{failure.report()}") from None
        # The preview keeps the last good pages (their Markdown is untouched) under a banner
        # with the problems, so staff see them in the browser as well as in the terminal.
        log.error("%s\n%s", failure, failure.report())
        STATE["serve_error"] = failure.report()
        if not isinstance(failure, UnsafePath):  # the others stop the generator before it writes
            STATE["docs_listing"] = listing
        start_fulltext(config, STATE["output"].search)
        return use_output(config, content, STATE["output"])
    STATE.pop("serve_error", None)
    for problem in problems:
        if problem.severity is Severity.WARNING:
            log.info(str(problem))
    log.info("generator: %d written, %d unchanged, %d removed; %d records from the memo, %d computed",
             stats["written"], stats["unchanged"], stats["removed"], memo.hits, memo.misses)
    incremental.MEMO["built"] = memo  # what the next build may reuse (kept by the build cache, or below)
    STATE["output"] = dataclasses.replace(output, files={})  # for a failed rebuild in serve; the files are on disk
    STATE["docs_listing"] = frozenset((*output.files, *output.copies))
    return use_output(config, content, output)


def use_output(config, content: Path, output):
    """Hand the generator's output to MkDocs and its plugins (Pagefind has its search data already)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(output.source_date_epoch))
    apply_identity(config, output.site)
    redirects = config.plugins.get("redirects")
    if redirects is not None:
        redirects.config["redirect_maps"] = dict(output.redirects)
    # Only the search data is needed later; the generated files are on disk now.
    STATE["search"] = output.search
    STATE["content"] = content
    STATE["robots"] = output.robots
    return config


def start_fulltext(config, search_data) -> None:
    """Start Pagefind on the search data (maybe still being computed) in a thread.

    A preview rebuild starts it once the pages are written
    (copy_fulltext_index), at a lower priority: on two cores it would slow
    the rebuild of the page on screen.
    """
    if os.environ.get("GENERATOR_FULLTEXT", "1") != "1":
        return
    if STATE.get("command") == "serve" and "output" in STATE:
        STATE["fulltext_pending"] = search_data
        return
    launch_fulltext(config, search_data)


def launch_fulltext(config, search_data) -> None:
    STATE["indexer"], STATE["pagefind_dir"] = new_indexer(config, search_data)


def new_indexer(config, search_data, background: bool = False) -> tuple[FulltextIndexer, Path]:
    """A started indexer and its work directory."""
    # Beside the site, so the bundles move into it and link to the cache (same file system).
    beside = Path(config.site_dir).resolve().parent
    beside.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".site-pagefind-", dir=beside))
    cache = os.environ.get("GENERATOR_PAGEFIND_CACHE") or None
    if cache is None and STATE.get("command") == "serve":  # one for the preview's lifetime (on_shutdown)
        if "pagefind_cache" not in STATE:
            STATE["pagefind_cache"] = tempfile.mkdtemp(prefix="preview-pagefind-")
        cache = STATE["pagefind_cache"]
    return FulltextIndexer(search_data.keyed_bundles, workdir / "pagefind", cache, background).start(), workdir


def abandon_fulltext() -> None:
    """A generation that failed after the indexer started: it finishes unwaited-for, its output goes."""
    STATE.pop("fulltext_pending", None)
    indexer = STATE.pop("indexer", None)
    if indexer is not None:
        workdir = STATE.pop("pagefind_dir")

        def finish():
            try:
                indexer.wait()
            except Exception:  # noqa: BLE001 - its output is thrown away either way
                pass
            incremental.discard(workdir)

        thread = threading.Thread(target=finish, daemon=True)
        thread.start()
        incremental.BACKGROUND.append(thread)  # a command that exits first waits for it


def atomic_writes() -> None:
    """MkDocs and mkdocs-redirects write every file by replacing it, never by writing into it.

    Why: an incremental build starts from a hard-link copy of the previous
    site (generator/incremental.py); a file written in place would change
    the live site's copy too.  Replacing is also what a web server reading
    the files wants.  Patched once per process.
    """
    import mkdocs.utils
    import mkdocs_redirects.plugin

    if getattr(mkdocs.utils.write_file, "atomic", False):
        return

    def write_file(content: bytes, output_path: str) -> None:
        # The same bytes again (sitemap, search index, 404 page): left as they are, so their
        # precompressed copies stay up to date and an incremental build does not redo them.
        path = Path(output_path)
        try:
            if path.stat().st_size == len(content) and path.read_bytes() == content:
                return
        except OSError:
            pass
        write_atomic(path, content)
        file_written(output_path)

    def copy_file(source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):
            output_path = os.path.join(output_path, os.path.basename(source_path))
        content = Path(source_path).read_bytes()
        write_atomic(Path(output_path), content)
        file_written(output_path)

    original_write_html = mkdocs_redirects.plugin.write_html

    def write_html(site_dir, old_path, new_path):
        Path(site_dir, old_path).unlink(missing_ok=True)  # it opens the file for writing
        incremental.EXPECTED.setdefault("outputs", set()).add(Path(old_path).as_posix())
        return original_write_html(site_dir, old_path, new_path)

    write_file.atomic = True
    mkdocs.utils.write_file = write_file
    mkdocs.utils.copy_file = copy_file
    mkdocs_redirects.plugin.write_html = write_html


@event_priority(100)  # first: no plugin touches the staging directory before its base is there
def on_pre_build(config):
    incremental.wait_for_base()
    incremental.EXPECTED["outputs"] = set()
    # Written with open() by MkDocs itself, every build: removed first (see atomic_writes).
    Path(config.site_dir, "sitemap.xml.gz").unlink(missing_ok=True)


@event_priority(-100)  # after every plugin's on_files: the final set of files
def on_files(files, config):
    """Record what the build stands for; unlink the outputs it is about to rewrite.

    A file whose source is newer than its output is rebuilt (MkDocs'
    ``--dirty`` rule; a clean build rebuilds all); some of MkDocs' writers
    open the output in place, so it is removed first.
    """
    expected = incremental.EXPECTED.setdefault("outputs", set())
    for file in files:
        expected.add(file.dest_uri)
        if file.abs_src_path:
            file.__dict__.pop("is_modified", None)
            modified = file.is_modified()
            # Performance: MkDocs asks again when it reads, renders and copies (two stats each
            # time, 0.4 s of a preview rebuild at 10,000 replies); the answer is this one.
            file.is_modified = lambda modified=modified: modified
            if modified:
                Path(file.abs_dest_path).unlink(missing_ok=True)
    expected.update(config.theme.static_templates)
    expected.update(("sitemap.xml.gz", "search/search_index.json"))
    if STATE.get("command") == "serve":
        reuse_pages(files)
    return files


def reuse_pages(files) -> None:
    """In the preview, a page whose file is unchanged keeps its Page from the last build.

    Why: MkDocs makes a Page for each of 10,000 files at every build (their
    URLs joined and quoted: 0.6 s of each preview rebuild at 10,000
    replies), and ``--dirty`` neither reads nor renders an unchanged page
    again; the site map and the navigation read what the kept Page holds.
    """
    previous = STATE.pop("pages", {})
    for file in files.documentation_pages():
        page = previous.get(file.src_uri)
        if page is not None and not file.is_modified():
            page.file = file
            page.links_to_anchors = None  # as on a new Page: its links were checked when it was rendered
            file.page = page
    STATE["files"] = files


def on_nav(nav, config, files):
    """Pages an incremental build does not re-read keep what the site map needs of them.

    Why: MkDocs' sitemap reads each page's meta (robots: noindex leaves a
    withdrawn reply out), and an unread page has none; the generator knows it.
    """
    robots = STATE.get("robots", {})
    for file in files.documentation_pages():
        if file.page is not None and not file.page.meta and file.src_uri in robots:
            file.page.meta = {"robots": robots[file.src_uri]}
    return nav


def apply_identity(config, site) -> None:
    """The site's name, address and description come from content/site.yml alone.

    Why here: mkdocs.yml is the engine's settings; staff change one file
    (site.yml, validated with Chinese messages) to publish the column for
    another office or at another address, and every page title, canonical
    link, sitemap entry and feed then follows it.
    """
    config.site_name = site.name
    config.site_url = site.site_url
    config.site_description = site.description or config.site_description
    config.extra["identity"] = footer_identity(site)  # the footer (overrides/partials/copyright.html)


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory from one build of this process to the next.

    Why: MkDocs makes a new Jinja environment for every build, and
    compiling material's 42 templates again took 0.4 s of each preview
    rebuild.  Jinja keys each entry by the template's source checksum, so
    an edited template is compiled again.
    """

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def on_env(env, config, files):
    env.bytecode_cache = COMPILED_TEMPLATES
    return env


def on_page_content(html, page, config, files):
    # Memory: MkDocs renders every page before it writes the first, so each page's Markdown
    # waited for the end of the build (~100 MB at 10,000 replies, at the build's peak while
    # Pagefind indexes); nothing reads it once rendered.  Page.title is read from the Markdown.
    page.title = page.title
    page.markdown = None
    return letter_article(html)


def on_post_page(output, page, config):
    # Memory: MkDocs keeps every page's HTML until the build ends (~0.4 GB at
    # 10,000 replies, beside Pagefind's bundles); once the page is written
    # nothing reads it again (anchor validation uses its own lists).
    page.content = None
    return output


# `mkdocs serve` only, never a built site: every preview page loads this script, which shows the
# problems of a failed rebuild above the last good page.  Why a script and not the banner in each
# page: a dirty rebuild (`make serve`) rewrites only the pages whose Markdown changed, and a failed
# one none; the script is one file, rewritten by every rebuild, and the live reload fetches it anew.
PREVIEW_STATUS = "_preview/status.js"
PREVIEW_SCRIPT = """(function () {
  var problems = %s;
  if (!problems) return;
  var banner = document.createElement("div");
  banner.className = "preview-error";
  banner.setAttribute("role", "alert");
  banner.style.cssText = "position:sticky;top:0;z-index:10;background:#b71c1c;color:#fff;padding:.8rem 1rem;" +
    "font:14px/1.6 sans-serif;white-space:pre-wrap";
  var title = document.createElement("strong");
  title.textContent = "预览未更新，请改正以下问题后保存：";
  banner.appendChild(title);
  banner.appendChild(document.createTextNode("\\n" + problems + "\\n下面是上一次正确的内容。"));
  document.body.insertBefore(banner, document.body.firstChild);
})();
"""


def preview_script(problems: str | None) -> str:
    return PREVIEW_SCRIPT % json.dumps(problems, ensure_ascii=False)


def on_shutdown():
    if "pagefind_cache" in STATE:
        shutil.rmtree(STATE.pop("pagefind_cache"), ignore_errors=True)


def on_serve(server, config, builder):
    """Watch content/, not the generated docs directory.

    Why: each rebuild regenerates build/docs; with it watched, the
    generator's own writes triggered a second rebuild after every save.
    """
    STATE.setdefault("content", content_dir(config))
    server.unwatch(config.docs_dir)
    watch_natively(server)
    server.watch(str(STATE["content"]))
    return server


def watch_natively(server) -> None:
    """The preview learns of a save from the kernel (inotify), not by polling.

    Why: MkDocs polls every watched file twice a second (PollingObserver,
    so that Docker and network mounts work too); at 10,000 replies each
    poll stats content/ for 0.09 s, in this process, beside the rebuild,
    and a save waits up to half a second to be seen.  Only writes, moves
    and deletions count: the generator's own reads of content/ must not
    start a rebuild.  ``GENERATOR_WATCH=poll`` keeps MkDocs' polling, for
    content on a share or mount where the kernel reports no changes.
    """
    from watchdog import events
    from watchdog.observers import Observer

    watched = getattr(server, "_watched_paths", None)
    if os.environ.get("GENERATOR_WATCH") == "poll" or not isinstance(watched, dict) or server.observer.is_alive():
        return
    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileMovedEvent,
               events.FileDeletedEvent, events.FileClosedEvent]

    class ChangesObserver(Observer):
        def schedule(self, event_handler, path, recursive=False, event_filter=None):
            return super().schedule(event_handler, path, recursive=recursive, event_filter=changes)

    try:  # no inotify here, or its limits reached: MkDocs' polling after all
        probe = Observer()
        probe.schedule(events.FileSystemEventHandler(), str(STATE["content"]), recursive=True)
        probe.start()
        probe.stop()
        probe.join()
    except OSError as exc:
        log.info("预览改用轮询检测文件改动：%s", exc)
        return
    paths = dict(watched)
    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = ChangesObserver()
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)


@event_priority(100)  # before material's search plugin writes its index
def on_post_build(config):
    search = config.plugins.get("material/search")
    if search is not None and "search" in STATE:
        search.search_index.entries = list(STATE["search"].lean())
        if incremental.MEMO.get("built") is not None:
            incremental.MEMO["built"].done()
        # Under `mkdocs serve --dirty`, material merges the previous build's entries in (so a
        # withheld or deleted reply would stay findable); these entries are the whole index.
        search.search_index_prev = None
        write_as_utf8(search.search_index)
    copy_fulltext_index(config)
    if STATE.get("command") == "serve":  # what `mkdocs serve --dirty` leaves behind goes, as in a build
        import mkdocs.utils

        mkdocs.utils.write_file(preview_script(STATE.get("serve_error")).encode("utf-8"),
                                os.path.join(config.site_dir, PREVIEW_STATUS))
        outputs = incremental.EXPECTED["outputs"]
        outputs.add(PREVIEW_STATUS)
        if outputs != STATE.get("outputs"):  # the same outputs as last time: nothing stale to look for
            incremental.prune(Path(config.site_dir), outputs)
        STATE["outputs"] = set(outputs)
        STATE["pages"] = {file.src_uri: file.page for file in STATE.pop("files").documentation_pages() if file.page}
    # MkDocs' own sitemap.xml.gz carries a time and a file name; write.precompress makes the
    # site's copy like every other one (and from the sitemap as it is now).
    Path(config.site_dir, "sitemap.xml.gz").unlink(missing_ok=True)


def write_as_utf8(search_index) -> None:
    """Material writes search_index.json with every Han character as a \\uXXXX escape.

    Why: six bytes a character instead of three; at 10,000 replies the
    gzipped index the browser fetches is 548 KB escaped and 467 KB as
    UTF-8 (JSON.parse reads both the same).  The instance's method is
    wrapped, so material still writes the file itself.
    """
    generate = search_index.generate_search_index
    if getattr(generate, "utf8", False):
        return

    def generate_utf8(*args, **kwargs):
        return json.dumps(json.loads(generate(*args, **kwargs)), ensure_ascii=False, separators=(",", ":"))

    generate_utf8.utf8 = True
    search_index.generate_search_index = generate_utf8


def copy_fulltext_index(config):
    if "fulltext_pending" in STATE:  # a preview rebuild: indexed after its pages, installed when done
        STATE["fulltext_generation"] = generation = STATE.get("fulltext_generation", 0) + 1
        threading.Thread(target=_index_later, args=(config, STATE.pop("fulltext_pending"), generation),
                         daemon=True).start()
        return
    indexer = STATE.pop("indexer", None)
    if indexer is None:
        return
    workdir = STATE.pop("pagefind_dir")
    if STATE.get("command") == "serve":
        # The preview shows the pages as soon as MkDocs has written them; its full-text index
        # follows when Pagefind is done (seconds later at 10,000 replies: one bundle of 2,000
        # replies indexed again).  Only the newest build's index is put in place.
        STATE["fulltext_generation"] = generation = STATE.get("fulltext_generation", 0) + 1
        threading.Thread(target=_install_fulltext_later, args=(indexer, workdir, Path(config.site_dir), generation),
                         daemon=True).start()
        return
    try:
        incremental.while_indexing()
        indexer.wait()
        _install_fulltext(workdir, Path(config.site_dir))
    finally:
        incremental.discard(workdir)


def _install_fulltext(workdir: Path, site_dir: Path) -> None:
    target = site_dir / "pagefind"
    if target.exists():  # an incremental build's base (or the preview's last index): deleted with the work directory
        os.rename(target, workdir / "replaced")
    try:
        # Performance: moved, not copied (10,000 files at 10,000 replies, on the critical
        # path after Pagefind); copied only when the two are on different file systems.
        os.replace(workdir / "pagefind", target)
    except OSError:
        shutil.copytree(workdir / "pagefind", target)


FULLTEXT_INSTALL = threading.Lock()
FULLTEXT_UPDATED = "预览的全文检索已更新。"


# The browser reloads the open pages right after a preview rebuild, from this process's server
# threads; putting the Pagefind records together and handing them to the indexer's child holds
# the interpreter (the GIL) for a while, so it starts a moment later.
PREVIEW_INDEX_DELAY_S = 1.0


def _index_later(config, search_data, generation: int) -> None:
    time.sleep(PREVIEW_INDEX_DELAY_S)
    if generation != STATE.get("fulltext_generation"):  # a newer rebuild indexes its own
        return
    indexer, workdir = new_indexer(config, search_data, background=True)
    _install_fulltext_later(indexer, workdir, Path(config.site_dir), generation)


def _install_fulltext_later(indexer, workdir: Path, site_dir: Path, generation: int) -> None:
    try:
        indexer.wait()
        with FULLTEXT_INSTALL:
            if generation == STATE.get("fulltext_generation"):
                _install_fulltext(workdir, site_dir)
                log.info(FULLTEXT_UPDATED)
    except Exception as exc:  # noqa: BLE001 - the preview goes on; the terminal says why search lags
        log.error("预览的全文索引未更新：%s", exc)
    finally:
        incremental.discard(workdir)
