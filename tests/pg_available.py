"""Exit 0 when the PostgreSQL server at the given URL answers (used by `make test`)."""

import asyncio
import sys

import asyncpg


async def main(url: str) -> int:
    try:
        connection = await asyncio.wait_for(asyncpg.connect(url), timeout=5)
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return 1
    await connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1])))
