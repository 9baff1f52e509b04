"""A fork: another court puts its own court in site_config/, and the suite still passes unchanged.

The promise is that a court forks the repository and edits only `site_config/` (and its
content). This test does that in a temporary copy of the repository, as Pengadilan Agama
Bukittinggi's operator would (its own name, city, address, people ids and GitHub logins),
and runs the test suite there. `PIPELINE_FORK_PROOF` stops the copy from doing it again.
Browser tests are left out of that second run (`-m "not browser"`): they ran in this one
and take the longest, and the fork changes nothing they depend on.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import REPO, git

GUARD = "PIPELINE_FORK_PROOF"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(os.environ.get(GUARD)), reason="already inside the fork proof"),
]

BUKITTINGGI = {
    "name": "Pengadilan Agama Bukittinggi",
    "short_name": "PA Bukittinggi",
    "city": "Bukittinggi",
    "address": "Jl. Sudirman No. 7, Bukittinggi",
    "postal_code": "26111",
    "phone": "(0752) 21234",
    "fax": "",
    "email": "info@pa-bukittinggi.go.id",
    "site_url": "https://pa-bukittinggi.go.id/",
    "timezone": "Asia/Jakarta",
    "parent_court": "Pengadilan Tinggi Agama Padang",
}
PEOPLE = [
    {"id": "yusuf", "name": "Yusuf Anwar, S.Kom.", "role": "operator", "github": "yusuf-pabkt"},
    {"id": "sari", "name": "Sari Wulandari, S.T.", "role": "kasubag_ptip", "github": "sari-pabkt"},
    {"id": "ilham", "name": "Ilham Rasyid, S.H.", "role": "sekretaris"},
    {"id": "zainal", "name": "Drs. Zainal Abidin, M.H.", "role": "ketua"},
]
SAMPLE_WORDS = ("Payakumbuh", "rina", "dewi", "fajar", "hendra")


def tracked_copy(dest: Path) -> Path:
    """The repository's files as a fresh clone would have them (tracked, plus new files not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree, not yet committed
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    return dest


def become_bukittinggi(root: Path) -> None:
    """Edit site_config/pipeline.yml as the new court's operator would: court, people, owners."""
    path = root / "site_config" / "pipeline.yml"
    yaml = YAML()
    tree = yaml.load(path.read_text(encoding="utf-8"))
    tree["court"].update(BUKITTINGGI)
    tree["people"] = PEOPLE
    for policy in tree["freshness"]["policies"]:
        policy["owner"] = "yusuf" if policy["owner"] in ("rina", "fajar") else "sari"
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(tree, out)
    mkdocs = root / "site_config" / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace("Pengadilan Agama Payakumbuh", BUKITTINGGI["name"]),
                      encoding="utf-8")


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> Path:
    root = tracked_copy(tmp_path_factory.mktemp("fork") / "pa-bukittinggi")
    become_bukittinggi(root)
    run = subprocess.run([sys.executable, "-m", "pipeline", "--root", str(root), "codeowners"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Pengadilan Agama Bukittinggi")
    return root


def test_the_fork_names_its_own_court_and_people(fork: Path):
    config = (fork / "site_config" / "pipeline.yml").read_text(encoding="utf-8")
    assert "Payakumbuh" not in config.split("people:")[0].split("court:")[1]
    assert not re.search(r"\b(rina|dewi|fajar|hendra)\b", config)
    assert "@sari-pabkt" in (fork / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


def test_the_suite_passes_unchanged_in_the_fork(fork: Path):
    env = {**os.environ, GUARD: "1", "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not browser"],
                         cwd=fork, env=env, capture_output=True, text=True, timeout=1500)
    tail = "\n".join(run.stdout.splitlines()[-40:])
    assert run.returncode == 0, f"the suite fails in a fork of another court:\n{tail}\n{run.stderr[-2000:]}"
    passed = re.search(r"(\d+) passed", run.stdout)
    assert passed and int(passed.group(1)) > 100, tail
