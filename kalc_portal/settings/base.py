"""Settings shared by every environment. Everything that differs between
machines comes from the environment (django-environ); see README "Configuration".
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

ASSOCIATION_NAME = env("ASSOCIATION_NAME", default="Kent Association of Local Councils")
ASSOCIATION_SHORT_NAME = env("ASSOCIATION_SHORT_NAME", default="KALC")
SITE_URL = env("SITE_URL", default="http://localhost:8000").rstrip("/")

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "kalc_portal.apps.KalcAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "django_filters",
    "kalc_portal.outbox",
    "members",
    "knowledge_bank",
    "training",
    "surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user with the session's MFA record for permissions.py (staff powers).
    "members.middleware.StaffVerificationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "kalc_portal.urls"
WSGI_APPLICATION = "kalc_portal.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kalc_portal.context_processors.association",
                "kalc_portal.context_processors.navigation",
            ],
            # The project package is not an app, so its template library is named here.
            "libraries": {"form_notes": "kalc_portal.templatetags.form_notes"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@localhost:5432/kalc_portal"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The council directory's typo search (members.selectors.directory) finds names by pg_trgm's
# <% operator, which the trigram index answers; its threshold is this connection setting
# (pg_trgm's default, 0.6, misses "Sandwitch" for Sandwich). The knowledge search sets its
# own for its transaction.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c pg_trgm.word_similarity_threshold=0.3"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis holds the cache, the sessions and the Celery broker, so web hosts keep
# no state of their own and scale out behind a load balancer.
REDIS_URL = env("REDIS_URL", default="redis://localhost:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "kalc",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# Sliding expiry: a session ends after this much inactivity, not at a fixed time.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Who the visitor is, behind a reverse proxy (kalc_portal/client_ip.py): every rate limit
# per address (allauth's and the access-request form's) counts by it. With neither set,
# REMOTE_ADDR, and X-Forwarded-For is ignored (anyone can send it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="") or None
# allauth reads the same through the adapter; set here too for anything that reads them.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:my_kalc"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email is the login, verification is mandatory and nobody
# signs themselves up (accounts come from invitations and approved requests).
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{ASSOCIATION_SHORT_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Sign-in limits that slow a guesser without handing them a way to keep the owner out
# (README "Security"). login_failed's "key" is the address *and* account
# (members.adapters.AccountAdapter), never the account alone: five wrong passwords from
# one address stop that address guessing that account for five minutes, the owner
# elsewhere is not affected, and a password reset clears the lock for the address it is
# done from. The limits per address bound guessing across many accounts. (allauth.mfa
# counts wrong authenticator codes under the same limits, keyed per account: only someone
# who has the password reaches that step.)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,50/h/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    # Adding, removing or re-sending addresses at /accounts/email/ (allauth's key) ...
    "manage_email": "10/m/user",
    # ... and addresses added (members.forms.account.AddEmailForm): each one mails a
    # confirmation link to an address the member typed.
    "add_email": "3/h/user,10/d/user",
}
ACCOUNT_FORMS = {
    "add_email": "members.forms.account.AddEmailForm",
    "login": "members.forms.account.LoginForm",
    "reauthenticate": "members.forms.account.ReauthenticateForm",
}
# The primary address and two more: enough for a council and a personal inbox.
ACCOUNT_MAX_EMAIL_ADDRESSES = 3
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = ASSOCIATION_SHORT_NAME


CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / ".var" / "media"))
# Uploaded files go through STORAGES, so S3-compatible storage is a settings
# change (django-storages), never a code change.
# "private" holds member-only files (knowledge bank versions): it has no URL and is
# served only through views that check who is asking.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / ".var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "kalc_portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The largest file staff may upload to the knowledge bank.
KNOWLEDGE_MAX_UPLOAD_BYTES = env.int("KNOWLEDGE_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)


def _mailer_from_email_url(config: dict) -> dict:
    """Turn django-environ's EMAIL_URL parse into a Django 6.1 MAILERS entry."""
    backend = config["EMAIL_BACKEND"]
    names = {
        "smtp": {
            "EMAIL_HOST": "host",
            "EMAIL_PORT": "port",
            "EMAIL_HOST_USER": "username",
            "EMAIL_HOST_PASSWORD": "password",
            "EMAIL_USE_TLS": "use_tls",
            "EMAIL_USE_SSL": "use_ssl",
        },
        "filebased": {"EMAIL_FILE_PATH": "file_path"},
    }
    wanted = next((v for k, v in names.items() if f".{k}." in backend), {})
    options = {option: config[key] for key, option in wanted.items() if config.get(key) not in (None, "")}
    if "smtp" in backend:
        options["timeout"] = 20
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": _mailer_from_email_url(env.email_url("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"{ASSOCIATION_NAME} <portal@kalc.org.uk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the portal tells the office about new access requests, handovers and mediation.
OFFICE_EMAIL = env("OFFICE_EMAIL", default="office@kalc.org.uk")
# The outbox (kalc_portal/outbox): tries per email before it is marked failed, the
# first retry's wait (doubling each time, up to the cap), how long a row may sit
# queued or sending past its due time before the beat job queues it again (longer
# than CELERY_TASK_TIME_LIMIT, so a live send is never taken back), and how long a
# sent email's body is kept (the row stays as the delivery record).
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=30 * 60)
OUTBOX_STUCK_AFTER_SECONDS = env.int("OUTBOX_STUCK_AFTER_SECONDS", default=15 * 60)
OUTBOX_BODY_RETENTION_DAYS = env.int("OUTBOX_BODY_RETENTION_DAYS", default=90)

