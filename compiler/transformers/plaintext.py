"""The plain-text part, generated from the final HTML (the Text tab's "Generate").

Headings stand on their own lines (``#`` marks optional), paragraphs and
blocks are separated by blank lines, list items get ``- `` or ``1. ``, links
become ``text (url)`` (just ``url`` when the text is the URL; ``mailto:`` shows
the address), images inside links give their ``alt``. Skipped: the head,
``<style>``/``<script>``, hidden elements (``display:none``, ``mso-hide:all``,
``aria-hidden="true"``, zero-size screen-reader text), the preheader and its
filler characters, and MSO-only conditional content. Liquid stays as written,
in text and in link URLs.
"""

from __future__ import annotations

import html as html_lib
import re
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Any, cast

from compiler.transformers.core import liquid_guard, markup
from compiler.transformers.core.base import option
from compiler.transformers.core.markup import Markup, Tag
from components.diagnostics import Issue, error
from components.markup.elements import NOT_SHOWN, SERIALIZES_AS_VOID, TEXT_ONLY

NAME = "plaintext"


@dataclass(frozen=True)
class Options:
    enabled: bool = option(True, "Generate the plain-text part from the final HTML.")
    heading_marks: bool = option(False, "Prefix headings with # marks (markdown style).")
    link_urls: bool = option(True, "Write links as 'text (url)'.")
    width: int = option(0, "Wrap lines at this width (0 = no wrapping).")


