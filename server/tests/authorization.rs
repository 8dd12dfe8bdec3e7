//! The authorization matrix: every server function and every HTTP route, called by nobody
//! and by each role, against the answer the access rules allow. A server function or route
//! added without a row here fails the test, so nothing reaches production unplaced.
//!
//! This table is about who reaches a function at all. Object-level rules (a rep's own visits,
//! a committee's own chair, an author's own submission, a director's own scope) have their
//! own tables with owners and non-owners: `access.rs`, `committees.rs`, `peer_to_peer.rs`,
//! `dashboard.rs` and `sync.rs`.

mod common;

use std::collections::BTreeSet;

use common::{Engine, TestServer};
use reqwest::StatusCode;

/// What a person gets: answered (the function ran: 200, or 404/409/422 about the made-up
/// body), refused (403), or asked to sign in (401).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gets {
    Answer,
    Refused,
    SignIn,
}

use Gets::{Answer as A, Refused as D, SignIn as U};

/// Nobody, rep, director (state), TA coordinator, admin.
const PEOPLE: [&str; 5] = [
    "",
    "rep@bizworks.test",
    "director@bizworks.test",
    "coordinator@bizworks.test",
    "admin@bizworks.test",
];

const PUBLIC: [Gets; 5] = [A, A, A, A, A];
const SIGNED_IN: [Gets; 5] = [U, A, A, A, A];
const COORDINATORS: [Gets; 5] = [U, D, D, A, A];
const ADMINS: [Gets; 5] = [U, D, D, D, A];
const BUSINESSES: [Gets; 5] = [U, A, A, D, A];
const VISIT_READERS: [Gets; 5] = [U, A, A, D, D];
const REPS: [Gets; 5] = [U, A, D, D, D];
const DIRECTORS: [Gets; 5] = [U, D, A, D, D];

const NIL: &str = "00000000-0000-0000-0000-000000000000";