# How long places offered to a waiting-list entry are held for it before they move on.
TRAINING_OFFER_HOLD_HOURS = env.int("TRAINING_OFFER_HOLD_HOURS", default=48)
# How long before an online session its joining link is emailed to each confirmed place.
TRAINING_JOINING_LINK_LEAD_MINUTES = env.int("TRAINING_JOINING_LINK_LEAD_MINUTES", default=60)
# Feedback requests go to events that ended within this many days (not to old events when
# the job first runs), and the feedback form stays open this long after the event.
TRAINING_FEEDBACK_DAYS = env.int("TRAINING_FEEDBACK_DAYS", default=30)
# Weekly reminders to a council that has not submitted a survey response: at most this many.
SURVEY_MAX_REMINDERS = env.int("SURVEY_MAX_REMINDERS", default=3)

# Content-Security-Policy (Django 6 built-in): nothing inline runs without the
# per-request nonce, and nothing loads from another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Celery: Redis broker, JSON only, bounded tasks. Tasks that are safe to run
# twice opt into late acknowledgement one by one (acks_late=True on the task),
# so a worker lost mid-task hands its work to another.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
# django-celery-beat does not support Django 6.1, so the schedule lives here.
# Anything staff schedule (a newsletter's send time, say) is a row with a due
# time that one of these periodic tasks picks up.
CELERY_BEAT_SCHEDULE = {
    "record-worker-heartbeat": {
        "task": "kalc_portal.tasks.record_worker_heartbeat_task",
        "schedule": timedelta(minutes=1),
    },
    # Emails whose broker message was lost or whose worker was killed mid-send.
    "outbox-requeue-stuck": {
        "task": "kalc_portal.outbox.tasks.outbox_requeue_stuck_task",
        "schedule": timedelta(minutes=1),
    },
    "outbox-bodies-clear": {
        "task": "kalc_portal.outbox.tasks.outbox_bodies_clear_task",
        "schedule": crontab(hour=3, minute=15),
    },
    # Owners hear once per due resource (a ReviewReminder row per review date), so
    # running this more often than daily only makes reminders more prompt.
    "knowledge-review-reminders": {
        "task": "knowledge_bank.tasks.review.review_reminders_send_task",
        "schedule": timedelta(hours=1),
    },
    # Each lapsed offer moves on once (its row is marked expired under the event's lock).
    # One outbox row per place and reminder (7 days, 1 day): running it again sends nothing more.
    "training-event-reminders": {
        "task": "training.tasks.reminders.event_reminders_queue_task",
        "schedule": timedelta(hours=1),
    },
    # One outbox row per place and online session: every five minutes, so the link goes
    # 55 to 60 minutes before the start (and to a place booked later, on the next run).
    "training-joining-links": {
        "task": "training.tasks.joining_links.joining_links_queue_task",
        "schedule": timedelta(minutes=5),
    },
    # One outbox row per place: the request goes within the hour after the event ends.
    "training-feedback-requests": {
        "task": "training.tasks.feedback.feedback_requests_queue_task",
        "schedule": timedelta(hours=1),
    },
    # Invitations when a survey opens, weekly reminders after: one SurveyNotice row per
    # survey, council and number, so running it hourly sends each once.
    "surveys-notices-queue": {
        "task": "surveys.tasks.surveys_notices_queue_task",
        "schedule": timedelta(hours=1),
    },
    "training-waiting-list-offers-expire": {
        "task": "training.tasks.waiting_list.waiting_list_offers_expire_task",
        "schedule": timedelta(minutes=5),
    },
}

# Routes the benchmark's floor view (see bench/run.py); off everywhere else.
BENCH_ENDPOINTS = env.bool("BENCH_ENDPOINTS", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs each layout step at INFO (also on import); only its warnings matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# django-import-export: importing changes data, so it needs the change permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Our resources escape formulae themselves (kalc_portal/spreadsheets.py: an apostrophe in
# front, undone on import); the library's own escape (it drops one leading "=") is the
# backstop for any resource that does not, and control characters never fail an XLSX export.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
