"""Mailwright's faces: the Qt studio, the command line and the workspace on disk."""

__version__ = "0.1.0"
#: The desktop studio's name for its settings (``QSettings``) and windows.
ORGANIZATION = "Mailwright"
APPLICATION = "Mailwright Studio"
