"""The default theme compiled ahead of time: written by tools/compile_theme.py, read by
sitegen/precompiled.py. Do not edit; run the tool after editing a template."""

KEYS: dict[str, str] = {
    "404.html": "84914f70a281873f9d05b94abf7f2e63",
    "_embed_code.html": "3b360de5c9683f14ebb2e3f97cdd1c7f",
    "_images.html": "6721e146e467fe3d6cfaee5508e7c110",
    "_listed_events.html": "bf246d009513d0642199cfb62caab638",
    "_macros.html": "bc93cc5fc36261cadb279f23dfd91c7e",
    "_yearnav.html": "e312d347965dac890b83ccf5a79a3613",
    "_yearpager.html": "bf2e245d300dd71ca9de9a9d2c0834c3",
    "base.html": "94611f8a5350ba39df588cd8a5ec030b",
    "countries.html": "2aa1f0728b7c93a1524fafefaf952289",
    "country.html": "c5e56ff627ab15c005efb99903630bdb",
    "embed.html": "93ef95a3d1ca012c9a0c8b0170ffe778",
    "embed_front.html": "e5b32e503630c3826cddc28d4752b0e4",
    "embed_year.html": "33054a398faee35b82aa761237b584c1",
    "event.html": "3aa85849a0f3ada9a6b71b3e9aed4dc3",
    "people.html": "5604363e31382fde431d9630ff894585",
    "person.html": "c841bbd5eda09204802a64a9b3c7a07d",
    "sources.html": "824bfaa3c620a357ff24e91cac8b1e03",
    "timeline.html": "339e57e16b3cd726fd3909008fb3388c",
    "timelines.html": "b88165904cef87b81e07ed1bda56fe66",
}
"""Each template's key (precompiled.key) as its module here was compiled."""
