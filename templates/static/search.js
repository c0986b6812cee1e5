/* Plenary search page: mounts Pagefind's UI on #search and keeps the query and the chosen filters
   in the URL (/search/?q=water&speaker=Mr.+Zarrilli), so a search can be bookmarked and shared.
   Loaded after /pagefind/pagefind-ui.js (both deferred); no inline script anywhere (strict CSP). */
(function () {
  "use strict";
  var QUERY = "q";
  var BUNDLE = "/pagefind/";
  /* Where the UI loads Pagefind from: a module of the site's (templates/search_pagefind.js) that gives the UI
     Pagefind with its long filters (speaker, city) cut to their most frequent values. */
  var MODULE = "/search/";
  /* Pagefind ranks by how close a matched word's length is to the query's this much more than by default:
     a split index's bundle that lacks a rare word matches its longest prefix ("green" for "GreeNYC"),
     and those hits must rank after the pages that have the word itself. The tests read this line. */
  var RANKING = { "termSimilarity": 3.0 };
  // The meeting pages' data-pagefind-filter names; other URL parameters (utm_source...) are not filters.
  var FILTERS = ["body", "year", "kind", "speaker", "country", "city"];
  var OPEN_ON_WIDE_SCREENS = ["body", "kind", "year"];

  var mount = document.getElementById("search");
  if (!mount) { return; }
  if (typeof window.PagefindUI !== "function") {
    var status = document.querySelector(".search-status");
    if (status) { status.hidden = false; }
    return;
  }

  var baseTitle = document.title;
  var headerInput = document.getElementById("site-search");

  /* What the URL asks for: the query, and filter values by filter name. */
  function fromUrl() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    params.forEach(function (value, name) {
      if (FILTERS.indexOf(name) !== -1 && value) { (filters[name] = filters[name] || []).push(value); }
    });
    return { query: (params.get(QUERY) || "").trim(), filters: filters };
  }

  function showQuery(query) {
    document.title = query ? "\u201c" + query + "\u201d \u2013 " + baseTitle : baseTitle;
    if (headerInput && document.activeElement !== headerInput) { headerInput.value = query; }
  }

  /* The UI's current query and ticked filters, written back to the URL without a new history entry. */
  function toUrl() {
    var input = mount.querySelector(".pagefind-ui__search-input");
    var query = input ? input.value.trim() : "";
    var params = new URLSearchParams();
    if (query) { params.append(QUERY, query); }
    mount.querySelectorAll(".pagefind-ui__filter-checkbox:checked").forEach(function (box) {
      params.append(box.name, box.value);
    });
    var search = params.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", url);
    }
    showQuery(query);
  }

  /* Text of an HTML snippet from Pagefind (titles and excerpts carry <mark> and entities). */
  var parser = new DOMParser();
  function plain(html) {
    return parser.parseFromString(html, "text/html").body.textContent || "";
  }

  /* A paragraph's anchor heading ("Para. 40 · Mr. Zarrilli") is both the sub-result's title and,
     Pagefind being what it is, the first words of its excerpt: drop them from the excerpt. */
  function withoutHeading(sub) {
    if (sub.plenaryTidied) { return sub; }  // the UI may hand the same result over again
    sub.plenaryTidied = true;
    var title = plain(sub.title || "").trim().split(/\s+/);
    var words = (sub.excerpt || "").split(" ");
    if (!title[0]) { return sub; }
    title[title.length - 1] += ".";
    for (var k = Math.min(title.length, words.length - 1); k > 0; k -= 1) {
      if (words.slice(0, k).map(plain).join(" ") === title.slice(title.length - k).join(" ")) {
        sub.excerpt = words.slice(k).join(" ");
        break;
      }
    }
    return sub;
  }

  function tidy(result) {
    if (Array.isArray(result.sub_results)) { result.sub_results.forEach(withoutHeading); }
    return result;
  }

  var pending = 0;
  function soon() {
    window.clearTimeout(pending);
    pending = window.setTimeout(toUrl, 0);
  }

  /* A large archive's index is split into bundles; the main one lists the others in bundles.json. */
  fetch(BUNDLE + "bundles.json")
    .then(function (response) { return response.ok ? response.json() : []; })
    .catch(function () { return []; })
    .then(function (parts) { start(Array.isArray(parts) ? parts : []); });

  function start(parts) {
    var wanted = fromUrl();
    var ui = new window.PagefindUI({
      element: mount,
      bundlePath: MODULE,
      mergeIndex: parts.map(function (part) { return { bundlePath: BUNDLE + part, ranking: RANKING }; }),
      ranking: RANKING,
      showSubResults: true,
      showImages: false,
      showEmptyFilters: false,
      // On a phone the filters come before the results: keep them closed there.
      openFilters: window.matchMedia("(min-width: 48rem)").matches
        ? OPEN_ON_WIDE_SCREENS.concat(Object.keys(wanted.filters)) : [],
      pageSize: 10,
      excerptLength: 40,
      processResult: tidy,
      autofocus: !wanted.query,
      translations: { placeholder: "Search the records" }
    });
    // Pagefind names its field by a title only; give it a real accessible name.
    var field = mount.querySelector(".pagefind-ui__search-input");
    if (field) { field.setAttribute("aria-label", "Search the records"); }

    /* Load every filter before the first search: a search that finishes first reports only the filters
       Pagefind happened to have loaded, and the UI would then show those alone (Pagefind UI 1.5.2).
       The UI imports the same module URL, so it shares this instance and what it has loaded. */
    var filtersLoaded = import(MODULE + "pagefind.js").then(function (pagefind) { return pagefind.filters(); });

    filtersLoaded.catch(function () { return null; }).then(function () {
      if (Object.keys(wanted.filters).length) { ui.triggerFilters(wanted.filters); }
      if (wanted.query) { ui.triggerSearch(wanted.query); }
    });
    showQuery(wanted.query);

    mount.addEventListener("input", soon);
    mount.addEventListener("change", soon);
    mount.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest(".pagefind-ui__search-clear")) { soon(); }
    });
    mount.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { soon(); }
    });
  }
})();
