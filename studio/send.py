"""Test sends: render an email for one sample profile and deliver it over SMTP.

    settings = SmtpSettings.from_settings(project.settings)
    delivery = send_test(Path("emails/welcome.html"), ["me@example.com"],
                         project=project, profile=profile, settings=settings)

The message is ``multipart/alternative`` (the plain-text part, then the HTML),
with ``From``/``Reply-To``/``Subject`` from the rendered envelope (the
preheader is part of the HTML). A message whose Liquid does not render
cleanly is never sent: :class:`SendError` carries the located issues, as the
reference product refuses messages with missing variables.

SMTP settings come from ``[smtp]`` in ``mailwright.toml``. The password is
never stored there, and a workspace never chooses where it comes from (a
workspace from git could otherwise name any secret of yours): it is read from
``MAILWRIGHT_SMTP_PASSWORD``, or from the variable named by ``password_env`` in
``[smtp]`` of the *user's* ``~/.config/mailwright/config.toml``. Logging in over
a plain connection is refused unless the server is on this computer, and the
password (and its base64) never appears in a message shown to the user. Every
failure (unreachable host, timeout, TLS, authentication, refused recipients)
is a :class:`SendError` with a :class:`FailureKind` and a message that says
what to fix. See ``docs/sending.md``.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import secrets
import smtplib
import socket
import ssl
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate, getaddresses, make_msgid
from enum import StrEnum
from pathlib import Path
from typing import Any

from compiler.liquid.localization import LocalizationSettings, file_for
from compiler.liquid.render import RenderedEmail, renderer_for
from compiler.pipeline import compile_email, compile_file
from compiler.project import Project, setting_position
from compiler.result import CompileResult
from compiler.root import SETTINGS_FILE
from components.diagnostics import Issue
from studio import __version__

SECURITY_MODES = ("none", "starttls", "ssl")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_RECIPIENTS = 25  # the reference product's limit per test send
MAX_RECIPIENTS_CAP = 100
DEFAULT_PREFIX = "[TEST]"
_SMTP_KEYS = {
    "host",
    "port",
    "security",
    "username",
    "password_env",
    "timeout",
    "from",
    "to",
    "max_recipients",
    "subject_prefix",
    "verify",
    "ca_file",
}
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PASSWORD_VARIABLE = "MAILWRIGHT_SMTP_PASSWORD"
KEYRING_SERVICE = "mailwright-smtp"
REDACTED = "[redacted]"


class FailureKind(StrEnum):
    """Why a test send did not happen, in the words the dialog and the CLI show."""

    SETTINGS = "settings"  # [smtp] in mailwright.toml, or the password variable
    RECIPIENTS = "recipients"  # bad addresses, too many
    RENDER = "render"  # the message has errors (Liquid, compile): never sent
    UNREACHABLE = "unreachable"  # no server at host:port, unknown host, connection dropped
    TIMEOUT = "timeout"  # the server did not answer in time
    TLS = "tls"  # STARTTLS/SSL handshake or certificate
    AUTH = "auth"  # login refused, or AUTH not offered
    REJECTED = "rejected"  # the server refused the sender, every recipient, or the data
    PROTOCOL = "protocol"  # anything else the server said


class SendError(Exception):
    """A test send that did not happen. ``str()`` says what went wrong and what to do."""

    def __init__(
        self, kind: FailureKind, message: str, issues: Sequence[Issue] = (), source: str = ""
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.issues = list(issues)
        self.source = source  # the email's source text, for format_issue


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """``[smtp]`` of ``mailwright.toml`` (every field optional)."""

    host: str = "127.0.0.1"
    port: int = 25
    security: str = "none"  # "none", "starttls" or "ssl"
    username: str = ""
    timeout: float = DEFAULT_TIMEOUT_S
    sender: str = ""  # `from`: used when the email's envelope has no From
    to: tuple[str, ...] = ()  # default recipients (the dialog starts with them)
    max_recipients: int = DEFAULT_MAX_RECIPIENTS
    subject_prefix: str = DEFAULT_PREFIX
    verify: bool = True  # check the server's TLS certificate
    ca_file: str = ""  # extra CA bundle (PEM) for a private server

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any], *, root: Path | None = None
    ) -> SmtpSettings:
        """Read ``settings["smtp"]``; raises :class:`SendError` (SETTINGS) for bad values,
        located at the key's line in ``root``'s mailwright.toml when there is one."""
        table = settings.get("smtp", {})
        if not isinstance(table, Mapping):
            raise _settings_error("[smtp] must be a table")
        if "password" in table:
            raise _settings_error(
                "[smtp] password: passwords are never stored in mailwright.toml; "
                'set password_env = "NAME" and export NAME=... in your shell',
                key="password",
                root=root,
            )
        unknown = sorted(set(table) - _SMTP_KEYS)
        if unknown:
            raise _settings_error(
                f"[smtp] unknown key(s): {', '.join(unknown)} "
                f"(known: {', '.join(sorted(_SMTP_KEYS))})",
                key=unknown[0],
                root=root,
            )
        security = _get(table, root, "security", str, "none").lower()
        if security not in SECURITY_MODES:
            raise _settings_error(
                f"[smtp] security = {security!r}: use one of {', '.join(SECURITY_MODES)}",
                key="security",
                root=root,
            )
        port = _get(table, root, "port", int, DEFAULT_PORTS[security])
        if not 0 < port < 65536:
            raise _settings_error(f"[smtp] port = {port}: must be 1-65535", key="port", root=root)
        timeout = float(_get(table, root, "timeout", (int, float), DEFAULT_TIMEOUT_S))
        if not 0 < timeout <= 600:
            raise _settings_error(
                f"[smtp] timeout = {timeout}: must be more than 0 and at most 600 seconds",
                key="timeout",
                root=root,
            )
        limit = _get(table, root, "max_recipients", int, DEFAULT_MAX_RECIPIENTS)
        if not 0 < limit <= MAX_RECIPIENTS_CAP:
            raise _settings_error(
                f"[smtp] max_recipients = {limit}: must be 1-{MAX_RECIPIENTS_CAP}",
                key="max_recipients",
                root=root,
            )
        password_env = _get(table, root, "password_env", str, "")
        if password_env and password_env != PASSWORD_VARIABLE:
            raise _settings_error(
                f"[smtp] password_env = {password_env!r}: a workspace cannot choose which of "
                "your environment variables is sent to its server (it could name any "
                f"secret); remove it and export {PASSWORD_VARIABLE}, or set password_env "
                f"in [smtp] of your own {user_config_path()}",
                key="password_env",
                root=root,
            )
        to = table.get("to", [])
        if isinstance(to, str):
            to = [to]
        if not isinstance(to, list) or not all(isinstance(t, str) for t in to):
            raise _settings_error(
                "[smtp] to: must be an address or a list of addresses", key="to", root=root
            )
        ca_file = _get(table, root, "ca_file", str, "")
        if ca_file and root is not None:
            inside = (root / ca_file).resolve()
            try:
                inside.relative_to(root.resolve())
            except ValueError:
                raise _settings_error(
                    f"[smtp] ca_file = {ca_file!r} is outside the workspace (a workspace "
                    "reads only its own files); put the CA file in the workspace",
                    key="ca_file",
                    root=root,
                ) from None
            ca_file = str(inside)
        host = _get(table, root, "host", str, "127.0.0.1").strip()
        if not host:
            raise _settings_error("[smtp] host is empty", key="host", root=root)
        return cls(
            host=host,
            port=port,
            security=security,
            username=_get(table, root, "username", str, ""),
            timeout=timeout,
            sender=_get(table, root, "from", str, ""),
            to=tuple(to),
            max_recipients=limit,
            subject_prefix=_get(table, root, "subject_prefix", str, DEFAULT_PREFIX),
            verify=_get(table, root, "verify", bool, True),
            ca_file=ca_file,
        )

    def with_overrides(
        self,
        *,
        host: str | None = None,
        port: int | None = None,
        security: str | None = None,
        timeout: float | None = None,
    ) -> SmtpSettings:
        """These settings with the command line's ``--smtp-host`` … applied."""
        out = self
        if security is not None:
            if security not in SECURITY_MODES:
                raise _settings_error(
                    f"security {security!r}: use one of {', '.join(SECURITY_MODES)}"
                )
            out = replace(out, security=security)
        if host is not None:
            out = replace(out, host=host)
        if port is not None:
            if not 0 < port < 65536:
                raise _settings_error(f"port {port}: must be 1-65535")
            out = replace(out, port=port)
        if timeout is not None:
            if timeout <= 0:
                raise _settings_error(f"timeout {timeout}: must be more than 0")
            out = replace(out, timeout=timeout)
        return out

    def password(self, environ: Mapping[str, str] | None = None) -> str | None:
        """The password (None: no login), from the variable the *user* named in their own
        config (``password_env`` in ``[smtp]`` of :func:`user_config_path`), else from
        ``MAILWRIGHT_SMTP_PASSWORD``. Never from a name in the workspace's files."""
        if not self.username:
            return None
        env = os.environ if environ is None else environ
        own = user_password_env(env)
        names = [own, PASSWORD_VARIABLE] if own else [PASSWORD_VARIABLE]
        for name in names:
            value = env.get(name)
            if value is not None:
                return value
        stored = keyring_password(self)
        if stored is not None:
            return stored
        raise SendError(
            FailureKind.SETTINGS,
            f"[smtp] username = {self.username!r} needs a password: export "
            f"{' or '.join(names)} with it, or let the studio keep it in the "
            "system keyring (it asks on the first send; a user's own variable "
            f"name goes in [smtp] password_env of {user_config_path(env)}; the "
            "password is never stored in mailwright.toml)",
        )

    @property
    def keyring_account(self) -> str:
        """The account the password is kept under in the system keyring."""
        return f"{self.username}@{self.host}:{self.port}"

    @property
    def plaintext_login_refused(self) -> bool:
        """True when logging in would send the password in clear over the network."""
        return bool(self.username) and self.security == "none" and not is_loopback(self.host)


