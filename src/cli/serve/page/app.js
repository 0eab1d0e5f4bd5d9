// toponym serve: the page. It holds the texts and the editor's corrections, and asks the
// server (the same code as the command line) for mentions, the story GeoJSON and the map.
// The corrections object is exactly the corrections.json the CLI replays.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  texts: [],
  corrections: { version: 1, names: {} },
  mentions: [], // per text: {id, mentions: [...]}
  story: null, // the story GeoJSON
  stops: [], // the journey shown: {id?, name, lat, lon, mode?, status}
  seq: 0, // drops answers to superseded requests
};

function splitTexts(raw) {
  return raw.split(/^\s*-{3,}\s*$/m).map((t) => t.trim()).filter((t) => t.length > 0);
}

function body(extra) {
  return JSON.stringify(Object.assign({ texts: state.texts, corrections: state.corrections }, extra || {}));
}

async function post(path, extra) {
  const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: body(extra) });
  if (!r.ok) {
    let msg = r.status + " " + r.statusText;
    try { msg = (await r.json()).error || msg; } catch (_) { /* not JSON */ }
    throw new Error(msg);
  }
  return r;
}

function setStatus(text, isError) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", !!isError);
}

let timer = null;
/// Typing waits for a pause; a paste or a drop resolves at once. Time to map is counted from
/// the edit, pause included.
function edited(ev) {
  state.editedAt = performance.now();
  clearTimeout(timer);
  if (ev && (ev.inputType === "insertFromPaste" || ev.inputType === "insertFromDrop")) refresh();
  else timer = setTimeout(refresh, 250);
}

async function refresh() {
  state.texts = splitTexts($("paste").value);
  const seq = ++state.seq;
  if (state.texts.length === 0) {
    $("text").textContent = "";
    $("map").textContent = "";
    $("stops").textContent = "";
    document.body.dataset.state = "empty";
    setStatus("");
    return;
  }
  document.body.dataset.state = "busy";
  setStatus("resolving…");
  const t0 = state.editedAt || performance.now();
  state.editedAt = null;
  try {
    const [mentions, story, svg] = await Promise.all([
      post("/api/mentions").then((r) => r.json()),
      post("/api/story").then((r) => r.json()),
      post("/api/map", { options: { format: "svg" } }).then((r) => r.text()),
    ]);
    if (seq !== state.seq) return;
    state.mentions = mentions;
    state.story = story;
    renderText();
    renderMap(svg);
    renderStops();
    renderFixes();
    const ms = Math.round(performance.now() - t0);
    document.body.dataset.mapMs = String(ms);
    document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
    document.body.dataset.state = "ready";
    const places = story.features.filter((f) => f.geometry.type === "Point").length;
    setStatus(`${state.texts.length} text${state.texts.length > 1 ? "s" : ""}, ${places} places · map in ${ms} ms`);
  } catch (e) {
    if (seq !== state.seq) return;
    document.body.dataset.state = "error";
    setStatus(e.message, true);
  }
}

const KIND_CLASS = {
  city: "k-city", district: "k-city",
  admin1: "k-admin", admin2: "k-admin", region: "k-admin", continent: "k-country",
  country: "k-country",
  sea: "k-water", ocean: "k-water", river: "k-water", lake: "k-water", bay: "k-water", strait: "k-water", gulf: "k-water",
  canal: "k-water",
  launch_site: "k-site", airport: "k-site", port: "k-site", rail_station: "k-site", border_crossing: "k-site",
};

