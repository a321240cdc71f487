"""The header table: which column headers name which field, per record kind.

Headers are compared by ``header_key``: accents, case, NFC/NFD, spacing and punctuation do not
count ("Tỉnh/Thành phố", "TINH, THANH PHO" and "tinh thanh pho" are the same header). Every
kind has a key field and a set of fields a sheet must have to be recognised as that kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from cnscd_core.text import fold

__all__ = ["FIELDS", "KIND_ORDER", "REQUIRED", "Field", "HeaderMatch", "find_header", "header_key"]

#: Record kinds an import reads, in the order their references are resolved.
KIND_ORDER: tuple[str, ...] = ("teams", "members", "households", "residents", "visits")


@attrs.frozen
class Field:
    """One field of a kind: its name, the header the template writes, and accepted aliases."""

    name: str
    header: str
    aliases: tuple[str, ...] = ()
    personal: bool = False


_PROVINCE = ("Tỉnh/Thành phố", ("Tỉnh", "Tỉnh/TP", "Tỉnh thành", "Thành phố", "Province"))
_COMMUNE = (
    "Xã/Phường",
    (
        "Xã",
        "Phường",
        "Phường/Xã",
        "Xã/Phường/Thị trấn",
        "Xã/Phường/Đặc khu",
        "Đơn vị hành chính cấp xã",
        "Commune",
        "Ward",
        "Commune/Ward",
    ),
)
_VILLAGE = (
    "Thôn/Tổ dân phố",
    (
        "Thôn",
        "Bản",
        "Ấp",
        "Xóm",
        "Khu phố",
        "Tổ dân phố",
        "Thôn/Bản",
        "Thôn/Xóm",
        "Thôn/Ấp",
        "Thôn/Tổ",
        "Ấp/Khu phố",
        "Thôn/Bản/Tổ dân phố",
        "Thôn/Bản/Khu phố",
        "Village",
    ),
)
_PHONE = ("Số điện thoại", ("SĐT", "Số ĐT", "ĐT", "Điện thoại", "Điện thoại liên hệ", "Phone"))
_BIRTH = (
    "Năm sinh",
    ("Sinh năm", "Ngày sinh", "Ngày tháng năm sinh", "Birth year", "Year of birth"),
)
_GENDER = ("Giới tính", ("Nam/Nữ", "Gender", "Sex"))
_FULL_NAME = ("Họ và tên", ("Họ tên", "Tên", "Full name", "Name"))


def _f(name: str, spec: tuple[str, tuple[str, ...]], personal: bool = False) -> Field:
    return Field(name, spec[0], spec[1], personal)


#: Every field of every kind. The first header is the one ``write_template`` writes.
FIELDS: dict[str, tuple[Field, ...]] = {
    "teams": (
        Field(
            "code",
            "Mã tổ",
            ("Mã tổ CNSCĐ", "Mã tổ CĐSCĐ", "Mã tổ công nghệ số", "Team code", "Team ID"),
        ),
        Field("name", "Tên tổ", ("Tên tổ CNSCĐ", "Tên tổ công nghệ số cộng đồng", "Team name")),
        Field("level", "Cấp tổ", ("Cấp", "Cấp thành lập", "Level", "Team level")),
        _f("province", _PROVINCE),
        _f("commune", _COMMUNE),
        _f("village", _VILLAGE),
        Field(
            "decision_number",
            "Số quyết định",
            ("Số QĐ", "Quyết định số", "Số quyết định thành lập", "Decision number"),
        ),
        Field(
            "decision_date",
            "Ngày quyết định",
            ("Ngày QĐ", "Ngày ký quyết định", "Ngày ký", "Decision date"),
        ),
        Field("established", "Ngày thành lập", ("Established",)),
    ),
    "members": (
        Field("code", "Mã thành viên", ("Mã TV", "Mã số thành viên", "Member code", "Member ID")),
        Field("team", "Mã tổ", ("Tổ", "Thuộc tổ", "Mã tổ CNSCĐ", "Team code", "Team")),
        Field(
            "full_name",
            "Họ và tên",
            ("Họ tên", "Họ và tên thành viên", "Tên thành viên", "Full name", "Name"),
            personal=True,
        ),
        _f("birth_year", _BIRTH),
        _f("gender", _GENDER),
        _f("phone", _PHONE, personal=True),
        Field(
            "position",
            "Chức vụ trong tổ",
            ("Chức vụ", "Chức danh", "Chức danh trong tổ", "Vị trí", "Vị trí trong tổ", "Position"),
        ),
        Field("role", "Lực lượng", ("Thành phần", "Lực lượng tham gia", "Đơn vị công tác", "Role")),
        Field("leader_flag", "Tổ trưởng", ("Là tổ trưởng", "Team leader")),
        Field("deputy_flag", "Tổ phó", ("Là tổ phó", "Deputy leader")),
        Field("joined", "Ngày tham gia", ("Ngày vào tổ", "Joined")),
    ),
    "households": (
        Field("code", "Mã hộ", ("Mã hộ gia đình", "Mã số hộ", "Household code", "Household ID")),
        Field(
            "head_name",
            "Họ tên chủ hộ",
            ("Họ và tên chủ hộ", "Chủ hộ", "Tên chủ hộ", "Head of household"),
            personal=True,
        ),
        Field(
            "size",
            "Số nhân khẩu",
            ("Nhân khẩu", "Số khẩu", "Số người trong hộ", "Số thành viên", "Household size"),
        ),
        Field(
            "smartphones",
            "Số điện thoại thông minh",
            ("Số ĐTTM", "Điện thoại thông minh", "Số smartphone", "Smartphones"),
        ),
        Field(
            "has_smartphone",
            "Có điện thoại thông minh",
            ("Có smartphone", "Có ĐTTM", "Has smartphone"),
        ),
        _f("phone", _PHONE, personal=True),
        _f("province", _PROVINCE),
        _f("commune", _COMMUNE),
        _f("village", _VILLAGE),
        Field(
            "member",
            "Mã thành viên phụ trách",
            (
                "Thành viên phụ trách",
                "Mã TV phụ trách",
                "Người phụ trách",
                "Mã thành viên",
                "Assigned member",
                "Member code",
            ),
        ),
    ),
    "residents": (
        Field(
            "code",
            "Mã nhân khẩu",
            ("Mã người dân", "Mã công dân", "Resident code", "Resident ID"),
        ),
        Field("household", "Mã hộ", ("Mã hộ gia đình", "Household code")),
        _f("full_name", _FULL_NAME, personal=True),
        _f("birth_year", _BIRTH),
        _f("gender", _GENDER),
        Field(
            "citizen_id",
            "Số CCCD",
            (
                "CCCD",
                "Số căn cước",
                "Số căn cước công dân",
                "Số định danh cá nhân",
                "CMND/CCCD",
                "Số CMND",
                "Citizen ID",
            ),
            personal=True,
        ),
        _f("phone", _PHONE, personal=True),
        Field(
            "vneid_level",
            "Mức VNeID",
            ("Tài khoản VNeID", "VNeID", "Mức định danh điện tử", "Định danh điện tử"),
        ),
    ),
    "visits": (
        Field(
            "date",
            "Ngày",
            ("Ngày hướng dẫn", "Ngày thực hiện", "Ngày hỗ trợ", "Thời gian", "Date"),
        ),
        Field(
            "member",
            "Mã thành viên",
            ("Mã TV", "Thành viên", "Người hướng dẫn", "Member code", "Member"),
        ),
        Field("household", "Mã hộ", ("Mã hộ gia đình", "Household code", "Household")),
        Field("resident", "Mã nhân khẩu", ("Mã người dân", "Resident code")),
        Field(
            "channel",
            "Hình thức",
            ("Hình thức hướng dẫn", "Hình thức hỗ trợ", "Cách thức", "Channel"),
        ),
        Field(
            "skill",
            "Kỹ năng",
            ("Kỹ năng số", "Nội dung", "Nội dung hướng dẫn", "Skill"),
        ),
        Field("app", "Ứng dụng", ("Nền tảng", "Ứng dụng/Nền tảng", "App", "Platform")),
        Field(
            "outcome",
            "Kết quả",
            ("Kết quả đạt được", "Mức độ", "Mức đạt được", "Outcome", "Result"),
        ),
        Field(
            "persons",
            "Số người",
            ("Số người được hướng dẫn", "Số lượt người", "Persons", "People"),
        ),
    ),
}

#: Fields a sheet must have to be read as a kind (any one of each inner tuple).
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "teams": (("code",), ("name", "level", "commune", "village")),
    "members": (("code",), ("full_name",)),
    "households": (("code",), ("head_name", "size", "commune", "village")),
    "residents": (("code",), ("household",)),
    "visits": (("date",), ("member",)),
}

# When two kinds match a header row equally well, the earlier one wins.
_TIE_ORDER = ("visits", "residents", "households", "members", "teams")

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENS = re.compile(r"\([^)]*\)|\[[^]]*\]")
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[ivx]{1,4})\s*[.)/-]\s+")


def header_key(text: str) -> str:
    """The comparison key of a header: accents, case, spacing and punctuation removed."""
    return _NON_ALNUM.sub("", fold(text))


def _keys(text: str) -> list[str]:
    """Keys to try for a header cell: as written, without notes in brackets, unnumbered."""
    keys = [header_key(text)]
    bare = _PARENS.sub(" ", text)
    if bare != text:
        keys.append(header_key(bare))
    unnumbered = _LEADING_NUMBER.sub("", fold(bare))
    if unnumbered != fold(bare):
        keys.append(header_key(unnumbered))
    return [k for k in keys if k]


def _alias_table() -> dict[str, dict[str, tuple[str, int]]]:
    """kind -> header key -> (field, rank): the template's header first, then the aliases."""
    table: dict[str, dict[str, tuple[str, int]]] = {}
    for kind, fields in FIELDS.items():
        keys: dict[str, tuple[str, int]] = {}
        for field in fields:
            for rank, alias in enumerate((field.header, *field.aliases)):
                key = header_key(alias)
                if keys.get(key, (field.name,))[0] != field.name:
                    raise AssertionError(f"header {alias!r} names two fields of {kind}")
                keys.setdefault(key, (field.name, rank))
        table[kind] = keys
    return table


