"""A deterministic, realistic demo commune: the spreadsheets a commune clerk really sends.

The commune is Xã Bắc Yên (Sơn La), formed on 2025-07-01 from Thị trấn Bắc Yên and the
communes Phiêng Ban, Song Pe and Hồng Ngài. Villages, people and phone numbers are invented
(phones use the unassigned-looking prefix 0900 000); everything is generated from a seed, so
the same seed gives byte-identical files. About 2 % of the rows carry the mistakes real
spreadsheets carry (a wrong member code, a negative household size, 31/02, an unknown skill,
a phone with too few digits); the rest are messy only in form: legacy unit names, missing
accents, NFD text, old tone placement, mixed date formats, title rows, blank rows, sheets in
any order, one file in the legacy TCVN3 encoding.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import unicodedata
from pathlib import Path

import attrs

__all__ = ["DEMO_COMMUNE", "DemoFiles", "generate_demo"]

#: Xã Bắc Yên, Sơn La (2025 code) and the legacy communes it was formed from.
DEMO_COMMUNE = "03856"
LEGACY_PARTS = (
    ("Thị trấn Bắc Yên", "tiểu khu"),
    ("Xã Phiêng Ban", "bản"),
    ("Xã Song Pe", "bản"),
    ("Xã Hồng Ngài", "bản"),
)
DISTRICT = "Huyện Bắc Yên"
PROVINCE = "Tỉnh Sơn La"

# Syllables to invent village names in the style of the area (Thái and Hmông place names).
_VILLAGE_SYLLABLES = (
    "Pá", "Nà", "Co", "Phiêng", "Huổi", "Hua", "Mường", "Suối", "Khe", "Làng", "Púng",
    "Chạp", "Đông", "Lềm", "Sàng", "Hán", "Ngậm", "Tạng", "Xưa", "Mo", "Bon", "Lòng", "Pe",
    "Cắm", "Hốc", "Dồm", "Liếng", "Cọ",
)  # fmt: skip
_FAMILY = ("Lò", "Cầm", "Quàng", "Vì", "Lường", "Hà", "Giàng", "Mùa", "Sùng", "Nguyễn",
           "Lê", "Trần", "Đinh", "Bạc", "Tòng")  # fmt: skip
_MIDDLE_M = ("Văn", "A", "Văn", "Đức", "Xuân", "Minh")
_MIDDLE_F = ("Thị", "Thị", "Thị", "Thu", "Thanh")
_GIVEN_M = ("Chiến", "Dũng", "Hùng", "Khánh", "Lả", "Pó", "Sinh", "Tủa", "Xá", "Hòa", "Thủy",
            "Tuấn", "Quý", "Hoàng", "Cường")  # fmt: skip
_GIVEN_F = ("Mai", "Hoa", "Lan", "Hương", "Xuân", "Dợ", "Mỷ", "Phượng", "Thủy", "Hòa", "Nhung",
            "Ngọc", "Quỳnh")  # fmt: skip
_ROLES = (
    ("Trưởng bản", 1),
    ("Công an khu vực", 2),
    ("Đoàn Thanh niên", 5),
    ("Hội Phụ nữ", 2),
    ("Công chức văn phòng - cải cách hành chính", 1),
    ("Nhân viên Viettel", 1),
    ("Tình nguyện viên", 2),
)
_CHANNELS = (
    ("Đến tận nhà", 60),
    ("Bộ phận một cửa", 10),
    ("Trực tuyến qua Zalo", 15),
    ("Họp dân", 10),
    ("Điện thoại", 5),
)
# How a skill is written in the visit log: by number, by name, or by an app that exercises it.
_SKILL_WRITINGS = (
    "1", "2", "3", "4", "5",
    "Dịch vụ công trực tuyến", "Mua sắm trực tuyến", "Thanh toán trực tuyến",
    "Tự bảo vệ mình trên không gian mạng", "Nền tảng số của địa phương",
)  # fmt: skip
_OUTCOME_WORDS = ("Chưa biết", "Đã biết", "Làm được khi có hướng dẫn", "Tự làm được",
                  "Đã thực hiện thật")  # fmt: skip
# Apps written in the log instead of the skill they exercise (one per skill where common).
_SKILL_APPS = ("VNeID mức 2", "Sàn thương mại điện tử", "Ứng dụng ngân hàng", None, None)
_OLD_TONES = {"òa": "oà", "óa": "oá", "ỏa": "oả", "ọa": "oạ", "ủy": "uỷ", "ùy": "uỳ", "úy": "uý"}

TEAM_HEADERS = ("Mã tổ", "Tên tổ", "Cấp tổ", "Tỉnh/Thành phố", "Xã/Phường", "Thôn/Tổ dân phố",
                "Số quyết định", "Ngày quyết định")  # fmt: skip
MEMBER_HEADERS = ("Mã thành viên", "Mã tổ", "Họ và tên", "Năm sinh", "Giới tính",
                  "Số điện thoại", "Chức vụ trong tổ", "Lực lượng")  # fmt: skip
HOUSEHOLD_HEADERS = ("Mã hộ", "Họ tên chủ hộ", "Số nhân khẩu", "Số điện thoại thông minh",
                     "Tỉnh/Thành phố", "Xã/Phường", "Thôn/Tổ dân phố",
                     "Mã thành viên phụ trách")  # fmt: skip
VISIT_HEADERS = ("Ngày", "Mã thành viên", "Mã hộ", "Hình thức", "Kỹ năng", "Kết quả", "Số người")


@attrs.frozen
class DemoFiles:
    """The files written and what they hold: rows per kind and the rows meant to be rejected."""

    paths: tuple[Path, ...]
    rows: dict[str, int]
    bad_rows: dict[str, int]
    villages: tuple[str, ...]


def _old_tones(text: str) -> str:
    for new, old in _OLD_TONES.items():
        text = text.replace(new, old)
    return text


def _strip_accents(text: str) -> str:
    from cnscd_core.text import fold

    return " ".join(w.capitalize() for w in fold(text).split())


def _mess(rng: random.Random, text: str) -> str:
    """Write a name the way some clerk would: NFD, old tones, no accents, odd spaces."""
    roll = rng.random()
    if roll < 0.05:
        return unicodedata.normalize("NFD", text)
    if roll < 0.10:
        return _old_tones(text)
    if roll < 0.13:
        return "  " + text.replace(" ", "  ")
    if roll < 0.16:
        return text.upper()
    return text


def _date_text(rng: random.Random, day: dt.date) -> str | float:
    roll = rng.random()
    if roll < 0.55:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if roll < 0.75:
        return f"{day.day}-{day.month}-{day.year}"
    if roll < 0.90:
        return day.isoformat()
    return float((day - dt.date(1899, 12, 30)).days)  # an Excel serial


def _skill_text(rng: random.Random, k: int) -> str:
    """Skill k (0-4) as a clerk writes it: its number, its name, or an app that uses it."""
    roll = rng.random()
    app = _SKILL_APPS[k]
    if app is not None and roll < 0.2:
        return app
    if roll < 0.6:
        return str(k + 1)
    return _SKILL_WRITINGS[5 + k]


def _outcome_text(rng: random.Random, level: int) -> str:
    """A milestone as a clerk writes it: its number or the usual words for the rung."""
    return str(level) if rng.random() < 0.6 else _OUTCOME_WORDS[level]


def _person(rng: random.Random) -> tuple[str, str]:
    female = rng.random() < 0.5
    middle = rng.choice(_MIDDLE_F if female else _MIDDLE_M)
    given = rng.choice(_GIVEN_F if female else _GIVEN_M)
    return f"{rng.choice(_FAMILY)} {middle} {given}", ("Nữ" if female else "Nam")


def _phone(rng: random.Random, n: int) -> str:
    digits = f"0900000{n % 1000:03d}"
    style = rng.random()
    if style < 0.3:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if style < 0.45:
        return "+84 " + digits[1:]
    if style < 0.55:
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    return digits


def _village_names(rng: random.Random, count: int) -> list[tuple[str, str, int]]:
    """(village name, kind, legacy part index) for ``count`` invented villages."""
    names: list[tuple[str, str, int]] = []
    seen: set[str] = set()
    for n in range(1, 4):  # the former township's tiểu khu
        names.append((f"Tiểu khu {n}", "tiểu khu", 0))
    while len(names) < count:
        part = 1 + len(names) % 3
        name = f"Bản {rng.choice(_VILLAGE_SYLLABLES)} {rng.choice(_VILLAGE_SYLLABLES)}"
        if name in seen or name.split()[1] == name.split()[2]:
            continue
        seen.add(name)
        names.append((name, "bản", part))
    return names


def _write_xlsx(
    path: Path, sheets: list[tuple[str, list[str], tuple[str, ...], list[list[object]]]]
) -> None:
    import xlsxwriter  # type: ignore[import-untyped]

    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": dt.datetime(2026, 1, 1)})  # byte-identical files per seed
    bold = book.add_format({"bold": True})
    for sheet_name, titles, headers, rows in sheets:
        sheet = book.add_worksheet(sheet_name)
        r = 0
        for title in titles:
            sheet.merge_range(r, 0, r, len(headers) - 1, title, bold)
            r += 1
        r += 1  # a blank row under the titles
        sheet.write_row(r, 0, headers, bold)
        for row in rows:
            r += 1
            if row:
                sheet.write_row(r, 0, row)
    book.close()


def generate_demo(
    out_dir: str | Path,
    seed: int = 2026,
    villages: int = 24,
    households: int = 3000,
    period: tuple[dt.date, dt.date] = (dt.date(2026, 1, 5), dt.date(2026, 9, 30)),
    visits_per_household: float = 3.5,
) -> DemoFiles:
    """Write the demo commune's spreadsheets into ``out_dir`` and describe them.

    The same arguments always give the same files.
    """
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    village_list = _village_names(rng, villages)
    bad = {"teams": 0, "members": 0, "households": 0, "visits": 0}

    # -- teams: one commune team and one per village -----------------------------------------
    team_rows: list[list[object]] = [
        ["BY-T00", "Tổ công nghệ số cộng đồng xã Bắc Yên", "Xã", "Sơn La", "Xã Bắc Yên", "",
         "125/QĐ-UBND", _date_text(rng, dt.date(2025, 7, 15))]
    ]  # fmt: skip
    for n, (name, _kind, _part) in enumerate(village_list, start=1):
        team_rows.append(
            [f"BY-T{n:02d}", f"Tổ CĐSCĐ {name.lower().replace('bản ', 'bản ')}", "Thôn",
             _mess(rng, "Sơn La"), "Bắc Yên", _mess(rng, name), f"{125 + n}/QĐ-UBND",
             _date_text(rng, dt.date(2025, 7, 15) + dt.timedelta(days=n))]
        )  # fmt: skip

    # -- members: 5 in the commune team, 3 to 6 per village team ------------------------------
    member_rows: list[list[object]] = []
    member_codes_by_team: dict[str, list[str]] = {}
    weights = [w for _r, w in _ROLES]
    m = 0
    for t, row in enumerate(team_rows):
        team = str(row[0])
        size = 5 if t == 0 else rng.randint(3, 6)
        for k in range(size):
            m += 1
            code = f"BY-M{m:03d}"
            name, gender = _person(rng)
            position = "Tổ trưởng" if k == 0 else ("Tổ phó" if k == 1 else "Thành viên")
            role = (
                "Phó Chủ tịch UBND xã" if t == 0 and k == 0
                else "Trưởng bản" if k == 0
                else rng.choices([r for r, _w in _ROLES], weights)[0]
            )  # fmt: skip
            year = rng.randint(1962, 2004)
            birth: object = float(year) if rng.random() < 0.2 else year  # 1985.0, as Excel keeps it
            member_rows.append(
                [code, team, _mess(rng, name), birth, gender, _phone(rng, m), position, role]
            )
            member_codes_by_team.setdefault(team, []).append(code)
    # mistakes (on commune-team members, who carry no households): a phone with too few
    # digits, a birth year in the future
    member_rows[2][5] = "0900 12"
    member_rows[3][3] = 2091
    bad["members"] += 2

    # -- households: shared among the village's members --------------------------------------
    household_rows: list[list[object]] = []
    per_village = [households // len(village_list)] * len(village_list)
    for i in range(households - sum(per_village)):
        per_village[i] += 1
    h = 0
    for v, ((village, _kind, part), count) in enumerate(
        zip(village_list, per_village, strict=True)
    ):
        team = f"BY-T{v + 1:02d}"
        members = member_codes_by_team[team]
        legacy_name = LEGACY_PARTS[part][0]
        for k in range(count):
            h += 1
            size = rng.choices((1, 2, 3, 4, 5, 6, 7, 8), (6, 12, 20, 27, 18, 10, 5, 2))[0]
            phones = rng.choices((0, 1, 2, 3), (25, 40, 25, 10))[0]
            name, _g = _person(rng)
            # Half the clerks still write the legacy commune (and district) in 2026.
            commune = f"{legacy_name}, {DISTRICT}" if rng.random() < 0.5 else "Xã Bắc Yên"
            village_text = _mess(rng, village)
            if rng.random() < 0.03:
                village_text = _strip_accents(village)
            assigned = members[k % len(members)] if rng.random() > 0.04 else ""
            household_rows.append(
                [f"BY-H{h:04d}", _mess(rng, name), float(size) if k % 7 == 0 else size,
                 phones if rng.random() > 0.1 else "", _mess(rng, "Sơn La"), commune,
                 village_text, assigned]
            )  # fmt: skip
    # mistakes: a negative size, an unknown member, an absurd size
    household_rows[10][2] = -2
    household_rows[200][7] = "BY-M999"
    household_rows[420][2] = 120
    bad["households"] += 3
    # the same household twice (identical): accepted once, then unchanged
    household_rows.insert(50, list(household_rows[49]))
    # blank rows in between
    for pos in (100, 1000, 2000):
        household_rows.insert(pos, [])

    # -- visits: door to door mostly, over the period ----------------------------------------
    first, last = period
    days = (last - first).days
    channel_weights = [w for _c, w in _CHANNELS]
    visit_rows: list[list[object]] = []
    household_member = {
        str(r[0]): str(r[7]) for r in household_rows if r and r[7] and str(r[7]) != "BY-M999"
    }
    codes = sorted(household_member)
    # Each household is visited a few times over the period; each visit works on one skill
    # and usually moves it one rung up the ladder (0 not aware ... 3 alone, 4 real use).
    for house in codes:
        # About a third of households have a young smartphone user who learns fast.
        if rng.random() < 0.35:
            reached = [rng.choices((1, 2, 3), (20, 50, 30))[0] for _k in range(5)]
        else:
            reached = [rng.choices((0, 1, 2), (50, 35, 15))[0] for _k in range(5)]
        visits = min(10, int(rng.expovariate(1 / visits_per_household)) + 1)
        days_seen = sorted(rng.sample(range(days), visits))
        for offset in days_seen:
            day = first + dt.timedelta(days=offset)
            channel = rng.choices([c for c, _w in _CHANNELS], channel_weights)[0]
            persons = 1 if channel != "Họp dân" else rng.randint(8, 40)
            # one session works on the two or three weakest skills, one row per skill
            weakest = sorted(range(5), key=lambda i: (reached[i], rng.random()))
            for k in weakest[: rng.choice((2, 3))]:
                if rng.random() < 0.8:
                    reached[k] = min(4, reached[k] + 1)
                visit_rows.append(
                    [_date_text(rng, day), household_member[house],
                     house if channel != "Họp dân" else "", channel, _skill_text(rng, k),
                     _outcome_text(rng, reached[k]), persons]
                )  # fmt: skip
    # mistakes: an impossible date, an unknown skill, an unknown household
    visit_rows[5][0] = "31/02/2026"
    visit_rows[60][4] = "Kỹ năng 9"
    visit_rows[300][2] = "BY-H9999"
    bad["visits"] += 3

    paths: list[Path] = []
    titles = ["UỶ BAN NHÂN DÂN XÃ BẮC YÊN", "DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG VÀ THÀNH VIÊN"]
    teams_book = out / "to-va-thanh-vien.xlsx"
    # members first, teams second, sheet names that say nothing: kinds come from the headers
    _write_xlsx(
        teams_book,
        [
            ("Sheet1", titles, MEMBER_HEADERS, member_rows),
            ("Sheet2", titles[:1], TEAM_HEADERS, team_rows),
        ],
    )
    paths.append(teams_book)
    house_book = out / "ho-gia-dinh.xlsx"
    _write_xlsx(
        house_book,
        [
            (
                "DS hộ",
                ["DANH SÁCH HỘ GIA ĐÌNH DO THÀNH VIÊN TỔ PHỤ TRÁCH"],
                HOUSEHOLD_HEADERS,
                household_rows,
            )
        ],
    )
    paths.append(house_book)

    # the visit log: most in UTF-8 CSV with BOM, one village's log in legacy TCVN3
    split = len(visit_rows) // 10
    visits_csv = out / "nhat-ky-huong-dan.csv"
    with visits_csv.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(VISIT_HEADERS)
        writer.writerows(visit_rows[split:])
    paths.append(visits_csv)
    legacy_csv = out / "nhat-ky-tcvn3.csv"
    from cnscd_core.text import encode_legacy

    with legacy_csv.open("w", encoding="cp1252", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([encode_legacy(h, "tcvn3") for h in VISIT_HEADERS])
        for row in visit_rows[:split]:
            writer.writerow([encode_legacy(str(v), "tcvn3") for v in row])
    paths.append(legacy_csv)

    rows = {
        "teams": len(team_rows),
        "members": len(member_rows),
        "households": sum(1 for r in household_rows if r),
        "visits": len(visit_rows),
    }
    return DemoFiles(
        paths=tuple(paths),
        rows=rows,
        bad_rows=bad,
        villages=tuple(name for name, _k, _p in village_list),
    )