function renderText() {
  const box = $("text");
  box.textContent = "";
  state.mentions.forEach((doc, di) => {
    const chars = Array.from(state.texts[di] || "");
    const p = document.createElement("div");
    p.className = "doc";
    let at = 0;
    for (const m of doc.mentions) {
      if (m.start < at) continue;
      p.append(chars.slice(at, m.start).join(""));
      const span = document.createElement("span");
      span.className = "m " + (KIND_CLASS[m.kind] || "k-other");
      if (state.corrections.names[m.text]) span.classList.add("fixed");
      span.dataset.start = m.start;
      span.dataset.end = m.end;
      span.dataset.placeId = m.id;
      span.dataset.doc = di;
      span.style.setProperty("--conf", m.confidence);
      span.title = `${m.name} (${m.kind}${m.country_code ? ", " + m.country_code : ""}) · confidence ${m.confidence}`;
      span.textContent = chars.slice(m.start, m.end).join("");
      span.addEventListener("click", (ev) => openCandidates(ev, m));
      p.append(span);
      at = m.end;
    }
    p.append(chars.slice(at).join(""));
    if (di > 0) box.append(document.createElement("hr"));
    box.append(p);
  });
  // names marked "not a place" are no mention any more: list them so they can be undone
}

function renderMap(svg) {
  const map = $("map");
  map.innerHTML = svg;
  // the alt text is the SVG's own <desc>: the words `toponym map --alt-text` writes
  const desc = map.querySelector("svg > desc");
  const alt = desc ? desc.textContent : "";
  map.setAttribute("aria-label", alt);
  $("alt").textContent = alt;
  const el = map.querySelector("svg");
  if (el) el.addEventListener("click", clickMap);
}

/// A click on the map adds the nearest town as the journey's next stop (the server locates the
/// point on the very map shown, and looks up the towns nearest it).
async function clickMap(ev) {
  if (!$("click-add").checked) return;
  const svg = ev.currentTarget;
  const ctm = svg.getScreenCTM();
  if (!ctm) return;
  const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
  try {
    const r = await post("/api/nearest", { options: {}, at: [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10] });
    const near = await r.json();
    const c = near.places.find((x) => x.distance_km == null || x.distance_km <= 150);
    const stop = c
      ? { id: c.id, name: c.name, lat: c.lat, lon: c.lon, status: "travelled" }
      : { name: `${near.lat.toFixed(2)}, ${near.lon.toFixed(2)}`, lat: near.lat, lon: near.lon, status: "travelled" };
    setStatus(`added ${stop.name} where you clicked`);
    editJourney((st) => st.push(stop));
  } catch (e) {
    setStatus(e.message, true);
  }
}

// ---- the journey ----

function pointsByName() {
  const by = new Map();
  for (const f of state.story.features) {
    if (f.geometry.type !== "Point") continue;
    const p = f.properties;
    if (!by.has(p.name)) by.set(p.name, { id: p.id, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] });
  }
  return by;
}

/// The stops the story's route features give, in order, with each stop's mode and status.
function stopsOfStory() {
  const by = pointsByName();
  const stops = [];
  for (const f of state.story.features) {
    const p = f.properties;
    if (p.role !== "route" || !p.waypoints) continue;
    const names = p.waypoints.split(" > ");
    const legs = p.legs || [];
    names.forEach((name, i) => {
      if (i === 0 && stops.length > 0 && stops[stops.length - 1].name === name) return;
      const at = by.get(name) || {};
      const leg = i > 0 ? legs[i - 1] || {} : {};
      stops.push({ id: at.id, name, lat: at.lat, lon: at.lon, mode: leg.travel_mode, status: leg.status === "planned" ? "planned" : "travelled" });
    });
  }
  return stops;
}

