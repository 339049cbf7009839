"""The processing blueprint: the queue screen, the case actions and the printed forms 04 and 05."""

from flask import Blueprint

from onestop.navigation import register_count

bp = Blueprint("processing", __name__)

from onestop.processing import actions, documents, queue_page  # noqa: E402, F401  (routes)
from onestop.processing.queues import menu_count  # noqa: E402

register_count("processing.queue", menu_count)
