"""Drive `toponym serve`'s page in headless Chromium the way an editor would.

Paste articles, wait for the map (the page's own time to map is reported and bounded), click a
mention and pick another candidate, move a stop, change the map's size, click the map to add a
stop there, export the PNG and corrections.json, and check that the CLI's replay of those
corrections gives the same PNG byte for byte. A screenshot of the page goes to
output/serve.png.

Usage: browser_test.py --bin target/release/toponym --url http://127.0.0.1:PORT/ TEXT...
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

passed = failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what} {detail}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--screenshot", default="output/serve.png")
    ap.add_argument("--max-map-ms", type=int, default=int(os.environ.get("BROWSER_MAX_MAP_MS", "1000")))
    ap.add_argument("texts", nargs="+")
    args = ap.parse_args()
    texts = [open(p, encoding="utf-8").read().strip() for p in args.texts]

    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1600,1150"]:
        opts.add_argument(a)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=opts)
    wait = WebDriverWait(driver, 60)
    try:
        run(driver, wait, args, texts)
    finally:
        driver.quit()
    print(f"browser test: {passed} passed, {failed} failed")
    return 1 if failed else 0


def renders(driver):
    return int(driver.execute_script("return Number(document.body.dataset.renders || 0)"))


def state_of(driver):
    return driver.execute_script("return document.body.dataset.state")


def status_of(driver):
    return driver.find_element(By.ID, "status").text


def wait_render(driver, wait, before):
    wait.until(lambda d: renders(d) > before and d.execute_script("return document.body.dataset.state") == "ready")


def run(driver, wait, args, texts):
    driver.get(args.url)
    check("the page loads", driver.title.startswith("toponym"))
    # paste: the value and the input event a real paste fires
    driver.execute_script(
        "const t = document.getElementById('paste'); t.value = arguments[0];"
        "t.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));",
        "\n---\n".join(texts),
    )
    wait_render(driver, wait, 0)
    ms = int(driver.execute_script("return Number(document.body.dataset.mapMs)"))
    print(f"time to map after the paste ({len(texts)} texts): {ms} ms (the page's own timing, from the paste event to the map in the page)")
    check(f"map within {args.max_map_ms} ms of the paste", ms <= args.max_map_ms, f"({ms} ms)")
    check("the map is an inline <svg>", len(driver.find_elements(By.CSS_SELECTOR, "#map svg")) == 1)
    spans = driver.find_elements(By.CSS_SELECTOR, "#text .m[data-start][data-end][data-place-id]")
    check("mentions are highlighted with offsets and place ids", len(spans) >= 5, f"({len(spans)})")
    stops = driver.find_elements(By.CSS_SELECTOR, "#stops li")
    check("the journey's stops are listed", len(stops) >= 2, f"({len(stops)})")

    # click a mention and pick another candidate: the first city whose look-up offers one
    picked = None
    for span in driver.find_elements(By.CSS_SELECTOR, "#text .m.k-city"):
        name = span.text
        before_id = span.get_attribute("data-place-id")
        span.click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#candidates li") or "no place" in d.find_element(By.ID, "candidates").text)
        options = driver.find_elements(By.CSS_SELECTOR, "#candidates li button.pick:not([disabled])")
        if options:
            row = options[0].find_element(By.XPATH, "..")
            picked = (name, row.get_attribute("data-place-id"), before_id)
            n = renders(driver)
            options[0].click()
            wait_render(driver, wait, n)
            break
        driver.find_element(By.TAG_NAME, "header").click()
    check("a mention offers other candidates", picked is not None)
    if picked:
        name, new_id, old_id = picked
        ids = driver.execute_script(
            "return [...document.querySelectorAll('#text .m')].filter(s => s.textContent === arguments[0])"
            ".map(s => s.dataset.placeId)",
            name,
        )
        check(f"every mention of {name!r} now means place {new_id} (was {old_id})", ids and all(i == new_id for i in ids), str(ids))

    # move the first stop down
    first = driver.find_element(By.CSS_SELECTOR, "#stops li .name").text.strip()
    n = renders(driver)
    driver.find_element(By.CSS_SELECTOR, "#stops li:first-child button.down").click()
    wait_render(driver, wait, n)
    now = [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, "#stops li .name")]
    check(f"stop {first!r} moved to second place", len(now) >= 2 and now[1] == first, str(now))

    # change the map's size: the page's map and every export follow
    n = renders(driver)
    driver.execute_script(
        "for (const [id, v] of [['map-width', '1000'], ['map-height', '750']]) {"
        "  const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('change', {bubbles: true})); }"
    )
    wait.until(lambda d: (renders(d) > n and state_of(d) == "ready") or state_of(d) == "error")
    box = driver.execute_script("return document.querySelector('#map svg').getAttribute('viewBox')")
    check("the size control resizes the map to 1000 x 750", box == "0 0 1000 750", f"(viewBox {box}; {status_of(driver)})")

    # click the map: the nearest town there becomes the journey's next stop
    before = [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, "#stops li .name")]
    svg = driver.find_element(By.CSS_SELECTOR, "#map svg")
    n = renders(driver)
    t0 = time.time()
    ActionChains(driver).move_to_element_with_offset(svg, 0, int(svg.size["height"] * 0.1)).click().perform()
    wait_render(driver, wait, n)
    click_ms = int((time.time() - t0) * 1000)
    after = [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, "#stops li .name")]
    check(f"a click on the map adds a stop ({after[-1] if after else '?'!r}, map again in {click_ms} ms)", len(after) == len(before) + 1, f"{before} -> {after}")

    # zoom the frame in: the extent goes into the corrections, so the replay frames the map alike
    extent = lambda d: [float(v) for v in d.execute_script("return document.querySelector('#map svg').dataset.extent || ''").split(",") if v]
    wide = extent(driver)
    n = renders(driver)
    driver.find_element(By.ID, "zoom-in").click()
    wait_render(driver, wait, n)
    narrow = extent(driver)
    span = lambda e: (e[2] - e[0]) % 360 if len(e) == 4 else 0
    check("zoom in narrows the frame", 0 < span(narrow) < span(wide), f"{wide} -> {narrow}")

    # export the PNG and the corrections
    driver.find_element(By.ID, "export-png").click()
    driver.find_element(By.ID, "export-corrections").click()
    wait.until(lambda d: len(d.execute_script("return window.toponymExports")) >= 2)
    exports = {e["name"]: base64.b64decode(e["base64"]) for e in driver.execute_script("return window.toponymExports")}
    png, corrections = exports.get("map.png", b""), exports.get("corrections.json", b"")
    check("the PNG export is a PNG", png.startswith(b"\x89PNG"))
    check("the PNG export has the size set on the page", png[16:24] == bytes([0, 0, 3, 232, 0, 0, 2, 238]), png[16:24].hex())
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, t in enumerate(texts):
            p = os.path.join(tmp, f"text{i + 1}")
            with open(p, "w", encoding="utf-8") as f:
                f.write(t)
            files.append(p)
        cpath = os.path.join(tmp, "corrections.json")
        with open(cpath, "wb") as f:
            f.write(corrections)
        out = os.path.join(tmp, "cli.png")
        run_cli = subprocess.run([args.bin, "map", *files, "--corrections", cpath, "-o", out, "--quiet"], capture_output=True)
        check("the CLI replays the exported corrections", run_cli.returncode == 0, run_cli.stderr.decode())
        cli_png = open(out, "rb").read() if os.path.exists(out) else b""
        check("the page's PNG export equals the CLI replay byte for byte", cli_png == png, f"({len(png)} vs {len(cli_png)} bytes)")
    fixed = json.loads(corrections or b"{}")
    check("corrections.json has the name fix and the journey", bool(fixed.get("names")) and bool(fixed.get("journey")), str(fixed))
    check("corrections.json has the map's size and frame", fixed.get("map", {}).get("width") == 1000 and fixed.get("map", {}).get("height") == 750 and len(fixed.get("map", {}).get("extent", [])) == 4, str(fixed.get("map")))
    alt = driver.find_element(By.ID, "alt").text
    check("the page shows the map's alt text", alt.startswith("Map") and "Journey:" in alt, alt[:120])

    os.makedirs(os.path.dirname(args.screenshot) or ".", exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.2)
    driver.save_screenshot(args.screenshot)
    print(f"screenshot: {args.screenshot}")


if __name__ == "__main__":
    sys.exit(main())
