from __future__ import annotations

import json

from styles.globals import globals_object
from styles.io import default_styles, parse_styles

TEXT = """{
  "colors": [
    {"id": "khyqtq8v5rcs", "name": "Pink", "hex": "#FF69B4", "opacity": 100},
    {"id": "k2j3m4n5p6q7", "name": "Shadow Ink", "hex": "#000000", "opacity": 25}
  ],
  "fonts": [
    {"id": "fontfontfont", "name": "Body", "type": "custom", "family": "Open Sans",
     "url": "https://fonts.googleapis.com/css2?family=Open+Sans", "fallback": "Arial"}
  ],
  "radii": [{"id": "radiusradius", "name": "Round", "px": 8}],
  "spacing": [{"id": "spacespacesp", "name": "Gap", "px": 16.5}]
}"""


def test_globals_object_shape_and_values() -> None:
    obj = globals_object(parse_styles(TEXT))
    assert obj == {
        "colors": {
            "pink_khyqtq8v5rcs": "#ff69b4",
            "shadow_ink_k2j3m4n5p6q7": "rgba(0, 0, 0, 0.25)",
        },
        "fonts": {"body_fontfontfont": "'Open Sans', Arial, Helvetica, sans-serif"},
        "radii": {"round_radiusradius": "8px"},
        "spacing": {"gap_spacespacesp": "16.5px"},
    }
    assert json.loads(json.dumps(obj)) == obj


def test_globals_object_of_defaults_has_every_variable() -> None:
    styles = default_styles()
    obj = globals_object(styles)
    assert list(obj) == ["colors", "fonts", "radii", "spacing"]
    assert len(obj["colors"]) == len(styles.colors)
    for kind, values in obj.items():
        for key, css in values.items():
            assert key.rsplit("_", 1)[1].isalnum() and len(key.rsplit("_", 1)[1]) == 12
            assert css and "$" not in css, (kind, key)
