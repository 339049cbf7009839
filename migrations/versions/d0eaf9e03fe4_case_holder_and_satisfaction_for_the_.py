"""case holder and satisfaction for the reports

The department and officer breakdowns read who holds each case, and the satisfaction rate reads
the rating, from the case row itself: the province-wide report stays one index-only scan.

Revision ID: d0eaf9e03fe4
Revises: d4f1adccfcc9
Create Date: 2026-11-22 23:16:12.449560

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd0eaf9e03fe4'
down_revision = 'd4f1adccfcc9'
branch_labels = None
depends_on = None

OLD_INCLUDE = ['id', 'handling_unit_id', 'procedure_id', 'received_by_id', 'channel', 'status', 'due_at', 'paused_seconds', 'first_supplement_at', 'first_supplement_back_at', 'second_supplement_at']
NEW_INCLUDE = ['id', 'handling_unit_id', 'procedure_id', 'received_by_id', 'handler_id', 'holder_department_id', 'satisfaction', 'channel', 'status', 'due_at', 'paused_seconds', 'first_supplement_at', 'first_supplement_back_at', 'second_supplement_at']
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


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_report_period', postgresql_include=OLD_INCLUDE)
        batch_op.add_column(sa.Column('holder_department_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('handler_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('satisfaction', SATISFACTION, nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cases_handler_id_users'), 'users', ['handler_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_cases_holder_department_id_departments'), 'departments', ['holder_department_id'], ['id'])
    op.execute(BACKFILL)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_report_period', ['accepted_at', 'closed_at'], unique=False, postgresql_include=NEW_INCLUDE)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_report_period', postgresql_include=NEW_INCLUDE)
        batch_op.drop_constraint(batch_op.f('fk_cases_holder_department_id_departments'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_cases_handler_id_users'), type_='foreignkey')
        batch_op.drop_column('satisfaction')
        batch_op.drop_column('handler_id')
        batch_op.drop_column('holder_department_id')
        batch_op.create_index('ix_cases_report_period', ['accepted_at', 'closed_at'], unique=False, postgresql_include=OLD_INCLUDE)
