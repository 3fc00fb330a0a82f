from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from moia.forms import INVALID_CHOICE, TOO_LONG, AccessibleFormMixin, HoneypotMixin, honeypot_field

from .models import Topic


class PreferencesForm(AccessibleFormMixin, forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        choices=settings.LANGUAGES,
        error_messages={"required": _("Choose a language."), "invalid_choice": INVALID_CHOICE},
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
        error_messages={"required": _("Choose at least one topic."), "invalid_choice": INVALID_CHOICE},
    )


class SignupForm(HoneypotMixin, PreferencesForm):
    """The one thing asked is the address; language and topics shape what is sent to it."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
            "max_length": TOO_LONG,
        },
    )
    # Honeypot: hidden from people (CSS), filled in by bots; a filled one is answered as a success.
    website = honeypot_field()

    field_order = ["email", "language", "topics", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
