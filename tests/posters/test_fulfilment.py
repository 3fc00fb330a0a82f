"""Staff work the queue new → packed → sent / picked up; each change records who made it, a
change the workflow does not allow is refused, the mailing export is safe to open in a
spreadsheet, and addresses disappear 90 days after fulfilment."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from posters.models import PosterOrder, PosterStock
from posters.services import poster_order_place, poster_order_transition, poster_orders_purge_addresses
from tests.factories.accounts import StaffFactory, staff_sign_in
from tests.factories.posters import MAILED, poster_with_stock

pytestmark = pytest.mark.django_db
Status = PosterOrder.Status


def _placed(poster, *, language="en", quantity=2, **data):
    return poster_order_place(lines=[(poster, language, quantity)], data={**MAILED, **data}, language="en")


def test_each_state_change_records_who_made_it():
    staff = StaffFactory()
    order = _placed(poster_with_stock({"en": 10}))
    poster_order_transition(order=order, to_status=Status.PACKED, by=staff)
    poster_order_transition(order=order, to_status=Status.SENT, by=staff)
    events = list(order.events.values_list("from_status", "to_status", "by"))
    assert events == [("", "new", None), ("new", "packed", staff.pk), ("packed", "sent", staff.pk)]
    order.refresh_from_db()
    assert order.fulfilled_at is not None


def test_the_workflow_refuses_skipping_packing_and_the_wrong_kind_of_fulfilment():
    order = _placed(poster_with_stock({"en": 10}), delivery="pickup")
    with pytest.raises(ValidationError):
        poster_order_transition(order=order, to_status=Status.PICKED_UP)  # not packed yet
    poster_order_transition(order=order, to_status=Status.PACKED)
    with pytest.raises(ValidationError):
        poster_order_transition(order=order, to_status=Status.SENT)  # a pick-up is not mailed
    poster_order_transition(order=order, to_status=Status.PICKED_UP)
    with pytest.raises(ValidationError):
        poster_order_transition(order=order, to_status=Status.CANCELLED)  # already handed over


def test_a_cancelled_order_gives_its_copies_back_to_stock():
    poster = poster_with_stock({"en": 10})
    order = _placed(poster, quantity=4)
    assert PosterStock.objects.get().quantity == 6
    poster_order_transition(order=order, to_status=Status.CANCELLED)
    assert PosterStock.objects.get().quantity == 10


def test_staff_mark_orders_packed_from_the_queue_and_cannot_edit_the_status(client):
    staff = StaffFactory(is_superuser=True)
    staff_sign_in(client, staff)
    orders = [_placed(poster_with_stock({"en": 10})) for _ in range(2)]
    response = client.post(
        "/admin/posters/posterorder/",
        {"action": "mark_packed", "_selected_action": [order.pk for order in orders]},
    )
    assert response.status_code == 302
    assert set(PosterOrder.objects.values_list("status", flat=True)) == {"packed"}
    assert {event.by for event in orders[0].events.filter(to_status="packed")} == {staff}
    change = client.get(f"/admin/posters/posterorder/{orders[0].pk}/change/").content.decode()
    assert 'name="status"' not in change


def test_the_mailing_export_lists_mailed_addresses_with_formulas_defused(client):
    staff_sign_in(client, StaffFactory(is_superuser=True))
    poster = poster_with_stock({"en": 10})
    mailed = _placed(poster, name='=HYPERLINK("http://evil.example")')
    pickup = _placed(poster, delivery="pickup", name="Pick Up Person")
    response = client.post(
        "/admin/posters/posterorder/", {"action": "export_mailing", "_selected_action": [mailed.pk, pickup.pk]}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["reference", "name"]
    assert [row[0] for row in rows[1:]] == [mailed.reference]
    assert rows[1][1].startswith("'=")
    assert rows[1][3:8] == ["210 Blue Hill Avenue", "Unit 3", "Roxbury", "MA", "02119"]


def test_addresses_are_deleted_90_days_after_fulfilment_and_not_a_day_before():
    poster = poster_with_stock({"en": 10})
    old, recent, open_order = _placed(poster), _placed(poster), _placed(poster)
    for order in (old, recent):
        poster_order_transition(order=order, to_status=Status.PACKED)
        poster_order_transition(order=order, to_status=Status.SENT)
    now = timezone.now()
    PosterOrder.objects.filter(pk=old.pk).update(fulfilled_at=now - timedelta(days=91))
    PosterOrder.objects.filter(pk=recent.pk).update(fulfilled_at=now - timedelta(days=89))
    assert poster_orders_purge_addresses(now=now) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    open_order.refresh_from_db()
    assert (old.name, old.email, old.phone, old.address_line1, old.postal_code) == (None, None, None, None, None)
    assert old.lines.get().quantity == 2  # what was ordered stays for the stock figures
    assert recent.name == open_order.name == "Nadifa Warsame"
