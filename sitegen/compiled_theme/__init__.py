"""The default theme compiled ahead of time: written by tools/compile_theme.py, read by
sitegen/precompiled.py. Do not edit; run the tool after editing a template."""

KEYS: dict[str, str] = {
    "404.html": "84914f70a281873f9d05b94abf7f2e63",
    "_embed_code.html": "3b360de5c9683f14ebb2e3f97cdd1c7f",
    "_images.html": "6721e146e467fe3d6cfaee5508e7c110",
    "_listed_events.html": "bf246d009513d0642199cfb62caab638",
    "_macros.html": "6772d578b07529c7d7c7fcb6fc69d546",
    "_yearnav.html": "fc0eb87a96e0bd2e39a0ddaf5c8a33b8",
    "_yearpager.html": "bf2e245d300dd71ca9de9a9d2c0834c3",
    "base.html": "94611f8a5350ba39df588cd8a5ec030b",
    "countries.html": "a12629985510ae5e587419ae91149a99",
    "country.html": "39e51249eef418ee072c446e2dc72883",
    "embed.html": "8f35bd395ce8374ce03ccb0554e0608d",
    "embed_year.html": "33054a398faee35b82aa761237b584c1",
    "event.html": "5f9d6a0e565a445d15a6ec492d7fa79f",
    "people.html": "d6aced9e6d8e675e195df98c5c7b3276",
    "person.html": "f83c85074d56119ad26da295e7b6a0a1",
    "sources.html": "e67c7a688baf4f11d14e570c791210ee",
    "timeline.html": "ff1aacb4fe0e2335539745b93fae9552",
    "timelines.html": "ca535b93a0d0ffbcc4671bfe5c6ff94f",
}
"""Each template's key (precompiled.key) as its module here was compiled."""
