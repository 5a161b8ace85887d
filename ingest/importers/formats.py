"""The published layouts of four event datasets, read row by row into :class:`Event` records.

- **GDELT 2.0 event table** (``*.export.CSV``, tab-separated, no header row): 61 columns, as
  the GDELT Event Codebook V2.0 lists them: ``GLOBALEVENTID``, ``SQLDATE``, ``MonthYear``,
  ``Year``, ``FractionDate``, ten ``Actor1*`` columns (``Code``, ``Name``, ``CountryCode``,
  ``KnownGroupCode``, ``EthnicCode``, ``Religion1Code``, ``Religion2Code``, ``Type1Code``,
  ``Type2Code``, ``Type3Code``), the same ten for ``Actor2``, ``IsRootEvent``, ``EventCode``,
  ``EventBaseCode``, ``EventRootCode``, ``QuadClass``, ``GoldsteinScale``, ``NumMentions``,
  ``NumSources``, ``NumArticles``, ``AvgTone``, eight ``Actor1Geo_*`` columns (``Type``,
  ``FullName``, ``CountryCode``, ``ADM1Code``, ``ADM2Code``, ``Lat``, ``Long``, ``FeatureID``),
  the same eight for ``Actor2Geo`` and ``ActionGeo``, ``DATEADDED``, ``SOURCEURL``.
- **POLECAT** weekly files (``ngecEvents.*.txt``, tab-separated, header row), as published on
  Harvard Dataverse (doi:10.7910/DVN/AJGVIT): ``Event ID``, ``Event Date``, ``Event Type``,
  ``Event Mode``, ``Intensity`` (``Event Intensity`` in later files), ``Quad Code``,
  ``Contexts``, ``Actor Name``, ``Actor Country``, ``Actor COW``, ``Primary Actor Sector``,
  ``Actor Sectors``, ``Actor Title``, …, the same for ``Recipient``, ``Placename``, ``City``,
  ``District``, ``Province``, ``Country``, ``Latitude``, ``Longitude``, …, ``Source``,
  ``Publication Date``, …, and in later files ``Story ID`` and ``Headline``. Several actors in
  one cell are separated by ``;``.
- **ICEWS** coded events (Harvard Dataverse, doi:10.7910/DVN/28075; tab-separated, header
  row): ``Event ID``, ``Event Date``, ``Source Name``, ``Source Sectors``, ``Source Country``,
  ``Event Text``, ``CAMEO Code``, ``Intensity``, ``Target Name``, ``Target Sectors``,
  ``Target Country``, ``Story ID``, ``Sentence Number``, ``Publisher``, ``City``,
  ``District``, ``Province``, ``Country``, ``Latitude``, ``Longitude``.
- **ACLED** data export (comma-separated, header row), as its codebook lists the columns:
  ``event_id_cnty``, ``event_date``, ``year``, ``time_precision``, ``disorder_type``,
  ``event_type``, ``sub_event_type``, ``actor1``, ``assoc_actor_1``, ``inter1``, ``actor2``,
  ``assoc_actor_2``, ``inter2``, ``interaction``, ``civilian_targeting``, ``iso``, ``region``,
  ``country``, ``admin1``, ``admin2``, ``admin3``, ``location``, ``latitude``, ``longitude``,
  ``geo_precision``, ``source``, ``source_scale``, ``notes``, ``fatalities``, ``tags``,
  ``timestamp``.

Files with a header row are read by column name (any order; extra columns are ignored).
A row that cannot be read raises :class:`RowError`, which names the problem; the importer
reports it with its line number and goes on.

>>> line = "\\t".join(["1", "20240115"] + [""] * 59)
>>> FORMATS["gdelt"].events(line.split("\\t"), 1, load_event_codes())
[]
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, NamedTuple

from actorgraph.ingest.importers.actors import RawActor
from actorgraph.ingest.importers.codes import EventCodes, load_event_codes
from actorgraph.ingest.loaders import parse_date

__all__ = ["FORMATS", "Event", "EventFormat", "Evidence", "RowError", "load_event_codes"]

csv.field_size_limit(1 << 24)  # ACLED notes can be long; a row is still bounded by this


class RowError(ValueError):
    """A row that cannot be read; the message says why, in one line."""


class Evidence(NamedTuple):
    """Where an event was reported: a URL (GDELT) or a story or event id, and its publisher."""

    key: str
    title: str
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None


@dataclass(slots=True)
class Event:
    """One coded event between two actors, as a dataset gives it."""

    line: int
    key: tuple[str, ...]  # what identifies it in its dataset (the relation id is made from it)
    source: RawActor
    target: RawActor
    date: dt.date | None
    cameo: str | None
    plover: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    evidence: Evidence | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class EventFormat:
    """A dataset's layout: how its rows are split and how a row becomes events."""

    name: str
    title: str
    delimiter: str
    header: bool
    required: tuple[str, ...]
    make_events: Callable[[dict[str, str], int, EventCodes], list[Event]]

    def rows(self, stream: IO[str]) -> Iterator[tuple[int, list[str]]]:
        """``(line number, fields)`` of every non-empty row (the header row included, if any)."""
        if self.delimiter == "\t" and not self.header:
            for number, line in enumerate(stream, 1):
                line = line.rstrip("\r\n")
                if line:
                    yield number, line.split("\t")
            return
        reader = csv.reader(stream, delimiter=self.delimiter, quotechar='"' if self.delimiter == "," else "\0")
        start = 1
        for fields in reader:
            if any(fields):
                yield start, fields
            start = reader.line_num + 1

    def columns(self, header: Sequence[str]) -> dict[str, int]:
        """Column positions by name; ValueError names a required column that is missing."""
        positions: dict[str, int] = {}
        for i, name in enumerate(header):
            positions.setdefault(_column_key(name), i)
        missing = [c for c in self.required if _column_key(c) not in positions]
        if missing:
            raise ValueError(f"not a {self.title} file: no {', '.join(repr(m) for m in missing)} column")
        return positions

    def events(self, fields: list[str], line: int, codes: EventCodes, columns: dict[str, int] | None = None) -> list[Event]:
        """The events of one row (none when it names fewer than two actors)."""
        row = _Row(fields, columns) if columns is not None else _Row(fields, _GDELT_COLUMNS, expected=_GDELT_WIDTH)
        return self.make_events(row, line, codes)  # type: ignore[arg-type]


