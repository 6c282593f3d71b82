"""The control API client, route by route."""

import pytest

from rftsim import ControlError


def test_clock(rftsim_control):
    start = rftsim_control.now()
    assert rftsim_control.advance(3600)["now"] == start + 3600
    assert rftsim_control.set_clock("scaled", 60)["factor"] == 60
    assert rftsim_control.set_clock("virtual")["mode"] == "virtual"


def test_faults(rftsim_control):
    rftsim_control.add_fault("GET /v1/models", status=503, count=2)
    rules = rftsim_control.faults()
    assert len(rules) == 1 and rules[0]["route"] == "GET /v1/models" and rules[0]["count"] == 2
    rftsim_control.clear_faults()
    assert rftsim_control.faults() == []


def test_organization_and_price_sheet(rftsim_control):
    assert rftsim_control.set_organization(data_sharing=True)["data_sharing"] is True
    assert rftsim_control.organization()["verified"] is True
    sheet = rftsim_control.price_sheet()
    other = next(name for name in sheet["available"] if name != sheet["name"])
    assert rftsim_control.set_price_sheet(other)["name"] == other


def test_requests_billing_state(rftsim, rftsim_control):
    rftsim.client.models.list()
    log = rftsim_control.requests()
    assert log[-1]["path"] == "/v1/models" and log[-1]["status"] == 200
    assert rftsim_control.billing()["total"] == 0
    state = rftsim_control.state()
    assert "clock" in state and "jobs" in state


def test_errors_carry_the_servers_message(rftsim_control):
    with pytest.raises(ControlError) as raised:
        rftsim_control.set_outcome("ftjob-nope", fail_at_step=2)
    assert raised.value.status == 404 and "ftjob-nope" in raised.value.message
    with pytest.raises(ControlError, match="retryAfter"):
        rftsim_control.add_faults([{"route": "*", "retryAfter": 1}])


def test_urls(rftsim, rftsim_base_url):
    assert rftsim_base_url == rftsim.url + "/v1"
    assert rftsim.client.base_url == rftsim_base_url + "/"
