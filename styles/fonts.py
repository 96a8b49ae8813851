"""Google Fonts imports for font stacks (``x-font-family`` and standard text props)."""

from __future__ import annotations

from urllib.parse import quote_plus

#: Popular Google Fonts families (lower-case → canonical name). Fonts outside this
#: list are treated as system or self-hosted fonts and not imported.
GOOGLE_FONTS: dict[str, str] = {
    name.lower(): name
    for name in (
        "Roboto",
        "Open Sans",
        "Lato",
        "Montserrat",
        "Poppins",
        "Inter",
        "Oswald",
        "Raleway",
        "Nunito",
        "Nunito Sans",
        "Ubuntu",
        "Merriweather",
        "Playfair Display",
        "Rubik",
        "Work Sans",
        "Noto Sans",
        "Noto Serif",
        "PT Sans",
        "PT Serif",
        "Source Sans 3",
        "Source Serif 4",
        "Roboto Slab",
        "Roboto Mono",
        "Roboto Condensed",
        "Lora",
        "Mulish",
        "Fira Sans",
        "Barlow",
        "Quicksand",
        "DM Sans",
        "DM Serif Display",
        "Manrope",
        "Karla",
        "Josefin Sans",
        "Libre Baskerville",
        "Libre Franklin",
        "Arimo",
        "Heebo",
        "IBM Plex Sans",
        "IBM Plex Serif",
        "IBM Plex Mono",
        "Bitter",
        "Cabin",
        "Crimson Text",
        "EB Garamond",
        "Space Grotesk",
        "Space Mono",
        "Archivo",
        "Outfit",
        "Figtree",
        "Plus Jakarta Sans",
        "Lexend",
        "Sora",
        "Urbanist",
        "Hind",
        "Titillium Web",
        "Exo 2",
        "Dancing Script",
        "Pacifico",
        "Bebas Neue",
        "Anton",
        "Abril Fatface",
        "Comfortaa",
        "Cormorant Garamond",
        "Inconsolata",
        "Zilla Slab",
        "Red Hat Display",
        "Red Hat Text",
        "Public Sans",
        "Assistant",
        "Kanit",
        "Prompt",
        "Jost",
        "Oxygen",
        "Varela Round",
        "Noto Sans JP",
        "Noto Sans KR",
        "Noto Sans SC",
        "Google Sans",
    )
}


def families(stack: str) -> list[str]:
    """The family names of a CSS font stack, unquoted."""
    out = []
    for part in stack.split(","):
        name = part.strip().strip("'\"").strip()
        if name:
            out.append(name)
    return out


def google_families(stack: str) -> list[str]:
    return [
        GOOGLE_FONTS[f.lower()]
        for f in families(stack)
        if f.lower() in GOOGLE_FONTS and f.lower() != "google sans"
    ]


def google_font_link(stack: str) -> str:
    """A ``<link>`` importing the Google fonts of ``stack`` (all weights used by
    standard components), or "" when it names none."""
    found = google_families(stack)
    if not found:
        return ""
    query = "&amp;".join(f"family={quote_plus(f)}:wght@300;400;700" for f in found)
    return (
        f'<link href="https://fonts.googleapis.com/css2?{query}&amp;display=swap" rel="stylesheet">'
    )
