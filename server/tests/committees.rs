//! Committees through the real server functions, on SQLite and PostgreSQL: the directory, the
//! join modes, and that only a committee's own chair (or an administrator) decides.

mod common;

use reqwest::StatusCode;
use serde_json::Value;

use common::{Engine, TestServer, encode};

const REP: &str = "rep@bizworks.test";
const OTHER_REP: &str = "rep.worcester@bizworks.test";
const DIRECTOR: &str = "director@bizworks.test";
const COORDINATOR: &str = "coordinator@bizworks.test";
const ADMIN: &str = "admin@bizworks.test";

async fn directory(server: &TestServer, session: &str, filter: &str) -> Vec<Value> {
    let (status, list) = server.call("list_committees", filter, session).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().cloned().unwrap_or_default()
}

async fn committee_id(server: &TestServer, session: &str, name: &str) -> String {
    directory(server, session, "")
        .await
        .iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["id"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no committee {name}"))
}

fn ask_body(committee: &str, interests: &str, statement: &str) -> String {
    format!(
        "committee={committee}&draft%5Binterests%5D={}&draft%5Bexpertise%5D=salesforce&draft%5Bstatement%5D={}",
        encode(interests),
        encode(statement)
    )
}

fn decide_body(request: &Value, approve: bool, reason: &str) -> String {
    format!(
        "request={}&approve={approve}&reason={}",
        request["id"].as_str().unwrap_or_default(),
        encode(reason)
    )
}

on_both_engines!(
    the_directory_lists_committees_and_teams_with_filters,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let all = directory(&server, &rep, "").await;
        let names: Vec<&str> = all.iter().filter_map(|c| c["name"].as_str()).collect();
        for name in [
            "Marketing",
            "MOSES workgroup",
            "Systems Development and Tracking",
            "Training",
        ] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }
        let team = all
            .iter()
            .find(|c| c["kind"] == "regional_team")
            .expect("a regional team");
        assert!(
            team["region"].is_array(),
            "a team belongs to a region: {team}"
        );
        let marketing = all
            .iter()
            .find(|c| c["name"] == "Marketing")
            .expect("Marketing");
        assert_eq!(marketing["chair"], "Dana Whitfield");
        assert_eq!(marketing["members"], 2);
        assert!(marketing["next_meeting"].is_string(), "{marketing}");
        let (status, one) = server
            .call(
                "get_committee",
                &format!("committee={}", marketing["id"].as_str().unwrap_or_default()),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{one}");
        assert_eq!(&one, marketing, "one committee reads as its directory line");

        let data = directory(&server, &rep, "filter%5Binterest%5D=Data").await;
        let names: Vec<&str> = data.iter().filter_map(|c| c["name"].as_str()).collect();
        assert_eq!(
            names,
            ["MOSES workgroup", "Systems Development and Tracking"]
        );

        let region = team["region"][0].as_str().expect("region id");
        let of_region = directory(&server, &rep, &format!("filter%5Bregion%5D={region}")).await;
        assert_eq!(of_region.len(), 1, "{of_region:?}");
        assert_eq!(of_region[0]["id"], team["id"]);
    }
);

on_both_engines!(
    open_committees_take_members_at_once_and_refuse_twice,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let other = server.sign_in(OTHER_REP).await;
        let marketing = committee_id(&server, &other, "Marketing").await;
        let (status, request) = server
            .call("ask_to_join", &ask_body(&marketing, "events", ""), &other)
            .await;
        assert_eq!(status, StatusCode::OK, "{request}");
        assert_eq!(request["status"], "approved");
        assert_eq!(request["interests"], serde_json::json!(["events"]));
        let (status, again) = server
            .call("ask_to_join", &ask_body(&marketing, "events", ""), &other)
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{again}");
        assert!(again.to_string().contains("already a member"), "{again}");

        // Invitation only: refused, saying why.
        let moses = committee_id(&server, &other, "MOSES workgroup").await;
        let (status, refused) = server
            .call(
                "ask_to_join",
                &ask_body(&moses, "", "I know MOSES well."),
                &other,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{refused}");
        assert!(refused.to_string().contains("invitation"), "{refused}");
    }
);

