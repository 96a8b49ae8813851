"""The one atomic file write every layer uses.

It lives in the bottom layer so that ``styles.io``, the compiler and the studio
share one implementation instead of keeping copies with different guarantees.

:func:`write_atomic` writes to a temporary file beside the target, flushes and
fsyncs it, gives it the right mode, renames it over the target and fsyncs the
folder, so after a crash (or ``kill -9``) at any moment the target holds either
the old bytes or the new ones, never a mix, and no temporary file is left
behind by a failure the process lives through.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from pathlib import Path

__all__ = ["TEMP_PREFIX", "TEMP_SUFFIX", "new_file_mode", "write_atomic"]

TEMP_PREFIX = "."
TEMP_SUFFIX = ".mw-tmp"

_umask_lock = threading.Lock()


def _current_umask() -> int:
    """The process umask, read without changing it where the system allows."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="ascii") as fh,
    ):
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    with _umask_lock:  # no /proc: the classic set-and-restore, serialized
        mask = os.umask(0o022)
        os.umask(mask)
        return mask


def new_file_mode() -> int:
    """The mode ``open(path, "w")`` gives a new file: 0o666 less the umask."""
    return 0o666 & ~_current_umask()


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems refuse to fsync a folder
            os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, durable: bool = True) -> None:
    """Replace the contents of ``path`` with ``data`` all at once.

    ``str`` data is written as UTF-8 with no newline translation. An existing
    file keeps its permission bits; a new file gets the umask's mode (not the
    ``0o600`` of a bare temporary file). When ``path`` is a symbolic link the
    file it points to is replaced and the link stays. Raises ``OSError`` when
    the write fails; the target is then untouched and no temporary file stays.

    ``durable=False`` leaves out the two fsyncs: the file is still replaced all at
    once (a reader never sees half of it, a failure leaves no temporary file), but a
    power cut may lose the write. For output that is made again on demand and written
    by the thousand (proof messages), where an fsync per file would be most of the
    time.
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = new_file_mode()
    fd, tmp = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_folder(target.parent)
