#!/usr/bin/env python3
"""Build the routing networks network/{rail,sea,road}.net.zst from the pinned packages.

usage: build.py SRC_DIR OUT_DIR
  SRC_DIR holds what fetch.sh unpacked: scgraph_data/ (world_railways.py, world_highways.py)
  and searoute/data/ (marnet_searoute.geojson, ports.geojson). See README.md.

The output is a pure function of the inputs: no timestamps, no hash-order iteration, integer
coordinates, zstd at a fixed level.

Steps per network:
  1. read nodes and undirected edges (lengths in metres);
  2. rail only: add the curated links of rail-fixes.tsv, bridge small gaps (a dead end within
     `bridge` km of a node the network only reaches by a long detour), and join separate
     pieces (a dead end within `join` km of another piece; shortest links first, one per pair);
  3. drop components shorter than MIN_COMPONENT_KM (yards, tram fragments);
  4. simplify: chains of degree-2 nodes between junctions are cut down with Douglas-Peucker
     (tolerance SIMPLIFY_KM) keeping a node at least every MAX_EDGE_KM of track, so a stop can
     always snap to a node nearby; junctions and dead ends are always kept; an edge's length
     is the summed length of the source edges it replaces;
  5. number nodes along a Hilbert curve (neighbours get close ids, so deltas are small) and
     write them (see FORMAT below).

FORMAT (all integers little-endian varints; zz = zigzag varint), then one zstd frame:
  b"TPNW" u8 version(1)
  varint node_count, varint edge_count, varint port_count
  nodes: zz dlat, zz dlon per node (units of 1e-5 degree, delta from the previous node)
  edges (sorted by (u, v), u < v): varint du (from the previous edge's u), varint v - u,
         varint length in metres, u8 passage id (0 = none; sea only, else always 0)
  ports: varint name length, UTF-8 name, zz lat, zz lon (absolute), varint node
"""
import json
import math
import os
import re
import sys
from heapq import heappop, heappush

import zstandard

SCALE = 100_000
ZLEVEL = 19
HERE = os.path.dirname(os.path.abspath(__file__))

# Passage ids, shared with src/network/passage.rs (same order).
PASSAGES = ["suez", "panama", "malacca", "gibraltar", "babalmandab", "ormuz", "bosporus", "dardanelles",
            "sunda", "chili", "south_africa", "bering", "northwest"]

PARAMS = {
    # simplify tolerance km, max edge km, min component km, gap bridging km, component joining km
    "rail": dict(simplify=0.3, max_edge=15.0, min_component=20.0, bridge=3.0, join=25.0),
    "road": dict(simplify=1.0, max_edge=25.0, min_component=30.0, bridge=0.0, join=0.0),
    "sea": dict(simplify=2.0, max_edge=300.0, min_component=0.0, bridge=0.0, join=0.0),
}
PORT_SNAP_KM = 300.0


def hav_km(a, b):
    """Great-circle distance between (lat, lon) points, km (mean Earth radius)."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def norm_lon(lon):
    lon = (lon + 180.0) % 360.0 - 180.0
    return lon


class Graph:
    """Nodes as (lat, lon) in 1e-5 degree integers; adj[u] = {v: (metres, passage)}."""

    def __init__(self):
        self.pts = []
        self.adj = []
        self.index = {}

    def node(self, lat, lon):
        key = (int(round(lat * SCALE)), int(round(norm_lon(lon) * SCALE)))
        if key[1] == 180 * SCALE:
            key = (key[0], -180 * SCALE)  # the antimeridian is one meridian
        i = self.index.get(key)
        if i is None:
            i = len(self.pts)
            self.index[key] = i
            self.pts.append(key)
            self.adj.append({})
        return i

    def ll(self, i):
        return (self.pts[i][0] / SCALE, self.pts[i][1] / SCALE)

    def edge(self, u, v, metres, passage=0):
        if u == v:
            return
        old = self.adj[u].get(v)
        if old is None or metres < old[0] or (metres == old[0] and passage > old[1]):
            self.adj[u][v] = (metres, passage)
            self.adj[v][u] = (metres, passage)


def load_scgraph(path):
    """scgraph_data's GeoGraph module: `graph=[{nbr: km, …}, …]` and `nodes=[[lat, lon], …]`."""
    text = open(path, encoding="utf-8").read()
    g0 = text.index("graph=") + len("graph=")
    n0 = text.index("\nnodes=")
    graph = json.loads(re.sub(r"(\d+):", r'"\1":', text[g0:n0]))
    nodes = json.loads(text[n0 + len("\nnodes="):text.index("\n", n0 + 1)])
    g = Graph()
    ids = [g.node(lat, lon) for lat, lon in nodes]
    for i, nbrs in enumerate(graph):
        for k, km in nbrs.items():
            j = int(k)
            if ids[i] != ids[j]:
                # scgraph rounds lengths to metres-ish; never shorter than the straight line
                metres = max(int(round(km * 1000)), int(hav_km(g.ll(ids[i]), g.ll(ids[j])) * 1000))
                g.edge(ids[i], ids[j], metres)
    return g


