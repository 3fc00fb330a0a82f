"""Settings for the Immigrant Advancement portal.

One module, driven by environment variables (every one is documented in README.md and
.env.example). With DATABASE_URL unset the portal runs embedded: a SQLite file, Celery in
eager mode and a local-memory cache, so `make run` works on a bare machine. With
DATABASE_URL set it runs on PostgreSQL with a Redis broker and cache.
DJANGO_ENV=production switches on the deployment hardening that `check --deploy` asks for.
"""

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
import django.conf.locale
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
DJANGO_ENV = env("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
TESTING = env_bool("DJANGO_TESTING") or "pytest" in sys.modules

# The development key only ever signs local sessions; production refuses to start without one.
SECRET_KEY = env("DJANGO_SECRET_KEY") or (
    "" if PRODUCTION else "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
)
if PRODUCTION and not SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production")

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION and not TESTING)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Which office this deployment serves: a preset from moia/office/presets.py.
OFFICE_PROFILE = env("OFFICE_PROFILE", "boston")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "import_export",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "phonenumber_field",
    "anymail",
    # Project apps: one per domain.
    "moia.accounts",
    "moia.office",
    "moia.l10n",
    "moia",
    "directory",
    "programs",
    "grants",
    "surveys",
    "reports",
    "events",
    "tools",
    "library",
    "posters",
    "newsletter",
    # Demo content and seed_demo: product apps hold none.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "moia.middleware.RequestLogMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "moia.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "moia.middleware.StaffIdleTimeoutMiddleware",
    "moia.middleware.PrivatePagesNoStoreMiddleware",
    "moia.middleware.HistoryContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "moia.middleware.StaffMFARequiredMiddleware",
    "moia.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "moia.urls"
