"""The files of /admin/, the web editor: its page, Decap's config, the preview, and Decap itself.

Text files are rendered here from the site and the schema (generator/editor.py);
Decap CMS's bundle and the hand-written editor.js/preview.css are copied byte for
byte by the write stage (``Output.copies``).  Nothing is fetched from a CDN: the
bundle is the npm release pinned in package-lock.json, installed by ``npm ci``
(``make site``), and every request of the editor stays on the site's own
address or goes to the configured git server.

/admin/ is kept out of the public site's weight and indexes: no public page
links to it, it is not a MkDocs page (so neither in the sitemap nor in
material's search index, and the hook hands Pagefind only records), and its
page says ``noindex``.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..editor import config_yaml, editor_settings
from ..problems import BuildFailed, error
from ..schema import Site
from .markup import esc

ROOT = Path(__file__).resolve().parents[2]
DECAP_DIST = ROOT / "node_modules" / "decap-cms" / "dist"
ASSETS = Path(__file__).resolve().parent / "editor_assets"
ADMIN = "admin"
BUNDLE_DIR = f"{ADMIN}/decap-cms"


def decap_bundle_files(dist: Path = DECAP_DIST) -> dict[str, str]:
    """docs path -> file of the decap-cms package that the editor loads.

    decap-cms.js loads its chunks (NNN.decap-cms.js) and WebAssembly files from its
    own folder (webpack's automatic public path), so they are copied beside it.
    Left out: source maps (25 MB, never fetched) and cms.js, the same bundle under
    its older name.  Listing a directory, not reading it: write copies the bytes.
    """
    main = dist / "decap-cms.js"
    if not main.is_file():
        raise BuildFailed([error(str(main.relative_to(ROOT)) if main.is_relative_to(ROOT) else str(main), 1, "editor",
                                 "缺少网页编辑器（Decap CMS）的文件：请运行 make site（会执行 npm ci 安装 package-lock.json 中的版本）；"
                                 "不需要网页编辑器时，在 content/site.yml 中写 editor: 下一行 backend: 关闭")])
    files = {f"{BUNDLE_DIR}/{main.name}": str(main)}
    for path in sorted(dist.iterdir()):
        if path.name.endswith(".decap-cms.js") or path.suffix == ".wasm" or path.name == "decap-cms.js.LICENSE.txt":
            files[f"{BUNDLE_DIR}/{path.name}"] = str(path)
    return files


def material_styles() -> list[str]:
    """The site's own stylesheets, as the reply pages load them, for the preview pane."""
    import material

    folder = Path(material.__file__).resolve().parent / "templates" / "assets" / "stylesheets"
    names = [next(folder.glob(f"{stem}.*.min.css")).name for stem in ("main", "palette")]
    return [f"../assets/stylesheets/{name}" for name in names] + ["../assets/stylesheets/gov.css", "preview.css"]


def index_html(site: Site) -> str:
    # settings.js sets CMS_MANUAL_INIT before decap-cms.js runs (decap-cms-core's bootstrap
    # reads it), so editor.js registers the wording, the widget and the preview before Decap
    # starts; no inline script, so a CSP without 'unsafe-inline' can serve the page.  The
    # scripts close the body: Decap mounts into document.body when started.
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>网页编辑器 - {esc(site.name)}</title>
<link rel="icon" href="data:,">
</head>
<body>
<noscript>网页编辑器需要浏览器启用 JavaScript。</noscript>
<script src="settings.js"></script>
<script src="decap-cms/decap-cms.js"></script>
<script src="editor.js"></script>
</body>
</html>
"""


def settings_js(site: Site) -> str:
    settings = {**editor_settings(site), "previewStyles": material_styles()}
    return ("// Generated from generator/schema.py and content/site.yml by generator/editor.py; do not edit.\n"
            "window.CMS_MANUAL_INIT = true;  // editor.js starts Decap after its registrations\n"
            f"window.REPLIES_EDITOR = {json.dumps(settings, ensure_ascii=False, indent=1, sort_keys=True)};\n")


def render_editor_files(site: Site, api_url: str | None = None) -> dict[str, str]:
    """docs path -> text of /admin/'s generated files (none when site.yml turns the editor off)."""
    if not site.editor_enabled:
        return {}
    from ..editor import EditorSettingsError

    try:
        config = config_yaml(site) if api_url is None else config_yaml(site, api_url)
    except EditorSettingsError as failure:
        raise BuildFailed([error("site.yml", 1, "editor", str(failure))]) from None
    return {f"{ADMIN}/index.html": index_html(site), f"{ADMIN}/config.yml": config,
            f"{ADMIN}/settings.js": settings_js(site)}


def editor_copies(site: Site) -> dict[str, str]:
    """docs path -> file copied byte for byte: Decap's bundle and the editor's own script and style."""
    if not site.editor_enabled:
        return {}
    return {**decap_bundle_files(), f"{ADMIN}/editor.js": str(ASSETS / "editor.js"),
            f"{ADMIN}/preview.css": str(ASSETS / "preview.css")}
