import factory
from django.contrib.auth.models import Group

from moia.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        # allauth requires a verified address before it signs anyone in.
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class StaffFactory(UserFactory):
    is_staff = True


def totp_enable(user) -> str:
    """Give a user a TOTP authenticator, as allauth's setup page would; returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, steps_ago: int = 0) -> str:
    """The code an authenticator app shows now, or `steps_ago` 30-second steps earlier."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 - steps_ago))


def staff_sign_in(client, user, password: str = "correct-horse-battery") -> None:  # noqa: S107 (the factories' test password)
    """Sign a staff member in the way they do: password, then the TOTP code (the admin needs both)."""
    secret = totp_enable(user)
    response = client.post("/en/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302, "the password was refused"
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302, "the second factor was refused"
