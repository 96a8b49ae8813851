"""The desktop studio (PySide6). Importing it guards against a PySide6 6.12 refcount bug."""

from studio.qt.refcount import protect_none

protect_none()
