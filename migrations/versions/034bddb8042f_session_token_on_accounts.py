"""session token on accounts

Every signed-in session carries the account's token; signing out or a new password renews it,
which ends the sessions begun with the old one. Existing sessions (no token yet) sign in again.

Revision ID: 034bddb8042f
Revises: d0eaf9e03fe4
Create Date: 2026-11-22 23:18:35.058174

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '034bddb8042f'
down_revision = 'd0eaf9e03fe4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), server_default='', nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_token')

    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_column('session_token')
