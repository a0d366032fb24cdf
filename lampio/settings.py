"""Django settings for Lämpiö. Everything configurable comes from `lampio.config.Env`."""

import dj_database_url
from django.utils.csp import CSP

from lampio.config import BASE_DIR, load_env
from lampio.core.storage import media_origins, storages_for

ENV = load_env()

DEBUG = ENV.debug
SECRET_KEY = (
    ENV.secret_key.get_secret_value()
    if ENV.secret_key
    else "insecure-development-key-only-used-with-debug-on-0123456789abcdef"
)
ALLOWED_HOSTS = ENV.allowed_hosts_list or (["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins_list
VAR_DIR = ENV.var_dir
VAR_DIR.mkdir(parents=True, exist_ok=True)
SITE_URL = ENV.site_url.rstrip("/")
ADMIN_PATH = ENV.admin_path

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so the admin shows the translated fields
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "lampio.core.tasks_app.BackgroundTasksConfig",  # django-tasks-db, with a readable name
    "lampio.core",
    "lampio.accounts",
    "lampio.municipalities",
    "lampio.programme",
    "lampio.media",
    "lampio.foyer",
    "lampio.feedback",
    "lampio.insights",
    "lampio.academy",
    "lampio.tickets",
    "lampio.week",
    "lampio.demo",
    "lampio.api",
    "lampio.imports",
    "ninja",  # its static files: the API's documentation page
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The open data API answers GET from any site (no cookies: CORS_ALLOW_CREDENTIALS off).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (which serves precompressed static files itself). Django's GZip
    # middleware pads responses against BREACH, so pages with CSRF tokens stay safe.
    "lampio.core.middleware.TextGZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lampio.api.middleware.ApiConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lampio.core.language.PreferredLanguageMiddleware",
    "lampio.accounts.middleware.ActingForMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lampio.urls"
ASGI_APPLICATION = "lampio.asgi.application"
WSGI_APPLICATION = None

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
                "django.template.context_processors.i18n",
                "lampio.core.context_processors.display_preferences_context",
                "lampio.core.context_processors.work_tools_context",
            ],
        },
    },
]

# Database: SQLite (WAL) in var/ by default, PostgreSQL when DATABASE_URL is set.
SQLITE_OPTIONS = {
    # Channels closes "old" connections around every database call from a consumer;
    # without a lifetime each call would reopen SQLite and rerun the PRAGMAs.
    "CONN_MAX_AGE": 600,
    "OPTIONS": {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    },
}
if ENV.database_url and not ENV.database_url.startswith("sqlite"):
    # A connection pool shared by the threads of a process. Under ASGI every request runs in
    # a thread of its own, so persistent per-thread connections (CONN_MAX_AGE) would pile up
    # until PostgreSQL refuses more clients; the pool bounds them.
    DATABASES = {"default": dj_database_url.parse(ENV.database_url, conn_max_age=0)}
    DATABASES["default"]["OPTIONS"] = {
        "pool": {"min_size": 2, "max_size": ENV.database_pool_size, "timeout": 10}
    }
elif ENV.database_url:
    # DATABASE_URL=sqlite:////path/lampio.sqlite3 moves the embedded database elsewhere.
    DATABASES = {"default": {**dj_database_url.parse(ENV.database_url), **SQLITE_OPTIONS}}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "lampio.sqlite3",
            **SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Login (django-allauth): the audience logs in with a code sent by email, no password. The
# email also carries a one-click link (lampio.accounts.links). Staff may add a password and
# two-factor authentication (allauth.mfa).
ACCOUNT_ADAPTER = "lampio.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "lampio.accounts.adapter.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_SIGNUP_FORM_CLASS = "lampio.accounts.forms.ProfileSignupForm"
ACCOUNT_FORMS = {
    "request_login_code": "lampio.accounts.code_forms.RequestLoginCodeForm",
    "confirm_login_code": "lampio.accounts.code_forms.ConfirmLoginCodeForm",
    "signup": "lampio.accounts.code_forms.SignupForm",
    "login": "lampio.accounts.code_forms.StaffPasswordLoginForm",
}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Lämpiö: "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "request_login_code": "20/m/ip,3/m/key",
    "confirm_email": "3/m/key",
    "signup": "20/m/ip",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
LOGIN_URL = "account_request_login_code"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGOUT_REDIRECT_URL = "programme:home"
LOGIN_LINK_SECONDS = 15 * 60
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Lämpiö"