function renderStops() {
  state.stops = state.corrections.journey ? state.corrections.journey.map((s) => Object.assign({}, s)) : stopsOfStory();
  const ol = $("stops");
  ol.textContent = "";
  state.stops.forEach((s, i) => {
    const li = document.createElement("li");
    li.draggable = true;
    li.dataset.index = i;
    if (s.status === "planned") li.classList.add("planned");
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = s.name + " ";
    li.append(name);
    if (i > 0) {
      const mode = document.createElement("select");
      mode.className = "mode";
      mode.setAttribute("aria-label", `How the traveller reached ${s.name}`);
      for (const m of ["", "rail", "sea", "road", "air"]) mode.add(new Option(m || "mode…", m, false, (s.mode || "") === m));
      mode.onchange = () => editJourney((st) => { st[i].mode = mode.value || undefined; });
      const status = document.createElement("select");
      status.className = "status";
      for (const v of ["travelled", "planned"]) status.add(new Option(v, v, false, s.status === v));
      status.onchange = () => editJourney((st) => { st[i].status = status.value; });
      li.append(mode, " ", status, " ");
    }
    const up = button("↑", `Move ${s.name} up`, () => editJourney((st) => { if (i > 0) st.splice(i - 1, 0, st.splice(i, 1)[0]); }));
    up.className = "up";
    const down = button("↓", `Move ${s.name} down`, () => editJourney((st) => { if (i + 1 < st.length) st.splice(i + 1, 0, st.splice(i, 1)[0]); }));
    down.className = "down";
    const remove = button("✕", `Remove ${s.name}`, () => editJourney((st) => { st.splice(i, 1); }));
    remove.className = "remove";
    li.append(up, down, remove);
    li.addEventListener("dragstart", (ev) => { ev.dataTransfer.setData("text/plain", String(i)); li.classList.add("dragging"); });
    li.addEventListener("dragend", () => li.classList.remove("dragging"));
    li.addEventListener("dragover", (ev) => ev.preventDefault());
    li.addEventListener("drop", (ev) => {
      ev.preventDefault();
      const from = Number(ev.dataTransfer.getData("text/plain"));
      editJourney((st) => { st.splice(i, 0, st.splice(from, 1)[0]); });
    });
    ol.append(li);
  });
}

function button(text, label, onclick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.title = label;
  b.setAttribute("aria-label", label);
  b.onclick = onclick;
  return b;
}

/// Change the journey: from now on the corrections carry it, stop by stop.
function editJourney(change) {
  const stops = state.stops.map((s) => Object.assign({}, s));
  change(stops);
  state.corrections.journey = stops.map(stopForFile);
  refresh();
}

/// A stop as corrections.json writes it: a gazetteer id, or a pinned point.
function stopForFile(s) {
  const out = s.id ? { id: s.id, name: s.name } : { name: s.name, lat: s.lat, lon: s.lon };
  if (s.mode) out.mode = s.mode;
  if (s.status === "planned") out.status = "planned";
  return out;
}

async function lookup(q, near) {
  const params = new URLSearchParams({ q, limit: "8" });
  if (near) params.set("near", `${near.lat},${near.lon}`);
  const r = await fetch("/api/lookup?" + params);
  if (!r.ok) throw new Error((await r.json()).error);
  return r.json();
}

// ---- a mention's candidates ----

function closePopover() {
  $("popover").hidden = true;
}

async function openCandidates(ev, m) {
  ev.stopPropagation();
  const pop = $("popover");
  const r = ev.target.getBoundingClientRect();
  pop.style.left = `${Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - 360)}px`;
  pop.style.top = `${window.scrollY + r.bottom + 4}px`;
  pop.hidden = false;
  pop.textContent = "";
  const h = document.createElement("h3");
  h.textContent = `“${m.text}” means…`;
  const list = document.createElement("ul");
  list.id = "candidates";
  const search = document.createElement("form");
  const q = document.createElement("input");
  q.placeholder = "search the gazetteer";
  q.value = m.text;
  search.append(q, button("Search", "Search the gazetteer", null));
  search.lastChild.type = "submit";
  search.onsubmit = (e) => { e.preventDefault(); fill(q.value); };
  const row = document.createElement("p");
  row.className = "row";
  const notPlace = button("Not a place", `${m.text} is not a place`, () => fix(m.text, { not_a_place: true }));
  notPlace.id = "not-a-place";
  row.append(notPlace);
  if (state.corrections.names[m.text]) row.append(button("Undo fix", "Undo the fix", () => fix(m.text, null)));
  row.append(button("Close", "Close", closePopover));
  pop.append(h, search, list, row);
  async function fill(name) {
    list.textContent = "…";
    try {
      const rows = await lookup(name, { lat: m.lat, lon: m.lon });
      list.textContent = "";
      if (rows.length === 0) list.textContent = "no place of that name";
      for (const c of rows) {
        const li = document.createElement("li");
        li.dataset.placeId = c.id;
        if (c.id === m.id) li.classList.add("chosen");
        const d = document.createElement("span");
        d.innerHTML = "";
        d.append(c.name);
        const meta = document.createElement("span");
        meta.className = "meta";
        const dist = c.distance_km != null ? ` · ${Math.round(c.distance_km)} km away` : "";
        meta.textContent = ` ${[c.admin1, c.country].filter(Boolean).join(", ")} · ${c.kind}${dist}`;
        d.append(meta);
        const pick = button(c.id === m.id ? "chosen" : "pick", `${m.text} means ${c.name}`, () => fix(m.text, { id: c.id }));
        pick.className = "pick";
        pick.disabled = c.id === m.id;
        li.append(d, pick);
        list.append(li);
      }
    } catch (e) {
      list.textContent = e.message;
    }
  }
  fill(m.text);
}

