"""A scheduled URL source never makes the server fetch from its own network."""

import io

import pytest

from imports.fetching import FetchRefused, fetch_https, is_public_address
from imports.models import ImportSource
from imports.scheduled import check_source


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "::1",
     "fd00::1", "::ffff:127.0.0.1", "0.0.0.0", "224.0.0.1"],
)  # fmt: skip
def test_private_loopback_and_metadata_addresses_are_not_public(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:84e5"])
def test_internet_addresses_are_public(address):
    assert is_public_address(address)


@pytest.mark.parametrize(
    "url", ["https://localhost/export.csv", "https://127.0.0.1:8443/x", "https://[::1]/x"]
)
def test_a_url_on_the_servers_own_network_is_refused(url):
    with pytest.raises(FetchRefused, match="private address"):
        fetch_https(url, io.BytesIO(), limit=1000)


def test_only_https_is_fetched():
    with pytest.raises(FetchRefused, match="only https"):
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