def _column_key(name: str) -> str:
    return "".join(name.lower().split()).replace("_", "")


class _Row:
    """A row's fields by column name; a column the file lacks reads as empty."""

    __slots__ = ("_columns", "fields")

    def __init__(self, fields: list[str], columns: dict[str, int], expected: int | None = None):
        if expected is not None and len(fields) != expected:
            raise RowError(f"expected {expected} tab-separated columns, found {len(fields)}")
        self.fields = fields
        self._columns = columns

    def get(self, name: str) -> str:
        key = _KEYS.get(name)
        if key is None:
            key = _KEYS[name] = _column_key(name)
        i = self._columns.get(key)
        return self.fields[i].strip() if i is not None and i < len(self.fields) else ""


_KEYS: dict[str, str] = {}  # column names as the readers write them, normalised once


# -- values ----------------------------------------------------------------------------------

_DATES: dict[str, dt.date] = {}


def _date(text: str, what: str) -> dt.date | None:
    """A date written as 20240115, 2024-01-15 or 15 January 2024 (each text parsed once)."""
    if not text:
        return None
    found = _DATES.get(text)
    if found is None:
        try:
            found = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 and text.isdigit() else None
        except ValueError:
            found = None
        found = found or parse_date(text)
        if found is None:
            raise RowError(f"{what} {text!r} is not a date")
        if len(_DATES) < 100_000:
            _DATES[text] = found
    return found


def _number(text: str, what: str, low: float, high: float) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"{what} {text!r} is not a number") from None
    if not low <= value <= high:
        raise RowError(f"{what} {text!r} is not between {low:g} and {high:g}")
    return value


def _latitude(row: _Row, column: str) -> float | None:
    return _number(row.get(column), column, -90, 90)


def _longitude(row: _Row, column: str) -> float | None:
    return _number(row.get(column), column, -180, 180)


def _quad(text: str, codes: EventCodes) -> int | None:
    if not text:
        return None
    quad = codes.quad_class(text)
    if quad is None:
        raise RowError(f"QuadClass {text!r} is not 1-4 or a quad category")
    return quad


def _cameo(text: str) -> str | None:
    if not text:
        return None
    if not (text.isdigit() and 2 <= len(text) <= 4):
        raise RowError(f"CAMEO code {text!r} is not 2 to 4 digits")
    return text


def _host(url: str) -> str | None:
    """The host of a URL ("https://news.example.org/a" → news.example.org), without parsing the rest."""
    if "://" not in url:
        return None
    host = url.split("://", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    return host.lower() or None


def _place(*parts: str) -> str | None:
    return ", ".join(p for p in parts if p) or None


# -- GDELT 2.0 -------------------------------------------------------------------------------

_GDELT_NAMES = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor{n}{c}" for n in (1, 2) for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                                 "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
       "NumSources", "NumArticles", "AvgTone"]
    + [f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
       for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")]
    + ["DATEADDED", "SOURCEURL"]
)  # fmt: skip
_GDELT_WIDTH = len(_GDELT_NAMES)  # 61
_GDELT_COLUMNS = {_column_key(name): i for i, name in enumerate(_GDELT_NAMES)}


