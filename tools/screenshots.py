"""Screenshots of the site for the README: the home page and the newest post, desktop and phone.

    .venv/bin/python tools/screenshots.py            # writes docs/screenshots/*.png

Builds the site from site_config/ and content/ into a temporary folder (site/ is left as it
is), serves it on 127.0.0.1 and photographs it with Debian's chromium through Playwright
(installed with `pip install -e '.[test]'`; needs /usr/bin/chromium, as the browser tests do).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline import site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}
MAX_HEIGHT = {"desktop": 2200, "phone": 3200}   # keeps the committed PNGs small


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main(out: Path = REPO / "docs" / "screenshots") -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "repo"
        for name in ("site_config", "content"):
            shutil.copytree(REPO / name, root / name)
        site_dir = site.build(root).site_dir
        newest = sorted((site_dir / "berita").glob("20??-??-??-*/index.html"))[-1].parent.relative_to(site_dir)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            for label, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name, path in (("beranda", ""), ("berita", f"{newest.as_posix()}/")):
                    page.goto(base + path, wait_until="load")
                    for _ in range(15):  # scroll like a visitor, so every lazy image loads
                        page.mouse.wheel(0, height)
                        page.wait_for_timeout(60)
                    page.wait_for_load_state("networkidle")
                    page.evaluate("window.scrollTo(0, 0)")
                    page.wait_for_timeout(300)
                    full = page.evaluate("document.documentElement.scrollHeight")
                    target = out / f"{name}-{label}.png"
                    page.screenshot(path=str(target), full_page=True,
                                    clip={"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT[label])})
                    print(target.relative_to(REPO))
                page.close()
            browser.close()
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
