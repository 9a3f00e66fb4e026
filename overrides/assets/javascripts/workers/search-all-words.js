/*
 * The header search's worker: material's own search worker, loaded as it is
 * (its address arrives as ?worker=, see early.js), with one rule changed:
 * a result must hold every word of the query.
 *
 * Why: material's lunr query makes every word optional, so 人才公寓, cut
 * into 人才* 公寓*, listed every reply holding 人才 or 公寓 ("1.8k 个符合条件
 * 的结果" at 10,000 replies), and material has no setting for it.  Material
 * searches through lunr.Index#search, which parses the query string into
 * clauses; here each clause becomes required (lunr: it must match in some
 * field) unless the visitor excluded it with "-".  lunr does the matching,
 * so the count and the list agree.
 */
(function () {
  "use strict";
  var given = new URL(self.location.href).searchParams.get("worker") || "";
  var worker = new URL(given, self.location.href);
  // Only material's own worker script of this site is ever loaded.
  if (worker.origin !== self.location.origin || !/\/workers\/search\.[0-9a-f]+\.min\.js$/.test(worker.pathname)) {
    throw new Error("search-all-words.js: unexpected worker " + given);
  }
  importScripts(worker.href);

  var lunr = self.lunr;
  lunr.Index.prototype.search = function (queryString) {
    return this.query(function (query) {
      new lunr.QueryParser(queryString, query).parse();
      query.clauses.forEach(function (clause) {
        if (clause.presence !== lunr.Query.presence.PROHIBITED) clause.presence = lunr.Query.presence.REQUIRED;
      });
    });
  };
})();