def load_marnet(path):
    data = json.load(open(path, encoding="utf-8"))
    g = Graph()
    for f in data["features"]:
        geom = f["geometry"]
        lines = [geom["coordinates"]] if geom["type"] == "LineString" else geom["coordinates"]
        passage = f["properties"].get("passage")
        pid = PASSAGES.index(passage) + 1 if passage else 0
        for line in lines:
            ids = [g.node(lat, lon) for lon, lat in line]
            for a, b in zip(ids, ids[1:]):
                g.edge(a, b, int(round(hav_km(g.ll(a), g.ll(b)) * 1000)), pid)
    return g


class Grid:
    """Nodes bucketed by 0.1-degree cells, for near-neighbour searches."""

    def __init__(self, g, alive=None):
        self.g = g
        self.cells = {}
        for i, (la, lo) in enumerate(g.pts):
            if alive is None or alive[i]:
                self.cells.setdefault((la // 10_000, lo // 10_000), []).append(i)

    def within(self, p, km):
        r = int(km / 11.0) + 1
        la, lo = int(p[0] * 10), int(p[1] * 10)
        out = []
        for dy in range(-r, r + 1):
            for dx in range(-r * 3, r * 3 + 1):
                for j in self.cells.get((la + dy, lo + dx), ()):
                    d = hav_km(p, self.g.ll(j))
                    if d <= km:
                        out.append((d, j))
        out.sort()
        return out


def apply_fixes(g, path):
    """Curated links: `link <TAB> lat,lon <TAB> lat,lon <TAB> reason`, ends snapped within 3 km."""
    grid = Grid(g)
    count = 0
    for lineno, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[0] != "link" or not fields[3].strip():
            sys.exit(f"{path}:{lineno}: expected link <TAB> lat,lon <TAB> lat,lon <TAB> reason")
        ends = []
        for f in fields[1:3]:
            p = tuple(float(x) for x in f.split(","))
            near = grid.within(p, 3.0)
            if not near:
                sys.exit(f"{path}:{lineno}: no network node within 3 km of {f}")
            ends.append(near[0][1])
        a, b = ends
        g.edge(a, b, int(round(hav_km(g.ll(a), g.ll(b)) * 1000)))
        count += 1
    return count


def network_distance_within(g, s, t, limit_m):
    """Dijkstra from s, stopping past limit_m; the distance to t or None."""
    dist = {s: 0}
    heap = [(0, s)]
    while heap:
        d, u = heappop(heap)
        if u == t:
            return d
        if d > dist[u] or d > limit_m:
            continue
        for v, (w, _) in g.adj[u].items():
            nd = d + w
            if nd < dist.get(v, 1 << 62):
                dist[v] = nd
                heappush(heap, (nd, v))
    return None


def bridge_gaps(g, km):
    """Join each dead end to the nearest node within `km` that the network reaches only by a
    detour of more than ten times the gap plus 20 km: OSM extracts break lines at borders,
    bridges and tile edges."""
    if km <= 0:
        return 0
    grid = Grid(g)
    added = 0
    for u in range(len(g.pts)):
        if len(g.adj[u]) != 1:
            continue
        for d, v in grid.within(g.ll(u), km):
            if v == u or v in g.adj[u]:
                continue
            limit = int((10 * d + 20) * 1000)
            if network_distance_within(g, u, v, limit) is None:
                g.edge(u, v, max(1, int(round(d * 1000))))
                added += 1
            break
    return added


def join_components(g, km):
    """Join separate pieces of the network: each dead end proposes a link to the nearest node
    of another component within `km`; links are taken shortest first, and only while they
    still join two separate components (Kruskal), so no piece gets more than the one link
    it needs and no shortcut appears inside a connected network."""
    if km <= 0:
        return 0
    alive = [True] * len(g.pts)
    comp = [0] * len(g.pts)
    for c, (members, _) in enumerate(components(g, alive)):
        for u in members:
            comp[u] = c
    grid = Grid(g)
    proposals = []
    for u in range(len(g.pts)):
        if len(g.adj[u]) != 1:
            continue
        for d, v in grid.within(g.ll(u), km):
            if comp[v] != comp[u]:
                proposals.append((int(round(d * 1000)), u, v))
                break
    proposals.sort()
    parent = list(range(max(comp) + 1 if comp else 0))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    added = 0
    for metres, u, v in proposals:
        a, b = find(comp[u]), find(comp[v])
        if a != b:
            parent[max(a, b)] = min(a, b)
            g.edge(u, v, max(1, metres))
            added += 1
    return added


def components(g, alive):
    comp = [-1] * len(g.pts)
    out = []
    for s in range(len(g.pts)):
        if comp[s] >= 0 or not alive[s]:
            continue
        c = len(out)
        comp[s] = c
        stack, members, metres = [s], [], 0
        while stack:
            u = stack.pop()
            members.append(u)
            for v, (w, _) in g.adj[u].items():
                metres += w
                if comp[v] < 0:
                    comp[v] = c
                    stack.append(v)
        out.append((members, metres / 2000.0))
    return out


def xy_km(p, origin):
    k = math.cos(math.radians(origin[0]))
    return ((p[1] - origin[1]) * 111.2 * k, (p[0] - origin[0]) * 111.2)


def seg_dist(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    L = dx * dx + dy * dy
    t = 0.0 if L == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / L))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def dp_keep(pts_xy, cum, tol, max_len):
    """Indices of a chain to keep: Douglas-Peucker within tol km, and no kept span longer than
    max_len km of track."""
    keep = {0, len(pts_xy) - 1}
    stack = [(0, len(pts_xy) - 1)]
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            continue
        worst, at = -1.0, -1
        for k in range(i + 1, j):
            d = seg_dist(pts_xy[k], pts_xy[i], pts_xy[j])
            if d > worst:
                worst, at = d, k
        if worst > tol or cum[j] - cum[i] > max_len:
            if worst <= tol:
                # split at the middle of the track length instead
                half = (cum[i] + cum[j]) / 2
                at = min(range(i + 1, j), key=lambda k: (abs(cum[k] - half), k))
            keep.add(at)
            stack.append((i, at))
            stack.append((at, j))
    return sorted(keep)


def simplify(g, alive, tol, max_len, pinned):
    """A new Graph of junctions, dead ends and the chain points Douglas-Peucker keeps."""
    out = Graph()
    is_key = [alive[u] and (len(g.adj[u]) != 2 or u in pinned) for u in range(len(g.pts))]
    for u in range(len(g.pts)):
        if alive[u] and len(g.adj[u]) == 2 and len({p for _, p in g.adj[u].values()}) == 2:
            is_key[u] = True  # a passage starts or ends here
    seen_edge = set()

    def walk(start, first):
        chain = [start, first]
        passage = g.adj[start][first][1]
        while not is_key[chain[-1]] and chain[-1] != start:
            a, b = sorted(g.adj[chain[-1]])
            chain.append(a if a != chain[-2] else b)
        return chain, passage

    def emit(chain, passage):
        ws = [g.adj[a][b][0] for a, b in zip(chain, chain[1:])]
        cum = [0.0]
        for w in ws:
            cum.append(cum[-1] + w / 1000.0)
        origin = g.ll(chain[0])
        xy = [xy_km(unwrap(g.ll(c), origin), origin) for c in chain]
        kept = dp_keep(xy, cum, tol, max_len)
        for i, j in zip(kept, kept[1:]):
            a = out.node(*g.ll(chain[i]))
            b = out.node(*g.ll(chain[j]))
            out.edge(a, b, int(round((cum[j] - cum[i]) * 1000)), passage)

    # Chains from key nodes
    for u in range(len(g.pts)):
        if not is_key[u]:
            continue
        for v in sorted(g.adj[u]):
            if (u, v) in seen_edge:
                continue
            chain, passage = walk(u, v)
            for a, b in zip(chain, chain[1:]):
                seen_edge.add((a, b))
                seen_edge.add((b, a))
            emit(chain, passage)
    # Pure cycles (no key node): key their lowest node
    for u in range(len(g.pts)):
        if alive[u] and not is_key[u] and all((u, v) not in seen_edge for v in g.adj[u]):
            is_key[u] = True
            for v in sorted(g.adj[u]):
                if (u, v) in seen_edge:
                    continue
                chain, passage = walk(u, v)
                for a, b in zip(chain, chain[1:]):
                    seen_edge.add((a, b))
                    seen_edge.add((b, a))
                emit(chain, passage)
    return out


def unwrap(p, origin):
    lat, lon = p
    while lon - origin[1] > 180:
        lon -= 360
    while lon - origin[1] < -180:
        lon += 360
    return (lat, lon)


def hilbert(x, y, order=16):
    d = 0
    s = 1 << (order - 1)
    while s > 0:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x, y = s - 1 - x, s - 1 - y
            x, y = y, x
        s >>= 1
    return d


def varint(out, v):
    assert v >= 0, v
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)