def keyring_password(settings: SmtpSettings) -> str | None:
    """The password kept for these settings in the system keyring (None: none, or no
    usable keyring on this system)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, settings.keyring_account)
    except Exception:  # no keyring package, no backend, a locked or broken keyring
        return None


def store_password(settings: SmtpSettings, password: str) -> str:
    """Keep ``password`` for these settings in the system keyring; "" or why it could not."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, settings.keyring_account, password)
    except Exception as exc:  # no backend on this system, a locked keyring …
        return f"the system keyring cannot keep it ({exc})"
    return ""


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1); names are not resolved."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def user_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The user's own settings: ``$XDG_CONFIG_HOME/mailwright/config.toml``
    (``~/.config/mailwright/config.toml``), outside every workspace."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
    return Path(base) / "mailwright" / "config.toml"


def user_password_env(environ: Mapping[str, str] | None = None) -> str:
    """``[smtp] password_env`` of the user's config ("" when unset); raises SendError
    (SETTINGS) when the file is unreadable or the name is not a variable name."""
    path = user_config_path(environ)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SendError(FailureKind.SETTINGS, f"{path}: cannot read ({exc})") from None
    table = data.get("smtp", {})
    name = table.get("password_env", "") if isinstance(table, dict) else ""
    if not isinstance(name, str) or (name and not _ENV_NAME.match(name)):
        raise SendError(
            FailureKind.SETTINGS,
            f"{path}: [smtp] password_env = {name!r} is "
            "not an environment variable name (letters, digits, _)",
        )
    return name


