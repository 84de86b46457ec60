"""Writing the audit log. Entries name the object by table and id, never by its values."""

from __future__ import annotations

from server.models.accounts import Role
from server.models.audit import AuditLog
from server.services.auth import User


def _entry(user: User, action: str, object_type: str, object_id: int | None) -> AuditLog:
    return _entry_as(user.id, user.role, action, object_type, object_id)


def _entry_as(
    account_id: int, role: Role, action: str, object_type: str, object_id: int | None
) -> AuditLog:
    return AuditLog(
        actor=account_id,
        actor_role=role.value,
        action=action,
        object_type=object_type,
        object_id=object_id,
    )


async def record(user: User, action: str, object_type: str, object_id: int | None) -> None:
    await AuditLog.insert(_entry(user, action, object_type, object_id))


async def record_as(
    account_id: int, role: Role, action: str, object_type: str, object_id: int | None
) -> None:
    """An entry for an account acting before it has a session (a citizen signing up)."""
    await AuditLog.insert(_entry_as(account_id, role, action, object_type, object_id))


async def record_each(user: User, action: str, object_type: str, object_ids: list[int]) -> None:
    """One entry per object, written in one statement."""
    if object_ids:
        await AuditLog.insert(*(_entry(user, action, object_type, oid) for oid in object_ids))


async def record_reads(user: User, penduduk_ids: list[int]) -> None:
    """Log each resident whose personal data `user` was shown, except the user themself."""
    others = [pid for pid in penduduk_ids if pid != user.penduduk_id]
    if others:
        await AuditLog.insert(*(_entry(user, "lihat_penduduk", "penduduk", pid) for pid in others))
