"""The GitHub workflows: valid against the workflow schema, their shell and script steps parse, and
the rules that keep them safe hold (the job that runs a pull request's code has a read-only token; the
comment job never checks out that code; deploying never force-pushes over previews)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ["deploy.yml", "preview.yml", "preview-comment.yml"]
EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    return {on: None} if isinstance(on, str) else on


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_workflows_match_the_github_workflow_schema():
    checker = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows",
                           *[str(WORKFLOWS / n) for n in NAMES]], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_schema_check_can_fail(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n", encoding="utf-8")
    checker = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", str(broken)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0


@pytest.mark.parametrize("name", NAMES)
def test_shell_steps_parse(name, tmp_path):
    for i, step in enumerate(s for s in steps(load(name)) if "run" in s):
        script = tmp_path / f"step{i}.sh"
        script.write_text(EXPRESSION.sub("x", step["run"]), encoding="utf-8")
        proc = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{name}: step {step.get('name', i)}: {proc.stderr}"


def test_comment_script_parses(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    scripts = [s["with"]["script"] for s in steps(load("preview-comment.yml")) if "github-script" in s.get("uses", "")]
    assert len(scripts) == 1
    wrapped = tmp_path / "comment.js"
    wrapped.write_text(f"(async function () {{\n{scripts[0]}\n}});\n", encoding="utf-8")
    proc = subprocess.run([node, "--check", str(wrapped)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_preview_runs_pull_request_code_without_write_access():
    workflow = load("preview.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert "permissions" not in job or set(job["permissions"].values()) <= {"read", "none"}
    text = (WORKFLOWS / "preview.yml").read_text(encoding="utf-8")
    assert "secrets." not in text and "pull_request_target" not in text
    checkouts = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)
    runs = "\n".join(s.get("run", "") for s in steps(workflow))
    assert "./scripts/build.sh" in runs and "scripts/pr_summary.py" in runs
    artifacts = {s["with"]["name"] for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")}
    assert artifacts == {"site", "course-pack", "preview-summary"}
    # Untrusted values reach the shell through env, never spliced into the script.
    for step in steps(workflow):
        assert "github.event" not in step.get("run", ""), step.get("name")


def test_preview_reports_against_the_base_and_only_the_preview_has_the_report_page():
    workflow = load("preview.yml")
    runs = "\n".join(s.get("run", "") for s in steps(workflow))
    # Both sides checked and built, each with its own code; the summary reads both.
    assert runs.count("-m coursekit check --root .") == 2
    assert all(f"--{side}-{kind}" in runs for side in ("base", "head") for kind in ("root", "log"))
    (preview,) = [s for s in steps(workflow) if "COURSE_CHANGES" in s.get("env", {})]
    assert "./scripts/build.sh" in preview["run"] and "--page" not in preview["run"]
    # The job still fails when the strict build would: the lenient preview only shows why.
    (gate,) = [s for s in steps(workflow) if s.get("if") == f"steps.{preview['id']}.outputs.strict == 'failed'"]
    assert "exit 1" in gate["run"]
    deploy = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    assert "COURSE_CHANGES" not in deploy and "--lenient" not in deploy
    script = next(s["with"]["script"] for s in steps(load("preview-comment.yml")) if "github-script" in s.get("uses", ""))
    assert "listWorkflowRunArtifacts" in script and "/artifacts/${a.id}" in script


def test_comment_job_never_runs_pull_request_code():
    workflow = load("preview-comment.yml")
    on = triggers(workflow)
    assert set(on) == {"workflow_run"}
    assert on["workflow_run"]["workflows"] == [load("preview.yml")["name"]]
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    uses = [s.get("uses", "") for s in steps(workflow)]
    assert not any(u.startswith("actions/checkout@") for u in uses)
    assert not any("run" in s for s in steps(workflow))
    assert any(u.startswith("actions/download-artifact@") for u in uses)


def test_deploy_publishes_main_without_force_pushing():
    workflow = load("deploy.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for s in steps(workflow)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name in NAMES:
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        assert "gh-deploy" not in text and "--force" not in text and "push -f" not in text, name


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_pinned_to_a_version(name):
    for step in steps(load(name)):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]


def test_deploy_gives_the_build_its_address_edit_links_and_history():
    """The hosted site's address is the one GitHub Pages reports (a fork gets its own), its edit links
    point into the repository the workflow runs in, and the checkout has the history the dates need."""
    workflow = load("deploy.yml")
    build = workflow["jobs"]["build"]
    (checkout,) = [s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0
    (pages,) = [s for s in build["steps"] if s.get("uses", "").startswith("actions/configure-pages@")]
    assert build["permissions"]["pages"] == "read"
    (step,) = [s for s in build["steps"] if "./scripts/build.sh" in s.get("run", "")]
    assert step["env"]["COURSE_SITE_URL"] == "${{ steps.%s.outputs.base_url }}" % pages["id"]
    assert step["env"]["COURSE_EDIT_URI"].endswith("/${{ github.repository }}/edit/${{ github.ref_name }}/docs/")