_ALIASES = _alias_table()


@attrs.frozen
class HeaderMatch:
    """Where a sheet's header is and which columns hold which field."""

    kind: str
    #: 0-based index of the last header row; data starts on the next row.
    last_row: int
    #: field -> column indices (several when a field is split over columns, first wins).
    columns: dict[str, tuple[int, ...]]
    #: column index -> the header text as written (for messages and the rejects file).
    headers: dict[int, str]


def _match_row(row: Sequence[Any], kind: str) -> dict[int, str]:
    return {col: name for col, (name, _rank) in _ranked_row(row, kind).items()}


def _ranked_row(row: Sequence[Any], kind: str) -> dict[int, tuple[str, int]]:
    aliases = _ALIASES[kind]
    out: dict[int, tuple[str, int]] = {}
    for col, cell in enumerate(row):
        if not isinstance(cell, str) or not cell.strip() or len(cell) > 120:
            continue
        for key in _keys(cell):
            found = aliases.get(key)
            if found is not None:
                out[col] = found
                break
    return out


def _rank(rows: Sequence[Sequence[Any]], top: int, last: int, kind: str) -> dict[int, int]:
    """Column -> rank of the header it matched (0 for the template's own header)."""
    ranks: dict[int, int] = {}
    for r in range(top, last + 1):
        for col, (_name, rank) in _ranked_row(rows[r], kind).items():
            ranks.setdefault(col, rank)
    return ranks


