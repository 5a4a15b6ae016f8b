"""safety as a property of the model: private assignments, flag kinds, notes, item flags

- assignments.private, and a check that a private assignment never shares its answers;
- assignments.discreet: the portal lists a private safety sheet under its neutral title;
- answer_flags.kind (safety | clinical) and the counselor's note on acknowledging;
- checkin_flags.item: a flag raised by one item (the "safe to say what I feel" item), which
  has no previous check-in to compare with.

Existing rows: assignments whose snapshot says `privacy: private` become private (their
sharing is switched off), and discreet where it says `discreet: true`; every existing flag is clinical.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02 14:10:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("private", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("discreet", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    assignments = sa.table(
        "assignments",
        sa.column("id", sa.Integer),
        sa.column("definition", sa.JSON),
        sa.column("private", sa.Boolean),
        sa.column("discreet", sa.Boolean),
        sa.column("share_when_both_submitted", sa.Boolean),
    )
    bind = op.get_bind()
    for row in bind.execute(sa.select(assignments.c.id, assignments.c.definition)).all():
        definition = row.definition
        if isinstance(definition, str):
            definition = json.loads(definition)
        if (definition or {}).get("privacy") == "private":
            bind.execute(
                assignments.update()
                .where(assignments.c.id == row.id)
                .values(
                    private=True,
                    discreet=bool(definition.get("discreet")),
                    share_when_both_submitted=False,
                )
            )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.alter_column("private", server_default=None)
        batch_op.alter_column("discreet", server_default=None)
        batch_op.create_check_constraint(
            "private_never_shared", "NOT (private AND share_when_both_submitted)"
        )

    with op.batch_alter_table("answer_flags", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="clinical")
        )
        batch_op.add_column(
            sa.Column("acknowledged_note", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("answer_flags", schema=None) as batch_op:
        batch_op.alter_column("kind", server_default=None)
        batch_op.alter_column("acknowledged_note", server_default=None)

    with op.batch_alter_table("checkin_flags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item", sa.String(length=40), nullable=True))
        batch_op.alter_column("previous_checkin_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    with op.batch_alter_table("checkin_flags", schema=None) as batch_op:
        batch_op.alter_column("previous_checkin_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("item")
    with op.batch_alter_table("answer_flags", schema=None) as batch_op:
        batch_op.drop_column("acknowledged_note")
        batch_op.drop_column("kind")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_constraint("private_never_shared", type_="check")
        batch_op.drop_column("discreet")
        batch_op.drop_column("private")