# Real time and cache: Redis when REDIS_URL is set, in-process otherwise.
if ENV.redis_url:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [ENV.redis_url]},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ENV.redis_url,
            "KEY_PREFIX": "lampio",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "lampio.core.channel_layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Finnish is the default and the fallback of every translated content field.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Helsinki"
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi",)
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/hls", BASE_DIR / "node_modules" / "hls.js" / "dist"),
    ("vendor/tus", BASE_DIR / "node_modules" / "tus-js-client" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = storages_for(ENV, var_dir=VAR_DIR, debug=DEBUG)
_MEDIA_ORIGINS = media_origins(ENV)
# Filesystem media is served by the platform itself unless a web server or CDN does it.
SERVE_MEDIA = ENV.serve_media if ENV.serve_media is not None else True
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0

# Email: SMTP in production, files in var/outbox otherwise.
DEFAULT_FROM_EMAIL = ENV.default_from_email
SERVER_EMAIL = ENV.default_from_email
SUPPORT_EMAIL = ENV.support_email
SUPPORT_PHONE = ENV.support_phone
PAYMENT_PROVIDER = ENV.payment_provider or ("local" if DEBUG else "")
PLATFORM_FEE_BASIS_POINTS = ENV.platform_fee_basis_points
PAYTRAIL_ACCOUNT = ENV.paytrail_account
PAYTRAIL_SECRET = ENV.paytrail_secret.get_secret_value() if ENV.paytrail_secret else ""
PAYTRAIL_API_URL = ENV.paytrail_api_url
SMS_PROVIDER = ENV.sms_provider or ("outbox" if DEBUG else "")
ELISA_DIALOGI_API_KEY = (
    ENV.elisa_dialogi_api_key.get_secret_value() if ENV.elisa_dialogi_api_key else ""
)
ELISA_DIALOGI_API_URL = ENV.elisa_dialogi_api_url
SMS_SENDER = ENV.sms_sender
SUPPORT_HOURS = ENV.support_hours
if ENV.email_host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = ENV.email_host
    EMAIL_PORT = ENV.email_port
    EMAIL_HOST_USER = ENV.email_host_user
    EMAIL_HOST_PASSWORD = ENV.email_host_password.get_secret_value()
    EMAIL_USE_TLS = ENV.email_use_tls
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "outbox"

PAGE_CACHE_SECONDS = ENV.page_cache_seconds
API_RATE_LIMIT = ENV.api_rate_limit
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag"]
NINJA_NUM_PROXIES = 1 if ENV.behind_tls_proxy else 0
BEACON_BATCHES_PER_ADDRESS = ENV.beacon_batches_per_address
# Request bodies, refused at the door when larger (core/body_limit.py): a form with a
# 10 MB picture fits; the viewing data's batches are at most 16 KB.
REQUEST_BODY_MAX_BYTES = 12 * 1024 * 1024
BEACON_BODY_MAX_BYTES = 16 * 1024
VIEWING_TOKENS_PER_ADDRESS = ENV.viewing_tokens_per_address
PAGE_CACHE_VERSION_CHECK_SECONDS = 1.0
# Resumable uploads send the file in pieces of this size; a dropped connection costs at most one.
UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024
LIVE_STREAM_ORIGINS = ENV.live_stream_origins_list
IMPORT_IMAGE_ORIGINS = ENV.import_image_origins_list
LIVE_STREAM_PRIVATE_ADDRESSES = ENV.live_stream_private_addresses
TELEMETRY_RETENTION_DAYS = ENV.telemetry_retention_days
ROLLUP_INTERVAL_MINUTES = ENV.rollup_interval_minutes
JITSI_DOMAIN = ENV.jitsi_domain
JITSI_APP_ID = ENV.jitsi_app_id
JITSI_APP_SECRET = ENV.jitsi_app_secret.get_secret_value() if ENV.jitsi_app_secret else ""
_JITSI_ORIGINS = [f"https://{ENV.jitsi_domain}"] if ENV.jitsi_domain else []

# Security. Secure cookies and HSTS whenever DEBUG is off.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # stay logged in on one's own device for a month
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, *_JITSI_ORIGINS],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:", *_MEDIA_ORIGINS, *ENV.import_image_origins_list],
    "media-src": [CSP.SELF, "blob:", *_MEDIA_ORIGINS, *ENV.live_stream_origins_list],
    "worker-src": [CSP.SELF, "blob:"],
    "connect-src": [CSP.SELF, *_MEDIA_ORIGINS, *ENV.live_stream_origins_list],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "frame-src": [*_JITSI_ORIGINS] or [CSP.NONE],
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = ENV.ssl_redirect
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if ENV.behind_tls_proxy:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if not DEBUG else "DEBUG"},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["no_tracebacks_for_refusals"]},
    },
    # A refused request (403) is an answer, not an error: one line, without a traceback
    # that would bury real faults in the log.
    "filters": {
        "no_tracebacks_for_refusals": {"()": "lampio.core.logging.RefusalsWithoutTraceback"}
    },
}
