"""The yardstick: a bare Flask endpoint, served the same way as the app (gunicorn, 2 workers)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def bare():
    return "ok"
