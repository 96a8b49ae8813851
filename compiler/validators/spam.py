"""Content rules for deliverability, with explanations and a score.

From ``email-deliverability-best-practices.md`` and ``content-analysis.md``:
shouting capitals, ``!!!``, ``$$$`` and emoji runs, spam phrases, image-heavy
content, too many calls to action, URL shorteners, a missing unsubscribe link
in marketing email, a missing plain-text part, hidden text, link text that
shows a different domain than the link goes to, and subject-line checks.

Every finding carries ``points`` in ``Issue.data``; ``spam/score`` sums them
(lower is better; :data:`THRESHOLD` or more reads like spam). These are
heuristics, so findings are warnings, except a marketing email with no
unsubscribe link (Gmail and Yahoo require one from bulk senders): an error.

An email is *marketing* unless its front matter says ``type: transactional``,
it sits in a folder named ``transactional``, or the workspace setting
``email_type`` says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from compiler.envelope import read_front_matter
from compiler.validators.base import CheckContext
from compiler.validators.document import Document, Element, document
from components.diagnostics import Issue, Severity
from components.markup import LIQUID_RE

NAME = "spam"
THRESHOLD = 5.0

SPAM_PHRASES = (
    "100% free",
    "act now",
    "apply now",
    "as seen on",
    "buy now",
    "cash bonus",
    "click below",
    "click here",
    "congratulations",
    "double your",
    "earn extra cash",
    "earn money",
    "eliminate debt",
    "extra income",
    "fast cash",
    "free access",
    "free gift",
    "free money",
    "free trial",
    "get paid",
    "guaranteed",
    "increase sales",
    "limited time",
    "lowest price",
    "make money",
    "million dollars",
    "miracle",
    "no catch",
    "no cost",
    "no credit check",
    "no obligation",
    "once in a lifetime",
    "order now",
    "risk-free",
    "risk free",
    "special promotion",
    "this isn't spam",
    "urgent",
    "viagra",
    "winner",
    "you have been selected",
    "you're a winner",
    "work from home",
    "100% satisfied",
    "best price",
    "call now",
    "cheap",
)
URL_SHORTENERS = frozenset(
    {
        "bit.ly",
        "bitly.com",
        "tinyurl.com",
        "goo.gl",
        "t.co",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "rebrand.ly",
        "cutt.ly",
        "shorturl.at",
        "tiny.cc",
        "bl.ink",
        "t.ly",
        "rb.gy",
        "s.id",
        "lnkd.in",
        "soo.gd",
        "v.gd",
        "shorte.st",
        "adf.ly",
        "bc.vc",
        "po.st",
        "qr.ae",
        "x.co",
        "tr.im",
        "cli.gs",
        "short.io",
        "tiny.one",
        "u.to",
        "clck.ru",
        "trib.al",
    }
)
UNSUBSCRIBE_WORDS = re.compile(
    r"unsubscribe|opt[\s-]?out|manage (?:your )?(?:email )?preferences|email preferences"
    r"|subscription (?:center|centre|preferences)|abmelden|désabonner|desinscri|darse de baja"
    r"|cancelar suscripci|afmelden",
    re.I,
)
MAX_CTAS = 4
IMAGE_RATIO = 0.40
HIDDEN_TEXT_CHARS = 200
IMAGE_ONLY_CHARS = 30  # less visible text than this, with images, is an image-only email
# A character of body text covers roughly 8 × 20 px (14–16 px type, 1.4–1.5 line height).
PX2_PER_CHAR = 160
DEFAULT_IMAGE_AREA = 600 * 200

_CAPS_RUN = re.compile(r"\b(?:[A-Z][A-Z0-9'’]{2,}\b[\s,.:;!?-]*){3,}")
_EXCLAIM_RUN = re.compile(r"!{2,}|(?:![\s]*){3,}")
_CURRENCY_RUN = re.compile(r"[$€£¥₹]{2,}|(?:[$€£¥₹]\s*){3,}")
_DOMAIN_TEXT = re.compile(
    r"^(?:https?://)?(?:www\.)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24})(?:[/:?#]\S*)?$",
    re.I,
)
_FAKE_REPLY = re.compile(r"^\s*(?:re|fw|fwd)\s*:", re.I)
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\U0001f000-\U0001f2ff]")
_EMOJI_RUN = re.compile(
    "(?:[\U0001f300-\U0001faff\u2600-\u27bf\U0001f000-\U0001f2ff]"
    "[\ufe0f\u200d\U0001f3fb-\U0001f3ff\\s]*){3,}"
)
_BUTTON_STYLE = re.compile(r"background(?:-color)?\s*:\s*(?!transparent|none)[^;]+", re.I)
_BUTTON_CLASS = re.compile(r"\b(?:btn|button|cta)\b", re.I)
_PHRASES = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(p) for p in SPAM_PHRASES) + r")(?![\w])", re.I
)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    points: float
    explanation: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "spam/capitals", 1.5, "LOTS OF CAPITAL LETTERS read as shouting and trip spam filters."
        ),
        Rule("spam/exclamation", 1.0, "Runs of exclamation marks are a classic spam signal."),
        Rule("spam/currency", 1.0, "Runs of currency symbols ($$$) are a classic spam signal."),
        Rule(
            "spam/emoji",
            0.5,
            "Strings of emoji look spammy to filters and readers; use one where it adds meaning.",
        ),
        Rule("spam/phrases", 0.5, "Phrases common in spam raise filter scores; say it plainly."),
        Rule(
            "spam/image-ratio",
            1.5,
            "Keep images to at most 40% of the content; image-heavy email filters poorly in Gmail.",
        ),
        Rule(
            "spam/image-only",
            2.5,
            "An email with images and no text performs very poorly in Gmail's content filter.",
        ),
        Rule("spam/cta-count", 0.5, "No more than 3 to 4 calls to action; put the main one first."),
        Rule(
            "spam/url-shortener",
            2.0,
            "URL shorteners hide where links go; inbox providers filter "
            "email that uses them. Use the full URL.",
        ),
        Rule(
            "spam/unsubscribe-missing",
            3.0,
            "Marketing email must carry an unsubscribe link "
            "(Gmail and Yahoo bulk-sender requirements).",
        ),
        Rule("spam/text-part-missing", 1.0, "Send a plain-text part alongside the HTML."),
        Rule("spam/hidden-text", 1.5, "Large amounts of hidden text look like filter evasion."),
        Rule(
            "spam/link-domain-mismatch",
            2.0,
            "Link text that shows one domain while the link goes to another looks like phishing.",
        ),
        Rule("spam/subject-missing", 1.0, "Every email needs a subject line."),
        Rule(
            "spam/subject-length",
            0.3,
            "Long subject lines are cut off; aim for under 60 characters.",
        ),
        Rule("spam/subject-capitals", 1.5, "A shouting subject line trips spam filters."),
        Rule(
            "spam/subject-exclamation", 1.0, "Several exclamation marks in the subject look spammy."
        ),
        Rule("spam/subject-currency", 1.0, "Currency symbols in the subject look spammy."),
        Rule(
            "spam/subject-phrases", 1.0, "Spam phrases in the subject weigh more than in the body."
        ),
        Rule(
            "spam/subject-fake-reply",
            1.5,
            "A subject starting with RE:/FW: on a first message misleads readers and filters.",
        ),
        Rule("spam/subject-emoji", 0.5, "More than one emoji in the subject line looks spammy."),
    )
}

# Every rule this validator reports: the content rules plus the total.
RULE_IDS: tuple[str, ...] = (*RULES, "spam/score")


def check(ctx: CheckContext) -> Iterator[Issue]:
    doc = document(ctx)
    found = list(body_rules(ctx, doc)) + list(subject_rules(ctx))
    yield from found
    score = round(sum(float(str(i.data.get("points", 0))) for i in found), 2)
    severity = Severity.WARNING if score >= THRESHOLD else Severity.INFO
    yield ctx.issue(
        "spam/score",
        severity,
        f"content spam score {score:g} (lower is better; {THRESHOLD:g} or more reads like spam)",
        score=score,
        threshold=THRESHOLD,
        rules=sorted({i.rule for i in found}),
    )


def _issue(
    ctx: CheckContext,
    rule_id: str,
    message: str,
    offset: int = -1,
    severity: Severity = Severity.WARNING,
    **data: object,
) -> Issue:
    rule = RULES[rule_id]
    return ctx.issue(
        rule_id, severity, f"{message}. {rule.explanation}", offset, points=rule.points, **data
    )


def email_type(ctx: CheckContext) -> str:
    """``"marketing"`` or ``"transactional"``.

    Front matter ``type:`` first, then a folder named ``transactional`` in the
    email's path, then the workspace setting ``email_type``; marketing otherwise.
    """
    front = read_front_matter(ctx.result.source, ctx.file) if ctx.result.source else None
    value = ""
    if front is not None:
        value = str(front.settings.get("type", ""))
    if not value and "transactional" in PurePath(ctx.file).parts[:-1]:
        value = "transactional"
    if not value:
        value = str(ctx.project.settings.get("email_type", ctx.project.settings.get("type", "")))
    return "transactional" if value.strip().lower() == "transactional" else "marketing"


def _clean(text: str) -> str:
    return LIQUID_RE.sub(" ", text)


def body_rules(ctx: CheckContext, doc: Document) -> Iterator[Issue]:
    runs = [t for t in doc.texts if not t.hidden and not t.mso]
    # Capitals, exclamation and currency runs, phrases: located at the first hit.
    caps = exclaim = currency = emoji = None
    phrases: dict[str, int] = {}
    for t in runs:
        text = _clean(t.text)
        if emoji is None and (m := _EMOJI_RUN.search(text)):
            emoji = (t.start, m.group().strip())
        if caps is None and (m := _CAPS_RUN.search(text)):
            caps = (t.start, m.group().strip())
        if exclaim is None and (m := _EXCLAIM_RUN.search(text)):
            exclaim = (t.start, m.group())
        if currency is None and (m := _CURRENCY_RUN.search(text)):
            currency = (t.start, m.group())
        for m in _PHRASES.finditer(text):
            phrases.setdefault(m.group().lower(), t.start)
    letters = "".join(ch for t in runs for ch in _clean(t.text) if ch.isalpha())
    upper = sum(1 for ch in letters if ch.isupper())
    if caps is not None:
        yield _issue(ctx, "spam/capitals", f'capital letters: "{caps[1][:60]}"', caps[0])
    elif len(letters) >= 40 and upper / len(letters) > 0.3:
        yield _issue(
            ctx,
            "spam/capitals",
            f"{round(100 * upper / len(letters))}% of the letters are capitals",
            runs[0].start if runs else -1,
        )
    if exclaim is not None:
        yield _issue(ctx, "spam/exclamation", f'exclamation marks: "{exclaim[1]}"', exclaim[0])
    if currency is not None:
        yield _issue(ctx, "spam/currency", f'currency symbols: "{currency[1]}"', currency[0])
    if emoji is not None:
        yield _issue(ctx, "spam/emoji", f'a string of emoji: "{emoji[1]}"', emoji[0])
    for phrase, offset in phrases.items():
        yield _issue(ctx, "spam/phrases", f'spam phrase "{phrase}"', offset, phrase=phrase)

    yield from _image_ratio(ctx, doc)
    yield from _links(ctx, doc)

    if not ctx.result.text.strip():
        yield _issue(ctx, "spam/text-part-missing", "the email has no plain-text part")

    hidden = [t for t in doc.texts if t.hidden and not t.mso]
    hidden_chars = sum(len(_visible_chars(t.text)) for t in hidden)
    if hidden_chars > HIDDEN_TEXT_CHARS:
        yield _issue(
            ctx,
            "spam/hidden-text",
            f"{hidden_chars} characters of text are hidden from readers",
            hidden[0].start,
            characters=hidden_chars,
        )


def _visible_chars(text: str) -> str:
    return "".join(
        ch
        for ch in text
        if ch.isprintable()
        and not ch.isspace()
        and ch not in "\u200b\u200c\u200d\u2007\u034f\ufeff\u00ad"
    )


def _image_ratio(ctx: CheckContext, doc: Document) -> Iterator[Issue]:
    text_chars = sum(
        len(_visible_chars(_clean(t.text))) for t in doc.texts if not t.hidden and not t.mso
    )
    images = [e for e in doc.elements if e.tag == "img" and not e.hidden and not e.mso]
    if not images:
        return
    area = 0
    for img in images:
        w = _px(img.get("width")) or _px_style(img.get("style"), "width")
        h = _px(img.get("height")) or _px_style(img.get("style"), "height")
        if w and h:
            area += w * h
        elif w:
            area += w * w // 2
        else:
            area += DEFAULT_IMAGE_AREA
    if text_chars < IMAGE_ONLY_CHARS:
        yield _issue(
            ctx, "spam/image-only", "the email is all images and (almost) no text", images[0].at
        )
        return
    text_area = text_chars * PX2_PER_CHAR
    ratio = area / (area + text_area)
    if ratio > IMAGE_RATIO:
        yield _issue(
            ctx,
            "spam/image-ratio",
            f"images make up about {round(ratio * 100)}% of the content",
            images[0].at,
            ratio=round(ratio, 3),
        )


def _px(value: str) -> int:
    m = re.match(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", value or "")
    return int(float(m.group(1))) if m else 0


def _px_style(style: str, prop: str) -> int:
    m = re.search(rf"(?:^|;)\s*{prop}\s*:\s*(\d+(?:\.\d+)?)px", style or "", re.I)
    return int(float(m.group(1))) if m else 0


def is_button(el: Element) -> bool:
    """A link that looks like a button: role, class, or a filled background."""
    if el.tag == "button":
        return True
    if el.tag != "a":
        return False
    return (
        el.get("role") == "button"
        or bool(_BUTTON_CLASS.search(el.get("class")))
        or bool(_BUTTON_STYLE.search(el.get("style")))
    )


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def _registrable(host: str) -> str:
    parts = host.lower().removeprefix("www.").split(".")
    if (
        len(parts) >= 3
        and len(parts[-1]) == 2
        and parts[-2] in ("co", "com", "org", "net", "ac", "gov", "edu")
    ):
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def _links(ctx: CheckContext, doc: Document) -> Iterator[Issue]:
    anchors = [e for e in doc.elements if e.tag == "a" and not e.mso]
    ctas = [e for e in doc.elements if is_button(e) and not e.mso and not e.hidden]
    if len(ctas) > MAX_CTAS:
        yield _issue(
            ctx,
            "spam/cta-count",
            f"{len(ctas)} calls to action",
            ctas[MAX_CTAS].at,
            count=len(ctas),
        )
    shorteners: set[str] = set()
    unsubscribe = False
    for a in anchors:
        href = a.get("href").strip()
        host = _host(href) if href.lower().startswith(("http:", "https:", "//")) else ""
        if (
            host
            and (host in URL_SHORTENERS or host.removeprefix("www.") in URL_SHORTENERS)
            and host not in shorteners
        ):
            shorteners.add(host)
            yield _issue(
                ctx,
                "spam/url-shortener",
                f"link through the URL shortener {host}",
                a.at,
                host=host,
                url=href,
            )
        text = doc.text_of(a)
        if UNSUBSCRIBE_WORDS.search(text) or UNSUBSCRIBE_WORDS.search(href):
            unsubscribe = True
        m = _DOMAIN_TEXT.match(_clean(text).strip())
        if m and host and "{{" not in href:
            shown = m.group(1).lower()
            if _registrable(shown) != _registrable(host):
                yield _issue(
                    ctx,
                    "spam/link-domain-mismatch",
                    f'link text shows "{shown}" but the link goes to {host}',
                    a.at,
                    shown=shown,
                    host=host,
                )
    if not unsubscribe and "unsubscribe" in ctx.html.lower():
        # e.g. an ESP merge tag such as {% unsubscribe_url %} outside an <a>.
        unsubscribe = any(UNSUBSCRIBE_WORDS.search(e.get("href")) for e in doc.elements)
    if not unsubscribe and email_type(ctx) == "marketing":
        yield _issue(
            ctx, "spam/unsubscribe-missing", "no unsubscribe link found", severity=Severity.ERROR
        )


def subject_rules(ctx: CheckContext) -> Iterator[Issue]:
    subject = ctx.result.envelope.subject
    offset = _subject_offset(ctx.result.source)

    def issue(rule_id: str, message: str, **data: object) -> Issue:
        rule = RULES[rule_id]
        text = f"{message}. {rule.explanation}"
        if offset >= 0:
            return ctx.source_issue(
                rule_id, Severity.WARNING, text, offset, points=rule.points, **data
            )
        return ctx.issue(rule_id, Severity.WARNING, text, -1, points=rule.points, **data)

    if not subject.strip():
        yield issue("spam/subject-missing", "the email has no subject")
        return
    plain = _clean(subject).strip()
    if len(plain) > 60:
        yield issue(
            "spam/subject-length", f"the subject is {len(plain)} characters long", length=len(plain)
        )
    letters = [ch for ch in plain if ch.isalpha()]
    caps_words = [w for w in re.findall(r"[^\W\d_]{3,}", plain) if w.isupper()]
    if len(caps_words) >= 2 or (
        len(letters) >= 8 and sum(ch.isupper() for ch in letters) / len(letters) > 0.5
    ):
        yield issue("spam/subject-capitals", f'the subject shouts: "{plain[:60]}"')
    if plain.count("!") >= 2:
        yield issue(
            "spam/subject-exclamation", f"{plain.count('!')} exclamation marks in the subject"
        )
    if re.search(r"[$€£¥₹]", plain):
        yield issue("spam/subject-currency", "currency symbol in the subject")
    hits = sorted({m.group().lower() for m in _PHRASES.finditer(plain)})
    if hits:
        yield issue(
            "spam/subject-phrases",
            "spam phrase in the subject: " + ", ".join(f'"{h}"' for h in hits),
            phrases=hits,
        )
    if _FAKE_REPLY.match(plain):
        yield issue("spam/subject-fake-reply", "the subject starts like a reply or forward")
    if len(_EMOJI.findall(plain)) > 1:
        yield issue("spam/subject-emoji", "several emoji in the subject")


def _subject_offset(source: str) -> int:
    m = re.match(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^---", source, re.S | re.M)
    if not m:
        return -1
    s = re.search(r"^subject[ \t]*:", m.group(1), re.M)
    return m.start(1) + s.start() if s else -1
