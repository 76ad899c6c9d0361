// sitegen: the first thing in the <body> of a large timeline's year page and of a
// one-story site's year address kept on a site with timelines (moved.html). Only they
// load it: a few bytes, blocking, cached.
(function () {
  var body = document.body, moved = body.getAttribute("data-moved");
  if (moved) {  // on to the timeline that lists its events (#slug kept, and ?embed)
    var to = new URL(moved, location.href);
    to.search = location.search;
    if (location.hash.length > 1) to.hash = location.hash;
    location.replace(to.href);
  } else if (new URLSearchParams(location.search).has("embed")) {
    // a year page as an embed, laid out as one from the first paint; site.js, which
    // makes it one, runs after the page has painted, and the page moved (CLS 0.11-0.18)
    body.classList.add("page-embed");
  }
})();
