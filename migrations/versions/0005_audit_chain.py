"""a tamper-evident audit chain, and one-time form tokens

Each audit row gets its place in the chain, the previous row's hash and its own hash; a
one-row table holds the chain's head (the lock writers take, and the last hash). Rows written
before this revision are chained here, in the order they were written. Spent one-time form
tokens keep an addendum or a signature from being added twice.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 13:20:00
"""

from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

from practice.audit.chain import GENESIS, HEAD_ID, row_digest
from practice.db_types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FIELDS = (
    "id", "at", "actor_id", "actor_email", "action", "object_type", "object_id", "couple_id",
    "outcome", "ip_address", "detail",
)


def upgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain_seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_audit_events_chain_seq"), ["chain_seq"])

    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    op.create_table(
        "spent_form_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("spent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_spent_form_tokens")),
    )
    _chain_existing_rows()


def _chain_existing_rows():
    connection = op.get_bind()
    events = sa.table(
        "audit_events",
        *(sa.column(name, UTCDateTime() if name == "at" else None) for name in FIELDS),
        sa.column("chain_seq"),
        sa.column("prev_hash"),
        sa.column("row_hash"),
    )
    seq, last_hash = 0, GENESIS
    rows = connection.execute(sa.select(*(events.c[name] for name in FIELDS)).order_by(events.c.id))
    for values in rows.mappings().all():
        seq += 1
        row = SimpleNamespace(**values, chain_seq=seq)
        row_hash = row_digest(row, last_hash)
        connection.execute(
            events.update()
            .where(events.c.id == row.id)
            .values(chain_seq=seq, prev_hash=last_hash, row_hash=row_hash)
        )
        last_hash = row_hash
    head = sa.table("audit_chain_head", sa.column("id"), sa.column("last_seq"), sa.column("last_hash"))
    connection.execute(head.insert().values(id=HEAD_ID, last_seq=seq, last_hash=last_hash))


def downgrade():
    op.drop_table("spent_form_tokens")
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_events_chain_seq"), type_="unique")
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("chain_seq")
