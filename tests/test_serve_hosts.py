"""sitegen serve against a web page in the editor's browser: DNS rebinding and redirects.

A page on evil.example can point its own name at 127.0.0.1 and read the preview (drafts
included) as same-origin: the server must answer only requests whose Host names it. And a
redirect must never leave the server ('//events/x/' is protocol-relative: another host).
Loopback only, like test_serve.py.
"""

from __future__ import annotations

import http.client
from collections.abc import Callable
from pathlib import Path

import pytest
import websocket

from sitegen.serve import PreviewServer

from .test_serve import WAIT, preview

DRAFT = (
    '---\ntitle: "Secret draft"\ndate: "2024-07-09"\ndraft: true\nsources: [wire]\n---\nNot yet.\n'
)


def request(
    server: PreviewServer, path: str, host: str | None, method: str = "GET"
) -> tuple[int, str, dict[str, str]]:
    """A raw request with exactly this Host header (None: no Host header at all)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", "replace")
        return resp.status, body, {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "localhost.evil.example:{port}",
        "127.0.0.1.nip.io:{port}",
        "localhost:1",  # another port
        "localhost:{port}@evil.example",
        "[::1].evil.example",
        "",
        "local host",
    ],
)
def test_a_host_that_does_not_name_the_server_gets_403(
    host: str, site: Callable[..., Path]
) -> None:
    root = site({"content/events/secret.md": DRAFT})
    with preview(root, drafts=True) as server:
        for path in ("/", "/events/secret/", "/search/r/0.json", "/livereload.js", "/nope"):
            status, body, _ = request(server, path, host.format(port=server.port))
            assert status in (400, 403), (host, path)  # tornado refuses malformed ones (400)
            assert status == 403 or "@" in host or " " in host, (host, path)
            assert "Secret draft" not in body and "Not yet" not in body


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:{port}", "127.0.0.1:{port}", "127.0.0.1", "LOCALHOST:{port}"]
)
def test_the_loopback_names_are_served(host: str, site: Callable[..., Path]) -> None:
    root = site({"content/events/secret.md": DRAFT})
    with preview(root, drafts=True) as server:
        status, body, _ = request(server, "/events/secret/", host.format(port=server.port))
        assert status == 200 and "Secret draft" in body


def test_ipv6_loopback_and_the_given_host_are_served(site: Callable[..., Path]) -> None:
    root = site()
    with preview(root, host="127.0.0.1") as server:
        assert request(server, "/", f"[::1]:{server.port}")[0] == 200
        assert request(server, "/", "[::1]")[0] == 200
    with preview(root, host="localhost") as server:
        assert request(server, "/", f"localhost:{server.port}")[0] == 200
        assert request(server, "/", f"evil.example:{server.port}")[0] == 403


def test_the_livereload_websocket_refuses_another_host(site: Callable[..., Path]) -> None:
    root = site()
    with preview(root) as server:
        url = f"ws://127.0.0.1:{server.port}/livereload"
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(
                url, timeout=WAIT, host="evil.example", origin="http://evil.example"
            )
        assert refused.value.status_code == 403
        with pytest.raises(websocket.WebSocketBadStatusException) as cross:
            # the right Host, from a page on another origin: tornado's origin check
            websocket.create_connection(url, timeout=WAIT, origin="http://evil.example")
        assert cross.value.status_code == 403
        ws = websocket.create_connection(url, timeout=WAIT)  # the page's own Host: fine
        ws.close()


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/events/first", "/events/first/"),
        ("//events/first", "/events/first/"),
        ("///events/first", "/events/first/"),
        ("//events/first?x=1", "/events/first/?x=1"),
        ("/people/ada-lovelace", "/people/ada-lovelace/"),
    ],
)
def test_redirects_are_path_absolute_with_one_slash(
    path: str, location: str, site: Callable[..., Path]
) -> None:
    root = site()
    with preview(root) as server:
        status, _, headers = request(server, path, f"127.0.0.1:{server.port}")
        assert status in (301, 302) and headers["location"] == location


@pytest.mark.parametrize(
    ("bound", "host", "allowed"),
    [
        ("0.0.0.0", "192.168.1.20:8000", True),  # an address cannot be rebound
        ("0.0.0.0", "[fe80::1]:8000", True),
        ("0.0.0.0", "evil.example:8000", False),
        ("0.0.0.0", ":8000", False),
        ("::", "localhost:8000", True),
        ("192.168.1.20", "192.168.1.20:8000", True),
        ("192.168.1.20", "192.168.1.21:8000", False),
        ("::1", "[::1]:8000", True),
        ("preview.local", "preview.local:8000", True),
        ("preview.local", "preview.local.evil.example:8000", False),
        ("127.0.0.1", "127.0.0.1:8001", False),
    ],
)
def test_which_hosts_name_the_server(
    bound: str, host: str, allowed: bool, site: Callable[..., Path]
) -> None:
    """Without listening (a test binds loopback only): the rule for other --host values."""
    server = PreviewServer(site(), host=bound, port=8000)
    assert server.host_allowed(host) is allowed


@pytest.mark.parametrize(
    ("bound", "url"),
    [
        ("0", "http://127.0.0.1:8000/"),  # every IPv4 address, as the resolver reads "0"
        ("0.0.0.0", "http://127.0.0.1:8000/"),
        ("0.0", "http://127.0.0.1:8000/"),
        ("::", "http://[::1]:8000/"),
        ("0:0:0:0:0:0:0:0", "http://[::1]:8000/"),
        ("::0", "http://[::1]:8000/"),
        ("127.0.0.1", "http://127.0.0.1:8000/"),
        ("::1", "http://[::1]:8000/"),
        ("localhost", "http://localhost:8000/"),
    ],
)
def test_the_address_shown_is_one_a_browser_opens(
    bound: str, url: str, site: Callable[..., Path]
) -> None:
    """--host for every interface, in any spelling: the preview is shown at the loopback
    address of the same family, which the browser on this machine opens (http://0:8000/
    or http://[::]:8000/ it cannot); the Host check takes it as every interface too."""
    server = PreviewServer(site(), host=bound, port=8000)
    assert server.url == url
    assert server.host_allowed(url.split("/")[2])
    every = bound.strip("0.:") == ""
    assert server.host_allowed("192.168.1.20:8000") is every
    assert not server.host_allowed("evil.example:8000")
