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
        assert!(marketing["next_meeting"]["at"].is_string(), "{marketing}");
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

        // Removed by the chair, they cannot walk back in: asking again goes to the chair, once.
        let chair = server.sign_in(DIRECTOR).await;
        let person = user_id(&server, &other).await;
        let (status, body) = server
            .call(
                "set_member_status",
                &format!("committee={marketing}&person={person}&status=removed"),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, back) = server
            .call("ask_to_join", &ask_body(&marketing, "events", ""), &other)
            .await;
        assert_eq!(status, StatusCode::OK, "{back}");
        assert_eq!(back["status"], "pending", "{back}");
        let (status, twice) = server
            .call("ask_to_join", &ask_body(&marketing, "events", ""), &other)
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{twice}");
        assert!(
            twice.to_string().contains("waiting for the chair"),
            "{twice}"
        );
        let (_, pending) = server
            .call(
                "pending_join_requests",
                &format!("committee={marketing}"),
                &chair,
            )
            .await;
        assert!(
            pending
                .as_array()
                .is_some_and(|rows| rows.iter().any(|r| r["person"] == person.as_str())),
            "the chair has it to decide: {pending}"
        );

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
    a_join_waits_for_another_writer_instead_of_failing,
    |engine: Engine| async move {
        // Another writer holds the database (on SQLite, its write lock) while someone asks to
        // join, and commits a change while the request waits. The request must wait for it and
        // then go through: begun deferred, it would read first, and on SQLite its first write
        // would be refused for reading a database that has since changed (a 503 to the person).
        // PostgreSQL takes no lock here, so the request goes through at once either way.
        use server::storage::{sync_clock, writer};

        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let other = server.sign_in(OTHER_REP).await;
        let marketing = committee_id(&server, &other, "Marketing").await;
        let writer = writer::begin(&server.db).await.expect("begin");
        let write_meanwhile = async move {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            // What a device's push writes among its rows: a sequence number.
            sync_clock::take(&writer, 1).await.expect("a sequence");
            writer.commit().await.expect("commit");
        };
        let ask = ask_body(&marketing, "events", "");
        let ((status, request), ()) =
            tokio::join!(server.call("ask_to_join", &ask, &other), write_meanwhile);
        assert_eq!(status, StatusCode::OK, "{request}");
        assert_eq!(request["status"], "approved");
        let (_, mine) = server.call("my_join_requests", "", &other).await;
        assert!(
            mine.to_string().contains(&marketing),
            "the join was stored: {mine}"
        );
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

        // A member leaves: the person waiting takes the seat and is told.
        let (status, _) = server
            .call(
                "leave_committee",
                &format!("committee={training}"),
                &requests[0].0,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, mine) = server.call("my_join_requests", "", &requests[2].0).await;
        assert_eq!(mine[0]["status"], "approved", "{mine}");
        let (status, record) = server
            .call(
                "my_attendance",
                &format!("committee={training}"),
                &requests[2].0,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "now a member: {record}");
        let (_, told) = server.call("my_notifications", "", &requests[2].0).await;
        assert_eq!(
            told[0]["message"],
            "A seat opened on Training: you are now a member."
        );
        let (_, line) = server
            .call("get_committee", &format!("committee={training}"), &admin)
            .await;
        assert_eq!(line["members"], 3, "still full, not over: {line}");
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
                "meeting={}&marks%5B0%5D%5Bperson%5D={person}&marks%5B0%5D%5Bmark%5D={mark}",
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

        // Taken back to "not recorded" (the form's empty choice), the mark is gone.
        let (status, body) = server
            .call("record_attendance", &mark(&held, &rep_id, ""), &chair)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, record) = server.call("my_attendance", &roster_body, &rep).await;
        assert!(
            !record.to_string().contains("excused"),
            "the mark is taken back: {record}"
        );

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

async fn user_id(server: &TestServer, session: &str) -> String {
    let (_, me) = server.call("current_user", "", session).await;
    me["id"].as_str().expect("id").to_owned()
}

