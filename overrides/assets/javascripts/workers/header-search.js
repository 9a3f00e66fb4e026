/*
 * The header search's worker, started by early.js in place of material's
 * lunr worker.  It speaks material's messages (SETUP with the index from
 * search/search_index.json -> READY; QUERY -> RESULT), so material's search
 * box, result list, keyboard handling and page highlighting work unchanged,
 * and answers by search-rule.js, the rule of the full-text page too: an
 * entry is listed only when its title, text or ``also`` hold every query
 * term; those holding the terms whole (not only as pieces) first, then
 * those whose title holds them, then in index order (newest first); the
 * matched words are marked whole.
 *
 * Why not material's worker: lunr made every word optional (人才公寓 listed
 * every reply with 人才 or 公寓: "1.8k 个符合条件的结果" at 10,000 replies),
 * missed words where its cut of a Chinese query and jieba's cut of the
 * entry differ (see search-rule.js), and built its index in the browser
 * before the first answer (2 s at 10,000 replies).  The entries are small
 * and all in memory (~1.5 MB of text at 10,000 replies): folding them once
 * and scanning them per query takes milliseconds.
 */
importScripts("../search-rule.js");

(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // material's SearchMessageType
  var rule = self.SearchRule;
  var entries = [];

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /* ``text`` as HTML with the terms marked (material shows titles and texts as HTML). */
  function marked(text, terms) {
    var html = "", at = 0;
    rule.markRanges(text, terms).forEach(function (range) {
      html += escapeHtml(text.slice(at, range[0])) + "<mark>" + escapeHtml(text.slice(range[0], range[1])) + "</mark>";
      at = range[1];
    });
    return html + escapeHtml(text.slice(at));
  }

  function answer(query) {
    var terms = rule.queryTerms(query);
    if (!terms.length) return [];
    var found = [];
    entries.forEach(function (entry) {
      if (!rule.holdsAll(rule.holdings(entry.folded, terms))) return;
      found.push({ entry: entry, whole: rule.countWhole(entry.folded, terms),
                   inTitle: rule.countHeld(rule.holdings(entry.foldedTitle, terms)) });
    });
    // Terms held whole before terms held only as pieces, then in the title, then newest first.
    found.sort(function (a, b) { return b.whole - a.whole || b.inTitle - a.inTitle || a.entry.order - b.entry.order; });
    var words = {};  // material puts these in the result link (?h=) to mark them on the page
    terms.forEach(function (term) { words[term.raw] = true; });
    return found.map(function (f) {
      var doc = f.entry.doc;
      return [{ location: doc.location, title: marked(doc.title, terms), text: marked(doc.text, terms),
                score: f.inTitle + 1, terms: words }];
    });
  }

  addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === SETUP) {
      entries = ((message.data && message.data.docs) || []).map(function (doc, order) {
        var title = String(doc.title || ""), text = String(doc.text || "");
        return { doc: { location: doc.location, title: title, text: text }, order: order,
                 foldedTitle: rule.fold(title), folded: rule.fold(title + "\n" + text + "\n" + (doc.also || "")) };
      });
      postMessage({ type: READY });
    } else if (message.type === QUERY) {
      postMessage({ type: RESULT, data: { items: answer(String(message.data || "")) } });
    }
  });
})();