on_both_engines!(
    only_the_committees_own_chair_decides_on_requests,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let other = server.sign_in(OTHER_REP).await;
        let sdt = committee_id(&server, &other, "Systems Development and Tracking").await;

        // A reviewed committee wants a statement; what was typed comes back with the error.
        let (status, missing) = server
            .call("ask_to_join", &ask_body(&sdt, "data", " "), &other)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{missing}");
        assert!(missing.to_string().contains("statement"), "{missing}");
        let (status, request) = server
            .call(
                "ask_to_join",
                &ask_body(
                    &sdt,
                    "data, Reporting",
                    "I build our center's monthly reports.",
                ),
                &other,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{request}");
        assert_eq!(request["status"], "pending");

        // Not the chair: another rep, the director (who chairs other committees), the person.
        for email in [REP, DIRECTOR] {
            let session = server.sign_in(email).await;
            let (status, body) = server
                .call(
                    "pending_join_requests",
                    &format!("committee={sdt}"),
                    &session,
                )
                .await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{email} read the requests: {body}"
            );
            let (status, body) = server
                .call(
                    "decide_join_request",
                    &decide_body(&request, true, ""),
                    &session,
                )
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} decided: {body}");
        }
        let (status, _) = server
            .call(
                "decide_join_request",
                &decide_body(&request, true, ""),
                &other,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "approved their own request");

        // The chair sees it and approves; the person sees the decision.
        let chair = server.sign_in(COORDINATOR).await;
        let (status, pending) = server
            .call("pending_join_requests", &format!("committee={sdt}"), &chair)
            .await;
        assert_eq!(status, StatusCode::OK, "{pending}");
        assert_eq!(
            pending[0]["person_name"].as_str().map(str::is_empty),
            Some(false)
        );
        assert_eq!(
            pending[0]["interests"],
            serde_json::json!(["data", "reporting"])
        );
        let (status, decided) = server
            .call(
                "decide_join_request",
                &decide_body(&request, true, ""),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{decided}");
        assert_eq!(decided, "approved");
        let (_, mine) = server.call("my_join_requests", "", &other).await;
        assert_eq!(mine[0]["status"], "approved", "{mine}");
        let (status, _) = server
            .call(
                "decide_join_request",
                &decide_body(&request, false, "late"),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "decided twice");
    }
);

