"""Settings shared by every environment. Anything secret or per-deployment comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "recovery",
    "accounts",
    "workstreams",
    "forum",
    "projections",
    "indicators",
    "dfe",
    "agreements",
    "reports",
    "dsg",
    "spreadsheets",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.LockConflictMiddleware",
    "core.middleware.PrivacyHeadersMiddleware",
    # Axes must come last: it inspects the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite unless DATABASE_URL says otherwise (PostgreSQL through psycopg 3 in CI and production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache every app server shares: pages and figures keyed by the council's data version (recovery.
# data_version), so entries are never stale and never need deleting; the timeout only frees space. The
# database by default (table made by core's migration), Redis when REDIS_URL is set.
# The financial years (start years) the DfE asks High Needs Stability Grant evidence for: 2025 is the year
# ending 31 March 2026 (finance settlement, February 2026). When the DfE adds a year, add it here (or set
# STABILITY_GRANT_YEARS="2025,2026"): the evidence page offers each, newest first.
STABILITY_GRANT_YEARS = tuple(
    int(y) for y in os.environ.get("STABILITY_GRANT_YEARS", "2025").split(",") if y.strip()
)

CACHE_TIMEOUT = int(os.environ.get("CACHE_TIMEOUT", str(2 * 24 * 60 * 60)))


def code_version() -> str:
    """What the cached fragments were rendered by: RELEASE if the deployment sets it, else a hash of the
    templates and the apps' Python (about 400 files, read once at start-up). A deploy that changes a page
    then starts new keys instead of serving the old code's fragments until the data next changes."""
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"]
    import hashlib

    digest = hashlib.blake2b(digest_size=6)
    for folder in sorted(p for p in BASE_DIR.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if folder.name == "templates" or (folder / "apps.py").is_file():
            for path in sorted(folder.rglob("*")):
                if path.suffix in (".py", ".html") and path.is_file():
                    digest.update(path.read_bytes())
    return digest.hexdigest()


CACHE_KEY_PREFIX = f"{os.environ.get('CACHE_KEY_PREFIX', 'dsg')}:{code_version()}"


def redis_caches(url: str) -> dict:
    """The cache settings for Redis at `url`: a Redis that is down or slow is a miss (core.cache_backends.
    RedisCache), found out within a second. Give the Redis server a `maxmemory` and an eviction policy
    (README, "Redis"): entries are never deleted, only expired."""
    return {
        "default": {
            "BACKEND": "core.cache_backends.RedisCache",
            "LOCATION": url,
            "TIMEOUT": CACHE_TIMEOUT,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }


if os.environ.get("REDIS_URL"):
    CACHES = redis_caches(os.environ["REDIS_URL"])
else:
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.DatabaseCache",
            "LOCATION": "dsg_cache",
            "TIMEOUT": CACHE_TIMEOUT,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# Uploads are capped per page before anything is stored (core.uploads).
FILE_UPLOAD_HANDLERS = [
    "core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The address people reach the site at, for links in emails sent outside a request (send_reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Email: EMAIL_URL ("smtp://user:password@smtp.example.org:587", "smtps://…:465", "console://") or the
# EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER / EMAIL_HOST_PASSWORD / EMAIL_USE_TLS variables; dev prints mail.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "DSG Recovery Tracker <no-reply@localhost>")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 20
if os.environ.get("EMAIL_URL"):
    from urllib.parse import unquote, urlsplit

    _email = urlsplit(os.environ["EMAIL_URL"])
    if _email.scheme == "console":
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    else:
        EMAIL_HOST = _email.hostname or "localhost"
        EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587)
        EMAIL_HOST_USER = unquote(_email.username or "")
        EMAIL_HOST_PASSWORD = unquote(_email.password or "")
        EMAIL_USE_SSL = _email.scheme == "smtps"
        EMAIL_USE_TLS = _email.scheme == "smtp" and EMAIL_PORT == 587
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Five failed sign-ins lock that username from that address for an hour; an office behind one NAT address
# is not locked out by one user. The address is the client's, behind PROXY_COUNT trusted proxies whose own
# addresses are in PROXY_ADDRESSES (X-Forwarded-For from anywhere else is ignored).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
PROXY_ADDRESSES = os.environ.get(
    "PROXY_ADDRESSES", "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"
).split(",")
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
# Across usernames: past this many failures from one address in the cool-off hour, the address is slowed
# down to one attempt per SIGN_IN_ADDRESS_SLOWDOWN_SECONDS (not shut out: a council's office shares one).
SIGN_IN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_FAILURE_LIMIT", "30"))
SIGN_IN_ADDRESS_SLOWDOWN_SECONDS = int(os.environ.get("SIGN_IN_ADDRESS_SLOWDOWN_SECONDS", "10"))
# Across addresses: this many failures for one username in the cool-off hour lock that username.
SIGN_IN_USERNAME_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_USERNAME_FAILURE_LIMIT", "20"))
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.StaticStorage"},
}

# Strict CSP: everything is served by us, no inline script. Plotly needs inline styles on its SVG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

DJANGO_TABLES2_TEMPLATE = "tables/govuk.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

FORM_RENDERER = "core.forms.GovukFormRenderer"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# Background jobs (django-tasks): the database backend, so `make demo` needs no extra server
# (`manage.py db_worker` runs them); tests use the immediate backend.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each write's commit enqueues its councils' dashboard pictures, built by the worker (reports.stored_picture).
STORED_PICTURES_AFTER_WRITE = True
