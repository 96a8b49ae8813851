"""Preview settings model: widths per size mode, change events, saved state."""

from __future__ import annotations

import pytest

from studio.models.preview import (
    DESKTOP_WIDTH,
    DEVICES,
    MAX_WIDTH,
    MIN_WIDTH,
    MOBILE_WIDTH,
    PreviewSettings,
    PreviewState,
    Scheme,
    SizeMode,
    Vision,
)


def test_width_follows_size_mode() -> None:
    s = PreviewSettings()
    assert s.width == DESKTOP_WIDTH
    s.set_size_mode("mobile")
    assert s.width == MOBILE_WIDTH == 375
    s.set_width(512)
    assert (s.state.size_mode, s.width) == (SizeMode.RESPONSIVE, 512)
    s.set_device(DEVICES[3].name)
    assert s.width == DEVICES[3].width


def test_responsive_width_is_clamped() -> None:
    s = PreviewSettings()
    s.set_width(10)
    assert s.width == MIN_WIDTH
    s.set_width(100_000)
    assert s.width == MAX_WIDTH


def test_unknown_device_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown device"):
        PreviewSettings().set_device("Nokia 3310")


def test_changes_emit_once_and_no_op_changes_emit_nothing() -> None:
    s = PreviewSettings()
    seen: list[PreviewState] = []
    s.changed.connect(seen.append)
    s.set_scheme(Scheme.DARK)
    s.set_scheme("dark")
    s.set_vision("protanopia")
    s.update(block_images=True, block_styles=True)
    assert [st.scheme for st in seen] == [Scheme.DARK] * 3
    assert seen[1].vision is Vision.PROTANOPIA
    assert seen[2].block_images and seen[2].block_styles
    s.set_vision(None)
    assert seen[-1].vision is Vision.NONE
    assert len(seen) == 4


def test_bad_enum_values_raise() -> None:
    with pytest.raises(ValueError):
        PreviewSettings().set_scheme("sepia")


def test_state_round_trips_through_json_and_ignores_junk() -> None:
    state = PreviewState(
        size_mode=SizeMode.DEVICE,
        device=DEVICES[1].name,
        scheme=Scheme.FORCED_DARK_GMAIL,
        block_images=True,
        vision=Vision.TRITANOPIA,
        show_hidden=True,
    )
    assert PreviewState.from_json(state.to_json()) == state
    junk = {"scheme": "neon", "block_images": "yes", "responsive_width": "wide", "extra": 1}
    assert PreviewState.from_json(junk) == PreviewState()
