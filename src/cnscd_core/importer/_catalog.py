"""Reading names of things the plugins register: skills, apps, milestones, member roles.

Also the fixed vocabularies of the field records: guidance channels and team levels. Every
lookup is cached: an import reads the same few words thousands of times.
"""

from __future__ import annotations

import re
from typing import Any

from cnscd_core.i18n import gettext as _
from cnscd_core.importer._values import Invalid, cell_text
from cnscd_core.text import fold

__all__ = ["Catalog", "compact"]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENS = re.compile(r"\(([^)]*)\)")
_SKILL_NUMBER = re.compile(r"^(?:kynangso|kynang|kn|skill|so)?(\d+)$")
_LEVEL_NUMBER = re.compile(r"^(?:mucdo|muc|level|capdo|m|buoc)?(\d+)$")


def compact(text: str) -> str:
    """Accent-free, lower-case, letters and digits only: the key names are compared by."""
    return _NON_ALNUM.sub("", fold(text))


#: How clerks write the rungs whatever the skill ("Tự làm được" rather than the skill's own
#: "Tự thanh toán được"), keyed by the rung codes the national ladders share.
_GENERIC_MILESTONE_TEXTS: dict[str, tuple[str, ...]] = {
    "not_aware": ("Chưa biết", "Không biết", "Chưa", "not aware", "none"),
    "aware": ("Đã biết", "Biết", "aware"),
    "guided": ("Làm được khi có hướng dẫn", "Có hướng dẫn", "Cần hướng dẫn",
               "Được hướng dẫn", "with guidance", "guided"),
    "alone": ("Tự làm được", "Tự thực hiện được", "Tự làm", "Thành thạo", "done alone",
              "alone"),
    "transacted": ("Đã giao dịch thật", "Đã thực hiện thật", "Đã sử dụng thật",
                   "Thực hiện thật", "real transaction", "real use"),
}  # fmt: skip
_GENERIC_MILESTONES: dict[str, frozenset[str]] = {
    code: frozenset(compact(t) for t in texts) for code, texts in _GENERIC_MILESTONE_TEXTS.items()
}


# Guidance channels: exact words first, then words a description contains (meeting words
# before "nhà", since "nhà văn hóa" is the village hall).
_CHANNEL_WORDS: dict[str, str] = {
    "doortodoor": "door_to_door",
    "tainha": "door_to_door",
    "dennha": "door_to_door",
    "tannha": "door_to_door",
    "tannoi": "door_to_door",
    "tructiep": "door_to_door",
    "trucieptainha": "door_to_door",
    "ditungnha": "door_to_door",
    "home": "door_to_door",
    "onestopdesk": "one_stop_desk",
    "motcua": "one_stop_desk",
    "bophanmotcua": "one_stop_desk",
    "taibophanmotcua": "one_stop_desk",
    "trusoubnd": "one_stop_desk",
    "tailubnd": "one_stop_desk",
    "online": "online",
    "tructuyen": "online",
    "quamang": "online",
    "zalo": "online",
    "quazalo": "online",
    "tuxa": "online",
    "meeting": "meeting",
    "hop": "meeting",
    "hopthon": "meeting",
    "hoinghi": "meeting",
    "taptrung": "meeting",
    "lophoc": "meeting",
    "taphuan": "meeting",
    "phone": "phone",
    "dienthoai": "phone",
    "quadienthoai": "phone",
    "goidien": "phone",
}
_CHANNEL_CONTAINS: tuple[tuple[str, str], ...] = (
    ("motcua", "one_stop_desk"),
    ("ubnd", "one_stop_desk"),
    ("dienthoai", "phone"),
    ("goidien", "phone"),
    ("zalo", "online"),
    ("tructuyen", "online"),
    ("online", "online"),
    ("nhavanhoa", "meeting"),
    ("hop", "meeting"),
    ("taptrung", "meeting"),
    ("hoinghi", "meeting"),
    ("lop", "meeting"),
    ("nha", "door_to_door"),
    ("tructiep", "door_to_door"),
)

_LEVEL_WORDS = {
    "commune": "commune",
    "village": "village",
    "xa": "commune",
    "phuong": "commune",
    "thitran": "commune",
    "dackhu": "commune",
    "capxa": "commune",
    "xaphuong": "commune",
    "thon": "village",
    "ban": "village",
    "ap": "village",
    "xom": "village",
    "khom": "village",
    "khupho": "village",
    "todanpho": "village",
    "tdp": "village",
    "capthon": "village",
    "thonto": "village",
    "thontodanpho": "village",
}

