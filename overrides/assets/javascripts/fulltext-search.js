/*
 * Full-text search page (/search/): a small UI over Pagefind's JS API.
 *
 * The form, the filter choices (<select>s written by
 * generator/render/search_page.py) and the result list are in the page; this
 * script imports Pagefind's engine (pagefind/pagefind.js), searches as the
 * visitor types (200 ms pause), and shows 10 results at a time, fetching the
 * fragment of a result (result.data()) only when it is shown.  It never calls
 * pagefind.filters(): that downloads every filter file (~115 KB at 10,000
 * replies) just to count; Pagefind loads a filter's file once it is applied.
 * A 文号 or a user-dictionary word in the query is searched as one phrase
 * word (phrasePlan below), not as the many common pieces the browser's
 * segmenter cuts it into.
 *
 * Query and filters live in the address (?q=人才公寓&年度=2025&类型=政协提案),
 * kept current with history.replaceState, so a search can be linked and a
 * reload reproduces it.  early.js took ?q= out of the address before
 * material could claim it for the header search; it is put back here.
 */
(function () {
  "use strict";
  var form = document.getElementById("fulltext-search");
  var input = document.getElementById("fulltext-query");
  var status = document.getElementById("fulltext-status");
  var list = document.getElementById("fulltext-list");
  var more = document.getElementById("fulltext-more");
  if (!form || !input || !status || !list || !more || typeof URLSearchParams === "undefined") return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[name]"));
  var clear = form.querySelector(".fulltext-clear");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base + "/", window.location.href);  // the site root, also under a sub-path
  var PAGE = 10, PAUSE = 200, EXCERPT = 40;  // results per page, typing pause (ms), excerpt words
  // generator/render/search_data.py: a record is the letter, METADATA_MARK,
  // the metadata line, KEYWORD_MARK and a hidden keyword list.
  var METADATA_MARK = "zhmetadata", KEYWORD_MARK = "zhkeywordlist";
  // search_data.py's DOC_NUMBER and phrase_word(): a 文号 or a user-dictionary
  // word (data-phrases, longest first) is searched as one "zhq…z" word.
  var DOC_NUMBER = /([\u3400-\u9fff]{1,20})\s*[〔［\[【(（]\s*((?:19|20)\d\d)\s*[〕］\]】)）]\s*第?\s*0*(\d{1,6})\s*号/g;
  var PHRASES = (form.getAttribute("data-phrases") || "").split(" ").filter(Boolean);
  // Pagefind bundles (fulltext.py): pagefind/ and pagefind/part2/ … partN/, merged into one search.
  var BUNDLES = parseInt(form.getAttribute("data-bundles") || "1", 10) || 1;

  var engine = null;
  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        // Record URLs are site-relative ("/replies/…"); the site's own path in
        // front keeps result links right at the root and under a sub-path alike.
        var options = { baseUrl: base.pathname, excerptLength: EXCERPT };
        return pf.options(options).then(function () {
          return pf.init();
        }).then(function () {
          var parts = [];
          for (var k = 2; k <= BUNDLES; k++) {
            parts.push(pf.mergeIndex(new URL("pagefind/part" + k + "/", base).pathname, options));
          }
          return Promise.all(parts);
        }).then(function () { return pf; });
      }).catch(function (error) {
        engine = null;  // try again on the next search
        throw error;
      });
    }
    return engine;
  }

  /* ---- state <-> form <-> address ---- */

  function readForm() {
    var filters = {};
    selects.forEach(function (select) { if (select.value) filters[select.name] = select.value; });
    return { q: input.value.trim(), filters: filters };
  }

  function writeForm(params) {
    input.value = params.get("q") || "";
    selects.forEach(function (select) {
      var wanted = params.getAll(select.name);
      var known = Array.prototype.map.call(select.options, function (o) { return o.value; });
      select.value = wanted.filter(function (v) { return v && known.indexOf(v) >= 0; })[0] || "";
    });
  }

  function syncUrl(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    Object.keys(state.filters).forEach(function (name) { params.set(name, state.filters[name]); });
    var search = params.toString();
    var address = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      history.replaceState(history.state, "", address);
    }
  }

  /* ---- phrases ---- */

  function phraseWord(phrase) {
    var bytes = new TextEncoder().encode(phrase), hex = "";
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return "zhq" + hex + "z";
  }

  /*
   * What to ask Pagefind for.  The browser cuts a query into words with
   * Intl.Segmenter, and a 文号 or a dictionary word like 湖里区 falls into
   * pieces (湖|里|区) found in almost every reply: costly to fetch and to
   * rank.  Each such phrase is searched as its phrase word instead (the
   * keyword list of every record holding it has that word), and marked in
   * the excerpts as it stands.  Returns null when the query holds none.
   */
  function phrasePlan(q) {
    var marks = [], rest = q.replace(DOC_NUMBER, function (all, run, year, number) {
      var phrase = run + "〔" + year + "〕" + number + "号";
      marks.push(all);
      if (phrase !== all) marks.push(phrase);
      return " " + phraseWord(phrase) + " ";
    });
    PHRASES.forEach(function (word) {
      if (rest.indexOf(word) < 0) return;
      marks.push(word);
      rest = rest.split(word).join(" " + phraseWord(word) + " ");
    });
    return marks.length ? { query: rest.replace(/\s+/g, " ").trim(), marks: marks } : null;
  }

  /* ---- excerpts ---- */

  var LATIN_END = /[A-Za-z0-9]$/, LATIN_START = /^[A-Za-z0-9]/;

  function unescapeWord(word) { return word.replace(/&lt;/g, "<").replace(/&gt;/g, ">"); }

  /*
   * Pagefind may centre its excerpt on the hidden keyword list (see
   * keyword_list() in search_data.py). Rebuild it like Pagefind's own: a
   * window of EXCERPT words (the record's words, separated by spaces:
   * fulltext_words() in search_data.py) holding the most matches, but from
   * the letter when the query occurs there, else from the metadata line,
   * never from the list.
   * Returns [[text, marked], …], or null to use Pagefind's excerpt.
   */
  function excerptParts(data, phrases) {
    var words = (data.raw_content || "").split(" ").map(unescapeWord);
    var meta = -1, end = -1;
    words.forEach(function (word, i) {
      if (meta < 0 && word.trim() === METADATA_MARK) meta = i;
      if (end < 0 && word.trim() === KEYWORD_MARK) end = i;
    });
    if (meta < 0 || end < 0) return null;
    var hits = (data.weighted_locations || []).filter(function (l) { return l.location < end; });
    var marked = {};  // word index -> true (the whole word) or [[from, to], …] (characters of it)
    hits.forEach(function (hit) { marked[hit.location] = true; });
    phraseHits(words, end, phrases || [], marked).forEach(function (hit) { hits.push(hit); });
    hits.sort(function (a, b) { return a.location - b.location; });
    var inLetter = hits.filter(function (l) { return l.location < meta; });
    var from = 0, to = meta;  // the letter …
    if (inLetter.length) hits = inLetter;
    else if (hits.length) { from = meta + 1; to = end; }  // … or the metadata line
    hits = hits.slice(0, 400);  // the window search below is quadratic
    // The window holding the most *different* matched words wins, so 金砖数字小镇
    // beats a passage that only repeats 数字.
    var start = from, best = -1;
    hits.forEach(function (hit) {
      var seen = {}, sum = 0;
      hits.forEach(function (other) {
        var word = words[other.location];
        if (other.location >= hit.location && other.location < hit.location + EXCERPT && !seen[word]) {
          seen[word] = true;
          sum += 1 + (other.balanced_score || 0) / 1000;
        }
      });
      if (sum > best) { best = sum; start = hit.location - Math.floor(EXCERPT / 4); }
    });
    start = Math.max(from, Math.min(start, to - EXCERPT));
    var parts = [];
    for (var k = start; k < Math.min(start + EXCERPT, to); k++) {
      // Chinese words join without a space; two Latin words or numbers keep one.
      if (k > start && parts.length && LATIN_END.test(words[k - 1]) && LATIN_START.test(words[k])) {
        parts[parts.length - 1][0] += " ";
      }
      wordParts(words[k], marked[k]).forEach(function (part) {
        var text = part[0], last = parts[parts.length - 1];
        if (!parts.length) text = text.replace(/^[\s。，、；：！？）」』”]+/, "");
        if (last && last[1] === part[1]) last[0] += text;  // one <mark> for 人才|公寓
        else if (text) parts.push([text, part[1]]);
      });
    }
    if (parts.length) parts[parts.length - 1][0] = parts[parts.length - 1][0].replace(/\s+$/, "");
    return parts;
  }

  /* Where the searched phrases stand in the letter and metadata line, as hits on the words they cover. */
  function phraseHits(words, end, phrases, marked) {
    if (!phrases.length) return [];
    var starts = [], text = "";
    for (var i = 0; i < end; i++) { starts.push(text.length); text += words[i]; }
    starts.push(text.length);
    var hits = [];
    phrases.forEach(function (phrase) {
      for (var at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + phrase.length)) {
        var first = -1;
        for (var k = 0; k < end; k++) {
          var from = Math.max(at, starts[k]) - starts[k], to = Math.min(at + phrase.length, starts[k + 1]) - starts[k];
          if (to <= from) continue;
          if (first < 0) first = k;
          if (marked[k] !== true) (marked[k] = marked[k] || []).push([from, to]);
        }
        if (first >= 0) hits.push({ location: first, balanced_score: 0 });
      }
    });
    return hits;
  }

  /* A word as [text, marked] parts: all of it, none of it, or the characters a phrase covers. */
  function wordParts(word, mark) {
    if (!mark) return [[word, false]];
    if (mark === true) return [[word, true]];
    var flags = [];
    mark.forEach(function (range) { for (var i = range[0]; i < range[1]; i++) flags[i] = true; });
    var parts = [];
    for (var i = 0; i < word.length; i++) {
      var last = parts[parts.length - 1];
      if (last && last[1] === !!flags[i]) last[0] += word.charAt(i);
      else parts.push([word.charAt(i), !!flags[i]]);
    }
    return parts;
  }

  /* Pagefind's own excerpt is HTML: keep its text and <mark>s, nothing else. */
  function sanitisedParts(html) {
    var doc = new DOMParser().parseFromString("<body>" + (html || ""), "text/html");
    var parts = [];
    (function walk(node, inMark) {
      Array.prototype.forEach.call(node.childNodes, function (child) {
        if (child.nodeType === 3) parts.push([child.nodeValue, inMark]);
        else if (child.nodeType === 1 && !/^(SCRIPT|STYLE|TEMPLATE)$/.test(child.tagName)) {
          walk(child, inMark || child.tagName === "MARK");
        }
      });
    })(doc.body, false);
    return parts;
  }

  function excerptElement(data, phrases) {
    var p = document.createElement("p");
    p.className = "fulltext-excerpt";
    (excerptParts(data, phrases) || sanitisedParts(data.excerpt)).forEach(function (part) {
      if (part[1]) {
        var mark = document.createElement("mark");
        mark.textContent = part[0];
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(part[0]));
      }
    });
    return p;
  }

  /* ---- results ---- */

  function resultElement(data, phrases) {
    var meta = data.meta || {};
    var item = document.createElement("li");
    item.className = "fulltext-result";
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.className = "fulltext-result-link";
    link.href = data.url;
    link.textContent = meta.title || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var line = [meta.doc_number, meta.unit, meta.date].filter(Boolean).join(" · ");
    if (line) {
      var p = document.createElement("p");
      p.className = "fulltext-meta";
      p.textContent = line;
      item.appendChild(p);
    }
    item.appendChild(excerptElement(data, phrases));
    return item;
  }

  function say(parts) {  // parts: strings, or [text, href] for a link
    status.textContent = "";
    parts.forEach(function (part) {
      if (typeof part === "string") { status.appendChild(document.createTextNode(part)); return; }
      var a = document.createElement("a");
      a.textContent = part[0];
      a.href = part[1];
      status.appendChild(a);
    });
  }

  var run = 0;          // the current search; an older one that finishes late is dropped
  var results = [];     // Pagefind's results of the current search
  var marks = [];       // the phrases searched as phrase words, marked in the excerpts
  var shown = 0;        // how many of them are in the list
  var timer = null;

  function showMore(focusFirst) {
    var mine = run;
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (mine !== run) return;
      var first = null;
      pages.forEach(function (data) {
        var item = resultElement(data, marks);
        list.appendChild(item);
        first = first || item.querySelector("a");
      });
      more.hidden = shown >= results.length;
      list.removeAttribute("aria-busy");
      if (focusFirst && first) first.focus();
    });
  }

  /*
   * Every reply the filters keep, newest first.  Pagefind orders merged
   * bundles by score, which without a query is a rank within each bundle,
   * so the bundles (contiguous date runs, newest first) are asked one by one
   * through their hidden "bundle" filter and their lists joined in order.
   */
  function newestFirst(pf, filters) {
    var sort = { date: "desc" };
    if (BUNDLES === 1) return pf.search(null, { filters: filters, sort: sort });
    var runs = [];
    for (var k = 1; k <= BUNDLES; k++) {
      var only = Object.assign({}, filters, { bundle: String(k) });
      runs.push(pf.search(null, { filters: only, sort: sort }));
    }
    return Promise.all(runs).then(function (responses) {
      return { results: responses.reduce(function (all, r) { return all.concat((r && r.results) || []); }, []) };
    });
  }

  function search() {
    clearTimeout(timer);
    var state = readForm();
    var mine = ++run;
    var filtered = Object.keys(state.filters).length > 0;
    if (clear) clear.hidden = !filtered;
    if (!state.q && !filtered) {
      results = []; shown = 0;
      list.textContent = "";
      more.hidden = true;
      say([]);
      return Promise.resolve();
    }
    say(["正在检索…"]);
    list.setAttribute("aria-busy", "true");
    var plan = state.q ? phrasePlan(state.q) : null;
    var phrases = [];
    return pagefind().then(function (pf) {
      // No query, only filters: every reply they keep, newest first.
      if (!state.q) return newestFirst(pf, state.filters);
      var options = { filters: state.filters };
      if (!plan) return pf.search(state.q, options);
      return pf.search(plan.query, options).then(function (response) {
        if (response && response.results && response.results.length) { phrases = plan.marks; return response; }
        return mine === run ? pf.search(state.q, options) : response;  // as typed, piece by piece
      });
    }).then(function (response) {
      if (mine !== run) return;
      results = (response && response.results) || [];
      marks = phrases;
      list.setAttribute("data-searched", phrases.length ? plan.query : state.q);  // what Pagefind was asked
      shown = 0;
      list.textContent = "";
      var subject = state.q ? "与“" + state.q + "”相关的答复" : "符合筛选条件的答复";
      if (!results.length) {
        list.removeAttribute("aria-busy");
        more.hidden = true;
        say(["没有找到" + subject + "。请换用其他关键词" + (filtered ? "或减少筛选条件" : "") + "，也可以通过",
             ["分类浏览", new URL("browse/", base).pathname], "查找答复。"]);
        return;
      }
      say(["找到 " + results.length + " 件" + subject + (filtered && state.q ? "（已筛选）" : "")]);
      return showMore(false);
    }).catch(function (error) {
      if (mine !== run) return;
      list.removeAttribute("aria-busy");
      say(["检索暂时无法使用，请稍后再试，或通过", ["分类浏览", new URL("browse/", base).pathname], "查找答复。"]);
      if (window.console) console.error(error);
    });
  }

  function changed(now) {
    var state = readForm();
    syncUrl(state);
    clearTimeout(timer);
    if (now) { search(); return; }
    if (state.q) {
      say(["正在检索…"]);
      // Fetch the query's index chunks during the pause.
      var plan = phrasePlan(state.q);
      pagefind().then(function (pf) {
        return pf.preload(plan ? plan.query : state.q, { filters: state.filters });
      }).catch(function () {});
    }
    timer = setTimeout(search, PAUSE);
  }

  input.addEventListener("input", function (event) {
    if (!event.isComposing) changed(false);  // an IME word counts once it is composed
  });
  input.addEventListener("compositionend", function () { changed(false); });
  selects.forEach(function (select) { select.addEventListener("change", function () { changed(true); }); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    changed(true);
  });
  if (clear) {
    clear.addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; });
      changed(true);
      input.focus();
    });
  }
  more.addEventListener("click", function () { showMore(true); });

  // The address early.js saw, with the ?q= it held away from material.
  var params = new URLSearchParams(window.__fulltextParams || window.location.search);
  writeForm(params);
  pagefind().catch(function () {});  // load the engine and its metadata before the first keystroke
  var initial = readForm();
  syncUrl(initial);
  if (initial.q || Object.keys(initial.filters).length) search();
  else input.focus();
})();