def redact(text: str, username: str, password: str | None) -> str:
    """``text`` with the password, and the base64 forms an AUTH exchange sends, removed."""
    if not password:
        return text
    forms = {password}
    for raw in (password, f"\0{username}\0{password}", f"{username}\0{password}"):
        encoded = base64.b64encode(raw.encode("utf-8")).decode("ascii")
        forms |= {encoded, encoded.rstrip("=")}
    for form in sorted(forms, key=len, reverse=True):
        if len(form) >= 3:
            text = text.replace(form, REDACTED)
    return text


def _settings_error(message: str, *, key: str = "", root: Path | None = None) -> SendError:
    """A settings failure; with ``key`` and the workspace ``root``, located at
    ``mailwright.toml:LINE:COL`` of that ``[smtp]`` key (when the file has it)."""
    where = SETTINGS_FILE
    if key and root is not None:
        line, column = setting_position(root / SETTINGS_FILE, "smtp", key)
        if line:
            where = f"{SETTINGS_FILE}:{line}:{column}"
    return SendError(FailureKind.SETTINGS, f"{where}: {message}")


def _get(
    table: Mapping[str, Any],
    root: Path | None,
    key: str,
    kind: type | tuple[type, ...],
    default: Any,
) -> Any:
    if key not in table:
        return default
    value = table[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        value = None  # true/false is not a number here
    if not isinstance(value, kinds):
        names = " or ".join(
            k.__name__.replace("str", "text")
            .replace("int", "whole number")
            .replace("float", "number")
            .replace("bool", "true/false")
            for k in kinds
        )
        raise _settings_error(f"[smtp] {key} = {table[key]!r}: must be {names}", key=key, root=root)
    return value


@dataclass(frozen=True, slots=True)
class SendOptions:
    """Choices of one test send."""

    test_prefix: bool = True  # put ``subject_prefix`` ("[TEST]") before the subject
    prevent_threading: bool = False  # add a unique tag so inboxes do not group test sends


@dataclass(slots=True)
class Delivery:
    """What the server accepted. ``refused`` maps an address to (code, server's words)."""

    message_id: str
    accepted: list[str]
    refused: dict[str, tuple[int, str]] = field(default_factory=dict)
    subject: str = ""
    file: str = ""

    @property
    def ok(self) -> bool:
        return not self.refused


# ---- recipients -------------------------------------------------------------------------


def parse_recipients(values: Iterable[str], limit: int = DEFAULT_MAX_RECIPIENTS) -> list[str]:
    """Addresses from ``values`` (each may hold several, separated by commas, semicolons or
    new lines; ``Name <a@b>`` allowed), deduplicated case-insensitively, in order.

    Raises :class:`SendError` (RECIPIENTS) naming every bad address, when there is none,
    or when there are more than ``limit``.
    """
    out: list[str] = []
    seen: set[str] = set()
    bad: list[str] = []
    for value in values:
        for raw in re.split(r"[,;\n]", value):
            piece = raw.strip()
            if not piece:
                continue
            pairs = getaddresses([piece])
            addr = pairs[0][1] if len(pairs) == 1 else ""
            if not _valid_address(addr):
                bad.append(piece)
                continue
            if addr.lower() not in seen:
                seen.add(addr.lower())
                out.append(addr)
    if bad:
        raise SendError(
            FailureKind.RECIPIENTS, "not an email address: " + ", ".join(repr(b) for b in bad)
        )
    if not out:
        raise SendError(FailureKind.RECIPIENTS, "no recipients: add at least one address")
    if len(out) > limit:
        raise SendError(
            FailureKind.RECIPIENTS,
            f"{len(out)} recipients: a test send goes to at most {limit} "
            "(max_recipients in [smtp])",
        )
    return out


def _valid_address(addr: str) -> bool:
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in addr):
        return False
    if domain.startswith(".") or domain.endswith(".") or ".." in domain:
        return False
    try:
        Address(addr_spec=addr)
    except (ValueError, IndexError):
        return False
    return True


