"""The desktop studio (PySide6): widgets over the models of :mod:`studio.models`."""