async fn notifications(server: &TestServer, session: &str) -> Vec<Value> {
    let (status, rows) = server.call("my_notifications", "", session).await;
    assert_eq!(status, StatusCode::OK, "{rows}");
    rows.as_array().cloned().unwrap_or_default()
}

fn appoint_body(committee: &str, person: &str, role: &str, term: &str) -> String {
    format!(
        "committee={committee}&person={person}&draft%5Brole%5D={role}&draft%5Bterm_ends_on%5D={term}"
    )
}

on_both_engines!(
    only_an_administrator_appoints_and_a_new_chair_takes_over,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let coordinator = server.sign_in(COORDINATOR).await;
        let admin = server.sign_in(ADMIN).await;
        let training = committee_id(&server, &rep, "Training").await;
        let rep_id = user_id(&server, &rep).await;
        let coordinator_id = user_id(&server, &coordinator).await;
        let term = (chrono::Utc::now() + chrono::Duration::days(200))
            .format("%Y-%m-%d")
            .to_string();

        // Neither a member nor the committee's own chair appoints: an administrator does.
        for (who, session) in [("a rep", &rep), ("the chair", &coordinator)] {
            let (status, body) = server
                .call(
                    "appoint_member",
                    &appoint_body(&training, &rep_id, "chair", &term),
                    session,
                )
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} appointed: {body}");
        }
        let (status, body) = server
            .call(
                "appoint_member",
                &appoint_body(&training, &rep_id, "chair", "2001-01-01"),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.to_string().contains("term_ends_on"), "{body}");

        let (status, body) = server
            .call(
                "appoint_member",
                &appoint_body(&training, &rep_id, "chair", &term),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // The rep chairs now, with the term; the old chair is a member and decides nothing.
        let roster_body = format!("committee={training}");
        let (status, roster) = server.call("committee_roster", &roster_body, &rep).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "the new chair reads the roster: {roster}"
        );
        let role_of = |person: &str| {
            roster["members"]
                .as_array()
                .and_then(|all| all.iter().find(|m| m["member"]["person"] == person))
                .map(|m| {
                    (
                        m["member"]["role"].clone(),
                        m["member"]["term_ends_on"].clone(),
                    )
                })
        };
        assert_eq!(
            role_of(&rep_id),
            Some((Value::from("chair"), Value::from(term.as_str())))
        );
        assert_eq!(
            role_of(&coordinator_id).map(|r| r.0),
            Some(Value::from("member"))
        );
        assert_eq!(roster["appoints"], false, "a chair does not appoint");

        // Re-saving the same role with no end typed keeps the stored term.
        let (status, _) = server
            .call(
                "appoint_member",
                &appoint_body(&training, &rep_id, "chair", ""),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, again) = server.call("committee_roster", &roster_body, &rep).await;
        let kept = again["members"]
            .as_array()
            .and_then(|all| {
                all.iter()
                    .find(|m| m["member"]["person"] == rep_id.as_str())
            })
            .map(|m| m["member"]["term_ends_on"].clone());
        assert_eq!(
            kept,
            Some(Value::from(term.as_str())),
            "the term was erased"
        );
        let (status, _) = server
            .call("pending_join_requests", &roster_body, &coordinator)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "the old chair still decides");
        let (_, directory_line) = server.call("get_committee", &roster_body, &rep).await;
        assert_eq!(directory_line["chair"], "Riley Santos");

        // The administrator sees who else could be appointed; the rep is told.
        let (_, roster) = server.call("committee_roster", &roster_body, &admin).await;
        assert_eq!(roster["appoints"], true);
        let appointable: Vec<&str> = roster["appointable"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p[0].as_str())
            .collect();
        assert!(
            !appointable.contains(&rep_id.as_str()),
            "a member is listed as an outsider"
        );
        assert!(!appointable.is_empty(), "nobody else could be appointed");
        let told = notifications(&server, &rep).await;
        assert!(
            told.iter().any(|n| n["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("You were appointed chair of Training until"))
                && n["read"] == false),
            "{told:?}"
        );
    }
);

