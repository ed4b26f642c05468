"""The demo's branded PDF: seconds to build it, split into the report's HTML and Chromium (start, drawing the
charts, printing), with its number of pages and size.

Run: .venv/bin/python bench/pdf_render.py   (seeds the demo into the bench database on its first run)
"""

from __future__ import annotations

import io
import statistics
import time

from common import setup

RUNS = 3


def main() -> None:
    setup()
    from django.core.management import call_command
    from pypdf import PdfReader

    from assessment.models import Assessment
    from assessment.results.pdf import html_to_pdf, print_html
    from assessment.results.selectors import latest_published
    from assessment.results.services import publish_result

    call_command("seed_demo", stdout=io.StringIO())
    assessment = Assessment.objects.get(organisation__name="Northwind Services", title="2026 Q4")
    published = latest_published(assessment) or publish_result(assessment=assessment)
    language = assessment.organisation.language
    html_times, chromium_times, content = [], [], b""
    for _ in range(RUNS):
        start = time.perf_counter()
        html, header, footer = print_html(published, language)
        middle = time.perf_counter()
        content = html_to_pdf(html, header=header, footer=footer)
        html_times.append(middle - start)
        chromium_times.append(time.perf_counter() - middle)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    html_s, chromium_s = statistics.median(html_times), statistics.median(chromium_times)
    print(f"demo PDF ({assessment.title}, published #{published.number}), median of {RUNS} runs:")
    print(f"  {html_s + chromium_s:.2f} s in all: report HTML {html_s:.2f} s, Chromium {chromium_s:.2f} s")
    print(f"  {pages} pages, {len(content) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
