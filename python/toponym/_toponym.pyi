"""Type stubs for toponym's native module (the Rust engine, via PyO3)."""

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, final

__all__ = [
    "Mention",
    "MentionIterator",
    "Place",
    "__version__",
    "add_places",
    "clear_places",
    "geojson",
    "iter_resolve",
    "lookup",
    "map",
    "nearest",
    "resolve",
    "resolve_many",
    "route",
]
__version__: str

_Text = str | bytes | bytearray
_Documents = _Text | Iterable[_Text] | Mapping[str, _Text]

@final
class Place:
    """A gazetteer place and, for a look-up result, how it matched."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def kind(self) -> str: ...
    @property
    def feature_code(self) -> str | None: ...
    @property
    def country_code(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...
    @property
    def admin1(self) -> str | None: ...
    @property
    def population(self) -> int: ...
    @property
    def matched(self) -> str | None:
        """Look-up results only: the name or alternate name that matched."""
    @property
    def match(self) -> Literal["exact", "folded", "alternate", "fuzzy"] | None:
        """Look-up results only: how the name matched."""
    @property
    def score(self) -> float | None:
        """Look-up results only: the ranking score."""
    @property
    def distance_km(self) -> float | None:
        """Look-up results with ``near`` and ``nearest()`` results only: kilometres from that point."""
    @property
    def source(self) -> str | None:
        """"user" for a place of yours (``add_places()``), else None."""
    def to_dict(self) -> dict[str, Any]:
        """The command-line tool's JSON object for this place."""
    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """A GeoJSON Point Feature with ``to_dict()`` as its properties."""

@final
class Mention:
    """A place mention in a text: ``text[start:end]`` and the place it resolved to."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int:
        """Character offset of the mention's first character."""
    @property
    def end(self) -> int:
        """Character offset just past the mention (end exclusive)."""
    @property
    def confidence(self) -> float:
        """How sure the resolver is, in [0, 1]."""
    @property
    def adjective(self) -> bool:
        """True for a demonym or adjective ("Russian") rather than a name."""
    @property
    def place(self) -> Place: ...
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def kind(self) -> str: ...
    @property
    def country_code(self) -> str | None: ...
    @property
    def admin1(self) -> str | None: ...
    @property
    def population(self) -> int: ...
    def to_dict(self) -> dict[str, Any]:
        """The command-line tool's JSON object for this mention (``adjective`` always present)."""
    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """A GeoJSON Point Feature with ``to_dict()`` as its properties."""

def add_places(places: str | os.PathLike[str] | Iterable[Mapping[str, Any]], skip_bad_lines: bool = False) -> int:
    """Lay your own places over the gazetteer every later call uses; returns how many were added.

    ``places`` is a CSV, TSV or GeoJSON file (header: name, lat, lon; optional kind, country,
    admin1, aliases separated by |, population or priority, id) or an iterable of dicts with those
    keys. A bad row raises ValueError naming the file, line and field; with ``skip_bad_lines`` it
    is left out with a UserWarning.
    """

def clear_places() -> None:
    """Forget the places ``add_places()`` added."""

def lookup(
    name: _Text,
    limit: int = 5,
    country: str | None = None,
    kind: str | None = None,
    near: tuple[float, float] | str | None = None,
) -> list[Place]:
    """Rank the places a name may mean, best first; an empty list when none has that name."""

def resolve(
    text: _Text, adjectives: bool = False, max_doc_bytes: int | None = None, lang: str | None = None
) -> list[Mention]:
    """Every place mention in a text, resolved, in text order. A text longer than
    ``max_doc_bytes`` (default 64 MiB) raises ValueError; Ctrl-C stops a long one. ``lang``
    ("ru", "ko" …) chooses the matching rules; by default the language is detected."""

def detect_lang(text: _Text) -> str:
    """The code of the language toponym reads the text in ("en", "ru" …; "und": no rules)."""

class MentionIterator(Iterator[Mention]):
    """The mentions of one text, resolved a group of windows at a time."""
    def __iter__(self) -> MentionIterator: ...
    def __next__(self) -> Mention: ...

def iter_resolve(
    text: _Text, adjectives: bool = False, max_doc_bytes: int | None = None, lang: str | None = None
) -> MentionIterator:
    """resolve() as an iterator: memory holds the text and one group of windows' mentions."""

def resolve_many(
    texts: Iterable[_Text],
    jobs: int | None = None,
    adjectives: bool = False,
    max_doc_bytes: int | None = None,
    lang: str | None = None,
) -> list[list[Mention]]:
    """resolve() over many texts on ``jobs`` threads (default: every core), in input order."""

def geojson(
    texts: _Documents,
    route: str | None = None,
    infer_route: bool = True,
    rail: bool = True,
    per_document: bool = False,
    fuzzy: bool = False,
    label_lang: str | None = None,
) -> bytes:
    """The story the texts tell as GeoJSON bytes (the same bytes as ``toponym geojson``):
    one story merged from all the texts, or one per text with ``per_document=True``.
    ``label_lang`` ("ru", "ko" …) names places in that language where the gazetteer can."""

def map(
    texts: _Documents,
    width: int = 1600,
    height: int = 1200,
    format: Literal["png", "svg"] = "png",
    *,
    title: str | None = None,
    subtitle: str | None = None,
    scale: float = 1.0,
    theme: Literal["light", "dark", "print"] = "light",
    extent: tuple[float, float, float, float] | None = None,
    projection: Literal["conic", "equal-earth", "equirectangular"] | None = None,
    labels: bool = True,
    route: str | None = None,
    infer_route: bool = True,
    rail: bool = True,
    per_document: bool = False,
    fuzzy: bool = False,
    label_lang: str | None = None,
) -> bytes:
    """The story drawn on a map, as PNG (or SVG) bytes (the same image as ``toponym map``)."""

def nearest(point: tuple[float, float] | str, limit: int = 5, kind: str | None = None) -> list[Place]:
    """The places nearest to ``(lat, lon)`` (or "LAT,LON"), nearest first, each with
    ``distance_km`` (like ``toponym nearest``)."""

def route(
    stops: str | list[str] | tuple[str, ...],
    mode: Literal["rail", "sea", "road", "air"] = "rail",
    avoid: str | list[str] | tuple[str, ...] | None = None,
    fuzzy: bool = False,
) -> dict[str, Any]:
    """A route between named stops as a GeoJSON FeatureCollection (what ``toponym route
    --format geojson`` writes). A stop that matches no place, or only fuzzily, raises
    ValueError unless ``fuzzy=True`` takes the best guess with a UserWarning."""
