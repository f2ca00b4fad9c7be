"""Who may do what: the expected answer of every route to every persona.

Every endpoint of ``app.url_map`` needs at least one case per HTTP method here (the walk fails otherwise),
so a new route must be classified before its tests pass. Paths and form values are templates whose
``{placeholders}`` name objects of the scene (tests/access/conftest.py): ``cert_a`` is a certificate of a
member of company A, ``inv_b`` an invitation of company B, ``*_next`` the id the next object would get,
``max`` the largest id a URL accepts.

Expected answers: a status code, or ``LOGIN`` for a redirect to the sign-in page. POST cases send a form
that *would* change something if it were accepted; ``writes`` names the personas allowed to change the
database with it. For everyone else the walk checks that no table changed. Cases that change the
database come after the read-only ones; those that end the session come last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ANONYMOUS, PARTICIPANT = "anonymous", "participant"
MEMBER_A, MEMBER_B, MANAGER_A, MANAGER_B = "member_a", "member_b", "manager_a", "manager_b"
TRAINER, OTHER_TRAINER, ADMIN = "trainer", "other_trainer", "admin"

#: Everyone the walk signs in as (the trainer is assigned to the sample course, the other trainer is not).
PERSONAS = (ANONYMOUS, PARTICIPANT, MEMBER_A, MEMBER_B, MANAGER_A, MANAGER_B, TRAINER, OTHER_TRAINER, ADMIN)
SIGNED_IN = PERSONAS[1:]
MANAGERS = (MANAGER_A, MANAGER_B)
MEMBERS = (MEMBER_A, MEMBER_B)
IN_A_COMPANY = MEMBERS + MANAGERS
NO_COMPANY = (PARTICIPANT, TRAINER, OTHER_TRAINER, ADMIN)
#: Managers of the sample course: the assigned trainer and the admin.
COURSE_STAFF = (TRAINER, ADMIN)
TRAINER_ROLE = (TRAINER, OTHER_TRAINER, ADMIN)

#: Who must never see a company's people (names, e-mail addresses, teams): everyone but its own members,
#: the admin and the trainer of the course they take.
STRANGERS = {
    "a": (ANONYMOUS, PARTICIPANT, MEMBER_B, MANAGER_B, OTHER_TRAINER),
    "b": (ANONYMOUS, PARTICIPANT, MEMBER_A, MANAGER_A, OTHER_TRAINER),
}
#: Public by design: a certificate's verification shows its holder's name to whoever has the ID.
SHOWS_HOLDER = {"certificates.verify_page", "certificates_api.verify_id"}

#: A redirect to the sign-in page.
LOGIN = "login"

Expected = Mapping[str, int | str]


@dataclass(frozen=True)
class Case:
    endpoint: str
    method: str
    path: str
    expect: Expected
    data: Mapping[str, str] = field(default_factory=dict)
    #: API cases: "company" sends the token of the persona's company to its managers (nothing to others);
    #: "a", "b", "revoked" or "bogus" send that token to everyone.
    token: str | None = None
    writes: tuple[str, ...] = ()


def everyone(status: int | str) -> Expected:
    return dict.fromkeys(PERSONAS, status)


def signed_in(status: int | str, anonymous: int | str = LOGIN, **overrides: int | str) -> Expected:
    """Any account gets ``status`` (unless overridden); anonymous visitors are sent to sign in."""
    return {ANONYMOUS: anonymous, **dict.fromkeys(SIGNED_IN, status), **overrides}


def only(status: int | str, *who: str, others: int | str = 403, anonymous: int | str = LOGIN) -> Expected:
    """``who`` get ``status``, other accounts ``others``."""
    return {**signed_in(others, anonymous), **dict.fromkeys(who, status)}


def admins(status: int | str) -> Expected:
    return only(status, ADMIN)


def managers(a: int | str, b: int | str) -> Expected:
    """Company pages: manager A gets ``a``, manager B gets ``b``, everyone else 403."""
    return {**signed_in(403), MANAGER_A: a, MANAGER_B: b}


def owner(who: str, status: int | str = 200) -> Expected:
    """An object of one person: ``status`` for them, 404 for every other account (ids cannot be probed)."""
    return only(status, who, others=404)


def staff(status: int | str, other_trainer: int | str = 403) -> Expected:
    """The sample course's pages: ``status`` for its trainer and admins, ``other_trainer`` for the other."""
    return {**only(status, *COURSE_STAFF), OTHER_TRAINER: other_trainer}


