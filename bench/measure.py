"""Run one ``mkdocs build`` in this process and print its wall time and peak memory as JSON.

Used by ``bench.run`` as a child process, so that each build's peak RSS is its own. The build
forks a helper process (``macros.build.deferred``) that runs at the same time as this one: the peak
reported is the sum of both peaks, an upper bound of the memory the build needed at once. CPU
time is reported too (this process and its children), to tell waiting from working.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time


def main() -> int:
    config, site = sys.argv[1], sys.argv[2]
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.__main__ import cli

    start = time.perf_counter()
    code = 0
    try:
        cli.main(args=["build", "--strict", "--quiet", "--config-file", config, "--site-dir", site], standalone_mode=False)
    except SystemExit as exc:
        code = exc.code or 0
    except Exception as exc:  # report, don't hide: the caller prints it
        print(f"échec de la construction : {exc}", file=sys.stderr)
        code = 1
    seconds = time.perf_counter() - start
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = (own.ru_maxrss + children.ru_maxrss) / 1024
    cpu = {"cpu_main": own.ru_utime + own.ru_stime, "cpu_children": children.ru_utime + children.ru_stime}
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "code": code, **cpu}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
