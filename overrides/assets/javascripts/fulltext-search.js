/*
 * Full-text search page: Pagefind UI, with the query and filters kept in the
 * URL (?q=人才公寓&年度=2025&类型=政协提案) so a search can be linked.
 */
(function () {
  "use strict";
  var element = document.getElementById("fulltext-search");
  if (!element || typeof PagefindUI === "undefined") return;
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base + "/", window.location.href);
  var params = new URLSearchParams(window.location.search);
  var filters = {};
  params.forEach(function (value, key) {
    if (key === "q") return;
    (filters[key] = filters[key] || []).push(value);
  });
  var ui = new PagefindUI({
    element: element,
    bundlePath: new URL("pagefind/", base).pathname,
    baseUrl: base.pathname,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    pageSize: 10,
    excerptLength: 40,
    openFilters: ["年度", "类型", "答复类别"],
    autofocus: !params.get("q"),
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
      if (parts.length) result.meta.title = meta.title;
      result.excerpt = (parts.length ? "<span class=\"fulltext-meta\">" + parts.join(" · ") + "</span><br>" : "") + result.excerpt;
      return result;
    }
  });
  if (Object.keys(filters).length) ui.triggerFilters(filters);
  if (params.get("q")) ui.triggerSearch(params.get("q"));

  function syncUrl() {
    var next = new URLSearchParams();
    var input = element.querySelector(".pagefind-ui__search-input");
    if (input && input.value.trim()) next.set("q", input.value.trim());
    element.querySelectorAll(".pagefind-ui__filter-checkbox:checked").forEach(function (box) {
      var group = box.closest(".pagefind-ui__filter-block");
      var name = group && group.querySelector(".pagefind-ui__filter-name");
      var key = name ? name.textContent.trim() : "";
      if (key) next.append(key, box.value);
    });
    var query = next.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }
  element.addEventListener("input", syncUrl);
  element.addEventListener("change", syncUrl);
})();
