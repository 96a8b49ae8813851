"""The product's Liquid tags, one module per tag or tag family, and their one :func:`register`.

* :mod:`.standard` — python-liquid's standard tags with the product's syntax
  messages; ``include``/``render`` refused (the product uses snippets);
* :mod:`.links` — ``unsubscribe_url``, ``view_in_browser_url``,
  ``manage_subscription_preferences_url``;
* :mod:`.cio_link` — ``cio_link``, ``cio_link_id``;
* :mod:`.random_number` — ``random``;
* :mod:`.render_liquid` — ``render_liquid``;
* :mod:`.countdown` — ``countdown``.

A new tag is one new module here declaring ``TAGS`` (each tag class with its
``syntax`` message) plus its line in :data:`TAGS`; the environment's one
``register`` adds them all. :mod:`.arguments` is the
public argument reader; :mod:`.syntax` reads the declarations back
(:func:`~compiler.liquid.tags.syntax.grammar`,
:func:`~compiler.liquid.tags.syntax.syntax_head`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compiler.liquid.tags import cio_link, countdown, links, random_number, render_liquid, standard

if TYPE_CHECKING:
    from liquid.tag import Tag

# Registered in this order, after python-liquid's own (same names replace them).
TAGS: tuple[type[Tag], ...] = (
    *standard.TAGS,
    *links.TAGS,
    *cio_link.TAGS,
    *random_number.TAGS,
    *render_liquid.TAGS,
    *countdown.TAGS,
)
