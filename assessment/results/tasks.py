"""The PDF report's Celery task: thin, taking ids, safe to run twice (build_pdf keeps a file already built).
It imports its service inside its body, since the service queues this task."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="assessment.results.render_report_pdf")
def render_report_pdf(published_id: int, language: str) -> str:
    from .pdf import build_pdf

    return str(build_pdf(published_id=published_id, language=language))
