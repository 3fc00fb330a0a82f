"""An email backend for a worker in another process: each accepted message becomes one file in
NEWSLETTER_TEST_SPOOL, so the test can count what each address received."""

import os
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        spool = Path(os.environ["NEWSLETTER_TEST_SPOOL"])
        for message in email_messages:
            (spool / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
