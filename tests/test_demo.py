"""The README's first command runs on SQLite: the demo's pages must work there too, not only on PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = r"""
from django.contrib.auth import get_user_model
from django.test import Client
from assessment.models import Assessment, Campaign
client = Client()
client.force_login(get_user_model().objects.get(username="manager"))
current = Assessment.objects.get(title="2026 Q4")
campaign = Campaign.objects.get(assessment=current, group="customers")
paths = ["/", f"/assessments/{current.pk}/", f"/assessments/{current.pk}/report/", f"/campaigns/{campaign.pk}/"]
for path in paths:
    reply = client.get(path)
    print(path, reply.status_code, "In their own words" in reply.content.decode())
# The consultancy's second client works in Hungarian.
duna = Client()
duna.force_login(get_user_model().objects.get(username="duna"))
second = Assessment.objects.get(title="2026 ősz")
reply = duna.get(f"/assessments/{second.pk}/report/")
print(f"/assessments/{second.pk}/report/", reply.status_code, '<html lang="hu"' in reply.content.decode())
"""


def run(*args: str, database: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}}
    env |= {"DATABASE_URL": database, "DEBUG": "1", "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_demo_on_sqlite_serves_its_pages(tmp_path):
    database = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    for command in (("migrate", "--noinput", "-v0"), ("seed_demo",)):
        result = run(*command, database=database)
        assert result.returncode == 0, result.stderr[-2000:]
    result = run("shell", "-c", PAGES, database=database)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [line for line in result.stdout.strip().splitlines() if line.startswith("/")]
    assert [line.split()[1] for line in lines] == ["200"] * 5, result.stdout
    assert lines[2].endswith("True")  # the report, with the customers' and employees' comments
    assert lines[4].endswith("True")  # the Hungarian client's report, in Hungarian
