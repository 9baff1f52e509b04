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


# Generated from pipeline.yml on purpose (checked for drift by `pipeline check` instead).
GENERATED = {".github/CODEOWNERS", ".github/pull_request_template.md", ".github/checklist.jq"}
# Where the court itself lives, and the tests' own court.
COURT_PLACES = ("site_config/", "content/", "drafts/", "tests/", "bench/")


def court_words(settings) -> dict[str, str]:
    """What names the shipped court: identity, people, logins, document numbers."""
    from urllib.parse import urlparse

    court = settings.court
    words = {court.name: "court.name", court.short_name: "court.short_name", court.city: "court.city",
             court.email: "court.email", urlparse(court.site_url).hostname.removeprefix("www."): "court.site_url",
             settings.codes.coverage_form: "codes.coverage_form", settings.codes.sop: "codes.sop"}
    roles = {role.value for role in type(settings.people[0].role)}
    for person in settings.people:
        words[person.name] = f"people.{person.id}.name"
        if person.github:
            words[person.github] = f"people.{person.id}.github"
        if person.id not in roles:
            words[person.id] = f"people.{person.id}.id"
    return words


def test_nothing_court_specific_outside_site_config_and_content():
    """README, PANDUAN, help texts, templates and workflows say "the court" or read pipeline.yml."""
    import re
    import subprocess

    settings = load_settings(REPO)
    words = court_words(settings)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?![\w-])")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            check=True, capture_output=True).stdout.decode().split("\0")
    found = []
    for rel in filter(None, listed):
        path = REPO / rel
        if rel in GENERATED or rel.startswith(COURT_PLACES) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for match in pattern.finditer(line):
                word = match.group(1)
                if rel == "pipeline/config.py" and words[word].startswith("codes."):
                    continue  # the procedure's default numbers, used when pipeline.yml sets none
                found.append(f"{rel}:{number}: {words[word]} ({word!r})")
    assert found == [], "\n".join(found)
