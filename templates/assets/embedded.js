// sitegen: a large timeline's year page opened as an embed (?embed) is marked before its
// first paint, so that style.css lays it out as one from the start: site.js, which makes
// it one, runs after the page has painted, and the page moved (a layout shift of 0.11 to
// 0.18). Only year pages load it, in their <head>: a few bytes, blocking, cached.
if (new URLSearchParams(location.search).has("embed")) {
  document.documentElement.classList.add("embedded");
}
