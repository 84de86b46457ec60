"""Secrets generated at first run and kept under the data folder, never in the repository."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def private_folder(path: Path) -> Path:
    """Create `path` readable by this user only, and every folder between it and the `keys`
    folder above it too: `mkdir`'s mode applies to the last folder alone, so `keys/` made as
    the parent of `keys/ikd/` used to be readable by everyone."""
    path.mkdir(parents=True, exist_ok=True)
    chain = [path, *path.parents]
    keys = next((i for i, folder in enumerate(chain) if folder.name == "keys"), 0)
    for folder in chain[: keys + 1]:
        folder.chmod(0o700)
    return path


def load_or_create_secret(data_dir: Path, name: str, nbytes: int = 32) -> str:
    """Read `<data_dir>/keys/<name>`, creating it (readable by this user only) on first use."""
    path = data_dir / "keys" / name
    if path.exists():
        return path.read_text().strip()
    private_folder(path.parent)
    value = secrets.token_hex(nbytes)
    # O_EXCL: if another process created it first, use theirs.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value
