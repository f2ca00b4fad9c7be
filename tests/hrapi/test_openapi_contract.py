"""Schemathesis drives every operation of /api/v1 with generated requests (valid and invalid parameters,
bodies, headers) and checks each answer against the OpenAPI document: status codes, content types, response
schemas, no server errors, and that secured operations refuse requests without the token."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.fixtures.hrapi import bearer
from tests.orgs.org_helpers import complete, in_progress


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_the_api_keeps_the_promises_of_its_openapi_document(app, world, acme_token, mode):
    complete(app, world.member.id, world.course_id)
    in_progress(app, world.manager.id, world.course_id)
    config = schemathesis.Config()
    # NUL bytes anywhere in a URL are refused before routing (app/request_guard.py), for every page.
    config.projects.default.generation.update(modes=[schemathesis.GenerationMode(mode)], allow_x00=False)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def keeps_its_promises(case):  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=bearer(acme_token))

        keeps_its_promises()


def test_the_document_lists_every_api_route(app):
    """A route added to /api/v1 without documenting it fails here."""
    documented = set(app.test_client().get("/api/v1/openapi.json").get_json()["paths"])
    routed = {
        rule.rule.removeprefix("/api/v1").replace("<string(maxlength=40):public_id>", "{certificate_id}")
        .replace("<string(maxlength=64):public_id>", "{certificate_id}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "hrapi.openapi"
    }  # fmt: skip
    assert routed == documented