/// Every server function: its name, a body that deserialises (made-up ids, empty drafts) and
/// who may call it.
fn server_functions() -> Vec<(&'static str, String, [Gets; 5])> {
    let id = |name: &str| format!("{name}={NIL}");
    vec![
        ("current_user", String::new(), PUBLIC),
        ("open_area", "area=home".to_owned(), PUBLIC),
        ("program_catalogue", String::new(), PUBLIC),
        ("get_program", id("program"), PUBLIC),
        ("request_assistance", id("program"), PUBLIC),
        ("track_assistance_request", "reference=x".to_owned(), PUBLIC),
        ("my_notifications", String::new(), SIGNED_IN),
        ("mark_notifications_read", String::new(), SIGNED_IN),
        ("list_my_submissions", String::new(), SIGNED_IN),
        ("get_submission", id("submission"), SIGNED_IN),
        ("save_submission", id("submission"), SIGNED_IN),
        ("list_committees", String::new(), SIGNED_IN),
        ("get_committee", id("committee"), SIGNED_IN),
        ("ask_to_join", id("committee"), SIGNED_IN),
        ("my_join_requests", String::new(), SIGNED_IN),
        ("pending_join_requests", id("committee"), SIGNED_IN),
        (
            "decide_join_request",
            format!("request={NIL}&approve=true"),
            SIGNED_IN,
        ),
        ("schedule_meeting", id("committee"), SIGNED_IN),
        ("record_attendance", id("meeting"), SIGNED_IN),
        ("committee_roster", id("committee"), SIGNED_IN),
        (
            "set_member_status",
            format!("committee={NIL}&person={NIL}&status=inactive"),
            SIGNED_IN,
        ),
        ("my_attendance", id("committee"), SIGNED_IN),
        ("leave_committee", id("committee"), SIGNED_IN),
        ("committee_chair_view", id("committee"), SIGNED_IN),
        ("committee_member_view", id("committee"), SIGNED_IN),
        ("person_seats", id("person"), SIGNED_IN),
        (
            "decide_submission",
            format!("submission={NIL}&draft%5Bdecision%5D=accept"),
            COORDINATORS,
        ),
        ("open_submission_window", String::new(), COORDINATORS),
        ("close_submission_window", String::new(), COORDINATORS),
        ("get_assistance_overview", String::new(), COORDINATORS),
        ("get_assistance_request", id("request"), COORDINATORS),
        ("update_assistance_request", id("request"), COORDINATORS),
        (
            "appoint_member",
            format!("committee={NIL}&person={NIL}&draft%5Brole%5D=member"),
            ADMINS,
        ),
        ("list_users", String::new(), ADMINS),
        ("invite_user", "draft%5Bemail%5D=".to_owned(), ADMINS),
        ("set_user_active", format!("id={NIL}&active=false"), ADMINS),
        ("get_org_units", String::new(), ADMINS),
        ("save_unit", "draft%5Bkind%5D=region".to_owned(), ADMINS),
        ("remove_unit", format!("kind=region&id={NIL}"), ADMINS),
        ("admin_slate", String::new(), ADMINS),
        ("save_service", "draft%5Bname%5D=".to_owned(), ADMINS),
        ("retire_service", id("id"), ADMINS),
        ("admin_visit_kinds", String::new(), ADMINS),
        ("save_category", "draft%5Bname%5D=".to_owned(), ADMINS),
        ("retire_category", id("id"), ADMINS),
        ("save_activity_type", "draft%5Bname%5D=".to_owned(), ADMINS),
        ("retire_activity_type", id("id"), ADMINS),
        ("establishment_counts", String::new(), ADMINS),
        (
            "save_establishment_count",
            "draft%5Barea%5D=state".to_owned(),
            ADMINS,
        ),
        ("remove_establishment_count", id("id"), ADMINS),
        ("possible_duplicates", String::new(), ADMINS),
        (
            "search_businesses",
            "query%5Btext%5D=x&query%5Blist%5D=all&query%5Bpage%5D=0".to_owned(),
            BUSINESSES,
        ),
        ("get_business", id("id"), BUSINESSES),
        (
            "likely_duplicates",
            "draft%5Blegal_name%5D=x".to_owned(),
            BUSINESSES,
        ),
        (
            "create_business",
            "draft%5Blegal_name%5D=".to_owned(),
            BUSINESSES,
        ),
        (
            "update_business",
            format!("id={NIL}&draft%5Blegal_name%5D="),
            BUSINESSES,
        ),
        (
            "merge_businesses",
            format!("survivor={NIL}&merged={NIL}"),
            BUSINESSES,
        ),
        ("undo_merge", id("merge"), BUSINESSES),
        (
            "add_contact",
            format!("business={NIL}&draft%5Bname%5D="),
            BUSINESSES,
        ),
        (
            "update_contact",
            format!("id={NIL}&draft%5Bname%5D="),
            BUSINESSES,
        ),
        ("remove_contact", id("id"), BUSINESSES),
        ("visit_form_reference", String::new(), VISIT_READERS),
        (
            "list_visits",
            "filter%5Bonly%5D=all".to_owned(),
            VISIT_READERS,
        ),
        ("get_visit", id("id"), VISIT_READERS),
        ("record_visit", "draft%5Bdate%5D=".to_owned(), REPS),
        ("get_editable_visit", id("id"), REPS),
        ("update_visit", format!("id={NIL}&draft%5Bdate%5D="), REPS),
        ("delete_visit", id("id"), REPS),
        ("review_visit", format!("id={NIL}&comment=x"), DIRECTORS),
        ("get_dashboard", String::new(), DIRECTORS),
    ]
}

