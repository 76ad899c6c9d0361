// sitegen: progressive enhancement for the timeline (filters, search, keyboard).
// Without JavaScript every page is complete: the timeline lists every event and the
// finder stays hidden. No third-party code, no requests but the site's own search.json.
(function () {
  "use strict";
  var doc = document;

  // -- flags: a country's flag is an emoji; where the system has no flag glyphs (Windows,
  // bare Linux) it would show as two boxes, so write the ISO code instead ----------------
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
  var flags = doc.querySelectorAll(".flag");
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

  // -- event pages: previous and next with the arrow keys -------------------------------
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  if (doc.body.classList.contains("page-event")) {
    doc.addEventListener("keydown", function (ev) {
      if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight") return;
      if (typing(ev.target)) return;
      var link = doc.querySelector(ev.key === "ArrowLeft" ? 'a[rel~="prev"]' : 'a[rel~="next"]');
      if (link) {
        ev.preventDefault();
        location.href = link.href;
      }
    });
  }

  // -- phones: the timeline's introduction folds, so the first event is on the first
  // screen; a link into it (#cite-1, #source-2) keeps it open, and print shows it -------
  ["story-more", "strip-more"].forEach(function (id) {
    var folded = doc.getElementById(id);
    if (!folded || !window.matchMedia("(max-width: 40rem)").matches) return;
    var inside = location.hash && folded.querySelector(location.hash.replace(/[^#\w-]/g, ""));
    if (!inside) folded.open = false;
    window.addEventListener("beforeprint", function () { folded.open = true; });
  });

  // -- a link to an event (#slug) that another year page of a large timeline lists: the
  // timeline's years/events-X.json says which page, and the browser goes there (in an
  // embed, embed.js does it) --------------------------------------------------------------
  var yearNav = doc.querySelector(".year-nav[data-timeline]");
  if (yearNav && !doc.body.classList.contains("page-embed")) {
    var toYearPage = function () {
      var slug = location.hash.slice(1);
      if (!/^[a-z0-9-]+$/.test(slug) || doc.getElementById(slug)) return;
      var folder = new URL(yearNav.dataset.timeline, location.href);
      fetch(new URL("years/events-" + slug.charAt(0) + ".json", folder)).then(function (r) {
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

  // -- share one entry: the Web Share sheet where there is one, else copy its link ------
  var entries = doc.querySelectorAll("#timeline li.entry");
  if (entries.length && (navigator.share || (navigator.clipboard && window.isSecureContext))) {
    var shared = doc.createElement("p");
    shared.className = "visually-hidden";
    shared.setAttribute("role", "status");
    doc.getElementById("timeline").appendChild(shared);
    Array.prototype.forEach.call(entries, function (li) {
      var link = li.querySelector(".entry-title a");
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

  var finder = doc.getElementById("finder");
  if (!finder) return;

  // -- filters: ?country=a&person=b&tag=c, every choice must match ----------------------
  var FACETS = { country: "countries", person: "people", tag: "tags" };
  var words = function (s) { return s ? s.split(" ") : []; };
  var items = Array.prototype.map.call(doc.querySelectorAll("#timeline li.entry"), function (el) {
    return {
      el: el,
      slug: el.id,
      country: words(el.dataset.countries),
      person: words(el.dataset.people),
      tag: words(el.dataset.tags)
    };
  });
  var boxes = Array.prototype.slice.call(finder.querySelectorAll("input[type=checkbox][name]"));
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
    var total = items.length;
    status.textContent = picked.length
      ? "Showing " + shown + " of " + total + " events: " + names.join(", ") + "."
      : "Showing all " + total + " events.";
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
    var query = params.toString();
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
  readUrl();
  apply();
  finder.hidden = false;
  // a shared link to #slug: the entry may have been hidden by the filters just applied
  if (location.hash && doc.getElementById(location.hash.slice(1))) {
    var target = doc.getElementById(location.hash.slice(1));
    if (!target.hidden) target.scrollIntoView();
  }

  // -- search: fetch search.json on first use, results as you type ----------------------
  var input = doc.getElementById("search-input");
  var list = doc.getElementById("search-results");
  var said = doc.getElementById("search-status");
  var index = null;
  var loading = null;
  var root = input.dataset.root || "./";

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load() {
    if (!loading) {
      loading = fetch(input.dataset.index)
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        })
        .then(function (data) {
          index = data.docs.map(function (d) {
            return { doc: d, title: fold(d.t), meta: fold(d.d + " " + d.s), text: fold(d.x) };
          });
          search();
        })
        .catch(function () {
          said.textContent = "Search is not available here (it needs the site on a web server).";
        });
    }
    return loading;
  }

  function score(entry, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      var s = 0;
      var at = entry.title.indexOf(t);
      if (at === 0 || (at > 0 && /[^\p{L}\p{N}]/u.test(entry.title[at - 1]))) s = 12;
      else if (at > 0) s = 8;
      else if (entry.meta.indexOf(t) >= 0) s = 4;
      else if (entry.text.indexOf(t) >= 0) s = 1;
      if (!s) return 0;
      // among title matches, the closer the query is to the whole title, the better
      if (s >= 8) s += (6 * t.length) / entry.title.length;
      total += s;
    }
    return total;
  }

  function snippet(d, terms) {
    var text = d.s && fold(d.s).indexOf(terms[0]) >= 0 ? d.s : d.x || d.s;
    var at = fold(text).indexOf(terms[0]);
    if (at < 0 || text.length <= 160) return text.slice(0, 160);
    var start = Math.max(0, at - 60);
    var end = start + 160;
    return (start ? "…" : "") + text.slice(start, end).trim() + (end < text.length ? "…" : "");
  }

  function mark(parent, text, terms) {
    // writes text, wrapping the query's words in <mark>; never parses HTML
    terms = terms.filter(function (t) { return t.length > 1; });
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

  var KINDS = { event: "Event", person: "Person", country: "Country" };

  function search() {
    var query = fold(input.value.trim());
    list.textContent = "";
    if (more) more.hidden = true;
    if (!query) {
      list.hidden = true;
      said.textContent = "";
      return;
    }
    if (!index) {
      said.textContent = "Loading the search index…";
      load();
      return;
    }
    var terms = query.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!terms.length) return;
    hits = [];
    index.forEach(function (entry, i) {
      var s = score(entry, terms);
      if (s) hits.push({ s: s, i: i, d: entry.doc });
    });
    hits.sort(function (a, b) { return b.s - a.s || a.i - b.i; });
    shownHits = 0;
    showMore(terms);
  }

  // results come a page at a time: "852 results, showing 1–8", then "Show more results"
  var PAGE = 8;
  var hits = [];
  var shownHits = 0;
  var lastTerms = [];
  var more = doc.getElementById("search-more");

  function showMore(terms) {
    lastTerms = terms;
    var top = hits.slice(shownHits, shownHits + PAGE);
    var firstNew = null;
    top.forEach(function (h) {
      var li = doc.createElement("li");
      var a = doc.createElement("a");
      a.href = root + h.d.u;
      mark(a, h.d.t, terms);
      var meta = doc.createElement("span");
      meta.className = "result-meta";
      meta.textContent = KINDS[h.d.k] + (h.d.d ? " · " + h.d.d : "");
      var p = doc.createElement("p");
      mark(p, snippet(h.d, terms), terms);
      li.appendChild(meta);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
      firstNew = firstNew || a;
    });
    shownHits += top.length;
    list.hidden = !shownHits;
    if (more) more.hidden = shownHits >= hits.length;
    said.textContent = hits.length
      ? hits.length + (hits.length === 1 ? " result" : " results") +
        (hits.length > shownHits ? ", showing 1–" + shownHits : "") + "."
      : "No results for “" + input.value.trim() + "”.";
    return firstNew;
  }

  if (more) {
    more.addEventListener("click", function () {
      var first = showMore(lastTerms);
      if (first) first.focus();
    });
  }

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
