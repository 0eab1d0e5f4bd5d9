#!/usr/bin/env python3
"""Build basemap/basemap.bin from Natural Earth 1:10m (+ GSHHG rivers).

usage: build.py SRC_DIR OUT_FILE
  SRC_DIR holds what fetch.sh unpacked: ne10m/, ne110m/ and rivers.txt (see README.md).

The output is a pure function of the inputs: records are written in source order (or in
sorted order where we derive them), integers only, zstd at a fixed level, no timestamps.

File layout (all integers little-endian):
  b"TPBM", u16 version, u16 layer count,
  per layer: 8-byte ASCII name (space padded), u32 offset, u32 compressed len, u32 raw len,
  then the zstd frames.
Geometry layers (raw): varint record count, then per record
  varint group, varint attr, zigzag-varint bbox (min lon, min lat, width, height),
  varint point count, varint payload length, payload = zigzag-varint deltas of
  (lon, lat) in 1e-5 degree units, the first delta from (min lon, min lat).
  Polygon layers: all rings of one shape share a group and are filled together (even-odd).
  attr = 1 + index into the country table, or 0.
Table layer "country": UTF-8 text, one line per country, tab separated:
  ISO A2, ADM0_A3, short English name, label lon, label lat, LABELRANK.
"""
import os
import struct
import sys

import shapefile
import zstandard

SCALE = 100_000  # 1e-5 degree
ZLEVEL = 19


def q(v):
    return int(round(v * SCALE))


def varint(out, v):
    assert v >= 0
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)


def zz(v):
    return (v << 1) if v >= 0 else ((-v << 1) - 1)


class Layer:
    def __init__(self):
        self.buf = bytearray()
        self.count = 0
        self.points = 0

    def add(self, group, attr, pts):
        """pts: list of quantised (x, y) ints. Consecutive duplicates are dropped."""
        clean = []
        for p in pts:
            if not clean or clean[-1] != p:
                clean.append(p)
        if len(clean) < 2:
            return
        xs = [p[0] for p in clean]
        ys = [p[1] for p in clean]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        payload = bytearray()
        px, py = x0, y0
        for x, y in clean:
            varint(payload, zz(x - px))
            varint(payload, zz(y - py))
            px, py = x, y
        b = self.buf
        varint(b, group)
        varint(b, attr)
        varint(b, zz(x0))
        varint(b, zz(y0))
        varint(b, x1 - x0)
        varint(b, y1 - y0)
        varint(b, len(clean))
        varint(b, len(payload))
        b.extend(payload)
        self.count += 1
        self.points += len(clean)

    def raw(self):
        head = bytearray()
        varint(head, self.count)
        return bytes(head) + bytes(self.buf)


def shape_rings(shape):
    parts = list(shape.parts) + [len(shape.points)]
    for i in range(len(parts) - 1):
        yield [(q(x), q(y)) for x, y in shape.points[parts[i]:parts[i + 1]]]


def open_shp(path):
    if os.path.exists(path + ".dbf"):
        return shapefile.Reader(path)
    return shapefile.Reader(shp=open(path + ".shp", "rb"), shx=open(path + ".shx", "rb"))


def iso_a2(rec):
    code = rec["ISO_A2"]
    if not code or code == "-99":
        code = rec["ISO_A2_EH"]
    if not code or code == "-99":
        code = "--"
    return code


def display_name(rec):
    """The short common English name: NAME ("China") or ADMIN ("North Korea"), whichever is
    shorter without abbreviation dots; NAME_EN only if both are abbreviated."""
    names = [n for n in (rec["NAME"], rec["ADMIN"]) if n and "." not in n]
    if not names:
        return rec["NAME_EN"] or rec["NAME"]
    return min(names, key=lambda n: (len(n), n))


def build_countries(src):
    """Country table + 10m country rings; returns also per-country ring lists for borders."""
    r = open_shp(os.path.join(src, "ne10m", "ne_10m_admin_0_countries_deu"))
    table, rings_by_country = [], []
    layer = Layer()
    for idx, sr in enumerate(r.iterShapeRecords()):
        rec = sr.record
        table.append("\t".join([
            iso_a2(rec), rec["ADM0_A3"], display_name(rec),
            f"{rec['LABEL_X']:.5f}", f"{rec['LABEL_Y']:.5f}", str(int(rec["LABELRANK"])),
        ]))
        rings = list(shape_rings(sr.shape))
        rings_by_country.append(rings)
        for ring in rings:
            layer.add(idx, idx + 1, ring)
    return table, layer, rings_by_country, {l.split("\t")[1]: i for i, l in enumerate(table)}