enum Method {
    Get,
    PostJson(&'static str),
    PostForm(&'static str),
}

/// Every route outside the server functions, as `.route("…")` names it, with a concrete
/// address to call.
fn routes() -> Vec<(&'static str, &'static str, Method, [Gets; 5])> {
    vec![
        ("/healthz", "/healthz", Method::Get, PUBLIC),
        ("/livez", "/livez", Method::Get, PUBLIC),
        (
            "/api/openapi.json",
            "/api/openapi.json",
            Method::Get,
            PUBLIC,
        ),
        // Signing in with a wrong password is answered (303 back to the form) for anyone.
        (
            "/auth/sign-in",
            "/auth/sign-in",
            Method::PostForm("email=x&password=y"),
            PUBLIC,
        ),
        (
            "/api/sync/reference",
            "/api/sync/reference",
            Method::Get,
            VISIT_READERS,
        ),
        // Pulling sends businesses and visits: for those who work with businesses.
        ("/api/sync/pull", "/api/sync/pull", Method::Get, BUSINESSES),
        (
            "/api/sync/push",
            "/api/sync/push",
            Method::PostJson(r#"{"device":"00000000-0000-0000-0000-000000000000","changes":[]}"#),
            SIGNED_IN,
        ),
        (
            "/dashboard/{table}",
            "/dashboard/figures.csv",
            Method::Get,
            DIRECTORS,
        ),
        (
            "/committees/{id}/roster.csv",
            "/committees/00000000-0000-0000-0000-000000000000/roster.csv",
            Method::Get,
            SIGNED_IN,
        ),
    ]
}

/// Routes every test here leaves out, and why.
const NOT_IN_THE_MATRIX: &[(&str, &str)] = &[(
    "/auth/sign-out",
    "ends the caller's own session; covered by auth.rs",
)];

fn classify(status: StatusCode) -> Gets {
    match status.as_u16() {
        401 => U,
        403 => D,
        _ => A,
    }
}

/// The `.route("…")` paths written in the server's source.
fn routes_in_source() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read the source").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read a source file");
                for piece in text.split(".route(").skip(1) {
                    let piece = piece.trim_start();
                    if let Some(rest) = piece.strip_prefix('"')
                        && let Some(end) = rest.find('"')
                    {
                        found.insert(rest[..end].to_owned());
                    } else if let Some(name) = piece.split([',', ')']).next() {
                        // A constant: its name stands for the route.
                        found.insert(name.trim().to_owned());
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_server_function_and_route_has_a_row() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let placed: BTreeSet<String> = server_functions()
        .into_iter()
        .map(|(name, _, _)| name.to_owned())
        .collect();
    let missing: Vec<_> = registered.difference(&placed).collect();
    let stale: Vec<_> = placed.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "server functions without a row: {missing:?}"
    );
    assert!(stale.is_empty(), "rows for no server function: {stale:?}");

    let mut placed: BTreeSet<String> = routes().into_iter().map(|(r, ..)| r.to_owned()).collect();
    placed.extend(NOT_IN_THE_MATRIX.iter().map(|(r, _)| (*r).to_owned()));
    // The password page is routed by its constant.
    placed.insert("change_password::PAGE".to_owned());
    let written = routes_in_source();
    let missing: Vec<_> = written.difference(&placed).collect();
    assert!(missing.is_empty(), "routes without a row: {missing:?}");
}

on_both_engines!(
    every_role_reaches_only_what_it_may,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let mut sessions = Vec::new();
        for email in PEOPLE {
            sessions.push(if email.is_empty() {
                None
            } else {
                Some(server.sign_in(email).await)
            });
        }
        let mut wrong = Vec::new();
        // A body the server cannot read is the caller's mistake: 400, not a server error.
        let response = server
            .post_form(
                "/api/search_businesses",
                "query%5Btext%5D=x",
                sessions[1].as_deref(),
            )
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        for (name, body, expected) in server_functions() {
            for (session, want) in sessions.iter().zip(expected) {
                let response = server
                    .post_form(&format!("/api/{name}"), &body, session.as_deref())
                    .await;
                let status = response.status();
                let got = classify(status);
                if status == StatusCode::BAD_REQUEST || status.is_server_error() || got != want {
                    let text = response.text().await.unwrap_or_default();
                    wrong.push(format!(
                        "{name} as {:?}: expected {want:?}, got {status} {}",
                        PEOPLE[sessions.iter().position(|s| s == session).unwrap_or(0)],
                        text.chars().take(160).collect::<String>()
                    ));
                }
            }
        }
        for (route, address, method, expected) in routes() {
            for (i, (session, want)) in sessions.iter().zip(expected).enumerate() {
                let response = match &method {
                    Method::Get => server.get(address, session.as_deref()).await,
                    Method::PostForm(body) => {
                        server.post_form(address, body, session.as_deref()).await
                    }
                    Method::PostJson(body) => {
                        let value: serde_json::Value = serde_json::from_str(body).expect("json");
                        match session {
                            Some(session) => {
                                let (status, _) = server.post_json(address, &value, session).await;
                                if classify(status) != want || status.is_server_error() {
                                    wrong.push(format!(
                                        "{route} as {:?}: expected {want:?}, got {status}",
                                        PEOPLE[i]
                                    ));
                                }
                                continue;
                            }
                            None => server.post_form(address, body, None).await,
                        }
                    }
                };
                let status = response.status();
                if classify(status) != want || status.is_server_error() {
                    wrong.push(format!(
                        "{route} as {:?}: expected {want:?}, got {status}",
                        PEOPLE[i]
                    ));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "authorization matrix broken:\n{}",
            wrong.join("\n")
        );
    }
);
