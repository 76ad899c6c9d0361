// sitegen: progressive enhancement for the timeline (filters, search, keyboard).
// Without JavaScript every page is complete: the timeline lists every event and the
// finder is not shown. No third-party code, no requests but the site's own search index.
(function () {
  "use strict";
  var doc = document;

  // -- a large timeline's year page is its own embed (issue 20: no copy of its list): its
  // embed/ address only comes here, and at ?embed the page becomes what embed/ pages are
  if (doc.body.classList.contains("embed-moved")) {
    var asked = location.search.replace(/^\?/, "&");
    location.replace("../?embed" + (asked === "&" ? "" : asked) + location.hash);
    return;
  }
  var listed = doc.getElementById("timeline");
  if (listed && listed.dataset.embed && new URLSearchParams(location.search).has("embed")) {
    asEmbed(listed);
  }
  function asEmbed(listed) {
    doc.body.classList.add("page-embed");
    var base = doc.createElement("base");  // every other link opens outside the frame
    base.target = listed.dataset.embedTarget || "_top";
    doc.head.appendChild(base);
    // the year navigator and pager stay inside, on the year pages as embeds
    doc.querySelectorAll(".year-nav a, .year-pager a").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href);
      if (a.parentNode.classList.contains("year-nav-home")) url.pathname += "embed/";
      else url.search = "?embed";
      a.href = url.href;
      a.target = "_self";
    });
    var header = doc.querySelector(".page-header");
    var title = header && header.querySelector("h1");
    if (title) {  // as an embed's heading: a link to the full page
      header.classList.add("embed-header");
      var link = doc.createElement("a");
      link.href = location.pathname;
      while (title.firstChild) link.appendChild(title.firstChild);
      title.appendChild(link);
    }
    var script = doc.createElement("script");
    script.src = listed.dataset.embed;
    doc.body.appendChild(script);
  }

  // -- flags: a country's flag is an emoji; where the system has no flag glyphs (Windows,
  // bare Linux) it would show as two boxes, so write the ISO code instead
  function flagsRender() {
    var canvas = doc.createElement("canvas");
    canvas.width = canvas.height = 20;
    var ctx = canvas.getContext && canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) return true;
    ctx.font = '16px "Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif';
    ctx.textBaseline = "top";
    ctx.fillText("\ud83c\uddfa\ud83c\uddf3", 0, 0);
    var px = ctx.getImageData(0, 0, 20, 20).data;
    for (var i = 0; i < px.length; i += 4) {
      if (px[i + 3] && (px[i] !== px[i + 1] || px[i + 1] !== px[i + 2])) return true;
    }
    return false;
  }
  // (a flag is an <i aria-hidden>, but for one in a body's own HTML)
  var flags = doc.querySelectorAll("i[aria-hidden]:not(.prose i)");
  if (flags.length && !flagsRender()) {
    Array.prototype.forEach.call(flags, function (el) {
      var code = "";
      for (var ch of el.textContent.trim()) {
        var cp = ch.codePointAt(0);
        if (cp >= 0x1f1e6 && cp <= 0x1f1ff) code += String.fromCharCode(cp - 0x1f1e6 + 65);
      }
      if (code) {
        el.textContent = code;
        el.classList.add("flag-code");
      }
    });
  }

  // -- a fluid strip's bar names: the words that fit, with "…" (clipped mid-word)
  var bars = doc.querySelectorAll(".overview-fluid svg[width] > rect + text"), names = [];
  function fitBars() {
    bars.forEach(function (el, i) {
      var words = (names[i] = names[i] || el.textContent).split(" "), text = names[i];
      var room = el.parentNode.width.animVal.value - 2 * el.x.baseVal[0].value;
      for (el.textContent = text; text && el.getComputedTextLength() > room; el.textContent = text) {
        words.pop();
        text = words.length ? words.join(" ").replace(/[\s,;:–—-]+$/, "") + "…" : "";
      }
    });
  }
  if (bars.length) {
    fitBars();
    window.addEventListener("resize", fitBars);
  }

  // -- event pages: previous and next with the arrow keys
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  // An event in several timelines has a pager for each (nav[data-timeline]): the keys
  // follow the timeline the reader came by: the one whose page (an embed, a year page)
  // or whose previous or next event they came from, the one they last walked with the
  // keys or a pager's link where two fit; so → then ← comes back, and a walk through
  // one story stays in it, ending where the story ends.
  var STORY_KEY = "sitegen:story";
  function path(url) {
    try { return new URL(url, location.href).pathname; } catch (e) { return ""; }
  }
  function remember(nav) {
    if (!nav.dataset.timeline) return;
    // (storage turned off: the keys follow the page's first pager)
    try { sessionStorage.setItem(STORY_KEY, path(nav.dataset.timeline)); } catch (e) { return; }
  }
  function storyPager() {
    var pagers = Array.prototype.slice.call(doc.querySelectorAll("nav[data-timeline]"));
    if (pagers.length < 2) return doc;
    var from = doc.referrer ? path(doc.referrer) : "", walked = "";
    try { walked = sessionStorage.getItem(STORY_KEY) || ""; } catch (e) { walked = ""; }
    var came = pagers.filter(function (nav) {
      return from && (from.indexOf(path(nav.dataset.timeline)) === 0 ||
        Array.prototype.some.call(nav.querySelectorAll("a"), function (a) { return path(a.href) === from; }));
    });
    var walking = function (nav) { return path(nav.dataset.timeline) === walked; };
    return came.find(walking) || came[0] || pagers.find(walking) || doc;
  }
  if (doc.body.classList.contains("page-event")) {
    doc.addEventListener("keydown", function (ev) {
      if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight") return;
      if (typing(ev.target)) return;
      var link = storyPager().querySelector(ev.key === (doc.dir == "rtl" ? "ArrowRight" : "ArrowLeft") ? 'a[rel~="prev"]' : 'a[rel~="next"]');
      if (link) {
        ev.preventDefault();
        remember(link.parentNode);
        location.href = link.href;
      }
    });
    doc.querySelectorAll("nav[data-timeline] a").forEach(function (a) {
      a.addEventListener("click", function () { remember(a.parentNode); });
    });
  }

  // -- phones: the timeline's introduction folds, so the first event is on the first
  // screen; a link into it (#cite-1, #source-2) keeps it open, and print shows it
  ["story-more", "strip-more"].forEach(function (id) {
    var folded = doc.getElementById(id);
    if (!folded) return;
    folded.classList.add("js");  // (style.css folds it until then)
    if (!window.matchMedia("(max-width: 40rem)").matches) return;
    if (!folded.querySelector(":target")) folded.open = false;
    window.addEventListener("beforeprint", function () { folded.open = true; });
  });

  // -- a year navigator wider than a phone: its current column in view
  doc.querySelectorAll(".year-bins").forEach(function (bins) {
    var cur = bins.querySelector("[aria-current]"), box = bins.getBoundingClientRect();
    if (cur) bins.scrollLeft += cur.getBoundingClientRect().left - box.left - box.width / 2;
  });

  // -- a link to an event (#slug) that another year page of a large timeline lists:
  // years/events-X.json (X: data-prefix letters of it) says which page, and the browser
  // goes there (in an embed, embed.js does it)
  var yearNav = doc.querySelector(".year-nav[data-timeline]");
  if (yearNav && !doc.body.classList.contains("page-embed")) {
    var toYearPage = function () {
      var slug = location.hash.slice(1);
      if (!/^[a-z0-9-]+$/.test(slug) || doc.getElementById(slug)) return;
      var folder = new URL(yearNav.dataset.timeline, location.href);
      fetch(new URL("years/events-" + slug.slice(0, yearNav.dataset.prefix || 1) + ".json", folder)).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (m) {
        var at = m && m.at[slug];
        if (typeof at !== "number" || typeof m.pages[at] !== "string") return;
        var url = new URL(m.pages[at], folder);
        if (url.pathname !== location.pathname) location.replace(url.pathname + location.search + location.hash);
      }).catch(function () {});
    };
    toYearPage();
    window.addEventListener("hashchange", toYearPage);
  }

  // -- share one entry: the Web Share sheet where there is one, else copy its link
  var entries = doc.querySelectorAll("#timeline li.entry");
  if (entries.length && (navigator.share || (navigator.clipboard && window.isSecureContext))) {
    var shared = doc.createElement("p");
    shared.className = "visually-hidden";
    shared.setAttribute("role", "status");
    doc.getElementById("timeline").appendChild(shared);
    Array.prototype.forEach.call(entries, function (li) {
      var link = li.querySelector(":scope > h3 a");
      if (!link) return;
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "share";
      button.textContent = navigator.share ? "Share" : "Copy link";
      var what = doc.createElement("span");
      what.className = "visually-hidden";
      what.textContent = ": " + link.textContent;
      button.appendChild(what);
      button.addEventListener("click", function () {
        if (navigator.share) {
          navigator.share({ title: link.textContent, url: link.href }).catch(function () {});
          return;
        }
        navigator.clipboard.writeText(link.href).then(
          function () { shared.textContent = "Link copied: " + link.textContent; },
          function () { shared.textContent = "Could not copy the link; it is " + link.href; }
        );
      });
      li.appendChild(button);
    });
  }

  // -- a country's and a person's filter options are the entries' chips: the page writes
  // each name, flag and address once, under its entry, and an empty <fieldset data-name>
  // that is filled here (issue 20: 60 entries' options were 13 KB of every year page). The
  // options are sorted as the build sorts people and countries: by name without accents,
  // then by address
  var CHIP = /(?:^|\/)(countries|people)\/([^\/?#]+)\/$/;
  function slugOf(part) {
    try { return decodeURIComponent(part); } catch (e) { return part; }
  }
  function sortName(name) {
    return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }
  function listChipOptions(finder) {
    var found = { countries: {}, people: {} };
    doc.querySelectorAll("#timeline li.entry .chips a").forEach(function (a) {
      var m = CHIP.exec(a.getAttribute("href") || "");
      if (m && !found[m[1]][m[2]]) found[m[1]][m[2]] = a;  // (encoded as its address)
    });
    finder.querySelectorAll("fieldset[data-name=country], fieldset[data-name=person]").forEach(function (set) {
      if (set.querySelector("input")) return;  // a theme that writes its options
      var chips = found[set.dataset.name === "country" ? "countries" : "people"];
      var options = Object.keys(chips).map(function (slug) {
        var a = chips[slug];
        var name = Array.prototype.filter.call(a.childNodes, function (n) {
          return n.nodeType === 3;
        }).map(function (n) { return n.textContent; }).join("").trim();
        return { slug: slugOf(slug), name: name, key: sortName(name), flag: a.querySelector("i") };
      });
      options.sort(function (x, y) {
        return x.key < y.key ? -1 : x.key > y.key ? 1 : x.slug < y.slug ? -1 : x.slug > y.slug ? 1 : 0;
      });
      var list = doc.createElement("ul");
      list.className = "options";
      options.forEach(function (o) {
        var li = doc.createElement("li");
        var label = doc.createElement("label");
        var box = doc.createElement("input");
        box.value = o.slug;
        label.appendChild(box);
        if (o.flag) label.appendChild(o.flag.cloneNode(true));
        label.appendChild(doc.createTextNode(o.name));
        li.appendChild(label);
        list.appendChild(li);
      });
      set.appendChild(list);
    });
  }

  var finder = doc.getElementById("finder");
  if (!finder) return;

  // -- filters: ?country=a&person=b&tag=c, every choice must match
  var FACETS = { country: "countries", person: "people", tag: "tags" };
  var words = function (s) { return s ? s.split(" ") : []; };
  // an entry's countries and people are its chips' (their addresses), its topics data-t:
  // the places of its topics among the page's topic options (a site's own template may
  // still write them as data-tags, by slug)
  var topics = Array.prototype.map.call(finder.querySelectorAll("fieldset[data-name=tag] input"), function (box) {
    return box.value;
  });
  var items = Array.prototype.map.call(doc.querySelectorAll("#timeline li.entry"), function (el) {
    var chips = { countries: [], people: [] };
    el.querySelectorAll(".chips a").forEach(function (a) {
      var m = CHIP.exec(a.getAttribute("href") || "");
      if (m) chips[m[1]].push(slugOf(m[2]));
    });
    return {
      el: el,
      slug: el.id,
      // (a site's own template may still write data-countries and data-people)
      country: "countries" in el.dataset ? words(el.dataset.countries) : chips.countries,
      person: "people" in el.dataset ? words(el.dataset.people) : chips.people,
      tag: "t" in el.dataset ? words(el.dataset.t).map(function (n) { return topics[n]; }) : words(el.dataset.tags)
    };
  });
  listChipOptions(finder);
  // the options are written as <input value> in a <fieldset data-name>: type and name
  // are the same on every box of a fieldset, so they are given here, not in the markup
  finder.querySelectorAll("fieldset[data-name] input").forEach(function (box) {
    box.type = "checkbox";
    box.name = box.closest("fieldset").dataset.name;
  });
  var boxes = Array.prototype.slice.call(finder.querySelectorAll("input[type=checkbox][name]"));
  // each option's class and count are added here: the finder shows only with this script,
  // and the markup would repeat on every option of every year page (issue 20)
  boxes.forEach(function (box) {
    var label = box.parentNode;
    label.classList.add("option");
    label.lastChild.textContent += " ";
    var count = doc.createElement("span");
    count.className = "n";
    label.appendChild(count);
  });
  var years = doc.querySelectorAll("#timeline section.year");
  var gaps = doc.querySelectorAll("#timeline li.gap");
  var marks = doc.querySelectorAll(".overview a.m");
  var status = doc.getElementById("filter-status");
  var active = doc.getElementById("filter-active");
  var clear = doc.getElementById("filter-clear");
  var details = doc.getElementById("filters");
  var empty = doc.getElementById("filter-empty");
  // the strip's caption says what it shows: it follows the filters (its first sentence
  // counts every event, the rest is the legend)
  var caption = doc.querySelector(".overview figcaption");
  var captionAll = caption ? caption.textContent : "";
  var legend = captionAll.split(". ").slice(1).join(". ");

  function has(item, box) { return item[box.name].indexOf(box.value) >= 0; }

  // options that no event uses are left out
  boxes.forEach(function (box) {
    var total = items.filter(function (it) { return has(it, box); }).length;
    if (!total) box.closest("li").hidden = true;
  });
  finder.querySelectorAll("fieldset").forEach(function (set) {
    if (!set.querySelector("li:not([hidden])")) set.hidden = true;
  });

  function chosen() {
    return boxes.filter(function (b) { return b.checked; });
  }

  function apply() {
    var picked = chosen();
    var shown = 0;
    var hiddenSlugs = {};
    items.forEach(function (it) {
      var ok = picked.every(function (b) { return has(it, b); });
      it.el.hidden = !ok;
      if (ok) shown += 1; else hiddenSlugs[it.slug] = true;
    });
    Array.prototype.forEach.call(years, function (y) {
      y.hidden = !y.querySelector("li.entry:not([hidden])");
    });
    // "2 years later" describes the full list; it would mislead in a filtered one
    Array.prototype.forEach.call(gaps, function (g) { g.hidden = picked.length > 0; });
    Array.prototype.forEach.call(marks, function (a) {
      var slug = (a.getAttribute("href") || "").slice(1);
      a.classList.toggle("off", !!hiddenSlugs[slug]);
    });
    boxes.forEach(function (box) {
      var n = items.filter(function (it) { return !it.el.hidden && has(it, box); }).length;
      box.parentNode.querySelector(".n").textContent = String(n);
      // an option that would leave nothing stays listed, with its 0, but cannot be ticked
      var dead = n === 0 && !box.checked;
      box.parentNode.classList.toggle("none", dead);
      if (dead) box.setAttribute("aria-disabled", "true"); else box.removeAttribute("aria-disabled");
    });
    var names = picked.map(function (b) { return b.parentNode.querySelector(".n").previousSibling.textContent.trim(); });
    var total = items.length, of = (total === 1 ? " event" : " events") + (status.dataset.of ? " of " + status.dataset.of : "");
    status.textContent = picked.length
      ? "Showing " + shown + " of " + total + of + ": " + names.join(", ") + "."
      : "Showing " + (total === 1 ? "" : "all ") + total + of + ".";
    active.textContent = picked.length ? "(" + picked.length + " on)" : "";
    clear.hidden = !picked.length;
    if (empty) empty.hidden = !(picked.length && !shown);
    if (caption) {
      caption.textContent = picked.length
        ? "Showing " + shown + " of " + total + " events in colour (" + names.join(", ") +
          "); the others are greyed." + (legend ? " " + legend : "")
        : captionAll;
    }
    writeUrl(picked);
  }

  function writeUrl(picked) {
    var params = new URLSearchParams(location.search);
    Object.keys(FACETS).forEach(function (k) { params.delete(k); });
    picked.forEach(function (b) { params.append(b.name, b.value); });
    var query = params.toString().replace(/(^|&)embed=(?=&|$)/, "$1embed");  // (?embed)
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, "", url);
    }
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    var wanted = {};
    Object.keys(FACETS).forEach(function (k) {
      wanted[k] = [];
      params.getAll(k).forEach(function (v) {
        wanted[k] = wanted[k].concat(v.split(",").filter(Boolean));
      });
    });
    boxes.forEach(function (b) { b.checked = wanted[b.name].indexOf(b.value) >= 0; });
  }

  boxes.forEach(function (b) {
    b.addEventListener("click", function (ev) {
      if (b.getAttribute("aria-disabled") === "true") ev.preventDefault();
    });
    b.addEventListener("change", apply);
  });
  function clearAll() {
    boxes.forEach(function (b) { b.checked = false; });
    apply();
    (details.open ? boxes.find(function (b) { return !b.closest("li").hidden; }) : details.querySelector("summary")).focus();
  }
  clear.addEventListener("click", clearAll);
  if (empty) empty.querySelector("button").addEventListener("click", clearAll);
  window.addEventListener("popstate", function () { readUrl(); apply(); });
  // a link to an entry the filters hide (a greyed mark of the strip, an address with
  // both filters and #slug) shows every event again, as an embed does: it would land
  // on nothing
  function hiddenEntry(hash) {
    var id = "";
    try { id = decodeURIComponent(hash.slice(1)); } catch (e) { id = ""; }
    var el = id ? doc.getElementById(id) : null;
    return el && el.hidden && items.some(function (it) { return it.el === el; }) ? el : null;
  }
  function showAll() {
    boxes.forEach(function (b) { b.checked = false; });
    apply();
  }
  doc.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
    if (a && hiddenEntry(a.getAttribute("href"))) showAll();  // before the browser scrolls to it
  });
  readUrl();
  apply();
  // a shared link to #slug: scrolled to again, after the filters just applied
  var wanted = hiddenEntry(location.hash);
  if (wanted) showAll();
  else if (location.hash) wanted = doc.getElementById(location.hash.slice(1));
  if (wanted && !wanted.hidden) wanted.scrollIntoView();
})();
// Search (a timeline's page, kept to its scope's documents; the newsroom's front page):
// a sharded index (sitegen/search.py), fetched a piece at a time, each file once: the
// manifest on first focus, the shard of each word typed, the records of results shown.
(function () {
  "use strict";
  var doc = document;
  var input = doc.getElementById("search-input");
  if (!input) return;
  var list = doc.getElementById("search-results");
  var said = doc.getElementById("search-status");
  var more = doc.getElementById("search-more");
  var manifest = null;
  var scope = null; // a timeline's: scope[d] is 1 for each of its documents
  var parts = []; // a large index's parts of a shard (1 each: one whose documents are searched)
  var loading = null;
  var files = {};
  var base = input.dataset.index.replace(/[^\/]*$/, "");
  var root = input.dataset.root || "./";
  var asked = 0; // the latest query: answers to older ones are dropped

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function unavailable() {
    said.textContent = "Search is not available here (it needs the site on a web server).";
  }

  function getJSON(url, fresh) {
    return fetch(url, fresh ? { cache: "no-cache" } : {}).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  }

  function get(path) {
    var url = base + path + "?v=" + manifest.v;
    if (!files[url]) {
      files[url] = getJSON(url);
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  function unpack(runs, docs) {
    // search.scope_runs: a gap from the previous document, or -n for n more in a row
    var kept = new Uint8Array(docs);
    var d = -1;
    runs.forEach(function (g) {
      if (g > 0) kept[d += g] = 1;
      else for (var k = 0; k < -g; k++) kept[++d] = 1;
    });
    return kept;
  }

  function fetchIndex(fresh) {
    var scoped = input.dataset.scope;
    return Promise.all([getJSON(input.dataset.index, fresh), scoped ? getJSON(scoped, fresh) : null])
      .then(function (got) {
        var m = got[0];
        var s = got[1];
        if (m.version !== 2) throw new Error("index version");
        if (s && (s.docs !== m.docs || s.events !== m.events)) {
          // one of the two is an earlier build's, from the browser's cache
          if (fresh) throw new Error("scope of another index");
          return fetchIndex(true);
        }
        scope = s && unpack(s.in, m.docs);
        manifest = m;
        // a shard in parts of m.part documents: a timeline's page fetches those with its own
        var per = m.part || m.docs || 1;
        parts = [];
        for (var k = 0; k * per < Math.max(m.docs, 1); k++) {
          parts.push(!scope || scope.subarray(k * per, (k + 1) * per).indexOf(1) >= 0 ? 1 : 0);
        }
      });
  }

  function load() {
    if (!loading) {
      loading = fetchIndex(false)
        .then(search)
        .catch(function () {
          loading = null;
          unavailable();
        });
    }
    return loading;
  }

  function shardOf(word) {
    // FNV-1a of the first letters' code points, as search.shard_of
    var h = 0x811c9dc5;
    var n = 0;
    for (var ch of word) {
      if (n++ >= manifest.prefix) break;
      h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    }
    return h % manifest.shards;
  }

  function shardParts(word) {
    // every part of a word's shard that the page searches: w/N.json, w/N-1.json, …
    var n = shardOf(word);
    var got = [];
    parts.forEach(function (wanted, k) {
      if (wanted) got.push(get("w/" + n + (k ? "-" + k : "") + ".json"));
    });
    return Promise.all(got);
  }

  // a term's documents with its best score in each: title 12 (2 more for the whole word,
  // 2 more for a person's or a country's name: documents after the events), date, summary
  // or role 4, text 1. Long enough, a term matches the words it begins.
  function matches(term, shardParts) {
    var scores = new Map();
    var prefix = Array.from(term).length >= manifest.prefix; // (letters, not UTF-16 units)
    shardParts.forEach(function (shard) { Object.keys(shard).forEach(function (word) {
      var exact = word === term;
      if (!exact && !(prefix && word.lastIndexOf(term, 0) === 0)) return;
      var row = shard[word];
      var d = -1;
      for (var i = 0; i < row.length; i++) {
        d += row[i] >> 2;
        if (scope && !scope[d]) continue;
        var where = row[i] & 3;
        var s = where === 2 ? 4 : where === 1 ? 1 : 12 + (exact ? 2 : 0) + (d >= manifest.events ? 2 : 0);
        if (!(scores.get(d) >= s)) scores.set(d, s);
      }
    }); });
    return scores;
  }

  function rank(terms, shards) {
    var total = matches(terms[0], shards[0]);
    for (var i = 1; i < terms.length; i++) {
      var next = matches(terms[i], shards[i]);
      total.forEach(function (s, d) {
        if (next.has(d)) total.set(d, s + next.get(d));
        else total.delete(d);
      });
    }
    var found = [];
    total.forEach(function (s, d) { found.push({ s: s, d: d }); });
    found.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
    return found;
  }

  function mark(parent, text, terms) {
    // writes text, wrapping the query's words in <mark>; never parses HTML
    var folded = fold(text);
    var pos = 0;
    while (pos < text.length) {
      var next = -1;
      var len = 0;
      terms.forEach(function (t) {
        var at = folded.indexOf(t, pos);
        if (at >= 0 && (next < 0 || at < next)) { next = at; len = t.length; }
      });
      if (next < 0 || folded.length !== text.length) break;
      parent.appendChild(doc.createTextNode(text.slice(pos, next)));
      var m = doc.createElement("mark");
      m.textContent = text.slice(next, next + len);
      parent.appendChild(m);
      pos = next + len;
    }
    parent.appendChild(doc.createTextNode(text.slice(pos)));
  }

  var KINDS = { e: "Event", p: "Person", c: "Country" };

  function search() {
    var query = fold(input.value.trim());
    var mine = ++asked;
    list.textContent = "";
    more.hidden = true;
    hits = [];
    shownHits = 0;
    // one letter alone finds nothing worth a download
    var terms = query.split(/[^\p{L}\p{N}]+/u).filter(function (t, i, all) {
      return t.length > 1 && all.indexOf(t) === i;
    });
    if (!terms.length) {
      list.hidden = true;
      said.textContent = "";
      return;
    }
    if (!manifest) {
      said.textContent = "Loading the search index…";
      load();
      return;
    }
    Promise.all(terms.map(shardParts))
      .then(function (shards) {
        if (mine !== asked) return;
        hits = rank(terms, shards);
        lastTerms = terms;
        return showMore(mine);
      })
      .catch(unavailable);
  }

  // results come a page at a time: "852 results, showing 1–8", then "Show more results";
  // a page fetches the record chunks of its results
  var PAGE = 8;
  var hits = [];
  var shownHits = 0;
  var lastTerms = [];

  function showMore(mine) {
    var top = hits.slice(shownHits, shownHits + PAGE);
    var chunks = [];
    top.forEach(function (h) {
      var c = Math.floor(h.d / manifest.per);
      if (chunks.indexOf(c) < 0) chunks.push(c);
    });
    return Promise.all(chunks.map(function (c) { return get("r/" + c + ".json"); })).then(
      function (loaded) {
        if (mine !== asked) return null;
        var firstNew = null;
        top.forEach(function (h) {
          var c = Math.floor(h.d / manifest.per);
          var r = loaded[chunks.indexOf(c)][h.d - c * manifest.per];
          var li = doc.createElement("li");
          var a = doc.createElement("a");
          a.href = root + r[3];
          mark(a, r[1], lastTerms);
          var meta = doc.createElement("span");
          meta.className = "result-meta";
          meta.textContent = KINDS[r[0]] + (r[2] ? " · " + r[2] : "");
          var p = doc.createElement("p");
          mark(p, r[4], lastTerms);
          li.appendChild(meta);
          li.appendChild(a);
          li.appendChild(p);
          list.appendChild(li);
          firstNew = firstNew || a;
        });
        shownHits += top.length;
        list.hidden = !shownHits;
        more.hidden = shownHits >= hits.length;
        said.textContent = hits.length
          ? hits.length + (hits.length === 1 ? " result" : " results") +
            (hits.length > shownHits ? ", showing 1–" + shownHits : "") + "."
          : "No results for “" + input.value.trim() + "”.";
        return firstNew;
      }
    );
  }

  var paging = false; // a click while the next page loads would show that page twice
  more.addEventListener("click", function () {
    if (paging) return;
    paging = true;
    showMore(asked)
      .then(function (first) { if (first) first.focus(); })
      .catch(unavailable)
      .then(function () { paging = false; });
  });

  input.addEventListener("focus", load);
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var first = list.querySelector("a");
      if (first) {
        ev.preventDefault();
        location.href = first.href;
      }
    } else if (ev.key === "Escape" && input.value) {
      input.value = "";
      search();
    }
  });
})();
// The Embed disclosure's Copy button (timeline pages): here, not in embed.js, so that a
// timeline page loads one script (the sample's stays within 80 KB).
(function () {
  "use strict";
  var doc = document;
  var copy = doc.getElementById("embed-copy");
  if (copy) {
    var code = doc.getElementById("embed-code-text");
    var said = doc.getElementById("embed-copied");
    var done = function (ok) {
      said.textContent = ok ? "Copied." : "Select the code and copy it (Ctrl+C, or ⌘C on a Mac).";
    };
    copy.hidden = false;
    copy.addEventListener("click", function () {
      code.focus();
      code.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code.value).then(function () { done(true); }, function () { done(false); });
      } else {
        var ok = false;
        try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
        done(ok);
      }
    });
  }
})();