# ---- the message ------------------------------------------------------------------------


def render_for_send(
    result: CompileResult, profile: Mapping[str, Any], *, project: Project | None = None
) -> RenderedEmail:
    """Render ``result`` for ``profile``; raises :class:`SendError` (RENDER) with every
    error of the compile and of the Liquid when the message must not be sent."""
    compile_errors = [i for i in result.issues if i.is_error]
    rendered = renderer_for(project).render(result, profile)
    errors = compile_errors + [i for i in rendered.issues if i.is_error]
    if errors:
        what = "Liquid" if not compile_errors else "compile"
        raise SendError(
            FailureKind.RENDER,
            f"not sent: the message has {len(errors)} {what} error"
            f"{'s' if len(errors) != 1 else ''} for this profile",
            errors,
            result.source,
        )
    return rendered


def _one_line(text: str) -> str:
    return " ".join(text.split())


def build_message(
    rendered: RenderedEmail,
    to: Sequence[str],
    *,
    settings: SmtpSettings | None = None,
    options: SendOptions | None = None,
) -> EmailMessage:
    """The MIME message: ``multipart/alternative`` with the text part and the HTML.

    ``From`` is the rendered envelope's, else ``[smtp] from``; raises
    :class:`SendError` (SETTINGS) when neither is an address.
    """
    settings = settings or SmtpSettings()
    options = options or SendOptions()
    sender = _one_line(rendered.from_) or _one_line(settings.sender)
    if not sender:
        raise SendError(
            FailureKind.SETTINGS,
            "the email has no From address: fill the envelope's From, or set "
            'from = "Name <you@example.com>" in [smtp] of mailwright.toml',
        )
    pairs = getaddresses([sender])
    if len(pairs) != 1 or not _valid_address(pairs[0][1]):
        raise SendError(
            FailureKind.SETTINGS,
            f"From {sender!r} is not an email address (after rendering the Liquid)",
        )
    name, addr = pairs[0]
    msg = EmailMessage(policy=SMTP_POLICY)
    msg["From"] = Address(display_name=name, addr_spec=addr) if name else addr
    msg["To"] = ", ".join(to)
    reply_to = _one_line(rendered.reply_to)
    if reply_to:
        replies = getaddresses([reply_to])
        if not replies or not all(_valid_address(a) for _n, a in replies):
            raise SendError(
                FailureKind.SETTINGS,
                f"Reply-To {reply_to!r} is not an email address (after rendering the Liquid)",
            )
        msg["Reply-To"] = ", ".join(
            str(Address(display_name=n, addr_spec=a)) if n else a for n, a in replies
        )
    subject = _one_line(rendered.subject)
    if options.test_prefix and settings.subject_prefix:
        subject = f"{settings.subject_prefix} {subject}".rstrip()
    if options.prevent_threading:
        subject = f"{subject} (#{secrets.token_hex(3)})".lstrip()
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid("mailwright", domain=addr.rpartition("@")[2])
    if options.prevent_threading:  # Gmail does not thread or collapse by this header either
        msg["X-Entity-Ref-ID"] = secrets.token_hex(16)
    msg["X-Mailer"] = f"Mailwright {__version__}"
    if rendered.file:
        msg["X-Mailwright-Source"] = Path(rendered.file).name
    msg.set_content(rendered.text, subtype="plain", charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    return msg


# ---- delivery ---------------------------------------------------------------------------


def _tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    try:
        ctx = ssl.create_default_context(cafile=settings.ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        raise SendError(
            FailureKind.SETTINGS, f"[smtp] ca_file {settings.ca_file!r}: cannot load ({exc})"
        ) from None
    if not settings.verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _where(settings: SmtpSettings) -> str:
    return f"{settings.host}:{settings.port}"


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {_one_line(words)}".strip()


def _timed_out(exc: smtplib.SMTPServerDisconnected) -> bool:
    # smtplib turns a socket timeout while reading a reply into "Connection unexpectedly
    # closed: timed out"; the cause is kept in __context__.
    return isinstance(exc.__context__, TimeoutError) or str(exc).endswith("timed out")


def _no_answer(settings: SmtpSettings) -> str:
    return (
        f"{_where(settings)} did not answer within {settings.timeout:g} s (wrong port, "
        "or a firewall; raise timeout in [smtp] for a slow server)"
    )


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    where = _where(settings)
    try:
        if settings.security == "ssl":
            return smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=settings.timeout,
                context=_tls_context(settings),
            )
        return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    except SendError:
        raise
    except ConnectionRefusedError:
        raise SendError(
            FailureKind.UNREACHABLE,
            f"cannot connect to {where}: connection refused (is the SMTP server "
            "running? check host and port in [smtp])",
        ) from None
    except socket.gaierror as exc:
        raise SendError(
            FailureKind.UNREACHABLE, f"cannot connect to {where}: unknown host ({exc.strerror})"
        ) from None
    except TimeoutError:
        raise SendError(FailureKind.TIMEOUT, _no_answer(settings)) from None
    except ssl.SSLError as exc:
        raise SendError(
            FailureKind.TLS,
            f"TLS with {where} failed: {_ssl_words(exc)} "
            '(is this port SSL? try security = "starttls")',
        ) from None
    except smtplib.SMTPConnectError as exc:
        raise SendError(
            FailureKind.REJECTED,
            f"{where} refused the connection: {_reply(exc.smtp_code, exc.smtp_error)}",
        ) from None
    except smtplib.SMTPServerDisconnected as exc:
        if _timed_out(exc):
            raise SendError(FailureKind.TIMEOUT, _no_answer(settings)) from None
        raise SendError(
            FailureKind.UNREACHABLE,
            f"{where} closed the connection before greeting (is it an SMTP "
            "server? is security right for this port?)",
        ) from None
    except OSError as exc:
        raise SendError(
            FailureKind.UNREACHABLE, f"cannot connect to {where}: {exc.strerror or exc}"
        ) from None


def _ssl_words(exc: ssl.SSLError) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"the server's certificate is not trusted ({exc.verify_message}); set ca_file "
            "in [smtp] to its CA, or verify = false for a local test server"
        )
    return exc.reason or str(exc)