def api(a: int | str, b: int | str) -> Expected:
    """The HR API with each manager's company token: ``a`` and ``b``; 401 for all without a token."""
    return {**everyone(401), MANAGER_A: a, MANAGER_B: b}


COMPANY = managers(200, 200)
EDITOR = "/trainer/courses/sample/basics/module/en"
#: Longer than any id: looked up, it must not crash anything.
LONG_ID = "CV-" + "7K3M-" * 100 + "H"
NEW_SOURCE = {"source": "---\ntitle: Overwritten\n---\n\nChanged.\n", "base": "1", "save": "1"}

# fmt: off
CASES: list[Case] = [
    # -- public pages ------------------------------------------------------------------------------------
    Case("main.index", "GET", "/", everyone(200)),
    Case("legal.imprint", "GET", "/imprint", everyone(200)),
    Case("legal.privacy_policy", "GET", "/privacy-policy", everyone(200)),
    Case("legal.contact", "GET", "/contact", everyone(200)),
    Case("main.healthz", "GET", "/healthz", everyone(200)),
    Case("courses.catalogue", "GET", "/courses", everyone(200)),
    Case("courses.course_page", "GET", "/courses/sample", everyone(200)),
    Case("courses.course_page", "GET", "/courses/no-such-course", everyone(404)),
    Case("courses.asset", "GET", "/assets/{asset_sha}/{asset_name}", everyone(200)),
    Case("courses.asset", "GET", "/assets/" + "0" * 64 + "/diagram.png", everyone(404)),
    Case("i18n.set_language", "POST", "/language", everyone(302), {"lang": "en"}),
    Case("certificates.verify_index", "GET", "/verify", everyone(200)),
    Case("certificates.verify_index", "POST", "/verify", everyone(200)),
    Case("certificates.verify_page", "GET", "/verify/{cert_b}", everyone(200)),
    Case("certificates.verify_page", "GET", "/verify/{cert_random}", everyone(404)),
    Case("certificates.verify_page", "GET", "/verify/" + LONG_ID, everyone(404)),
    Case("certificates.verify_page", "POST", "/verify/{cert_b}", everyone(200)),
    Case("certificates_api.verify", "POST", "/api/v1/verify", everyone(400)),
    Case("certificates_api.verify_id", "GET", "/api/v1/verify/{cert_b}", everyone(200)),
    Case("certificates_api.verify_id", "GET", "/api/v1/verify/{cert_random}", everyone(404)),
    Case("hrapi.openapi", "GET", "/api/v1/openapi.json", everyone(200)),
    # -- workshops (the scene has none: guessed ids answer 404, never 500) --------------------------------
    Case("workshops.calendar", "GET", "/workshops", everyone(200)),
    Case("workshops.detail", "GET", "/workshops/{max}", everyone(404)),
    Case("workshops.register", "POST", "/workshops/{max}/register", signed_in(404)),
    Case("workshops.cancel", "POST", "/workshops/{max}/cancel", signed_in(404)),
    Case("workshops.my_workshops", "GET", "/my/workshops", signed_in(200)),
    Case("workshops.feed", "GET", "/workshops/feed/guessed-token.ics", everyone(404)),
    Case("workshops.attendance_page", "GET", "/workshops/{max}/attendance", signed_in(404)),
    Case("workshops.check_in", "POST", "/workshops/{max}/attendance/1", signed_in(404)),
    Case("workshops.room_code", "GET", "/workshops/{max}/room-code", signed_in(404)),
    Case("workshops.self_check_in", "GET", "/workshops/{max}/check-in?code=x", signed_in(404)),
    Case("workshops.self_check_in", "POST", "/workshops/{max}/check-in", signed_in(404), {"code": "x"}),
    Case("workshop_editing.create", "GET", "/workshops/new", only(200, *TRAINER_ROLE)),
    Case("company_workshops.index", "GET", "/company/workshops", only(200, *MANAGERS)),
    Case("company_workshops.register", "POST", "/company/workshops", only(400, *MANAGERS), {"member": "1"}),
    Case(
        "company_workshops.cancel", "POST", "/company/workshops/registrations/{max}/cancel",
        only(404, *MANAGERS),
    ),  # fmt: skip
    Case("workshop_editing.create", "POST", "/workshops/new", only(400, *TRAINER_ROLE), {"title_en": "x"}),
    Case("workshop_editing.edit", "GET", "/workshops/{max}/edit", signed_in(404)),
    Case("workshop_editing.edit", "POST", "/workshops/{max}/edit", signed_in(404), {"title_en": "x"}),
    Case("workshop_editing.call_off", "POST", "/workshops/{max}/call-off", signed_in(404), {"off-confirm": "1"}),
    # Open Badges 3.0: what a verifier dereferences is public and names nobody.
    Case("openbadges.jwks", "GET", "/.well-known/jwks.json", everyone(200)),
    Case("openbadges.key", "GET", "/openbadges/keys/not-a-key", everyone(404)),
    Case("openbadges.issuer", "GET", "/openbadges/issuer", everyone(200)),
    Case("openbadges.achievement", "GET", "/openbadges/achievements/sample", everyone(200)),
    Case("openbadges.achievement", "GET", "/openbadges/achievements/sample/en", everyone(200)),
    Case("openbadges.achievement", "GET", "/openbadges/achievements/no-such-course", everyone(404)),
    Case("openbadges.status_list", "GET", "/openbadges/status/1", everyone(200)),
    Case("openbadges.credential_id", "GET", "/openbadges/credentials/{cert_b}", everyone(303)),
    Case("openbadges.credential_id", "GET", "/openbadges/credentials/not-an-id", everyone(404)),
    # -- accounts ----------------------------------------------------------------------------------------
    Case("auth.login", "GET", "/login", signed_in(302, anonymous=200)),
    Case("auth.login", "POST", "/login", signed_in(302, anonymous=200), {"email": "", "password": ""}),
    Case("auth.register", "GET", "/register", signed_in(302, anonymous=200)),
    Case("auth.register", "POST", "/register", signed_in(302, anonymous=200), {"email": "new@example.org"}),
    Case("auth.confirm", "GET", "/confirm/not-a-token", everyone(LOGIN)),
    Case("auth.forgot_password", "GET", "/forgot-password", everyone(200)),
    Case("auth.forgot_password", "POST", "/forgot-password", everyone(200), {"email": "{email_member_b}"}),
    Case("auth.reset_password", "GET", "/reset-password/not-a-token", everyone(302)),
    Case("auth.reset_password", "POST", "/reset-password/not-a-token", everyone(302),
         {"password": "new-password-1234", "confirm": "new-password-1234"}),
    Case("auth.profile", "GET", "/profile", signed_in(200)),
    Case("auth.profile", "POST", "/profile", signed_in(200), {"name": "", "locale": "en"}),
    Case("auth.change_password", "GET", "/profile/password", signed_in(200)),
    Case("auth.change_password", "POST", "/profile/password", signed_in(200),
         {"current": "not-my-password", "password": "new-password-1234", "confirm": "new-password-1234"}),
    Case("sessions.index", "GET", "/profile/sessions", signed_in(200)),
    Case("sessions.sign_out_one", "GET", "/profile/sessions/0", signed_in(404)),
    Case("sessions.sign_out_one", "GET", "/profile/sessions/{max}", signed_in(404)),
    Case("sessions.sign_out_one", "POST", "/profile/sessions/0", signed_in(404), {"password": "not-my-password"}),
    Case("sessions.sign_out_others", "POST", "/profile/sessions/others", signed_in(400),
         {"password": "not-my-password"}),
    Case("privacy.overview", "GET", "/profile/data", signed_in(200)),
    Case("privacy.export", "GET", "/profile/data/export.json", signed_in(200)),
    Case("privacy.delete", "GET", "/profile/delete", signed_in(200)),
    Case("privacy.delete", "POST", "/profile/delete", signed_in(200),
         {"password": "not-my-password", "confirmation": "DELETE"}),
    # -- learning ----------------------------------------------------------------------------------------
    Case("progress.dashboard", "GET", "/learning", signed_in(200)),
    Case("courses.module_page", "GET", "/courses/sample/basics", signed_in(200)),
    Case("courses.module_page", "GET", "/courses/sample/no-such-module", signed_in(404)),
    Case("courses.mark_done", "POST", "/courses/sample/basics/done", signed_in(302)),
    Case("courses.handout", "GET", "/courses/sample/basics/handout.pdf", signed_in(200)),
    Case("courses.handout", "GET", "/courses/sample/no-such-module/handout.pdf", signed_in(404)),
    # (Results first: taking the quiz below gives the persona the next attempt id.)
    Case("quizzes.result", "GET", "/attempts/{att_a}", owner(MEMBER_A)),
    Case("quizzes.result", "GET", "/attempts/{att_b}", owner(MEMBER_B)),
    Case("quizzes.result", "GET", "/attempts/{att_next}", signed_in(404)),
    Case("quizzes.result", "GET", "/attempts/0", signed_in(404)),
    Case("quizzes.result", "GET", "/attempts/{max}", signed_in(404)),
    Case("quizzes.take", "GET", "/courses/sample/basics/quiz", signed_in(200)),
    # Answers for A's member's open attempt, sent by someone else: refused, nothing saved.
    Case("quizzes.submit", "POST", "/courses/sample/basics/quiz", signed_in(302), {"attempt": "{att_open}"},
         writes=(MEMBER_A,)),
    Case("quizzes.submit", "POST", "/courses/sample/basics/quiz", signed_in(302), {"attempt": "{max}"}),
    # -- one's own certificates --------------------------------------------------------------------------
    Case("certificates.mine", "GET", "/certificates", signed_in(200)),
    Case("certificates.download", "GET", "/certificates/{cert_a}/pdf", owner(MEMBER_A)),
    Case("certificates.download", "GET", "/certificates/{cert_b}/pdf", owner(MEMBER_B)),
    Case("certificates.download", "GET", "/certificates/{cert_p}/pdf", owner(PARTICIPANT)),
    Case("certificates.download", "GET", "/certificates/{cert_random}/pdf", signed_in(404)),
    Case("certificates.download", "GET", "/certificates/not-an-id/pdf", signed_in(404)),
    Case("certificates.download", "GET", "/certificates/" + LONG_ID + "/pdf", signed_in(404)),
    Case("openbadges.download", "GET", "/certificates/{cert_a}/openbadge.json", owner(MEMBER_A)),
    Case("openbadges.download", "GET", "/certificates/{cert_b}/openbadge.json", owner(MEMBER_B)),
    Case("openbadges.download", "GET", "/certificates/{cert_random}/openbadge.json", signed_in(404)),
    # The scene's PDFs are stand-ins that poppler cannot render: the owner gets the friendly 503.
    Case("certificates.share_image", "GET", "/certificates/{cert_a}/share.png", owner(MEMBER_A, 503)),
    Case("certificates.share_image", "GET", "/certificates/{cert_random}/share.png", signed_in(404)),
    # The course is completed (certificate already issued) only for the members and the participant.
    Case("certificates.request_certificate", "POST", "/certificates/course/{course}/issue",
         signed_in(404, member_a=302, member_b=302, participant=302)),
    Case("certificates.request_certificate", "POST", "/certificates/course/0/issue", signed_in(404)),
    Case("certificates.request_certificate", "POST", "/certificates/course/{max}/issue", signed_in(404)),
    Case("certificates.change_language", "POST", "/certificates/{cert_a}/language", owner(MEMBER_A, 302),
         {"c{cert_a_pk}-lang": "zh"}, writes=(MEMBER_A,)),
    Case("certificates.change_language", "POST", "/certificates/{cert_b}/language", owner(MEMBER_B, 302),
         {"c{cert_b_pk}-lang": "zh"}, writes=(MEMBER_B,)),
    Case("certificates.change_language", "POST", "/certificates/{cert_random}/language", signed_in(404),
         {"c1-lang": "zh"}),
    # -- company: what every account sees --------------------------------------------------------------
    Case("orgs.company", "GET", "/company", signed_in(200)),
    Case("orgs.join", "POST", "/company/join", signed_in(400), {"code": "guessed-code-123"}),
    # A newcomer without an account sees the invitation and a registration form (anonymous 200).
    Case("orgs.join_link", "GET", "/join/{code_b}", only(200, *NO_COMPANY, others=400, anonymous=200)),
    Case("orgs.join_link", "GET", "/join/guessed-code-123", signed_in(400, anonymous=400)),
    Case("orgs.join_link", "POST", "/join/guessed-code-123", signed_in(400, anonymous=400)),
    # -- company: managers -------------------------------------------------------------------------------
    Case("orgs.dashboard", "GET", "/company/dashboard", COMPANY),
    Case("orgs.dashboard", "GET", "/company/dashboard?course={course}&status=completed&team=x", COMPANY),
    Case("orgs.report_csv", "GET", "/company/report.csv", COMPANY),
    Case("orgs.report_xlsx", "GET", "/company/report.xlsx", COMPANY),
    Case("orgs.certificates_zip", "GET", "/company/certificates.zip", COMPANY),
    Case("org_exports.progress", "GET", "/company/exports/zip", COMPANY),
    Case("org_exports.download", "GET", "/company/exports/xlsx/download", managers(404, 404)),
    Case("orgs.invitations", "GET", "/company/invitations", COMPANY),
    Case("orgs.certificate_pdf", "GET", "/company/certificates/{cert_a}.pdf", managers(200, 404)),
    Case("orgs.certificate_pdf", "GET", "/company/certificates/{cert_b}.pdf", managers(404, 200)),
    Case("orgs.certificate_pdf", "GET", "/company/certificates/{cert_p}.pdf", managers(404, 404)),
    Case("orgs.certificate_pdf", "GET", "/company/certificates/{cert_random}.pdf", managers(404, 404)),
    Case("orgs.certificate_pdf", "GET", "/company/certificates/{cert_lower}.pdf", managers(404, 200)),
    Case("orgs.certificate_pdf", "GET", "/company/certificates/" + LONG_ID[:40] + ".pdf", managers(404, 404)),
    Case("orgs.members.set_team", "POST", "/company/members/{mem_next}/team", managers(404, 404), {"team": "Evil"}),
    Case("orgs.members.set_team", "POST", "/company/members/0/team", managers(404, 404), {"team": "Evil"}),
    Case("orgs.members.set_team", "POST", "/company/members/{max}/team", managers(404, 404), {"team": "Evil"}),
    Case("orgs.members.index", "GET", "/company/members", COMPANY),
    Case("orgs.members.assign", "POST", "/company/assignments", managers(400, 400), {"course": "0"}),
    Case("orgs.members.unassign", "POST", "/company/assignments/{max}/remove", managers(404, 404)),
    Case("orgs.members.remind", "POST", "/company/assignments/remind", managers(302, 302)),
    Case("orgs.bulk_invitations", "POST", "/company/invitations/bulk", managers(400, 400), {"addresses": ""}),
    # Registering through an invitation is for newcomers: signed-in people are sent on.
    Case("orgs.joining.register", "POST", "/join/guessed-code-123/register", signed_in(302, anonymous=400),
         {"email": "x"}),
    Case("orgs.revoke_invitation", "POST", "/company/invitations/{inv_next}/revoke", managers(404, 404)),
    Case("orgs.revoke_invitation", "POST", "/company/invitations/0/revoke", managers(404, 404)),
    Case("orgs.revoke_invitation", "POST", "/company/invitations/{max}/revoke", managers(404, 404)),
    Case("api_tokens.index", "GET", "/company/api-tokens", COMPANY),
    Case("api_tokens.revoke", "POST", "/company/api-tokens/{tok_revoked}/revoke", managers(302, 404)),
    Case("api_tokens.revoke", "POST", "/company/api-tokens/{tok_next}/revoke", managers(404, 404)),
    Case("api_tokens.revoke", "POST", "/company/api-tokens/0/revoke", managers(404, 404)),
    Case("api_tokens.revoke", "POST", "/company/api-tokens/{max}/revoke", managers(404, 404)),
    # -- the HR API: the session cookie counts for nothing, only the bearer token ---------------------
    Case("hrapi.members", "GET", "/api/v1/members", everyone(401)),
    Case("hrapi.members", "GET", "/api/v1/members", api(200, 200), token="company"),
    Case("hrapi.members", "GET", "/api/v1/members", everyone(401), token="revoked"),
    Case("hrapi.members", "GET", "/api/v1/members", everyone(401), token="bogus"),
    Case("hrapi.progress", "GET", "/api/v1/progress", everyone(401)),
    Case("hrapi.progress", "GET", "/api/v1/progress", api(200, 200), token="company"),
    Case("hrapi.progress", "GET", "/api/v1/progress", everyone(401), token="revoked"),
    Case("hrapi.certificates", "GET", "/api/v1/certificates", everyone(401)),
    Case("hrapi.certificates", "GET", "/api/v1/certificates", api(200, 200), token="company"),
    Case("hrapi.certificates", "GET", "/api/v1/certificates", everyone(401), token="revoked"),
    Case("hrapi.certificate_pdf", "GET", "/api/v1/certificates/{cert_a}.pdf", everyone(401)),
    Case("hrapi.certificate_pdf", "GET", "/api/v1/certificates/{cert_a}.pdf", api(200, 404), token="company"),
    Case("hrapi.certificate_pdf", "GET", "/api/v1/certificates/{cert_b}.pdf", api(404, 200), token="company"),
    Case("hrapi.certificate_pdf", "GET", "/api/v1/certificates/{cert_p}.pdf", api(404, 404), token="company"),
    Case("hrapi.certificate_pdf", "GET", "/api/v1/certificates/{cert_random}.pdf", api(404, 404),
         token="company"),
    Case("hrapi.certificate_pdf", "GET", "/api/v1/certificates/{cert_b}.pdf", everyone(404), token="a"),
    Case("hrapi.certificate_pdf", "GET", "/api/v1/certificates/{cert_a}.pdf", everyone(401), token="revoked"),
    Case("hrapi.certificate_credential", "GET", "/api/v1/certificates/{cert_a}.json", everyone(401)),
    Case("hrapi.certificate_credential", "GET", "/api/v1/certificates/{cert_a}.json", api(200, 404),
         token="company"),
    Case("hrapi.certificate_credential", "GET", "/api/v1/certificates/{cert_b}.json", api(404, 200),
         token="company"),
    Case("hrapi.certificate_credential", "GET", "/api/v1/certificates/{cert_p}.json", api(404, 404),
         token="company"),
    Case("hrapi.certificate_credential", "GET", "/api/v1/certificates/{cert_b}.json", everyone(404), token="a"),
    Case("hrapi.certificate_credential", "GET", "/api/v1/certificates/{cert_a}.json", everyone(401),
         token="revoked"),
    # -- trainers ------------------------------------------------------------------------------------------
    Case("authoring.index", "GET", "/trainer", only(200, *TRAINER_ROLE)),
    Case("analytics.overview", "GET", "/trainer/analytics", only(200, *TRAINER_ROLE)),
    Case("authoring.course", "GET", "/trainer/courses/sample", staff(200)),
    Case("authoring.course", "GET", "/trainer/courses/no-such-course", signed_in(404)),
    Case("authoring.edit", "GET", EDITOR, staff(200)),
    Case("authoring.edit", "GET", "/trainer/courses/sample/basics/secret/en", staff(404)),
    Case("authoring.edit", "GET", "/trainer/courses/sample/basics/quiz/xx", staff(404)),
    Case("authoring.revisions", "GET", EDITOR + "/revisions", staff(200)),
    Case("authoring.revision", "GET", EDITOR + "/revisions/1", staff(200)),
    Case("authoring.revision", "GET", EDITOR + "/revisions/0", staff(404)),
    Case("authoring.revision", "GET", EDITOR + "/revisions/{max}", staff(404)),
    Case("history.diff", "GET", EDITOR + "/diff", staff(200)),
    Case("history.diff", "GET", EDITOR + "/diff?a=1&b=1", staff(200)),
    Case("history.diff", "GET", EDITOR + "/diff?a=0&b=1", staff(404)),
    Case("history.diff", "GET", EDITOR + "/diff?a=1&b={max}", staff(400)),
    Case("history.diff", "GET", EDITOR + "/diff?a=x&b=draft", staff(400)),
    Case("quiz_import.import_quiz", "GET", "/trainer/courses/sample/basics/quiz/en/import", staff(200)),
    Case("quiz_import.import_quiz", "GET", "/trainer/courses/sample/basics/quiz/xx/import", staff(404)),
    Case("quiz_import.import_quiz", "POST", "/trainer/courses/sample/basics/quiz/en/import", staff(422)),
    Case("quiz_import.save_import", "POST", "/trainer/courses/sample/basics/quiz/en/import/save", staff(422),
         {"source": ""}),
    Case("analytics.cohort", "GET", "/trainer/courses/sample/cohort", staff(200)),
    Case("analytics.cohort", "GET", "/trainer/courses/sample/cohort?format=csv", staff(200)),
    Case("analytics.quiz_statistics", "GET", "/trainer/courses/sample/basics/stats", staff(200)),
    Case("analytics.quiz_statistics", "GET", "/trainer/courses/sample/basics/stats?format=csv&table=options",
         staff(200)),
    Case("analytics_attempts.attempts", "GET", "/trainer/courses/sample/basics/attempts?revision=1", staff(200)),
    Case("analytics_attempts.attempt", "GET", "/trainer/courses/sample/basics/attempts/{max}", staff(404)),
    Case("certificates_admin.download", "GET", "/admin/certificates/{cert_b}/pdf", staff(200)),
    Case("certificates_admin.download", "GET", "/admin/certificates/{cert_random}/pdf",
         only(404, *TRAINER_ROLE)),
    Case("certificates_admin.download", "GET", "/admin/certificates/" + LONG_ID + "/pdf",
         only(404, *TRAINER_ROLE)),
    Case("certificates_admin.issue", "GET", "/admin/certificates/issue", only(200, *TRAINER_ROLE)),
    Case("certificates_admin.issue", "GET", "/admin/certificates/issue?issued={cert_b}",
         only(200, *TRAINER_ROLE)),
    # For the sample course, which the other trainer may not manage; B's member already holds the
    # certificate, so the course's staff get the form back with that message and nothing is issued.
    Case("certificates_admin.issue", "POST", "/admin/certificates/issue", only(200, *COURSE_STAFF),
         {"email": "{email_member_b}", "course": "{course}", "lang": "en", "note": "access test"}),
    # -- admins ------------------------------------------------------------------------------------------
    Case("admin.users", "GET", "/admin/users", admins(200)),
    Case("admin.audit_log", "GET", "/admin/audit", admins(200)),
    Case("workshop_manual.choose", "GET", "/admin/certificates/workshops", only(200, *TRAINER_ROLE)),
    Case("workshop_manual.choose", "GET", "/admin/certificates/workshops?workshop={max}",
         only(200, *TRAINER_ROLE)),
    Case("workshop_manual.issue", "POST", "/admin/certificates/workshops/{max}", signed_in(404),
         {"registration": "1"}),
    # -- trainer overrides: the sample course's cohort (the participant holds its certificate) -----------
    Case("quiz_overrides.situation", "GET", "/trainer/courses/sample/participants/{participant}", staff(200)),
    Case("quiz_overrides.situation", "GET", "/trainer/courses/sample/participants/{max}", staff(404)),
    Case("quiz_overrides.grant", "POST", "/trainer/courses/sample/participants/{max}/basics/extra-attempt",
         staff(404), {"reason": "walk"}),
    Case("certificates_admin.index", "GET", "/admin/certificates", admins(200)),
    Case("orgs_admin.index", "GET", "/admin/companies", admins(200)),
    Case("jobs_admin.index", "GET", "/admin/jobs", admins(200)),
    Case("jobs_admin.retry_job", "POST", "/admin/jobs/0/retry", admins(404)),
    Case("jobs_admin.retry_job", "POST", "/admin/jobs/{max}/retry", admins(404)),
    Case("authoring.trainers", "GET", "/admin/courses/sample/trainers", admins(200)),
    Case("authoring.trainers", "GET", "/admin/courses/no-such-course/trainers", admins(404)),
    Case("admin.people.user_page", "GET", "/admin/users/{participant}", admins(200)),
    Case("admin.people.user_page", "GET", "/admin/users/{user_next}", admins(404)),
    Case("admin.people.resend_confirmation", "POST", "/admin/users/{user_next}/resend-confirmation", admins(404)),
    Case("admin.people.deactivate", "POST", "/admin/users/{user_next}/deactivate", admins(404)),
    Case("admin.people.reactivate", "POST", "/admin/users/{user_next}/reactivate", admins(404)),
    Case("admin.people.create_user", "GET", "/admin/users/new", admins(200)),
    Case("admin.people.create_user", "POST", "/admin/users/new", admins(400), {"email": "not-an-address"}),
    Case("orgs_admin.company", "GET", "/admin/companies/{acme}", admins(200)),
    Case("orgs_admin.company", "GET", "/admin/companies/{org_next}", admins(404)),
    Case("admin.user_sessions", "GET", "/admin/users/{participant}/sessions", admins(200)),
    Case("admin.user_sessions", "GET", "/admin/users/{user_next}/sessions", admins(404)),
    Case("admin.end_user_sessions", "POST", "/admin/users/{user_next}/sessions/end", admins(404)),
    Case("admin.change_role", "POST", "/admin/users/0/role", admins(404), {"role": "admin"}),
    Case("admin.change_role", "POST", "/admin/users/{user_next}/role", admins(404), {"role": "admin"}),
    Case("admin.change_role", "POST", "/admin/users/{max}/role", admins(404), {"role": "admin"}),
    Case("orgs_admin.add_manager", "POST", "/admin/companies/0/managers", admins(404),
         {"email": "{email_participant}"}),
    Case("orgs_admin.add_manager", "POST", "/admin/companies/{org_next}/managers", admins(404),
         {"email": "{email_participant}"}),
    Case("orgs_admin.add_manager", "POST", "/admin/companies/{max}/managers", admins(404),
         {"email": "{email_participant}"}),
    Case("authoring.unassign", "POST", "/admin/courses/sample/trainers/0/remove", admins(404)),
    Case("authoring.unassign", "POST", "/admin/courses/sample/trainers/{max}/remove", admins(404)),
    Case("certificates_admin.revoke", "POST", "/admin/certificates/{cert_random}/revoke", admins(404),
         {"reason": "access test"}),
    Case("certificates_admin.reissue", "POST", "/admin/certificates/{cert_random}/reissue", admins(404),
         {"lang": "en"}),
    # == from here on, allowed personas change the database ============================================
    # -- company objects of the other side: 404 for the other manager, a change for the own one -----
    Case("orgs.members.set_team", "POST", "/company/members/{mem_b}/team", managers(404, 302), {"team": "Evil"},
         writes=(MANAGER_B,)),
    Case("orgs.members.set_team", "POST", "/company/members/{mem_manager_b}/team", managers(404, 302),
         {"team": "Evil"}, writes=(MANAGER_B,)),
    Case("orgs.members.set_team", "POST", "/company/members/{mem_a}/team", managers(302, 404), {"team": "Evil"},
         writes=(MANAGER_A,)),
    Case("orgs.revoke_invitation", "POST", "/company/invitations/{inv_b}/revoke", managers(404, 302),
         writes=(MANAGER_B,)),
    Case("orgs.revoke_invitation", "POST", "/company/invitations/{inv_a}/revoke", managers(302, 404),
         writes=(MANAGER_A,)),
    Case("api_tokens.revoke", "POST", "/company/api-tokens/{tok_b}/revoke", managers(404, 302),
         writes=(MANAGER_B,)),
    Case("api_tokens.revoke", "POST", "/company/api-tokens/{tok_a}/revoke", managers(302, 404),
         writes=(MANAGER_A,)),
    Case("orgs.create_invitation", "POST", "/company/invitations", COMPANY, {"email": ""}, writes=MANAGERS),
    Case("api_tokens.create", "POST", "/company/api-tokens", COMPANY, {"label": "Mine"}, writes=MANAGERS),
    Case("orgs.privacy", "POST", "/company/privacy", only(302, *IN_A_COMPANY, others=404),
         {"share_scores": "y", "share_history": "y"}, writes=IN_A_COMPANY),
    # -- trainers and admins ---------------------------------------------------------------------------
    Case("authoring.edit", "POST", EDITOR, staff(200), NEW_SOURCE, writes=COURSE_STAFF),
    Case("admin.end_user_sessions", "POST", "/admin/users/{participant}/sessions/end", admins(302),
         writes=(ADMIN,)),
    Case("admin.change_role", "POST", "/admin/users/{participant}/role", admins(302), {"role": "admin"},
         writes=(ADMIN,)),
    Case("orgs_admin.create", "POST", "/admin/companies", admins(302), {"name": "Evil Corp"},
         writes=(ADMIN,)),
    Case("orgs_admin.add_manager", "POST", "/admin/companies/{beta}/managers", admins(302),
         {"email": "{email_participant}"}, writes=(ADMIN,)),
    Case("orgs_admin.move", "POST", "/admin/companies/move", admins(302),
         {"email": "{email_member_b}", "org": "{acme}", "role": "member"}, writes=(ADMIN,)),
    Case("authoring.assign", "POST", "/admin/courses/sample/trainers", admins(302),
         {"user": "{other_trainer}"}, writes=(ADMIN,)),
    Case("authoring.unassign", "POST", "/admin/courses/sample/trainers/{trainer}/remove", admins(302),
         writes=(ADMIN,)),
    Case("certificates_admin.revoke", "POST", "/admin/certificates/{cert_b}/revoke", admins(302),
         {"category": "other", "note": "access test"}, writes=(ADMIN,)),
    Case("certificates_admin.reissue", "POST", "/admin/certificates/{cert_a}/reissue", admins(302),
         {"lang": "en"}, writes=(ADMIN,)),
    # -- joining and leaving (people in no company may join B with its code) ----------------------------
    Case("orgs.join", "POST", "/company/join", only(302, *NO_COMPANY, others=400), {"code": "{code_b}"},
         writes=NO_COMPANY),
    Case("orgs.join_link", "POST", "/join/{code_a}", signed_in(400, anonymous=200)),
    Case("orgs.leave", "POST", "/company/leave", signed_in(302), writes=SIGNED_IN),
    Case("workshops.new_feed", "POST", "/my/workshops/feed", signed_in(302), writes=SIGNED_IN),
    # -- the end of the session --------------------------------------------------------------------------
    Case("auth.logout", "POST", "/logout", everyone(302), writes=SIGNED_IN),
]
# fmt: on