WSGI_APPLICATION = "moia.wsgi.application"
ASGI_APPLICATION = "moia.asgi.application"
SITE_ID = 1

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "moia.context_processors.site",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database: PostgreSQL when DATABASE_URL is set, otherwise a SQLite file
# ------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
EMBEDDED = not DATABASE_URL
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if not EMBEDDED:
    # A short connect timeout lets /healthz answer 503 instead of hanging when the database is gone.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(env("DATABASE_CONNECT_TIMEOUT", "5"))
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Only statements run through moia.db.prepared_cursor (the directory's search ranking) are
        # prepared: the ORM binds values on the client, and such statements are never prepared.
        # A prepared ranking keeps one generic plan rather than being planned for every search.
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 0)
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c plan_cache_mode=force_generic_plan")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Cache: Redis, shared by every process (login rate limits live here)
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", "" if EMBEDDED else "redis://127.0.0.1:6379/0")
if REDIS_URL:
    CACHES = {
        "default": {
            # An unreachable Redis must not take login or public pages down: the backend
            # falls back to a per-process memory cache and logs the outage (moia/cache.py).
            "BACKEND": "moia.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "moia"),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process's own memory, for pieces whose key carries the directory's version (the filter
# form): never stale, since any edit changes the key, and one Redis round trip fewer per search.
CACHES["process"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "directory-fragments",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
# Requests per client to the open HSDS API (moia/ratelimit.py counts clients; django-ratelimit's syntax).
HSDS_API_RATE = env("HSDS_API_RATE", "300/m")
# Anonymous public pages are cached per language for this many seconds (0 turns it off).
PUBLIC_PAGE_CACHE_SECONDS = int(env("PUBLIC_PAGE_CACHE_SECONDS", "300"))
# Pieces that many pages share (a service's result card, the filter options) are kept longer: their
# keys carry the directory's version, which every staff edit increases (0 turns it off).
DIRECTORY_FRAGMENT_CACHE_SECONDS = int(env("DIRECTORY_FRAGMENT_CACHE_SECONDS", "3600"))
# Each web process adds up its search counts for editors (directory.services.search_counts) and
# writes them at most this often; 0 writes every search at once (the embedded default).
SEARCH_COUNT_FLUSH_SECONDS = int(env("SEARCH_COUNT_FLUSH_SECONDS", "0" if EMBEDDED else "10"))

# ------------------------------------------------------------------------------
# Celery: Redis broker; eager when embedded so a newcomer needs no worker
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", REDIS_URL or "cache+memory://")
# Tests run tasks in-process unless they start a real worker (tests/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=EMBEDDED or TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "America/New_York"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = int(env("CELERY_TASK_SOFT_TIME_LIMIT", "300"))
CELERY_TASK_TIME_LIMIT = int(env("CELERY_TASK_TIME_LIMIT", "360"))
# Redelivery after a lost worker must wait longer than the longest task may run,
# or a slow task would be handed to a second worker while the first still runs it.
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, float] = {"visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "900"))}
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "moia"
CELERY_BEAT_SCHEDULE: dict = {}  # filled by moia/celery.py from each app's schedule

# ------------------------------------------------------------------------------
# Internationalisation: English plus Boston's 11 threshold languages
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

# Django ships no locale data for Haitian Creole, Cabo Verdean Creole or Somali.
EXTRA_LANG_INFO = {
    "ht": {"bidi": False, "code": "ht", "name": "Haitian Creole", "name_local": "Kreyòl ayisyen"},
    "kea": {"bidi": False, "code": "kea", "name": "Cape Verdean Creole", "name_local": "Kabuverdianu"},
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
}
django.conf.locale.LANG_INFO.update(EXTRA_LANG_INFO)

LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("ht", _("Haitian Creole")),
    ("vi", _("Vietnamese")),
    ("kea", _("Cape Verdean Creole")),
    ("pt-br", _("Brazilian Portuguese")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("so", _("Somali")),
]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]
LANGUAGES_BIDI = ["ar"]
# Django ships no admin translation for these: a half-English, half-Creole admin is harder to use
# than an English one, so the admin is shown in English for them, and says why (issue 18 item 7).
ADMIN_UNTRANSLATED_LANGUAGES = ("ht", "kea", "so")
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and number formats for the languages Django has none for (and English times without "a.m.").
FORMAT_MODULE_PATH = ["moia.formats"]
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(LANGUAGE_CODES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# ------------------------------------------------------------------------------
# Static and uploaded files
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (grant documents) live outside any public path and are served through
# permission-checking views only; production points this at object storage.
MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
MEDIA_URL = "/private-media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# ------------------------------------------------------------------------------
# Accounts: custom user, django-allauth with email login and TOTP MFA
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "moia.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "moia.accounts.models.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Rate limits count clients by address (moia/ratelimit.py). Behind a reverse proxy set
# TRUSTED_PROXY_HOPS to the number of proxies in front of the app that append to
# TRUSTED_PROXY_HEADER (X-Forwarded-For); 0, the default, ignores the header, which a client
# can forge when nothing in front of the app overwrites it.
TRUSTED_PROXY_HOPS = int(env("TRUSTED_PROXY_HOPS", "0"))
TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER", "X-Forwarded-For")
# Login and password-reset attempts are limited in the shared cache (allauth's own limits).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    # Each reset mails an address: a few an hour per address, and per client across addresses.
    "reset_password": "10/10m/ip,3/h/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# allauth's forms with the portal's accessible error pattern (moia/forms.py).
ACCOUNT_FORMS = {
    name: "moia.accounts.forms." + form
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "add_email": "AddEmailForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
MFA_FORMS = {
    "authenticate": "moia.accounts.forms.MfaAuthenticateForm",
    "reauthenticate": "moia.accounts.forms.MfaReauthenticateForm",
    "activate_totp": "moia.accounts.forms.ActivateTOTPForm",
}
# One 30-second step either side (RFC 6238 §5.2): a phone whose clock drifts a few seconds, or a
# code typed as it turns over, is still accepted; without it a staff member who types the code in
# its last second is refused and has to wait for the next one.
MFA_TOTP_TOLERANCE = 1
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Immigrant Advancement portal")

# ------------------------------------------------------------------------------
# Email: sent through a Celery task (moia.tasks.email_send_task)
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "no-reply@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A real provider through django-anymail: EMAIL_BACKEND=anymail.backends.postmark.EmailBackend (or
# amazon_ses, mailgun, ...) and its settings as ANYMAIL_<NAME> variables, e.g.
# ANYMAIL_POSTMARK_SERVER_TOKEN. ANYMAIL_WEBHOOK_SECRET ("user:password") protects the bounce and
# complaint webhook (newsletter/urls_root.py), which refuses every post while it is unset.
ANYMAIL = {name.removeprefix("ANYMAIL_"): value for name, value in os.environ.items() if name.startswith("ANYMAIL_")}

# ------------------------------------------------------------------------------
# Newsletter (newsletter/): double opt-in, batched sending through Celery
# ------------------------------------------------------------------------------
# Messages per minute one sending task hands to the email backend (the provider's limit, shared).
NEWSLETTER_SEND_RATE_PER_MINUTE = int(env("NEWSLETTER_SEND_RATE_PER_MINUTE", "120"))
NEWSLETTER_BATCH_SIZE = int(env("NEWSLETTER_BATCH_SIZE", "50"))
# Days an address that never clicked its confirmation link is kept before it is deleted.
NEWSLETTER_UNCONFIRMED_DAYS = int(env("NEWSLETTER_UNCONFIRMED_DAYS", "7"))
# Key of the keyed hash that finds a subscriber by address without decrypting every row. It must
# not change once there are subscribers (their addresses would no longer be found); defaults to
# DJANGO_SECRET_KEY.
NEWSLETTER_EMAIL_HASH_KEY = env("NEWSLETTER_EMAIL_HASH_KEY", "")

# Text messages to residents who gave only a phone number (events.sms): the console backend by
# default, events.sms.FileSMSBackend for demos, events.sms.TwilioSMSBackend in production.
SMS_BACKEND = env("SMS_BACKEND", "events.sms.ConsoleSMSBackend")
SMS_FILE_PATH = env("SMS_FILE_PATH", str(BASE_DIR / "var" / "sms.jsonl"))
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN")
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER")

# ------------------------------------------------------------------------------
# Annual report (reports/)
# ------------------------------------------------------------------------------
# A City department that has not answered a data request is reminded this many days before its
# due date (0 sends no early reminder), and again on the due date (reports.services).
DEPARTMENT_REMINDER_DAYS_BEFORE = int(env("DEPARTMENT_REMINDER_DAYS_BEFORE", "7"))

# ------------------------------------------------------------------------------
# Privacy
# ------------------------------------------------------------------------------
# Key(s) for encrypting personal fields at rest (django-fernet-encrypted-fields). The first
# key encrypts; all keys decrypt, which is how a key is rotated (README: "Rotating keys").
SALT_KEY = env_list("FIELD_ENCRYPTION_KEYS", "" if PRODUCTION else "dev-only-field-encryption-key")
if PRODUCTION and not SALT_KEY:
    raise RuntimeError("FIELD_ENCRYPTION_KEYS must be set when DJANGO_ENV=production")
# Published counts between 1 and this number are suppressed (shown as "fewer than N+1").
SMALL_CELL_THRESHOLD = int(env("SMALL_CELL_THRESHOLD", "10"))
# A hidden small count is protected when the published figures leave a reader at least this
# wide a range for it (moia/disclosure.py); 5 keeps six or more possible values out of 1..10.
SMALL_CELL_PROTECTION = int(env("SMALL_CELL_PROTECTION", "5"))
# Personal fields of intakes closed longer than this are blanked by purge_expired_pii.
PII_RETENTION_MONTHS = int(env("PII_RETENTION_MONTHS", "24"))

# ------------------------------------------------------------------------------
# Security headers (all on in production; `check --deploy` passes with no warning)
# ------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after this many idle minutes (moia.middleware.StaffIdleTimeoutMiddleware);
# residents' and applicants' sessions keep Django's two weeks.
STAFF_SESSION_IDLE_MINUTES = int(env("STAFF_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse these cookies unless set over HTTPS,
    # for the whole host and from this host only.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# No inline script or style anywhere: every script and stylesheet is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# ------------------------------------------------------------------------------
# Logging: structured JSON lines on stdout
# ------------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    # No log line carries a token, a query string, an email address or a message body.
    "filters": {"redact": {"()": "moia.log_redaction.RedactingFilter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["redact"]}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": LOG_LEVEL},
    },
}

# ------------------------------------------------------------------------------
# Django admin and django-import-export
# ------------------------------------------------------------------------------
from moia import csvio as _csvio  # noqa: E402 (format classes; the module touches no setting on import)

IMPORT_EXPORT_USE_TRANSACTIONS = True
# Every admin export goes through the project's CSV/XLSX writers, which escape text a spreadsheet
# would run as a formula (moia/csvio.py); the library's own escaping is kept on beneath them.
EXPORT_FORMATS = _csvio.EXPORT_FORMATS
# Imports accept the same two formats: XLSX through the zip-bomb check, no ODS or other archive.
IMPORT_FORMATS = _csvio.EXPORT_FORMATS
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"
# Who-and-where context for changes made by requests that can change data. Our GET views change
# nothing (they are @require_safe or read-only); tagging them would prefix every query of every
# page view with two set_config() calls.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Retried (bounded by max_retries) rather than rejected when a worker dies mid-task:
# reject_on_worker_lost can redeliver a poison message forever.
CELERY_TASK_RETRY_ON_WORKER_LOST = True
# Publishing to a stopped or hung broker fails fast; the task then waits in the outbox
# (moia.models.OutboxTask) and is sent again by beat, so no request ever 500s on it. One
# immediate retry reconnects a pooled socket that went stale while Redis restarted. Worst case
# for a hung Redis: two socket timeouts, once per outage (moia.services skips the broker after).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
BROKER_SOCKET_TIMEOUT = float(env("CELERY_BROKER_SOCKET_TIMEOUT", "1"))
CELERY_BROKER_TRANSPORT_OPTIONS.update(
    {"socket_connect_timeout": BROKER_SOCKET_TIMEOUT, "socket_timeout": BROKER_SOCKET_TIMEOUT}
)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_SOCKET_TIMEOUT
# The worker stores results; it must not hang for redis-py's default two minutes either.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
# After a failed publish the web tier sends straight to the outbox for this many seconds.
BROKER_RETRY_AFTER_SECONDS = int(env("CELERY_BROKER_RETRY_AFTER_SECONDS", "10"))

# Machine translation: off unless a backend is named (moia.l10n.machine). It fills drafts of
# untranslated directory services only, stored as machine drafts; a person reviews them.
MACHINE_TRANSLATION_BACKEND = env("MACHINE_TRANSLATION_BACKEND", "")
MACHINE_TRANSLATION_URL = env("MACHINE_TRANSLATION_URL", "")
MACHINE_TRANSLATION_API_KEY = env("MACHINE_TRANSLATION_API_KEY", "")

# modeltranslation's admin tabs load jQuery UI from a CDN by default; CSP and the city's
# network rules want it served from here (copied from npm by `make assets`). modeltranslation
# reads this setting under its bare name, without the MODELTRANSLATION_ prefix.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

if TESTING:
    # Hashing passwords slowly protects real accounts, not test fixtures.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    WHITENOISE_USE_FINDERS = True
