"""工伤康复档案 — work-injury rehabilitation archive."""

__version__ = "0.1.0"
