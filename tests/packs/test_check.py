"""``cnscd packs check``: the national pack is clean; broken copies are refused by name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from cnscd_core.cli import main
from cnscd_core.i18n import set_language
from cnscd_core.packs import MAX_FILE_BYTES, check_pack, load_pack
from cnscd_core.plugins import PluginHost
from cnscd_core.plugins.default_packs import national_pack_path

SKILL = """
[[skills]]
code = "{code}"
alone_level = 1
name = {{ vi = "Kỹ năng", en = "Skill" }}
ladder = [
  {{ level = 0, code = "no", name = {{ vi = "Chưa", en = "No" }} }},
  {{ level = 1, code = "yes", name = {{ vi = "Được", en = "Yes" }} }},
]
"""


@pytest.fixture
def national_copy(tmp_path: Path) -> Path:
    target = tmp_path / "national"
    shutil.copytree(national_pack_path(), target)
    return target


def run_check(
    capsys: pytest.CaptureFixture[str], path: Path, *options: str
) -> tuple[int, dict[str, Any]]:
    code = main([*options, "packs", "check", str(path), "--json"])
    out, _err = capsys.readouterr()
    return code, json.loads(out)


def test_national_pack_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_check(capsys, national_pack_path())
    assert doc["problems"] == [] and doc["ok"] is True and code == 0
    content = load_pack(national_pack_path())
    assert content.manifest.name == "national"
    assert "vi" in content.manifest.languages and "en" in content.manifest.languages


def test_unknown_manifest_key(capsys: pytest.CaptureFixture[str], national_copy: Path) -> None:
    manifest = national_copy / "cnscd-pack.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("[pack]", '[pack]\nauthour = "x"'),
        encoding="utf-8",
    )
    code, doc = run_check(capsys, national_copy)
    assert code == 1
    assert any(
        p["file"] == "cnscd-pack.toml" and "authour" in p["message"] for p in doc["problems"]
    )


def test_path_escaping_the_pack(capsys: pytest.CaptureFixture[str], national_copy: Path) -> None:
    manifest = national_copy / "cnscd-pack.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        text + '\n[pack.files]\nskills = "../../etc/skills.toml"\n', encoding="utf-8"
    )
    code, doc = run_check(capsys, national_copy)
    assert code == 1
    assert any("../../etc/skills.toml" in p["message"] for p in doc["problems"])


def test_absolute_path_and_symlink_out(national_copy: Path, tmp_path: Path) -> None:
    set_language("en")  # the messages are asserted in English
    outside = tmp_path / "secret.txt"
    outside.write_text("bí mật", encoding="utf-8")
    (national_copy / "link.txt").symlink_to(outside)
    manifest = national_copy / "cnscd-pack.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + '\n[pack.files]\nguides = "/etc"\n', encoding="utf-8"
    )
    messages = [str(p) for p in check_pack(national_copy)]
    assert any("link.txt" in m and "outside the pack" in m for m in messages)
    assert any("'/etc'" in m for m in messages)


def test_broken_template(capsys: pytest.CaptureFixture[str], national_copy: Path) -> None:
    templates = national_copy / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "broken.html").write_text("<p>{% if x %}never closed</p>\n", encoding="utf-8")
    manifest = national_copy / "cnscd-pack.toml"
    if '"templates"' not in manifest.read_text(encoding="utf-8"):
        pytest.fail("the national pack should provide templates")
    code, doc = run_check(capsys, national_copy, "--lang", "en")
    assert code == 1
    (problem,) = [p for p in doc["problems"] if p["file"].endswith("broken.html")]
    assert problem["where"] == "line 1" and "does not parse" in problem["message"]


def test_oversized_file(national_copy: Path) -> None:
    (national_copy / "huge.csv").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    assert any(p.file == "huge.csv" for p in check_pack(national_copy))


def test_guide_missing_in_one_language(national_copy: Path) -> None:
    vi_guides = sorted((national_copy / "guides" / "vi").glob("*.md"))
    assert vi_guides, "the national pack should ship guides"
    (national_copy / "guides" / "en" / vi_guides[0].name).unlink()
    problems = check_pack(national_copy)
    assert any(p.file == f"guides/en/{vi_guides[0].name}" for p in problems)


def test_unknown_key_in_data_names_file_and_key(cnscd_content_pack: Any) -> None:
    pack = cnscd_content_pack({"skills.toml": SKILL.format(code="a") + 'nmae = "typo"\n'})
    (problem,) = check_pack(pack)
    assert problem.file == "skills.toml" and "nmae" in problem.message


def test_unknown_skill_and_unit_references(cnscd_content_pack: Any, cnscd_host: PluginHost) -> None:
    pack = cnscd_content_pack(
        {
            "apps.toml": '[[apps]]\ncode = "x"\nname = { vi = "X", en = "X" }\n'
            'skills = ["online_payment", "flying"]\nprovince = "99"\n',
            "villages.csv": "code,name,kind,commune\nV1,Bản A,bản,00000\n",
        }
    )
    messages = [str(p) for p in check_pack(pack, host=cnscd_host)]
    assert any("'flying'" in m for m in messages)
    assert not any("'online_payment'" in m for m in messages)  # known from the national pack
    assert any("'99'" in m for m in messages)
    problems = check_pack(pack, host=cnscd_host)
    assert any(
        p.file == "villages.csv"
        and "2" in p.where
        and "commune" in p.where
        and "'00000'" in p.message
        for p in problems
    )


def test_not_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, doc = run_check(capsys, tmp_path / "nope", "--lang", "en")
    assert code == 1 and "not a folder" in doc["problems"][0]["message"]


def test_packs_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["packs", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    national = next(r for r in rows if r["name"] == "national")
    assert national["provided_by"] == "default_packs"


def test_plugins_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plugins", "list", "--json"])
    doc = json.loads(capsys.readouterr().out)
    names = {p["name"] for p in doc["plugins"]}
    assert {"default_packs", "default_commands"} <= names
    assert code == (1 if doc["problems"] else 0)
