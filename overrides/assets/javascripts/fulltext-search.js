/*
 * Full-text search page (/search/): a small UI over Pagefind's JS API.
 *
 * The form, the filter choices (<select>s written by
 * generator/render/search_page.py) and the result list are in the page; this
 * script imports Pagefind's engine (pagefind/pagefind.js), searches as the
 * visitor types (200 ms pause), and shows 10 results at a time, fetching the
 * fragment of a result (result.data()) only when it is checked or shown.  It never calls
 * pagefind.filters(): that downloads every filter file (~115 KB at 10,000
 * replies) just to count; Pagefind loads a filter's file once it is applied.
 * A 文号 or a user-dictionary word in the query is searched as one phrase
 * word (phraseQuery below), not as the many common pieces the browser's
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
  if (!form || !input || !status || !list || !more || typeof URLSearchParams === "undefined" || !window.SearchRule) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[name]"));
  var clear = form.querySelector(".fulltext-clear");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base + "/", window.location.href);  // the site root, also under a sub-path
  var PAGE = 10, PAUSE = 200, EXCERPT = 80;  // results per page, typing pause (ms), excerpt characters
  // generator/render/search_data.py: a record is the letter, METADATA_MARK,
  // the metadata line, ALSO_MARK, what is searched but never shown, KEYWORD_MARK
  // and a hidden keyword list.
  var METADATA_MARK = "zhmetadata", ALSO_MARK = "zhalso", KEYWORD_MARK = "zhkeywordlist";
  // search_data.py's DOC_NUMBER and phrase_word(): a 文号 or a user-dictionary
  // word (data-phrases, longest first) is searched as one "zhq…z" word.
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
   * keyword list of every record holding it has that word).  Returns null
   * when the term holds none.
   */
  function phraseQuery(term) {
    var found = false, rest = term.replace(DOC_NUMBER, function (all, run, year, number) {
      found = true;
      return " " + phraseWord(run + "〔" + year + "〕" + number + "号") + " ";
    });
    PHRASES.forEach(function (word) {
      if (rest.indexOf(word) < 0) return;
      found = true;
      rest = rest.split(word).join(" " + phraseWord(word) + " ");
    });
    return found ? rest.replace(/\s+/g, " ").trim() : null;
  }

  /* ---- what a record holds ---- */

  /*
   * Pagefind's results are only candidates: it matches a query word as the
   * start of an indexed word, falls back to a shorter indexed word when none
   * starts with it (量子 -> 量), and drops a word found nowhere when another
   * is found; with the single characters of the keyword lists, a query such
   * as 量子纠缠火星殖民 listed a letter that holds none of its words.  Each
   * candidate is shown only when its letter or metadata line holds the
   * query's terms by search-rule.js (the header search's rule too), those
   * holding all of them first.
   */
  var VERIFY_ALL = 30;  // candidates up to this many are all checked, so the counts are exact
  var rule = window.SearchRule;
  var fold = rule.fold, queryTerms = rule.queryTerms, markRanges = rule.markRanges, DOC_NUMBER = rule.DOC_NUMBER;
  var CHECK_BATCHES = 5;  // per request at most this many batches of PAGE: a query matching only
                          // through Pagefind's fallbacks must not fetch every fragment of the archive

  /* ---- excerpts ---- */

  var LATIN_END = /[A-Za-z0-9]$/, LATIN_START = /^[A-Za-z0-9]/;

  function unescapeWord(word) { return word.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"); }

  /*
   * A record is the letter, METADATA_MARK, the metadata line, ALSO_MARK,
   * text searched but never shown, KEYWORD_MARK and the hidden keyword list,
   * as words separated by spaces (fulltext_words in search_data.py).
   * Returns the letter, the metadata line and the searched-only text:
   * Chinese words joined without a space, two Latin words or numbers with one.
   */
  function recordText(data) {
    var words = (data.raw_content || "").split(" ").map(unescapeWord);
    var parts = [[], [], []], part = 0;
    for (var i = 0; i < words.length; i++) {
      var word = words[i].trim();
      if (word === METADATA_MARK) { part = 1; continue; }
      if (word === ALSO_MARK) { part = 2; continue; }
      if (word === KEYWORD_MARK) break;
      var list = parts[part];
      if (list.length && LATIN_END.test(list[list.length - 1]) && LATIN_START.test(word)) list.push(" ");
      if (word) list.push(word);
    }
    return { letter: parts[0].join(""), metadata: parts[1].join(""), also: parts[2].join("") };
  }

  /*
   * The excerpt: EXCERPT characters of the letter (or, when the terms stand
   * only there, of the metadata line) around the passage holding the most
   * different marked words, as [[text, marked], …].
   */
  function excerptParts(data, terms) {
    var record = recordText(data);
    // The letter, unless the metadata line holds more of the terms whole (a 文号, a name).
    var text = record.letter, ranges = markRanges(text, terms);
    if (record.metadata) {
      var inMeta = markRanges(record.metadata, terms);
      if (inMeta.length && (!ranges.length
          || rule.countWhole(fold(record.metadata), terms) > rule.countWhole(fold(record.letter), terms))) {
        text = record.metadata; ranges = inMeta;
      }
    }
    var start = 0, best = -1;
    ranges.forEach(function (range) {
      var seen = {}, count = 0;
      ranges.forEach(function (other) {
        var word = fold(text.slice(other[0], other[1]));
        if (other[0] >= range[0] && other[1] <= range[0] + EXCERPT && !seen[word]) { seen[word] = true; count++; }
      });
      if (count > best) { best = count; start = range[0] - Math.floor(EXCERPT / 4); }
    });
    start = Math.max(0, Math.min(start, text.length - EXCERPT));
    var stop = Math.min(text.length, start + EXCERPT), parts = [], at = start;
    ranges.forEach(function (range) {
      var from = Math.max(range[0], start), to = Math.min(range[1], stop);
      if (to <= from) return;
      if (from > at) parts.push([text.slice(at, from), false]);
      parts.push([text.slice(from, to), true]);
      at = to;
    });
    if (stop > at) parts.push([text.slice(at, stop), false]);
    if (parts.length) {
      parts[0][0] = (start > 0 ? "…" : "") + parts[0][0].replace(/^[\s。，、；：！？）」』”]+/, "");
      parts[parts.length - 1][0] += stop < text.length ? "…" : "";
    }
    return parts;
  }

  function excerptElement(data, terms) {
    var p = document.createElement("p");
    p.className = "fulltext-excerpt";
    excerptParts(data, terms).forEach(function (part) {
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

  function resultElement(data, terms) {
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
    item.appendChild(excerptElement(data, terms));
    return item;
  }

  // The list is done (results or a message): the room early.js kept for it is no longer needed.
  function settled() {
    list.removeAttribute("aria-busy");
    document.documentElement.classList.remove("fulltext-pending");
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
  var candidates = [];  // Pagefind's results of the current search, best first, each {result, terms: count}
  var checked = 0;      // how many candidates have been checked against their text
  var passed = [];      // checked candidates that hold the query: {data, all}, all-words first
  var shown = 0;        // how many of them are in the list
  var terms = [];       // the query's terms (queryTerms)
  var mode = "query";   // what the list on screen shows: "query" results or "filters" only
  var timer = null;

  /* Check candidates against their text until ``wanted`` have passed (or all, or CHECK_BATCHES, are checked). */
  function checkUntil(wanted, mine, budget) {
    budget = budget === undefined ? CHECK_BATCHES : budget;
    if (passed.length >= wanted || checked >= candidates.length || budget <= 0) return Promise.resolve();
    var batch = candidates.slice(checked, checked + Math.max(PAGE, wanted - passed.length));
    checked += batch.length;
    return Promise.all(batch.map(function (c) { return c.result.data(); })).then(function (pages) {
      if (mine !== run) return;
      pages.forEach(function (data) {
        var record = recordText(data);
        var text = fold(record.letter + "\n" + record.metadata + "\n" + record.also);
        var held = rule.holdings(text, terms);
        if (!held.some(Boolean)) return;
        passed.push({ data: data, all: rule.holdsAll(held), whole: rule.countWhole(text, terms), rank: passed.length,
                      inTitle: rule.countHeld(rule.holdings(fold((data.meta && data.meta.title) || ""), terms)) });
      });
      // Those holding every term first, then those holding more terms whole (not only as pieces),
      // then those whose title holds more terms; else Pagefind's order.  Only results not yet shown move.
      var fixed = passed.slice(0, shown), open = passed.slice(shown);
      open.sort(function (a, b) {
        return (b.all - a.all) || (b.whole - a.whole) || (b.inTitle - a.inTitle) || (a.rank - b.rank);
      });
      passed = fixed.concat(open);
      return checkUntil(wanted, mine, budget - 1);
    });
  }

  function showMore(focusFirst) {
    var mine = run;
    more.hidden = true;
    return checkUntil(shown + PAGE, mine).then(function () {
      if (mine !== run) return;
      var first = null;
      passed.slice(shown, shown + PAGE).forEach(function (p) {
        var item = resultElement(p.data, terms);
        list.appendChild(item);
        first = first || item.querySelector("a");
      });
      shown = Math.min(passed.length, shown + PAGE);
      more.hidden = shown >= passed.length && checked >= candidates.length;
      settled();
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

  /* One term's candidates: its phrase word when it holds a 文号 or dictionary word, else its pieces. */
  function searchTerm(pf, term, options, mine) {
    var phrases = phraseQuery(term);
    if (!phrases) return pf.search(term, options);
    return pf.search(phrases, options).then(function (response) {
      if (response && response.results && response.results.length) { response.searched = phrases; return response; }
      return mine === run ? pf.search(term, options) : response;  // as typed, piece by piece
    });
  }

  /* The candidates of all terms: those found by every term first (by summed score), then by how many found them. */
  function candidatesOf(responses) {
    var byId = {}, order = [];
    responses.forEach(function (response) {
      ((response && response.results) || []).forEach(function (result) {
        var c = byId[result.id];
        if (!c) { c = byId[result.id] = { result: result, terms: 0, score: 0 }; order.push(c); }
        c.terms += 1;
        c.score += result.score;
      });
    });
    return order.sort(function (a, b) { return b.terms - a.terms || b.score - a.score; });
  }

  function statusLine(state, filtered) {
    var subject = "与“" + state.q + "”相关的答复";
    var exact = checked >= candidates.length;
    var all = passed.filter(function (p) { return p.all; }).length, some = passed.length - all;
    if (!exact) {  // the unchecked rest, estimated at the share of the checked ones that passed
      var rate = checked ? passed.length / checked : 1;
      var rest = candidates.slice(checked);
      all += Math.round(rate * rest.filter(function (c) { return c.terms === terms.length; }).length);
      some += Math.round(rate * rest.filter(function (c) { return c.terms < terms.length; }).length);
    }
    var about = exact ? "" : "约 ";
    var done = filtered ? "（已筛选）" : "";
    if (terms.length === 1 && !some) return "找到 " + about + all + " 件" + subject + done;
    var allPart = all ? "包含全部检索词的 " + about + all + " 件" : "没有答复包含全部检索词";
    return "找到" + subject + "：" + allPart + (some ? "，包含部分检索词的 " + about + some + " 件" : "") + done;
  }

  var loaded = false;   // Pagefind's engine and index metadata have arrived

  function search() {
    clearTimeout(timer);
    var state = readForm();
    var mine = ++run;
    var filtered = Object.keys(state.filters).length > 0;
    terms = state.q ? queryTerms(state.q) : [];
    if (!terms.length) state.q = "";  // nothing searchable in it (only punctuation)
    mode = state.q ? "query" : "filters";
    more.hidden = true;
    if (clear) clear.hidden = !filtered;
    if (!state.q && !filtered) {
      candidates = []; passed = []; checked = 0; shown = 0;
      list.textContent = "";
      more.hidden = true;
      say([]);
      return Promise.resolve();
    }
    say([loaded ? "正在检索…" : "正在载入检索数据…"]);
    list.setAttribute("aria-busy", "true");
    return pagefind().then(function (pf) {
      if (mine !== run) return null;
      say(["正在检索…"]);
      // No query, only filters: every reply they keep, newest first.
      if (!state.q) return newestFirst(pf, state.filters).then(function (r) { return [r]; });
      var options = { filters: state.filters };
      return Promise.all(terms.map(function (term) { return searchTerm(pf, term.text, options, mine); }));
    }).then(function (responses) {
      if (mine !== run || !responses) return;
      list.setAttribute("data-searched", responses.map(function (r, i) {
        return (r && r.searched) || (terms[i] && terms[i].text) || "";
      }).join(" "));  // what Pagefind was asked
      passed = []; checked = 0; shown = 0;
      if (!state.q) {  // filters only: nothing to check, and newest first as listed
        candidates = (responses[0].results || []).map(function (result) { return { result: result, terms: 1 }; });
        passed = candidates.map(function (c) { return { result: c.result, all: true }; });
        checked = candidates.length;
      } else {
        candidates = candidatesOf(responses);
      }
      return (state.q ? checkUntil(candidates.length <= VERIFY_ALL ? candidates.length : PAGE, mine)
                      : Promise.resolve()).then(function () {
        if (mine !== run) return;
        list.textContent = "";
        if (!passed.length) {  // none of the best candidates holds a term: the rest are Pagefind's fallbacks
          settled();
          more.hidden = true;
          var subject = state.q ? "与“" + state.q + "”相关的答复" : "符合筛选条件的答复";
          say(["没有找到" + subject + "。请换用其他关键词" + (filtered ? "或减少筛选条件" : "") + "，也可以通过",
               ["分类浏览", new URL("browse/", base).pathname], "查找答复。"]);
          return;
        }
        say([state.q ? statusLine(state, filtered) : "找到 " + passed.length + " 件符合筛选条件的答复"]);
        return state.q ? showMore(false) : showFiltered();
      });
    }).catch(function (error) {
      if (mine !== run) return;
      settled();
      say(["检索暂时无法使用，请稍后再试，或通过", ["分类浏览", new URL("browse/", base).pathname], "查找答复。"]);
      if (window.console) console.error(error);
    });
  }

  /* Filter-only lists: fragments fetched for the results shown. */
  function showFiltered(focusFirst) {
    var mine = run;
    var batch = passed.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (p) { return p.result.data(); })).then(function (pages) {
      if (mine !== run) return;
      var first = null;
      pages.forEach(function (data) {
        var item = resultElement(data, []);
        list.appendChild(item);
        first = first || item.querySelector("a");
      });
      more.hidden = shown >= passed.length;
      settled();
      if (focusFirst && first) first.focus();
    });
  }

  function changed(now) {
    var state = readForm();
    syncUrl(state);
    clearTimeout(timer);
    more.hidden = true;  // until the new search shows its own
    if (now) { search(); return; }
    if (state.q) {
      say([loaded ? "正在检索…" : "正在载入检索数据…"]);
      // Fetch the index chunks of the terms search() will ask for, during the pause.
      pagefind().then(function (pf) {
        return Promise.all(queryTerms(state.q).map(function (term) {
          return pf.preload(phraseQuery(term.text) || term.text, { filters: state.filters });
        }));
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
  more.addEventListener("click", function () { (mode === "query" ? showMore : showFiltered)(true); });

  // The address early.js saw, with the ?q= it held away from material.
  var params = new URLSearchParams(window.__fulltextParams || window.location.search);
  var typedEarly = input.value;  // typed (or pasted) before this script ran
  writeForm(params);
  if (!params.get("q") && typedEarly.trim()) input.value = typedEarly;
  // Load the engine and its metadata before the first keystroke.
  pagefind().then(function () { loaded = true; }, function () {});
  var initial = readForm();
  syncUrl(initial);
  if (initial.q || Object.keys(initial.filters).length) search();
  else input.focus();
})();
