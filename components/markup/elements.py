"""The HTML standard's element categories: the one place that lists them.

Every reader and writer of HTML here (the markup parser and its name scan, the
transformers' markup scan, the validators' document scan, the studio's editor models
and preview patching) imports its element sets from this module, so they all read an
email the same way. A leaf module: it imports nothing, so the parser and everything
above it can import it.

Each set names the part of the HTML Living Standard (https://html.spec.whatwg.org/)
it comes from; ``tests/components/markup/test_elements.py`` writes those lists out
again and checks the sets against them. Where Mailwright needs a set the standard
does not list as such, it is built from the standard's sets here, with what it adds
and why.
"""

from __future__ import annotations

__all__ = [
    "CLOSES_P",
    "DRAWS_NOTHING",
    "ESCAPABLE_RAW_TEXT_ELEMENTS",
    "NOT_SHOWN",
    "OPTIONAL_END",
    "RAW_TEXT_ELEMENTS",
    "SERIALIZES_AS_VOID",
    "TEXT_ONLY",
    "TEXT_ONLY_SCRIPTING",
    "VOID_ELEMENTS",
]

#: The void elements (§13.1.2 "Elements"): no content and no end tag. What to write
#: (an editor's expansion writes no end tag for these).
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)

#: The elements that serialize as void (§13.3 "Serializing HTML fragments"): the void
#: elements and the obsolete basefont, bgsound, frame, keygen and param, which the tree
#: builder also gives no content. What to read: every scan of HTML treats a start tag
#: of one of these as the whole element.
SERIALIZES_AS_VOID = VOID_ELEMENTS | frozenset({"basefont", "bgsound", "frame", "keygen", "param"})

#: The raw text elements (§13.1.2): their content is text, never markup or references.
RAW_TEXT_ELEMENTS = frozenset({"script", "style"})

#: The escapable raw text elements (§13.1.2): text and character references, no markup.
ESCAPABLE_RAW_TEXT_ELEMENTS = frozenset({"textarea", "title"})

#: Elements whose content the tokenizer reads as text up to their end tag, with
#: scripting disabled (§13.2.6.4.7 "in body" and §13.2.6.4.4 "in head": the RCDATA,
#: RAWTEXT and script data states): the raw text and escapable raw text elements, xmp,
#: iframe, noembed and noframes. A mail client runs no scripts, so ``<noscript>`` holds
#: markup. (``<plaintext>`` is left out: its text never ends, and the scans read it as
#: an ordinary element.) The markup parser, its name scan, the transformers' and the
#: validators' scans read these elements' content as one text (Liquid tokens aside).
TEXT_ONLY = (
    RAW_TEXT_ELEMENTS
    | ESCAPABLE_RAW_TEXT_ELEMENTS
    | frozenset({"xmp", "iframe", "noembed", "noframes"})
)

#: :data:`TEXT_ONLY` with scripting enabled, as a browser reads a page it runs scripts
#: in (the studio's preview): ``<noscript>`` is text too.
TEXT_ONLY_SCRIPTING = TEXT_ONLY | frozenset({"noscript"})

#: Elements whose end tag may be omitted (§13.1.2.4 "Optional tags"), and the obsolete
#: ruby elements rb and rtc, which the tree builder closes implicitly as it does rt and
#: rp (§13.2.6.3 "generate implied end tags"): an element of these closed by a
#: sibling's start tag, by its parent's end tag or at the end of the file is no mistake.
OPTIONAL_END = frozenset(
    {
        "html",
        "head",
        "body",
        "li",
        "dt",
        "dd",
        "p",
        "rt",
        "rp",
        "optgroup",
        "option",
        "colgroup",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "rb",
        "rtc",
    }
)

#: Start tags that close an open ``<p>`` (§13.2.6.4.7 "in body": the start tags whose
#: steps begin "if the stack of open elements has a p element in button scope, then
#: close a p element"). A superset of the elements the ``p`` end tag may be omitted
#: before (§13.1.2.4): what a browser does, not only what an author may write.
CLOSES_P = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "header",
        "hgroup",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "search",
        "section",
        "summary",
        "ul",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "listing",
        "form",
        "li",
        "dd",
        "dt",
        "plaintext",
        "table",
        "hr",
        "xmp",
    }
)

#: Elements whose text a reader of the email is taken never to see: the document's head
#: and what belongs there (title, style), script, template, noscript (whether a mail
#: client shows it varies; the validators' scan and the plain-text part have always
#: left it out) and Outlook's ``<xml>`` office settings
#: (``<o:PixelsPerInch>96</o:PixelsPerInch>``). Not a list of the standard's. The
#: plain-text part leaves their text out, the validators' scan the text directly in
#: them, the EMC rules any text inside them.
NOT_SHOWN = frozenset({"head", "noscript", "script", "style", "template", "title", "xml"})

#: Elements that draw nothing of their own, where an inline ``style`` means nothing:
#: area, base, link, meta, param, script, template and title (the standard's hidden
#: elements, §15.3.1, ``display: none``), source and track (only a media element reads
#: them), br and wbr (breaks, no box) and noscript. Not a list of the standard's.
#: Inline-css writes no declarations on them (bytes only).
DRAWS_NOTHING = frozenset(
    {
        "area",
        "base",
        "br",
        "link",
        "meta",
        "noscript",
        "param",
        "script",
        "source",
        "template",
        "title",
        "track",
        "wbr",
    }
)
