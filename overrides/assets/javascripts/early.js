/*
 * Loaded in <head>, before material's bundle.
 *
 * 1. Material requests search/search_index.json (with XMLHttpRequest, for its
 *    progress bar) on every page load. The header search only needs it once
 *    the visitor opens the search, so the request is sent only then: focus on
 *    the search box, the search toggle (phones), or the "/", "s", "f"
 *    shortcuts material binds. A reply page view then costs no index bytes.
 * 2. On the full-text page (/search/?q=…) material would read ?q= as its own
 *    query and open the header search over the page; the query is taken out
 *    of the address before material starts and handed to fulltext-search.js,
 *    which puts it back.
 * 3. Large-text mode (大字模式, 适老化) is applied before first paint.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  try {
    if (window.localStorage.getItem("large-text") === "1") root.classList.add("large-text");
  } catch (e) { /* storage disabled: default size */ }

  var script = document.currentScript;
  if (script && script.hasAttribute("data-fulltext")) {
    var url = new URL(window.location.href);
    window.__fulltextParams = url.search;
    if (url.searchParams.has("q")) {
      url.searchParams.delete("q");
      history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    }
  }

  var release;
  var opened = new Promise(function (resolve) { release = resolve; });
  function editable(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("input[data-md-component=search-query]")) release();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) release();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (!editable(event.target) && ["/", "s", "f", "S", "F"].indexOf(event.key) >= 0) release();
  }, true);

  var XHR = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (!XHR) return;
  var realOpen = XHR.open, realSend = XHR.send;
  XHR.open = function (method, target) {
    this.__searchIndex = /search\/search_index\.json(\?|#|$)/.test(String(target));
    return realOpen.apply(this, arguments);
  };
  XHR.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.__searchIndex) return realSend.apply(xhr, args);
    opened.then(function () { realSend.apply(xhr, args); });
  };
})();
