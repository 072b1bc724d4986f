"""The contacts web pages, one module per area: list, contact, notes, tags, bulk, saved lists."""
