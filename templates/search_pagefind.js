/* Pagefind as the search page's UI sees it (search.js points the UI here): the filters that grow with the
   archive ({{ trimmed | join(", ") }}) list at most {{ values_shown }} values, those with the most results, and
   every value the reader chose. Pagefind's UI draws a checkbox for every value of every filter after each search; an archive
   of 10,000 records has some 28,000 speakers, and drawing them took three quarters of an 8 s search. A
   speaker left out of the list is searched from their own page (its form sets the filter), or by the URL:
   /search/?q=water&speaker=Mr.+Zarrilli. Built by Plenary from templates/search_pagefind.js. */
export * from "/pagefind/pagefind.js";
import * as pagefind from "/pagefind/pagefind.js";

const SHOWN = {{ values_shown }};
const TRIMMED = {{ trimmed | tojson }};

/* The values chosen in a search's options, by filter: Pagefind takes a value, a list of them, or {any: [...]}. */
function chosenIn(filters) {
  const chosen = {};
  Object.entries(filters || {}).forEach(function ([name, value]) {
    const values = Array.isArray(value) ? value : (value && Array.isArray(value.any) ? value.any : [value]);
    chosen[name] = new Set(values.map(String));
  });
  return chosen;
}

/* The counts of each filter's values, the long filters cut to their most frequent values and the chosen ones. */
function trimmed(counts, chosen) {
  if (!counts) { return counts; }
  const kept = {};
  Object.entries(counts).forEach(function ([name, values]) {
    const names = Object.keys(values);
    if (TRIMMED.indexOf(name) === -1 || names.length <= SHOWN) { kept[name] = values; return; }
    const most = new Set(names.slice().sort(function (a, b) { return values[b] - values[a]; }).slice(0, SHOWN));
    const wanted = chosen[name] || new Set();
    kept[name] = Object.fromEntries(names.filter(function (v) { return most.has(v) || wanted.has(v); })
      .map(function (v) { return [v, values[v]]; }));
  });
  return kept;
}

export async function filters() {
  return trimmed(await pagefind.filters(), {});
}

export async function search(term, options) {
  const found = await pagefind.search(term, options);
  if (!found) { return found; }  // a search overtaken by a newer one
  const chosen = chosenIn(options && options.filters);
  return Object.assign({}, found, {
    filters: trimmed(found.filters, chosen),
    totalFilters: trimmed(found.totalFilters, chosen)
  });
}
