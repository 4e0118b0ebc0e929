"""Developer machine: DEBUG on, mail printed to the console unless EMAIL_URL says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-development-only-not-secret")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# runserver serves static files straight from static/ and the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
