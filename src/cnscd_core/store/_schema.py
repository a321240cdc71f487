"""The store's schema, versioned: each migration takes the schema one version up."""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE villages (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    commune TEXT NOT NULL,
    legacy_commune TEXT,
    review TEXT
);
CREATE TABLE teams (
    key TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    level TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE members (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE member_teams (
    member TEXT NOT NULL REFERENCES members(key) ON DELETE CASCADE,
    team TEXT NOT NULL REFERENCES teams(key),
    PRIMARY KEY (member, team)
);
CREATE TABLE households (
    key TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    member TEXT REFERENCES members(key),
    size INTEGER NOT NULL,
    smartphones INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX households_unit ON households (unit);
CREATE INDEX households_member ON households (member);
CREATE TABLE residents (
    key TEXT PRIMARY KEY,
    household TEXT NOT NULL REFERENCES households(key),
    birth_year INTEGER,
    vneid_level INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX residents_household ON residents (household);
CREATE TABLE visits (
    key TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    member TEXT NOT NULL REFERENCES members(key),
    household TEXT REFERENCES households(key),
    resident TEXT REFERENCES residents(key),
    channel TEXT NOT NULL,
    skill TEXT,
    app TEXT,
    outcome INTEGER,
    persons INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX visits_member ON visits (member);
CREATE INDEX visits_household ON visits (household);
CREATE INDEX visits_date ON visits (date);
CREATE TABLE skill_levels (
    household TEXT NOT NULL REFERENCES households(key),
    resident TEXT,
    skill TEXT NOT NULL,
    level INTEGER NOT NULL,
    date TEXT,
    origin TEXT NOT NULL,
    origin_key TEXT NOT NULL
);
CREATE INDEX skill_levels_origin ON skill_levels (origin, origin_key);
CREATE INDEX skill_levels_household ON skill_levels (household);
CREATE TABLE campaigns (key TEXT PRIMARY KEY, unit TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE feedback (
    key TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    date TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX history_key ON history (kind, key);
"""

# Version 2: a record's creation (when, from where) is kept on its own row, so writing a new
# record adds no history entry; the history keeps the updates (and the "new" entries that
# version 1 wrote). ``history()`` gives the same entries either way.
_RECORD_TABLES = ("teams", "members", "households", "residents", "visits", "campaigns", "feedback")
_V2 = "".join(
    f"ALTER TABLE {table} ADD COLUMN created TEXT;\nALTER TABLE {table} ADD COLUMN source TEXT;\n"
    for table in _RECORD_TABLES
)

#: (version reached, SQL script); applied in order inside one transaction each.
MIGRATIONS: tuple[tuple[int, str], ...] = ((1, _V1), (2, _V2))
SCHEMA_VERSION = MIGRATIONS[-1][0]
