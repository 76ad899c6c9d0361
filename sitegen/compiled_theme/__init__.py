"""The default theme compiled ahead of time: written by tools/compile_theme.py, read by
sitegen/precompiled.py. Do not edit; run the tool after editing a template."""

KEYS: dict[str, str] = {
    "404.html": "84914f70a281873f9d05b94abf7f2e63",
    "_embed_code.html": "3b360de5c9683f14ebb2e3f97cdd1c7f",
    "_frame.html": "378e1f07f37271cf1b9a7a3c1b734e86",
    "_images.html": "85a7933f31f2a041c33af157d72c9753",
    "_listed_events.html": "bf246d009513d0642199cfb62caab638",
    "_macros.html": "349dded8a444d2121e35ff8ba4846c61",
    "_onward.html": "49a07f5193b34da6e1a9af5bc98def76",
    "_search.html": "d9cfcfa65533f2f06aebf19cd807a3ca",
    "_yearnav.html": "9875defecc748d4efd621d7a16cba3e8",
    "_yearpager.html": "4020ff43c2673624600c8b045dc4ca96",
    "base.html": "05400547309f7e976f326f71444caba8",
    "countries.html": "2aa1f0728b7c93a1524fafefaf952289",
    "country.html": "c5e56ff627ab15c005efb99903630bdb",
    "embed.html": "4fe619cd0fb5491fefaca8b8d9fc32ac",
    "embed_front.html": "f0b9a91634f1de28c95e4ba22f7625c2",
    "embed_year.html": "8573f44b82eedf3ae49985d3e49461d7",
    "event.html": "d879f0d3c30797ba759e96caef07a9f6",
    "moved.html": "be7c8e121c7376365eaf6f4e787277b7",
    "people.html": "5604363e31382fde431d9630ff894585",
    "person.html": "c841bbd5eda09204802a64a9b3c7a07d",
    "sources.html": "4b8eebcfb5eecc057f47ee450201f8b6",
    "timeline.html": "f90e7e176675324d7f2b12dd35ac4668",
    "timelines.html": "3261a0e2e3082fa3003819e3180642fa",
}
"""Each template's key (precompiled.key) as its module here was compiled."""
