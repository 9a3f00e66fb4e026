/*
 * The column's own controls (适老化 and the conventions of government sites):
 * 大字模式 and 高对比度 toggles in the header, on every page; 字号 大/中/小 and
 * 【打印本页】 in the slot above a reply's letter (div.page-tools, reserved by
 * the generated page so filling it moves nothing); the "搜索全文" link in the
 * header search.  Settings persist across pages (localStorage); early.js
 * applies them before first paint.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var header = document.querySelector(".md-header__inner");
  if (!header || document.getElementById("large-text-toggle")) return;

  function remember(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* storage disabled: this page only */ }
  }

  function button(label, className) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = label;
    return element;
  }

  // A toggle button: fixed name, state in aria-pressed (shown filled, gov.css).
  // No title attribute: material's tooltips would keep showing the first one.
  // On a phone the label is cut to its first part ("大字", "高对比", gov.css), so the site's name keeps room.
  function headerToggle(id, label, short, htmlClass) {
    var toggle = button(short, "md-header__button header-toggle");
    var rest = document.createElement("span");
    rest.className = "header-toggle__rest";
    rest.textContent = label.slice(short.length);
    toggle.appendChild(rest);
    toggle.setAttribute("aria-label", label);
    toggle.id = id;
    function sync() { toggle.setAttribute("aria-pressed", root.classList.contains(htmlClass) ? "true" : "false"); }
    toggle.addEventListener("click", function () {
      var on = !root.classList.contains(htmlClass);
      root.classList.toggle(htmlClass, on);
      remember(htmlClass, on ? "1" : "0");
      sync();
    });
    sync();
    return toggle;
  }

  // At the end of the header: inserted before the search box they moved it after first paint (layout shift).
  header.appendChild(headerToggle("large-text-toggle", "大字模式", "大字", "large-text"));
  header.appendChild(headerToggle("high-contrast-toggle", "高对比度", "高对比", "high-contrast"));

  /* 字号 大/中/小 and 打印本页, above a reply's letter. */
  var slot = document.querySelector(".page-tools");
  if (slot) {
    var sizes = [["large", "大"], ["", "中"], ["small", "小"]];
    var group = document.createElement("span");
    group.className = "page-tools__sizes";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "字号");
    group.appendChild(document.createTextNode("字号："));
    var sizeButtons = sizes.map(function (size) {
      var choice = button(size[1], "page-tools__button");
      choice.setAttribute("aria-label", "字号" + size[1]);
      choice.addEventListener("click", function () {
        sizes.forEach(function (other) { if (other[0]) root.classList.remove("text-size-" + other[0]); });
        if (size[0]) root.classList.add("text-size-" + size[0]);
        remember("text-size", size[0]);
        syncSizes();
      });
      group.appendChild(choice);
      return choice;
    });
    function syncSizes() {
      sizes.forEach(function (size, index) {
        var on = size[0] ? root.classList.contains("text-size-" + size[0])
          : !root.classList.contains("text-size-large") && !root.classList.contains("text-size-small");
        sizeButtons[index].setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    syncSizes();
    var print = button("【打印本页】", "page-tools__button page-tools__print");
    print.addEventListener("click", function () { window.print(); });
    slot.appendChild(group);
    slot.appendChild(print);
  }

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
