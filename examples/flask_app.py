"""Receive Userfront webhooks in a Flask app.

Run it (the key is the webhook API key from Userfront's dashboard)::

    USERFRONT_WEBHOOK_KEY=... flask --app examples/flask_app.py run --port 8000

then point Userfront at ``http://<your host>:8000/hooks/userfront``.
"""

from __future__ import annotations

import logging
import os

from flask import Flask

import authhooks
from authhooks.flask import webhook

receiver = authhooks.Userfront(api_key=os.environ["USERFRONT_WEBHOOK_KEY"])
app = Flask(__name__)
log = logging.getLogger(__name__)


@app.post("/hooks/userfront")
@webhook(receiver)
def userfront(event: authhooks.UserfrontEvent) -> None:
    """Runs only for requests proven to come from Userfront; returning None answers 204."""
    if event.kind == "user.created":
        log.info("new user %s", event.record.email)


if __name__ == "__main__":
    app.run(port=8000)