/// One sense per name: the fix applies to every mention of the name.
function fix(name, what) {
  if (what) state.corrections.names[name] = what;
  else delete state.corrections.names[name];
  closePopover();
  refresh();
}

function renderFixes() {
  const ul = $("fixes");
  ul.textContent = "";
  for (const [name, what] of Object.entries(state.corrections.names)) {
    const li = document.createElement("li");
    li.append(`${name} → ${what.not_a_place ? "not a place" : "place " + what.id} `, button("undo", `Undo the fix of ${name}`, () => fix(name, null)));
    ul.append(li);
  }
  if (state.corrections.journey) {
    const li = document.createElement("li");
    li.textContent = `journey: ${state.corrections.journey.length} stops set by hand`;
    ul.append(li);
  }
}

// ---- export ----

window.toponymExports = [];

function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/// Keep what was exported where a test (or a curious editor's console) can read it.
async function remember(name, blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  window.toponymExports.push({ name, base64: btoa(bin) });
}

async function exportMap(format, scale, name) {
  try {
    const r = await post("/api/map", { options: { format, scale } });
    const blob = await r.blob();
    await remember(name, blob);
    download(name, blob);
  } catch (e) {
    setStatus(e.message, true);
  }
}

function correctionsFile() {
  const c = JSON.parse(JSON.stringify(state.corrections));
  if (Object.keys(c.names).length === 0) delete c.names;
  return JSON.stringify(c, null, 2) + "\n";
}

// ---- the frame: size, theme, extent, kept in the corrections' "map" (so the CLI replays them) ----

function setFrame(key, value) {
  const m = Object.assign({}, state.corrections.map || {});
  if (value === undefined || value === "" || value === null) delete m[key];
  else m[key] = value;
  if (Object.keys(m).length) state.corrections.map = m;
  else delete state.corrections.map;
  refresh();
}

function initFrame() {
  for (const [id, key] of [["map-width", "width"], ["map-height", "height"]]) {
    $(id).addEventListener("change", () => {
      const v = $(id).value.trim();
      const n = Number(v);
      if (v && !(Number.isInteger(n) && n >= 64 && n <= 8000)) return setStatus(`${key}: a whole number of px, 64 to 8000`, true);
      setFrame(key, v ? n : undefined);
    });
  }
  $("map-theme").addEventListener("change", () => setFrame("theme", $("map-theme").value || undefined));
  $("map-extent").addEventListener("change", () => {
    const v = $("map-extent").value.trim();
    if (!v) return setFrame("extent", undefined);
    const e = v.split(",").map((x) => Number(x.trim()));
    if (e.length !== 4 || e.some((x) => !Number.isFinite(x))) return setStatus("extent: four numbers, W,S,E,N in degrees", true);
    setFrame("extent", e);
  });
  $("fit-story").onclick = () => { $("map-extent").value = ""; setFrame("extent", undefined); };
  $("zoom-in").onclick = () => zoom(1 / 1.6);
  $("zoom-out").onclick = () => zoom(1.6);
}

