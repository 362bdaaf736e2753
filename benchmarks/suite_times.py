"""Where the test suite's time goes: a pytest plugin writing wall-clock and CPU seconds per test
file (setup, call and teardown apart) as one JSON object. CPU seconds are the worker process's
own (all its threads), so they stay meaningful on a machine shared with other work, where wall
clock times are not. Works with pytest-xdist (each worker measures, the controller adds up).

    .venv/bin/pytest -p benchmarks.suite_times --test-times=/tmp/times.json -n 2 --dist loadfile
"""

import json
import time
from collections import defaultdict

import pytest

PHASES = ("setup", "call", "teardown")
_started = pytest.StashKey[dict]()


def pytest_addoption(parser):
    parser.addoption("--test-times", metavar="FILE", default=None,
                     help="write wall and CPU seconds per test file and phase to FILE (JSON)")


def pytest_configure(config):
    if config.getoption("--test-times"):
        config.pluginmanager.register(_Times(config.getoption("--test-times")), "test-times")


class _Times:
    def __init__(self, path: str):
        self.path = path
        self.files: dict = defaultdict(lambda: {f"{kind}_{phase}": 0.0 for phase in PHASES
                                                for kind in ("wall", "cpu")} | {"tests": 0})
        self.tests: dict = {}
        self.start = time.monotonic()

    def _measure(self, item, phase):
        item.stash.setdefault(_started, {})[phase] = time.process_time()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(self, item):
        self._measure(item, "setup")
        yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        self._measure(item, "call")
        yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item):
        self._measure(item, "teardown")
        yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        started = item.stash.get(_started, {}).get(call.when)
        if started is not None:
            outcome.get_result().user_properties.append(
                ("cpu_seconds", time.process_time() - started))

    def pytest_runtest_logreport(self, report):
        cpu = dict(report.user_properties).get("cpu_seconds", 0.0)
        file = self.files[report.nodeid.split("::")[0]]
        file[f"wall_{report.when}"] += report.duration
        file[f"cpu_{report.when}"] += cpu
        test = self.tests.setdefault(report.nodeid, {"wall": 0.0, "cpu": 0.0})
        test["wall"] += report.duration
        test["cpu"] += cpu
        if report.when == "call":
            file["tests"] += 1

    def pytest_sessionfinish(self, session):
        if hasattr(session.config, "workerinput"):
            return  # an xdist worker: the controller writes the file
        files = {name: {k: round(v, 2) for k, v in figures.items()}
                 for name, figures in sorted(self.files.items())}
        for figures in files.values():
            figures["wall"] = round(sum(figures[f"wall_{p}"] for p in PHASES), 2)
            figures["cpu"] = round(sum(figures[f"cpu_{p}"] for p in PHASES), 2)
        slowest = sorted(self.tests.items(), key=lambda t: -t[1]["cpu"])[:40]
        result = {
            "wall_seconds": round(time.monotonic() - self.start, 1),
            "cpu_seconds_in_tests": round(sum(f["cpu"] for f in files.values()), 1),
            "files": files,
            "slowest_tests_by_cpu": {k: {x: round(y, 2) for x, y in v.items()}
                                     for k, v in slowest},
        }
        with open(self.path, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=1)
