#!/usr/bin/env python3
"""A webhook receiver for Meterwatch's alert tests, independent of our Swift code (stdlib only).

    webhook_receiver.py LOG_FILE SECRET [--fail-first N] [--port N]

Listens on 127.0.0.1 (a free port), prints "listening PORT", and appends one JSON line per POST
to LOG_FILE: the X-Meterwatch-Event and -Delivery headers, whether X-Meterwatch-Signature-256
is a valid HMAC-SHA256 of the body with SECRET (checked with Python's hmac), and the body.
With --fail-first N the first N requests get HTTP 503 (to exercise retries). --port listens on
that port (the soak stops and restarts the receiver on the same address).
"""
import hashlib
import hmac
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log_path, secret = sys.argv[1], sys.argv[2].encode()
fail_first = int(sys.argv[sys.argv.index("--fail-first") + 1]) if "--fail-first" in sys.argv else 0
port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 0
lock = threading.Lock()
count = 0


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            count += 1
            failing = count <= fail_first
            expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
            entry = {
                "path": self.path,
                "event": self.headers.get("X-Meterwatch-Event"),
                "delivery": self.headers.get("X-Meterwatch-Delivery"),
                "valid_signature": hmac.compare_digest(expected, self.headers.get("X-Meterwatch-Signature-256", "")),
                "answered": 503 if failing else 200,
                "body": json.loads(body),
            }
            with open(log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.send_response(503 if failing else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer.allow_reuse_address = True
server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
print(f"listening {server.server_address[1]}", flush=True)
server.serve_forever()
