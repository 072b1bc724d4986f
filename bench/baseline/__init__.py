"""A bench-only Django app: the import baseline, never installed in the product."""
