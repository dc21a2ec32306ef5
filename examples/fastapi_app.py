"""Receive Userfront webhooks in a FastAPI app.

Run it (the key is the webhook API key from Userfront's dashboard)::

    USERFRONT_WEBHOOK_KEY=... uvicorn examples.fastapi_app:app --port 8000
"""

from __future__ import annotations

import logging
import os
from typing import Annotated

from fastapi import Depends, FastAPI

import authhooks
from authhooks.fastapi import verified_event

receiver = authhooks.Userfront(api_key=os.environ["USERFRONT_WEBHOOK_KEY"])
userfront_event = verified_event(receiver)
log = logging.getLogger(__name__)
app = FastAPI()


@app.post("/hooks/userfront", status_code=204, response_model=None)
async def userfront(event: Annotated[authhooks.UserfrontEvent, Depends(userfront_event)]) -> None:
    """Runs only for requests proven to come from Userfront."""
    if event.kind == "user.created":
        log.info("new user %s", event.record.email)
