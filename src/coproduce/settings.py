"""Settings: every value comes from the environment, with safe defaults for a laptop demo.

Production sets ``DEBUG=false``, ``SECRET_KEY``, ``SECRECY_KEY``, ``ALLOWED_HOSTS`` and
``DATABASE_URL``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from coproduce.envconfig import env_bool, env_int, env_list, env_str, url_origin

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("COPRODUCE_VAR_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "insecure-laptop-demo-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is false")
# Keys ballot secrecy (seals, sealed ballots, receipts) and register matching: kept outside
# the database and its backups on purpose, and apart from SECRET_KEY, which every app server
# holds for signing cookies. `check --deploy` says the same (coproduce.commissioning.checks).
SECRECY_KEY = env_str("SECRECY_KEY", SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRECY_KEY or SECRECY_KEY == SECRET_KEY):
    raise RuntimeError(
        "SECRECY_KEY must be set, and differ from SECRET_KEY, when DEBUG is false: it keeps "
        "ballots secret. Generate one (python3 -c 'import secrets; print(secrets.token_urlsafe"
        "(50))'), keep it out of the database and its backups, and never change it while a "
        "round is voting."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The site's own 404 and 500 pages even with DEBUG on (the demo), not Django's technical ones.
FRIENDLY_ERROR_PAGES = env_bool("FRIENDLY_ERROR_PAGES", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "coproduce.web",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "coproduce.audit",
    "coproduce.accounts",
    "coproduce.places",
    "coproduce.organisations",
    "coproduce.initiatives",
    "coproduce.governance",
    "coproduce.search",
    "coproduce.commissioning",
    "coproduce.assessment",
    "coproduce.design",
    "coproduce.delivery",
    "coproduce.evaluation",
    # A core app (comments), listed after the Co apps so that `coproduce demo` runs its
    # loader after theirs: its demo comments on what they made.
    "coproduce.discussion",
    "coproduce.api",
    "ninja",
]

MIDDLEWARE = [
    # First: load balancers' health checks, over plain HTTP and with any Host header.
    "coproduce.web.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so it sees every technical error page; inside CSP, so its page gets the header.
    "coproduce.web.middleware.FriendlyErrorPageMiddleware",
    "coproduce.web.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coproduce.web.middleware.BadInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coproduce.organisations.middleware.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "coproduce.urls"
WSGI_APPLICATION = "coproduce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coproduce.web.context_processors.site",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", "")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "coproduce.sqlite3"),
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Person"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: email is the login; verification is mandatory outside the demo.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "coproduce.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Coproduce"
# Laptop demo only: `make demo` sets this so staff demo accounts can sign in with a fixed
# code. Outside DEBUG allauth would fail every second-factor check with a 500, so refuse to
# start instead (coproduce.accounts.checks says the same to `check`).
MFA_TOTP_INSECURE_BYPASS_CODE = env_str("COPRODUCE_DEMO_TOTP_CODE", "") or None
if MFA_TOTP_INSECURE_BYPASS_CODE and not DEBUG:
    raise RuntimeError(
        "COPRODUCE_DEMO_TOTP_CODE is for the laptop demo only: unset it when DEBUG is false"
    )
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "/accounts/login/"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Coproduce <noreply@localhost>")
# Who runs this site and how to reach them: the privacy notice, accessibility statement,
# terms and contact pages name them (the deployment's council or body).
SITE_OPERATOR = env_str("SITE_OPERATOR", "")
SITE_CONTACT_EMAIL = env_str("SITE_CONTACT_EMAIL", "")
SITE_CONTACT_PHONE = env_str("SITE_CONTACT_PHONE", "")
SITE_CONTACT_ADDRESS = env_str("SITE_CONTACT_ADDRESS", "")

# Background work: a database-backed queue by default; RQ on Redis for scale-out.
# An opinion map is redrawn at most this often (seconds), however fast votes come in.
OPINION_MAP_REFRESH_SECONDS = env_int("OPINION_MAP_REFRESH_SECONDS", 10)
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise RuntimeError(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL}}
INSTALLED_APPS.append("django_rq")

# One cache shared by every worker and app server, so limits (sign-in throttling) count
# across them: Redis when REDIS_URL is set, else a database table (`migrate` creates it).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if env_str("REDIS_URL", "")
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "coproduce_cache"}
}
# Proxies in front of the app servers that append to X-Forwarded-For (a load balancer, a
# TLS terminator): the client's address is read that many entries from the right. 0 trusts
# the header not at all (REMOTE_ADDR is the client).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Sign-in throttling (allauth's conventions; "key" is the account *and* the address, see
# accounts.adapter, so nobody can lock another person out from elsewhere). Per address the
# limits are generous: a library or a school signs many people in from one.
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "60/15m/ip,5/15m/key",
}

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("es", _("Spanish")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it; collectstatic fills it
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))


def _media_storage() -> dict[str, object]:
    """Uploaded files: local files under MEDIA_ROOT, or S3-compatible shared storage."""
    kind = env_str("MEDIA_STORAGE", "local")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise RuntimeError("MEDIA_STORAGE must be local or s3")
    bucket = env_str("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        raise RuntimeError("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
        "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN", "") or None,
        "location": env_str("AWS_LOCATION", ""),
        # Keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the machine's role (boto3).
        "file_overwrite": False,  # two uploads of "photo.jpg" keep both, as on local disk
        "default_acl": None,  # the bucket's policy decides
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": _media_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Scripts and styles come only from our own static files: no inline scripts, no eval (HTMX
# runs with allowEval off). Style *attributes* are allowed: bars whose width is a
# server-rendered percentage work without JavaScript; they cannot load anything (img-src).
# Maps (web/static/web/map.js): without a tile URL, the default, maps draw the places'
# boundaries and the loaded streets themselves and fetch nothing from outside. With one
# (e.g. https://tiles.example.org/{z}/{x}/{y}.png) its host is allowed to serve images.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
# Address search: a dotted path to a class with search(text, limit) (places.geocoding).
GEOCODER = env_str("GEOCODER", "coproduce.places.geocoding.Gazetteer")
_TILE_ORIGIN = url_origin(MAP_TILE_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "coproduce.web.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# Open the API's write endpoints to token holders only.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
