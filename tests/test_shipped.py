"""The court this repository ships (its own site_config/ and content/): valid, and it builds.

Every other test works on the fixture court (tests/fixture_court/). These read the
repository's own court, whichever it is (the sample, or a fork's court), so they name
no court and no person: what they expect comes from its pipeline.yml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import html

from conftest import REPO
from pipeline import site
from pipeline.config import load_settings


def test_the_shipped_settings_validate():
    settings = load_settings(REPO)
    assert settings.court.name and any(p.role.value == "kasubag_ptip" for p in settings.people)


def test_the_shipped_site_builds_with_its_own_court_name(tmp_path: Path):
    settings = load_settings(REPO)
    root = tmp_path / "repo"
    for name in ("site_config", "content"):
        shutil.copytree(REPO / name, root / name)
    site.build(root)
    home = html.parse(str(root / "site" / "index.html")).getroot()
    assert settings.court.name in home.findtext(".//title")
    assert settings.court.name in home.text_content()
