"""A tour of the national content pack: skills and ladders, apps, team rules, member roles.

Run with ``.venv/bin/python examples/content_pack_tour.py``.
"""

from __future__ import annotations

from cnscd_core.catalog import TeamRulePreset
from cnscd_core.packs import load_pack
from cnscd_core.plugins import load_plugins
from cnscd_core.plugins.default_packs import national_pack_path

NATIONAL = "pack:national"


def rules_in_words(preset: TeamRulePreset) -> str:
    """The bounds a preset sets, in one line (fields left as None set no rule)."""

    def bounds(low: int | None, high: int | None) -> str:
        if low is not None and high is not None:
            return f"{low}-{high}"
        return f">= {low}" if low is not None else f"<= {high}"

    parts = []
    for label, low, high in [
        ("members", preset.min_members, preset.max_members),
        ("commune team", preset.commune_team_min_members, preset.commune_team_max_members),
        ("village team", preset.village_team_min_members, preset.village_team_max_members),
    ]:
        if low is not None or high is not None:
            parts.append(f"{label} {bounds(low, high)}")
    if preset.min_teams_per_village is not None:
        parts.append(f">= {preset.min_teams_per_village} team(s) per village")
    if preset.households_per_member is not None:
        parts.append(f"~{preset.households_per_member} households per member")
    if preset.leader_roles:
        parts.append("leader: " + " or ".join(preset.leader_roles))
    if preset.deputy_roles:
        parts.append("deputy: " + " or ".join(preset.deputy_roles))
    if preset.min_members_with_it_skills:
        parts.append(f">= {preset.min_members_with_it_skills} member(s) with IT skills")
    return "; ".join(parts)


def main() -> None:
    # The pack on its own: the manifest and the records read from its TOML files.
    pack = load_pack(national_pack_path())
    manifest = pack.manifest
    print(f"Pack {manifest.name} {manifest.version}: {manifest.title.vi} / {manifest.title.en}")
    print("  provides:", ", ".join(manifest.provides))
    for kind, records in pack.data.items():
        print(f"  {kind:13} {len(records)}")

    # The same records as the rest of the library sees them, through the plugin host.
    host = load_plugins()
    for problem in host.problems:
        print("  problem:", problem)

    print("\nThe five basic digital skills (★ = alone_level, the household counts from there):")
    skills = sorted((s for s in host.skills if s.number is not None), key=lambda s: s.number or 0)
    for skill in skills:
        print(f"\n{skill.number}. {skill.name.vi} / {skill.name.en}  [{skill.code}]")
        for step in skill.ladder:
            star = "★" if step.level == skill.alone_level else " "
            print(f"   {step.level}{star} {step.code:11} {step.name.vi} / {step.name.en}")
    print(f"\n   source: {skills[0].source}")

    print("\nNational apps, by the skill they exercise:")
    national_apps = [a for a in host.apps if host.apps.owner_of(a.code) == NATIONAL]
    for skill in skills:
        print(f"\n{skill.number}. {skill.name.en}")
        for app in national_apps:
            if skill.code in app.skills:
                url = f"  <{app.url}>" if app.url else ""
                print(f"   - {app.name.vi} / {app.name.en}{url}")

    print("\nTeam-rule presets:")
    for preset in host.team_rules:
        print(f"\n{preset.code}: {preset.name.en}")
        print(f"   source: {preset.source}")
        print(f"   rules:  {rules_in_words(preset)}")

    print("\nMember roles:")
    for role in host.member_roles:
        print(f"   {role.code:21} {role.name.vi} / {role.name.en}")


if __name__ == "__main__":
    main()
