"""The monitor against real HTTP and TLS servers on 127.0.0.1, with certificates made by openssl here."""

from __future__ import annotations

import http.server
import json
import shutil
import ssl
import subprocess
import threading
import time
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import monitor
from pipeline.cli import cli

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")

FAST = monitor.Options(timeout=2.0, retries=1, backoff=0.0, news_max_age_days=14)


def rss(*days: date) -> bytes:
    items = "".join(f"<item><title>Berita {d}</title><pubDate>{format_datetime(datetime(d.year, d.month, d.day, 9, tzinfo=timezone.utc))}"
                    f"</pubDate></item>" for d in days)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Berita</title>{items}</channel></rss>'.encode()


class Site(http.server.BaseHTTPRequestHandler):
    """A small court site and its failure modes, one path each."""

    routes: dict = {}

    def do_GET(self):  # noqa: N802 - the http.server API
        self.server.hits.append(self.path)
        route = self.server.routes.get(self.path)
        if route is None:
            self._send(404, b"tidak ada")
        elif callable(route):
            route(self)
        else:
            status, body, *headers = route
            self._send(status, body, *headers)

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _slow(handler: Site) -> None:
    time.sleep(1.0)
    try:
        handler._send(200, b"terlambat")
    except OSError:  # the client gave up
        pass


def _routes(today: date) -> dict:
    recent, old = today - timedelta(days=2), today - timedelta(days=60)
    return {
        "/": (200, b"<html>beranda</html>"),
        "/feed_rss.xml": (200, rss(old, recent)),
        "/lama": (301, b"", {"Location": "/baru/"}),
        "/baru/": (302, b"", {"Location": "/"}),
        "/rusak/": (500, b"galat"),
        "/lambat/": _slow,
        "/usang/": (200, b"<html>situs lama</html>"),
        "/usang/feed_rss.xml": (200, rss(old)),
        "/bukan-feed/": (200, b"<html></html>"),
        "/bukan-feed/feed_rss.xml": (200, b"<html><body>bukan rss</body></html>"),
    }


def _serve(context: ssl.SSLContext | None = None):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    server.hits = []
    server.routes = _routes(date.today())
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def http_site():
    server = _serve()
    yield f"http://127.0.0.1:{server.server_address[1]}", server
    server.shutdown()
    server.server_close()


