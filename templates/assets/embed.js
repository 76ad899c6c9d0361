/* sitegen: an embedded timeline (embed/ pages, and a large timeline's year pages at
   ?embed, inside another site's iframe): it tells
   its parent how tall it is, opens at a deep-linked event (#slug, ?event=slug, or the
   parent's "sitegen:show"), and keeps in-page links inside the frame while every other link opens outside it (<base target>). */
(function () {
  "use strict";
  var doc = document;

  if (!doc.body.classList.contains("page-embed")) return;
  var parentWin = window.parent !== window ? window.parent : null;
  var target = (doc.querySelector("base[target]") || {}).target || "_top";

  function tell(message) {
    if (parentWin) parentWin.postMessage(message, "*");
  }

  // -- height: on load and on every change (filters, search results, fonts, width)
  var last = -1;
  var shown = null;  // the event opened last, told again to a parent that asks late
  function height(again) {
    var h = Math.ceil(doc.documentElement.getBoundingClientRect().height);
    if (h !== last || again) {
      last = h;
      tell({ type: "sitegen:embed-height", height: h });
    }
  }
  if (window.ResizeObserver) new ResizeObserver(function () { height(false); }).observe(doc.documentElement);
  window.addEventListener("load", function () { height(true); });
  height(true);

  // -- deep links: open at an event
  function show(slug) {
    var el = slug ? doc.getElementById(slug) : null;
    if (!el) elsewhere(slug);
    if (!el || !el.classList.contains("entry")) return false;
    if (el.hidden) {  // hidden by a filter: show everything again
      var clear = doc.getElementById("filter-clear");
      if (clear) clear.click();
    }
    var old = doc.querySelector(".entry.is-target");
    if (old) old.classList.remove("is-target");
    el.classList.add("is-target");
    el.tabIndex = -1;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });  // within the frame, where it scrolls
    height(false);
    shown = el;
    scrollParent();
    return true;
  }
  // an event that another year page of a large timeline lists (the timeline's
  // years/events-X.json says which): the frame goes to that page's embed, which opens it
  // (and tells its height) as a deep link does
  var yearNav = doc.querySelector(".year-nav[data-timeline]");
  function elsewhere(slug) {
    if (!yearNav || !/^[a-z0-9-]+$/.test(slug)) return;
    var folder = new URL(yearNav.dataset.timeline, location.href);
    fetch(new URL("years/events-" + slug.slice(0, yearNav.dataset.prefix || 1) + ".json", folder)).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (m) {
      var at = m && m.at[slug];
      if (typeof at !== "number" || typeof m.pages[at] !== "string") return;
      var url = new URL(m.pages[at], folder);  // the year page, as an embed (site.js)
      if (url.pathname !== location.pathname) location.replace(url.pathname + "?embed#" + slug);
    }).catch(function () {});
  }
  function scrollParent() {
    if (!shown) return;
    var top = Math.round(shown.getBoundingClientRect().top + window.pageYOffset);
    tell({ type: "sitegen:embed-scroll", slug: shown.id, top: Math.max(0, top) });
  }
  function fromUrl() {
    var slug = "";
    try { slug = decodeURIComponent(location.hash.slice(1)); } catch (e) { slug = ""; }
    return slug || new URLSearchParams(location.search).get("event") || "";
  }
  window.addEventListener("hashchange", function () { show(fromUrl()); });
  window.addEventListener("message", function (ev) {
    var m = ev.data;
    if (ev.source !== parentWin || !m || typeof m !== "object") return;
    if (m.type === "sitegen:show" && typeof m.slug === "string") show(m.slug);
    else if (m.type === "sitegen:embed-ping") { height(true); scrollParent(); }
  });
  show(fromUrl());

  // -- links: "#…" stays in the frame; the others open outside it (base target)
  doc.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
    if (!a || ev.defaultPrevented) return;
    ev.preventDefault();
    var id = a.getAttribute("href").slice(1);
    if (!show(id)) {
      var to = doc.getElementById(id);
      if (to) { to.focus(); to.scrollIntoView({ block: "nearest" }); }
    }
  });
  // Enter in the search box opens the first result: outside the frame, as a click would
  doc.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || !ev.target || ev.target.id !== "search-input") return;
    var first = doc.querySelector("#search-results a");
    if (!first) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    window.open(first.href, target);
  }, true);
})();
