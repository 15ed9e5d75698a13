#!/usr/bin/env python3
"""A loopback HTTP server for the redirect tests: /cross redirects to another origin (argv[2]),
/same to /final on itself, /final answers 200; every request is logged to stdout as
`METHOD PATH auth=yes|no`, so that a test can see what reached which server."""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        print(f"{self.command} {self.path} auth={'yes' if self.headers.get('Authorization') else 'no'}", flush=True)
        if self.path.startswith("/cross"):
            self.send_response(307)
            self.send_header("Location", sys.argv[2] + "/stolen")
        elif self.path.startswith("/same"):
            self.send_response(307)
            self.send_header("Location", "/final")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = handle_any

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
