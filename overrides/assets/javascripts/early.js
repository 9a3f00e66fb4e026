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
 * 3. The reading settings of site-controls.js (大字模式, 高对比度, 字号) are
 *    applied before first paint.
 * 4. Material reads the header box on keyup only, so a query that arrives
 *    without key events (a paste from the context menu, dictation, autofill,
 *    a phone keyboard's candidate bar, an IME commit) was never searched.
 *    Every change of the box's value is passed on as a keyup, and again
 *    once the index is ready, so a query entered while it loads is answered.
 * 5. Material's search worker is replaced by workers/header-search.js, which
 *    answers with the results holding every word of the query.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  try {
    if (window.localStorage.getItem("large-text") === "1") root.classList.add("large-text");
    if (window.localStorage.getItem("high-contrast") === "1") root.classList.add("high-contrast");
    var size = window.localStorage.getItem("text-size");
    if (size === "large" || size === "small") root.classList.add("text-size-" + size);
  } catch (e) { /* storage disabled: the default look */ }

  var script = document.currentScript;
  if (script && script.hasAttribute("data-fulltext")) {
    var url = new URL(window.location.href);
    window.__fulltextParams = url.search;
    // A search arrives with the address: its results will fill the page, so the footer is
    // kept below the fold until they do (no layout shift; fulltext-search.js removes it).
    if (url.search.length > 1) root.classList.add("fulltext-pending");
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
  var QUERY_BOX = "input[data-md-component=search-query]";
  function isQueryBox(target) { return target && target.matches && target.matches(QUERY_BOX); }
  document.addEventListener("focusin", function (event) {
    if (isQueryBox(event.target)) release();
  }, true);

  function passOn(box) {
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  document.addEventListener("input", function (event) {
    if (!isQueryBox(event.target)) return;
    release();
    if (!event.isComposing) passOn(event.target);  // an IME word counts once it is composed
  }, true);
  document.addEventListener("compositionend", function (event) {
    if (isQueryBox(event.target)) passOn(event.target);
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) release();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (!editable(event.target) && ["/", "s", "f", "S", "F"].indexOf(event.key) >= 0) release();
  }, true);

  var READY = 1;  // material's SearchMessageType.READY
  var RealWorker = window.Worker;
  if (RealWorker && script) {
    var headerSearch = new URL("workers/header-search.js", script.src).href;
    window.Worker = function (url, options) {
      var own = /\/workers\/search\.[0-9a-f]+\.min\.js$/.test(new URL(String(url), window.location.href).pathname);
      var worker = new RealWorker(own ? headerSearch : url, options);
      if (own) {
        worker.addEventListener("message", function (event) {
          if (!event.data || event.data.type !== READY) return;
          // After material's own handlers: a query typed while the index loaded is sent now.
          setTimeout(function () {
            var box = document.querySelector(QUERY_BOX);
            if (box && box.value) passOn(box);
          }, 0);
        });
      }
      return worker;
    };
    window.Worker.prototype = RealWorker.prototype;
  }

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
