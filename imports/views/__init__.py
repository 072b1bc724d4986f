"""The import pages, one module per area: upload and mapping, jobs, scheduled sources."""
