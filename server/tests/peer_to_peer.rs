//! Peer to Peer technical assistance through the real server functions, on SQLite and
//! PostgreSQL: the public catalogue and requests, the limits on the public form, and that
//! only coordinators and administrators see requests and decide on submissions.

mod common;

use reqwest::StatusCode;
use serde_json::Value;

use common::{Engine, TestServer, encode};

const REP: &str = "rep@bizworks.test";
const OTHER_REP: &str = "rep.worcester@bizworks.test";
const DIRECTOR: &str = "director@bizworks.test";
const COORDINATOR: &str = "coordinator@bizworks.test";
const ADMIN: &str = "admin@bizworks.test";

/// Calls a server function without signing in, as a visitor from another state.
async fn public(server: &TestServer, name: &str, body: &str) -> (StatusCode, Value) {
    let response = server.post_form(&format!("/api/{name}"), body, None).await;
    let status = response.status();
    let text = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn program_id(server: &TestServer, title_starts: &str) -> String {
    let (status, catalogue) = public(server, "program_catalogue", "").await;
    assert_eq!(status, StatusCode::OK, "{catalogue}");
    catalogue["programs"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| {
            p["title"]
                .as_str()
                .is_some_and(|t| t.starts_with(title_starts))
        })
        .and_then(|p| p["id"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no program {title_starts}"))
}

fn request_body(program: &str, need: &str, website: &str) -> String {
    format!(
        "program={program}&draft%5Bname%5D=Dana%20Reyes&draft%5Bagency%5D=Ohio%20DJFS\
         &draft%5Bstate%5D=OH&draft%5Bemail%5D=dana%40example.org&draft%5Bneed%5D={}\
         &draft%5Bmodes%5D%5Bvideo_conference%5D=true&draft%5Bdates%5D=March&draft%5Bwebsite%5D={}",
        encode(need),
        encode(website)
    )
}

fn titles(catalogue: &Value) -> Vec<String> {
    catalogue["programs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["title"].as_str().map(str::to_owned))
        .collect()
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

on_both_engines!(
    a_visitor_finds_a_program_by_mode_and_a_coordinator_delivers_the_help,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        // The catalogue is public and searchable by mode, topic and words.
        let (status, by_mode) =
            public(&server, "program_catalogue", "query%5Bmode%5D=videos").await;
        assert_eq!(status, StatusCode::OK);
        let found = titles(&by_mode);
        assert!(found.iter().any(|t| t.starts_with("RESEA")), "{found:?}");
        assert!(
            !found.contains(&"Mass BizWorks".to_owned()),
            "Mass BizWorks offers no videos"
        );
        assert_eq!(by_mode["total"], 5);
        let (_, by_topic) = public(&server, "program_catalogue", "query%5Btopic%5D=re-entry").await;
        assert_eq!(
            titles(&by_topic),
            ["On-the-Job Training and Re-entry Projects, Hampden County"]
        );
        let (_, by_words) = public(&server, "program_catalogue", "query%5Bq%5D=casino").await;
        assert_eq!(titles(&by_words).len(), 1);

        // A visitor asks for help and follows it by reference.
        let resea = program_id(&server, "RESEA").await;
        let (status, reference) = public(
            &server,
            "request_assistance",
            &request_body(&resea, "Train our counselors", ""),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{reference}");
        let reference = reference.as_str().expect("a reference").to_owned();
        assert!(reference.starts_with("TA-"), "{reference}");
        let typed = encode(&reference.to_lowercase().replace('-', " "));
        let (status, tracked) = public(
            &server,
            "track_assistance_request",
            &format!("reference={typed}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{tracked}");
        assert_eq!(tracked["status"], "received");
        assert_eq!(tracked["state"], "OH");
        let public_text = tracked.to_string();
        assert!(!public_text.contains("dana@example.org") && !public_text.contains("Dana"));
        let (status, _) = public(
            &server,
            "track_assistance_request",
            "reference=TA-00000-00000",
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Only coordinators and administrators see requests.
        let (status, _) = public(&server, "get_assistance_overview", "").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        for email in [REP, DIRECTOR] {
            let session = server.sign_in(email).await;
            let (status, body) = server.call("get_assistance_overview", "", &session).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email}: {body}");
        }
        let coordinator = server.sign_in(COORDINATOR).await;
        let (status, overview) = server
            .call("get_assistance_overview", "status=received", &coordinator)
            .await;
        assert_eq!(status, StatusCode::OK, "{overview}");
        let row = overview["requests"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["reference"] == reference.as_str())
            .cloned()
            .expect("the new request is listed");
        let id = row["id"].as_str().unwrap_or_default().to_owned();
        for email in [REP, DIRECTOR] {
            let session = server.sign_in(email).await;
            let (status, _) = server
                .call("get_assistance_request", &format!("request={id}"), &session)
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} read a request");
            let (status, _) = server
                .call(
                    "update_assistance_request",
                    &format!("request={id}&draft%5Bstatus%5D=closed&draft%5Bnote%5D=x"),
                    &session,
                )
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} changed a request");
        }
        let admin = server.sign_in(ADMIN).await;
        let (status, detail) = server
            .call("get_assistance_request", &format!("request={id}"), &admin)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(detail["fields"]["email"], "dana@example.org");

        // Scheduling needs a date and a mode; then delivered, in order.
        let (status, refused) = server
            .call(
                "update_assistance_request",
                &format!("request={id}&draft%5Bstatus%5D=scheduled"),
                &coordinator,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        let (status, refused) = server
            .call(
                "update_assistance_request",
                &format!("request={id}&draft%5Bstatus%5D=delivered"),
                &coordinator,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        let schedule = format!(
            "request={id}&draft%5Bstatus%5D=scheduled&draft%5Bscheduled_for%5D={}&draft%5Bscheduled_mode%5D=video_conference&draft%5Bnote%5D=Agreed%20by%20phone",
            in_days(10)
        );
        let (status, now) = server
            .call("update_assistance_request", &schedule, &coordinator)
            .await;
        assert_eq!((status, now), (StatusCode::OK, Value::from("scheduled")));
        let (status, now) = server
            .call(
                "update_assistance_request",
                &format!("request={id}&draft%5Bstatus%5D=delivered"),
                &coordinator,
            )
            .await;
        assert_eq!((status, now), (StatusCode::OK, Value::from("delivered")));
        let (_, tracked) = public(
            &server,
            "track_assistance_request",
            &format!("reference={reference}"),
        )
        .await;
        assert_eq!(tracked["status"], "delivered");
        assert_eq!(tracked["scheduled_mode"], "video_conference");
        let stages: Vec<&str> = tracked["history"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|step| step[0].as_str())
            .collect();
        assert_eq!(stages, ["received", "scheduled", "delivered"]);
        assert!(
            !tracked.to_string().contains("Agreed by phone"),
            "notes stay private"
        );
        let (_, detail) = server
            .call(
                "get_assistance_request",
                &format!("request={id}"),
                &coordinator,
            )
            .await;
        assert_eq!(detail["updates"].as_array().map(Vec::len), Some(3));

        // Closed after delivery, with a note; closed stays closed.
        let (status, now) = server
            .call(
                "update_assistance_request",
                &format!("request={id}&draft%5Bstatus%5D=closed&draft%5Bnote%5D=Followed%20up"),
                &coordinator,
            )
            .await;
        assert_eq!((status, now), (StatusCode::OK, Value::from("closed")));
        let (status, _) = server
            .call(
                "update_assistance_request",
                &format!("request={id}&draft%5Bstatus%5D=received&draft%5Bnote%5D=again"),
                &coordinator,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a closed request does not reopen"
        );
    }
);

on_both_engines!(
    the_public_form_refuses_robots_floods_and_oversized_input,
    |engine: Engine| async move {
        let Some(server) = TestServer::start_with(engine, |config| {
            config.assistance_requests_per_hour = 2;
        })
        .await
        else {
            return;
        };
        let program = program_id(&server, "Mass BizWorks").await;
        let (status, refused) = public(
            &server,
            "request_assistance",
            &request_body(&program, "Help", "http://spam.example"),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            refused.to_string().contains("leave this empty"),
            "{refused}"
        );
        let (status, refused) = public(
            &server,
            "request_assistance",
            &request_body(&program, &"x".repeat(4_001), ""),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.to_string().contains("need"), "{refused}");
        let (status, too_big) = public(
            &server,
            "request_assistance",
            &request_body(&program, &"x".repeat(40_000), ""),
        )
        .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{too_big}");
        // The robot's attempt counted: one more request, then the address must wait.
        let (status, _) = public(
            &server,
            "request_assistance",
            &request_body(&program, "Help", ""),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (status, refused) = public(
            &server,
            "request_assistance",
            &request_body(&program, "Help", ""),
        )
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.to_string().contains("last hour"), "{refused}");
    }
);

fn template(submission: &str, title: &str, intent: &str) -> String {
    format!(
        "submission={submission}&intent={intent}&draft%5Btitle%5D={}&draft%5Bsummary%5D=One%20team\
         &draft%5Bproblem%5D=Too%20many%20calls&draft%5Bresults%5D=Repeat%20customers\
         &draft%5Boffer%5D=Training&draft%5Bmodes%5D%5Bclassroom%5D=true&draft%5Btags%5D=events\
         &draft%5Bcontact_name%5D=Riley&draft%5Bcontact_email%5D=rep%40bizworks.test",
        encode(title)
    )
}

async fn submission_status(server: &TestServer, session: &str, id: &str) -> (StatusCode, Value) {
    let (status, detail) = server
        .call("get_submission", &format!("submission={id}"), session)
        .await;
    (status, detail["status"].clone())
}

on_both_engines!(
    submissions_keep_to_the_window_and_only_coordinators_decide,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let other = server.sign_in(OTHER_REP).await;
        let director = server.sign_in(DIRECTOR).await;
        let coordinator = server.sign_in(COORDINATOR).await;
        let id = uuid::Uuid::now_v7().to_string();

        // A draft is its author's alone; saving twice keeps one draft.
        for _ in 0..2 {
            let (status, body) = server
                .call(
                    "save_submission",
                    &template(&id, "Employer Breakfasts", "draft"),
                    &rep,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let (_, mine) = server.call("list_my_submissions", "", &rep).await;
        assert_eq!(
            mine["submissions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["id"] == id.as_str())
                .count(),
            1
        );
        for session in [&other, &coordinator] {
            assert_eq!(
                submission_status(&server, session, &id).await.0,
                StatusCode::NOT_FOUND
            );
        }
        let (status, _) = server
            .call(
                "save_submission",
                &template(&id, "Taken over", "draft"),
                &other,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "another rep cannot overwrite the draft"
        );

        // Submitted, it reaches the coordinator; nobody else decides.
        let (status, body) = server
            .call(
                "save_submission",
                &template(&id, "Employer Breakfasts", "submit"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            submission_status(&server, &coordinator, &id).await,
            (StatusCode::OK, Value::from("submitted"))
        );
        for session in [&rep, &director] {
            let (status, _) = server
                .call(
                    "decide_submission",
                    &format!("submission={id}&draft%5Bdecision%5D=accept"),
                    session,
                )
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }
        let (status, _) = server
            .call(
                "save_submission",
                &template(&id, "Changed after", "draft"),
                &rep,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "a sent submission is not edited"
        );

        // Returned with comments, edited, resubmitted and accepted into the catalogue.
        let (status, _) = server
            .call(
                "decide_submission",
                &format!("submission={id}&draft%5Bdecision%5D=return"),
                &coordinator,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "returning needs a comment"
        );
        let (status, decided) = server
            .call(
                "decide_submission",
                &format!(
                    "submission={id}&draft%5Bdecision%5D=return&draft%5Bcomment%5D=Add%20figures"
                ),
                &coordinator,
            )
            .await;
        assert_eq!((status, decided), (StatusCode::OK, Value::from("returned")));
        let (_, detail) = server
            .call("get_submission", &format!("submission={id}"), &rep)
            .await;
        assert_eq!(detail["comment"], "Add figures");
        assert_eq!(detail["may_edit"], true);
        let (status, _) = server
            .call(
                "save_submission",
                &template(&id, "Employer Breakfasts 2026", "submit"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, decided) = server
            .call(
                "decide_submission",
                &format!("submission={id}&draft%5Bdecision%5D=accept"),
                &coordinator,
            )
            .await;
        assert_eq!((status, decided), (StatusCode::OK, Value::from("accepted")));
        let (_, catalogue) = public(
            &server,
            "program_catalogue",
            "query%5Bq%5D=breakfasts%202026",
        )
        .await;
        assert_eq!(titles(&catalogue), ["Employer Breakfasts 2026"]);
        let (_, notes) = server.call("my_notifications", "", &rep).await;
        assert!(notes.to_string().contains("accepted"), "{notes}");

        // Declined: the author is told, and it is theirs no longer to change.
        let declined = uuid::Uuid::now_v7().to_string();
        let (status, _) = server
            .call(
                "save_submission",
                &template(&declined, "Not For Us", "submit"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, decided) = server
            .call("decide_submission", &format!("submission={declined}&draft%5Bdecision%5D=decline&draft%5Bcomment%5D=Too%20local"), &coordinator)
            .await;
        assert_eq!((status, decided), (StatusCode::OK, Value::from("declined")));
        let (_, detail) = server
            .call("get_submission", &format!("submission={declined}"), &rep)
            .await;
        assert_eq!(detail["may_edit"], false);
        assert_eq!(detail["comment"], "Too local");
        let (status, _) = server
            .call(
                "save_submission",
                &template(&declined, "Not For Us 2", "submit"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (_, notes) = server.call("my_notifications", "", &rep).await;
        assert!(notes.to_string().contains("was declined"), "{notes}");

        // Only coordinators run the window; a past deadline is refused by field.
        for session in [&rep, &director] {
            let (status, _) = server.call("close_submission_window", "", session).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }
        let (status, refused) = server
            .call(
                "open_submission_window",
                "draft%5Bcloses_on%5D=2020-01-15",
                &coordinator,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");

        // After the deadline a submission is refused and the draft survives.
        let (status, window) = server
            .call("close_submission_window", "", &coordinator)
            .await;
        assert_eq!(status, StatusCode::OK, "{window}");
        assert_eq!(window["open"], false);
        let late = uuid::Uuid::now_v7().to_string();
        let (status, refused) = server
            .call(
                "save_submission",
                &template(&late, "Late Program", "submit"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{refused}");
        assert!(refused.to_string().contains("draft is saved"), "{refused}");
        assert_eq!(
            submission_status(&server, &rep, &late).await,
            (StatusCode::OK, Value::from("draft"))
        );
        let (status, window) = server
            .call(
                "open_submission_window",
                &format!(
                    "draft%5Bcloses_on%5D={}&draft%5Bcloses_at%5D=17%3A00",
                    in_days(30)
                ),
                &coordinator,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{window}");
        assert_eq!(window["open"], true);
        let (status, _) = server
            .call(
                "save_submission",
                &template(&late, "Late Program", "submit"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
);

/// `value` is an instant shown on the state's clock: its offset is `hours` from UTC and it is
/// within a few minutes of now.
fn on_the_states_clock(value: &Value, hours: i64) {
    let at = value["at"]
        .as_str()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .unwrap_or_else(|| panic!("an instant with its offset: {value}"));
    assert_eq!(
        i64::from(at.offset().local_minus_utc()),
        hours * 3600,
        "{value}"
    );
    let off = (chrono::Utc::now() - at.with_timezone(&chrono::Utc))
        .num_seconds()
        .abs();
    assert!(off < 300, "{value} is not now");
}

on_both_engines!(
    request_times_are_shown_on_the_states_clock,
    |engine: Engine| async move {
        // A zone whose date is not UTC's now: a page that showed UTC's date would be a day off.
        let (zone, hours) = common::zone_a_day_from_utc();
        let Some(server) =
            TestServer::start_with(engine, |config| config.time_zone = zone.to_owned()).await
        else {
            return;
        };
        let program = program_id(&server, "RESEA").await;
        let (status, reference) = public(
            &server,
            "request_assistance",
            &request_body(&program, "Train our counselors", ""),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{reference}");
        let reference = reference.as_str().expect("a reference").to_owned();

        let (_, tracked) = public(
            &server,
            "track_assistance_request",
            &format!("reference={reference}"),
        )
        .await;
        assert_eq!(tracked["history"][0][0], "received", "{tracked}");
        on_the_states_clock(&tracked["history"][0][1], hours);

        let coordinator = server.sign_in(COORDINATOR).await;
        let (_, overview) = server
            .call("get_assistance_overview", "", &coordinator)
            .await;
        let row = overview["requests"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["reference"] == reference.as_str())
            .cloned()
            .expect("the request in the coordinator's list");
        on_the_states_clock(&row["received_at"], hours);
        let states_date = (chrono::Utc::now() + chrono::Duration::hours(hours)).date_naive();
        assert!(
            row["received_at"]["at"]
                .as_str()
                .is_some_and(|at| at.starts_with(&states_date.format("%Y-%m-%d").to_string())),
            "{row} is not dated {states_date}, the state's date"
        );
        let (_, detail) = server
            .call(
                "get_assistance_request",
                &format!("request={}", row["id"].as_str().expect("an id")),
                &coordinator,
            )
            .await;
        on_the_states_clock(&detail["updates"][0]["at"], hours);
    }
);
