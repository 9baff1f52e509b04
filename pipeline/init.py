"""`pipeline init`: a fork becomes its own court by answering a few questions.

The court's identity, its people (roles, GitHub logins) and its language are
written into `site_config/pipeline.yml` by a round-trip edit, so every comment and
every other setting stays as it was; the result is validated before anything is
written. Freshness policies owned by people who are gone pass to the new person
with the same role. Then the files generated from the settings (CODEOWNERS, the
pull-request template, the checklist) are rewritten, and on request the sample
news posts (front matter `sample: true`) are removed: the one step here that
deletes anything, and only those posts.

Running it again with the same answers changes nothing, so a run that was
interrupted is completed by the next one.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pydantic import ValidationError

from .config import CONFIG_DIR, CONFIG_FILE, MKDOCS_FILE, PERSON_ID, Role, Settings, validation_findings
from .files import YamlSyntaxError, atomic_write, load_yaml, round_trip_yaml
from .findings import ConfigError, Finding, PipelineError, error
from .i18n import N_, _

RULE = "init"
CONFIG_PATH = f"{CONFIG_DIR}/{CONFIG_FILE}"
MKDOCS_PATH = f"{CONFIG_DIR}/{MKDOCS_FILE}"

from .court_fields import CODE_FIELDS, COURT_FIELDS, PERSON_FORMAT  # noqa: E402,F401  (re-exported)
ROLES = tuple(role.value for role in Role)


@dataclass
class Plan:
    """What `init` will do: each file's text before and after, and the sample posts to remove."""

    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (old, new)
    samples: list[Path] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)  # freshness owner moved: old id -> new id

    @property
    def changed(self) -> dict[str, tuple[str, str]]:
        return {path: pair for path, pair in self.texts.items() if pair[0] != pair[1]}

    def diff(self) -> str:
        """A unified diff of every file that changes, as `git diff` shows it."""
        out = []
        for path, (old, new) in self.changed.items():
            out += difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        f"a/{path}", f"b/{path}")
        return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def parse_person(spec: str) -> dict:
    """`ID:ROLE:GITHUB:NAME` (GITHUB may be empty; NAME may hold colons and commas) as a people entry."""
    parts = spec.split(":", 3)
    if len(parts) != 4 or not all(p.strip() for i, p in enumerate(parts) if i != 2):
        raise ConfigError(error("--person", None, "people", RULE,
                                _("{spec!r} is not {format}").format(spec=spec, format=PERSON_FORMAT),
                                _("for example --person 'yusuf:operator:yusuf-pasmj:Yusuf Anwar, S.Kom.', "
                                  "or 'ilham:sekretaris::Ilham Rasyid, S.H.' without a GitHub login")))
    person_id, role, github, name = (p.strip() for p in parts)
    problems = []
    if not re.match(PERSON_ID, person_id):
        problems.append(_("id {id!r} must be lowercase letters, digits, '-' or '_', starting with a letter")
                        .format(id=person_id))
    if role not in ROLES:
        problems.append(_("role {role!r} is not one of {roles}").format(role=role, roles=", ".join(ROLES)))
    if problems:
        raise ConfigError([error("--person", None, "people", RULE, p, _("fix the --person option")) for p in problems])
    entry = {"id": person_id, "name": name, "role": role}
    if github:
        entry["github"] = github.removeprefix("@")
    return entry


def _read(root: Path, rel: str) -> str:
    try:
        return (Path(root) / rel).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(error(rel, None, "", RULE, _("file not found"),
                                _("run `pipeline init` in a clone of the website repository"))) from None
    except UnicodeDecodeError:
        raise ConfigError(error(rel, None, "", RULE, _("not UTF-8 text"), _("save the file as UTF-8"))) from None


def _option_of(loc: str) -> str:
    """The `init` option behind a settings key, so a refusal names what the operator typed."""
    if loc.startswith("court."):
        return "--" + loc.split(".")[1].replace("_", "-")
    if loc.startswith("codes."):
        return "--" + loc.split(".")[1].replace("_", "-")
    if loc.startswith("people"):
        return "--person"
    return loc


def plan(root: Path, *, court: dict[str, str] | None = None, people: list[dict] | None = None,
         codes: dict[str, str] | None = None, language: str | None = None, remove_samples: bool = False) -> Plan:
    """Work out the new settings and what else changes; raise ConfigError (nothing written) if they are invalid."""
    root = Path(root)
    old = _read(root, CONFIG_PATH)
    try:
        tree = load_yaml(old)
    except YamlSyntaxError as exc:
        raise ConfigError(error(CONFIG_PATH, exc.line, "", RULE, exc.message,
                                _("fix the YAML syntax at that line, then run `pipeline init` again"))) from None
    if not isinstance(tree, dict) or not isinstance(tree.get("court"), dict):
        raise ConfigError(error(CONFIG_PATH, 1, "court", RULE, _("expected a mapping with a `court:` mapping"),
                                _("start from the pipeline.yml of the sample repository")))
    result = Plan()
    before = {key: tree["court"].get(key) for key in ("city", "site_url")}
    for key, value in (court or {}).items():
        if value is None:
            continue
        if value == "" and key not in tree["court"]:
            continue  # an optional field left empty stays absent
        tree["court"][key] = value
    for key, value in (codes or {}).items():
        if value:
            if not isinstance(tree.get("codes"), dict):
                tree["codes"] = {}
            tree["codes"][key] = value
    _carry_over_facts(tree["court"], before)
    if language is not None:
        tree["language"] = language
    if people is not None:
        result.owners = _move_owners(tree, people)
        _officials_follow_people(tree["court"], people)
        tree["people"] = people
    buffer = io.StringIO()
    round_trip_yaml().dump(tree, buffer)
    new = _keep_blank_lines(old, buffer.getvalue())
    _validate(new)
    result.texts[CONFIG_PATH] = (old, new)
    name = (court or {}).get("name")
    if name:
        mkdocs = _read(root, MKDOCS_PATH)
        # the `court` plugin fills site_name from pipeline.yml; the line is kept true for readers
        line = "site_name: " + _yaml_scalar(name)
        result.texts[MKDOCS_PATH] = (mkdocs, re.sub(r"(?m)^site_name:.*$", lambda m: line, mkdocs, count=1))
    if remove_samples:
        result.samples = sample_posts(root)
    return result


