"""Model fields every app declares the same way."""

from django.conf import settings
from django.db import models


def acting_user_field(verbose_name=None, **options) -> models.ForeignKey:
    """The account that did what a row records (reviewed it, sent it, checked someone in).

    Deleting the account keeps the record and empties the field (SET_NULL); a record of an action
    is optional (a task or an anonymous resident acts with no account); and User gets no reverse
    accessor for it (related_name="+"): nothing reads "every row this person touched" that way.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )
