"""case holder, satisfaction and report due dates for the reports

The department and officer breakdowns read who holds each case, the satisfaction rate reads the
rating, and the on-time formula reads the due date a waiting case is judged against and the one
an apology replaced, from the case row itself: the province-wide report stays one index-only scan.

Revision ID: d0eaf9e03fe4
Revises: d4f1adccfcc9
Create Date: 2026-11-22 23:16:12.449560

"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa

import onestop.db


# revision identifiers, used by Alembic.
revision = 'd0eaf9e03fe4'
down_revision = 'd4f1adccfcc9'
branch_labels = None
depends_on = None

OLD_INCLUDE = ['id', 'handling_unit_id', 'procedure_id', 'received_by_id', 'channel', 'status', 'due_at', 'paused_seconds', 'first_supplement_at', 'first_supplement_back_at', 'second_supplement_at']
NEW_INCLUDE = ['id', 'handling_unit_id', 'procedure_id', 'received_by_id', 'handler_id', 'holder_department_id', 'satisfaction', 'channel', 'status', 'due_at', 'paused_seconds', 'first_supplement_at', 'first_supplement_back_at', 'second_supplement_at', 'first_supplement_due_at', 'due_before_apology_at']
SATISFACTION = sa.Enum('very_satisfied', 'satisfied', 'not_satisfied', name='satisfaction', native_enum=False, length=20)

# The latest lead step of each case: its department, and the last officer named on a lead step.
BACKFILL = """
UPDATE cases SET
  holder_department_id = (
    SELECT s.department_id FROM case_steps s
    WHERE s.case_id = cases.id AND s.lead ORDER BY s.id DESC LIMIT 1),
  handler_id = (
    SELECT s.assignee_id FROM case_steps s
    WHERE s.case_id = cases.id AND s.lead AND s.assignee_id IS NOT NULL
    ORDER BY s.id DESC LIMIT 1),
  satisfaction = (SELECT r.level FROM case_ratings r WHERE r.case_id = cases.id)
"""


def _backfill_apologies():
    """The due date each apology replaced, from the apology event's data (JSON on both databases)."""
    bind = op.get_bind()
    events = sa.table('case_events', sa.column('case_id', sa.Integer), sa.column('action', sa.String), sa.column('data', sa.JSON))
    cases = sa.table('cases', sa.column('id', sa.Integer), sa.column('due_before_apology_at', onestop.db.UTCDateTime()))
    for case_id, data in bind.execute(sa.select(events.c.case_id, events.c.data).where(events.c.action == 'apology')):
        old_due = (data or {}).get('old_due')
        if old_due:
            bind.execute(cases.update().where(cases.c.id == case_id).values(due_before_apology_at=datetime.fromisoformat(old_due)))


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_report_period', postgresql_include=OLD_INCLUDE)
        batch_op.add_column(sa.Column('holder_department_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('handler_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('satisfaction', SATISFACTION, nullable=True))
        batch_op.add_column(sa.Column('first_supplement_due_at', onestop.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('due_before_apology_at', onestop.db.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cases_handler_id_users'), 'users', ['handler_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_cases_holder_department_id_departments'), 'departments', ['holder_department_id'], ['id'])
    op.execute(BACKFILL)
    _backfill_apologies()
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_report_period', ['accepted_at', 'closed_at'], unique=False, postgresql_include=NEW_INCLUDE)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_report_period', postgresql_include=NEW_INCLUDE)
        batch_op.drop_constraint(batch_op.f('fk_cases_holder_department_id_departments'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_cases_handler_id_users'), type_='foreignkey')
        batch_op.drop_column('due_before_apology_at')
        batch_op.drop_column('first_supplement_due_at')
        batch_op.drop_column('satisfaction')
        batch_op.drop_column('handler_id')
        batch_op.drop_column('holder_department_id')
        batch_op.create_index('ix_cases_report_period', ['accepted_at', 'closed_at'], unique=False, postgresql_include=OLD_INCLUDE)
