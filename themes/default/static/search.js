// Search page of the default theme: a small client of Pagefind's JavaScript API.
//
// The form in search.html is a plain GET form; this script runs the search as the reader
// types or picks a filter, keeps the state in the address (?q=…&actor=…&sort=…) so a search
// can be bookmarked or linked to, and shows the results twenty at a time. Every text comes
// from the template's data- attributes; titles and dates are inserted as text, and only
// Pagefind's excerpts (escaped text with <mark> around the hits) as HTML.

const PAGE_SIZE = 20;
const DEBOUNCE_MS = 200;
const FILTERS = ["actor", "author", "kind", "year", "lang"];

const root = document.getElementById("search");
const form = root.querySelector("form");
const input = form.elements.q;
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const clear = document.getElementById("search-clear");
const strings = root.dataset;

const language = document.documentElement.lang || undefined;
const plural = new Intl.PluralRules(language);
const number = new Intl.NumberFormat(language);
const collator = new Intl.Collator(language);

// One Pagefind instance per shard of the index (one shard per year), newest first. Shards
// are searched separately rather than merged with Pagefind's mergeIndex, whose merged
// results are ordered by score even when a date order is asked for.
let pagefind = null;
let latest = 0; // id of the newest search: an older one that ends later is dropped
let results = []; // results of the newest search, their data not yet loaded
let resultsOf = 0; // the id of the search `results` come from
let shown = 0; // how many of them are in the list
let showExcerpts = false; // excerpts only mean something when there is a term
let timer = 0;

/** The search as the form holds it: `{ q, actor, author, kind, year, lang, sort }`. */
function readForm() {
  const state = { q: input.value };
  for (const name of [...FILTERS, "sort"]) state[name] = form.elements[name].value;
  return state;
}

/** Fills the form from the address. Filter values are kept as provisional options until
 * the index says which values exist. */
function fillForm(params) {
  input.value = params.get("q") ?? "";
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) form.elements[name].add(new Option(value, value, true, true));
  }
  const sort = params.get("sort");
  if (sort === "newest" || sort === "oldest") form.elements.sort.value = sort;
}

/** Writes the state to the address, without a history entry per keystroke; offers to
 * clear it when there is something to clear. */
function writeAddress(state) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(state)) {
    if (value.trim()) params.set(name, value.trim());
  }
  const query = params.toString();
  history.replaceState(history.state, "", location.pathname + (query ? `?${query}` : ""));
  clear.hidden = !query;
}

/** One select's options from Pagefind's `{ value: count }`, keeping the current choice. */
function fillSelect(select, counts, descending) {
  const chosen = select.value;
  if (chosen && !(chosen in counts)) counts[chosen] = 0;
  const values = Object.keys(counts).sort(descending
    ? (a, b) => collator.compare(b, a)
    : collator.compare);
  const any = select.options[0];
  select.replaceChildren(any, ...values.map((value) =>
    new Option(`${value} (${number.format(counts[value])})`, value)));
  select.value = chosen;
}

function say(message, isError = false) {
  status.textContent = message;
  status.classList.toggle("is-error", isError);
}

function countLine(count) {
  const template = plural.select(count) === "one" ? strings.countOne : strings.countMany;
  return template.replace("{count}", number.format(count));
}

/** Loads the index and the filter values; false when search is unavailable. */
async function load() {
  say(strings.loading);
  try {
    if (location.protocol === "file:") throw new Error("pages opened as files cannot load the index");
    const bundle = strings.bundle.replace(/\/?$/, "/");
    const folders = [bundle, ...JSON.parse(strings.shards || "[]")];
    // Each import with its own query string is a separate module, hence a separate index.
    pagefind = await Promise.all(folders.map(async (folder, i) => {
      const shard = await import(`${bundle}pagefind.js?shard=${i}`);
      // Result URLs are already full paths that include the site's base path.
      // Older shards search on the main thread: one worker, not one per year.
      await shard.options({ basePath: folder, baseUrl: "/", excerptEllipsis: "…", noWorker: i > 0 });
      shard.init();
      return shard;
    }));
    const filters = mergeCounts(await Promise.all(pagefind.map((shard) => shard.filters())));
    for (const name of FILTERS) {
      fillSelect(form.elements[name], filters[name] ?? {}, name === "year");
    }
    root.classList.add("is-live");
    return true;
  } catch (error) {
    console.error("Search index not loaded:", error);
    pagefind = null;
    say(strings.error, true);
    return false;
  }
}

