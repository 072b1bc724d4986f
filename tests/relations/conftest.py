"""Import jobs for the relationship tests, built the way the pipeline's own tests build them."""

from tests.imports.conftest import make_job

__all__ = ["make_job"]
