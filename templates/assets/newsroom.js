// sitegen: the newsroom's front page (a site with content/timelines/), which was a
// one-story site's timeline until the site gained timelines. Its old deep links go where
// they still make sense: /#SLUG to the event's page (asked for with one HEAD request:
// no list of events in the page or a data file); a filter of one person or country to
// their page (their events in every timeline); any other (?tag=…, several choices) onto
// each timeline's link, whose page has the same filters. Only this page loads it.
(function () {
  "use strict";
  var doc = document;
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var slug = location.hash.slice(1);
  var picked = [];
  var asked = new URLSearchParams(location.search);
  ["country", "person", "tag"].forEach(function (name) {
    asked.getAll(name).forEach(function (value) {
      value.split(",").forEach(function (v) { if (v) picked.push([name, v]); });
    });
  });
  var one = picked.length === 1 && picked[0][0] !== "tag" && SLUG.test(picked[0][1]);
  if (SLUG.test(slug)) {
    goIfThere("events/" + slug + "/", picked.length ? withFilters : function () {});
  } else if (one) {
    goIfThere((picked[0][0] === "person" ? "people/" : "countries/") + picked[0][1] + "/", withFilters);
  } else if (picked.length) {
    withFilters();
  }

  function goIfThere(path, otherwise) {
    var url = new URL(path, location.href);
    var ask = function (method) { return fetch(url, { method: method, cache: "no-cache" }); };
    ask("HEAD").then(function (r) {
      return r.status === 405 || r.status === 501 ? ask("GET") : r;  // (a host without HEAD)
    }).then(function (r) {
      if (r.ok) location.replace(url.href);
      else otherwise();
    }).catch(otherwise);
  }

  function withFilters() {
    var query = "?" + picked.map(function (p) {
      return p[0] + "=" + encodeURIComponent(p[1]);
    }).join("&");
    var links = doc.querySelectorAll(".story-title a");
    links.forEach(function (a) { a.href = a.getAttribute("href").replace(/[?#].*$/, "") + query; });
    if (links.length === 1) location.replace(links[0].href);
    if (links.length < 2) return;
    var note = doc.createElement("p");
    note.className = "old-link";
    note.setAttribute("role", "status");
    note.textContent = "The link you followed filtered this site's one timeline. It has " +
      "several now: each below opens with the same filters.";
    var list = doc.querySelector(".story-list");
    list.parentNode.insertBefore(note, list);
  }
})();
