"""Preview settings: how the live preview and ``mailwright preview`` show an email.

Plain Python (no Qt). The studio's preview widget takes a
:class:`PreviewSettings`, subscribes to :attr:`PreviewSettings.changed`, and
writes back through the setters; :func:`studio.render.page.prepare_page`
turns an email plus a :class:`PreviewState` snapshot into the page the engine
loads.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from enum import Enum, StrEnum
from typing import Any

from studio.models.events import Event


class Scheme(StrEnum):
    """The colour scheme the preview emulates."""

    LIGHT = "light"
    DARK = "dark"  # prefers-color-scheme: dark
    # Partial inversion that honours [data-ogsc]/[data-ogsb] rules.
    FORCED_DARK_OUTLOOK = "forced-dark-outlook"
    FORCED_DARK_GMAIL = "forced-dark-gmail"  # full inversion

    @property
    def label(self) -> str:
        return _SCHEME_LABELS[self]


_SCHEME_LABELS = {
    Scheme.LIGHT: "Light",
    Scheme.DARK: "Dark",
    Scheme.FORCED_DARK_OUTLOOK: "Forced dark (Outlook)",
    Scheme.FORCED_DARK_GMAIL: "Forced dark (Gmail)",
}


class Vision(StrEnum):
    """A simulated visual impairment (one at a time)."""

    NONE = "none"
    PROTANOPIA = "protanopia"
    DEUTERANOPIA = "deuteranopia"
    TRITANOPIA = "tritanopia"
    ACHROMATOPSIA = "achromatopsia"

    @property
    def label(self) -> str:
        return _VISION_LABELS[self]


_VISION_LABELS = {
    Vision.NONE: "No filter",
    Vision.PROTANOPIA: "Protanopia (red-green)",
    Vision.DEUTERANOPIA: "Deuteranopia (red-green)",
    Vision.TRITANOPIA: "Tritanopia (blue-yellow)",
    Vision.ACHROMATOPSIA: "Achromatopsia (total)",
}


class SizeMode(StrEnum):
    """How the preview width is chosen."""

    DESKTOP = "desktop"
    MOBILE = "mobile"
    RESPONSIVE = "responsive"  # any width (the user drags the border)
    DEVICE = "device"  # one of :data:`DEVICES`


@dataclass(frozen=True, slots=True)
class Device:
    """A named screen the preview can imitate (CSS pixels)."""

    name: str
    width: int
    height: int


DESKTOP_WIDTH = 800  # wide enough to show a 600 px email with its background around it
MOBILE_WIDTH = 375
MIN_WIDTH = 200
MAX_WIDTH = 3840

DEVICES: tuple[Device, ...] = (
    Device("iPhone SE", 375, 667),
    Device("iPhone 15", 393, 852),
    Device("iPhone 15 Pro Max", 430, 932),
    Device("Pixel 8", 412, 915),
    Device("Galaxy S24", 360, 780),
    Device("iPad mini", 768, 1024),
    Device('iPad Pro 12.9"', 1024, 1366),
    Device("Laptop", 1280, 800),
    Device("Desktop HD", 1920, 1080),
)


def device_named(name: str) -> Device | None:
    key = name.strip().lower()
    return next((d for d in DEVICES if d.name.lower() == key), None)


@dataclass(frozen=True, slots=True)
class PreviewState:
    """One immutable snapshot of the preview settings (what page preparation reads)."""

    size_mode: SizeMode = SizeMode.DESKTOP
    responsive_width: int = DESKTOP_WIDTH
    device: str = DEVICES[0].name
    scheme: Scheme = Scheme.LIGHT
    block_images: bool = False
    block_styles: bool = False
    vision: Vision = Vision.NONE
    show_hidden: bool = False  # show content hidden by screen size

    def __post_init__(self) -> None:
        # Accept the enums' string values too ("mobile", "dark", …); bad values raise ValueError.
        object.__setattr__(self, "size_mode", SizeMode(self.size_mode))
        object.__setattr__(self, "scheme", Scheme(self.scheme))
        object.__setattr__(self, "vision", Vision(self.vision))

    @property
    def width(self) -> int:
        """The viewport width in CSS pixels for the current size mode."""
        if self.size_mode is SizeMode.MOBILE:
            return MOBILE_WIDTH
        if self.size_mode is SizeMode.RESPONSIVE:
            return clamp_width(self.responsive_width)
        if self.size_mode is SizeMode.DEVICE:
            d = device_named(self.device)
            return d.width if d else MOBILE_WIDTH
        return DESKTOP_WIDTH

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            out[f.name] = v.value if isinstance(v, Enum) else v
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PreviewState:
        """Read a saved snapshot; unknown keys and bad values fall back to defaults."""
        state = cls()
        conv: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            default = getattr(state, f.name)
            try:
                if isinstance(default, Enum):
                    conv[f.name] = type(default)(raw)
                elif isinstance(default, bool):
                    if isinstance(raw, bool):
                        conv[f.name] = raw
                elif isinstance(default, int):
                    if isinstance(raw, int) and not isinstance(raw, bool):
                        conv[f.name] = raw
                elif isinstance(raw, str):
                    conv[f.name] = raw
            except ValueError:
                continue
        return replace(state, **conv)


def clamp_width(width: int) -> int:
    return max(MIN_WIDTH, min(MAX_WIDTH, int(width)))


class PreviewSettings:
    """The preview's settings with change events.

    ``changed`` fires with the new :class:`PreviewState` after every effective
    change (setting a value to what it already is emits nothing).
    """

    def __init__(self, state: PreviewState | None = None) -> None:
        self._state = state or PreviewState()
        self.changed: Event[PreviewState] = Event()

    @property
    def state(self) -> PreviewState:
        return self._state

    @property
    def width(self) -> int:
        return self._state.width

    def update(self, **changes: Any) -> None:
        """Change several settings at once (one event)."""
        new = replace(self._state, **changes)
        if new.size_mode is SizeMode.RESPONSIVE:
            new = replace(new, responsive_width=clamp_width(new.responsive_width))
        if new != self._state:
            self._state = new
            self.changed.emit(new)

    def set_size_mode(self, mode: SizeMode | str) -> None:
        self.update(size_mode=SizeMode(mode))

    def set_width(self, width: int) -> None:
        """Responsive mode at ``width`` CSS pixels (clamped to 200–3840)."""
        self.update(size_mode=SizeMode.RESPONSIVE, responsive_width=clamp_width(width))

    def set_device(self, name: str) -> None:
        device = device_named(name)
        if device is None:
            raise ValueError(
                f"unknown device {name!r}; choose one of: " + ", ".join(d.name for d in DEVICES)
            )
        self.update(size_mode=SizeMode.DEVICE, device=device.name)

    def set_scheme(self, scheme: Scheme | str) -> None:
        self.update(scheme=Scheme(scheme))

    def set_vision(self, vision: Vision | str | None) -> None:
        self.update(vision=Vision(vision or Vision.NONE))

    def set_block_images(self, on: bool) -> None:
        self.update(block_images=bool(on))

    def set_block_styles(self, on: bool) -> None:
        self.update(block_styles=bool(on))

    def set_show_hidden(self, on: bool) -> None:
        self.update(show_hidden=bool(on))
