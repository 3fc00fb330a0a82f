"""The office's newsletter: double opt-in subscriptions in the subscriber's language, issues with a
version per language, batched sending through Celery that never sends twice, unsubscribe."""
