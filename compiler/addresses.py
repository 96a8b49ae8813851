"""Which network addresses Mailwright never connects to (a leaf: no network library, and
outside :mod:`compiler.validators` so that the preview engine imports it without them).

Used by the link and image checker's network backend (``compiler/validators/http.py``) and
by the preview's request guard (``studio/render/engine.py``): link-local and cloud metadata
addresses never; private networks only when the user allows them; loopback always.
"""

from __future__ import annotations

import ipaddress

METADATA = (ipaddress.ip_address("fd00:ec2::254"),)
LINK_LOCAL = (ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fe80::/10"))


def address_refusal(address: str, *, allow_private: bool) -> str:
    """Why the checker must not connect to ``address`` (an IP literal), or ""."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA or any(ip in net for net in LINK_LOCAL):
        return f"{ip} is a link-local or cloud metadata address; never fetched"
    if ip.is_loopback:
        return ""
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return f"{ip} is not a host address; not fetched"
    if ip.is_private or ip in ipaddress.ip_network("100.64.0.0/10"):
        return "" if allow_private else (
            f"{ip} is a private network address; not fetched without --allow-private")
    return ""
