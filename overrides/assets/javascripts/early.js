/*
 * Loaded in <head>, before material's bundle.
 *
 * 1. Material fetches search/search_index.json on every page load. The
 *    header search only needs it once the visitor opens the search, so the
 *    request is held until then (focus on the search box, the search toggle,
 *    or the "/", "s", "f" shortcuts material binds).
 * 2. Large-text mode (适老化) is applied before first paint from localStorage.
 */
(function () {
  "use strict";
  try {
    if (window.localStorage.getItem("large-text") === "1") {
      document.documentElement.classList.add("large-text");
    }
  } catch (e) { /* storage disabled: default size */ }

  var realFetch = window.fetch.bind(window);
  var release;
  var opened = new Promise(function (resolve) { release = resolve; });
  function open() { release(); }
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.matches && event.target.matches("input[data-md-component=search-query]")) open();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) open();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (["/", "s", "f", "S", "F"].indexOf(event.key) >= 0) open();
  }, true);
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    if (/search\/search_index\.json(\?|$)/.test(url)) {
      return opened.then(function () { return realFetch(input, init); });
    }
    return realFetch(input, init);
  };
})();