def deliver(
    message: EmailMessage, settings: SmtpSettings, *, environ: Mapping[str, str] | None = None
) -> Delivery:
    """Send ``message`` to its ``To`` addresses through the server in ``settings``.

    Returns the accepted and refused recipients; raises :class:`SendError` when
    nothing was delivered.
    """
    if settings.plaintext_login_refused:
        raise SendError(
            FailureKind.SETTINGS,
            f"refusing to log in to {_where(settings)} without TLS: the password "
            'would cross the network in clear; set security = "starttls" or '
            '"ssl" in [smtp] (a plain connection may log in only to this '
            "computer)",
        )
    password = settings.password(environ)  # before connecting: a missing variable is ours
    try:
        delivery = _deliver(message, settings, password)
    except SendError as exc:
        exc.message = redact(exc.message, settings.username, password)
        exc.args = (exc.message,)
        raise
    delivery.refused = {
        a: (c, redact(m, settings.username, password)) for a, (c, m) in delivery.refused.items()
    }
    return delivery


def _deliver(message: EmailMessage, settings: SmtpSettings, password: str | None) -> Delivery:
    recipients = [a for _n, a in getaddresses(message.get_all("To", []))]
    sender = next((a for _n, a in getaddresses(message.get_all("From", []))), "")
    where = _where(settings)
    client = _connect(settings)
    try:
        refused = _converse(client, message, settings, password, sender, recipients)
    except SendError:
        raise
    except TimeoutError:
        raise SendError(
            FailureKind.TIMEOUT,
            f"{where} stopped answering (no reply within {settings.timeout:g} s)",
        ) from None
    except smtplib.SMTPServerDisconnected as exc:
        if _timed_out(exc):
            raise SendError(
                FailureKind.TIMEOUT,
                f"{where} stopped answering (no reply within {settings.timeout:g} s)",
            ) from None
        raise SendError(
            FailureKind.UNREACHABLE, f"{where} closed the connection during the send"
        ) from None
    except ssl.SSLError as exc:
        raise SendError(FailureKind.TLS, f"TLS with {where} failed: {_ssl_words(exc)}") from None
    except smtplib.SMTPResponseException as exc:
        raise SendError(
            FailureKind.PROTOCOL, f"{where} answered {_reply(exc.smtp_code, exc.smtp_error)}"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(FailureKind.PROTOCOL, f"sending through {where} failed: {exc}") from None
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
    accepted = [r for r in recipients if r not in refused]
    return Delivery(
        message_id=str(message["Message-ID"]),
        accepted=accepted,
        refused=refused,
        subject=str(message["Subject"]),
    )


def _converse(
    client: smtplib.SMTP,
    message: EmailMessage,
    settings: SmtpSettings,
    password: str | None,
    sender: str,
    recipients: list[str],
) -> dict[str, tuple[int, str]]:
    where = _where(settings)
    client.ehlo_or_helo_if_needed()
    if settings.security == "starttls":
        if not client.has_extn("starttls"):
            raise SendError(
                FailureKind.TLS,
                f"{where} does not offer STARTTLS (use "
                'security = "none" for a local test server, or "ssl")',
            )
        client.starttls(context=_tls_context(settings))
        client.ehlo()
    if settings.username:
        if not client.has_extn("auth"):
            raise SendError(
                FailureKind.AUTH,
                f"{where} does not offer login (AUTH); many servers offer it only after STARTTLS",
            )
        try:
            client.login(settings.username, password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise SendError(
                FailureKind.AUTH,
                f"{where} refused the login of "
                f"{settings.username!r}: {_reply(exc.smtp_code, exc.smtp_error)} "
                "(check the username and the password)",
            ) from None
        except smtplib.SMTPException as exc:
            raise SendError(FailureKind.AUTH, f"cannot log in to {where}: {exc}") from None
    try:
        refused = client.send_message(message, from_addr=sender, to_addrs=recipients)
    except smtplib.SMTPRecipientsRefused as exc:
        detail = "; ".join(f"{a}: {_reply(c, m)}" for a, (c, m) in exc.recipients.items())
        raise SendError(
            FailureKind.REJECTED, f"{where} refused every recipient ({detail})"
        ) from None
    except smtplib.SMTPSenderRefused as exc:
        raise SendError(
            FailureKind.REJECTED,
            f"{where} refused the sender {sender}: {_reply(exc.smtp_code, exc.smtp_error)}",
        ) from None
    except smtplib.SMTPDataError as exc:
        raise SendError(
            FailureKind.REJECTED,
            f"{where} refused the message: {_reply(exc.smtp_code, exc.smtp_error)}",
        ) from None
    return {
        a: (c, m.decode("utf-8", "replace") if isinstance(m, bytes) else str(m))
        for a, (c, m) in refused.items()
    }


# ---- the whole send ---------------------------------------------------------------------


def choose_file(path: Path, profile: Mapping[str, Any], project: Project) -> Path:
    """The translation of ``path`` the profile's language picks (``path`` itself otherwise)."""
    return file_for(path, profile, LocalizationSettings.from_settings(project.settings))


def prepare_test(
    path: Path,
    to: Iterable[str],
    *,
    project: Project,
    profile: Mapping[str, Any],
    settings: SmtpSettings | None = None,
    options: SendOptions | None = None,
    source: str | None = None,
) -> EmailMessage:
    """Compile, render and build the message for ``path`` without sending it.

    ``source`` is the text to send instead of the file's (an editor's unsaved
    text); without it the profile's language picks the translation to send.
    """
    settings = settings or SmtpSettings()
    recipients = parse_recipients(to, settings.max_recipients)
    if source is not None:
        result = compile_email(source, file=str(path), project=project)
    else:
        result = compile_file(choose_file(path, profile, project), project=project)
    fatal = [i for i in result.issues if i.rule.startswith("input/")]
    if fatal:
        raise SendError(FailureKind.RENDER, f"not sent: {fatal[0].message}", fatal)
    rendered = render_for_send(result, profile, project=project)
    return build_message(rendered, recipients, settings=settings, options=options)


def send_test(
    path: Path,
    to: Iterable[str],
    *,
    project: Project,
    profile: Mapping[str, Any],
    settings: SmtpSettings | None = None,
    options: SendOptions | None = None,
    source: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Delivery:
    """Render ``path`` for ``profile`` and send it to ``to``. See the module docstring."""
    settings = settings or SmtpSettings()
    settings.password(environ)  # a missing password variable is found before any work
    message = prepare_test(
        path,
        to,
        project=project,
        profile=profile,
        settings=settings,
        options=options,
        source=source,
    )
    delivery = deliver(message, settings, environ=environ)
    delivery.file = project.relative(path)
    return delivery