/// Zoom the frame the map shows (the SVG's data-extent) about its centre; the new extent goes
/// into the corrections, so the export and the CLI replay frame the map alike.
function zoom(factor) {
  const svg = document.querySelector("#map svg");
  const at = svg && svg.dataset.extent ? svg.dataset.extent.split(",").map(Number) : null;
  if (!at || at.length !== 4) return;
  let [w, s, e, n] = at;
  if (e < w) e += 360; // across the antimeridian
  const cx = (w + e) / 2, cy = (s + n) / 2;
  const hw = Math.min(179.9, ((e - w) / 2) * factor), hh = Math.min(89, ((n - s) / 2) * factor);
  const wrap = (x) => ((((x + 180) % 360) + 360) % 360) - 180;
  const r = (x) => Math.round(x * 1000) / 1000;
  const ext = [r(wrap(cx - hw)), r(Math.max(-89.9, cy - hh)), r(wrap(cx + hw)), r(Math.min(89.9, cy + hh))];
  $("map-extent").value = ext.join(",");
  setFrame("extent", ext);
}

function init() {
  $("paste").addEventListener("input", edited);
  $("paste").addEventListener("dragover", (ev) => ev.preventDefault());
  $("paste").addEventListener("drop", async (ev) => {
    ev.preventDefault();
    const texts = [];
    for (const f of ev.dataTransfer.files) texts.push(await f.text());
    const before = $("paste").value.trim();
    $("paste").value = (before ? [before] : []).concat(texts).join("\n---\n");
    edited({ inputType: "insertFromDrop" });
  });
  for (const [id, key] of [["title", "title"], ["subtitle", "subtitle"]]) {
    $(id).addEventListener("change", () => {
      const v = $(id).value.trim();
      if (v) state.corrections[key] = v;
      else delete state.corrections[key];
      refresh();
    });
  }
  $("add-stop").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const name = $("add-name").value.trim();
    if (!name) return;
    try {
      const last = state.stops[state.stops.length - 1];
      const rows = await lookup(name, last && last.lat != null ? last : null);
      if (rows.length === 0) return setStatus(`no place named “${name}”`, true);
      const c = rows[0];
      $("add-name").value = "";
      editJourney((st) => st.push({ id: c.id, name: c.name, lat: c.lat, lon: c.lon, status: "travelled" }));
    } catch (e) {
      setStatus(e.message, true);
    }
  });
  initFrame();
  $("no-journey").onclick = () => { state.corrections.journey = []; refresh(); };
  $("reset-journey").onclick = () => { delete state.corrections.journey; refresh(); };
  $("export-png").onclick = () => exportMap("png", 1, "map.png");
  $("export-png2").onclick = () => exportMap("png", 2, "map@2x.png");
  $("export-svg").onclick = () => exportMap("svg", 1, "map.svg");
  $("export-datawrapper").onclick = async () => {
    try {
      const blob = await (await post("/api/story", { options: { format: "datawrapper" } })).blob();
      await remember("datawrapper-markers.json", blob);
      download("datawrapper-markers.json", blob);
    } catch (e) {
      setStatus(e.message, true);
    }
  };
  $("export-alt").onclick = () => exportMap("alt", 1, "alt.txt");
  $("export-geojson").onclick = async () => {
    try {
      const blob = await (await post("/api/story")).blob();
      await remember("story.geojson", blob);
      download("story.geojson", blob);
    } catch (e) {
      setStatus(e.message, true);
    }
  };
  $("export-corrections").onclick = async () => {
    const blob = new Blob([correctionsFile()], { type: "application/json" });
    await remember("corrections.json", blob);
    download("corrections.json", blob);
  };
  document.addEventListener("click", (ev) => {
    if (!$("popover").hidden && !$("popover").contains(ev.target)) closePopover();
  });
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closePopover(); });
  // GET /?text=… opens the page with that text resolved: a link shares a draft
  const shared = new URLSearchParams(location.search).get("text");
  if (shared) {
    $("paste").value = shared;
    refresh();
  }
}

init();
