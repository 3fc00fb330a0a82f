"""Role x URL matrix: every URL pattern of the project, requested by every kind of visitor.

Each pattern is placed under a named policy (POLICY_TABLE, below the policies): public,
signed-in, own organization, the admin pages of one staff role, and so on. A policy states
what each role gets: 200, a redirect to a login page ("login"), another redirect ("302"),
403, 404 or 405. A new URL pattern without a policy fails the suite, and so does any change
of outcome, so an accidental exposure (or lock-out) is noticed in review. On top of the table, the invariants the
ordinance and the partners care about are asserted directly.
"""

import os
import re

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from .conftest import ROLES, STAFF_ROLES, sign_in

pytestmark = pytest.mark.django_db


def url_patterns() -> list[tuple[str, str]]:
    """(key, route) for every pattern; the key is the namespaced name, or the route if unnamed."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
                found.append((name or route, route))

    walk(get_resolver().url_patterns, "", None)
    return found


def _admin_models() -> dict[str, type]:
    return {f"{m._meta.app_label}/{m._meta.model_name}": m for m in admin.site._registry}


def _admin_object_pk(model, world) -> str | None:
    preferred = {
        "grants.application": world["app_a"].pk,
        "grants.document": world["doc_a"].pk,
        "programs.intake": world["intake_a"].pk,
        "programs.program": world["program_a"].pk,
    }.get(model._meta.label_lower)
    if preferred is not None:
        return str(preferred)
    obj = model._default_manager.order_by("pk").first()
    return None if obj is None else str(obj.pk)


def concrete_path(key: str, route: str, world: dict) -> str:
    """Fill a route's parameters with objects of the world (organization A's side by default)."""
    user_ct = None
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "grants", route.replace("^", "").replace("$", ""))
    replacements = {
        "<uuid:pk>": str(world["org_a"].pk),
        "<str:token>": world["invitation_token"],
        "<slug:code>": world["collector"].code,
        "<int:year>": "2025",
        "<int:file_year>": "2025",
        "<portal_lang:language>": "en",
        "<data_format:fmt>": "csv",
        "<int:version>": "1",
        "<int:number>": "1",
        "<slug:step>": "project",
        "<str:service_id>": str(world["service"].pk),
        "<str:organization_id>": str(world["org_a"].pk),
        "<str:reference>": "E-0000-0000",
        "(?P<key>[-:\\w]+)/": "not-a-real-key/",
        "(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/": "1-not-a-real-key/",
    }
    if "<int:pk>" in path:
        pk = {
            "grants:application": world["app_a"].pk,
            "grants:document": world["doc_a"].pk,
            "grants:report": world["report_a"].pk,
            "events:host": 999999,  # no session in the world: the role is checked before the id
        }
        for prefix, value in pk.items():
            if key.startswith(prefix):
                replacements["<int:pk>"] = str(value)
        if key == "admin:grants_reviewassignment_review":
            replacements["<int:pk>"] = str(world["app_a"].assignments.first().pk)
    if "<slug:slug>" in path and (key.startswith("events:") or key == "event_ics"):
        # The world has no event: an unknown slug must answer 404, never 500.
        replacements["<slug:slug>"] = "no-such-event"
    elif "<slug:slug>" in path:
        replacements["<slug:slug>"] = {
            "directory:category": world["term"].code,
            "directory:detail": world["service"].slug,
            "programs": world["program_a"].slug,
            "grants": world["cycle"].slug,
            "surveys": world["survey"].slug,
        }.get(key) or {
            "directory": world["service"].slug,
            "programs": world["program_a"].slug,
            "grants": world["cycle"].slug,
            "surveys": world["survey"].slug,
        }[key.split(":")[0]]
    if path.startswith("admin/"):
        parts = path.split("/")
        model = _admin_models().get(f"{parts[1]}/{parts[2]}") if len(parts) > 2 else None
        if model is not None:
            obj_pk = _admin_object_pk(model, world) or "999999"
            replacements["<path:object_id>"] = obj_pk
            replacements["<id>"] = obj_pk
            replacements.setdefault("<int:pk>", obj_pk)
        replacements.update(
            {
                "<str:kind>": "wide",
                "<str:language>": "en",
                "<str:fmt>": "svg",
                "<int:response_pk>": str(world["response"].pk),
                "(?P<url>.*)": "no-such-page/",
            }
        )
        if "<path:content_type_id>" in path:
            from django.contrib.contenttypes.models import ContentType

            from directory.models import Service

            user_ct = ContentType.objects.get_for_model(Service)
            replacements["<path:content_type_id>"] = str(user_ct.pk)
            replacements["<path:object_id>"] = str(world["service"].pk)
    for placeholder, value in replacements.items():
        path = path.replace(placeholder, value)
    assert "<" not in path, f"no value for a parameter of {key}: {path}"
    assert "(?P" not in path, f"no value for a parameter of {key}: {path}"
    return "/" + path


def outcome(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if "/accounts/login/" in location or "/admin/login/" in location:
            return "login"
        return "302"
    return str(response.status_code)


# Requested last, because they change the session (or would, if GET were allowed to).
SESSION_CHANGING = {"account_logout", "admin:logout", "set_language"}


def postgres_only(route: str) -> bool:
    # pghistory's aggregate event admin reads a PostgreSQL-only view; the embedded SQLite
    # mode keeps no trigger history and does not register those pages (moia/urls.py).
    return route.startswith("admin/pghistory/")


def role_outcomes(world: dict, role: str) -> dict[str, str]:
    client = sign_in(world, role)
    patterns = sorted(url_patterns(), key=lambda item: item[0] in SESSION_CHANGING)
    if connection.vendor != "postgresql":
        patterns = [(key, route) for key, route in patterns if not postgres_only(route)]
    results = {}
    for key, route in patterns:
        path = concrete_path(key, route, world)
        response = client.get(path)
        results[key] = outcome(response)
    return results


def expected_for(key: str, role: str) -> set[str]:
    """The allowed outcomes; "200|302" marks an audit-event page whose rows only exist on
    PostgreSQL (trigger history), so SQLite finds no object and redirects."""
    return set(EXPECTED[key][role].split("|"))


def test_every_url_pattern_has_an_expectation():
    keys = {key for key, _route in url_patterns()}
    missing = sorted(keys - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - keys)
    if connection.vendor != "postgresql":
        # The embedded SQLite mode does not offer pghistory's pages at all (moia/urls.py).
        stale = [key for key in stale if "pghistory" not in key]
    assert not missing, f"URL patterns without an expected outcome per role: {missing}"
    assert not stale, f"expectations for URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_expected_outcome_on_every_url(world, role):
    results = role_outcomes(world, role)
    if os.environ.get("SECURITY_MATRIX_DUMP"):
        with open(os.environ["SECURITY_MATRIX_DUMP"], "a", encoding="utf-8") as dump:
            for key, value in results.items():
                dump.write(f"{role}\t{key}\t{value}\n")
    server_errors = sorted(key for key, value in results.items() if value.startswith("5"))
    assert not server_errors, f"{role} got a server error on {server_errors}"
    wrong = {
        key: f"expected {'/'.join(sorted(expected_for(key, role)))}, got {value}"
        for key, value in results.items()
        if key in EXPECTED and value not in expected_for(key, role)
    }
    assert not wrong, f"{role}: {wrong}"
    assert len(results) >= len(EXPECTED) - 6  # every pattern was requested (pghistory's only on PostgreSQL)


# ------------------------------------------------------------------------------
# The invariants, checked on the other side's objects as well (the table uses A's)
# ------------------------------------------------------------------------------
def _b_side_paths(world) -> list[str]:
    app, org = world["app_b"], world["org_b"]
    return [
        f"/en/grants/applications/{app.pk}/",
        f"/en/grants/applications/{app.pk}/pdf/",
        f"/en/grants/applications/{app.pk}/project/",
        f"/en/grants/applications/{app.pk}/submitted/",
        f"/en/grants/documents/{world['doc_b'].pk}/",
        f"/en/grants/reports/{world['report_b'].pk}/",
        f"/en/grants/organizations/{org.pk}/",
        f"/en/grants/organizations/{org.pk}/members/",
    ]


@pytest.mark.parametrize("role", ["anonymous", "resident", "member_a", "grant_reviewer", "program_staff"])
def test_nobody_outside_organization_b_sees_its_application_documents_or_reports(world, role):
    client = sign_in(world, role)
    for path in _b_side_paths(world):
        assert outcome(client.get(path)) in {"login", "403", "404"}, f"{role} reached {path}"


def test_member_b_reaches_its_own_application_and_document(world):
    client = sign_in(world, "member_b")
    for path in _b_side_paths(world):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("role", ["anonymous", "resident", "member_a", "member_b"])
def test_non_staff_never_see_an_admin_page(world, role):
    client = sign_in(world, role)
    for path in ("/admin/", "/admin/grants/application/", f"/admin/programs/intake/{world['intake_a'].pk}/change/"):
        assert outcome(client.get(path)) in {"login", "403"}, f"{role} reached {path}"


def test_program_staff_see_only_the_intakes_of_their_programme(world):
    client = sign_in(world, "program_staff")
    listing = client.get("/admin/programs/intake/").content.decode()
    assert world["intake_a"].reference in listing
    assert world["intake_b"].reference not in listing
    response = client.get(f"/admin/programs/intake/{world['intake_b'].pk}/change/")
    assert outcome(response) == "302"
    assert "Alice" not in response.content.decode()
    assert client.get(f"/admin/programs/intake/{world['intake_a'].pk}/change/").status_code == 200


def test_report_editors_read_intakes_without_personal_details(world):
    client = sign_in(world, "report_editor")
    page = client.get(f"/admin/programs/intake/{world['intake_a'].pk}/change/").content.decode()
    assert world["intake_a"].reference in page
    assert "Alice Intake" not in page
    assert "555-0100" not in page


def test_reviewers_see_only_the_applications_assigned_to_them_and_only_after_declaring(world):
    client = sign_in(world, "grant_reviewer")
    app_a, app_b = world["app_a"], world["app_b"]
    # Before the conflict question is answered: the application is neither listed nor opened,
    # its files stay closed, and its change page leads to the declaration.
    listing = client.get("/admin/grants/application/").content.decode()
    assert f"/admin/grants/application/{app_a.pk}/change/" not in listing
    assignment = app_a.assignments.get()
    response = client.get(f"/admin/grants/application/{app_a.pk}/change/")
    assert response["Location"].endswith(f"/admin/grants/reviewassignment/{assignment.pk}/review/")
    assert client.get(f"/en/grants/documents/{world['doc_a'].pk}/").status_code == 404
    from grants.services import review_conflict_declare

    review_conflict_declare(assignment=assignment, by=world["users"]["grant_reviewer"], has_conflict=False)
    listing = client.get("/admin/grants/application/").content.decode()
    assert f"/admin/grants/application/{app_a.pk}/change/" in listing
    assert f"/admin/grants/application/{app_b.pk}/change/" not in listing
    assert client.get(f"/admin/grants/application/{app_a.pk}/change/").status_code == 200
    assert outcome(client.get(f"/admin/grants/application/{app_b.pk}/change/")) == "302"
    assert client.get(f"/en/grants/documents/{world['doc_a'].pk}/").status_code == 200
    assert client.get(f"/en/grants/documents/{world['doc_b'].pk}/").status_code == 404


# ------------------------------------------------------------------------------
# Policies: who gets what. Outcomes: "200", "login" (sent to a sign-in page), "302" (another
# redirect), "403", "404", "405"; "a|b" allows either ("200|302": an audit-event page whose rows
# exist only on PostgreSQL, where triggers record history, so SQLite finds no object).
# ------------------------------------------------------------------------------
NON_STAFF = ("anonymous", "resident", "member_a", "member_b")


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: str = "200", **by_role: str) -> dict[str, str]:
    """Any account gets `outcome`; an anonymous visitor is sent to sign in."""
    return {**everyone(outcome), "anonymous": "login", **by_role}


def admin_page(*groups: str, ok: str = "200", others: str = "403", **by_role: str) -> dict[str, str]:
    """A Django admin page: non-staff are sent to the admin's sign-in; the staff roles named
    (and superusers) get `ok`; every other staff role gets `others`."""
    outcomes = dict.fromkeys(NON_STAFF, "login")
    outcomes.update(dict.fromkeys(STAFF_ROLES, others))
    outcomes.update(dict.fromkeys((*groups, "superuser"), ok))
    return {**outcomes, **by_role}


PUBLIC = everyone("200")
REDIRECT = everyone("302")
NOT_FOUND = everyone("404")  # the world publishes no survey results, and its report has no snapshot
SIGNED_IN = signed_in()
SIGNED_IN_REDIRECT = signed_in("302")  # a step of a flow that must be started first
SIGNED_IN_POST_ONLY = signed_in("405")
SIGNED_IN_NOT_SET_UP = signed_in("404")  # recovery codes of an account without MFA
SIGNED_OUT_ONLY = {**everyone("302"), "anonymous": "200"}  # sign-in and sign-up pages
SIGN_OUT = {**everyone("200"), "anonymous": "302"}
OWN_ORGANIZATION = {**everyone("404"), "anonymous": "login", "member_a": "200"}  # A's objects
PARTNER_MEMBERS = {**everyone("403"), "anonymous": "login", "member_a": "200", "member_b": "200"}
DOCUMENT_FILE = {**OWN_ORGANIZATION, "grant_manager": "200", "superuser": "200"}
MFA_STEP_UP = {**signed_in(), "resident": "302", "member_a": "302", "member_b": "302"}  # staff only
# Signing in counts as a fresh authentication (no second password prompt right after it), so
# staff, who have a second factor, can manage it at once; residents have none to deactivate.
MFA_DEACTIVATE = {**signed_in("200"), "resident": "404", "member_a": "404", "member_b": "404"}
# Residents and partners may add a second factor; staff already have one (and are redirected).
MFA_ACTIVATE = {**signed_in("302"), "resident": "200", "member_a": "200", "member_b": "200"}
ADMIN_SIGN_IN = {**everyone("302"), "anonymous": "login", "resident": "403", "member_a": "403", "member_b": "403"}
ADMIN_SIGN_OUT = {**everyone("405"), **dict.fromkeys(NON_STAFF, "302")}

# Admin pages, by who owns the data.
SUPERUSERS = admin_page()
SUPERUSERS_REDIRECT = admin_page(ok="302")  # a change/delete page of an object that is not there
NO_STAFF = admin_page(ok="403")  # read-only history rows: nobody adds or deletes them
EVERY_STAFF = admin_page(others="200")
EVERY_STAFF_REDIRECT = admin_page(ok="302", others="302")  # the admin's old object-id URLs
EVERY_STAFF_POST_ONLY = admin_page(ok="405", others="405")
ADMIN_NOT_FOUND = admin_page(ok="404", others="404")  # the admin's catch-all
DIRECTORY_EDITORS = admin_page("directory_editor")
DIRECTORY_EDITORS_REDIRECT = admin_page("directory_editor", ok="302")
DIRECTORY_HISTORY = admin_page("directory_editor", ok="200|302")
DIRECTORY_HISTORY_LIST = admin_page("directory_editor", ok="200|302", others="302|403")
PROGRAM_STAFF = admin_page("program_staff")
PROGRAM_READERS = admin_page("program_staff", "report_editor")  # report editors read, without PII
PROGRAM_READERS_REDIRECT = admin_page("program_staff", "report_editor", ok="302")
PROGRAM_READERS_HISTORY = admin_page("program_staff", "report_editor", others="302")
INTAKE_EVENTS = admin_page(ok="200|302")
INTAKE_EVENTS_LIST = admin_page(ok="200|302", others="302|403")
INTAKE_VIEWS_HISTORY = admin_page(others="302", program_staff="403")
GRANT_MANAGERS = admin_page("grant_manager")
GRANT_MANAGERS_REDIRECT = admin_page("grant_manager", ok="302")
GRANT_REVIEW = admin_page("grant_manager", "grant_reviewer")  # reviewers see what is assigned
GRANT_REVIEW_HISTORY = admin_page("grant_manager", "grant_reviewer", others="302")
GRANT_MANAGERS_HISTORY = admin_page("grant_manager", others="302")
# A reviewer opens an application only once they have declared no conflict of interest for it;
# before that (as in the world) they are sent to the declaration.
APPLICATION_AFTER_DECLARATION = admin_page("grant_manager", grant_reviewer="302")
GRANT_ADMIN_INDEX = admin_page("grant_manager", "grant_reviewer", others="404")
REVIEWER_ONLY = admin_page("grant_reviewer", others="404", superuser="404")  # one's own assignment
SURVEY_MANAGERS = admin_page("survey_manager")
SURVEY_MANAGERS_REDIRECT = admin_page("survey_manager", ok="302")
SURVEY_MANAGERS_HISTORY = admin_page("survey_manager", others="302")
SURVEY_MANAGERS_FILE = admin_page("survey_manager", others="404")
SURVEY_RESOLVE = admin_page("survey_manager", ok="404")  # nothing to resolve in the world
REPORT_EDITORS = admin_page("report_editor")
REPORT_EDITORS_REDIRECT = admin_page("report_editor", ok="302")
REPORT_EDITORS_HISTORY = admin_page("report_editor", others="302")


# Every URL pattern (its namespaced name, or its route when it has none) under the policy it follows.
# A new URL fails test_every_url_pattern_has_an_expectation until it is placed here.
EVENT_STAFF = admin_page("event_staff")
EVENT_STAFF_REDIRECT = admin_page("event_staff", ok="302")
EVENT_STAFF_MISSING = admin_page("event_staff", ok="404")
HOST_PAGES = signed_in("403")

POLICY_TABLE: list[tuple[dict[str, str], list[str]]] = [
    (
        MFA_ACTIVATE,
        [
            "mfa_activate_totp",
        ],
    ),
    (
        PUBLIC,
        [
            "account_confirm_email",
            "account_email_verification_sent",
            "account_inactive",
            "account_reset_password",
            "account_reset_password_done",
            "account_reset_password_from_key",
            "account_reset_password_from_key_done",
            "directory:category",
            "directory:detail",
            "directory:email",
            "directory:email_sent",
            "directory:index",
            "directory:print",
            "grants:cycle_detail",
            "grants:eligibility",
            "grants:index",
            "grants_open_data_csv",
            "grants_open_data_json",
            "healthz",
            "home",
            "hsds:datapackage",
            "hsds:organization",
            "hsds:organizations",
            "hsds:root",
            "hsds:service",
            "hsds:services",
            "hsds:taxonomy_terms",
            "programs:detail",
            "programs:index",
            "programs:request",
            "report_archive_pdf",
            "report_data",
            "report_pdf",
            "reports:index",
            "robots",
            "surveys:finish",
            "surveys:index",
            "surveys:intro",
            "surveys:page",
        ],
    ),
    (
        REDIRECT,
        [
            "favicon",
            "programs:request_done",
            "root",
            "set_language",
            "survey_short_link",
        ],
    ),
    (
        NOT_FOUND,
        [
            "reports:report_page",
            "surveys:results",
        ],
    ),
    (
        SIGNED_IN,
        [
            "mfa_generate_recovery_codes",
            "account_change_password",
            "account_email",
            "account_reauthenticate",
            "grants:application_start",
            "grants:dashboard",
            "grants:invitation_accept",
            "grants:organization_create",
            "mfa_index",
        ],
    ),
    (
        SIGNED_IN_REDIRECT,
        [
            "account_confirm_login_code",
            "account_set_password",
            "mfa_authenticate",
        ],
    ),
    (
        SIGNED_IN_POST_ONLY,
        [
            "grants:application_submit",
            "grants:document_delete",
        ],
    ),
    (
        SIGNED_IN_NOT_SET_UP,
        [
            "mfa_download_recovery_codes",
            "mfa_view_recovery_codes",
        ],
    ),
    (
        SIGNED_OUT_ONLY,
        [
            "account_login",
            "account_signup",
        ],
    ),
    (
        SIGN_OUT,
        [
            "account_logout",
        ],
    ),
    (
        OWN_ORGANIZATION,
        [
            "grants:application_detail",
            "grants:application_pdf",
            "grants:application_step",
            "grants:application_submitted",
            "grants:members",
            "grants:organization_edit",
            "grants:report",
        ],
    ),
    (
        PARTNER_MEMBERS,
        [
            "programs:partner_intake_new",
            "programs:partner_intakes",
        ],
    ),
    (
        DOCUMENT_FILE,
        [
            "grants:document_download",
        ],
    ),
    (
        MFA_STEP_UP,
        [
            "mfa_reauthenticate",
        ],
    ),
    (
        MFA_DEACTIVATE,
        [
            "mfa_deactivate_totp",
        ],
    ),
    (
        ADMIN_SIGN_IN,
        [
            "admin:login",
        ],
    ),
    (
        ADMIN_SIGN_OUT,
        [
            "admin:logout",
        ],
    ),
    (
        SUPERUSERS,
        [
            "admin:account_emailaddress_add",
            "admin:account_emailaddress_change",
            "admin:account_emailaddress_changelist",
            "admin:account_emailaddress_delete",
            "admin:account_emailaddress_history",
            "admin:accounts_user_add",
            "admin:accounts_user_change",
            "admin:accounts_user_changelist",
            "admin:accounts_user_delete",
            "admin:accounts_user_history",
            "admin:auth_group_add",
            "admin:auth_group_change",
            "admin:auth_group_changelist",
            "admin:auth_group_delete",
            "admin:auth_group_history",
            "admin:auth_user_password_change",
            "admin:mfa_authenticator_add",
            "admin:mfa_authenticator_change",
            "admin:mfa_authenticator_changelist",
            "admin:mfa_authenticator_delete",
            "admin:mfa_authenticator_history",
            "admin:office_officeprofile_add",
            "admin:office_officeprofile_delete",
            "admin:pghistory_middlewareevents_changelist",
            "admin:programs_casetype_add",
            "admin:programs_intake_delete",
            "admin:programs_intakeevent_changelist",
            "admin:programs_intakeview_change",
            "admin:programs_intakeview_changelist",
            "admin:programs_partnermembership_add",
            "admin:programs_partnermembership_change",
            "admin:programs_partnermembership_changelist",
            "admin:programs_partnermembership_delete",
            "admin:programs_partnermembership_history",
            "admin:programs_program_add",
            "admin:programs_program_delete",
            "admin:programs_servicerecordevent_changelist",
            "admin:programs_servicetype_add",
            "admin:sites_site_add",
            "admin:sites_site_change",
            "admin:sites_site_changelist",
            "admin:sites_site_delete",
            "admin:sites_site_history",
        ],
    ),
    (
        SUPERUSERS_REDIRECT,
        [
            "admin:pghistory_middlewareevents_change",
            "admin:programs_activity_delete",
            "admin:programs_casetype_delete",
            "admin:programs_programcapacity_delete",
            "admin:programs_servicerecordevent_change",
            "admin:programs_servicetype_delete",
        ],
    ),
    (
        NO_STAFF,
        [
            "admin:directory_searchgap_add",
            "admin:directory_searchgap_delete",
            "admin:l10n_languagereview_add",
            "admin:l10n_languagereview_delete",
            "admin:l10n_reviewedtext_add",
            "admin:grants_award_add",
            "admin:autocomplete",
            "admin:directory_locationevent_add",
            "admin:directory_locationevent_delete",
            "admin:directory_organizationevent_add",
            "admin:directory_organizationevent_delete",
            "admin:directory_serviceevent_add",
            "admin:directory_serviceevent_delete",
            "admin:directory_servicetranslationreview_add",
            "admin:grants_application_add",
            "admin:pghistory_middlewareevents_add",
            "admin:pghistory_middlewareevents_delete",
            "admin:programs_intakeevent_add",
            "admin:programs_intakeevent_delete",
            "admin:programs_intakeview_add",
            "admin:programs_intakeview_delete",
            "admin:programs_servicerecordevent_add",
            "admin:programs_servicerecordevent_delete",
            "admin:reports_annualreport_add",
            "admin:surveys_paperentry_add",
            "admin:surveys_response_add",
        ],
    ),
    (
        EVERY_STAFF,
        [
            "admin:directory_location_export",
            "admin:directory_organization_export",
            "admin:directory_service_export",
            "admin:directory_taxonomyterm_export",
            "admin:index",
            "admin:jsi18n",
            "admin:password_change",
            "admin:password_change_done",
            "admin:programs_activity_export",
            "admin:reports_populationstatistic_export",
            "admin:reports_populationstatistic_import",
        ],
    ),
    (
        EVERY_STAFF_REDIRECT,
        [
            "admin/directory/searchconcept/<path:object_id>/",
            "admin/directory/searchgap/<path:object_id>/",
            "admin/l10n/languagereview/<path:object_id>/",
            "admin/l10n/reviewedtext/<path:object_id>/",
            "admin:directory_searchgap_history",
            "admin:l10n_reviewedtext_history",
            "admin:reports_reportnarrative_review",  # the world has no narrative to review
            "admin/account/emailaddress/<path:object_id>/",
            "admin/accounts/user/<path:object_id>/",
            "admin/auth/group/<path:object_id>/",
            "admin/directory/location/<path:object_id>/",
            "admin/directory/locationevent/<path:object_id>/",
            "admin/directory/neighborhood/<path:object_id>/",
            "admin/directory/organization/<path:object_id>/",
            "admin/directory/organizationevent/<path:object_id>/",
            "admin/directory/service/<path:object_id>/",
            "admin/directory/serviceevent/<path:object_id>/",
            "admin/directory/servicetranslationreview/<path:object_id>/",
            "admin/directory/taxonomyterm/<path:object_id>/",
            "admin/grants/application/<path:object_id>/",
            "admin/grants/award/<path:object_id>/",
            "admin/grants/decision/<path:object_id>/",
            "admin/grants/grantcycle/<path:object_id>/",
            "admin/grants/granteereport/<path:object_id>/",
            "admin/grants/invitation/<path:object_id>/",
            "admin/grants/organizationmembership/<path:object_id>/",
            "admin/grants/organizationprofile/<path:object_id>/",
            "admin/grants/reviewassignment/<path:object_id>/",
            "admin/mfa/authenticator/<path:object_id>/",
            "admin/office/officeprofile/<path:object_id>/",
            "admin/pghistory/middlewareevents/<path:object_id>/",
            "admin/programs/activity/<path:object_id>/",
            "admin/programs/casetype/<path:object_id>/",
            "admin/programs/intake/<path:object_id>/",
            "admin/programs/intakeevent/<path:object_id>/",
            "admin/programs/intakeview/<path:object_id>/",
            "admin/programs/partnermembership/<path:object_id>/",
            "admin/programs/program/<path:object_id>/",
            "admin/programs/programcapacity/<path:object_id>/",
            "admin/programs/servicerecordevent/<path:object_id>/",
            "admin/programs/servicetype/<path:object_id>/",
            "admin/reports/annualreport/<path:object_id>/",
            "admin/reports/populationstatistic/<path:object_id>/",
            "admin/reports/reportnarrative/<path:object_id>/",
            "admin/sites/site/<path:object_id>/",
            "admin/surveys/collector/<path:object_id>/",
            "admin/surveys/paperentry/<path:object_id>/",
            "admin/surveys/question/<path:object_id>/",
            "admin/surveys/response/<path:object_id>/",
            "admin/surveys/survey/<path:object_id>/",
            "admin:directory_location_history",
            "admin:directory_locationevent_history",
            "admin:directory_neighborhood_history",
            "admin:directory_servicetranslationreview_history",
            "admin:grants_decision_history",
            "admin:pghistory_middlewareevents_history",
            "admin:programs_activity_history",
            "admin:programs_casetype_history",
            "admin:programs_programcapacity_history",
            "admin:programs_servicerecordevent_history",
            "admin:programs_servicetype_history",
            "admin:reports_populationstatistic_history",
            "admin:reports_reportnarrative_history",
            "admin:surveys_paperentry_history",
            "admin:view_on_site",
        ],
    ),
    (
        EVERY_STAFF_POST_ONLY,
        [
            "admin:programs_activity_process_import",
            "admin:programs_intake_process_import",
            "admin:reports_populationstatistic_process_import",
        ],
    ),
    (
        ADMIN_NOT_FOUND,
        [
            "admin/(?P<url>.*)$",
        ],
    ),
    (
        DIRECTORY_EDITORS,
        [
            "admin:directory_searchconcept_add",
            "admin:directory_searchconcept_change",
            "admin:directory_searchconcept_changelist",
            "admin:directory_searchconcept_delete",
            "admin:directory_searchconcept_history",
            "admin:directory_searchgap_changelist",
            "admin:l10n_languagereview_change",
            "admin:l10n_languagereview_changelist",
            "admin:l10n_languagereview_history",
            "admin:l10n_languagereview_import",
            "admin:l10n_reviewedtext_changelist",
            "admin:directory_location_add",
            "admin:directory_location_changelist",
            "admin:directory_location_import_rows",
            "admin:directory_locationevent_changelist",
            "admin:directory_neighborhood_add",
            "admin:directory_neighborhood_changelist",
            "admin:directory_organization_add",
            "admin:directory_organization_change",
            "admin:directory_organization_changelist",
            "admin:directory_organization_delete",
            "admin:directory_organization_history",
            "admin:directory_organization_import_rows",
            "admin:directory_organizationevent_changelist",
            "admin:directory_service_add",
            "admin:directory_service_change",
            "admin:directory_service_changelist",
            "admin:directory_service_delete",
            "admin:directory_service_history",
            "admin:directory_service_import_rows",
            "admin:directory_serviceevent_changelist",
            "admin:directory_servicetranslationreview_changelist",
            "admin:directory_taxonomyterm_add",
            "admin:directory_taxonomyterm_change",
            "admin:directory_taxonomyterm_changelist",
            "admin:directory_taxonomyterm_delete",
            "admin:directory_taxonomyterm_history",
            "admin:directory_taxonomyterm_import_rows",
        ],
    ),
    (
        DIRECTORY_EDITORS_REDIRECT,
        [
            "admin:directory_searchgap_change",
            "admin:l10n_reviewedtext_change",
            "admin:l10n_reviewedtext_delete",
            "admin:directory_location_change",
            "admin:directory_location_delete",
            "admin:directory_locationevent_change",
            "admin:directory_neighborhood_change",
            "admin:directory_neighborhood_delete",
            "admin:directory_servicetranslationreview_change",
            "admin:directory_servicetranslationreview_delete",
        ],
    ),
    (
        DIRECTORY_HISTORY,
        [
            "admin:directory_organizationevent_change",
            "admin:directory_serviceevent_change",
        ],
    ),
    (
        DIRECTORY_HISTORY_LIST,
        [
            "admin:directory_organizationevent_history",
            "admin:directory_serviceevent_history",
        ],
    ),
    (
        PROGRAM_STAFF,
        [
            "admin:programs_activity_add",
            "admin:programs_activity_import",
            "admin:programs_intake_add",
            "admin:programs_intake_import",
            "admin:programs_programcapacity_add",
        ],
    ),
    (
        PROGRAM_READERS,
        [
            "admin:programs_activity_changelist",
            "admin:programs_casetype_changelist",
            "admin:programs_intake_change",
            "admin:programs_intake_changelist",
            "admin:programs_program_change",
            "admin:programs_program_changelist",
            "admin:programs_program_history",
            "admin:programs_program_metrics",
            "admin:programs_programcapacity_changelist",
            "admin:programs_servicetype_changelist",
        ],
    ),
    (
        PROGRAM_READERS_REDIRECT,
        [
            "admin:programs_activity_change",
            "admin:programs_casetype_change",
            "admin:programs_programcapacity_change",
            "admin:programs_servicetype_change",
        ],
    ),
    (
        PROGRAM_READERS_HISTORY,
        [
            "admin:programs_intake_history",
        ],
    ),
    (
        INTAKE_EVENTS,
        [
            "admin:programs_intakeevent_change",
        ],
    ),
    (
        INTAKE_EVENTS_LIST,
        [
            "admin:programs_intakeevent_history",
        ],
    ),
    (
        INTAKE_VIEWS_HISTORY,
        [
            "admin:programs_intakeview_history",
        ],
    ),
    (
        GRANT_MANAGERS,
        [
            "admin:grants_application_delete",
            "admin:grants_application_ranking",
            "admin:grants_award_change",
            "admin:grants_award_changelist",
            "admin:grants_award_delete",
            "admin:grants_decision_add",
            "admin:grants_decision_changelist",
            "admin:grants_grantcycle_add",
            "admin:grants_grantcycle_change",
            "admin:grants_grantcycle_changelist",
            "admin:grants_grantcycle_delete",
            "admin:grants_grantcycle_history",
            "admin:grants_granteereport_add",
            "admin:grants_granteereport_change",
            "admin:grants_granteereport_changelist",
            "admin:grants_granteereport_delete",
            "admin:grants_invitation_add",
            "admin:grants_invitation_change",
            "admin:grants_invitation_changelist",
            "admin:grants_invitation_delete",
            "admin:grants_invitation_history",
            "admin:grants_organizationmembership_add",
            "admin:grants_organizationmembership_change",
            "admin:grants_organizationmembership_changelist",
            "admin:grants_organizationmembership_delete",
            "admin:grants_organizationmembership_history",
            "admin:grants_organizationprofile_add",
            "admin:grants_organizationprofile_change",
            "admin:grants_organizationprofile_changelist",
            "admin:grants_organizationprofile_delete",
            "admin:grants_organizationprofile_history",
            "admin:grants_reviewassignment_add",
            "admin:grants_reviewassignment_delete",
        ],
    ),
    (
        GRANT_MANAGERS_REDIRECT,
        [
            "admin:grants_decision_change",
            "admin:grants_decision_delete",
        ],
    ),
    (
        APPLICATION_AFTER_DECLARATION,
        [
            "admin:grants_application_change",
        ],
    ),
    (
        GRANT_REVIEW,
        [
            "admin:grants_application_changelist",
            "admin:grants_reviewassignment_change",
            "admin:grants_reviewassignment_changelist",
        ],
    ),
    (
        GRANT_REVIEW_HISTORY,
        [
            "admin:grants_reviewassignment_history",
        ],
    ),
    (
        GRANT_MANAGERS_HISTORY,
        [
            "admin:grants_application_history",
            "admin:grants_award_history",
            "admin:grants_granteereport_history",
        ],
    ),
    (
        GRANT_ADMIN_INDEX,
        [
            "admin:app_list",
        ],
    ),
    (
        REVIEWER_ONLY,
        [
            "admin:grants_reviewassignment_review",
        ],
    ),
    (
        SURVEY_MANAGERS,
        [
            "admin:surveys_collector_add",
            "admin:surveys_collector_change",
            "admin:surveys_collector_changelist",
            "admin:surveys_collector_delete",
            "admin:surveys_paperentry_changelist",
            "admin:surveys_question_add",
            "admin:surveys_question_change",
            "admin:surveys_question_changelist",
            "admin:surveys_question_delete",
            "admin:surveys_response_change",
            "admin:surveys_response_changelist",
            "admin:surveys_response_delete",
            "admin:surveys_survey_add",
            "admin:surveys_survey_change",
            "admin:surveys_survey_changelist",
            "admin:surveys_survey_copy",
            "admin:surveys_survey_delete",
            "admin:surveys_survey_entry",
            "admin:surveys_survey_export",
            "admin:surveys_survey_paper",
            "admin:surveys_survey_partners",
            "admin:surveys_survey_po",
            "admin:surveys_survey_results",
            "admin:surveys_survey_translations",
            "admin:surveys_survey_verify",
        ],
    ),
    (
        SURVEY_MANAGERS_REDIRECT,
        [
            "admin:surveys_paperentry_change",
            "admin:surveys_paperentry_delete",
        ],
    ),
    (
        SURVEY_MANAGERS_HISTORY,
        [
            "admin:surveys_collector_history",
            "admin:surveys_question_history",
            "admin:surveys_response_history",
            "admin:surveys_survey_history",
        ],
    ),
    (
        SURVEY_MANAGERS_FILE,
        [
            "admin:surveys_collector_qr",
        ],
    ),
    (
        SURVEY_RESOLVE,
        [
            "admin:surveys_survey_resolve",
        ],
    ),
    (
        REPORT_EDITORS,
        [
            "admin:office_officeprofile_change",
            "admin:office_officeprofile_changelist",
            "admin:office_officeprofile_history",
            "admin:reports_annualreport_change",
            "admin:reports_annualreport_changelist",
            "admin:reports_annualreport_delete",
            "admin:reports_annualreport_history",
            "admin:reports_populationstatistic_add",
            "admin:reports_populationstatistic_changelist",
            "admin:reports_reportnarrative_add",
            "admin:reports_reportnarrative_changelist",
        ],
    ),
    (
        REPORT_EDITORS_REDIRECT,
        [
            "admin:reports_populationstatistic_change",
            "admin:reports_populationstatistic_delete",
            "admin:reports_reportnarrative_change",
            "admin:reports_reportnarrative_delete",
        ],
    ),
    (
        REPORT_EDITORS_HISTORY,
        [
            "admin:reports_populationstatistic_acs",
            "admin:reports_annualreport_build",
            "admin:reports_annualreport_pdf",
        ],
    ),
    # --- library ---
    (PUBLIC, ["library:index"]),
    (NOT_FOUND, ["library:file"]),  # the world has no document
    (SUPERUSERS, ["admin:library_document_changelist", "admin:library_document_add", "admin:library_document_missing"]),
    (SUPERUSERS_REDIRECT, ["admin:library_document_change", "admin:library_document_delete"]),
    (EVERY_STAFF_REDIRECT, ["admin:library_document_history", "admin/library/document/<path:object_id>/"]),
    # --- posters ---
    (PUBLIC, ["posters:index", "posters:order"]),
    (REDIRECT, ["posters:order_done"]),  # only after an order, else back to the form
    (
        SUPERUSERS,
        [
            "admin:posters_poster_changelist",
            "admin:posters_poster_add",
            "admin:posters_posterstock_changelist",
            "admin:posters_posterstock_add",
            "admin:posters_posterorder_changelist",
        ],
    ),
    (NO_STAFF, ["admin:posters_posterorder_add"]),  # orders come from residents only
    (
        SUPERUSERS_REDIRECT,
        [
            "admin:posters_poster_change",
            "admin:posters_poster_delete",
            "admin:posters_posterstock_change",
            "admin:posters_posterstock_delete",
            "admin:posters_posterorder_change",
            "admin:posters_posterorder_delete",
        ],
    ),
    (
        EVERY_STAFF_REDIRECT,
        [
            "admin:posters_poster_history",
            "admin:posters_posterstock_history",
            "admin:posters_posterorder_history",
            "admin/posters/poster/<path:object_id>/",
            "admin/posters/posterstock/<path:object_id>/",
            "admin/posters/posterorder/<path:object_id>/",
        ],
    ),
    # --- newsletter ---
    (PUBLIC, ["newsletter:signup", "newsletter:signup_done"]),
    # Signed links: the world's stand-in token is not one of ours, so each answers "this link does
    # not work" (400), to everyone alike.
    (everyone("400"), ["newsletter:confirm", "newsletter:preferences", "newsletter:unsubscribe"]),
    (everyone("405"), ["newsletter_postmark_tracking_webhook"]),  # the provider posts, nobody browses
    (
        EVERY_STAFF_REDIRECT,
        [
            "admin/newsletter/issue/<path:object_id>/",
            "admin/newsletter/subscriber/<path:object_id>/",
            # the history of an object that is not there sends any staff member back
            "admin:newsletter_issue_history",
            "admin:newsletter_subscriber_history",
        ],
    ),
    (
        SUPERUSERS,
        ["admin:newsletter_issue_add", "admin:newsletter_issue_changelist", "admin:newsletter_subscriber_changelist"],
    ),
    (
        SUPERUSERS_REDIRECT,
        [
            "admin:newsletter_issue_change",
            "admin:newsletter_issue_delete",
            "admin:newsletter_subscriber_change",
            "admin:newsletter_subscriber_delete",
        ],
    ),
    # The world has no issue: whoever may preview or send finds none, every other staff member is refused.
    (
        admin_page(ok="404"),
        ["admin:newsletter_issue_preview", "admin:newsletter_issue_send", "admin:newsletter_issue_send_test"],
    ),
    (NO_STAFF, ["admin:newsletter_subscriber_add"]),  # subscribers come only through double opt-in
    # --- tools ---
    (PUBLIC, ["tools:index", "tools:family_plan", "tools:card"]),
    # The world publishes no Know Your Rights card: no PDF to print.
    (NOT_FOUND, ["tools:card_pdf", "tools:card_sheet_pdf"]),
    (
        DIRECTORY_EDITORS,
        ["admin:tools_knowyourrightscard_add", "admin:tools_knowyourrightscard_changelist"],
    ),
    (
        DIRECTORY_EDITORS_REDIRECT,
        [
            "admin:tools_knowyourrightscard_change",
            "admin:tools_knowyourrightscard_delete",
        ],
    ),
    # No card in the world: the admin sends every staff member back (history is checked later).
    (
        EVERY_STAFF_REDIRECT,
        ["admin:tools_knowyourrightscard_history", "admin/tools/knowyourrightscard/<path:object_id>/"],
    ),
    # --- events (staff side) ---
    (
        EVENT_STAFF,
        [
            "admin:events_event_changelist",
            "admin:events_event_add",
            "admin:events_session_changelist",
            "admin:events_session_add",
            "admin:events_session_door",
            "admin:events_registration_changelist",
            "admin:events_registrationoutcome_changelist",
        ],
    ),
    # The world holds no event: change and history pages of a missing object redirect.
    (
        EVENT_STAFF_REDIRECT,
        [
            "admin:events_event_change",
            "admin:events_session_change",
            "admin:events_registration_change",
            "admin:events_registrationoutcome_change",
        ],
    ),
    (
        EVENT_STAFF_MISSING,
        [
            "admin:events_event_bulk_slots",
            "admin:events_session_checkin",
            "admin:events_session_message",
        ],
    ),
    # Events and sessions are deleted by superusers only; registrations (what attendance counts)
    # and outcomes never, and nobody adds them in the admin.
    (SUPERUSERS_REDIRECT, ["admin:events_event_delete", "admin:events_session_delete"]),
    (
        NO_STAFF,
        [
            "admin:events_registration_add",
            "admin:events_registration_delete",
            "admin:events_registrationoutcome_add",
            "admin:events_registrationoutcome_delete",
        ],
    ),
    (
        EVERY_STAFF_REDIRECT,
        [
            "admin:events_event_history",
            "admin:events_session_history",
            "admin:events_registration_history",
            "admin:events_registrationoutcome_history",
            "admin/events/event/<path:object_id>/",
            "admin/events/session/<path:object_id>/",
            "admin/events/registration/<path:object_id>/",
            "admin/events/registrationoutcome/<path:object_id>/",
        ],
    ),
    # Session hosts' pages: nobody in the world is a host (tests/events/test_hosts_access.py
    # plays the hosts, their own bookings and other hosts' ones).
    (HOST_PAGES, ["events:host_home", "events:host_availability", "events:host_booking", "events:host_slot_withdraw"]),
    # --- reports: department data requests ---
    (NOT_FOUND, ["reports:department_answer"]),  # a made-up signed link opens nothing
    (REPORT_EDITORS, ["admin:reports_departmentrequest_add", "admin:reports_departmentrequest_changelist"]),
    (REPORT_EDITORS_REDIRECT, ["admin:reports_departmentrequest_change", "admin:reports_departmentrequest_delete"]),
    (
        EVERY_STAFF_REDIRECT,
        ["admin/reports/departmentrequest/<path:object_id>/", "admin:reports_departmentrequest_history"],
    ),
    # --- reports: recommendations followed up ---
    (REPORT_EDITORS, ["admin:reports_recommendation_add", "admin:reports_recommendation_changelist"]),
    (REPORT_EDITORS_REDIRECT, ["admin:reports_recommendation_change", "admin:reports_recommendation_delete"]),
    (
        EVERY_STAFF_REDIRECT,
        ["admin/reports/recommendation/<path:object_id>/", "admin:reports_recommendation_history"],
    ),
]
# --- events ---
POLICY_TABLE.append((PUBLIC, ["events:index", "events_ics"]))
# An unknown event, and the world's invitation token as a registration link (signed: refused).
POLICY_TABLE.append(
    (
        NOT_FOUND,
        ["events:detail", "event_ics", "events:booking", "events:change", "events:cancel", "events:booking_ics"],
    )
)
# --- directory: a result link's ping (POST only; browsing it is refused) ---
POLICY_TABLE.append((everyone("405"), ["directory:search_opened"]))
# --- staff invitations: only who may add staff invitations (superusers in the world); the world's
# grants invitation token is not a staff invitation's, so its link says "no longer works" (410).
POLICY_TABLE.append((SUPERUSERS, ["admin:accounts_staffinvitation_add", "admin:accounts_staffinvitation_changelist"]))
POLICY_TABLE.append(
    (
        SUPERUSERS_REDIRECT,
        [
            "admin:accounts_staffinvitation_change",
            "admin:accounts_staffinvitation_delete",
        ],
    )
)
# Django's history view looks the object up before it checks permissions: a missing one redirects.
POLICY_TABLE.append(
    (
        EVERY_STAFF_REDIRECT,
        ["admin/accounts/staffinvitation/<path:object_id>/", "admin:accounts_staffinvitation_history"],
    )
)
POLICY_TABLE.append((everyone("410"), ["staff_invitation_accept"]))
# Every staff member's own "My access" page (roles, what each app shows them, whom to ask).
POLICY_TABLE.append((EVERY_STAFF, ["admin:accounts_user_my_access"]))
EXPECTED: dict[str, dict[str, str]] = {key: policy for policy, keys in POLICY_TABLE for key in keys}
assert len(EXPECTED) == sum(len(keys) for _policy, keys in POLICY_TABLE), "a URL stands under two policies"


# ------------------------------------------------------------------------------
# Security headers on live responses
# ------------------------------------------------------------------------------
MAIN_PAGES = ["/en/", "/en/directory/", "/en/programs/", "/en/grants/", "/en/surveys/", "/en/reports/", "/api/hsds/"]


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_main_pages_send_the_security_headers(world, client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("script-src") == ["'self'"]
    assert directives.get("object-src") == ["'none'"]
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.headers.get("X-Frame-Options") == "DENY"


def test_no_role_but_superusers_can_open_the_site_wide_change_history():
    """pghistory's aggregate events span every tracked model, intakes included: superusers only."""
    from django.contrib.auth.models import Permission

    holders = Permission.objects.filter(content_type__app_label="pghistory").values_list("group__name", flat=True)
    assert [name for name in holders if name] == []
