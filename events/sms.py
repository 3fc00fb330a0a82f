"""Text messages to residents who gave only a phone number, through a pluggable sender.

SMS_BACKEND names a class with `send(to, body)`: the console backend (default in development)
writes to the log without the number, the file backend appends to SMS_FILE_PATH for tests and
demos, and the Twilio backend posts to Twilio's REST API over HTTPS with TWILIO_ACCOUNT_SID,
TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER. Only the task calls this; views never wait for it.
"""

import json
import logging
from pathlib import Path

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class ConsoleSMSBackend:
    def send(self, to: str, body: str) -> None:
        # The number is personal data and stays out of the logs; the length says enough.
        logger.info("sms (console backend)", extra={"length": len(body)})
        print(f"SMS to ***{to[-2:]}:\n{body}\n")


class FileSMSBackend:
    def send(self, to: str, body: str) -> None:
        path = Path(getattr(settings, "SMS_FILE_PATH", "") or Path(settings.BASE_DIR) / "var" / "sms.jsonl")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"to": to, "body": body, "at": timezone.now().isoformat()}, ensure_ascii=False))
            handle.write("\n")


class TwilioSMSBackend:
    """Twilio Programmable Messaging (POST /2010-04-01/Accounts/{sid}/Messages.json)."""

    api = "https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json"

    def send(self, to: str, body: str) -> None:
        sid = settings.TWILIO_ACCOUNT_SID
        response = requests.post(
            self.api.format(sid=sid),
            data={"To": to, "From": settings.TWILIO_FROM_NUMBER, "Body": body},
            auth=(sid, settings.TWILIO_AUTH_TOKEN),
            timeout=10,
        )
        response.raise_for_status()


# Memory backend for tests: what was sent, in order.
outbox: list[dict] = []


class MemorySMSBackend:
    def send(self, to: str, body: str) -> None:
        outbox.append({"to": to, "body": body})


def sms_send(*, to: str, body: str) -> None:
    backend = getattr(settings, "SMS_BACKEND", "events.sms.ConsoleSMSBackend")
    import_string(backend)().send(to, body)
