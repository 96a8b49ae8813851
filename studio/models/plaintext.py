"""The email's own plain-text part: a sidecar ``<email>.txt`` (the editor's Text tab).

*Decision:* when ``emails/welcome.txt`` sits beside ``emails/welcome.html``
it is the plain-text part of that email, used instead of the text generated
from the HTML (Liquid in it is kept as written and rendered at send time like
the HTML's). An empty Text tab removes the file, so the generated text is used
again. The studio writes the file as you edit (after a short pause), the same
way it writes the transformer settings to ``<email>.json``.
"""

from __future__ import annotations

from pathlib import Path

from studio.models.events import Event
from styles.atomic import write_atomic


def text_path(email: Path) -> Path:
    """``emails/welcome.html`` → ``emails/welcome.txt``."""
    return email.with_suffix(".txt")


def generate_text(html: str, preheader: str = "") -> str:
    """Plain text generated from the final HTML by the compiler's plaintext transformer."""
    from compiler.transformers import plaintext

    return plaintext.generate(html, preheader=preheader)


class PlainTextPart:
    """The sidecar text of one email: what is on disk and what the tab holds."""

    def __init__(self, email: Path | None) -> None:
        self.email = email
        self.text = ""
        self.error = ""
        self.saved: Event[str] = Event()
        self.reload()

    @property
    def path(self) -> Path | None:
        return text_path(self.email) if self.email is not None else None

    @property
    def exists(self) -> bool:
        return self.path is not None and self.path.is_file()

    def reload(self) -> None:
        self.error = ""
        path = self.path
        if path is None or not path.is_file():
            self.text = ""
            return
        try:
            self.text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.error = f"cannot read {path.name}: {exc}"
            self.text = ""

    def save(self, text: str) -> str:
        """Write ``text`` (blank: remove the file). Returns an error message or ""."""
        path = self.path
        if path is None:
            return "save the email first: its plain-text part lives beside it"
        try:
            if not text.strip():
                if path.exists():
                    path.unlink()
            else:
                write_atomic(path, text)
        except OSError as exc:
            self.error = f"cannot write {path.name}: {exc.strerror or exc}"
            return self.error
        self.text = text if text.strip() else ""
        self.error = ""
        self.saved.emit(self.text)
        return ""
