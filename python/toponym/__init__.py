"""toponym: find the places a text names, resolve them offline, and map them.

The same engine as the ``toponym`` command-line tool, with its gazetteer (about 295,000 places, a
million names in every script) and basemap compiled in: no server, no downloads. The gazetteer
is loaded on first use, not at import.

>>> import toponym
>>> [m.name for m in toponym.resolve("The train left Pyongyang for Vladivostok.")]
['Pyongyang', 'Vladivostok']
>>> toponym.lookup("Vladivostock", limit=1)[0].country_code
'RU'

Functions: lookup, nearest, resolve, iter_resolve, resolve_many, detect_lang, story, geojson, map, route;
add_places and clear_places lay your own places (a CSV, TSV or GeoJSON file, or rows) over the
gazetteer. Results are Place and Mention objects with attributes, to_dict() and
__geo_interface__ (GeoPandas, Shapely); they pickle (multiprocessing, joblib). Bad arguments
raise TypeError or ValueError with the command-line tool's messages.
"""

from ._toponym import (
    Mention,
    MentionIterator,
    Place,
    __version__,
    add_places,
    clear_places,
    detect_lang,
    geojson,
    iter_resolve,
    lookup,
    map,
    nearest,
    resolve,
    resolve_many,
    route,
)

__all__ = [
    "Mention",
    "MentionIterator",
    "Place",
    "__version__",
    "add_places",
    "clear_places",
    "detect_lang",
    "geojson",
    "iter_resolve",
    "lookup",
    "map",
    "nearest",
    "resolve",
    "resolve_many",
    "route",
    "story",
]


def story(texts, route=None, infer_route=True, rail=True, per_document=False, fuzzy=False):
    """The story the texts tell, as a GeoJSON FeatureCollection (a dict).

    It is ``json.loads`` of the bytes ``geojson()`` returns, which are the bytes
    ``toponym geojson`` writes for the same documents: a Point per place (with its role,
    mentions and confidence), the route travelled as a LineString (along the rail graph where
    it can), launch tracks. ``texts`` is one text, a list of texts (document ids "0", "1", …)
    or a dict of id -> text, merged into one story unless ``per_document=True``; see
    ``geojson()`` for the route options.
    ``geopandas.GeoDataFrame.from_features(toponym.story(text))`` makes a frame of it.
    When the texts name no place toponym can find it warns (``UserWarning``, as the command
    line does) and returns a collection without features.
    """
    import json  # here, not at module level: keeps `import toponym` fast

    told = json.loads(
        geojson(texts, route=route, infer_route=infer_route, rail=rail, per_document=per_document, fuzzy=fuzzy)
    )
    if not any(doc.get("places") for doc in told.get("documents", [])):
        import warnings

        # An empty story should not pass for an answer unnoticed (a blank map, an empty frame).
        warnings.warn("the text names no place toponym could find; the story has no features", stacklevel=2)
    return told
