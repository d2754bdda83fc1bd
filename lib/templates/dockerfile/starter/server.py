"""Served by the Dockerfile at the repository root."""
import http.server
import os
import platform


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"<h1>Hello from a Dockerfile (Python {platform.python_version()})</h1>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