def zz(v):
    return (v << 1) if v >= 0 else ((-v << 1) - 1)


def encode(g, ports=()):
    def hkey(i):
        la, lo = g.pts[i]
        x = (lo + 180 * SCALE) * 65535 // (360 * SCALE)
        y = (la + 90 * SCALE) * 65535 // (180 * SCALE)
        return (hilbert(x, y), la, lo)

    order = sorted(range(len(g.pts)), key=hkey)
    new = {old: k for k, old in enumerate(order)}
    edges = sorted(
        (min(new[u], new[v]), max(new[u], new[v]), w, p) for u in range(len(g.pts)) for v, (w, p) in g.adj[u].items()
        if u < v
    )
    out = bytearray(b"TPNW")
    out.append(1)
    varint(out, len(order))
    varint(out, len(edges))
    varint(out, len(ports))
    pla, plo = 0, 0
    for old in order:
        la, lo = g.pts[old]
        varint(out, zz(la - pla))
        varint(out, zz(lo - plo))
        pla, plo = la, lo
    pu = 0
    for u, v, w, p in edges:
        varint(out, u - pu)
        varint(out, v - u)
        varint(out, w)
        out.append(p)
        pu = u
    for name, la, lo, node in ports:
        b = name.encode("utf-8")
        varint(out, len(b))
        out += b
        varint(out, zz(la))
        varint(out, zz(lo))
        varint(out, new[node])
    return bytes(out), len(order), len(edges)


