"""Your own places in Python: add_places() from a file or from rows, as the CLI's --user-places."""

from pathlib import Path

import pytest

import toponym

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "it" / "fixtures" / "user_places"


@pytest.fixture(autouse=True)
def no_places_after():
    yield
    toponym.clear_places()


def test_a_csv_of_places_is_looked_up_and_found_in_text():
    assert toponym.add_places(FIXTURES / "newsroom.csv") == 4
    top = toponym.lookup("Greyhaven naval yard", limit=1)[0]
    assert (top.name, top.lat, top.lon, top.kind, top.source) == ("Greyhaven Shipyard", 40.0361, 128.1884, "port", "user")
    assert top.to_dict()["source"] == "user"
    text = "Analysts said a second hull had appeared at the Greyhaven naval yard overnight."
    [yard] = [m for m in toponym.resolve(text) if m.name == "Greyhaven Shipyard"]
    assert text[yard.start:yard.end] == "Greyhaven naval yard"
    assert (yard.lat, yard.lon, yard.to_dict()["source"]) == (40.0361, 128.1884, "user")
    assert b'"source":"user"' in toponym.geojson(text)


def test_rows_as_dicts_and_places_added_later_keep_the_first():
    toponym.add_places(str(FIXTURES / "sites.tsv"))
    added = toponym.add_places([
        {"name": "Marrow Lock", "lat": 52.1, "lon": 5.2, "kind": "canal", "aliases": ["Marrow sluice"], "id": 9},
        {"name": "Pellow Halt", "lat": "51.5", "lon": "-0.2", "country": "GB"},
    ])
    assert added == 2
    assert toponym.lookup("Marrow sluice", limit=1)[0].id == 4_100_000_009
    assert toponym.lookup("Pellow Halt", limit=1)[0].country_code == "GB"
    assert toponym.lookup("Tarnow Dam", limit=1)[0].source == "user"
    toponym.clear_places()
    assert all(p.source is None for p in toponym.lookup("Marrow sluice"))


def test_bad_rows_raise_or_warn():
    with pytest.raises(ValueError, match=r"rows, row 2, field lat: 91 is out of range"):
        toponym.add_places([{"name": "A", "lat": 1, "lon": 2}, {"name": "B", "lat": 91, "lon": 2}])
    with pytest.raises(ValueError, match=r"bad.csv, line 3, field name: empty name"):
        toponym.add_places(FIXTURES / "bad.csv")
    with pytest.warns(UserWarning) as caught:
        assert toponym.add_places(FIXTURES / "bad.csv", skip_bad_lines=True) == 2
    lines = [str(w.message) for w in caught]
    assert len(lines) == 4 and all(m.endswith("; row skipped") for m in lines), lines
    assert "bad.csv, line 5, field kind: unknown kind" in lines[2]
    with pytest.raises(TypeError):
        toponym.add_places([("name", "A")])


def test_a_user_place_stays_the_users_through_a_pickle():
    import pickle

    toponym.add_places(FIXTURES / "newsroom.csv")
    top = toponym.lookup("Greyhaven naval yard", limit=1)[0]
    [yard] = [m for m in toponym.resolve("Two hulls sat at the Greyhaven naval yard.") if m.name == "Greyhaven Shipyard"]
    assert pickle.loads(pickle.dumps(top)).source == "user"
    assert pickle.loads(pickle.dumps(yard)).to_dict()["source"] == "user"
    plain = toponym.lookup("Vladivostok", limit=1)[0]
    assert pickle.loads(pickle.dumps(plain)).source is None
