/*
 * The header search's worker: material's own search worker, loaded as it is
 * (its address arrives as ?worker=, see early.js), with its results checked
 * against the text of each entry.
 *
 * Why: material's lunr query makes every word optional, so 人才公寓, cut
 * into 人才* 公寓*, listed every reply holding 人才 or 公寓 ("1.8k 个符合条件
 * 的结果" at 10,000 replies), and material has no setting for it.  Making
 * lunr's clauses required is not enough: material cuts a Chinese query by
 * the index's own tokens, and where that cut and jieba's cut of the entry
 * disagree (人民代表大会 ends the query, 港湾式公交 is one token of the
 * entry) a required piece matches nothing.  So the answer is decided on the
 * text, by the rule the full-text page uses (fulltext-search.js): an entry
 * is listed when its title and text hold every query term (what the
 * visitor separated by spaces), or every two-character piece of it; lunr's
 * score orders them, and the matched words are marked whole.  The entries
 * are small and all in memory (about 1.5 MB of text at 10,000 replies), so
 * scanning them takes milliseconds.
 */
(function () {
  "use strict";
  var SETUP = 0, QUERY = 2, RESULT = 3;  // material's SearchMessageType
  var given = new URL(self.location.href).searchParams.get("worker") || "";
  var worker = new URL(given, self.location.href);
  // Only material's own worker script of this site is ever loaded.
  if (worker.origin !== self.location.origin || !/\/workers\/search\.[0-9a-f]+\.min\.js$/.test(worker.pathname)) {
    throw new Error("search-all-words.js: unexpected worker " + given);
  }

  var BRACKETS = { "［": "〔", "[": "〔", "【": "〔", "(": "〔", "（": "〔", "］": "〕", "]": "〕", "】": "〕", ")": "〕", "）": "〕" };
  /* Case, full-width letters and 文号 brackets folded; one character for one, so positions stay. */
  function fold(text) {
    return text.replace(/[\uff01-\uff5e]/g, function (c) {
      return BRACKETS[c] || String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[\[\]【】()]/g, function (c) { return BRACKETS[c]; }).toLowerCase();
  }
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
  function pieces(term) {
    if (!segmenter || !/[\u3400-\u9fff]/.test(term)) return [];
    var found = [];
    Array.prototype.forEach.call(segmenter.segment(term), function (s) {
      var word = fold(s.segment);
      if (s.isWordLike && word.length > 1 && found.indexOf(word) < 0) found.push(word);
    });
    return found.length > 1 ? found : [];
  }
  function queryTerms(q) {
    return q.split(/\s+/).filter(Boolean).map(function (term) { return { raw: term, text: fold(term), pieces: pieces(term) }; });
  }
  /* The words of ``terms`` that ``folded`` holds, or null when it lacks one. */
  function heldWords(folded, terms) {
    var words = [];
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      if (folded.indexOf(term.text) >= 0) { words.push(term.text); continue; }
      if (!term.pieces.length || !term.pieces.every(function (p) { return folded.indexOf(p) >= 0; })) return null;
      words = words.concat(term.pieces);
    }
    return words;
  }

  /* An entry's visible text: the cut marks (U+200B) and the hidden extra tokens left out. */
  function visible(html) {
    return html.replace(/<span hidden>[^<]*<\/span>/g, "").replace(/\u200b/g, "").replace(/<[^>]*>/g, "").trim();
  }
  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function unescapeHtml(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
  }
  function marked(text, words) {
    var folded = fold(text), flags = [];
    words.forEach(function (word) {
      for (var at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + 1)) {
        for (var k = at; k < at + word.length; k++) flags[k] = true;
      }
    });
    var html = "", open = false;
    for (var i = 0; i < text.length; i++) {
      if (!!flags[i] !== open) { html += open ? "</mark>" : "<mark>"; open = !open; }
      html += escapeHtml(text.charAt(i));
    }
    return html + (open ? "</mark>" : "");
  }

  var entries = [];   // {doc, title, text, folded}
  var query = "";
  addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === SETUP) {
      entries = (message.data.docs || []).map(function (doc) {
        var title = unescapeHtml(visible(doc.title || "")), text = unescapeHtml(visible(doc.text || ""));
        return { doc: doc, title: title, text: text, folded: fold(title + "\n" + text) };
      });
    } else if (message.type === QUERY) {
      query = String(message.data || "");
    }
  });

  function answer(items) {
    var terms = queryTerms(query);
    if (!terms.length) return items;
    var scores = {};
    items.forEach(function (group) { group.forEach(function (item) { scores[item.location] = item.score; }); });
    var found = [];
    entries.forEach(function (entry, order) {
      var words = heldWords(entry.folded, terms);
      if (!words) return;
      var inTitle = heldWords(fold(entry.title), terms) ? 1 : 0;
      var matched = {};
      terms.forEach(function (term) { matched[term.raw] = true; });
      found.push({
        order: order, inTitle: inTitle, lunr: scores[entry.doc.location] || 0,
        item: { location: entry.doc.location, title: marked(entry.title, words), text: marked(entry.text, words),
                score: scores[entry.doc.location] || 0, terms: matched }
      });
    });
    found.sort(function (a, b) { return b.inTitle - a.inTitle || b.lunr - a.lunr || a.order - b.order; });
    return found.map(function (f) { return [f.item]; });
  }

  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && message.data.items) {
      message.data.items = answer(message.data.items);
    }
    return post(message);
  };
  importScripts(worker.href);
})();
