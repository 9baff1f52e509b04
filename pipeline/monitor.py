"""Availability of the live site (step F1): status, response time, redirects, TLS expiry, news feed.

Each URL is fetched with a timeout and a few retries (a single dropped packet is
not an outage); the TLS certificate's expiry date is read from the certificate the
server presents, even one that no longer verifies; and the newest post in the live
RSS feed is compared with the repository's newest post, which catches a site that
is up but no longer deployed.
"""

from __future__ import annotations

import http.client
import io
import json
import socket
import ssl
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

from .findings import Finding, Severity, error, warning
from .i18n import _

FEED_NAME = "feed_rss.xml"
MAX_BODY = 5 * 1024 * 1024
MAX_REDIRECTS = 10
USER_AGENT = "court-site-pipeline-monitor/1"


@dataclass(frozen=True)
class Options:
    """How patient to be with the site, and what counts as a problem."""

    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry, doubled after each
    slow_seconds: float = 3.0
    tls_warn_days: int = 21
    news_max_age_days: int | None = None  # the newest-post policy, when there is one
    check_feed: bool = True
    ca_file: str | None = None  # trust this certificate too (a test's self-signed one)


@dataclass(frozen=True)
class Probe:
    """What one URL looked like from here."""

    url: str
    status: int | None = None
    final_url: str = ""
    redirects: tuple[str, ...] = ()  # "301 https://..." for each hop
    seconds: float | None = None
    attempts: int = 0
    error: str = ""
    tls_expires: date | None = None
    tls_days_left: int | None = None
    tls_error: str = ""
    feed_url: str = ""
    feed_newest: date | None = None
    feed_error: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["redirects"] = list(self.redirects)
        for key in ("tls_expires", "feed_newest"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


class _Failure(Exception):
    """A fetch that failed in a way worth retrying (timeout, refused connection, 5xx)."""


@dataclass
class _Response:
    status: int
    final_url: str
    redirects: list[str]
    body: bytes
    seconds: float


def _context(options: Options) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if options.ca_file:
        context.load_verify_locations(cafile=options.ca_file)
    return context


def _fetch_once(url: str, options: Options, want_body: bool) -> _Response:
    started = time.perf_counter()
    redirects: list[str] = []
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=options.timeout,
                                               context=_context(options))
        elif parts.scheme == "http":
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=options.timeout)
        else:
            raise ValueError(f"not an http(s) URL: {current}")
        try:
            conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
            response = conn.getresponse()
            status = response.status
            location = response.getheader("Location")
            body = response.read(MAX_BODY) if want_body and status < 300 else b""
        finally:
            conn.close()
        if status in (301, 302, 303, 307, 308) and location:
            current = urljoin(current, location)
            redirects.append(f"{status} {current}")
            continue
        return _Response(status, current, redirects, body, time.perf_counter() - started)
    raise _Failure(_("more than {count} redirects").format(count=MAX_REDIRECTS))


def _fetch(url: str, options: Options, want_body: bool = False) -> tuple[_Response | None, int, str]:
    """Fetch with retries; return (response or None, attempts, last error)."""
    last = ""
    response = None
    for attempt in range(1, options.retries + 2):
        try:
            response = _fetch_once(url, options, want_body)
        except ssl.SSLCertVerificationError as exc:  # retrying will not help
            return None, attempt, _("TLS certificate not accepted: {error}").format(error=exc.verify_message or exc)
        except (socket.timeout, TimeoutError):
            last = _("no response within {seconds:g} s").format(seconds=options.timeout)
        except (OSError, http.client.HTTPException, _Failure) as exc:
            last = str(exc) or exc.__class__.__name__
        else:
            if response.status < 500:
                return response, attempt, ""
            last = f"HTTP {response.status}"
        if attempt <= options.retries:
            time.sleep(options.backoff * 2 ** (attempt - 1))
    return response, options.retries + 1, last


# --------------------------------------------------------------------------- TLS


