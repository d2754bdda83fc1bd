"""Berth Python starter: a WSGI app served by gunicorn. Edit, commit and `git push` to deploy."""
import html
import os
import platform


def revision():
    try:
        with open(os.path.join(os.path.dirname(__file__), "REVISION")) as f:
            return f.read().strip()
    except OSError:
        return "unknown"


def application(environ, start_response):
    body = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Hello from Python</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
  <h1>Hello from Python {html.escape(platform.python_version())}</h1>
  <p>Served by gunicorn on Berth.</p>
  <p>Commit: <code>{html.escape(revision())}</code></p>
</body>
</html>""".encode()
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


if __name__ == "__main__":
    from wsgiref.simple_server import make_server

    make_server("0.0.0.0", int(os.environ.get("PORT", "8080")), application).serve_forever()