on_both_engines!(
    a_chair_whose_term_ran_out_decides_nothing,
    |engine: Engine| async move {
        use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
        use server::entities::committee_member;

        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let chair = server.sign_in(COORDINATOR).await;
        let admin = server.sign_in(ADMIN).await;
        let training = committee_id(&server, &chair, "Training").await;
        let on_training = format!("committee={training}");
        let decides = |session| {
            let server = &server;
            let on_training = &on_training;
            async move {
                let (status, _) = server
                    .call("pending_join_requests", on_training, session)
                    .await;
                let (_, view) = server
                    .call("committee_chair_view", on_training, session)
                    .await;
                (status, !view.is_null())
            }
        };
        assert_eq!(decides(&chair).await, (StatusCode::OK, true), "in office");

        // The term ended yesterday (an appointment cannot be made in the past, so the end is
        // set where time would have put it).
        let chair_id: uuid::Uuid = user_id(&server, &chair).await.parse().expect("a uuid");
        let group: uuid::Uuid = training.parse().expect("a uuid");
        let seat = committee_member::Entity::find_by_id((group, chair_id))
            .one(&server.db)
            .await
            .expect("read the seat")
            .expect("the coordinator chairs Training");
        let yesterday = server.today().pred_opt();
        let mut ended = seat.into_active_model();
        ended.term_ends_on = Set(yesterday);
        ended.update(&server.db).await.expect("end the term");

        assert_eq!(
            decides(&chair).await,
            (StatusCode::FORBIDDEN, false),
            "a chair out of office still decides"
        );
        let (_, line) = server.call("get_committee", &on_training, &chair).await;
        assert_eq!(line["chair"], Value::Null, "still shown as chair: {line}");
        let (status, body) = server
            .call(
                "schedule_meeting",
                &format!(
                    "committee={training}&draft%5Bdate%5D=2027-02-01&draft%5Btime%5D=10%3A00&draft%5Bplace%5D=Room%201&draft%5Bagenda%5D=Plans"
                ),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "scheduled a meeting: {body}");
        // The committee is not stuck: an administrator still decides, and appoints.
        assert_eq!(decides(&admin).await, (StatusCode::OK, true));
        // Out of office, the seat is a member's: the administrator may set it aside, which a
        // chair's is not.
        let (status, body) = server
            .call(
                "set_member_status",
                &format!("committee={training}&person={chair_id}&status=inactive"),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // Appointed again with no end typed, the run-out term is not kept: the person holds
        // office (with no set end), as the notice they are sent says.
        let (status, body) = server
            .call(
                "appoint_member",
                &appoint_body(&training, &chair_id.to_string(), "chair", ""),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            decides(&chair).await,
            (StatusCode::OK, true),
            "back in office"
        );
        let (_, line) = server.call("get_committee", &on_training, &chair).await;
        assert_eq!(line["chair"], "Casey Okafor");
        let told = notifications(&server, &chair).await;
        assert!(
            told.iter()
                .any(|n| n["message"] == "You were appointed chair of Training."),
            "{told:?}"
        );
    }
);

on_both_engines!(
    the_roster_downloads_as_csv_for_its_chair_only,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let chair = server.sign_in(DIRECTOR).await;
        let member = server.sign_in(REP).await;
        let outsider = server.sign_in(OTHER_REP).await;
        let admin = server.sign_in(ADMIN).await;
        let marketing = committee_id(&server, &chair, "Marketing").await;
        let path = format!("/committees/{marketing}/roster.csv");

        let response = server.get(&path, Some(&chair)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header("content-type"), "text/csv; charset=utf-8");
        assert_eq!(
            header("content-disposition"),
            "attachment; filename=\"marketing-roster.csv\""
        );
        let csv = response.text().await.expect("body");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "Name,Role,Status,Joined,Term ends,Meetings counted,Attended,Excused,At risk,Participation"
        );
        let riley = lines
            .iter()
            .find(|l| l.starts_with("Riley Santos,"))
            .expect("the member at risk is listed");
        assert!(riley.contains(",Member,active,"), "{riley}");
        assert!(riley.contains(",yes,attended 2 of 6 meetings"), "{riley}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("Dana Whitfield,Chair,active,")),
            "{csv}"
        );

        for (who, session) in [
            ("a member", Some(&member)),
            ("an outsider", Some(&outsider)),
        ] {
            let response = server.get(&path, session.map(String::as_str)).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{who} downloaded it"
            );
        }
        let response = server.get(&path, None).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let response = server.get(&path, Some(&admin)).await;
        assert_eq!(response.status(), StatusCode::OK, "an administrator may");
        let response = server
            .get("/committees/not-an-id/roster.csv", Some(&admin))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
);

