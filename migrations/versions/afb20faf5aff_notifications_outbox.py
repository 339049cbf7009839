"""notifications outbox and development mailbox

Revision ID: afb20faf5aff
Revises: 0695458fbf41
Create Date: 2026-11-22 21:29:37.464552

"""
from alembic import op
import sqlalchemy as sa

import onestop.db


# revision identifiers, used by Alembic.
revision = 'afb20faf5aff'
down_revision = '0695458fbf41'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dev_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('email', 'sms', name='notifychannel', native_enum=False, length=20), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('at', onestop.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dev_messages'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.Enum('email', 'sms', name='notifychannel', native_enum=False, length=20), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'queued', 'sending', 'sent', 'failed', name='notifystatus', native_enum=False, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('provider_message_id', sa.String(length=200), nullable=False),
    sa.Column('created_at', onestop.db.UTCDateTime(), nullable=False),
    sa.Column('queued_at', onestop.db.UTCDateTime(), nullable=True),
    sa.Column('sending_at', onestop.db.UTCDateTime(), nullable=True),
    sa.Column('sent_at', onestop.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_notifications_case_id_cases')),
    sa.ForeignKeyConstraint(['event_id'], ['case_events.id'], name=op.f('fk_notifications_event_id_case_events')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_notifications_idempotency_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_notifications_status_created', ['status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))
        batch_op.drop_index('ix_notifications_status_created')
        batch_op.drop_index(batch_op.f('ix_notifications_case_id'))

    op.drop_table('notifications')
    op.drop_table('dev_messages')
