"""A province plugin in twenty lines: Huế adds the Hue-S app and a skill it teaches."""

from cnscd_core.catalog import App, Milestone, Skill, Text
from cnscd_core.plugins import AppRegistry, SkillRegistry, hookimpl


@hookimpl
def cnscd_register_skills(registry: SkillRegistry) -> None:
    """Add the skill of reporting a local problem from a phone."""
    ladder = (
        Milestone(0, "not_aware", Text("Chưa biết", "Not aware")),
        Milestone(1, "guided", Text("Làm được khi có hướng dẫn", "Done with guidance")),
        Milestone(2, "alone", Text("Tự làm được", "Done alone")),
    )
    name = Text("Phản ánh hiện trường qua ứng dụng", "Reporting local problems from an app")
    registry.add_skill(Skill(code="hue-field-reports", name=name, ladder=ladder, alone_level=2))


@hookimpl
def cnscd_register_apps(registry: AppRegistry) -> None:
    """Add Hue-S, the app of Huế city (2025 province code 46)."""
    skills = ("hue-field-reports", "local_digital_platforms")
    registry.add_app(App(code="hue-s", name=Text("Hue-S", "Hue-S"), skills=skills, province="46"))