def make_certificate(folder: Path, *, days: int | None = None, start: str = "", end: str = "") -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: valid `days` from now, or from `start` to `end` (openssl ca)."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    run = lambda *args: subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)  # noqa: E731
    run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", str(key))
    if days is not None:
        run("req", "-x509", "-key", str(key), "-out", str(cert), "-days", str(days), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1")
    else:  # only `openssl ca` can put a certificate's validity in the past
        (folder / "ca.cnf").write_text(
            "[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\n"
            "policy=p\ncopy_extensions=copy\nunique_subject=no\n[p]\ncommonName=supplied\n")
        (folder / "index.txt").write_text("")
        (folder / "serial").write_text("01\n")
        run("req", "-new", "-key", str(key), "-out", "req.csr", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1")
        run("ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile", str(key), "-in", "req.csr",
            "-out", str(cert), "-startdate", start, "-enddate", end, "-notext")
    return key, cert


def tls_site(key: Path, cert: Path):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return _serve(context)


# --------------------------------------------------------------------------- HTTP


def test_a_healthy_site(http_site):
    base, _ = http_site
    report = monitor.check([f"{base}/"], FAST, repo_newest=date.today() - timedelta(days=2))
    (p,) = report.probes
    assert (p.status, p.attempts, p.redirects, p.error) == (200, 1, (), "")
    assert 0 <= p.seconds < 1.5
    assert p.tls_days_left is None  # plain http: no certificate
    assert p.feed_newest == date.today() - timedelta(days=2)
    assert report.findings == ()


def test_redirects_are_followed_and_listed(http_site):
    base, _ = http_site
    (p,) = monitor.check([f"{base}/lama"], FAST).probes
    assert p.status == 200
    assert p.redirects == (f"301 {base}/baru/", f"302 {base}/")
    assert p.final_url == f"{base}/"
    assert p.feed_url == f"{base}/feed_rss.xml"  # the feed of the site the redirects end at


def test_a_server_error_is_retried_then_reported(http_site):
    base, server = http_site
    options = monitor.Options(timeout=2.0, retries=2, backoff=0.0, check_feed=False)
    report = monitor.check([f"{base}/rusak/"], options)
    (p,) = report.probes
    assert (p.status, p.attempts) == (500, 3)
    assert server.hits.count("/rusak/") == 3
    (finding,) = report.findings
    assert (finding.path, finding.field, finding.message) == (f"{base}/rusak/", "status", "HTTP 500 after 3 attempts")
    assert finding.is_error


def test_a_timeout_is_retried_then_the_site_is_unreachable(http_site):
    base, server = http_site
    options = monitor.Options(timeout=0.3, retries=1, backoff=0.0, check_feed=False)
    started = time.perf_counter()
    report = monitor.check([f"{base}/lambat/"], options)
    assert time.perf_counter() - started < 1.5
    (p,) = report.probes
    assert (p.status, p.attempts, p.error) == (None, 2, "no response within 0.3 s")
    assert server.hits.count("/lambat/") == 2
    assert report.findings[0].message == "site unreachable after 2 attempts: no response within 0.3 s"


def test_a_refused_connection(http_site):
    base, server = http_site
    port = server.server_address[1]
    server.shutdown()
    server.server_close()
    report = monitor.check([f"http://127.0.0.1:{port}/"], monitor.Options(timeout=1, retries=0))
    assert report.probes[0].status is None
    assert report.findings[0].message.startswith("site unreachable after 1 attempts:")


def test_slow_responses_are_warnings(http_site):
    base, _ = http_site
    options = monitor.Options(timeout=3.0, retries=0, slow_seconds=0.5, check_feed=False)
    report = monitor.check([f"{base}/lambat/"], options)
    (finding,) = report.findings
    assert finding.field == "response_time" and not finding.is_error
    assert finding.message.startswith("slow response: 1.")


# --------------------------------------------------------------------------- the news feed


def test_a_live_feed_behind_the_repository_and_an_expired_feed(http_site):
    base, _ = http_site
    today = date.today()
    report = monitor.check([f"{base}/usang/"], FAST, repo_newest=today - timedelta(days=2))
    (p,) = report.probes
    assert p.feed_newest == today - timedelta(days=60)
    messages = {(f.field, f.severity.value): f.message for f in report.findings}
    assert messages[("feed", "error")] == (
        f"the live site is behind the repository: newest post online {(today - timedelta(days=60)).isoformat()}, "
        f"in the repository {(today - timedelta(days=2)).isoformat()}")
    assert messages[("feed", "warning")].startswith("no news for 60 days")


def test_a_missing_or_broken_feed_is_an_error(http_site):
    base, _ = http_site
    report = monitor.check([f"{base}/bukan-feed/", f"{base}/rusak/"], monitor.Options(timeout=2, retries=0))
    by_url = {f.path: f.message for f in report.findings}
    assert by_url[f"{base}/bukan-feed/"] == (
        f"news feed {base}/bukan-feed/feed_rss.xml: not an RSS feed (root element <html>)")
    assert by_url[f"{base}/rusak/"] == "HTTP 500"  # a site that is down has no feed to read


def test_newest_in_feed():
    assert monitor.newest_in_feed(rss(date(2026, 1, 2), date(2026, 3, 4), date(2025, 12, 31))) == date(2026, 3, 4)
    assert monitor.newest_in_feed(rss()) is None
    with pytest.raises(ValueError, match="not XML"):
        monitor.newest_in_feed(b"<rss")


# --------------------------------------------------------------------------- TLS


def test_tls_expiry_of_a_trusted_certificate(tmp_path):
    key, cert = make_certificate(tmp_path, days=10)
    server = tls_site(key, cert)
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/"
        options = monitor.Options(timeout=2, retries=0, ca_file=str(cert), tls_warn_days=21)
        report = monitor.check([url], options, repo_newest=date.today() - timedelta(days=2))
    finally:
        server.shutdown()
        server.server_close()
    (p,) = report.probes
    assert p.status == 200 and p.tls_error == ""
    assert p.tls_days_left in (9, 10)
    expected_end = subprocess.run(["openssl", "x509", "-in", str(cert), "-noout", "-enddate"], check=True,
                                  capture_output=True, text=True).stdout.strip().split("=", 1)[1]
    assert p.tls_expires == datetime.strptime(expected_end, "%b %d %H:%M:%S %Y GMT").date()
    (finding,) = report.findings
    assert finding.field == "tls" and not finding.is_error
    assert finding.message == f"TLS certificate expires in {p.tls_days_left} days ({p.tls_expires.isoformat()})"


def test_an_untrusted_certificate_still_tells_its_expiry(tmp_path):
    key, cert = make_certificate(tmp_path, days=400)
    server = tls_site(key, cert)
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/"
        report = monitor.check([url], monitor.Options(timeout=2, retries=2))
    finally:
        server.shutdown()
        server.server_close()
    (p,) = report.probes
    assert p.status is None and p.attempts == 1  # a certificate problem is not retried
    assert "self-signed certificate" in p.error and "self-signed certificate" in p.tls_error
    assert p.tls_days_left in (399, 400)
    assert [f.field for f in report.findings] == ["status"]
    assert report.findings[0].message.startswith("site unreachable after 1 attempts: TLS certificate not accepted")


def test_an_expired_certificate(tmp_path):
    key, cert = make_certificate(tmp_path, start="20200101000000Z", end="20200301000000Z")
    server = tls_site(key, cert)
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/"
        report = monitor.check([url], monitor.Options(timeout=2, retries=0, ca_file=str(cert)))
    finally:
        server.shutdown()
        server.server_close()
    (p,) = report.probes
    assert p.tls_expires == date(2020, 3, 1)
    assert p.tls_days_left < -2000
    assert "certificate has expired" in p.tls_error
    assert report.errors


def test_certificate_not_after_rejects_what_is_not_a_certificate():
    with pytest.raises((ValueError, IndexError)):
        monitor.certificate_not_after(b"\x30\x03\x02\x01\x01")


# --------------------------------------------------------------------------- reports and CLI


def test_reports_in_three_formats(http_site):
    base, _ = http_site
    report = monitor.check([f"{base}/", f"{base}/rusak/"], monitor.Options(timeout=2, retries=0))
    text = report.render_text(width=160)
    assert "Site monitoring" in text and "2 addresses checked, 1 unreachable" in text
    assert "HTTP 500" in text
    markdown = report.render_markdown()
    assert "| Address | Status | Time | Redirects | TLS certificate | Newest post | Problems |" in markdown
    data = json.loads(report.render_json())
    assert [p["status"] for p in data["probes"]] == [200, 500]
    assert data["findings"][0]["message"] == "HTTP 500"


def test_cli_compares_the_live_feed_with_the_repository(scratch_repo, http_site):
    base, _ = http_site
    runner = CliRunner()
    # the sample repository's newest post (2026-11-20) is newer than the live feed's: not deployed
    behind = runner.invoke(cli, ["--root", str(scratch_repo), "monitor", f"{base}/usang/", "--retries", "0",
                                 "--format", "json"])
    assert behind.exit_code == 1, behind.output
    data = json.loads(behind.output)
    assert data["repo_newest"] == "2026-11-20"
    assert any("behind the repository" in f["message"] for f in data["findings"])
    bad = runner.invoke(cli, ["--root", str(scratch_repo), "monitor", "ftp://example.org/"])
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.output
