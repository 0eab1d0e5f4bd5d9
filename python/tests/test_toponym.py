"""toponym's Python binding: the same results as the CLI, batches equal to one-by-one, bad input
raises instead of crashing.

The CLI comparisons run the `toponym` binary built from the same checkout: $TOPONYM_BIN, else
target/release/toponym (skipped when neither exists, failed when $TOPONYM_BIN names nothing).
"""

import copy
import json
import os
import pickle
import random
import re
import subprocess
import threading
from pathlib import Path

import pytest

import toponym

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = ["summit.txt", "iberia.txt"]


def example(name):
    return (REPO / "examples" / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def cli():
    """Run the CLI on the embedded gazetteer (as the binding uses) from the repository root."""
    given = os.environ.get("TOPONYM_BIN")
    binary = Path(given) if given else REPO / "target" / "release" / "toponym"
    if not binary.is_file():
        if given:
            pytest.fail(f"TOPONYM_BIN={given} is not a file")
        pytest.skip("no toponym binary (cargo build --release, or set TOPONYM_BIN)")

    def run(*args, check=True):
        done = subprocess.run([str(binary), "--gazetteer", "embedded", *args], cwd=REPO, capture_output=True)
        if check and done.returncode not in (0, 1):
            raise AssertionError(f"toponym {' '.join(args)} exited {done.returncode}: {done.stderr.decode()}")
        return done

    return run


def cli_error(done):
    """The CLI's message for a usage error (or an unmatched route stop, exit 1), without the
    'toponym: ' prefix, the dashes of the option it names (Python names the keyword argument) and
    the CLI's hint about its --fuzzy flag."""
    assert done.returncode in (1, 2), done
    line = done.stderr.decode().strip().splitlines()[0]
    line = re.sub(r" \(name the place as `toponym lookup` finds it.*\)$", "", line)
    return re.sub(r"^toponym: ", "", line).replace("--", "")


def dicts(mentions):
    return [m.to_dict() for m in mentions]


def cli_mentions(doc):
    """The CLI leaves `adjective` out when false; to_dict() always has it."""
    return [{**m, "adjective": m.get("adjective", False)} for m in doc["mentions"]]


# ---------- the acceptance line -----------------------------------------------------------


def test_khasan_resolves_with_coordinates():
    mentions = toponym.resolve("The train crossed into Russia at Khasan.")
    khasan = [m for m in mentions if m.text == "Khasan"]
    assert len(khasan) == 1, mentions
    m = khasan[0]
    assert (m.name, m.country_code, m.kind) == ("Khasan", "RU", "city")
    assert abs(m.lat - 42.42) < 0.1 and abs(m.lon - 130.65) < 0.1, m
    assert "Khasan" in repr(mentions) and "42.4" in repr(mentions)


# ---------- the same results as the CLI -----------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("adjectives", [False, True])
def test_resolve_equals_cli(cli, name, adjectives):
    flags = ["--adjectives"] if adjectives else []
    [doc] = json.loads(cli("resolve", "--format", "json", *flags, f"examples/{name}").stdout)
    ours = dicts(toponym.resolve(example(name), adjectives=adjectives))
    assert ours and ours == cli_mentions(doc)


def test_geojson_is_the_cli_bytes_and_story_parses_them(cli):
    texts = {name: example(name) for name in EXAMPLES}
    expected = cli("geojson", *[f"examples/{n}" for n in EXAMPLES], "-o", "-").stdout
    assert toponym.geojson(texts) == expected
    assert toponym.story(texts) == json.loads(expected)
    route = "Lisbon > Madrid"
    assert toponym.geojson(texts, route=route) == cli(
        "geojson", "--route", route, *[f"examples/{n}" for n in EXAMPLES], "-o", "-").stdout
    assert toponym.geojson(texts, infer_route=False, rail=False) == cli(
        "geojson", "--no-route", "--no-rail", *[f"examples/{n}" for n in EXAMPLES], "-o", "-").stdout
    per_document = toponym.geojson(texts, per_document=True)
    assert per_document == cli("geojson", "--per-document", *[f"examples/{n}" for n in EXAMPLES], "-o", "-").stdout
    assert per_document != expected


def test_texts_about_one_event_make_one_story():
    text = example("summit.txt")
    merged = toponym.story([text, text])
    assert merged == toponym.story([text, text], per_document=False)
    ids = [f["properties"]["id"] for f in merged["features"] if "id" in f["properties"]]
    assert ids and len(ids) == len(set(ids)), "a place twice in a merged story"
    assert all(f["properties"]["documents"] >= 1 for f in merged["features"])
    apart = toponym.story([text, text], per_document=True)
    assert len(apart["features"]) > len(merged["features"])


def test_story_of_one_text_and_of_a_list():
    text = example("summit.txt")
    one = toponym.story(text)
    assert one["type"] == "FeatureCollection"
    assert {f["properties"]["document"] for f in one["features"]} == {"0"}
    assert one == toponym.story([text]) == toponym.story({"0": text})
    roles = {f["properties"].get("role") for f in one["features"]}
    assert {"route", "launch_site"} <= roles, roles


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_map_is_the_cli_image(cli, tmp_path, fmt):
    out = tmp_path / f"summit.{fmt}"
    cli("map", "examples/summit.txt", "--width", "800", "--height", "600", "-o", str(out))
    ours = toponym.map({"summit.txt": example("summit.txt")}, width=800, height=600, format=fmt)
    assert ours == out.read_bytes()
    assert ours.startswith(b"\x89PNG" if fmt == "png" else b"<svg")


def test_a_story_of_a_text_with_no_places_warns_and_has_no_features():
    with pytest.warns(UserWarning, match="names no place"):
        told = toponym.story("The committee met twice and adjourned without a vote.")
    assert told["features"] == []
    assert told["documents"][0]["places"] == 0


def test_a_story_with_places_does_not_warn():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        told = toponym.story("The delegation flew from Lisbon to Warsaw.")
    assert told["documents"][0]["places"] >= 2


def test_a_map_of_a_text_with_no_places_warns():
    with pytest.warns(UserWarning, match="names no place"):
        toponym.map("Nothing here at all.", width=400, height=300)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        toponym.map({"summit.txt": example("summit.txt")}, width=400, height=300)


@pytest.mark.parametrize("args,kwargs", [
    (["Vladivostock"], {}),
    (["Paris", "--country", "US", "--limit", "3"], {"country": "US", "limit": 3}),
    (["Khasan", "--near", "43.1,131.9"], {"near": (43.1, 131.9)}),
    (["Sea of Japan", "--kind", "sea"], {"kind": "sea"}),
    (["평양", "--limit", "1"], {"limit": 1}),
])
def test_lookup_equals_cli(cli, args, kwargs):
    expected = json.loads(cli("lookup", *args, "--format", "json").stdout)
    got = [p.to_dict() for p in toponym.lookup(args[0], **kwargs)]
    assert got and got == expected


def test_lookup_of_an_unknown_name_is_empty(cli):
    assert cli("lookup", "Qqqqxzzv", "--format", "json").returncode == 1
    assert toponym.lookup("Qqqqxzzv") == []


@pytest.mark.parametrize("cli_args,call", [
    (["lookup", "   "], lambda: toponym.lookup("   ")),
    (["lookup", "Paris", "--limit", "0"], lambda: toponym.lookup("Paris", limit=0)),
    (["lookup", "Paris", "--country", "USA"], lambda: toponym.lookup("Paris", country="USA")),
    (["lookup", "Paris", "--near", "95,0"], lambda: toponym.lookup("Paris", near=(95, 0))),
    (["lookup", "Paris", "--near", "1,200"], lambda: toponym.lookup("Paris", near="1,200")),
    (["lookup", "Paris", "--near", "x,1"], lambda: toponym.lookup("Paris", near="x,1")),
    (["map", "examples/summit.txt", "--theme", "neon", "-o", "x.png"],
     lambda: toponym.map("text", theme="neon")),
    (["map", "examples/summit.txt", "--projection", "mercator", "-o", "x.png"],
     lambda: toponym.map("text", projection="mercator")),
    (["map", "examples/summit.txt", "--width", "4000", "--scale", "4", "-o", "x.png"],
     lambda: toponym.map("Paris", width=4000, scale=4)),
    (["geojson", "examples/summit.txt", "--route", "Qqqqxzzv > Paris"],
     lambda: toponym.geojson("text", route="Qqqqxzzv > Paris")),
    (["route", "Qqqqxzzv > Paris"], lambda: toponym.route("Qqqqxzzv > Paris")),
    (["route", "Paris > Zzyzxq Bay > Berlin"], lambda: toponym.route(["Paris", "Zzyzxq Bay", "Berlin"])),
    (["route", "Tokyo > Boat@95,0"], lambda: toponym.route("Tokyo > Boat@95,0")),
    (["nearest", "95,0"], lambda: toponym.nearest("95,0")),
    (["nearest", "1,2", "--limit", "0"], lambda: toponym.nearest((1, 2), limit=0)),
])
def test_errors_carry_the_cli_message(cli, cli_args, call):
    message = cli_error(cli(*cli_args, check=False))
    with pytest.raises(ValueError) as raised:
        call()
    # Python's hint names its own fuzzy=True, as the CLI's names --fuzzy.
    ours = re.sub(r" \(name the place as toponym\.lookup\(\) finds it.*\)$", "", str(raised.value))
    assert ours == message.replace("LAT,LON: ", "point: ")


def test_an_unknown_kind_names_the_known_ones(cli):
    cli_message = cli("lookup", "Paris", "--kind", "volcano", check=False).stderr.decode()
    with pytest.raises(ValueError, match="^kind: unknown kind \"volcano\" \\(known: country, ") as raised:
        toponym.lookup("Paris", kind="volcano")
    assert str(raised.value).removeprefix("kind: ") in cli_message


# ---------- batches --------------------------------------------------------------------------------


def documents(n, seed=18):
    """n documents of 0-6 sentences drawn from the bundled examples, plus a few odd ones."""
    sentences = [s for name in EXAMPLES for s in re.split(r"(?<=[.;])\s+", example(name)) if s.strip()]
    rng = random.Random(seed)
    docs = [" ".join(rng.choice(sentences) for _ in range(rng.randrange(7))) for _ in range(n)]
    docs[1] = ""
    docs[2] = "Из Москвы в Париж, then to Zürich and 평양."
    docs[3] = "no places here at all"
    return docs


def test_resolve_many_equals_one_by_one():
    docs = documents(1000)
    one_by_one = [dicts(toponym.resolve(d, adjectives=True)) for d in docs]
    assert sum(map(len, one_by_one)) > 1000, "the documents name places"
    for jobs in (None, 1, 3):
        batch = toponym.resolve_many(docs, jobs=jobs, adjectives=True)
        assert [dicts(ms) for ms in batch] == one_by_one, f"jobs={jobs}"
    assert [dicts(ms) for ms in toponym.resolve_many(d for d in docs[:50])] == \
        [dicts(toponym.resolve(d)) for d in docs[:50]], "a generator is read in order"
    assert toponym.resolve_many([]) == []


def test_threads_share_the_engine():
    docs = documents(200, seed=7)
    expected = [dicts(ms) for ms in toponym.resolve_many(docs)]
    results = [None] * 4

    def work(i):
        results[i] = [dicts(toponym.resolve(d)) for d in docs] if i % 2 else \
            [dicts(ms) for ms in toponym.resolve_many(docs, jobs=2)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


# ---------- objects --------------------------------------------------------------------------------


def test_offsets_are_character_offsets():
    text = "Из Москвы — в Zürich, затем в 평양 и Vladivostok."
    mentions = toponym.resolve(text)
    assert len(mentions) >= 3, mentions
    for m in mentions:
        assert text[m.start:m.end] == m.text, m


def test_mention_and_place_attributes_match_to_dict():
    text = example("summit.txt")
    for m in toponym.resolve(text, adjectives=True):
        d = m.to_dict()
        assert all(getattr(m, key) == value for key, value in d.items()), d
        assert m.place.id == m.id and m.place.name == m.name and m.place.lat == m.lat
    assert toponym.resolve(text) == toponym.resolve(text), "mentions compare by value"
    place = toponym.lookup("Vladivostok", near=(43, 131))[0]
    d = place.to_dict()
    assert all(getattr(place, key) == value for key, value in d.items()), d
    assert set(d) >= {"id", "name", "lat", "lon", "kind", "country_code", "match", "score", "distance_km"}
    assert repr(place).startswith("<Place ") and "Vladivostok" in repr(place)


def test_geo_interface_is_a_point_feature_at_lon_lat():
    m = toponym.resolve("Talks were held in Vladivostok.")[0]
    for obj in (m, m.place, toponym.lookup("Vladivostok")[0]):
        gi = obj.__geo_interface__
        assert gi["type"] == "Feature"
        assert gi["geometry"] == {"type": "Point", "coordinates": (obj.lon, obj.lat)}
        assert gi["properties"] == obj.to_dict()
        json.dumps(gi)  # GeoJSON-serialisable as it is


def test_shapely_and_geopandas_take_them():
    shapely = pytest.importorskip("shapely.geometry")
    m = toponym.resolve("Talks were held in Vladivostok.")[0]
    assert (shapely.shape(m).x, shapely.shape(m).y) == (m.lon, m.lat)
    gpd = pytest.importorskip("geopandas")
    frame = gpd.GeoDataFrame.from_features(toponym.resolve(example("summit.txt")), crs="EPSG:4326")
    assert "Khasan" in set(frame["name"]) and frame.geometry.geom_type.eq("Point").all()


# ---------- bad input raises, never crashes -------------------------------------------------------


@pytest.mark.parametrize("bad,error", [
    (None, TypeError),
    (42, TypeError),
    (["a list"], TypeError),
    (b"caf\xe9", ValueError),  # Latin-1, not UTF-8
    (bytearray(b"\xff\xfe"), ValueError),
    ("lone \udcff surrogate", ValueError),
])
def test_bad_text_raises(bad, error):
    with pytest.raises(error):
        toponym.resolve(bad)
    with pytest.raises(error):
        toponym.resolve_many(["Paris", bad])
    with pytest.raises(error):
        toponym.story(["Paris", bad])
    with pytest.raises(error):
        toponym.lookup(bad)


def test_bad_batches_raise():
    with pytest.raises(TypeError, match=r"texts\[1\] must be str or UTF-8 bytes, not NoneType"):
        toponym.resolve_many(["Paris", None])
    with pytest.raises(ValueError, match=r"texts\[0\] is not valid UTF-8"):
        toponym.resolve_many([b"\xff"])
    with pytest.raises(TypeError, match="not a single text"):
        toponym.resolve_many("Paris")
    with pytest.raises(TypeError):
        toponym.resolve_many(None)
    with pytest.raises(TypeError):
        toponym.resolve_many(3)
    for jobs in (0, -1, 5000):
        with pytest.raises(ValueError, match=r"jobs: .* is not in 1..=1024"):
            toponym.resolve_many(["Paris"], jobs=jobs)
    with pytest.raises(TypeError):
        toponym.story({1: "Paris"})
    with pytest.raises(TypeError):
        toponym.resolve("Paris", adjectives="yes")


def test_bad_options_raise():
    with pytest.raises(TypeError):
        toponym.lookup("Paris", near=5)
    with pytest.raises(TypeError):
        toponym.lookup("Paris", limit=None)
    with pytest.raises(TypeError):
        toponym.lookup("Paris", country=1)
    with pytest.raises(ValueError):
        toponym.lookup("Paris", near=(float("nan"), 0))
    with pytest.raises(ValueError, match='format must be "png" or "svg"'):
        toponym.map("Paris", format="gif")
    for size in (-1, 0, 10**12):
        with pytest.raises(ValueError, match="map size"):
            toponym.map("Paris", width=size)
    with pytest.raises(ValueError, match="scale"):
        toponym.map("Paris", scale=float("nan"))
    with pytest.raises(ValueError, match="extent"):
        toponym.map("Paris", extent=(10, 50, 20, 40))


def test_utf8_bytes_are_text():
    text = example("summit.txt")
    assert dicts(toponym.resolve(text.encode())) == dicts(toponym.resolve(text))


def test_any_str_resolves_with_offsets_that_slice_it():
    """Random strings over scripts, combining marks, emoji, controls and punctuation: no crash,
    and every offset slices the text to the mention."""
    alphabet = "aZ .,;:'\"-—\n\t\r\x00\x7f\u0301\u200b\ufeffПарижéÜ평양東京😀🇰🇵\U0001F9FF" + "Paris Khasan Seoul "
    rng = random.Random(18)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(200))) for _ in range(300)]
    for text, mentions in zip(texts, toponym.resolve_many(texts, adjectives=True)):
        for m in mentions:
            assert text[m.start:m.end] == m.text, (text, m)


