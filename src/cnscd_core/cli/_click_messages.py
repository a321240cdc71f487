"""Click's own messages, listed so that they are extracted into our catalogues.

Click looks them up through gettext; ``cnscd_core.cli._app`` routes that lookup to our
catalogues, so "Usage:" reads "Cách dùng:" in Vietnamese. Only the messages a user of
``cnscd`` can meet are listed.
"""

from cnscd_core.i18n import N_, N_plural

CLICK_MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing parameter: {param_name}"),
    N_("Missing {param_type}"),
    N_("Missing command."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."),
    N_("Could not open file {filename!r}: {message}"),
    N_plural("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    N_plural("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    N_plural(
        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."
    ),
    N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
)
