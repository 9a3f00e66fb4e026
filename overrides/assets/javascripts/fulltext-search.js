/*
 * Full-text search page: Pagefind UI, with the query and filters kept in the
 * URL (?q=人才公寓&年度=2025&类型=政协提案) so a search can be linked, and a
 * reload reproduces it. early.js took ?q= out of the address before material
 * could claim it for the header search; syncUrl() puts it back.
 */
(function () {
  "use strict";
  var element = document.getElementById("fulltext-search");
  if (!element || typeof PagefindUI === "undefined") return;
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base + "/", window.location.href);
  var params = new URLSearchParams(window.__fulltextParams || window.location.search);
  var query = (params.get("q") || "").trim();
  var filters = {};
  params.forEach(function (value, key) {
    if (key !== "q") (filters[key] = filters[key] || []).push(value);
  });
  // Filter groups in the order a visitor narrows a search (Pagefind sorts by name).
  var ORDER = ["年度", "类型", "答复类别", "办理单位", "主题"];
  var EXCERPT = 40; // words
  // generator/render/search_data.py: a record is the letter, METADATA_MARK,
  // the metadata line, KEYWORD_MARK and a hidden keyword list.
  var METADATA_MARK = "zhmetadata", KEYWORD_MARK = "zhkeywordlist";

  /*
   * Pagefind may centre the excerpt on the hidden keyword list (see
   * keyword_list() in search_data.py). Rebuild it like Pagefind's own, a
   * window of EXCERPT words (split on the zero-width spaces Pagefind puts
   * between words) holding the most matches, but from the letter when the
   * query occurs there, else from the metadata line, never from the list.
   */
  function textExcerpt(result) {
    var words = (result.raw_content || "").split("\u200B");
    var meta = -1, end = -1;
    words.forEach(function (word, i) {
      if (meta < 0 && word.trim() === METADATA_MARK) meta = i;
      if (end < 0 && word.trim() === KEYWORD_MARK) end = i;
    });
    if (meta < 0 || end < 0) return result.excerpt;
    var hits = (result.weighted_locations || []).filter(function (l) { return l.location < end; });
    var inLetter = hits.filter(function (l) { return l.location < meta; });
    var from = 0, to = meta;  // the letter …
    if (inLetter.length) hits = inLetter;
    else if (hits.length) { from = meta + 1; to = end; }  // … or the metadata line
    hits = hits.slice(0, 400);  // the window search below is quadratic
    var marked = {};
    hits.forEach(function (hit) { marked[hit.location] = true; });
    // The window holding the most *different* matched words wins, so 金砖数字小镇
    // beats a passage that only repeats 数字.
    var start = from, best = -1;
    hits.forEach(function (hit) {
      var seen = {}, sum = 0;
      hits.forEach(function (other) {
        var word = words[other.location];
        if (other.location >= hit.location && other.location < hit.location + EXCERPT && !seen[word]) {
          seen[word] = true;
          sum += 1 + (other.balanced_score || 0) / 1000;
        }
      });
      if (sum > best) { best = sum; start = hit.location - Math.floor(EXCERPT / 4); }
    });
    start = Math.max(from, Math.min(start, to - EXCERPT));
    var out = [];
    for (var k = start; k < Math.min(start + EXCERPT, to); k++) {
      out.push(marked[k] ? "<mark>" + words[k] + "</mark>" : words[k]);
    }
    return out.join("").replace(/\s+/g, " ").replace(/^[\s。，、；：！？）」』”]+/, "").trim();
  }

  var ui = new PagefindUI({
    element: element,
    bundlePath: new URL("pagefind/", base).pathname,
    // Record URLs are site-relative ("/replies/…"); prefixing the site's own
    // path keeps result links right at the root and under a sub-path alike.
    baseUrl: base.pathname,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    pageSize: 10,
    excerptLength: EXCERPT,
    // Open on wide screens; on phones the filters stack above the results, so keep them shut.
    openFilters: window.matchMedia("(min-width: 60em)").matches ? ["年度", "类型", "答复类别"] : [],
    autofocus: !query,
    translations: {
      placeholder: "输入关键词检索答复全文",
      clear_search: "清除",
      load_more: "显示更多结果",
      search_label: "检索答复全文",
      filters_label: "筛选",
      zero_results: "没有找到与“[SEARCH_TERM]”相关的答复",
      many_results: "找到 [COUNT] 件与“[SEARCH_TERM]”相关的答复",
      one_result: "找到 [COUNT] 件与“[SEARCH_TERM]”相关的答复",
      alt_search: "没有找到与“[SEARCH_TERM]”相关的答复，以下为“[DIFFERENT_TERM]”的结果",
      search_suggestion: "没有找到与“[SEARCH_TERM]”相关的答复，请尝试其他关键词",
      searching: "正在检索“[SEARCH_TERM]”…"
    },
    processResult: function (result) {
      var meta = result.meta || {};
      var parts = [meta.doc_number, meta.unit, meta.date].filter(Boolean);
      // Shown in the excerpt line instead of as English-labelled tags.
      result.meta = { title: meta.title };
      result.excerpt = (parts.length ? "<span class=\"fulltext-meta\">" + parts.join(" · ") + "</span><br>" : "") + textExcerpt(result);
      return result;
    }
  });
  if (Object.keys(filters).length) ui.triggerFilters(filters);
  if (query) ui.triggerSearch(query);

  function syncUrl() {
    var next = new URLSearchParams();
    var input = element.querySelector(".pagefind-ui__search-input");
    if (input && input.value.trim()) next.set("q", input.value.trim());
    element.querySelectorAll(".pagefind-ui__filter-checkbox:checked").forEach(function (box) {
      if (box.name) next.append(box.name, box.value);
    });
    var search = next.toString();
    history.replaceState(history.state, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
  }
  function labelInput() {  // search_page.py's visible <label for="fulltext-query">
    var input = element.querySelector(".pagefind-ui__search-input");
    if (input && !input.id) input.id = "fulltext-query";
  }
  function orderFilters() {
    element.querySelectorAll(".pagefind-ui__filter-block").forEach(function (block) {
      var name = block.querySelector(".pagefind-ui__filter-name");
      var at = name ? ORDER.indexOf(name.textContent.trim()) : -1;
      block.style.order = at < 0 ? ORDER.length : at;
    });
  }
  element.addEventListener("input", syncUrl);
  element.addEventListener("change", syncUrl);
  element.addEventListener("click", function () { setTimeout(syncUrl, 0); }); // the 清除 button
  new MutationObserver(function () { labelInput(); orderFilters(); }).observe(element, { childList: true, subtree: true });
  labelInput();
  if (window.__fulltextParams) {  // give back the ?q= that early.js held away from material
    history.replaceState(history.state, "", window.location.pathname + window.__fulltextParams + window.location.hash);
  }
})();