_BLOCK = frozenset(
    {
        "p",
        "div",
        "table",
        "tr",
        "ul",
        "ol",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "center",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "pre",
        "dl",
        "dt",
        "dd",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: start tags that do more than write a separator (links, lists, headings, pre)
_START_ACTS = frozenset({"a", "img", "ul", "ol", "li", "pre", *_HEADINGS})
#: what a start / end tag writes when that is all it does
_START_WRITES = {**dict.fromkeys(_BLOCK - _START_ACTS, "\n\n"), "tr": "\n", "br": "\n"}
_END_WRITES = {
    **dict.fromkeys(_BLOCK - {"ul", "ol", "pre"}, "\n\n"),
    "tr": "\n",
    "td": " ",
    "th": " ",
}
#: start and end tags that write a paragraph break and nothing else
_BREAKS = frozenset(n for n, w in _START_WRITES.items() if w == "\n\n" == _END_WRITES.get(n))
#: start and end tags that write less: a line break (``tr``, ``br``), a space (the end of
#: a cell), or nothing (the table sections, the inline tags that style text)
_QUIET = frozenset(
    {
        "tr",
        "br",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "html",
        "body",
        "span",
        "font",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "s",
        "small",
        "sup",
        "sub",
    }
)
#: The document's scan with runs of those tags (see :func:`markup.scan_runs`): a run of
#: layout tags between two texts is one match, and one with a break writes one (the
#: separators its tags write, tidied, would be that break; :func:`_walk`).
_SCAN = markup.scan_runs(_BREAKS, _QUIET)
#: Without ``#`` marks a heading's tags write a paragraph break and nothing else: the scan
#: for that case holds them in runs too (the text of a heading is what it was before).
_BREAKS_PLAIN = _BREAKS | _HEADINGS
_SCAN_PLAIN = markup.scan_runs(_BREAKS_PLAIN, _QUIET)
#: what a start tag writes in a run of :data:`_SCAN_PLAIN`
_START_WRITES_PLAIN = {**_START_WRITES, **dict.fromkeys(_HEADINGS, "\n\n")}
FIELDS = markup.FIELDS  # items per match of markup.split
_FILLER = re.compile("[\u034f\u200b\u200c\u200d\u2007\u00ad\ufeff\u2060]")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|mso-hide\s*:\s*all|visibility\s*:\s*hidden|max-height\s*:\s*0(?![.\d])",
    re.I,
)


#: The styles of :data:`_HIDDEN_STYLE` in lower case, each tested only where the word it
#: needs is (a search for a word is much faster than one for a pattern; the fourth,
#: ``visibility:hidden``, has ``hidden``)
_DISPLAY_NONE = re.compile(r"display\s*:\s*none")
_MSO_HIDE = re.compile(r"mso-hide\s*:\s*all")
_MAX_HEIGHT = re.compile(r"max-height\s*:\s*0(?![.\d])")
#: whitespace that :func:`_flow` writes as one space: a run, or one that is not a space
#: (as ``\s+`` to " ", without replacing each single space by itself)
_SPACES = re.compile(r"\s{2,}|[^\S ]")
_BLANKS = re.compile(r"[ \t]{2,}")
_NEWLINES = re.compile("\n\n\n+")


def _hiding_words(low: str) -> bool:
    """Whether a tag's lower-cased attribute text has a word every way of hiding needs
    (most tags have none of them: no attribute parse; ``hid`` is in both ``hidden`` and
    ``mso-hide``)."""
    return "none" in low or "hid" in low or "max-height" in low


def _may_hide(low: str) -> bool:
    """Whether lower-cased attribute text (of a tag, or of a run of tags) may hide: it has
    ``hidden`` (the attribute, ``aria-hidden``, ``visibility:hidden``) or a hiding style
    of :data:`_HIDDEN_STYLE`. Where the text is ASCII, or has none of the characters that
    the style pattern's case-insensitive match takes for ASCII letters (İ, ı and ſ;
    :func:`markup.split` refuses them), False means that nothing in it hides."""
    # "none" is in many styles (text-decoration:none): it must be "display…none"; both
    # "hidden" and "mso-hide" have "hid" (one search where neither is)
    return (
        "hid" in low
        and ("hidden" in low or ("mso-hide" in low and _MSO_HIDE.search(low) is not None))
    ) or (
        ("none" in low and _DISPLAY_NONE.search(low) is not None)
        or ("max-height" in low and _MAX_HEIGHT.search(low) is not None)
    )


def _hidden(attrs: str, low: str, styles: dict[str, bool]) -> bool:
    """Whether a start tag with the attribute text ``attrs`` (``low``: lower-cased, with
    :func:`_hiding_words`) hides its content; ``styles`` caches the answer per style
    value (emails repeat the same inline styles)."""
    if low.isascii() and not _may_hide(low):
        return False
    tag = Tag("", "", False, None, attrs)
    if tag.has("hidden") or (tag.get("aria-hidden") or "").lower() == "true":
        return True
    style = tag.get("style")
    if not style:
        return False
    found = styles.get(style)
    if found is None:
        found = styles[style] = _HIDDEN_STYLE.search(style) is not None
    return found


def generate(html: str, options: Options | None = None, *, preheader: str = "") -> str:
    """Plain text for ``html`` (Liquid kept).

    One walk over the document's scan with its tokens masked (:func:`liquid_guard.mask`),
    no node made, each piece it reads guarded as it is read; where that scan is not how
    the guarded tree reads the document (a token in a tag's attribute list, a raw-text
    body holding markup), the walk goes over that tree's nodes (:func:`markup.flat`).
    """
    return _generate(html, options or Options(), preheader)[0]


def _generate(html: str, opts: Options, preheader: str) -> tuple[str, list[str] | None]:
    """:func:`generate`'s text, and the template tokens of ``html`` where its one scan
    read them (beside the brace entities the mask holds too: no token is one), else
    None."""
    if not opts.enabled:
        return "", []
    # (wrapped lines are measured with the placeholders of the guarded tree's prefix)
    masked = liquid_guard.mask(html, same_prefix=opts.width > 0)
    if masked is not None:
        text = _walk(_scan(masked, opts), masked, opts, preheader, exact=False)
        if text is not None:
            return text, masked.guard.segments
    guard, doc = liquid_guard.protect_parsed(html)
    return generate_guarded(doc, guard, opts, html=html, preheader=preheader), None


def generate_guarded(
    doc: Markup, guard: liquid_guard.Guarded, opts: Options, *, html: str, preheader: str = ""
) -> str:
    """:func:`generate` on an already guarded and parsed document (the runner's final
    tree, which a walk over its nodes reads faster than a new scan of ``html``, the HTML
    it restores to)."""
    parts = iter(markup.flat(doc.nodes))
    lead = next(parts)
    # the tuples of _SCAN's matches: no runs (two None), then split()'s groups and text
    matches = chain(
        ((None,) * (_SCAN.groups) + (lead,),), zip(repeat(None), repeat(None), *([parts] * FIELDS))
    )
    text = _walk(matches, liquid_guard.Masked.of(guard, html), opts, preheader, exact=True)
    assert text is not None
    return text


def _piece(length: int) -> int:
    """How many characters of a page of ``length`` are masked and scanned at a time. The
    piece (a ``str`` as wide as the page's: two bytes a character where one is beyond
    Latin-1) and its matches are the step's largest allocation beside the page: a piece
    of at most a quarter of the page keeps them small beside it (the 32-block component
    email's default compile peaked at 5.6x its output with 16,384-character pieces,
    4.7x with a quarter), and at least 8,192 characters keeps the pieces few (each end
    of a piece reads the match it cuts twice: a long run of layout tags in MJML's output)."""
    return min(16384, max(8192, length // 4))


def _scan(
    masked: liquid_guard.Masked, opts: Options, size: int | None = None
) -> Iterator[tuple[str | None, ...]]:
    """The matches of :data:`_SCAN` (:data:`_SCAN_PLAIN` without heading marks) in a
    masked document, read ``size`` characters at a time (:func:`markup.matches`; where
    İ, ı or ſ could make the guarded tree read the document otherwise, :func:`_walk`
    hands over: :func:`markup.folded`). By default a piece is a quarter of the document,
    at least 8,192 and at most 16,384 characters (:func:`_piece`)."""
    scan = _SCAN if opts.heading_marks else _SCAN_PLAIN
    found = markup.matches(
        masked.html, size or _piece(len(masked.html)), masked.piece, scan, folds=False
    )
    assert found is not None  # (None only where folds are looked for)
    return found


#: The dictionary :func:`_walk` notes whether a start tag hides its content in, by its
#: attribute text (a test gives one that notes nothing: each tag read anew)
_HidingOf = dict


def _walk(
    matches: Iterator[tuple[str | None, ...]],
    masked: liquid_guard.Masked,
    opts: Options,
    preheader: str,
    *,
    exact: bool,
) -> str | None:
    """The text of a masked document read as :data:`_SCAN` does. Unless ``exact``, None
    where the guarded tree reads the document otherwise: a raw-text body not ended by
    the next match, a token in a tag's name or attribute list, a text run that its
    placeholders cut into more than text; and where a ``<pre>`` is left open at the end
    (its text is tidied as preformatted, where a run's break is not what its tags wrote).

    A run of layout tags with a break (:data:`_BREAKS`) writes one break ``\n\n``
    where nothing it holds hides, no token is in it, and no ``<pre>``, link, hidden or
    skipped element is open; the separators its tags would write (``\n\n``, ``\n``,
    ``" "``), with whitespace around them, are tidied (:func:`_tidy`) to the same text.
    Any other run is read tag by tag, as :func:`markup.split` cuts it; one that starts
    inside a hidden element only up to that element's end (its tags only nest or end
    it), the rest of it as a run.
    """
    guard = masked.guard
    fill = masked.fill
    out: list[str] = []
    append = out.append
    skip_depth = 0
    hidden_stack: list[str] = []
    # (href guarded, href with its tokens or None, index in out where the link text starts)
    links: list[tuple[str, str | None, int]] = []
    lists: list[list[int]] = []  # counters (-1 for ul)
    pre = 0
    hidden_styles: dict[str, bool] = {}
    # a start tag's attribute text → whether it hides its content (emails repeat their
    # tags: each text read once per walk, never kept across walks)
    hiding_of: dict[str, bool] = _HidingOf()
    runs_written: dict[str, tuple[str, str] | None] = {}  # see _run_writes
    raw = ""  # the raw-text element whose body the last text was
    start_writes = _START_WRITES
    end_writes = _END_WRITES
    run_starts = _START_WRITES if opts.heading_marks else _START_WRITES_PLAIN
    run_breaks = _BREAKS if opts.heading_marks else _BREAKS_PLAIN
    start_acts = _START_ACTS
    raw_text = TEXT_ONLY
    skip = NOT_SHOWN
    void = SERIALIZES_AS_VOID
    placeholder = "!--" + guard.prefix  # a text placeholder comment starts so
    folded = markup.folded
    segments = guard.segments
    # a token is written as it is where the tidy cannot change it (see _as_is), else as
    # its placeholder (restored after the tidy); wrapped lines measure placeholders
    direct = opts.width <= 0
    collapsed = False  # whether a run wrote its separators as one (see above)
    # what is read: the matches, and before the rest of them the matches of a run read
    # tag by tag (the loop starts again over both)
    # (a tag's name and attributes are str where its name is: Any keeps the loop light)
    reading = cast(Iterator[tuple[Any, ...]], matches)
    while True:
        for breaks, quiet, comment, _decl, end, tag_name, attrs, text in reading:
            if not exact and "<" in text and folded(text):
                return None  # (see markup.folded)
            if raw:
                if not exact and not markup.ends_raw(raw, end, tag_name, attrs):
                    return None
                raw = ""
            if breaks is not None or quiet is not None:
                run = breaks or quiet
                parts = _cut(run) if fill in run else None  # its matches, where needed
                if parts is not None and not all(
                    masked.plain_tag(n, a)
                    for n, a in zip(parts[4::FIELDS], parts[5::FIELDS], strict=True)
                    if n is not None and a is not None and fill in a
                ):
                    return None  # a token in a tag's attribute list (see below)
                hides = hidden_stack or pre
                separated = None  # what it writes as a run: its separators, the space after
                if not hides and not skip_depth:
                    if parts is None and (breaks is None or links):
                        # (what such a run writes is read once per walk: the same runs
                        # recur, a button's or a line break's; one comment, an MSO
                        # conditional, writes nothing and never hides: only the whitespace
                        # after it, which starts the text after it)
                        if run[:3] == "!--" and (
                            run.find("-->") + 3 == len(body := run.rstrip(" \t\r\n"))
                        ):
                            separated = ("", run[len(body) :])
                        elif run in runs_written:
                            separated = runs_written[run]
                        else:
                            separated = runs_written[run] = _run_writes(run, run_starts)
                        hides = separated is None
                    # (the words may be in its comments; in what is skipped nothing is read)
                    elif _may_hide(run.lower()):
                        parts = parts or _cut(run)
                        hides = _may_hide(_attributes(parts))
                if skip_depth and not hidden_stack:
                    pass  # its tags (none skipped) write nothing here, nor end what is skipped
                elif not hides:
                    if breaks is not None and not links:
                        append("\n\n")  # what its tags write, tidied (see above)
                        collapsed = True
                    else:  # exactly what its tags write (a link's text is compared)
                        if separated is None:
                            parts = parts or _cut(run)
                            separated = (_separators(parts, run_starts), cast(str, parts[-1]))
                        append(separated[0])
                        # the text after the run starts with the whitespace after its last tag
                        text = separated[1] + text  # noqa: PLW2901 - read as one text
                else:  # read next, tag by tag
                    parts = parts or _cut(run)
                    first = 1  # its first match read tag by tag
                    if hidden_stack and not pre and not skip_depth:
                        # inside a hidden element its tags only nest or end that element:
                        # read here up to its end, the rest of the run read as a run
                        first = _unhidden(parts, hidden_stack)
                        if first < 0:
                            first = len(parts)  # (the text after it is hidden too)
                        elif first < len(parts):
                            after = parts[first:]  # the matches after its end
                            if (
                                not links
                                and any(n in run_breaks for n in after[3::FIELDS])
                                and not _may_hide(_attributes([None, *after]))
                            ):
                                append("\n\n")  # as for a run (see above)
                                collapsed = True
                                first = len(parts)
                            elif parts[first - 1]:
                                append(" ")  # the whitespace after the element's end
                    if first == len(parts):  # no tag left: the text after the run is read
                        text = cast(str, parts[-1]) + text  # noqa: PLW2901 - read as one text
                    else:
                        parts[-1] = cast(str, parts[-1]) + text  # the text after its last tag
                        groups = iter(parts)
                        for _ in range(first):
                            next(groups)  # the text and the matches read already
                        reading = chain(
                            zip(repeat(None), repeat(None), *([groups] * FIELDS)), reading
                        )
                        break
                if not text:
                    continue
            if tag_name is not None:
                if not exact and (
                    ((fill in attrs or fill in tag_name) and not masked.plain_tag(tag_name, attrs))
                    or (not tag_name.isascii() and folded(tag_name))
                ):
                    return None
                name = tag_name if tag_name.islower() else tag_name.lower()
                if end is None:
                    if name in raw_text:
                        raw = name  # its body (the text after it) is never text of the email
                    if hidden_stack:
                        if name == hidden_stack[-1] and name not in void:
                            hidden_stack.append(name)
                    elif name in skip:
                        skip_depth += 1
                    elif skip_depth:
                        pass
                    elif name not in void and (
                        hide
                        if (hide := hiding_of.get(attrs)) is not None
                        else hiding_of.setdefault(
                            attrs,
                            _hiding_words(low := attrs.lower())
                            and _hidden(attrs, low, hidden_styles),
                        )
                    ):
                        hidden_stack.append(name)
                    else:
                        written = start_writes.get(name)
                        if written is not None:
                            append(written)
                        elif name in start_acts:
                            if name == "a":
                                # (the first attribute, double-quoted: read as markup.attribute
                                # reads it first, without the call)
                                if attrs.startswith(' href="') and (q := attrs.find('"', 7)) > 0:
                                    href = attrs[7:q]
                                else:
                                    href = markup.attribute(attrs, "href") or ""
                                restored = None  # the URL with its tokens, where read here
                                if fill in href:
                                    if "&" not in href:  # (else as the guarded tree has it)
                                        # (its words hold no "&" either: none to unescape)
                                        href, restored = masked.words_and_tokens(href)
                                        restored = restored.strip()
                                    else:
                                        href = html_lib.unescape(masked.reveal(href, False))
                                elif "&" in href:
                                    href = html_lib.unescape(href)
                                links.append((href.strip(), restored, len(out)))
                            elif name == "img":
                                if links:
                                    if attrs.startswith(' alt="') and (q := attrs.find('"', 6)) > 0:
                                        alt: str | None = attrs[6:q]  # (as for href above)
                                    else:
                                        alt = markup.attribute(attrs, "alt")
                                    if alt and fill in alt:
                                        alt = html_lib.unescape(masked.reveal(alt, False))
                                        if direct:
                                            shown = liquid_guard.restore_text(alt, guard)
                                            if _as_is(shown):
                                                alt = shown
                                        append(alt)
                                    elif alt:
                                        append(html_lib.unescape(alt))
                            elif name == "li":
                                if lists and lists[-1][0] >= 0:
                                    lists[-1][0] += 1
                                    append(f"\n{lists[-1][0]}. ")
                                else:
                                    append("\n- ")
                            elif name == "pre":
                                pre += 1
                                append("\n\n")
                            elif name in _HEADINGS:
                                append(
                                    "\n\n"
                                    + ("#" * int(name[1]) + " " if opts.heading_marks else "")
                                )
                            else:  # ul, ol
                                lists.append([0 if name == "ol" else -1])
                                append("\n\n")
                elif hidden_stack:
                    if name == hidden_stack[-1] and name not in void:
                        hidden_stack.pop()
                elif name in skip:
                    skip_depth = max(skip_depth - 1, 0)
                elif skip_depth:
                    pass
                else:
                    written = end_writes.get(name)
                    if written is not None:
                        append(written)
                    elif name == "a":
                        if links:
                            _end_link(out, links.pop(), guard, opts, direct)
                    elif name == "pre":
                        pre = max(0, pre - 1)
                        append("\n\n")
                    elif name in ("ul", "ol"):
                        if lists:
                            lists.pop()
                        append("\n\n")
                if raw or not text:
                    continue
            elif comment is not None:
                if comment.startswith(placeholder) and not (skip_depth or hidden_stack):
                    index = guard.text_placeholder("<" + comment)
                    if index is not None:
                        append(
                            segments[index]
                            if direct and index < len(segments) and _as_is(segments[index])
                            else "<" + comment
                        )
                if not text:
                    continue
            elif not text:
                continue
            if fill in text:
                # tokens in text: guarded (recorded as text tokens even where skipped), then
                # read as the guarded tree has it, text and placeholders
                if "<" not in text:  # text and placeholders, each token's comment
                    bits = masked.text_pieces(text)
                    if skip_depth or hidden_stack:
                        continue
                    if bits[0]:
                        append(_flow(bits[0], pre))
                    for i in range(1, len(bits), 2):
                        token = segments[int(bits[i])]
                        append(
                            token if direct and _as_is(token) else f"<{placeholder}{bits[i]}x-->"
                        )
                        if bits[i + 1]:
                            append(_flow(bits[i + 1], pre))
                    continue
                cut = markup.split(masked.reveal(text, True))
                if skip_depth or hidden_stack:
                    continue
                if cut is None:
                    return None
                if cut[0]:
                    append(_flow(cut[0], pre))
                rest = iter(cut)
                next(rest)
                for c, _d, _e, _n, _a, after in zip(*([rest] * FIELDS), strict=True):
                    if c is None or guard.text_placeholder("<" + c) is None:
                        return None
                    append("<" + c)
                    if after:
                        append(_flow(after, pre))
                continue
            if skip_depth or hidden_stack:
                continue
            if text.isascii() and "&" not in text and "  " not in text and text.isprintable():
                append(text)  # (what _flow writes of such a text: itself)
            else:
                append(_flow(text, pre))
        else:
            break
    if pre and collapsed:
        return None
    return _tidy(out, pre, guard, opts, preheader)


def _cut(run: str) -> list[str | None]:
    """The matches of a run (:func:`markup.split`'s layout)."""
    parts = markup.split("<" + run, folds=False)  # (its names are ASCII: markup.folded)
    assert parts is not None
    return parts


def _run_writes(run: str, starts: dict[str, str]) -> tuple[str, str] | None:
    """What a run with no token writes where no element open changes it and its tags
    write their separators (:func:`_separators`; ``starts``: a start tag's), and the
    whitespace after its last tag, which starts the text after it; None where something
    in it may hide (the hiding words on the whole run, then on its tags' attributes:
    where they are only in its comments, it does not)."""
    parts = None
    if _may_hide(run.lower()):
        parts = _cut(run)
        if _may_hide(_attributes(parts)):
            return None
    parts = parts or _cut(run)
    return _separators(parts, starts), cast(str, parts[-1])


def _unhidden(parts: list[str | None], hidden: list[str]) -> int:
    """Reads the matches of a run (:func:`_cut`) inside the hidden element at the top of
    ``hidden`` as the walk does (a tag of its name nests or ends it; nothing else of them
    is read) up to the end tag that ends what is hidden: the index of the first match
    after it, or -1 where the run ends inside it."""
    void = SERIALIZES_AS_VOID
    for i in range(1, len(parts), FIELDS):
        name = parts[i + 3]
        if name is not None and name == hidden[-1] and name not in void:
            if parts[i + 2] is None:
                hidden.append(name)
            else:
                hidden.pop()
                if not hidden:
                    return i + FIELDS
    return -1


def _separators(parts: list[str | None], starts: dict[str, str]) -> str:
    """What the tags of a run (:func:`_cut`) write where no element open changes it
    (see :func:`_walk`): each tag's separator (``starts``: a start tag's), a space for
    the whitespace between two (the whitespace after the last is the start of the text
    after the run)."""
    out = []
    last = len(parts) - 1  # the index of that whitespace
    for i in range(1, len(parts), FIELDS):
        end, name, text = parts[i + 2], parts[i + 3], parts[i + 5]
        if name is not None:
            written = (_END_WRITES if end else starts).get(name)
            if written is not None:
                out.append(written)
        if text and i + FIELDS - 1 != last:
            out.append(" ")
    return "".join(out)


def _attributes(parts: list[str | None]) -> str:
    """The attribute texts of a run's tags (:func:`_cut`), lower-cased, for
    :func:`_may_hide` (the run is from :data:`_SCAN`: none of the characters that
    :func:`markup.split` refuses)."""
    return " ".join(cast(list[str], list(filter(None, parts[5::FIELDS])))).lower()


def _flow(text: str, pre: int) -> str:
    """A text run as it is written into the plain text (not yet tidied)."""
    if not pre and text.isspace():
        return " "
    if "&" in text:
        text = html_lib.unescape(text)
    if not text.isascii():
        text = _FILLER.sub("", text)
    # (no whitespace but single spaces: nothing to replace; isprintable() is False for
    # every other whitespace character)
    if pre or ("  " not in text and text.isprintable()):
        return text
    return _SPACES.sub(" ", text)


def _end_link(
    out: list[str],
    link: tuple[str, str | None, int],
    guard: liquid_guard.Guarded,
    opts: Options,
    direct: bool = False,
) -> None:
    """At a link's end: its URL after its text (``text (url)``), or instead of it when it
    has no text; not when the text shows the URL already. ``direct``: its tokens written
    as they are where the tidy cannot change them (:func:`_as_is`)."""
    guarded_href, href, start = link
    # Compare restored text; write guarded text (or the restored URL where the tidy
    # cannot change it: _as_is), so the whitespace clean-up of the walk's pieces can
    # never touch a token.
    shown_text = "".join(out[start:])
    prefix = guard.prefix
    if prefix in shown_text:
        shown_text = liquid_guard.restore_text(shown_text, guard)
    shown_text = shown_text.strip()
    if href is None:
        href = (
            liquid_guard.restore_text(guarded_href, guard)
            if prefix in guarded_href
            else guarded_href
        )
    if opts.link_urls and href and not href.startswith("#"):
        if href[0] in "mM" and href[:7].lower() == "mailto:":
            shown, written = href[7:], guarded_href[7:]
        else:
            shown, written = href, guarded_href
        if direct and written != shown and _as_is(shown):
            written = shown  # (what the placeholders of written restore to)
        if not shown_text:
            out[start:] = [written]
        elif shown_text != shown and shown not in shown_text:
            out.append(f" ({written})")


def _as_is(token: str) -> bool:
    """Whether a token (or a text holding tokens) is left as it is by :func:`_tidy`, so
    that it can be written as it is instead of its placeholder: lines are stripped (a
    token starts with ``{`` or ``&`` and ends with ``}`` or ``;``: only a line break in it
    matters), tabs and runs of spaces squeezed."""
    return "\n" not in token and "  " not in token and "\t" not in token


def _tidy(
    out: list[str], pre: int, guard: liquid_guard.Guarded, opts: Options, preheader: str
) -> str:
    """The walk's pieces as the plain text: whitespace tidied, lines wrapped, Liquid back."""
    # Whitespace is tidied and lines wrapped while every token that this could change
    # (one with a line break, a tab or two spaces; any token where lines are wrapped) is
    # still behind its placeholder (which holds no spaces), so no token is ever re-spaced
    # or split; the others are written as they are (:func:`_as_is`).
    # each line stripped (map: no bytecode per line); runs of 3+ newlines to two (one
    # regex pass: replacing "\n\n\n" until none is left reads the text once per halving),
    # of 2+ spaces and tabs to a space
    lines = "".join(out).split("\n")
    text = _NEWLINES.sub("\n\n", "\n".join(map(str.rstrip if pre else str.strip, lines)))
    text = text.strip()
    if "\t" in text:
        text = _BLANKS.sub(" ", text)
    while "  " in text:
        text = text.replace("  ", " ")
    if opts.width > 0:
        text = "\n".join(
            textwrap.fill(p, opts.width, break_long_words=False, break_on_hyphens=False) if p else p
            for p in text.split("\n")
        )
    text = liquid_guard.restore_text(text, guard)
    if "&" in text:  # (the brace entities' references, as the guard's tokens kept them)
        text = liquid_guard.BRACE_ENTITY_RE.sub(lambda m: html_lib.unescape(m.group(0)), text)
    pre_text = _FILLER.sub("", preheader).strip() if preheader else ""
    if pre_text and text.startswith(pre_text):
        text = text[len(pre_text) :].lstrip()
    return text + "\n" if text else ""


def generate_with_issues(
    html: str, options: Options | None = None, *, file: str = "", preheader: str = ""
) -> tuple[str, list[Issue]]:
    """:func:`generate` plus an error when the text has a template token the HTML has not.

    The text may leave tokens out (hidden content, the head) and repeats a
    link's Liquid URL after its text, but never invents or alters a token.
    """
    text, known = _generate(html, options or Options(), preheader)
    return text, check_tokens(text, html, file, known=known)


def check_tokens(
    text: str, html: str, file: str = "", *, known: Iterable[str] | None = None
) -> list[Issue]:
    """An error when ``text`` has a template token that ``html`` has not; ``known``: the
    tokens of ``html`` where they were read already (other strings beside them are
    fine: none is a token)."""
    found = set(liquid_guard.tokens(html) if known is None else known)
    written = liquid_guard.tokens(text)
    if found.issuperset(written):
        return []
    for token in written:
        if token not in found:
            return [
                error(
                    "plaintext/liquid-changed",
                    f"the plain-text part has the template token {token!r} that the HTML has not; "
                    "edit the text part by hand",
                    file,
                )
            ]
    return []
