"""A scheduled URL source never makes the server fetch from its own network."""

import io
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from imports.fetching import FetchRefused, fetch_https, is_public_address
from imports.models import ImportSource
from imports.scheduled import check_source

CONNECTIONS = (
    Path(__file__).resolve().parent.parent
    / "fixtures" / "linkedin" / "paarth-s__sourcer__tests_fixtures_Connections.csv"
)  # fmt: skip


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "::1",
     "fd00::1", "::ffff:127.0.0.1", "0.0.0.0", "224.0.0.1"],
)  # fmt: skip
def test_private_loopback_and_metadata_addresses_are_not_public(address):
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address",
    ["64:ff9b::a9fe:a9fe", "64:ff9b::a00:5", "64:ff9b:1::a00:5", "::ffff:0:a00:5",
     "::7f00:1", "2002:a00:5::1", "fec0::1"],
)  # fmt: skip
def test_ipv6_addresses_that_lead_to_a_private_ipv4_address_are_not_public(address):
    # NAT64, IPv4-translated, IPv4-compatible and 6to4 addresses carry an IPv4 address;
    # 64:ff9b::a00:5 is 10.0.0.5 to an IPv6-only server behind a NAT64 gateway.
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:84e5", "64:ff9b::5db8:d70e"])
def test_internet_addresses_are_public(address):
    assert is_public_address(address)


@pytest.mark.parametrize(
    "url", ["https://localhost/export.csv", "https://127.0.0.1:8443/x", "https://[::1]/x"]
)
def test_a_url_on_the_servers_own_network_is_refused(url):
    with pytest.raises(FetchRefused, match="private address"):
        fetch_https(url, io.BytesIO(), limit=1000)


def test_a_host_whose_nat64_address_leads_to_the_metadata_service_is_refused(monkeypatch):
    # What DNS64 answers for a name pointing at 169.254.169.254 (the network edge, faked).
    answer = (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::a9fe:a9fe", 443, 0, 0))
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: [answer])
    with pytest.raises(FetchRefused, match=r"private address \(64:ff9b::a9fe:a9fe\)"):
        fetch_https("https://metadata.example.org/x.csv", io.BytesIO(), limit=1000)


def test_only_https_is_fetched():
    with pytest.raises(FetchRefused, match="only those are fetched"):
        fetch_https("http://example.org/x.csv", io.BytesIO(), limit=1000)


def test_the_source_records_why_its_url_was_refused(alice):
    source = ImportSource.objects.create(
        owner=alice, url="https://localhost/connections.csv", declared_kind="connections"
    )
    result = check_source(source.pk)
    source.refresh_from_db()
    assert "private address" in result
    assert source.last_result == result
    assert not alice.import_jobs.exists()


def test_a_self_hosted_server_may_allow_its_own_network(settings):
    settings.IMPORT_URL_ALLOW_PRIVATE = True
    # Allowed through the address check, the fetch then fails at the connection, not the rule.
    with pytest.raises(FetchRefused) as refused:
        fetch_https("https://127.0.0.1:9/x.csv", io.BytesIO(), limit=1000, timeout=2)
    assert "private address" not in str(refused.value)


class _ExportServer(BaseHTTPRequestHandler):
    """A server of exports with each way of going wrong that a URL source meets."""

    def do_GET(self) -> None:
        if self.path == "/Connections.csv":
            body = CONNECTIONS.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/to-http":
            self.send_response(302)
            self.send_header("Location", "http://localhost/Connections.csv")
            self.end_headers()
        elif self.path == "/five-gigabytes":
            self.send_response(200)
            self.send_header("Content-Length", str(5 * 1024**3))
            self.end_headers()
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/silent":
            time.sleep(3)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def https_server(tmp_path, settings, monkeypatch):
    """A local HTTPS server with a certificate for localhost that the fetch trusts."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", key, "-out", cert, "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    settings.IMPORT_URL_ALLOW_PRIVATE = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ExportServer)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://localhost:{server.server_address[1]}"
    server.shutdown()


def test_a_url_source_imports_its_file_once(alice, https_server):
    source = ImportSource.objects.create(owner=alice, url=f"{https_server}/Connections.csv")
    assert check_source(source.pk) == "1 new file queued"
    assert check_source(source.pk) == "no new file"
    [job] = alice.import_jobs.all()
    assert job.original_name == "Connections.csv"


def test_a_missing_file_says_which_url_answered_what(https_server):
    with pytest.raises(FetchRefused) as refused:
        fetch_https(f"{https_server}/gone.csv", io.BytesIO(), limit=1000)
    assert str(refused.value) == f"{https_server}/gone.csv answered 404 Not Found"


def test_a_redirect_to_plain_http_is_refused_saying_where_it_led(https_server):
    with pytest.raises(FetchRefused) as refused:
        fetch_https(f"{https_server}/to-http", io.BytesIO(), limit=1000)
    assert str(refused.value) == (
        f"{https_server}/to-http redirects to http://localhost/Connections.csv, which is not "
        "https://; only https:// URLs are fetched"
    )


def test_a_file_said_to_be_too_large_is_refused_before_it_is_downloaded(https_server):
    with pytest.raises(FetchRefused) as refused:
        fetch_https(f"{https_server}/five-gigabytes", io.BytesIO(), limit=200 * 1024**2)
    assert str(refused.value) == (
        f"the file at {https_server}/five-gigabytes is 5,120 MB, larger than the 200 MB limit"
    )


def test_a_server_that_stops_answering_is_given_up_on_saying_after_how_long(https_server):
    with pytest.raises(FetchRefused) as refused:
        fetch_https(f"{https_server}/silent", io.BytesIO(), limit=1000, timeout=1)
    assert (
        str(refused.value) == f"localhost did not answer within 1 seconds ({https_server}/silent)"
    )


def test_a_server_that_trickles_its_file_is_stopped_at_the_total_timeout(https_server):
    started = time.monotonic()
    with pytest.raises(FetchRefused, match=r"took longer than 0.02 minutes \(\d+ bytes"):
        fetch_https(
            f"{https_server}/trickle", io.BytesIO(), limit=10_000, timeout=5, total_timeout=1.2
        )
    assert time.monotonic() - started < 3
