"""Mawaqif: actors, statements and stances in Arabic news articles."""

__version__ = "0.1.0"
