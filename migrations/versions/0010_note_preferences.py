"""note preferences: the format a counselor's new notes open in

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "note_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("default_format", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_note_preferences_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_note_preferences")),
    )


def downgrade():
    op.drop_table("note_preferences")