def _der_item(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the DER item at `pos`."""
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    return tag, pos, pos + length


def certificate_not_after(der: bytes) -> datetime:
    """The end of an X.509 certificate's validity, read from its DER bytes (RFC 5280, 4.1)."""
    _, start, _ = _der_item(der, 0)  # Certificate
    _, pos, _ = _der_item(der, start)  # TBSCertificate: its content
    tag, _, end = _der_item(der, pos)
    if tag == 0xA0:  # [0] version
        pos = end
    for _ in range(3):  # serialNumber, signature, issuer
        _, _, pos = _der_item(der, pos)
    _, validity, _ = _der_item(der, pos)
    _, _, after_not_before = _der_item(der, validity)
    tag, start, end = _der_item(der, after_not_before)
    text = der[start:end].decode("ascii")
    if tag == 0x17:  # UTCTime, YYMMDDHHMMSSZ; years 50-99 are 1900s
        moment = datetime.strptime(text, "%y%m%d%H%M%SZ")
    else:  # GeneralizedTime
        moment = datetime.strptime(text, "%Y%m%d%H%M%SZ")
    return moment.replace(tzinfo=timezone.utc)


def tls_expiry(host: str, port: int, options: Options) -> tuple[datetime | None, str]:
    """When the server's certificate expires, and why it does not verify (empty when it does)."""
    problem = ""
    der = None
    try:
        with socket.create_connection((host, port), timeout=options.timeout) as sock:
            with _context(options).wrap_socket(sock, server_hostname=host) as tls:
                der = tls.getpeercert(binary_form=True)
    except ssl.SSLCertVerificationError as exc:
        problem = exc.verify_message or str(exc)
    except (OSError, ssl.SSLError) as exc:
        return None, str(exc) or exc.__class__.__name__
    if der is None:  # read the certificate anyway, to say when it expires
        unverified = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        unverified.check_hostname = False
        unverified.verify_mode = ssl.CERT_NONE
        try:
            with socket.create_connection((host, port), timeout=options.timeout) as sock:
                with unverified.wrap_socket(sock, server_hostname=host) as tls:
                    der = tls.getpeercert(binary_form=True)
        except (OSError, ssl.SSLError) as exc:
            return None, problem or str(exc)
    try:
        return certificate_not_after(der), problem
    except (ValueError, IndexError):
        return None, problem or _("the certificate's validity dates could not be read")


# --------------------------------------------------------------------------- feed


def newest_in_feed(body: bytes) -> date | None:
    """The newest `pubDate` in an RSS 2.0 document; ValueError when it is not one."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ValueError(_("not XML: {error}").format(error=exc)) from None
    if root.tag != "rss":
        raise ValueError(_("not an RSS feed (root element <{tag}>)").format(tag=root.tag))
    days = []
    for node in root.iter("pubDate"):
        try:
            days.append(parsedate_to_datetime((node.text or "").strip()).date())
        except (TypeError, ValueError):
            continue
    return max(days) if days else None


# --------------------------------------------------------------------------- one URL, the report


def probe(url: str, options: Options) -> Probe:
    """Fetch `url` (with retries), read its TLS certificate and its news feed."""
    response, attempts, problem = _fetch(url, options)
    result = {"url": url, "attempts": attempts, "error": problem}
    if response is not None:
        result.update(status=response.status, final_url=response.final_url, redirects=tuple(response.redirects),
                      seconds=round(response.seconds, 3))
    secure = next((u for u in [url, *(r.split(" ", 1)[1] for r in result.get("redirects", ()))]
                   if urlsplit(u).scheme == "https"), None)
    if secure:
        parts = urlsplit(secure)
        expires, tls_problem = tls_expiry(parts.hostname or "", parts.port or 443, options)
        result["tls_error"] = tls_problem
        if expires is not None:
            result["tls_expires"] = expires.date()
            result["tls_days_left"] = (expires - datetime.now(timezone.utc)).days
    if options.check_feed and response is not None and response.status < 400:
        base = response.final_url
        feed_url = urljoin(base if base.endswith("/") else base + "/", FEED_NAME)
        result["feed_url"] = feed_url
        feed, _attempts, feed_problem = _fetch(feed_url, options, want_body=True)
        if feed is None or feed.status >= 400:
            result["feed_error"] = feed_problem or f"HTTP {feed.status}"
        else:
            try:
                result["feed_newest"] = newest_in_feed(feed.body)
            except ValueError as exc:
                result["feed_error"] = str(exc)
    return Probe(**result)


def probe_findings(p: Probe, options: Options, repo_newest: date | None, today: date) -> list[Finding]:
    """What is wrong with one probe, as findings at its URL."""
    out: list[Finding] = []
    if p.status is None:
        out.append(error(p.url, None, "status", "monitor",
                         _("site unreachable after {attempts} attempts: {error}").format(attempts=p.attempts, error=p.error),
                         _("check the server, its DNS and the network; tell the IT operator")))
    elif p.status >= 400:
        out.append(error(p.url, None, "status", "monitor",
                         _("HTTP {status} after {attempts} attempts").format(status=p.status, attempts=p.attempts)
                         if p.attempts > 1 else f"HTTP {p.status}",
                         _("check the web server and the last deployment")))
    elif p.seconds is not None and p.seconds > options.slow_seconds:
        out.append(warning(p.url, None, "response_time", "monitor",
                           _("slow response: {seconds:.1f} s (limit {limit:g} s)").format(
                               seconds=p.seconds, limit=options.slow_seconds),
                           _("check the server's load and its network")))
    if p.tls_error and p.tls_error not in p.error:
        out.append(error(p.url, None, "tls", "monitor", _("TLS certificate problem: {error}").format(error=p.tls_error),
                         _("renew or fix the certificate")))
    if p.tls_days_left is not None:
        if p.tls_days_left < 0:
            if not p.tls_error:
                out.append(error(p.url, None, "tls", "monitor",
                                 _("TLS certificate expired on {date}").format(date=p.tls_expires.isoformat()),
                                 _("renew the certificate")))
        elif p.tls_days_left < options.tls_warn_days:
            out.append(warning(p.url, None, "tls", "monitor",
                               _("TLS certificate expires in {days} days ({date})").format(
                                   days=p.tls_days_left, date=p.tls_expires.isoformat()),
                               _("renew the certificate before it expires")))
    if p.feed_error:
        out.append(error(p.url, None, "feed", "monitor", _("news feed {url}: {error}").format(url=p.feed_url, error=p.feed_error),
                         _("check that the last build and deployment went through")))
    elif p.feed_url:
        if repo_newest is not None and (p.feed_newest is None or p.feed_newest < repo_newest):
            shown = p.feed_newest.isoformat() if p.feed_newest else _("no posts")
            out.append(error(p.url, None, "feed", "monitor",
                             _("the live site is behind the repository: newest post online {online}, "
                               "in the repository {repository}").format(online=shown, repository=repo_newest.isoformat()),
                             _("deploy the site (`pipeline run`, then the deploy step)")))
        if options.news_max_age_days is not None and p.feed_newest is not None:
            age = (today - p.feed_newest).days
            if age > options.news_max_age_days:
                out.append(warning(p.url, None, "feed", "monitor",
                                   _("no news for {age} days (newest post {date}; policy: at most {days} days)").format(
                                       age=age, date=p.feed_newest.isoformat(), days=options.news_max_age_days),
                                   _("publish coverage of the court's recent activities")))
    return out


@dataclass(frozen=True)
class MonitorReport:
    """Every probed URL and what is wrong with each."""

    checked_at: datetime
    repo_newest: date | None
    probes: tuple[Probe, ...]
    findings: tuple[Finding, ...] = field(default=())

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def summary(self) -> str:
        down = sum(1 for p in self.probes if p.status is None or p.status >= 400)
        return _("{urls} addresses checked, {down} unreachable, {errors} errors, {warnings} warnings ({time}).").format(
            urls=len(self.probes), down=down, errors=len(self.errors), warnings=len(self.findings) - len(self.errors),
            time=self.checked_at.strftime("%d-%m-%Y %H:%M %Z").strip())

    def _rows(self) -> list[tuple[str, ...]]:
        rows = []
        for p in self.probes:
            status = str(p.status) if p.status is not None else _("unreachable")
            seconds = _("{seconds:.2f} s").format(seconds=p.seconds) if p.seconds is not None else "-"
            redirects = " → ".join(r.split(" ", 1)[0] for r in p.redirects) or "-"
            tls = "-" if p.tls_days_left is None else _("{days} days").format(days=p.tls_days_left)
            feed = p.feed_newest.isoformat() if p.feed_newest else (_("error") if p.feed_error else "-")
            problems = "; ".join(f.message for f in self.findings if f.path == p.url) or _("good")
            rows.append((p.url, status, seconds, redirects, tls, feed, problems))
        return rows

    @staticmethod
    def _headers() -> tuple[str, ...]:
        return (_("Address"), _("Status"), _("Time"), _("Redirects"), _("TLS certificate"), _("Newest post"), _("Problems"))

    def render_text(self, width: int = 100) -> str:
        from rich.console import Console
        from rich.table import Table

        console = Console(file=io.StringIO(), width=width, record=True, color_system=None, force_terminal=False)
        console.print(_("Site monitoring"), style="bold")
        console.print(self.summary())
        if self.repo_newest:
            console.print(_("Newest post in the repository: {date}").format(date=self.repo_newest.isoformat()))
        table = Table()
        for header in self._headers():
            table.add_column(header, overflow="fold")
        for row in self._rows():
            table.add_row(*row)
        console.print(table)
        return console.export_text().rstrip() + "\n"

    def render_markdown(self) -> str:
        out = ["## " + _("Site monitoring"), "", self.summary(), ""]
        if self.repo_newest:
            out += [_("Newest post in the repository: {date}").format(date=self.repo_newest.isoformat()), ""]
        headers = self._headers()
        out += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        for row in self._rows():
            out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        return "\n".join(out) + "\n"

    def render_json(self) -> str:
        data = {"checked_at": self.checked_at.isoformat(),
                "repo_newest": self.repo_newest.isoformat() if self.repo_newest else None,
                "probes": [p.as_dict() for p in self.probes],
                "findings": [f.as_dict() for f in self.findings]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def check(urls: list[str], options: Options, *, repo_newest: date | None = None, now: datetime | None = None
          ) -> MonitorReport:
    """Probe every URL; compare each live feed with `repo_newest` (the repository's newest post)."""
    now = now or datetime.now(timezone.utc)
    probes = [probe(url, options) for url in urls]
    findings = [f for p in probes for f in probe_findings(p, options, repo_newest, now.date())]
    return MonitorReport(now, repo_newest, tuple(probes), tuple(findings))
