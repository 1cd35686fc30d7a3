"""Run ``python -m coursekit check`` on a project, as scripts/check.sh does."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import build_env


@dataclass
class Check:
    returncode: int
    stdout: str  # one problem per line
    stderr: str  # the summary

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_check(project: Path, *args: str, env: dict[str, str] | None = None) -> Check:
    env = dict(env or build_env())
    env["PYTHONPATH"] = str(project / "hooks")
    proc = subprocess.run([sys.executable, "-m", "coursekit", "check", "--root", str(project), *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)
    return Check(proc.returncode, proc.stdout, proc.stderr)
