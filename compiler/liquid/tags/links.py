"""Per-recipient links the sending platform fills in.

``{% unsubscribe_url %}``, ``{% view_in_browser_url %}``,
``{% manage_subscription_preferences_url %}``: previews show clearly fake URLs
on ``preview.mailwright.example`` (a reserved domain) naming the recipient.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from liquid.ast import Node
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import Token

from compiler.liquid.primitives import PREVIEW_HOST
from compiler.liquid.tags.arguments import OutputNode, no_arguments
from compiler.liquid.tags.recipient import recipient_id
from compiler.liquid.tags.syntax import DeclaredTag, valid_syntax

if TYPE_CHECKING:
    from liquid.context import RenderContext


class PreviewLinkNode(OutputNode):
    __slots__ = ("kind",)

    def __init__(self, token: Token, kind: str) -> None:
        super().__init__(token)
        self.kind = kind

    def __str__(self) -> str:
        return f"{{% {self.token.value} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        who = quote(recipient_id(context), safe="")
        return buffer.write(f"https://{PREVIEW_HOST}/{self.kind}/{who}")


def _link_tag(tag_name: str, kind: str) -> type[Tag]:
    class LinkTag(DeclaredTag):
        name = tag_name
        block = False
        syntax = valid_syntax(tag_name, tag_name)

        def parse(self, stream: TokenStream) -> Node:
            return PreviewLinkNode(no_arguments(stream, tag_name), kind)

    LinkTag.__name__ = f"{kind.title().replace('-', '')}Tag"
    return LinkTag


UnsubscribeUrlTag = _link_tag("unsubscribe_url", "unsubscribe")
ViewInBrowserUrlTag = _link_tag("view_in_browser_url", "view-in-browser")
ManagePreferencesUrlTag = _link_tag("manage_subscription_preferences_url", "preferences")

TAGS: tuple[type[Tag], ...] = (UnsubscribeUrlTag, ViewInBrowserUrlTag, ManagePreferencesUrlTag)
