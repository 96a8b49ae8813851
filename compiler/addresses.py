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
#: names the clouds give their metadata service (each resolves to a metadata address
#: inside its cloud); a browser that resolves names itself is refused them by name
METADATA_NAMES = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.tencentyun.com",
        "metadata.platformequinix.com",
    }
)


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
        return (
            ""
            if allow_private
            else (f"{ip} is a private network address; not fetched without --allow-private")
        )
    return ""


def url_host_refusal(host: str, *, allow_private: bool) -> str:
    """Why a browser must not request a URL whose host is ``host`` (as a URL holds it:
    a name, an IPv4 literal, or an IPv6 literal with or without brackets), or "".

    An IP literal is judged by :func:`address_refusal`, also with the trailing dot a
    browser ignores (``169.254.169.254.``); a name only when it is one of the cloud
    metadata services' names (:data:`METADATA_NAMES`). Any other name passes: whoever
    resolves it must check the address it connects to."""
    name = host.strip("[]").lower()
    if name.endswith(".") and not name.endswith(".."):
        name = name[:-1]
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        if name in METADATA_NAMES:
            return f"{name} is a cloud metadata service's name; never fetched"
        return ""
    return address_refusal(name, allow_private=allow_private)
