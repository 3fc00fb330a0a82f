"""The annual report ordinance 12-19.4 requires: figures read from the other apps' selectors into a
frozen snapshot, built by Celery as tagged multilingual PDFs with CSV/JSON data, published to
the Council's stable URLs. Reads every app; no app reads it."""
