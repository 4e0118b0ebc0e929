"""Test run: real PostgreSQL and real Redis, on a Redis database of its own so a
running development worker never picks up a test's tasks."""

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES, _mailer_from_email_url, env

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]

# pytest-xdist runs the suite in several processes (PYTEST_XDIST_WORKER = gw0, gw1, ...):
# each takes its own Redis database (15, 14, ...), private-files folder, and (pytest-django
# does this) database, since every test flushes its Redis database. A variable set
# explicitly (a worker process a test starts, a developer's parallel session) wins.
XDIST_WORKER = int(env("PYTEST_XDIST_WORKER", default="gw0").removeprefix("gw") or 0)
REDIS_URL = env("TEST_REDIS_URL", default=f"redis://localhost:6379/{15 - XDIST_WORKER}")
CACHES["default"]["LOCATION"] = REDIS_URL
CACHES["default"]["KEY_PREFIX"] = "kalc-test"
CELERY_BROKER_URL = REDIS_URL

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# A worker started as a separate process by a test (the outbox's kill test) sends to
# the test's SMTP sink and connects to the test database (DATABASE_URL).
if env("TEST_EMAIL_URL", default=""):
    MAILERS = {"default": _mailer_from_email_url(env.email_url("TEST_EMAIL_URL"))}
    MAILERS["default"]["OPTIONS"]["timeout"] = 5
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "kalc_portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": env(
                "TEST_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / ".var" / f"test-private-{XDIST_WORKER}")
            ),
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_URL = "http://testserver"

# Parallel test runs on one machine (several developers' sessions) each take their
# own database and Redis number through these two variables.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_kalc_portal")}
