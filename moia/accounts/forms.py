"""allauth's forms with the portal's error pattern (moia/forms.py), named in ACCOUNT_FORMS/MFA_FORMS."""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa
from allauth.mfa.totp import forms as totp

from moia.forms import AccessibleFormMixin


class LoginForm(AccessibleFormMixin, account.LoginForm):
    pass


class SignupForm(AccessibleFormMixin, account.SignupForm):
    pass


class ResetPasswordForm(AccessibleFormMixin, account.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(AccessibleFormMixin, account.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(AccessibleFormMixin, account.ChangePasswordForm):
    pass


class SetPasswordForm(AccessibleFormMixin, account.SetPasswordForm):
    pass


class AddEmailForm(AccessibleFormMixin, account.AddEmailForm):
    pass


class ReauthenticateForm(AccessibleFormMixin, account.ReauthenticateForm):
    pass


class MfaAuthenticateForm(AccessibleFormMixin, mfa.AuthenticateForm):
    pass


class MfaReauthenticateForm(AccessibleFormMixin, mfa.ReauthenticateForm):
    pass


class ActivateTOTPForm(AccessibleFormMixin, totp.ActivateTOTPForm):
    pass
