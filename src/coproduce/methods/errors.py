"""The one root exception of the methods library."""

__all__ = ["MethodsError"]


class MethodsError(Exception):
    """Base of every error raised by ``coproduce.methods``."""
