"""The email provider's bounce and complaint webhook, without a language prefix (the provider's
configuration names one fixed URL). Postmark is the provider wired here; another anymail provider's
tracking view is mounted the same way."""

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from django.urls import path


class GuardedPostmarkTrackingWebhookView(PostmarkTrackingWebhookView):
    # anymail accepts anyone's post (with a warning) when no WEBHOOK_SECRET is set; here, nobody's.
    warn_if_no_basic_auth = False

    def validate_request(self, request):
        if not self.basic_auth:
            raise AnymailWebhookValidationFailure("ANYMAIL_WEBHOOK_SECRET is not set")


urlpatterns = [
    path(
        "anymail/postmark/tracking/",
        GuardedPostmarkTrackingWebhookView.as_view(),
        name="newsletter_postmark_tracking_webhook",
    ),
]