# Words often written in the "Lực lượng" column, by member-role code of the national pack.
_ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("congan", "area_police"),
    ("police", "area_police"),
    ("doan", "youth_union"),
    ("thanhnien", "youth_union"),
    ("youth", "youth_union"),
    ("truongthon", "village_head"),
    ("truongban", "village_head"),
    ("truongap", "village_head"),
    ("totruongtodanpho", "village_head"),
    ("truongkhupho", "village_head"),
    ("chutich", "commune_leader"),
    ("ubnd", "commune_leader"),
    ("motcua", "admin_reform_officer"),
    ("caicach", "admin_reform_officer"),
    ("congchuc", "admin_reform_officer"),
    ("phunu", "mass_organisation"),
    ("cuuchienbinh", "mass_organisation"),
    ("nongdan", "mass_organisation"),
    ("mattran", "mass_organisation"),
    ("mttq", "mass_organisation"),
    ("viettel", "tech_business"),
    ("vnpt", "tech_business"),
    ("mobifone", "tech_business"),
    ("doanhnghiep", "tech_business"),
    ("buudien", "tech_business"),
    ("tinhnguyen", "volunteer"),
    ("volunteer", "volunteer"),
)


def _containing(index: dict[str, set[str]], key: str) -> set[str]:
    """Codes whose name contains ``key`` or is contained in it (names of 4+ letters)."""
    found = {
        c for k, codes in index.items() if len(k) >= 4 and (k in key or key in k) for c in codes
    }
    return found


_LEVEL_IN_NAME = re.compile(r"\b(?:muc do|muc|level)\s*(\d)\b")


def _text_keys(*texts: str | None) -> set[str]:
    keys: set[str] = set()
    for text in texts:
        if not text:
            continue
        keys.add(compact(text))
        for inner in _PARENS.findall(text):
            keys.add(compact(inner))
        bare = _PARENS.sub(" ", text)
        keys.add(compact(bare))
        # "Tài khoản ... mức độ 2 (VNeID)" is written "VNeID mức 2", "VNeID 2"...
        level = _LEVEL_IN_NAME.search(fold(text))
        if level is not None:
            for inner in _PARENS.findall(text):
                short = compact(inner)
                for word in ("", "muc", "mucdo", "level"):
                    keys.add(f"{short}{word}{level[1]}")
    keys.discard("")
    return keys


