"""The README, tried the way a new user tries it: every offline ```bash block runs, the first example prints what the
README shows, and the generated options table and host list match the code (the model: sqlite-utils' test_docs.py).

A block preceded by `<!-- skip-test: reason -->` is not run (it needs a network, a running proxy, root or make); one
preceded by `<!-- test-setup: database -->` runs once the database exists, as after the proxy's first start.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from addon.hosts import BUILT_IN_HOSTS
from addon.options import OPTIONS

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SKIP = re.compile(r"<!--\s*skip-test:\s*(.+?)\s*-->\s*$")
NEEDS_DATABASE = "<!-- test-setup: database -->"
PLACEHOLDER = re.compile(r"\[([A-Z][A-Z_]*)_[0-9A-Z]{5}\]")
TIMING = re.compile(r"\d+(?:\.\d+)? ms")
FIRST_EXAMPLE = "Email Priya Raghunathan at priya.r@example.com, TFN 123 456 782"


@dataclass(frozen=True)
class Block:
    language: str
    code: str
    line: int  # 1-based line of the opening fence
    skip_reason: str | None
    needs_database: bool = False


def blocks(text: str = README) -> list[Block]:
    found = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        skip = SKIP.search(before)
        skip_reason = skip.group(1) if skip else None
        found.append(Block(match.group(1), match.group(2), line, skip_reason, before.strip() == NEEDS_DATABASE))
    return found


SHELL_BLOCKS = [b for b in blocks() if b.language in ("bash", "sh", "shell", "console")]
RUN_BLOCKS = [b for b in SHELL_BLOCKS if b.skip_reason is None]


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"anonamoose_scripts_{name}", REPO / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    """A fresh directory laid out like a checkout after `make install`: .venv is this test's virtualenv."""
    home = tmp_path / "checkout"
    home.mkdir()
    (home / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return home


def run_bash(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ANONAMOOSE_DB": str(cwd / "data" / "anonamoose.db"),
        "ANONAMOOSE_CONFDIR": str(cwd / "certs"),
        "COLUMNS": "80",
        "SHELL": "/bin/bash",
    }
    env.pop("ANONAMOOSE_KEY", None)
    return subprocess.run(
        ["bash", "-e", "-u", "-o", "pipefail", "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def create_database(checkout: Path) -> None:
    """The store as the proxy's first start leaves it: created with its schema (the same open_db the proxy calls)."""
    from store.db import close_db, open_db

    open_db(str(checkout / "data" / "anonamoose.db"))
    close_db()


def normalised(output: str) -> list[str]:
    """Lines without trailing blanks, placeholder codes (keyed per confdir) and timings."""
    lines = [TIMING.sub("N ms", PLACEHOLDER.sub(r"[\1_…]", line)).rstrip() for line in output.splitlines()]
    return [line for line in lines if line]


def test_the_readme_has_runnable_blocks_and_every_skip_says_why():
    assert len(RUN_BLOCKS) >= 5
    assert all(b.skip_reason for b in SHELL_BLOCKS if b not in RUN_BLOCKS)
    assert any("anonamoose redact" in b.code for b in RUN_BLOCKS)
    assert any(b.needs_database for b in RUN_BLOCKS)


def first_example() -> tuple[Block, str]:
    """The README's first `anonamoose redact` block and the ```text block that shows its output."""
    all_blocks = blocks()
    index = next(i for i, b in enumerate(all_blocks) if b in RUN_BLOCKS and "anonamoose redact" in b.code)
    shown = all_blocks[index + 1]
    assert shown.language == "text", "the first redact example is followed by the output it prints"
    return all_blocks[index], shown.code


# The first example's block runs in its own test, which also compares its output with the README's.
OTHER_BLOCKS = [b for b in RUN_BLOCKS if b != first_example()[0]]


@pytest.mark.parametrize("block", OTHER_BLOCKS, ids=[f"line{b.line}" for b in OTHER_BLOCKS])
def test_readme_block_runs(block: Block, user_dir: Path):
    if block.needs_database:
        create_database(user_dir)
    done = run_bash(block.code, user_dir)
    assert done.returncode == 0, f"README.md line {block.line} failed:\n{done.stdout}\n{done.stderr}"


def test_first_example_prints_what_the_readme_shows(user_dir: Path):
    block, shown = first_example()
    assert f'anonamoose redact "{FIRST_EXAMPLE}"' in block.code
    done = run_bash(block.code, user_dir)
    assert done.returncode == 0, done.stderr
    assert normalised(done.stdout) == normalised(shown)


def test_first_example_redacts_name_email_and_tfn_each_as_one_whole_value(user_dir: Path):
    done = run_bash(f"anonamoose redact --json {shlex.quote(FIRST_EXAMPLE)}", user_dir)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    found = {(FIRST_EXAMPLE[d["start"] : d["end"]], d["entity_type"]) for d in result["detections"]}
    assert found == {
        ("Priya Raghunathan", "PERSON"),
        ("priya.r@example.com", "EMAIL_ADDRESS"),
        ("123 456 782", "AU_TFN"),
    }
    assert PLACEHOLDER.sub(r"[\1]", result["redacted"]) == "Email [PERSON] at [EMAIL], TFN [TFN]"


def test_generated_parts_match_the_code():
    readme_tables = load_script("readme_tables")
    assert readme_tables.render(README) == README, "run: python scripts/readme_tables.py --write"


def test_options_table_lists_exactly_the_declared_options_with_their_defaults():
    table = README.split("<!-- BEGIN options-table -->", 1)[1].split("<!-- END options-table -->", 1)[0]
    rows = [re.match(r"\| `(anonamoose_\w+)` \| (.*?) \|", line) for line in table.splitlines()]
    listed = {m.group(1): m.group(2) for m in rows if m}
    declared = {option[0]: option[2] for option in OPTIONS}
    assert list(listed) == list(declared)
    assert listed["anonamoose_ttl"] == f"`{declared['anonamoose_ttl']}`"
    assert listed["anonamoose_fail_closed"] == "`true`" and declared["anonamoose_fail_closed"] is True


def test_host_list_is_the_built_in_one():
    part = README.split("<!-- BEGIN hosts-list -->", 1)[1].split("<!-- END hosts-list -->", 1)[0]
    assert re.findall(r"`([^`]+)`", part) == list(BUILT_IN_HOSTS)


def test_readme_points_at_nothing_outside_the_repository():
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        assert target.startswith("https://") or (REPO / target).exists(), target
    assert not re.search(r"\.\./|/work/|shared/DESIGN", README)


def test_readme_explains_tenants_sessions_and_the_session_header():
    from addon.tenancy import SESSION_HEADER

    assert "## Tenants and sessions" in README
    assert f"`{SESSION_HEADER}" in README
