"""In Debian's Chromium: upload a list, check it, add it, send, and watch the progress bar reach 100 % as a
real worker delivers to a local SMTP server (the page polls; it is not reloaded)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.invitations.models import Invitation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_upload_send_and_watch_the_progress_bar_finish(browser, live_server, manager, campaign, stack, tmp_path):
    stack.celery.worker()
    stack.sink.delay = 0.02  # about 4 s for 200 e-mails: long enough to see the bar move
    listing = tmp_path / "recipients.csv"
    listing.write_text("email,name\n" + "".join(f"p{n}@example.com,Person {n}\n" for n in range(200)))

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("Recipient list (.csv or .xlsx)").set_input_files(str(listing))
    page.get_by_role("button", name="Check the list").click()
    expect(page.get_by_role("heading", name="Check the recipient list")).to_be_visible()
    assert Invitation.objects.count() == 0
    page.get_by_role("button", name="Add 200 recipients").click()
    expect(page.get_by_text("200 recipients added")).to_be_visible()

    page.get_by_label("3 days later").check()
    page.get_by_role("button", name="Send the invitation to 200 recipients").click()
    bar = page.get_by_role("progressbar", name="E-mails sent")
    expect(bar).to_be_visible()
    assert int(bar.get_attribute("aria-valuenow")) < 100
    expect(bar).to_have_attribute("aria-valuenow", "100", timeout=60_000)
    expect(page.get_by_text("Done: 200 sent.")).to_be_visible()
    assert stack.sink.count() == 200
    page.close()
