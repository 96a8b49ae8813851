"""Mailwright's faces: the Qt studio, the command line and the workspace on disk."""

__version__ = "0.1.0"