on_both_engines!(
    notifications_are_read_and_cleared_by_their_owner_alone,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let other = server.sign_in(OTHER_REP).await;
        let chair = server.sign_in(COORDINATOR).await;
        let sdt = committee_id(&server, &rep, "Systems Development and Tracking").await;
        let (status, request) = server
            .call(
                "ask_to_join",
                &ask_body(&sdt, "data", "I run our reports."),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{request}");
        let (status, _) = server
            .call(
                "decide_join_request",
                &decide_body(&request, true, ""),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::OK);

        let mine = notifications(&server, &rep).await;
        let approved = mine
            .iter()
            .find(|n| n["message"] == "You are now a member of Systems Development and Tracking.")
            .expect("the decision is in the list");
        assert_eq!(approved["read"], false);
        assert_eq!(approved["link"], format!("/committees/{sdt}"));
        assert!(
            notifications(&server, &other)
                .await
                .iter()
                .all(|n| n["id"] != approved["id"]),
            "another person reads it"
        );

        // Someone else marking their own read leaves this one new.
        let (status, _) = server.call("mark_notifications_read", "", &other).await;
        assert_eq!(status, StatusCode::OK);
        let still = notifications(&server, &rep).await;
        assert!(
            still
                .iter()
                .any(|n| n["id"] == approved["id"] && n["read"] == false)
        );

        let (status, count) = server.call("mark_notifications_read", "", &rep).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            count,
            Value::from(still.iter().filter(|n| n["read"] == false).count())
        );
        assert!(
            notifications(&server, &rep)
                .await
                .iter()
                .all(|n| n["read"] == true)
        );
        let (status, count) = server.call("mark_notifications_read", "", &rep).await;
        assert_eq!((status, count), (StatusCode::OK, Value::from(0)));
        let response = server.post_form("/api/my_notifications", "", None).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
);

