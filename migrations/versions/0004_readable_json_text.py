"""make stored answers and note sections readable: lone UTF-16 surrogates become U+FFFD

Before the before-flush guard cleaned them, autosave could store half of an emoji (JSON keeps
it as the escape "\\ud83d"). Such a row broke its pages, search and PDFs, and a signed note can
never be saved again to clean it; so every row is cleaned once here. No schema change.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 06:30:00
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Columns that take text through autosave's JSON, the only way a lone surrogate gets in.
COLUMNS = (("responses", "answers"), ("session_notes", "sections"))

# A frozen copy of practice.integrity.storable as it was at this revision: a migration must
# run the same way whatever later versions of the app code do (or whether they import).
NUL = "\x00"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(value):
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value.replace(NUL, ""))
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value


def upgrade():
    connection = op.get_bind()
    for table_name, column_name in COLUMNS:
        table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column_name, sa.JSON))
        column = table.c[column_name]
        for row_id, value in connection.execute(sa.select(table.c.id, column)).all():
            cleaned = storable(value)
            if cleaned != value:
                connection.execute(
                    table.update().where(table.c.id == row_id).values({column_name: cleaned})
                )


def downgrade():
    # Nothing to undo: the characters replaced could not be shown anyway.
    pass