/** Runs the search the form describes and shows its first results. */
async function search() {
  clearTimeout(timer);
  const id = ++latest;
  const state = readForm();
  writeAddress(state);
  if (!pagefind) return;
  const term = state.q.trim() || null;
  const filters = {};
  for (const name of FILTERS) if (state[name]) filters[name] = state[name];
  if (!term && !Object.keys(filters).length) {
    results = [];
    resultsOf = id;
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    say(strings.hint);
    return;
  }
  const options = { filters };
  // Without a term there is no relevance: newest first unless asked otherwise.
  if (state.sort === "oldest") options.sort = { date: "asc" };
  else if (state.sort === "newest" || !term) options.sort = { date: "desc" };
  list.setAttribute("aria-busy", "true");
  try {
    const found = await Promise.all(pagefind.map((shard) => shard.search(term, options)));
    if (id !== latest) return;
    results = inOrder(found.map((response) => response.results), options.sort);
    resultsOf = id;
    shown = 0;
    showExcerpts = Boolean(term);
    await showMore(id, false);
  } catch (error) {
    if (id !== latest) return;
    console.error("Search failed:", error);
    say(strings.error, true);
  } finally {
    if (id === latest) list.removeAttribute("aria-busy");
  }
}

/** Filter counts of every shard, added up: `{ actor: { "Name": 3 } }`. */
function mergeCounts(all) {
  const merged = {};
  for (const filters of all) {
    for (const [name, counts] of Object.entries(filters)) {
      merged[name] ??= {};
      for (const [value, count] of Object.entries(counts)) {
        merged[name][value] = (merged[name][value] ?? 0) + count;
      }
    }
  }
  return merged;
}

/** One list from the shards' results (newest shard first). Shards cover successive periods,
 * so a date order is the shards' own orders one after the other; relevance is by score. */
function inOrder(perShard, sort) {
  if (sort?.date === "desc") return perShard.flat();
  if (sort?.date === "asc") return perShard.reverse().flat();
  return perShard.flat().sort((a, b) => b.score - a.score);
}

/** Appends the next page of results; the first page replaces the list in one go. */
async function showMore(id, moveFocus) {
  const page = results.slice(shown, shown + PAGE_SIZE);
  let data;
  more.disabled = true;
  try {
    data = await Promise.all(page.map((result) => result.data()));
  } finally {
    more.disabled = false;
  }
  if (id !== latest) return;
  const items = data.map(resultItem);
  if (shown === 0) list.replaceChildren(...items);
  else list.append(...items);
  shown += page.length;
  more.hidden = shown >= results.length;
  say(results.length ? countLine(results.length) : strings.none);
  // Keyboard users go on reading where the new results start.
  if (moveFocus && items.length) items[0].querySelector("a").focus();
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** One result, shaped like the theme's article cards. */
function resultItem(data) {
  const meta = data.meta ?? {};
  const item = element("li", "article-card search-result");
  const article = element("article");
  // An English article on a French site is read out in English.
  if (meta.lang && meta.lang !== language) article.lang = meta.lang;
  if (meta.date) {
    const time = element("time", "", meta.date);
    if (meta.iso) time.dateTime = meta.iso;
    const line = element("p", "meta");
    line.append(time);
    article.append(line);
  }
  const heading = element("h2", "card-title");
  const link = element("a", "", meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  article.append(heading);
  const summary = element("p", "summary");
  // Pagefind escapes the text of an excerpt and adds only <mark>: safe as HTML.
  if (showExcerpts && data.excerpt) summary.innerHTML = data.excerpt;
  else summary.textContent = meta.summary ?? "";
  if (summary.textContent) article.append(summary);
  item.append(article);
  return item;
}

input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(search, DEBOUNCE_MS);
});
// On the page rather than the form: the sort select sits above the results, outside it.
root.addEventListener("change", (event) => {
  if (event.target !== input) search();
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  search();
});
// The reset event comes before the form is emptied.
form.addEventListener("reset", () => setTimeout(() => {
  search();
  input.focus();
}));
more.addEventListener("click", () => {
  // Ignored while a newer search runs: its results will replace these.
  if (resultsOf === latest && !more.disabled) showMore(latest, true);
});

fillForm(new URLSearchParams(location.search));
if (!input.value) input.focus({ preventScroll: true });
if (await load()) search();
