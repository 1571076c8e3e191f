"""Issue 13, defect 12: `Access-Control-Allow-Origin: *` on every answer let any web page read a
local endpoint that serves private `--data`; `--host 0.0.0.0` started without a word of warning.

Now CORS headers are sent only for the origins given with `--cors`; on a loopback address a
Host header that does not name this machine (DNS rebinding) gets 403; binding beyond localhost
prints a warning on standard error.
"""

from __future__ import annotations

from tests.endpoint import MINISTRIES, get, request, start_server, stop_server

ORIGIN = "https://pages.example.org"


def test_no_cors_headers_unless_asked_for() -> None:
    server = start_server()
    try:
        status, headers, _ = request(
            server.sparql + "?query=ASK%7B%7D", headers={"Origin": "https://evil.example"}
        )
        assert status == 200
        assert not [name for name in headers if name.lower().startswith("access-control-")]
        assert request(server.sparql, headers={"Origin": ORIGIN}, data=None)[0] == 400  # no query
        status, _, _ = request(server.base + "/sparql?query=ASK%7B%7D", headers={"Host": "evil.example"})
        assert status == 403, "a foreign Host header (DNS rebinding) is refused"
    finally:
        stop_server(server)


def test_cors_for_the_given_origin_only() -> None:
    server = start_server("--cors", ORIGIN)
    try:
        _, allowed, _ = request(server.sparql + "?query=ASK%7B%7D", headers={"Origin": ORIGIN})
        assert allowed["Access-Control-Allow-Origin"] == ORIGIN
        assert allowed["Vary"] == "Origin"
        _, other, _ = request(server.sparql + "?query=ASK%7B%7D", headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in other
    finally:
        stop_server(server)


def test_binding_beyond_localhost_warns() -> None:
    server = start_server(host="0.0.0.0")
    try:
        assert get(server, MINISTRIES)[0] == 200
    finally:
        _, _, err = stop_server(server)
    assert "warning: listening on 0.0.0.0, beyond this machine" in err
