"""The court's settings: `site_config/pipeline.yml` loaded into typed, validated values.

Everything court-specific lives here, so another court forks the repository and
edits only `site_config/`. Like MkDocs' `load_config`, every problem is collected
and reported at once, each with the file, the line and the key.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .files import YamlSyntaxError, dotted, line_of, load_yaml
from .findings import ConfigError, Finding, error
from .root import CONFIG_DIR, CONFIG_FILE, MKDOCS_FILE, find_root  # noqa: F401  (re-exported)
from .i18n import _


PERSON_ID = r"^[a-z][a-z0-9_-]{0,31}$"
GITHUB_LOGIN = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"


class Role(str, Enum):
    OPERATOR = "operator"
    KASUBAG_PTIP = "kasubag_ptip"
    SEKRETARIS = "sekretaris"
    KETUA = "ketua"


class Step(str, Enum):
    """The editorial status of a draft, in the order of section G of the procedure."""

    COLLECTED = "collected"
    SELECTED = "selected"
    NARRATED = "narrated"
    CORRECTED = "corrected"
    APPROVED = "approved"
    PUBLISHED = "published"

    @property
    def index(self) -> int:
        return _STEP_INDEX[self]


_STEP_INDEX = {step: number for number, step in enumerate(Step)}  # a rule asks once per photo


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# A link the site prints as it is: no spaces, quotes, brackets or angle brackets (it goes
# into Markdown links and HTML attributes unescaped).
WEB_URL = r"^https?://[^\s<>\"'()\[\]{}]+$"


class OpeningHours(_Model):
    """One line of the opening-hours table: `Senin - Kamis`, `08.00 - 16.30 WIB`."""

    days: str = Field(min_length=2)
    hours: str = Field(min_length=2)


class Official(_Model):
    """A leader, judge or official as the profile pages show them (names come from here only)."""

    id: Annotated[str, Field(pattern=PERSON_ID)]
    position: str = Field(min_length=2, description="e.g. Ketua, Hakim, Panitera")
    name: str = Field(min_length=2)
    group: Literal["pimpinan", "hakim", "pejabat"] = "pejabat"
    nip: str = ""
    profile: str = Field(default="", description="two or three sentences: education, career")
    lhkpn: str = Field(default="", description="year of the latest LHKPN report, e.g. 'Tahun 2025'")


class Court(_Model):
    name: str = Field(min_length=3)
    short_name: str = Field(min_length=2)
    city: str = Field(min_length=2)
    address: str
    postal_code: str = ""
    phone: str
    fax: str = ""
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    site_url: str = Field(pattern=r"^https?://[^\s/<>\"'()]+(/[^\s<>\"'()]*)?$")
    timezone: str = "Asia/Jakarta"
    parent_court: str = ""
    region: str = Field(default="", description="the area the court serves, e.g. 'Kota Sukamaju'")
    jurisdiction: list[str] = Field(default=[], description="districts (kecamatan) of the court's jurisdiction")
    # The emblem (also the favicon) and the social-media image, paths inside the built site:
    # files in site_config/overrides/ (or content/) that a court replaces with its own.
    logo: str = Field(default="assets/court/logo.svg", pattern=r"^[A-Za-z0-9_./-]+$")
    social_image: str = Field(default="assets/court/social.png", pattern=r"^[A-Za-z0-9_./-]+\.(png|jpg|jpeg)$")
    hours: list[OpeningHours] = []
    # Services people come for (sipp, jadwal_sidang, ecourt, putusan, siwas, survei, ...): `{{ court.links.sipp }}`.
    links: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Annotated[str, Field(pattern=WEB_URL)]] = {}
    officials: list[Official] = []

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not a known IANA time zone such as 'Asia/Jakarta'") from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Codes(_Model):
    """Document numbers of the court's own procedure; every court numbers its own."""

    coverage_form: str = "FM/AS/31/04"
    sop: str = "SOP/AS/29"
    sop_title: str = "Standar Operasional Prosedur Pengelolaan Teknologi Informasi"


class Person(_Model):
    id: Annotated[str, Field(pattern=PERSON_ID)]
    name: str = Field(min_length=2)
    role: Role
    github: Annotated[str, Field(pattern=GITHUB_LOGIN)] | None = None
    decree: str = Field(default="", description="number of the decree (SK) that appointed them")
    initials: str = ""

    @property
    def signature(self) -> str:
        """Initials for the end of a narrative, e.g. `(rm)`; derived from the name unless set."""
        if self.initials:
            return self.initials
        # "Siti Aminah Lubis, S.Kom." -> "sal": academic titles follow the first comma
        words = self.name.split(",", 1)[0].split()
        return "".join(w[0] for w in words if w[0].isalpha()).lower() or self.id