def _satisfies(kind: str, fields: set[str]) -> bool:
    return all(any(f in fields for f in group) for group in REQUIRED[kind])


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def find_header(rows: Sequence[Sequence[Any]], scan: int = 30) -> HeaderMatch | None:
    """Find the header row (below any title rows) and the kind of a sheet, or ``None``.

    The row whose cells name the most fields of one kind wins, provided the kind's required
    fields are there. A second header row just below (sub-headers under a merged cell such as
    "Địa bàn" over "Tỉnh", "Xã", "Thôn") is merged in.
    """
    best: tuple[tuple[int, int, int], str, dict[int, str], int, int] | None = None
    top_rows = rows[:scan]
    for r in range(len(top_rows)):
        for order, kind in enumerate(_TIE_ORDER):
            matched = _match_row(top_rows[r], kind)
            merged = _merge_below(top_rows, r, kind, matched)
            last = r
            if merged is not None:
                matched, last = merged, r + 1
            fields = set(matched.values())
            if not _satisfies(kind, fields):
                continue
            score = (len(fields), -r, -order)
            if best is None or score > best[0]:
                best = (score, kind, matched, r, last)
    if best is None:
        return None
    _score, kind, matched, top, last = best
    # When several columns give a field, the one whose header is the template's (or the
    # earliest alias) is read first: "Mã thành viên" before "Thành viên" (maybe a name).
    ranks = _rank(rows, top, last, kind)
    columns: dict[str, list[int]] = {}
    for col in sorted(matched, key=lambda c: (ranks.get(c, 99), c)):
        columns.setdefault(matched[col], []).append(col)
    headers: dict[int, str] = {}
    for r in range(top, last + 1):
        for col, cell in enumerate(rows[r]):
            if isinstance(cell, str) and cell.strip():
                headers[col] = " ".join(cell.split())
    return HeaderMatch(
        kind=kind,
        last_row=last,
        columns={name: tuple(cols) for name, cols in columns.items()},
        headers=headers,
    )


def _merge_below(
    rows: Sequence[Sequence[Any]], r: int, kind: str, matched: dict[int, str]
) -> dict[int, str] | None:
    """``matched`` plus the sub-headers of row ``r + 1``, or ``None`` if it is no header row."""
    if r + 1 >= len(rows):
        return None
    below = rows[r + 1]
    extra = _match_row(below, kind)
    taken = set(matched.values())
    new = {col: name for col, name in extra.items() if col not in matched and name not in taken}
    if not new:
        return None
    for col, cell in enumerate(below):
        if _is_blank(cell) or col in new:
            continue
        # A data row has values under the header's matched columns; a sub-header row has
        # nothing there (the cells above are merged down) or only header words.
        if col in matched or col not in extra:
            return None
    return {**matched, **new}
