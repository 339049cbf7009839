"""intake tokens

Revision ID: 5c2f8e1a9b47
Revises: e867a94db98d
Create Date: 2026-11-22 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import onestop.db


# revision identifiers, used by Alembic.
revision = '5c2f8e1a9b47'
down_revision = 'e867a94db98d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('intake_tokens',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('created_at', onestop.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_intake_tokens_case_id_cases')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_intake_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_intake_tokens'))
    )


def downgrade():
    op.drop_table('intake_tokens')
