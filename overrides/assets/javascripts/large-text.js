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
  function sync() {
    var on = root.classList.contains("large-text");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "标准字号" : "大字模式";
    button.title = on ? "恢复标准字号" : "放大页面文字";
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

  /* "搜索全文": carry the header query over to the full-text search page. */
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base + "/", window.location.href);
  var output = document.querySelector(".md-search__output");
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
