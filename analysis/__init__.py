"""component-origins: where the electronic parts found in weapon debris come from, and when they were made."""

__version__ = "0.1.0"
