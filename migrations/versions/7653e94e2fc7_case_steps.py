"""case steps: the handoffs of a case through departments and participating units

Revision ID: 7653e94e2fc7
Revises: bf013d30302c
Create Date: 2026-11-22 21:29:07.835277

"""
from alembic import op
import sqlalchemy as sa

import onestop.db


# revision identifiers, used by Alembic.
revision = '7653e94e2fc7'
down_revision = 'bf013d30302c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('process', 'transfer', 'part', name='stepkind', native_enum=False, length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('lead', sa.Boolean(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('waiting', 'pending', 'active', 'submitted', 'done', 'cancelled', name='stepstate', native_enum=False, length=20), nullable=False),
    sa.Column('allotted_amount', sa.Integer(), nullable=False),
    sa.Column('allotted_unit', sa.String(length=20), nullable=False),
    sa.Column('from_label', sa.String(length=300), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', onestop.db.UTCDateTime(), nullable=True),
    sa.Column('started_at', onestop.db.UTCDateTime(), nullable=True),
    sa.Column('due_at', onestop.db.UTCDateTime(), nullable=True),
    sa.Column('received_at', onestop.db.UTCDateTime(), nullable=True),
    sa.Column('received_by_id', sa.Integer(), nullable=True),
    sa.Column('finished_at', onestop.db.UTCDateTime(), nullable=True),
    sa.Column('result', sa.Enum('early', 'on_time', 'late', name='stepresult', native_enum=False, length=20), nullable=True),
    sa.Column('rework', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('draft_file_id', sa.Integer(), nullable=True),
    sa.Column('created_at', onestop.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', onestop.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_case_steps_assignee_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_steps_case_id_cases')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_case_steps_department_id_departments')),
    sa.ForeignKeyConstraint(['draft_file_id'], ['case_files.id'], name=op.f('fk_case_steps_draft_file_id_case_files')),
    sa.ForeignKeyConstraint(['received_by_id'], ['users.id'], name=op.f('fk_case_steps_received_by_id_users')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_case_steps_sent_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_case_steps_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_steps'))
    )
    with op.batch_alter_table('case_steps', schema=None) as batch_op:
        batch_op.create_index('ix_case_steps_assignee_state', ['assignee_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_steps_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_case_steps_department_state', ['department_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_steps_unit_id'), ['unit_id'], unique=False)



def downgrade():
    with op.batch_alter_table('case_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_steps_unit_id'))
        batch_op.drop_index('ix_case_steps_department_state')
        batch_op.drop_index(batch_op.f('ix_case_steps_case_id'))
        batch_op.drop_index('ix_case_steps_assignee_state')

    op.drop_table('case_steps')