class Official(_Model):
    """A judge or official whose name is public (the privacy rules never report it), by exact full name."""

    name: str = Field(min_length=3, description="full name as written in news, titles allowed: 'Drs. H. Amril, M.H.'")
    position: str = Field(default="", description="e.g. Hakim, Panitera, Jurusita, Mediator")


class StepRule(_Model):
    """One editorial step: the procedure's step number, its time standard, who may take it."""

    sop_step: str
    minutes: int = Field(gt=0, description="time standard (upper bound) in minutes")
    label: str = ""
    roles: list[Role] = Field(min_length=1)


class Approval(_Model):
    mode: Literal["github", "local"] = "github"


class Narrative(_Model):
    min_words: int = Field(default=120, ge=0)
    title_min: int = Field(default=10, ge=1)
    title_max: int = Field(default=120, ge=10)
    summary_min: int = Field(default=40, ge=1)
    summary_max: int = Field(default=300, ge=20)


class Photos(_Model):
    max_long_edge: int = Field(default=2560, ge=320, le=10000)
    jpeg_quality: int = Field(default=85, ge=30, le=100)
    webp_quality: int = Field(default=80, ge=30, le=100)
    # WebP effort, 0 fastest .. 6 smallest: 2 encodes about 2.5x faster than libwebp's default 4 for
    # files about 8% larger (measured on the sample photos); raise it if bytes matter more than time.
    webp_method: int = Field(default=2, ge=0, le=6)
    widths: list[Annotated[int, Field(ge=64, le=4000)]] = Field(default=[1600, 960, 480], min_length=1)
    thumbnail_width: int = Field(default=400, ge=64, le=2000)
    max_pixels: int = Field(default=80_000_000, ge=1_000_000, description="decompression-bomb limit")


class FreshnessPolicy(_Model):
    """How old pages matching `pattern` may get; `newest`: only the group's newest page (the news) counts."""

    pattern: str = Field(min_length=1, description="glob over paths inside content/, e.g. 'layanan/**'")
    max_age_days: int = Field(gt=0)
    owner: str = Field(pattern=PERSON_ID)
    kind: Literal["review", "newest"] = "review"

    @field_validator("pattern")
    @classmethod
    def _inside_content(cls, value: str) -> str:
        if value.startswith("/") or "\\" in value or ".." in value.split("/"):
            raise ValueError("must be a path pattern inside content/ with forward slashes, such as 'layanan/**'")
        return value


class Freshness(_Model):
    policies: list[FreshnessPolicy] = []
    required_pages: list[str] = Field(default=[], description="pages inside content/ a court website must have")

    @field_validator("required_pages")
    @classmethod
    def _markdown_inside_content(cls, value: list[str]) -> list[str]:
        for page in value:
            if not page.endswith(".md") or page.startswith("/") or "\\" in page or ".." in page.split("/"):
                raise ValueError(_("{page!r} must be a Markdown file inside content/, such as 'profil/visi-misi.md'").format(page=page))
        return value


class Monitor(_Model):
    """`pipeline monitor`: how patient to be with the live site, and when to warn."""

    urls: list[Annotated[str, Field(pattern=r"^https?://[^\s/]+(/\S*)?$")]] = Field(
        default=[], description="sites to watch; empty: court.site_url")
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    retries: int = Field(default=2, ge=0, le=10)
    slow_seconds: float = Field(default=3.0, gt=0, description="a slower response is a warning")
    tls_warn_days: int = Field(default=21, ge=1, description="warn when the certificate expires sooner")


class Backup(_Model):
    """`pipeline backup`: where archives go and how many stay (step F5)."""

    target: str = Field(default="backups", min_length=1,
                        description="backup folder, relative to the repository root or absolute (an external disk)")
    max_age_hours: int = Field(default=36, gt=0, description="`pipeline freshness` warns when the newest backup is older")
    keep_daily: int = Field(default=7, ge=0)
    keep_weekly: int = Field(default=4, ge=0)
    keep_monthly: int = Field(default=12, ge=0)


