"""Schemathesis hooks for scripts/schemathesis.sh: keep the change feed's long poll short.

`GET /changes?wait=N` may hold a request for up to 30 s by design; generated cases would spend
the run's time budget waiting. Any integer `wait` is capped at 1 s (other values are left for
the negative phases to try).
"""

import schemathesis


@schemathesis.hook
def map_query(ctx, query):
    if isinstance(query, dict) and isinstance(query.get("wait"), int) and not isinstance(query.get("wait"), bool):
        query["wait"] = max(0, min(query["wait"], 1))
    return query
