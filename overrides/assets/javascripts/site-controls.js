/* 大字模式 (large text, 适老化): a header toggle that persists across pages. */
(function () {
  "use strict";
  var root = document.documentElement;
  var header = document.querySelector(".md-header__inner");
  if (!header || document.getElementById("large-text-toggle")) return;
  var button = document.createElement("button");
  button.id = "large-text-toggle";
  button.type = "button";
  button.className = "md-header__button large-text-toggle";
  button.textContent = "大字模式";
  function sync() {
    var on = root.classList.contains("large-text");
    // A toggle button: fixed name, state in aria-pressed (shown filled, gov.css).
    // No title attribute: material's tooltips would keep showing the first one.
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  button.addEventListener("click", function () {
    var on = !root.classList.contains("large-text");
    root.classList.toggle("large-text", on);
    try { window.localStorage.setItem("large-text", on ? "1" : "0"); } catch (e) { /* ignore */ }
    sync();
  });
  sync();
  var search = header.querySelector(".md-search");
  header.insertBefore(button, search || null);

  // Material's search panel is role="dialog" without a name (axe: aria-dialog-name).
  var panel = document.querySelector(".md-search[role=dialog]");
  if (panel && !panel.hasAttribute("aria-label")) panel.setAttribute("aria-label", "站内搜索");

  /* "搜索全文": carry the header query over to the full-text search page. */
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base + "/", window.location.href);
  // Inside the results pane, so it shows only while the search is open (gov.css).
  var output = document.querySelector(".md-search__scrollwrap");
  var query = document.querySelector("input[data-md-component=search-query]");
  if (output && query) {
    var link = document.createElement("a");
    link.className = "fulltext-link";
    link.textContent = "搜索全文";
    function update() {
      var target = new URL("search/", base);
      if (query.value.trim()) target.searchParams.set("q", query.value.trim());
      link.href = target.href;
      link.textContent = query.value.trim() ? "在答复全文中搜索“" + query.value.trim() + "”" : "搜索全文";
    }
    query.addEventListener("input", update);
    update();
    output.insertBefore(link, output.firstChild);
  }
})();
