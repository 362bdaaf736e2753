"""Operators' log lines: one JSON object each, with the request's id, without addresses."""

import json
import logging

from participatie.logs import JsonLines


def test_each_request_has_an_id_sent_back_and_a_proxys_plain_id_is_kept(client):
    drawn = client.get("/healthz").headers["X-Request-ID"]
    assert len(drawn) == 32 and drawn != client.get("/healthz").headers["X-Request-ID"]
    given = client.get("/healthz", headers={"X-Request-ID": "proxy-1234abcd"})
    assert given.headers["X-Request-ID"] == "proxy-1234abcd"
    odd = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert odd.headers["X-Request-ID"] != "<script>"


def test_a_log_line_in_a_request_is_json_with_its_id_and_no_address(app):
    record = logging.LogRecord("participatie", logging.WARNING, __file__, 1,
                               "Invalid request from ip=10.1.2.3: %s", ("bad header",), None)
    with app.test_request_context("/", headers={"X-Request-ID": "abcdefgh-1"}):
        app.preprocess_request()
        line = json.loads(JsonLines().format(record))
    assert line["request_id"] == "abcdefgh-1" and line["level"] == "warning"
    assert "10.1.2.3" not in json.dumps(line) and line["message"].endswith("bad header")
    assert line["time"].endswith("Z")
