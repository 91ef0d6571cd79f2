"""A `gazette watch` process for the watch benchmarks (watch_edits.py, watch_changes.py).

Its standard error is read line by line on a thread, so a benchmark can wait for each rebuild
and for the search index update that follows it.
"""

import queue
import subprocess
import threading


class Watch:
    def __init__(self, binary, site, output):
        self.process = subprocess.Popen(
            [binary, "watch", "--root", str(site), "--output", str(output)],
            stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(l) for l in self.process.stderr],
                         daemon=True).start()

    @property
    def pid(self):
        return self.process.pid

    def settled(self, timeout):
        """Waits for the next rebuild's line (`gazette: … in N ms`), then for the search index
        update it announces, if any. Returns both lines, stripped ("" without an update)."""
        while True:
            line = self.lines.get(timeout=timeout)
            if line.startswith("gazette: ") and " ms" in line:
                break
        search = ""
        if "updating the search index" in line:
            while "search index updated" not in search:
                search = self.lines.get(timeout=timeout)
        return line.strip(), search.strip()

    def kill(self):
        self.process.kill()
