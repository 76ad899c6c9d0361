"""The default theme compiled ahead of time: written by tools/compile_theme.py, read by
sitegen/precompiled.py. Do not edit; run the tool after editing a template."""

KEYS: dict[str, str] = {
    "404.html": "baff89200f8cce7e0a55841586ac34cf",
    "_embed_code.html": "87de624307d4d554a5e48e54b4719dba",
    "_frame.html": "a1ab69abb076ee93d388c29945ceb20b",
    "_images.html": "bbcb96a135620720dafd822afce9ac63",
    "_listed_events.html": "0e53ca19a2d6d6ef968d64367b9d3d08",
    "_macros.html": "66f7d485133a22b7125cc8b6dc7ba496",
    "_onward.html": "02849535f7e0049795222d20b663f2ed",
    "_search.html": "33e1311e327c517dd6e61fe8022c2351",
    "_yearnav.html": "c9e76334b101a61af4e8c73b97cca38c",
    "_yearpager.html": "c2ca6ad00fab8eab3c15bce15dbf2cd5",
    "base.html": "e367cac7a20853c3919b0519f8bf7bf4",
    "countries.html": "b10721f9cd7ef8036dca44e4e714ad25",
    "country.html": "778073ae407e13b0213c51d30bd377f3",
    "embed.html": "8a6f61574741efca4e2faa89ee9ad88e",
    "embed_front.html": "25c3707392f0a5204a0e4b0ad443d99e",
    "embed_year.html": "fb83a7bc18abef93b93848e43e623ff6",
    "event.html": "b596bff2ddd1ba9f0d6c292728bfe95f",
    "moved.html": "4067581cad9cf62f8e322fabd7f77c22",
    "people.html": "16771f2a81e00622301ef7407c87bb3c",
    "person.html": "e21ed7d39ef86954e4aee06f0ac5af8b",
    "sources.html": "16c11c097a0d75983286a951b2c87e40",
    "timeline.html": "2fe2485388bd48590857198e81fcb787",
    "timelines.html": "242693929035fd8543c4a89d02882b62",
}
"""Each template's key (precompiled.key) as its module here was compiled."""
