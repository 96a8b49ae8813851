"""Saved recipient groups: the file, the checks a send makes, rename and delete."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.models.recipient_groups import GroupError, RecipientGroups, groups_path


def test_groups_live_in_the_users_config_folder() -> None:
    assert groups_path({"XDG_CONFIG_HOME": "/x/cfg"}) == Path(
        "/x/cfg/mailwright/recipient-groups.json"
    )
    assert groups_path({"HOME": "/home/ana"}) == Path(
        "/home/ana/.config/mailwright/recipient-groups.json"
    )


def test_set_rename_delete_round_trip(tmp_path: Path) -> None:
    file = tmp_path / "g.json"
    groups = RecipientGroups.load(file)
    assert groups.names() == []
    assert groups.set("QA", ["Qa <qa@x.example>; QA@x.example", "b@x.example"]) == [
        "qa@x.example",
        "b@x.example",
    ]  # deduplicated as a send does
    groups.set("design", ["d@x.example"])
    again = RecipientGroups.load(file)
    assert again.names() == ["design", "QA"]
    again.rename("QA", "Quality")
    again.delete("design")
    assert RecipientGroups.load(file).groups == {"Quality": ["qa@x.example", "b@x.example"]}


@pytest.mark.parametrize(
    ("name", "addresses", "says"),
    [
        ("", ["a@x.example"], "needs a name"),
        ("x", ["not-an-address"], "not an email address: 'not-an-address'"),
        ("x", [f"a{i}@x.example" for i in range(26)], "at most 25"),
    ],
)
def test_a_bad_group_is_refused(tmp_path: Path, name: str, addresses: list[str], says: str) -> None:
    with pytest.raises(GroupError, match=says):
        RecipientGroups.load(tmp_path / "g.json").set(name, addresses)
    assert not (tmp_path / "g.json").exists()


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "g.json").write_text('{"groups": {"a": "b@x"}}', "utf-8")
    with pytest.raises(GroupError, match=r"g\.json: expected"):
        RecipientGroups.load(tmp_path / "g.json")