def _site_domain(url: object) -> str:
    """`pa-sukamaju.go.id` of `https://www.pa-sukamaju.go.id/`: the part the court's other services share."""
    host = urlsplit(str(url or "")).hostname or ""
    return host.removeprefix("www.")


def _carry_over_facts(court: dict, before: dict) -> None:
    """The facts `init` does not ask for, moved to the new court where they name the old one.

    Links on the old court's own domain (its SIPP, its survey) move to the new domain;
    the city in `region` becomes the new city; the old court's districts (`jurisdiction`)
    are emptied, for the operator to write. Everything else stays as it was.
    """
    old_domain, new_domain = _site_domain(before.get("site_url")), _site_domain(court.get("site_url"))
    links = court.get("links")
    if old_domain and new_domain and old_domain != new_domain and isinstance(links, dict):
        for key, value in list(links.items()):
            host = urlsplit(str(value)).hostname or ""
            if host == old_domain or host.endswith("." + old_domain):
                links[key] = str(value).replace(old_domain, new_domain, 1)
    old_city, new_city = before.get("city"), court.get("city")
    if old_city and new_city and old_city != new_city:
        if isinstance(court.get("region"), str):
            court["region"] = court["region"].replace(old_city, new_city)
        if court.get("jurisdiction"):
            court["jurisdiction"] = []


def _officials_follow_people(court: dict, people: list[dict]) -> None:
    """An official whose id is a role (ketua, sekretaris, kasubag_ptip) takes the name of the new person with it."""
    by_role = {p["role"]: p["name"] for p in people}
    for official in court.get("officials") or []:
        if isinstance(official, dict) and official.get("id") in by_role:
            official["name"] = by_role[official["id"]]


def _keep_blank_lines(old: str, new: str) -> str:
    """Put back the blank line above a top-level key that ruamel drops with a replaced list before it."""
    spaced = set()
    lines = old.splitlines()
    for before, line in zip(lines, lines[1:]):
        if not before.strip() and re.match(r"[A-Za-z_]\w*:", line):
            spaced.add(line.split(":", 1)[0])
    out: list[str] = []
    for line in new.splitlines(keepends=True):
        key = re.match(r"([A-Za-z_]\w*):", line)
        if key and key.group(1) in spaced and out and out[-1].strip() and not out[-1].lstrip().startswith("#"):
            out.append("\n")
        out.append(line)
    return "".join(out)


def _yaml_scalar(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=4096).removesuffix("\n...\n").strip()


def _validate(text: str) -> None:
    tree = load_yaml(text)
    try:
        Settings.model_validate(tree)
    except ValidationError as exc:
        findings = validation_findings(exc, tree, CONFIG_PATH, rule=RULE)
        raise ConfigError([Finding(_option_of(f.field), None, f.field, f.rule, f.severity, f.message,
                                   _("give another value; nothing was written")) for f in findings]) from None


def _move_owners(tree: dict, people: list[dict]) -> dict[str, str]:
    """Freshness policies owned by someone not among `people` pass to the first new person with their role."""
    old_roles = {str(p.get("id")): p.get("role") for p in tree.get("people") or [] if isinstance(p, dict)}
    new_ids = [p["id"] for p in people]
    by_role: dict[str, str] = {}
    for person in people:
        by_role.setdefault(person["role"], person["id"])
    fallback = by_role.get(Role.KASUBAG_PTIP.value) or (new_ids[0] if new_ids else None)
    moved = {}
    freshness = tree.get("freshness")
    for policy in (freshness.get("policies") or []) if isinstance(freshness, dict) else []:
        owner = str(policy.get("owner", "")) if isinstance(policy, dict) else ""
        if owner and owner not in new_ids and fallback:
            policy["owner"] = moved[owner] = by_role.get(old_roles.get(owner), fallback)
    return moved


def sample_posts(root: Path) -> list[Path]:
    """The news posts the repository ships as samples: post folders whose front matter says `sample: true`."""
    from .publish import news_layout

    try:
        posts = news_layout(root).posts_dir
    except PipelineError:
        return []
    found = []
    for index in sorted(posts.glob("*/index.md")) if posts.is_dir() else []:
        try:
            text = index.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        match = re.match(r"---\s*\n(.*?)\n---\s*\n", text, re.S)
        try:
            meta = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            continue
        if isinstance(meta, dict) and meta.get("sample") is True and not index.parent.is_symlink():
            found.append(index.parent)
    return found


def apply(root: Path, todo: Plan) -> list[str]:
    """Write the settings, regenerate what comes from them, remove the sample posts; return what changed."""
    from . import generated
    from .config import load_settings

    root = Path(root)
    done = []
    for rel, (_old, new) in todo.changed.items():
        atomic_write(root / rel, new)
        done.append(rel)
    done += generated.write_all(root, load_settings(root))
    for folder in todo.samples:
        shutil.rmtree(folder)
        done.append(folder.relative_to(root).as_posix() + "/")
    return done
