"""Settings for the django-import-export comparison: the test settings plus the bench-only app."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "import_export", "bench.baseline"]  # noqa: F405
