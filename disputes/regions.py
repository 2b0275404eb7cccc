"""The region a case, a routing rule or a settlement body names, as routing compares it."""

from __future__ import annotations

from matching import places
from missions.rules import region_key


def routing_region(region: str, country: str | None) -> str:
    """A region's key for routing. A city the gazetteer knows (Moscow and Saint Petersburg
    are regions of their own, Almaty a city of republican status) meets every spelling of
    it (`Москва`, `Moskva`, `Маскав`, `Moscow`), which a spelling-tolerant key alone cannot
    do for names that differ in their letters; any other region by that key (`Moskva
    Oblast` meets `МОСКВА ОБЛАСТЬ`)."""
    place = places.find_place(region, country)
    return region_key(place.names["en"] if place else region)