class Deploy(_Model):
    """`pipeline deploy`: a `dir` target (releases/ and a `current` link) or a `git` branch on a remote."""

    target: Literal["git", "dir"] = "dir"
    path: str = Field(default="deploy", min_length=1,
                      description="dir: where releases/ and current live; git: the local cache; both: the deploy log")
    remote: str = Field(default="", description="git: a URL, a path, or a remote name such as origin")
    branch: str = Field(default="gh-pages", pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
    keep_releases: int = Field(default=5, ge=2, description="at least 2, so there is a release to roll back to")

    @model_validator(mode="after")
    def _remote_for_git(self) -> "Deploy":
        if self.target == "git" and not self.remote.strip():
            raise ValueError("remote is required when target is git: set a git URL, a path, or a remote name such as origin")
        return self


class Cms(_Model):
    """The browser editor at /admin/ (Sveltia CMS): the GitHub repository it saves to, through pull requests."""

    repo: str = Field(default="", pattern=r"^$|^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$",
                      description="OWNER/NAME of the repository on GitHub; empty: no browser editor")
    branch: str = Field(default="main", pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


class Settings(_Model):
    """Everything `pipeline.yml` holds, validated."""

    court: Court
    # the language of the tool's messages to staff (the site's own language is in mkdocs.yml)
    language: Literal["id", "en"] = "id"
    codes: Codes = Codes()
    approval: Approval = Approval()
    people: list[Person] = Field(min_length=1)
    officials: list[Official] = Field(default=[], description="judges and officials named in news (public by name)")
    categories: list[Annotated[str, Field(min_length=2)]] = Field(min_length=1)
    steps: dict[Step, StepRule]
    narrative: Narrative = Narrative()
    photos: Photos = Photos()
    freshness: Freshness = Freshness()
    monitor: Monitor = Monitor()
    backup: Backup = Backup()
    deploy: Deploy = Deploy()
    cms: Cms = Cms()

    @model_validator(mode="after")
    def _consistent(self) -> "Settings":
        ids = [p.id for p in self.people]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(_("people: duplicate id {ids}; each person needs a unique id").format(ids=', '.join(map(repr, duplicates))))
        missing = [s.value for s in Step if s not in self.steps]
        if missing:
            raise ValueError(_("steps: missing {steps}; every editorial step needs a time standard and roles").format(steps=', '.join(missing)))
        if not any(p.role is Role.KASUBAG_PTIP for p in self.people):
            raise ValueError("people: nobody has the role 'kasubag_ptip'; someone must approve coverage")
        owners = sorted({p.owner for p in self.freshness.policies} - set(ids))
        if owners:
            raise ValueError(_("freshness: policy owner {owners} is not a person under people").format(owners=', '.join(map(repr, owners))))
        return self

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def person_by_github(self, login: str) -> Person | None:
        return next((p for p in self.people if p.github and p.github.lower() == login.lower()), None)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    return repr(value)


def _message(err: dict) -> str:
    kind = err["type"]
    if kind == "missing":
        return _("required but missing")
    if kind == "extra_forbidden":
        return _("unknown key; remove it or check its spelling")
    return _("{message}; received {received}").format(message=_own_message(err), received=_describe(err.get("input")))


def _own_message(err: dict) -> str:
    """pydantic's message, or a validator's own (already in the staff's language), lowercased."""
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return msg[0].lower() + msg[1:] if msg else msg


def validation_findings(exc: ValidationError, tree: Any, path: str, line_offset: int = 0, rule: str = "config") -> list[Finding]:
    """Turn pydantic's errors into findings that point at the YAML line of each key."""
    findings = []
    for err in exc.errors():
        loc = [part.value if isinstance(part, Enum) else part for part in err["loc"]]
        msg = _message(err)
        own = _own_message(err)
        if not loc and ": " in own and own.split(": ", 1)[0].isidentifier():
            # a whole-model rule names its own key, e.g. "people: duplicate id ..."
            key, msg = own.split(": ", 1)
            loc = [key]
        findings.append(error(path, line_of(tree, loc, line_offset) or 1 + line_offset, dotted(loc), rule, msg))
    return findings


def load_settings(root: Path) -> Settings:
    """Load and validate `site_config/pipeline.yml`; raise `ConfigError` with every problem."""
    return load_settings_file(Path(root) / CONFIG_DIR / CONFIG_FILE, f"{CONFIG_DIR}/{CONFIG_FILE}")


def load_settings_file(path: Path, shown: str) -> Settings:
    """`load_settings` from a given file, e.g. the base branch's pipeline.yml beside the tree being judged."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(error(shown, None, "", "config", _("file not found"),
                                _("copy site_config/pipeline.yml from the sample repository and edit it"))) from None
    except UnicodeDecodeError:
        raise ConfigError(error(shown, None, "", "config", _("not UTF-8 text"), _("save the file as UTF-8"))) from None
    return parse_settings(text, shown)


def parse_settings(text: str, shown: str) -> Settings:
    """Validate the text of a `pipeline.yml` (from the tree, or from a commit: the trust base)."""
    try:
        tree = load_yaml(text)
    except YamlSyntaxError as exc:
        raise ConfigError(error(shown, exc.line, "", "config", exc.message, _("fix the YAML syntax at that line"))) from None
    if not isinstance(tree, dict):
        raise ConfigError(error(shown, 1, "", "config", _("expected a mapping of settings; received {received}").format(received=_describe(tree))))
    try:
        return Settings.model_validate(tree)
    except ValidationError as exc:
        raise ConfigError(validation_findings(exc, tree, shown)) from None


def today_in(settings: Settings) -> date:
    """Today's date at the court, not on the machine that runs CI."""
    from datetime import datetime

    return datetime.now(settings.court.tz).date()
