"""Plenary: a static site generator for United Nations meeting records."""

__version__ = "0.1.0"
