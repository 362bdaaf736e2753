"""Prepare the Dutch part of xSID for the clustering benchmark: one CSV of (split, id, intent,
text) from the ``valid`` and ``test`` files of mainlp/xsid (version 0.7), nothing else.

xSID is by Rob van der Goot et al. (NAACL 2021, "From Masked Language Modeling to Translation:
Non-English Auxiliary Tasks Improve Zero-shot Spoken Language Understanding"), licensed CC BY-SA
4.0; the prepared file is shared under the same licence (see benchmarks/data/README.md).

    git clone https://github.com/mainlp/xsid /tmp/xsid
    .venv/bin/python benchmarks/prepare_xsid.py /tmp/xsid   # or a bare git dir of it

Tune on ``valid``; ``test`` is reported once (the issue's rule).
"""

import csv
import subprocess
import sys
from pathlib import Path

VERSION = "xSID-0.7"
OUT = Path(__file__).resolve().parent / "data" / "xsid_nl.csv"


def read(repo: Path, split: str) -> str:
    path = f"data/{VERSION}/nl.{split}.conll"
    if (repo / path).exists():  # a checkout
        return (repo / path).read_text(encoding="utf-8")
    return subprocess.run(["git", f"--git-dir={repo}", "show", f"HEAD:{path}"], check=True,
                          capture_output=True, text=True).stdout  # a bare git dir


def utterances(conll: str):
    """(id, intent, text) per sentence block of the CoNLL file."""
    fields: dict[str, str] = {}
    for line in [*conll.splitlines(), ""]:
        if line.startswith("# ") and " = " in line:
            key, value = line[2:].split(" = ", 1)
            fields[key.strip()] = value.strip()
        elif not line.strip() and fields:
            yield fields["id"], fields["intent"], fields["text"]
            fields = {}


def main(repo: Path) -> None:
    OUT.parent.mkdir(exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["split", "id", "intent", "text"])
        for split in ("valid", "test"):
            for row in utterances(read(repo, split)):
                writer.writerow([split, *row])
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/xsid"))
