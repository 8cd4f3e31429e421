#!/usr/bin/env python3
"""Delete conversations older than RETENTION_DAYS from the tracker store, now (`make retention`).

The action server runs the same sweep at start and then daily (actions/privacy.py); this is the
by-hand run. Reads the store from TRACKER_DB_URL or $ENDPOINTS (endpoints.yml) like the action
server does; prints how many conversations were removed.

    python -m tools.retention [--days N] [--url SQLALCHEMY_URL]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from actions import privacy  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=float, default=None, help="default: RETENTION_DAYS or 30")
    ap.add_argument("--url", default=None, help="SQLAlchemy URL; default: TRACKER_DB_URL or endpoints.yml")
    args = ap.parse_args(argv)
    days = privacy.retention_days() if args.days is None else args.days
    store = privacy.Store(args.url) if args.url else privacy.Store.from_env()
    if store is None:
        print("retention: no SQL tracker store found (nothing to do)")
        return 0
    if days <= 0:
        print("retention: RETENTION_DAYS is 0, conversations are kept forever")
        return 0
    removed = privacy.sweep(store, days)
    where = store.engine.url.render_as_string(hide_password=True)
    print(f"retention: {removed} conversation(s) with no event in the last {days:g} days removed from {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
