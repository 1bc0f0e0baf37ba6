"""What members and moderators do in a community; views, demo data and tests all go through here.

Split by concern: `rules` (who may read, post, moderate), `membership`, `posting`, `moderation`, `notifications`
(subscriptions, notifications, digests), `sessions` (CoP sessions → JP ledger), `reading` (listings, search,
Beranda saya) and `promotion` (solved thread → draft knowledge asset).
"""

from .membership import approve_membership, join, leave, reject_membership
from .moderation import (
    hide_post,
    hide_thread,
    moderation_queue,
    report_post,
    resolve_report,
    restore_post,
    restore_thread,
    set_thread_flag,
)
from .notifications import mark_read, notifications_for, notify, send_digests, subscribe, unread_count, unsubscribe
from .posting import (
    MAX_POST_LENGTH,
    MAX_TITLE_LENGTH,
    accept_answer,
    add_reply,
    can_edit,
    check_length,
    create_thread,
    edit_post,
    toggle_reaction,
)
from .promotion import promote_thread, promotion_content
from .reading import communities_for, home_activity, search, visible_threads
from .rules import can_post, can_read, is_member, is_moderator, membership_of, require, standing, with_standing
from .sessions import LEDGER_FORM, LEDGER_SOURCE, record_attendance, schedule_session

__all__ = [
    "LEDGER_FORM",
    "LEDGER_SOURCE",
    "MAX_POST_LENGTH",
    "MAX_TITLE_LENGTH",
    "accept_answer",
    "add_reply",
    "approve_membership",
    "can_edit",
    "can_post",
    "can_read",
    "check_length",
    "communities_for",
    "create_thread",
    "edit_post",
    "hide_post",
    "hide_thread",
    "home_activity",
    "is_member",
    "is_moderator",
    "join",
    "leave",
    "mark_read",
    "membership_of",
    "moderation_queue",
    "notifications_for",
    "notify",
    "promote_thread",
    "promotion_content",
    "record_attendance",
    "reject_membership",
    "report_post",
    "require",
    "resolve_report",
    "restore_post",
    "restore_thread",
    "schedule_session",
    "search",
    "send_digests",
    "set_thread_flag",
    "standing",
    "subscribe",
    "toggle_reaction",
    "unread_count",
    "unsubscribe",
    "visible_threads",
    "with_standing",
]