on_both_engines!(
    a_decline_needs_a_reason_and_a_full_committee_has_a_waiting_list,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let admin = server.sign_in(ADMIN).await;
        let training = committee_id(&server, &admin, "Training").await;
        // Training seats three and its chair holds one: two approvals fill it, the third waits.
        let mut requests = Vec::new();
        for email in [REP, OTHER_REP, DIRECTOR] {
            let session = server.sign_in(email).await;
            let (status, request) = server
                .call(
                    "ask_to_join",
                    &ask_body(&training, "", "I train new reps."),
                    &session,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{request}");
            requests.push((session, request));
        }
        let (status, refused) = server
            .call(
                "decide_join_request",
                &decide_body(&requests[0].1, false, " "),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        let mut outcomes = Vec::new();
        for (_, request) in &requests {
            // An administrator decides for any committee.
            let (status, decided) = server
                .call(
                    "decide_join_request",
                    &decide_body(request, true, ""),
                    &admin,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{decided}");
            outcomes.push(decided);
        }
        assert_eq!(outcomes, ["approved", "approved", "waiting"]);
        let (_, mine) = server.call("my_join_requests", "", &requests[2].0).await;
        assert_eq!(mine[0]["status"], "waiting", "{mine}");
    }
);

on_both_engines!(
    the_chair_keeps_meetings_and_attendance_and_sees_who_is_at_risk,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let chair = server.sign_in(DIRECTOR).await;
        let rep = server.sign_in(REP).await;
        let coordinator = server.sign_in(COORDINATOR).await;
        let marketing = committee_id(&server, &chair, "Marketing").await;
        let roster_body = format!("committee={marketing}");

        // The demo rep came to two of the last six meetings: at risk, with the figures.
        let (status, roster) = server.call("committee_roster", &roster_body, &chair).await;
        assert_eq!(status, StatusCode::OK, "{roster}");
        let first = &roster["members"][0];
        assert_eq!(
            first["member"]["name"], "Riley Santos",
            "at risk comes first: {roster}"
        );
        assert_eq!(first["standing"]["at_risk"], true);
        assert_eq!(
            first["standing"]["reason"],
            "attended 2 of 6 meetings (33%); needs 50%"
        );
        let rep_id = first["member"]["person"].as_str().expect("id").to_owned();

        // A member, and the chair of other committees, may not see it or change anything.
        for session in [&rep, &coordinator] {
            let (status, _) = server.call("committee_roster", &roster_body, session).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            let (status, _) = server
                .call(
                    "set_member_status",
                    &format!("committee={marketing}&person={rep_id}&status=removed"),
                    session,
                )
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }

        // The page's own views: the chair's part only for the chair, the member's for members;
        // `null` for anyone else rather than a refusal, so the page still answers 200.
        let (status, view) = server
            .call("committee_chair_view", &roster_body, &rep)
            .await;
        assert_eq!((status, view), (StatusCode::OK, Value::Null));
        let (status, view) = server
            .call("committee_chair_view", &roster_body, &chair)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(view[0]["name"], "Marketing", "{view}");
        let (status, view) = server
            .call("committee_member_view", &roster_body, &coordinator)
            .await;
        assert_eq!((status, view), (StatusCode::OK, Value::Null));
        let (_, view) = server
            .call("committee_member_view", &roster_body, &rep)
            .await;
        assert!(
            view.as_array().is_some_and(|rows| rows.len() == 7),
            "{view}"
        );

        // A meeting that has not happened takes no attendance; one that has does.
        let meeting = |date: &str| {
            format!(
                "committee={marketing}&draft%5Bdate%5D={date}&draft%5Btime%5D=10%3A00&draft%5Bplace%5D=Room%202&draft%5Bagenda%5D=Plans"
            )
        };
        let (status, missing) = server
            .call(
                "schedule_meeting",
                &format!("committee={marketing}"),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{missing}");
        let (status, _) = server
            .call("schedule_meeting", &meeting("2026-01-05"), &rep)
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a member scheduled a meeting"
        );
        let (status, future) = server
            .call("schedule_meeting", &meeting("2099-01-05"), &chair)
            .await;
        assert_eq!(status, StatusCode::OK, "{future}");
        let mark = |meeting: &Value, person: &str, mark: &str| {
            format!(
                "meeting={}&marks%5B0%5D%5B0%5D={person}&marks%5B0%5D%5B1%5D={mark}",
                meeting.as_str().unwrap_or_default()
            )
        };
        let (status, _) = server
            .call(
                "record_attendance",
                &mark(&future, &rep_id, "present"),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).format("%Y-%m-%d");
        let (status, held) = server
            .call("schedule_meeting", &meeting(&yesterday.to_string()), &chair)
            .await;
        assert_eq!(status, StatusCode::OK, "{held}");
        let (status, _) = server
            .call("record_attendance", &mark(&held, &rep_id, "present"), &rep)
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a member marked themselves present"
        );
        let outsider = server.sign_in(OTHER_REP).await;
        let (_, me) = server.call("current_user", "", &outsider).await;
        let stranger = me["id"].as_str().expect("id");
        let (status, _) = server
            .call(
                "record_attendance",
                &mark(&held, stranger, "present"),
                &chair,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "marked a non-member"
        );
        let (status, body) = server
            .call(
                "record_attendance",
                &mark(&held, &rep_id, "excused"),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // The member sees their own record.
        let (status, record) = server.call("my_attendance", &roster_body, &rep).await;
        assert_eq!(status, StatusCode::OK, "{record}");
        let marked: Vec<&Value> = record
            .as_array()
            .into_iter()
            .flatten()
            .filter(|row| row[1] == "excused")
            .collect();
        assert_eq!(marked.len(), 1, "{record}");

        // The chair moves the member to inactive; it shows on the roster.
        let (status, body) = server
            .call(
                "set_member_status",
                &format!("committee={marketing}&person={rep_id}&status=inactive"),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, roster) = server.call("committee_roster", &roster_body, &chair).await;
        let member = roster["members"]
            .as_array()
            .and_then(|all| {
                all.iter()
                    .find(|m| m["member"]["person"] == rep_id.as_str())
            })
            .cloned()
            .expect("still listed");
        assert_eq!(member["status"], "inactive");

        // The chair cannot sideline themselves.
        let (_, me) = server.call("current_user", "", &chair).await;
        let chair_id = me["id"].as_str().expect("id");
        let (status, _) = server
            .call(
                "set_member_status",
                &format!("committee={marketing}&person={chair_id}&status=inactive"),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);

        // The member leaves; the chair cannot without handing over.
        let (status, _) = server.call("leave_committee", &roster_body, &rep).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = server.call("leave_committee", &roster_body, &chair).await;
        assert_eq!(status, StatusCode::CONFLICT);
    }
);
