/*
 * The one matching rule of both search layers, loaded by the header search's
 * worker (workers/header-search.js) and by the full-text page
 * (fulltext-search.js) as self.SearchRule.
 *
 * A query is a list of terms: what the visitor separated by spaces or
 * punctuation (交通、教育 is two terms); a term without a letter or digit
 * (·, 《) is no term.  A 文号 is one term in its standard form, whatever the
 * brackets, a 第 or leading zeros (厦湖人社函[2025]第05号 =
 * 厦湖人社函〔2025〕5号).  A text holds a term when it holds the term itself,
 * or else every piece of two characters or more that the browser's word
 * segmenter (Intl.Segmenter, zh) cuts the term into (交通建设 -> 交通, 建设);
 * case and full-width letters do not matter.
 *
 * Why by hand: lunr (header) and Pagefind (full text) both match a query
 * word as the start of an indexed word, and neither knows where a Chinese
 * word ends: where the browser's cut of the query and jieba's cut of the
 * text disagree (港湾式公交|车站 against 公交 站点), a word is missed, and
 * with their fallbacks (lunr: any word is enough; Pagefind: a shorter word,
 * or the word dropped) letters holding none of the words were listed.  The
 * text itself decides here, the same way in both layers.
 */
(function (root) {
  "use strict";
  var BRACKETS = { "［": "〔", "[": "〔", "【": "〔", "(": "〔", "（": "〔", "］": "〕", "]": "〕", "】": "〕", ")": "〕", "）": "〕" };
  // A 文号 in any of the brackets people type (search_data.DOC_NUMBER is the same pattern).
  var DOC_NUMBER = /([\u3400-\u9fff]{1,20})\s*[〔［\[【(（]\s*((?:19|20)\d\d)\s*[〕］\]】)）]\s*第?\s*0*(\d{1,6})\s*号/g;
  // What separates terms besides spaces: CJK and ASCII punctuation.
  var SEPARATORS = /[\s、，。；：！？“”‘’《》「」『』…—·,;:!?"'<>|\/\\]+/;

  /* Case, full-width letters and 文号 brackets folded; one character for one, so positions stay. */
  function fold(text) {
    return String(text).replace(/[\uff01-\uff5e]/g, function (c) {
      return BRACKETS[c] || String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[\[\]【】()]/g, function (c) {
      return BRACKETS[c];
    }).replace(/[A-Z\u00c0-\u024f]/g, function (c) {
      var lower = c.toLowerCase();
      return lower.length === 1 ? lower : c;  // İ lowercases to two characters: kept as it is
    });
  }

  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  /* The pieces of a Chinese term that count; none when it has fewer than two. */
  function pieces(term) {
    if (!segmenter || !/[\u3400-\u9fff]/.test(term)) return [];
    var found = [];
    // Segments is iterable, not array-like: Array.from, not Array.prototype.forEach.call.
    Array.from(segmenter.segment(term)).forEach(function (s) {
      var word = fold(s.segment);
      if (s.isWordLike && word.length > 1 && found.indexOf(word) < 0) found.push(word);
    });
    return found.length > 1 ? found : [];
  }

  /* The query as terms: 文号 first (whole, standard form), the rest cut at spaces and punctuation. */
  function queryTerms(q) {
    var numbers = [];
    var rest = String(q).replace(DOC_NUMBER, function (all, run, year, number) {
      numbers.push(run + "〔" + year + "〕" + number + "号");
      return " ";
    });
    var words = rest.split(SEPARATORS).filter(function (word) { return /[\p{L}\p{N}]/u.test(word); });
    // A 文号 counts only whole: its pieces (人社, 2025) stand in many letters.
    return numbers.map(function (term) { return { raw: term, text: fold(term), pieces: [] }; })
      .concat(words.map(function (term) { return { raw: term, text: fold(term), pieces: pieces(term) }; }));
  }

  /* For each term: 2 = ``folded`` holds it (or all its pieces), 1 = some of its pieces, 0 = nothing. */
  function holdings(folded, terms) {
    return terms.map(function (term) {
      if (folded.indexOf(term.text) >= 0) return 2;
      var held = term.pieces.filter(function (piece) { return folded.indexOf(piece) >= 0; }).length;
      return held && held === term.pieces.length ? 2 : held ? 1 : 0;
    });
  }

  /* How many terms ``folded`` holds whole (not only as pieces): those results rank first. */
  function countWhole(folded, terms) {
    return terms.filter(function (term) { return folded.indexOf(term.text) >= 0; }).length;
  }

  function holdsAll(held) { return held.length > 0 && held.every(function (h) { return h === 2; }); }
  function countHeld(held) { return held.filter(function (h) { return h === 2; }).length; }

  /* Where the terms (or their pieces) stand in ``text``: sorted, merged [from, to) ranges of whole words. */
  function markRanges(text, terms) {
    var folded = fold(text), ranges = [];
    terms.forEach(function (term) {
      var wanted = folded.indexOf(term.text) >= 0 ? [term.text] : term.pieces;
      wanted.forEach(function (word) {
        for (var at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + word.length)) {
          ranges.push([at, at + word.length]);
        }
      });
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  root.SearchRule = { fold: fold, queryTerms: queryTerms, holdings: holdings, holdsAll: holdsAll,
                      countHeld: countHeld, countWhole: countWhole, markRanges: markRanges, DOC_NUMBER: DOC_NUMBER };
})(self);
