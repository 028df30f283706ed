"""delink: a migration linter for Docker's legacy container links."""

__version__ = "0.1.0"
