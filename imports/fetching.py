"""Fetching a scheduled source's file over HTTPS without reaching the server's own network.

A user-supplied URL is fetched by the server, so without a guard a user could
make it read internal services (cloud metadata, the admin of a router).
Every address the host name resolves to must be public, the connection goes
to the address that was checked (no second DNS answer in between), and each
redirect is checked the same way. ``IMPORT_URL_ALLOW_PRIVATE`` lifts the
rule for a self-hosted server that fetches from its own network.

A server that stops answering for ``timeout`` seconds, or that trickles its
file for longer than ``total_timeout``, is given up on, so a slow server
cannot hold a worker for hours.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from typing import IO
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 3
TIMEOUT_SECONDS = 60
TOTAL_TIMEOUT_SECONDS = 15 * 60
_CHUNK = 1024 * 1024
_MB = 1024 * 1024


class FetchRefused(Exception):
    """The URL cannot be fetched; the message says why, for the source's last result."""


# IPv6 addresses that carry an IPv4 address which a translator or a tunnel delivers to:
# NAT64's well-known prefix (RFC 6052; an IPv6-only network reaches 10.0.0.5 as
# 64:ff9b::a00:5), IPv4-translated (RFC 2765) and IPv4-compatible (RFC 4291) addresses.
_CARRY_IPV4 = tuple(
    ipaddress.IPv6Network(prefix) for prefix in ("64:ff9b::/96", "::ffff:0:0:0/96", "::/96")
)
# Never public, though Python 3.11 counts them as global: local-use NAT64 (RFC 8215)
# and the deprecated site-local addresses (RFC 3879).
_NOT_PUBLIC = tuple(ipaddress.IPv6Network(prefix) for prefix in ("64:ff9b:1::/48", "fec0::/10"))


def _ipv4_inside(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address leads to (mapped, 6to4, NAT64...), if it holds one."""
    inside = ip.ipv4_mapped or ip.sixtofour
    if inside is None and any(ip in network for network in _CARRY_IPV4):
        inside = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return inside


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in network for network in _NOT_PUBLIC):
            return False
        ip = _ipv4_inside(ip) or ip
    return ip.is_global and not ip.is_multicast


def _checked_address(host: str, port: int) -> str:
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchRefused(f"the host {host} could not be found") from error
    addresses = [answer[4][0] for answer in answers]
    if not settings.IMPORT_URL_ALLOW_PRIVATE:
        private = [address for address in addresses if not is_public_address(address)]
        if private:
            raise FetchRefused(
                f"{host} resolves to a private address ({private[0]}); "
                "set IMPORT_URL_ALLOW_PRIVATE=true to fetch from your own network"
            )
    return addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to an address already checked, verifying the certificate of ``host``."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def fetch_https(
    url: str,
    out: IO[bytes],
    limit: int,
    timeout: float = TIMEOUT_SECONDS,
    total_timeout: float = TOTAL_TIMEOUT_SECONDS,
) -> int:
    """Copy the body at ``url`` into ``out``, at most ``limit`` + 1 bytes; returns bytes read."""
    deadline = time.monotonic() + total_timeout
    came_from = ""  # the URL that redirected here
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            if came_from:
                raise FetchRefused(
                    f"{came_from} redirects to {url}, which is not https://; "
                    "only https:// URLs are fetched"
                )
            raise FetchRefused(f"{url} is not an https:// URL, and only those are fetched")
        port = parts.port or 443
        connection = _PinnedHTTPSConnection(
            parts.hostname, port, _checked_address(parts.hostname, port), timeout
        )
        try:
            path = parts.path or "/"
            connection.request("GET", f"{path}?{parts.query}" if parts.query else path)
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in (301, 302, 303, 307, 308) and location:
                came_from, url = url, urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchRefused(f"{url} answered {response.status} {response.reason}")
            _refuse_a_declared_size_over(response, limit, url)
            return _copy_at_most(response, out, limit, deadline, total_timeout, url)
        except TimeoutError as error:
            raise FetchRefused(
                f"{parts.hostname} did not answer within {timeout:g} seconds ({url})"
            ) from error
        except (OSError, http.client.HTTPException) as error:
            raise FetchRefused(f"could not fetch {url}: {error}") from error
        finally:
            connection.close()
    raise FetchRefused(f"more than {MAX_REDIRECTS} redirects")


def too_large(url: str, size: int | None, limit: int) -> str:
    """The refusal of a file over the upload limit, with its size when the server said it."""
    stated = f" is {size / _MB:,.0f} MB," if size is not None else " is"
    return f"the file at {url}{stated} larger than the {limit / _MB:,.0f} MB limit"


def _refuse_a_declared_size_over(response: http.client.HTTPResponse, limit: int, url: str) -> None:
    # A server that states the size says at once that the file is too large, before any download.
    try:
        size = int(response.getheader("Content-Length") or -1)
    except ValueError:
        return
    if size > limit:
        raise FetchRefused(too_large(url, size, limit))


def _copy_at_most(
    response: http.client.HTTPResponse,
    out: IO[bytes],
    limit: int,
    deadline: float,
    total_timeout: float,
    url: str,
) -> int:
    copied = 0
    # read1, not read: read(n) waits for all n bytes, so a server sending a byte at a time
    # would never meet the deadline between two reads.
    while chunk := response.read1(_CHUNK):
        copied += len(chunk)
        if copied > limit:
            break
        out.write(chunk)
        if time.monotonic() > deadline:
            raise FetchRefused(
                f"the download of {url} took longer than {total_timeout / 60:g} minutes "
                f"({copied:,} bytes received); the server is too slow"
            )
    return copied