on_both_engines!(
    a_members_page_lists_their_committees_and_hides_sidelined_seats_from_others,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let other = server.sign_in(OTHER_REP).await;
        let chair = server.sign_in(DIRECTOR).await;
        let rep_id = user_id(&server, &rep).await;
        let body = format!("person={rep_id}");
        let seats = |page: &Value| -> Vec<(String, String, String)> {
            page["seats"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| {
                    (
                        s["committee_name"].as_str().unwrap_or_default().to_owned(),
                        s["role"].as_str().unwrap_or_default().to_owned(),
                        s["status"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        };
        let (status, own) = server.call("person_seats", &body, &rep).await;
        assert_eq!(status, StatusCode::OK, "{own}");
        assert_eq!(own["name"], "Riley Santos");
        let marketing = (
            "Marketing".to_owned(),
            "member".to_owned(),
            "active".to_owned(),
        );
        assert!(seats(&own).contains(&marketing), "{own}");
        let (_, seen) = server.call("person_seats", &body, &other).await;
        assert!(seats(&seen).contains(&marketing), "{seen}");

        // Moved to inactive: the person still sees it; someone else no longer does.
        let marketing_id = committee_id(&server, &rep, "Marketing").await;
        let (status, _) = server
            .call(
                "set_member_status",
                &format!("committee={marketing_id}&person={rep_id}&status=inactive"),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, own) = server.call("person_seats", &body, &rep).await;
        assert!(
            seats(&own).contains(&(
                "Marketing".to_owned(),
                "member".to_owned(),
                "inactive".to_owned()
            )),
            "{own}"
        );
        let (_, seen) = server.call("person_seats", &body, &other).await;
        assert!(seats(&seen).iter().all(|s| s.0 != "Marketing"), "{seen}");
        assert!(
            notifications(&server, &rep)
                .await
                .iter()
                .any(|n| n["message"] == "The chair of Marketing moved you to inactive."),
            "the member is told"
        );
        let (status, _) = server
            .call(
                "person_seats",
                &format!("person={}", uuid::Uuid::nil()),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

on_both_engines!(
    a_meeting_is_typed_and_shown_on_the_states_clock,
    |engine: Engine| async move {
        // Fourteen hours ahead of UTC: a time typed two hours ago on the state's clock is
        // half a day ahead on UTC's, so reading it as UTC would get "held" wrong both ways.
        let zone = "Etc/GMT-14";
        let Some(server) =
            TestServer::start_with(engine, |config| config.time_zone = zone.to_owned()).await
        else {
            return;
        };
        let chair = server.sign_in(DIRECTOR).await;
        let rep = server.sign_in(REP).await;
        let (_, me) = server.call("current_user", "", &rep).await;
        let rep_id = me["id"].as_str().expect("id").to_owned();
        let marketing = committee_id(&server, &chair, "Marketing").await;
        let on_the_states_clock =
            |hours: i64| (chrono::Utc::now() + chrono::Duration::hours(14 + hours)).naive_utc();
        let schedule = |at: chrono::NaiveDateTime, place: &str| {
            format!(
                "committee={marketing}&draft%5Bdate%5D={}&draft%5Btime%5D={}&draft%5Bplace%5D={place}",
                at.format("%Y-%m-%d"),
                encode(&at.format("%H:%M").to_string())
            )
        };
        let mark = |meeting: &Value| {
            format!(
                "meeting={}&marks%5B0%5D%5Bperson%5D={rep_id}&marks%5B0%5D%5Bmark%5D=present",
                meeting.as_str().unwrap_or_default()
            )
        };

        let (earlier, later) = (on_the_states_clock(-2), on_the_states_clock(2));
        let (status, held) = server
            .call("schedule_meeting", &schedule(earlier, "Held"), &chair)
            .await;
        assert_eq!(status, StatusCode::OK, "{held}");
        let (status, body) = server.call("record_attendance", &mark(&held), &chair).await;
        assert_eq!(status, StatusCode::OK, "two hours ago is held: {body}");
        let (status, soon) = server
            .call("schedule_meeting", &schedule(later, "Soon"), &chair)
            .await;
        assert_eq!(status, StatusCode::OK, "{soon}");
        let (status, body) = server.call("record_attendance", &mark(&soon), &chair).await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "in two hours is not held: {body}"
        );

        // Shown as typed, with the state's offset and the zone's name; the next meeting is
        // the one in two hours.
        let (status, roster) = server
            .call(
                "committee_roster",
                &format!("committee={marketing}"),
                &chair,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{roster}");
        let row = |id: &Value| {
            roster["meetings"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|m| m["id"] == *id)
                .cloned()
                .unwrap_or_default()
        };
        assert_eq!(
            (row(&held)["held"].clone(), row(&soon)["held"].clone()),
            (Value::Bool(true), Value::Bool(false)),
            "{roster}"
        );
        let shown = row(&held)["starts_at"].clone();
        let typed = earlier.format("%Y-%m-%dT%H:%M:00+14:00").to_string();
        assert_eq!(shown["at"], typed.as_str(), "{roster}");
        assert_eq!(shown["zone"], "+14", "{roster}");
        let (status, group) = server
            .call("get_committee", &format!("committee={marketing}"), &chair)
            .await;
        assert_eq!(status, StatusCode::OK, "{group}");
        let next = later.format("%Y-%m-%dT%H:%M:00+14:00").to_string();
        assert_eq!(group["next_meeting"]["at"], next.as_str(), "{group}");
    }
);
