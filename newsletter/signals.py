"""Bounces and complaints reported by the email provider (anymail's normalised tracking events)."""

from .services import subscriber_delivery_problem_record


def tracking_received(sender, event, esp_name, **kwargs) -> None:
    if event.event_type in ("bounced", "complained") and event.recipient:
        subscriber_delivery_problem_record(email=event.recipient, event_type=event.event_type)
