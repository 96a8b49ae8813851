"""The sizes an email's image may have (a leaf, outside :mod:`compiler.validators`, so
that the studio's Assets panel reads them without importing the validators).

Used by the image validator (``compiler/validators/images.py``: ``images/heavy``,
``images/too-heavy``, ``images/too-large``) and the studio's asset list and optimizer
(``studio/models/assets.py``), which refuse and shrink by the same limits.
"""

from __future__ import annotations

#: bytes over which an image is heavy (a warning)
WARN_BYTES = 1_000_000
#: bytes over which an image is too heavy (an error)
MAX_BYTES = 2_000_000
#: pixels a side over which an image is too large (an error)
MAX_SIDE = 4096
