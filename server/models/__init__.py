"""Piccolo tables, grouped by domain, with the named queries that read them."""