def build_borders(rings_by_country):
    """Land borders = ring segments that two different countries share (undirected)."""
    owners = {}
    for ci, rings in enumerate(rings_by_country):
        for ring in rings:
            for a, b in zip(ring, ring[1:]):
                if a == b:
                    continue
                key = (a, b) if a < b else (b, a)
                s = owners.setdefault(key, set())
                s.add(ci)
    shared = sorted(k for k, v in owners.items() if len(v) >= 2)
    adj = {}
    for a, b in shared:
        adj.setdefault(a, []).append(b)
        adj.setdefault(b, []).append(a)
    for v in adj.values():
        v.sort()
    used = set()
    lines = []

    def walk(start, nxt):
        line = [start, nxt]
        used.add((start, nxt) if start < nxt else (nxt, start))
        prev, cur = start, nxt
        while len(adj[cur]) == 2:
            n = adj[cur][0] if adj[cur][1] == prev else adj[cur][1]
            key = (cur, n) if cur < n else (n, cur)
            if key in used:
                break
            used.add(key)
            line.append(n)
            prev, cur = cur, n
        return line

    for node in sorted(adj):
        if len(adj[node]) != 2:
            for n in adj[node]:
                key = (node, n) if node < n else (n, node)
                if key not in used:
                    lines.append(walk(node, n))
    for a, b in shared:  # closed loops (enclaves)
        if (a, b) not in used:
            lines.append(walk(a, b))
    layer = Layer()
    for i, line in enumerate(lines):
        layer.add(i, 0, line)
    return layer


def build_lines(path):
    layer = Layer()
    r = open_shp(path)
    for i, s in enumerate(r.iterShapes()):
        for ring in shape_rings(s):
            layer.add(i, 0, ring)
    return layer


def build_polys(path, attr_of=None):
    layer = Layer()
    r = open_shp(path)
    if attr_of is None:
        for i, s in enumerate(r.iterShapes()):
            for ring in shape_rings(s):
                layer.add(i, 0, ring)
    else:
        for i, sr in enumerate(r.iterShapeRecords()):
            attr = attr_of(sr.record)
            for ring in shape_rings(sr.shape):
                layer.add(i, attr, ring)
    return layer


def read_rivers(path):
    """GMT multi-segment text -> lines; pieces cut at bin edges are joined end to end."""
    segs, cur = [], None
    with open(path) as f:
        for line in f:
            if line.startswith(">"):
                cur = []
                segs.append(cur)
                continue
            x, y = line.split()[:2]
            cur.append((q(float(x)), q(float(y))))
    segs = [s for s in segs if len(s) >= 2]
    # join: repeatedly attach a segment whose start equals another's end (unique match only)
    starts = {}
    for i, s in enumerate(segs):
        starts.setdefault(s[0], []).append(i)
    ends = {}
    for i, s in enumerate(segs):
        ends.setdefault(s[-1], []).append(i)
    merged_into = {}
    order = []
    alive = [True] * len(segs)
    for i in range(len(segs)):
        if not alive[i]:
            continue
        line = list(segs[i])
        alive[i] = False
        while True:
            cands = [j for j in starts.get(line[-1], []) if alive[j]]
            if len(cands) != 1 or len(ends.get(line[-1], [])) != 1:
                break
            j = cands[0]
            alive[j] = False
            merged_into[j] = i
            line.extend(segs[j][1:])
        order.append(line)
    layer = Layer()
    for i, line in enumerate(order):
        layer.add(i, 0, line)
    return layer


def main():
    src, out = sys.argv[1], sys.argv[2]
    ne10 = os.path.join(src, "ne10m")
    table, countries, rings_by_country, by_a3 = build_countries(src)
    layers = [
        ("country", "\n".join(table).encode("utf-8") + b"\n", len(table), 0),
    ]

    def geo(name, layer):
        layers.append((name, layer.raw(), layer.count, layer.points))

    geo("land", countries)
    geo("lakes", build_polys(os.path.join(ne10, "ne_10m_lakes")))
    geo("border", build_borders(rings_by_country))
    geo("admin1", build_lines(os.path.join(ne10, "ne_10m_admin_1_states_provinces_lines")))
    rivers = os.path.join(src, "rivers.txt")
    if os.path.exists(rivers):
        geo("rivers", read_rivers(rivers))
    geo("world110", build_polys(
        os.path.join(src, "ne110m", "ne_110m_admin_0_countries"),
        lambda rec: by_a3.get(rec["ADM0_A3"], -1) + 1,
    ))

    cctx = zstandard.ZstdCompressor(level=ZLEVEL, write_checksum=False, write_content_size=True)
    blobs = [cctx.compress(raw) for _, raw, _, _ in layers]
    head = bytearray(b"TPBM")
    head += struct.pack("<HH", 1, len(layers))
    offset = len(head) + 20 * len(layers)
    for (name, raw, _, _), blob in zip(layers, blobs):
        head += name.encode("ascii").ljust(8, b" ")
        head += struct.pack("<III", offset, len(blob), len(raw))
        offset += len(blob)
    data = bytes(head) + b"".join(blobs)
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, out)
    print(f"{'layer':10} {'records':>8} {'points':>9} {'raw MB':>8} {'zstd MB':>8}")
    for (name, raw, count, pts), blob in zip(layers, blobs):
        print(f"{name:10} {count:8d} {pts:9d} {len(raw) / 1e6:8.2f} {len(blob) / 1e6:8.2f}")
    print(f"total {len(data) / 1e6:.2f} MB -> {out}")


if __name__ == "__main__":
    main()
