"""Vietnamese text handling with cnscd_core.text: compare, search, sort and repair names.

Run with ``python examples/text_handling.py`` (or ``PYTHONPATH=src python ...`` from a checkout).
"""

from __future__ import annotations

import unicodedata

from cnscd_core.text import (
    canonical,
    compare_key,
    detect_legacy_encoding,
    encode_legacy,
    fold,
    has_diacritics,
    repair_legacy_encoding,
    sort_names,
)


def show_matching() -> None:
    print("== The same name, written four ways ==")
    spellings = {
        "as typed": "Thanh Hóa",
        "other tone placement": "Thanh Hoá",
        "capitals": "THANH HOÁ",
        "decomposed (NFD)": unicodedata.normalize("NFD", "Thanh Hóa"),
    }
    for label, text in spellings.items():
        print(f"  {label:22} canonical={canonical(text)!r:14} key={compare_key(text)!r}")
    print("  all keys equal:", len({compare_key(text) for text in spellings.values()}) == 1)
    print()


def show_search() -> None:
    print("== Accent-free search ==")
    communes = ["Hòa Bình", "Hoà Bình", "Hòa Bính", "Đắk Lắk", "Hoa Lư"]
    for query in ["hoa binh", "Hòa Bình", "dak lak"]:
        if has_diacritics(query):
            hits = [c for c in communes if compare_key(c) == compare_key(query)]
        else:
            hits = [c for c in communes if fold(c) == fold(query)]
        print(f"  {query!r:12} -> {hits}")
    print()


def show_sorting() -> None:
    print("== Official name order (given name first) ==")
    people = [
        "Nguyễn Văn Bình",
        "Trần Thị An",
        "Lê Văn Bình",
        "Phạm Thị Ánh",
        "Đỗ Minh Đức",
        "Hoàng Thị Dung",
        "Vũ Thị Hoà",
        "Bùi Văn Hòa",
    ]
    for position, name in enumerate(sort_names(people), start=1):
        print(f"  {position}. {name}")
    print()


def show_legacy_repair() -> None:
    print("== Repairing legacy TCVN3 / VNI spreadsheets ==")
    cells = [
        "Thanh Hãa",  # TCVN3 (.VnTime fonts)
        "Nh\xad Xu©n",  # TCVN3, with a soft hyphen for "ư"
        "Thanh Hoùa",  # VNI (VNI-Times fonts)
        "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",  # VNI
        "Tổ công nghệ số cộng đồng",  # already Unicode: left alone
        "Monthly report",  # English: left alone
    ]
    for cell in cells:
        result = repair_legacy_encoding(cell)
        print(f"  {cell!r:45} -> {result.text!r} ({result.encoding or 'unchanged'})")

    sentence = "đi từng ngõ, gõ từng nhà, hướng dẫn từng người"
    print(f"  messy demo data from {sentence!r}:")
    for encoding in ("tcvn3", "vni"):
        mojibake = encode_legacy(sentence, encoding)
        back = repair_legacy_encoding(mojibake)
        print(f"    {encoding:6} {mojibake!r}")
        print(
            f"           detected={detect_legacy_encoding(mojibake)}, "
            f"round trip ok={back.text == sentence}"
        )
    print()


def main() -> None:
    show_matching()
    show_search()
    show_sorting()
    show_legacy_repair()


if __name__ == "__main__":
    main()
