"""How the project starts Debian's headless Chromium (tests and benchmarks alike).

The network flags keep Chromium from calling home: the machines here have no internet, and
without them it opens many refused connections at every start.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