def build(name, g, fixes=None, ports_path=None):
    p = PARAMS[name]
    src_nodes, src_edges = len(g.pts), sum(len(a) for a in g.adj) // 2
    fixed = apply_fixes(g, fixes) if fixes else 0
    bridged = bridge_gaps(g, p["bridge"])
    joined = join_components(g, p["join"])
    alive = [True] * len(g.pts)
    dropped = 0
    for members, km in components(g, alive):
        if km < p["min_component"]:
            for u in members:
                alive[u] = False
            dropped += 1
    s = simplify(g, alive, p["simplify"], p["max_edge"], set())
    ports = []
    if ports_path:
        grid = Grid(s)
        data = json.load(open(ports_path, encoding="utf-8"))
        for f in data["features"]:
            lon, lat = f["geometry"]["coordinates"]
            near = grid.within((lat, norm_lon(lon)), PORT_SNAP_KM)
            if not near:
                continue
            ports.append((f["properties"]["name"], int(round(lat * SCALE)), int(round(norm_lon(lon) * SCALE)),
                          near[0][1]))
        ports.sort(key=lambda x: (x[0], x[1], x[2]))
    raw, n, e = encode(s, ports)
    packed = zstandard.ZstdCompressor(level=ZLEVEL).compress(raw)
    print(f"{name}: source {src_nodes} nodes {src_edges} edges; {fixed} curated links, {bridged} gaps bridged, {joined} components joined, "
          f"{dropped} small components dropped; {n} nodes {e} edges {len(ports)} ports; "
          f"{len(raw)} bytes raw, {len(packed)} zstd", file=sys.stderr)
    return packed


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: build.py SRC_DIR OUT_DIR [rail|sea|road …]")
    src, out_dir = sys.argv[1], sys.argv[2]
    which = sys.argv[3:] or ["rail", "sea"]
    for name in which:
        if name == "rail":
            g = load_scgraph(os.path.join(src, "scgraph_data", "world_railways.py"))
            data = build("rail", g, fixes=os.path.join(HERE, "rail-fixes.tsv"))
        elif name == "road":
            g = load_scgraph(os.path.join(src, "scgraph_data", "world_highways.py"))
            data = build("road", g)
        elif name == "sea":
            g = load_marnet(os.path.join(src, "searoute", "data", "marnet_searoute.geojson"))
            data = build("sea", g, ports_path=os.path.join(src, "searoute", "data", "ports.geojson"))
        else:
            sys.exit(f"unknown network {name!r}")
        path = os.path.join(out_dir, f"{name}.net.zst")
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)


if __name__ == "__main__":
    main()