# positions of the columns the reader uses (GDELT rows are read by position: they have no header)
_G = {name: i for i, name in enumerate(_GDELT_NAMES)}
_G_ID, _G_DATE, _G_CODE, _G_QUAD, _G_GOLD = (
    _G["GLOBALEVENTID"],
    _G["SQLDATE"],
    _G["EventCode"],
    _G["QuadClass"],
    _G["GoldsteinScale"],
)
_G_PLACE, _G_LAT, _G_LONG, _G_ADDED, _G_URL = (_G["ActionGeo_FullName"], _G["ActionGeo_Lat"], _G["ActionGeo_Long"],
                                               _G["DATEADDED"], _G["SOURCEURL"])  # fmt: skip
_G_ACTORS = [tuple(_G[f"Actor{n}{c}"] for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "Type1Code")) for n in (1, 2)]
_SOURCES: dict[str, Evidence] = {}  # one record per URL (a story gives several events)


_G_ACTOR_SPANS = [(_G[f"Actor{n}Code"], _G[f"Actor{n}Type3Code"] + 1) for n in (1, 2)]
_GDELT_ACTORS: dict[tuple[str, ...], RawActor] = {}  # the actor columns of a row → its actor (actors repeat)


def _gdelt_actor(fields: list[str], n: int, codes: EventCodes) -> RawActor:
    start, end = _G_ACTOR_SPANS[n]
    columns = tuple(fields[start:end])
    found = _GDELT_ACTORS.get(columns)
    if found is None:
        code_at, name_at, country_at, group_at, type_at = _G_ACTORS[n]
        code, name = fields[code_at], fields[name_at]
        kind = codes.gdelt_types.get(fields[type_at]) or codes.gdelt_types.get(code[3:6])
        # generic names ("POLICE") are told apart by the actor's code ("NGACOP")
        found = RawActor(name, code, fields[country_at], kind, None, f"{name} {fields[group_at] or code}".strip())
        if len(_GDELT_ACTORS) > 500_000:
            _GDELT_ACTORS.clear()
        _GDELT_ACTORS[columns] = found
    return found


def _gdelt_events(row: _Row, line: int, codes: EventCodes) -> list[Event]:
    fields = row.fields
    event_id = fields[_G_ID]
    if not event_id:
        raise RowError("no GLOBALEVENTID")
    source, target = _gdelt_actor(fields, 0, codes), _gdelt_actor(fields, 1, codes)
    date = _date(fields[_G_DATE], "SQLDATE")
    if not (source.code or source.name) or not (target.code or target.name):
        return []
    url = fields[_G_URL].strip()
    evidence = _SOURCES.get(url) if url else None
    if url and evidence is None:
        added = fields[_G_ADDED]
        evidence = Evidence(url, url, url if url.startswith(("http://", "https://")) else None, _host(url),
                            _date(added[:8], "DATEADDED") if added else date)  # fmt: skip
        if len(_SOURCES) > 200_000:
            _SOURCES.clear()
        _SOURCES[url] = evidence
    lat, lon = fields[_G_LAT], fields[_G_LONG]
    return [Event(
        line, (event_id,), source, target, date, _cameo(fields[_G_CODE]), None, _quad(fields[_G_QUAD], codes),
        _number(fields[_G_GOLD], "GoldsteinScale", -10, 10), evidence, fields[_G_PLACE] or None,
        _number(lat, "ActionGeo_Lat", -90, 90) if lat else None, _number(lon, "ActionGeo_Long", -180, 180) if lon else None,
    )]  # fmt: skip


# -- ICEWS -----------------------------------------------------------------------------------


def _icews_actor(row: _Row, side: str, codes: EventCodes) -> RawActor:
    sectors = row.get(f"{side} Sectors")
    return RawActor(name=row.get(f"{side} Name"), country=row.get(f"{side} Country"), kind=codes.sector_kind(sectors))


def _icews_events(row: _Row, line: int, codes: EventCodes) -> list[Event]:
    source, target = _icews_actor(row, "Source", codes), _icews_actor(row, "Target", codes)
    date = _date(row.get("Event Date"), "Event Date")
    cameo = _cameo(row.get("CAMEO Code"))
    if not source.name or not target.name:
        return []
    story, sentence = row.get("Story ID"), row.get("Sentence Number")
    evidence = (
        Evidence(key=story, title=f"ICEWS story {story}", source=row.get("Publisher") or None, published=date) if story else None
    )
    key = (row.get("Event ID"), source.name, target.name, cameo or "", story, sentence)
    return [Event(
        line=line, key=key, source=source, target=target, date=date, cameo=cameo,
        goldstein=_number(row.get("Intensity"), "Intensity", -10, 10), evidence=evidence,
        location=_place(row.get("City"), row.get("District"), row.get("Province"), row.get("Country")),
        latitude=_latitude(row, "Latitude"), longitude=_longitude(row, "Longitude"),
    )]  # fmt: skip


