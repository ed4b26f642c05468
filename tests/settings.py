"""Test settings: PostgreSQL and Redis as in production, through DATABASE_URL and REDIS_URL."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/assessment")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# Settings as the local demo reads them (no HTTPS redirect, a local key); the test runner itself
# still runs every test with DEBUG off.
os.environ.setdefault("DEBUG", "1")

from assessment.settings import *  # noqa: E402,F403

CELERY_TASK_ALWAYS_EAGER = True
# No persistent connections: the live server's thread must not hold the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