class Catalog:
    """Skills, apps, milestones and roles of a plugin host, by the names people write."""

    def __init__(self, host: Any) -> None:
        self._skills: dict[str, Any] = {skill.code: skill for skill in host.skills}
        self._apps: dict[str, Any] = {app.code: app for app in host.apps}
        self._roles: set[str] = {role.code for role in host.member_roles}
        self._skill_keys: dict[str, set[str]] = {}
        self._app_keys: dict[str, set[str]] = {}
        self._role_keys: dict[str, str] = {}
        for skill in self._skills.values():
            for key in _text_keys(skill.code, skill.name.vi, skill.name.en):
                self._skill_keys.setdefault(key, set()).add(skill.code)
            if skill.number is not None:
                self._skill_keys.setdefault(str(skill.number), set()).add(skill.code)
        for app in self._apps.values():
            for key in _text_keys(app.code, app.name.vi, app.name.en):
                self._app_keys.setdefault(key, set()).add(app.code)
        for role in host.member_roles:
            for key in _text_keys(role.code, role.name.vi, role.name.en):
                self._role_keys.setdefault(key, role.code)
        self._skill_cache: dict[str, tuple[str | None, str | None] | Invalid] = {}
        self._outcome_cache: dict[tuple[str, str | None, str | None], int | Invalid] = {}

    # -- skills and apps --------------------------------------------------------------------

    def _skill_choices(self) -> str:
        numbered = sorted(
            (s for s in self._skills.values() if s.number is not None), key=lambda s: s.number
        )
        return ", ".join(f"{s.number} {s.name}" for s in numbered) or ", ".join(self._skills)

    def skill_or_app(self, value: Any) -> tuple[str | None, str | None]:
        """``(skill, app)`` named by a cell: a skill's name or number, or an app.

        An app name gives the app and, when the app exercises one skill only, that skill.
        A name shared by apps that exercise the same single skill gives that skill.
        """
        text = cell_text(value).strip()
        cached = self._skill_cache.get(text)
        if cached is None:
            try:
                cached = self._skill_or_app(text)
            except Invalid as exc:
                cached = exc
            self._skill_cache[text] = cached
        if isinstance(cached, Invalid):
            raise cached
        return cached

    def _nearest_skill(self, text: str) -> str | None:
        """The one skill whose name shares most words with ``text`` (clerks shorten names:
        "Nền tảng số của địa phương" for "Sử dụng các nền tảng số khác tùy đặc thù địa
        phương"); ``None`` unless one skill clearly wins."""
        from rapidfuzz import fuzz

        from cnscd_core.text import fold

        query = fold(text)
        scores = sorted(
            (
                max(fuzz.token_set_ratio(query, fold(name)) for name in (s.name.vi, s.name.en)),
                code,
            )
            for code, s in self._skills.items()
        )
        if not scores:
            return None
        best, code = scores[-1]
        runner_up = scores[-2][0] if len(scores) > 1 else 0.0
        return code if best >= 85 and best - runner_up >= 10 else None

    def _skill_or_app(self, text: str) -> tuple[str | None, str | None]:
        key = compact(text)
        number = _SKILL_NUMBER.match(key)
        if number is not None:
            key = str(int(number[1]))
        skills = self._skill_keys.get(key, set())
        if len(skills) == 1:
            return next(iter(skills)), None
        apps = self._app_keys.get(key, set())
        if not skills and not apps and len(key) >= 6:
            # Part of a skill's name ("Dịch vụ công trực tuyến"), or a description that
            # contains exactly one skill's or app's name.
            skills = _containing(self._skill_keys, key)
            if len(skills) == 1:
                return next(iter(skills)), None
            apps = _containing(self._app_keys, key)
            if not apps:
                near = self._nearest_skill(text)
                if near is not None:
                    return near, None
        if len(apps) == 1:
            app = self._apps[next(iter(apps))]
            return (app.skills[0] if len(app.skills) == 1 else None), app.code
        if len(apps) > 1:
            raise Invalid(
                "unknown_skill",
                _("one app; {text!r} names several: {apps}").format(
                    text=text, apps=", ".join(sorted(apps))
                ),
            )
        raise Invalid(
            "unknown_skill",
            _(
                "one of the skills {choices}, or an app such as VNeID mức 2, VssID or Ví điện tử"
            ).format(choices=self._skill_choices()),
        )

    def app(self, value: Any) -> str:
        """The app named by a cell (code, Vietnamese or English name)."""
        text = cell_text(value).strip()
        apps = self._app_keys.get(compact(text), set())
        if len(apps) != 1:
            raise Invalid(
                "unknown_app",
                _("an app or platform such as {examples}").format(
                    examples=", ".join(sorted(self._apps)[:6])
                ),
            )
        return next(iter(apps))

    def app_skills(self, app: str) -> tuple[str, ...]:
        """The skills an app exercises."""
        return tuple(self._apps[app].skills)

    # -- milestones -------------------------------------------------------------------------

    def outcome(self, value: Any, skill: str | None, app: str | None) -> int:
        """The milestone level named by a cell (number or name) on the skill's ladder.

        Without a skill, the ladders of the app's skills (or of every skill) are used; the
        name must give the same level on all of them.
        """
        text = cell_text(value).strip()
        cache_key = (text, skill, app)
        cached = self._outcome_cache.get(cache_key)
        if cached is None:
            try:
                cached = self._outcome(text, skill, app)
            except Invalid as exc:
                cached = exc
            self._outcome_cache[cache_key] = cached
        if isinstance(cached, Invalid):
            raise cached
        return cached

    def _outcome(self, text: str, skill: str | None, app: str | None) -> int:
        if skill is not None:
            ladders = [self._skills[skill].ladder]
        elif app is not None:
            ladders = [self._skills[s].ladder for s in self._apps[app].skills if s in self._skills]
        else:
            ladders = [s.ladder for s in self._skills.values()]
        top = min((len(ladder) - 1 for ladder in ladders), default=0)
        key = compact(text)
        number = _LEVEL_NUMBER.match(key)
        levels: set[int] = set()
        if number is not None:
            levels.add(int(number[1]))
        else:
            for ladder in ladders:
                for step in ladder:
                    names = _text_keys(step.code, step.name.vi, step.name.en)
                    names |= _GENERIC_MILESTONES.get(step.code, frozenset())
                    if key in names:
                        levels.add(step.level)
        if len(levels) == 1 and 0 <= (level := next(iter(levels))) <= top:
            return level
        steps = ladders[0] if len(ladders) == 1 else ()
        listing = ", ".join(f"{s.level} {s.name}" for s in steps) or _("0 to {top}").format(top=top)
        raise Invalid(
            "unknown_outcome",
            _("a milestone of the skill's ladder, by number or name: {listing}").format(
                listing=listing
            ),
        )

    # -- roles, channels, levels ------------------------------------------------------------

    def role(self, value: Any) -> str | None:
        """The member-role code named by a cell, or the text itself when no role matches."""
        text = " ".join(cell_text(value).split())
        if not text:
            return None
        key = compact(text)
        code = self._role_keys.get(key)
        if code is None:
            code = next((c for word, c in _ROLE_WORDS if word in key and c in self._roles), None)
        return code if code is not None else text

    @staticmethod
    def channel(value: Any) -> str:
        """The guidance channel named by a cell (``Tại nhà`` -> ``door_to_door``...)."""
        key = compact(cell_text(value))
        found = _CHANNEL_WORDS.get(key)
        if found is None:
            found = next((c for word, c in _CHANNEL_CONTAINS if word in key), None)
        if found is None:
            raise Invalid(
                "unknown_channel",
                _(
                    "Tại nhà (door to door), Bộ phận một cửa, Trực tuyến, Họp (meeting) or "
                    "Điện thoại"
                ),
            )
        return found

    @staticmethod
    def team_level(value: Any) -> str:
        """``xã``/``phường`` -> commune; ``thôn``/``bản``/``tổ dân phố`` -> village."""
        key = compact(cell_text(value))
        found = _LEVEL_WORDS.get(key)
        if found is None:
            stripped = key.removeprefix("cap").removeprefix("to")
            found = _LEVEL_WORDS.get(stripped)
        if found is None:
            raise Invalid("invalid_value", _("xã (commune team) or thôn (village team)"))
        return found
