"""Retention, disposal and package export."""