# -- POLECAT ---------------------------------------------------------------------------------


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";")] if cell else []


def _polecat_actors(row: _Row, side: str, codes: EventCodes) -> list[RawActor]:
    names = [n for n in _split(row.get(f"{side} Name")) if n and n != "None"]
    countries, titles = _split(row.get(f"{side} Country")), _split(row.get(f"{side} Title"))
    sectors = row.get(f"Primary {side} Sector") or row.get(f"{side} Sectors")
    kind = codes.sector_kind(sectors)

    def at(values: list[str], i: int) -> str:
        value = values[i] if i < len(values) else (values[0] if len(values) == 1 else "")
        return "" if value == "None" else value

    return [RawActor(name=n, country=at(countries, i), kind=kind, role=at(titles, i) or None) for i, n in enumerate(names)]


def _polecat_events(row: _Row, line: int, codes: EventCodes) -> list[Event]:
    event_id = row.get("Event ID")
    if not event_id:
        raise RowError("no Event ID")
    date = _date(row.get("Event Date"), "Event Date")
    plover = row.get("Event Type").upper()
    cameo = codes.plover_code(plover, row.get("Event Mode")) if plover else None
    if plover and cameo is None:
        raise RowError(f"Event Type {plover!r} is not a PLOVER event type")
    intensity = row.get("Intensity") or row.get("Event Intensity")
    quad, goldstein = _quad(row.get("Quad Code"), codes), _number(intensity, "Intensity", -10, 10)
    story = row.get("Story ID") or event_id
    published = _date(row.get("Publication Date")[:10], "Publication Date") or date
    evidence = Evidence(key=story, title=row.get("Headline") or f"POLECAT story {story}", source=row.get("Source") or None,
                        published=published)  # fmt: skip
    place = _place(row.get("Placename") or row.get("City"), row.get("Province"), row.get("Country"))
    lat, lon = _latitude(row, "Latitude"), _longitude(row, "Longitude")
    return [
        Event(line=line, key=(event_id, s.name, t.name), source=s, target=t, date=date, cameo=cameo, plover=plover or None,
              quad_class=quad, goldstein=goldstein, evidence=evidence, location=place, latitude=lat, longitude=lon)
        for s in _polecat_actors(row, "Actor", codes) for t in _polecat_actors(row, "Recipient", codes) if s.name != t.name
    ]  # fmt: skip


# -- ACLED -----------------------------------------------------------------------------------


def _acled_actor(row: _Row, n: int, codes: EventCodes) -> RawActor:
    inter = row.get(f"inter{n}").lower()
    name = row.get(f"actor{n}")
    # "Military Forces of Ukraine (2019-)": the state named in the actor, else the event's country
    country = name.split(" of ", 1)[1].split(" (")[0] if " of " in name else row.get("country")
    return RawActor(name=name, country=country, kind=codes.acled_inters.get(inter))


def _acled_events(row: _Row, line: int, codes: EventCodes) -> list[Event]:
    event_id = row.get("event_id_cnty")
    if not event_id:
        raise RowError("no event_id_cnty")
    date = _date(row.get("event_date"), "event_date")
    sub_event = row.get("sub_event_type")
    if sub_event not in codes.acled_cameo:
        raise RowError(f"sub_event_type {sub_event!r} is not an ACLED event type")
    source, target = _acled_actor(row, 1, codes), _acled_actor(row, 2, codes)
    if not source.name or not target.name:
        return []
    evidence = Evidence(key=event_id, title=f"ACLED event {event_id}", source=row.get("source") or None, published=date)
    return [Event(
        line=line, key=(event_id,), source=source, target=target, date=date, cameo=codes.acled_code(sub_event),
        evidence=evidence, location=_place(row.get("location"), row.get("admin1"), row.get("country")),
        latitude=_latitude(row, "latitude"), longitude=_longitude(row, "longitude"),
    )]  # fmt: skip


FORMATS: dict[str, EventFormat] = {
    "gdelt": EventFormat("gdelt", "GDELT 2.0 event", "\t", False, (), _gdelt_events),
    "polecat": EventFormat("polecat", "POLECAT", "\t", True, ("Event ID", "Event Date", "Event Type", "Actor Name",
                                                               "Recipient Name"), _polecat_events),
    "icews": EventFormat("icews", "ICEWS event", "\t", True, ("Event Date", "Source Name", "CAMEO Code", "Target Name"),
                         _icews_events),
    "acled": EventFormat("acled", "ACLED", ",", True, ("event_id_cnty", "event_date", "sub_event_type", "actor1", "actor2"),
                         _acled_events),
}  # fmt: skip
