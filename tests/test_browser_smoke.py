"""The browser fixture itself works: Debian's chromium renders a page served on 127.0.0.1."""

from pathlib import Path


def test_chromium_renders_a_local_page(browser, serve_dir, tmp_path: Path):
    (tmp_path / "index.html").write_text("<!doctype html><title>T</title><p id=x>halo</p>", encoding="utf-8")
    server = serve_dir(tmp_path)
    page = browser.new_page()
    page.goto(server.url)
    assert page.text_content("#x") == "halo"
    page.close()
