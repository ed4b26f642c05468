"""import_responses under hostile files: a clear refusal naming the row, never a traceback (issue 11, attack 7)."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assessment.models import Response

pytestmark = pytest.mark.django_db

HEADER = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2,CUS.TEXT"


def run(tmp_path: Path, assessment, content: bytes) -> None:
    path = tmp_path / "paper.csv"
    path.write_bytes(content)
    call_command(
        "import_responses", "--assessment", str(assessment.pk), "--group", "customers", str(path), stdout=io.StringIO()
    )


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (f'{HEADER}\n4,5,ok\n4,"5,an open quote\n3,3,next row\n'.encode(), "quote left open"),
        (f"{HEADER}\n4,5,{'x' * 140_000}\n".encode(), "cannot be read"),
        (f"{HEADER}\n4,5,nul\x00here\n".encode(), "NUL"),
    ],
    ids=["unterminated-quote", "oversized-cell", "nul-byte"],
)
def test_a_broken_file_is_refused_whole_with_its_row(tmp_path, assessment, content, says):
    with pytest.raises(CommandError, match=says) as refused:
        run(tmp_path, assessment, content)
    assert "row" in str(refused.value)
    assert not Response.objects.exists()
