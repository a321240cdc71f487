"""Check a ward's teams against every validation rule, then score, rank and honour them.

Builds a small store in a temporary folder: a ward of Hồ Chí Minh City (Bình Dương province
before 2025-07-01, plan 6037/KH-UBND) with three quarters and a team in two of them, and adds
a province-style rule of its own to show how a plugin attaches a checking function. Run with
``.venv/bin/python examples/check_and_evaluate.py`` (``CNSCD_LANG=en`` for English messages).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cnscd_core.catalog import Text, ValidationRule
from cnscd_core.evaluation import evaluate
from cnscd_core.field import Household, Member, Team, Training, Visit
from cnscd_core.plugins import ValidationRuleRegistry, hookimpl, load_plugins
from cnscd_core.rollup import Finding
from cnscd_core.store import SQLiteStore, open_store
from cnscd_core.validation import CheckContext, RuleChecks, check_unit, default_rules

WARD = "25747"  # Phường Thủ Dầu Một
PERIOD = "2026-Q3"
ALL_FIVE = {
    "online_public_services": 3,
    "online_shopping": 3,
    "online_payment": 3,
    "cyber_safety": 3,
    "local_digital_platforms": 3,
}


class DeputyRule:
    """A province's own rule (plan 4862/KH-UBND asks for a deputy) and its checking function.

    A real plugin is a module: the hook below is a module function and ``VALIDATION_CHECKS``
    a module attribute.
    """

    VALIDATION_CHECKS = RuleChecks()

    @hookimpl
    def cnscd_register_validation_rules(self, registry: ValidationRuleRegistry) -> None:
        registry.add_validation_rule(
            ValidationRule(
                "example_team_without_deputy",
                Text(vi="Tổ chưa có tổ phó", en="Team without a deputy"),
                "info",
            )
        )

    @staticmethod
    @VALIDATION_CHECKS.attach("example_team_without_deputy")
    def check(context: CheckContext) -> Iterator[Finding]:
        for team in context.active_teams():
            # A real plugin translates its message (codes only, never a person's name).
            if team.deputy is None:
                yield context.finding(
                    f"the team {team.code} has no deputy", subject=team.code, unit=team.unit
                )


def fill(store: SQLiteStore, quarters: list[str]) -> None:
    """Two quarter teams; quarter 1 is well served, quarter 3 has no team."""
    put = store.put
    q1, q2, q3 = quarters
    put("teams", Team("KP1", "Tổ CNSCĐ khu phố 1", "village", q1, leader="A1"), "example")
    put("teams", Team("KP2", "Tổ CNSCĐ khu phố 2", "village", q2, leader="B1"), "example")
    trained = (Training(course="MOOCs", date=dt.date(2026, 3, 1)),)
    for code, team in [("A1", "KP1"), ("A2", "KP1"), ("A3", "KP1"), ("B1", "KP2"), ("B2", "KP2")]:
        # Names are personal data: they never appear in findings or evaluations.
        put(
            "members",
            Member(
                code, "Nguyễn Văn An", teams=(team,), trainings=trained if team == "KP1" else ()
            ),
            "example",
        )
    homes: list[tuple[str, str | None, dict[str, int]]] = (
        [(q1, "A1", ALL_FIVE)] * 4 + [(q2, "B1", {})] * 2 + [(q2, None, {})] * 2
    )
    homes += [(q3, None, {})] * 2
    for n, (unit, member, skills) in enumerate(homes, start=1):
        put(
            "households",
            Household(
                f"HH{n:02d}", "Trần Thị Bình", 4, unit, member=member, skill_levels=dict(skills)
            ),
            "example",
        )
    put(
        "visits",
        Visit("v1", dt.date(2026, 8, 3), "A2", "door_to_door", household="HH01"),
        "example",
    )


def main() -> None:
    host = load_plugins()
    if not host.pm.is_registered(default_rules):  # until the core lists it among its defaults
        host.register(default_rules, name="default_rules")
    host.register(DeputyRule(), name="example-province")

    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.sqlite") as store:
        with store.transaction():
            quarters = [f"{WARD}.{n:03d}" for n in (1, 2, 3)]
            for n, code in enumerate(quarters, start=1):
                store.put_village(code, f"Khu phố {n}", "khu phố", WARD, None)
            fill(store, quarters)

        report = check_unit(store, WARD, PERIOD, host=host)
        print(f"Check of {WARD} for {report.period.label} (as of {report.as_of}):")
        for f in report.findings:
            print(f"  {f.severity:<8} {f.rule:<28} {f.unit:<10} {f.subject:<10} {f.message}")
        print(f"  ok: {report.ok}; summary: {report.summary()['by_severity']}")

        result = evaluate(store, WARD, PERIOD, host=host)
        print(f"\nEvaluation against {result.criteria.code} ({result.criteria.name}):")
        for row in result.results:
            who = row.team or row.unit
            print(f"  {row.kind:<7} #{row.rank} {who:<10} {row.score:6.2f}  {row.class_name}")
            if row.missing:
                print(f"          missing: {', '.join(row.missing)}")
        print("Candidates for honours:", ", ".join(r.code for r in result.honours) or "none")
        for note in result.notes:
            print("Note:", note)


if __name__ == "__main__":
    main()