def test_the_module_docstring_examples_run():
    import doctest

    assert doctest.testmod(toponym).failed == 0


# ---------- long texts: windows, limits, iteration, Ctrl-C -----------------------------------------


def long_text(size):
    """The examples repeated, paragraphs apart, to at least `size` bytes: many 64 KiB windows."""
    unit = "\n\n".join(example(name) for name in EXAMPLES) + "\n\n"
    return unit * (size // len(unit.encode()) + 1)


def test_a_text_past_max_doc_bytes_is_refused_with_the_cli_message(cli, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("x" * 2048)
    message = cli_error(cli("resolve", str(big), "--max-doc-bytes", "1K", check=False))
    assert message.startswith(f"{big}: document longer than max-doc-bytes 1K (1024 bytes)"), message
    want = message.replace(str(big), "text", 1).replace("max-doc-bytes", "max_doc_bytes")
    for call in (
        lambda: toponym.resolve("x" * 2048, max_doc_bytes=1024),
        lambda: toponym.iter_resolve("x" * 2048, max_doc_bytes=1024),
        lambda: toponym.resolve(b"x" * 2048, max_doc_bytes=1024),
    ):
        with pytest.raises(ValueError) as raised:
            call()
        assert str(raised.value) == want
    with pytest.raises(ValueError, match=r"^texts\[1\]: document longer than max_doc_bytes 1K"):
        toponym.resolve_many(["Paris", "x" * 2048], max_doc_bytes=1024)
    # the default is the CLI's 64 MiB
    with pytest.raises(ValueError, match=r"^text: document longer than max_doc_bytes 64M \(67108864 bytes\)"):
        toponym.resolve(" " * (64 * 1024 * 1024 + 1))
    assert toponym.resolve("x" * 1024, max_doc_bytes=1024) == []
    with pytest.raises(ValueError, match="max_doc_bytes must be at least 1"):
        toponym.resolve("Paris", max_doc_bytes=0)


def test_iter_resolve_yields_what_resolve_returns():
    for text in ("", "The train left Pyongyang for Vladivostok.", example("summit.txt"), long_text(300_000)):
        for adjectives in (False, True):
            it = toponym.iter_resolve(text, adjectives=adjectives)
            assert iter(it) is it
            got = [m.to_dict() for m in it]
            assert got == dicts(toponym.resolve(text, adjectives=adjectives)), (len(text), adjectives)
            assert next(it, None) is None, "an exhausted iterator stays exhausted"
    text = long_text(300_000)
    assert len(text.encode()) > 4 * 65536, "several windows"
    many = [dicts(ms) for ms in toponym.resolve_many([text, "Paris", text])]
    assert many == [dicts(toponym.resolve(t)) for t in (text, "Paris", text)]


def test_ctrl_c_stops_a_long_resolve_between_windows():
    """Two SIGINTs sent while the call runs, the second only once the first was handled: when
    the call runs signal handlers between windows both are handled before it returns; a call
    that left them to Python would see at most one (the first, once it returned)."""
    import signal

    text = long_text(10_000_000)  # about 160 windows: a second or more
    hits, started = [], threading.Event()
    old = signal.signal(signal.SIGINT, lambda *_: hits.append(1))

    def interrupt_twice():
        started.wait()
        threading.Event().wait(0.05)  # let the main thread enter the call
        for want in (1, 2):
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(6000):  # the handler runs on the main thread
                if len(hits) >= want:
                    break
                threading.Event().wait(0.01)

    try:
        for call in (toponym.resolve, lambda t: list(toponym.iter_resolve(t)), lambda t: toponym.resolve_many([t])):
            hits.clear()
            started.clear()
            sender = threading.Thread(target=interrupt_twice)
            sender.start()
            started.set()
            call(text)
            at_return = len(hits)
            sender.join()
            assert at_return == 2, f"{call}: {at_return} signal(s) handled during the call"
    finally:
        signal.signal(signal.SIGINT, old)
    # and with Python's own handler, KeyboardInterrupt
    threading.Timer(0.05, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    with pytest.raises(KeyboardInterrupt):
        toponym.resolve(text)


# ---------- nearest, route, pickling ---------------------------------------------------------------


@pytest.mark.parametrize("args,kwargs", [
    (["43.1,131.9"], {}),
    (["51.88,128.33", "--limit", "3", "--kind", "city"], {"limit": 3, "kind": "city"}),
    (["-33.87,151.21", "--kind", "city"], {"kind": "city"}),
])
def test_nearest_equals_cli(cli, args, kwargs):
    expected = json.loads(cli("nearest", *args, "--format", "json").stdout)
    lat, lon = map(float, args[0].split(","))
    got = [p.to_dict() for p in toponym.nearest((lat, lon), **kwargs)]
    assert got and got == expected
    assert [p.to_dict() for p in toponym.nearest(args[0], **kwargs)] == expected, "a LAT,LON string"


def test_nearest_is_nearest_first_with_distances():
    places = toponym.nearest((48.8566, 2.3522), limit=10)
    assert len(places) == 10
    distances = [p.distance_km for p in places]
    assert distances == sorted(distances) and distances[0] < 5, distances
    assert all(p.kind == "city" for p in toponym.nearest((48.8566, 2.3522), limit=5, kind="city"))
    with pytest.raises(TypeError, match="point must be a"):
        toponym.nearest(48.8)
    with pytest.raises(ValueError, match="^kind: "):
        toponym.nearest((0, 0), kind="volcano")


@pytest.mark.parametrize("args,kwargs", [
    (["Beijing > Ulaanbaatar > Irkutsk"], {}),
    (["Shanghai > Singapore > Rotterdam", "--mode", "sea", "--avoid", "suez"], {"mode": "sea", "avoid": "suez"}),
    (["Lyon > Geneva", "--mode", "road"], {"mode": "road"}),
    (["Tokyo > Ship@40.0,-150.0 > Los Angeles", "--mode", "sea"], {"mode": "sea"}),
    (["Lisbon > Cairo", "--mode", "air"], {"mode": "air"}),
])
def test_route_is_the_cli_geojson(cli, args, kwargs):
    expected = json.loads(cli("route", *args, "--format", "geojson").stdout)
    got = toponym.route(args[0], **kwargs)
    assert got == expected
    assert got["type"] == "FeatureCollection"
    stops = [f for f in got["features"] if f["properties"]["role"] == "stop"]
    assert [s["properties"]["order"] for s in stops] == list(range(1, len(stops) + 1))


def test_route_takes_a_list_of_stops_and_of_passages():
    as_text = toponym.route("Shanghai > Singapore > Rotterdam", mode="sea", avoid="suez,malacca")
    assert toponym.route(["Shanghai", "Singapore", "Rotterdam"], mode="sea", avoid=["suez", "malacca"]) == as_text
    assert toponym.route(("Shanghai", "Singapore", "Rotterdam"), mode="SEA", avoid=("suez", "malacca")) == as_text
    passages = {p for f in as_text["features"] for p in f["properties"].get("passages", [])}
    assert not passages & {"suez", "malacca"}, passages
    with pytest.raises(ValueError, match="a stop in a list names one place"):
        toponym.route(["Paris > Lyon", "Marseille"])
    with pytest.raises(TypeError, match="stops must be"):
        toponym.route(5)
    with pytest.raises(ValueError, match="^mode: mode storm is for storm tracks"):
        toponym.route("Paris > Lyon", mode="storm")
    with pytest.raises(ValueError, match="^mode: unknown mode"):
        toponym.route("Paris > Lyon", mode="boat")
    with pytest.raises(ValueError, match="^avoid: "):
        toponym.route("Paris > Lyon", avoid="atlantis")
    with pytest.raises(ValueError, match="at least two waypoints"):
        toponym.route("Paris")


def test_a_route_the_avoided_passages_close_is_refused(cli):
    every = "suez,panama,malacca,gibraltar,bab-el-mandeb,hormuz,bosporus,dardanelles,sunda,magellan,good-hope,bering"
    args = ("Shanghai > Rotterdam", "--mode", "sea", "--avoid", every)
    done = cli("route", *args, check=False)
    with pytest.raises(ValueError, match="^no sea route from Shanghai to Rotterdam") as raised:
        toponym.route(args[0], mode="sea", avoid=args[-1])
    assert str(raised.value) == cli_error(done)


def test_route_stops_are_strict_unless_fuzzy():
    with pytest.raises(ValueError, match="Narnia") as raised:
        toponym.route("Atlantis > Narnia")
    assert "fuzzy=True" in str(raised.value)
    with pytest.warns(UserWarning, match="Narnia"):
        guessed = toponym.route("Atlantis > Narnia", mode="air", fuzzy=True)
    stops = [f["properties"] for f in guessed["features"] if f["properties"]["role"] == "stop"]
    assert len(stops) == 2 and stops[1]["confidence"] <= 0.6 and "fuzzy" in stops[1]["matched"], stops
    exact = toponym.route("Paris > Lyon", mode="air")
    assert [f["properties"]["confidence"] for f in exact["features"] if f["properties"]["role"] == "stop"] == [1.0, 1.0]


def test_story_route_stops_are_strict_unless_fuzzy(cli, tmp_path):
    text = example("summit.txt")
    with pytest.raises(ValueError, match="^route: .*Narnia"):
        toponym.geojson(text, route="Paris > Narnia")
    with pytest.warns(UserWarning, match="Narnia"):
        ours = toponym.geojson({"summit.txt": text}, route="Paris > Narnia", fuzzy=True)
    assert ours == cli("geojson", "examples/summit.txt", "--route", "Paris > Narnia", "--fuzzy", "-o", "-").stdout
    with pytest.warns(UserWarning, match="Narnia"):
        toponym.story(text, route="Paris > Narnia", fuzzy=True)


def results():
    """Places and mentions of every shape: look-up (score, match), nearest (distance), plain."""
    mentions = toponym.resolve("Kim flew from Pyongyang to Vladivostok; the Russian team stayed in Khasan.",
                               adjectives=True)
    places = toponym.lookup("Vladivostock", limit=3) + toponym.lookup("Khasan", near=(43.1, 131.9)) \
        + toponym.nearest((43.1, 131.9), limit=3) + [m.place for m in mentions]
    assert mentions and any(m.adjective for m in mentions)
    assert any(p.distance_km is not None for p in places) and any(p.score is not None for p in places)
    return mentions + places


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_results_pickle(protocol):
    for r in results():
        back = pickle.loads(pickle.dumps(r, protocol=protocol))
        assert type(back) is type(r) and back == r, r
        assert back.to_dict() == r.to_dict() and repr(back) == repr(r)
        assert back.__geo_interface__ == r.__geo_interface__
    assert copy.deepcopy(results()) == results()


def test_results_cross_processes():
    import multiprocessing

    texts = ["The train left Pyongyang for Vladivostok.", "From Lisbon to Madrid by night."]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        got = pool.map(toponym.resolve, texts)
    assert got == [toponym.resolve(t) for t in texts]
