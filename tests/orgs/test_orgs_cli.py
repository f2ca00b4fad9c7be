"""``flask orgs create`` and ``flask orgs add-manager``."""

from __future__ import annotations

from tests.orgs.org_helpers import membership


def test_create_and_add_manager(app, runner, create_user):
    user = create_user(email="chef@gamma.example")
    result = runner.invoke(args=["orgs", "create", "Gamma Handels GmbH"])
    assert result.exit_code == 0, result.output
    assert "gamma-handels-gmbh" in result.output
    result = runner.invoke(args=["orgs", "add-manager", "Gamma Handels GmbH", "Chef@Gamma.example"])
    assert result.exit_code == 0, result.output
    assert membership(app, user.id).role == "manager"


def test_clear_errors(app, runner, create_user):
    create_user(email="chef@gamma.example")
    assert runner.invoke(args=["orgs", "create", "Gamma"]).exit_code == 0
    for args, message in (
        (["orgs", "create", "Gamma"], "already exists"),
        (["orgs", "create", "   "], "1 to 120"),
        (["orgs", "add-manager", "Nope", "chef@gamma.example"], "no company"),
        (["orgs", "add-manager", "Gamma", "nobody@example.org"], "nobody is registered"),
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, (args, result.output)
        assert "error:" in result.output and message in result.output, result.output


def test_manager_of_another_company(app, runner, world):
    result = runner.invoke(args=["orgs", "add-manager", "Acme GmbH", world.other_member.email])
    assert result.exit_code == 1
    assert "error:" in result.output and "Beta AG" in result.output
