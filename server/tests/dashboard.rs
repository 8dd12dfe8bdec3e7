//! The dashboard's figures on a small hand-made data set whose right answers are worked out
//! below, on SQLite and PostgreSQL: a group presentation counting each business once, a merged
//! business counting as its survivor, a deleted visit, visits on a period's first and last
//! day and on the three-year window's edges; and who may see which area.

mod common;

use common::fixtures::{Reference, business_with_contact, outside_director, reference, visit_body};
use common::{Engine, TestServer, encode};
use reqwest::StatusCode;
use serde_json::Value;

const REP: &str = "rep@bizworks.test";
const DIRECTOR: &str = "director@bizworks.test";
const ADMIN: &str = "admin@bizworks.test";

/// The second quarter of 2026: 1 April to 30 June. Its three years before: 1 April 2023 to
/// 31 March 2026.
const Q2: &str = "query%5Bperiod%5D=quarter&query%5Bon%5D=2026-04-15";

/// Records a visit on `date`; extra form fields appended as given.
async fn visit(
    server: &TestServer,
    rep: &str,
    r: &Reference,
    date: &str,
    mode: &str,
    businesses: &[(&str, &[&str])],
    extra: &str,
) -> String {
    let body = visit_body(r, mode, businesses, 4).replace("2026-11-02", date) + extra;
    let (status, id) = server.call("record_visit", &body, rep).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    id.as_str().expect("visit id").to_owned()
}

async fn dashboard(server: &TestServer, session: &str, query: &str) -> (StatusCode, Value) {
    server.call("get_dashboard", query, session).await
}

on_both_engines!(
    the_figures_match_a_hand_worked_data_set,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let (a, a_key) = business_with_contact(&server, &rep, "Alder Tools", true).await;
        let (b, b_met) = business_with_contact(&server, &rep, "Birch Bakery", false).await;
        let (c, c_met) = business_with_contact(&server, &rep, "Cedar Clinic", false).await;
        let (d, d_key) = business_with_contact(&server, &rep, "Dogwood Data", true).await;
        let (e, e_key) = business_with_contact(&server, &rep, "Elm Electric", true).await;
        let (twin, twin_key) = business_with_contact(&server, &rep, "Alder Tools Inc", true).await;
        let delivered = format!("&draft%5Bdelivered%5D%5B0%5D={}", r.services[0]);

        // Before the period: A inside the three years, B the day before they start, C on
        // their first day.
        visit(
            &server,
            &rep,
            &r,
            "2025-05-10",
            "in_person",
            &[(&a, &[&a_key])],
            "",
        )
        .await;
        visit(
            &server,
            &rep,
            &r,
            "2023-03-31",
            "in_person",
            &[(&b, &[&b_met])],
            "",
        )
        .await;
        visit(
            &server,
            &rep,
            &r,
            "2023-04-01",
            "in_person",
            &[(&c, &[&c_met])],
            "",
        )
        .await;
        // The period's first day: one group presentation to A, B and C; only A's key
        // representative was met, so B and C are flagged. Its follow-up is met by later visits.
        visit(
            &server,
            &rep,
            &r,
            "2026-04-01",
            "group_presentation",
            &[(&a, &[&a_key]), (&b, &[&b_met]), (&c, &[&c_met])],
            &format!("{delivered}&draft%5Bfollow_up%5D=2026-05-01"),
        )
        .await;
        // The last day: D, whose follow-up passed with no later visit.
        visit(
            &server,
            &rep,
            &r,
            "2026-06-30",
            "in_person",
            &[(&d, &[&d_key])],
            &format!("{delivered}&draft%5Bfollow_up%5D=2026-08-01"),
        )
        .await;
        // A's twin, merged into A below: it counts as A.
        visit(
            &server,
            &rep,
            &r,
            "2026-05-05",
            "in_person",
            &[(&twin, &[&twin_key])],
            "",
        )
        .await;
        // E's only visit is deleted: E never counts.
        let gone = visit(
            &server,
            &rep,
            &r,
            "2026-05-06",
            "in_person",
            &[(&e, &[&e_key])],
            "",
        )
        .await;
        let (status, _) = server
            .call("delete_visit", &format!("id={gone}"), &rep)
            .await;
        assert_eq!(status, StatusCode::OK);
        // After the period.
        visit(
            &server,
            &rep,
            &r,
            "2026-07-01",
            "in_person",
            &[(&b, &[&b_met])],
            "",
        )
        .await;
        let (status, body) = server
            .call(
                "merge_businesses",
                &format!("survivor={a}&merged={twin}"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        let director = server.sign_in(DIRECTOR).await;
        let (status, q2) = dashboard(&server, &director, Q2).await;
        assert_eq!(status, StatusCode::OK, "{q2}");
        assert_eq!(q2["area"], "state");
        assert_eq!(
            q2["period"],
            serde_json::json!({ "first": "2026-04-01", "last": "2026-06-30" })
        );
        // Visits: the presentation, D's and the twin's; not the deleted one nor July's.
        assert_eq!(q2["visits"], 3, "visits");
        // E1: A (with its twin), B, C, D.
        assert_eq!(q2["engaged"], 4, "E1");
        // E3: A and C were served in the three years before; B only the day before they began.
        assert_eq!(q2["returning"], 2, "E3");
        // E4: A and C.
        assert_eq!(q2["served_before"], 2, "E4");
        assert_eq!(q2["in_area"], Value::Null, "no count entered yet");
        // Qualifying: A at the presentation, D, and the twin's (now A's) visit; flagged: B, C.
        assert_eq!(q2["orientations"], 3, "orientations");
        assert_eq!(q2["flagged_orientations"], 2, "flagged");
        assert_eq!(q2["hired"], 3, "one hire recorded per visit");
        assert_eq!(q2["overdue"], 1, "D's follow-up");
        assert_eq!(q2["services"].as_array().map(Vec::len), Some(1));
        assert_eq!(q2["services"][0]["count"], 2);
        assert_eq!(
            q2["stages"],
            serde_json::json!([{ "label": "Growth / expansion", "count": 4 }])
        );
        let month = |m: &str| {
            q2["trend"]
                .as_array()
                .and_then(|t| t.iter().find(|p| p["month"] == m).cloned())
                .unwrap_or(Value::Null)
        };
        assert_eq!(q2["trend"].as_array().map(Vec::len), Some(24));
        assert_eq!(q2["trend"][23]["month"], "2026-06-01");
        assert_eq!(
            (
                month("2026-04-01")["visits"].clone(),
                month("2026-04-01")["businesses"].clone()
            ),
            (1.into(), 3.into()),
            "one presentation, three businesses"
        );
        assert_eq!(
            month("2026-05-01")["visits"],
            1,
            "the deleted visit is not in May"
        );
        assert_eq!(month("2025-05-01")["visits"], 1);
        assert_eq!(
            q2["centers"],
            serde_json::json!([{ "name": "Springfield Career Center", "visits": 3, "businesses": 4 }])
        );
        assert_eq!(q2["reps"][0]["name"], "Riley Santos");

        // Freshness: a device of the rep's that last synced an hour ago with 3 changes waiting.
        {
            use sea_orm::{
                ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
            };
            use server::entities::{device, user};
            let riley = user::Entity::find()
                .filter(user::Column::Email.eq(REP))
                .one(&server.db)
                .await
                .expect("query")
                .expect("the rep");
            let synced = chrono::Utc::now() - chrono::Duration::hours(1);
            device::Model {
                id: uuid::Uuid::now_v7(),
                user_id: riley.id,
                last_mutation: 7,
                app_version: Some("test".to_owned()),
                pending_count: 3,
                storage_used: None,
                created_at: synced,
                last_seen_at: synced,
                last_push_at: Some(synced),
            }
            .into_active_model()
            .insert(&server.db)
            .await
            .expect("a device");
        }
        let (_, q2) = dashboard(&server, &director, Q2).await;
        let springfield = q2["freshness"]
            .as_array()
            .and_then(|rows| {
                rows.iter()
                    .find(|f| f["center"] == "Springfield Career Center")
            })
            .cloned()
            .expect("Springfield's freshness");
        assert_eq!(springfield["devices"], 1);
        assert_eq!(springfield["pending"], 3);
        // Shown on the state's clock (America/New_York by default), with the zone's name.
        assert!(
            springfield["last_sync"]["at"]
                .as_str()
                .is_some_and(|at| at.ends_with("-05:00") || at.ends_with("-04:00")),
            "{springfield}"
        );
        assert!(
            ["EST", "EDT"].contains(
                &springfield["last_sync"]["zone"]
                    .as_str()
                    .unwrap_or_default()
            ),
            "{springfield}"
        );
        let never = q2["freshness"]
            .as_array()
            .and_then(|rows| {
                rows.iter()
                    .find(|f| f["center"] != "Springfield Career Center")
            })
            .cloned()
            .expect("another center");
        assert_eq!(
            (never["devices"].clone(), never["last_sync"].clone()),
            (0.into(), Value::Null)
        );

        // With a count for the state, penetration is E1 / E2.
        let admin = server.sign_in(ADMIN).await;
        let (status, _) = server
            .call(
                "save_establishment_count",
                "draft%5Barea%5D=state&draft%5Bperiod_start%5D=2026-01-01&draft%5Bperiod_end%5D=2026-12-31&draft%5Bestablishments%5D=40",
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, q2) = dashboard(&server, &director, Q2).await;
        assert_eq!(q2["in_area"], 40);

        // Another site cannot have the director's browser download it (and audit it in their
        // name): the cookie would come with a link from there, the fetch metadata says where
        // the link was.
        for site in ["cross-site", "same-site"] {
            let response = server
                .client
                .get(server.url("/dashboard/figures.csv?period=quarter&on=2026-04-15"))
                .header("cookie", format!("bizworks_session={director}"))
                .header("sec-fetch-site", site)
                .send()
                .await
                .expect("GET");
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{site}");
            let text = response.text().await.expect("text");
            assert!(text.contains("another site"), "{text}");
        }

        // The CSV is the table as shown.
        let response = server
            .get(
                "/dashboard/figures.csv?period=quarter&on=2026-04-15",
                Some(&director),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let csv = response.text().await.expect("csv");
        for line in [
            "Figure,Value",
            "Businesses engaged (E1),4",
            "Returning businesses (E3),2",
            "Repeat business customers rate,100.0%",
            "Employer penetration rate,10.0%",
            "Establishments in the area (E2),40",
        ] {
            assert!(csv.lines().any(|l| l == line), "{line} missing from {csv}");
        }
        {
            use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
            use server::entities::audit_log;
            let audited = audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq("exported_dashboard"))
                .count(&server.db)
                .await
                .expect("count");
            assert_eq!(
                audited, 1,
                "the export is in the audit log, and the refused ones are not"
            );
        }
    }
);

on_both_engines!(
    a_director_sees_only_their_own_scope_and_others_none,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let (a, a_key) = business_with_contact(&server, &rep, "Alder Tools", true).await;
        visit(
            &server,
            &rep,
            &r,
            "2026-04-02",
            "in_person",
            &[(&a, &[&a_key])],
            "",
        )
        .await;

        let outside = outside_director(&server, "director.west@bizworks.test").await;
        let (status, own) = dashboard(&server, &outside, Q2).await;
        assert_eq!(status, StatusCode::OK, "{own}");
        assert!(
            own["area"]
                .as_str()
                .is_some_and(|a| a.starts_with("board:"))
        );
        assert_eq!(
            own["visits"], 0,
            "the Springfield visit is outside this board"
        );
        let areas: Vec<&str> = own["areas"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a[0].as_str())
            .collect();
        assert!(!areas.contains(&"state"), "{areas:?}");
        assert!(areas.iter().all(|a| !a.starts_with("region:")), "{areas:?}");

        let state = server.sign_in(DIRECTOR).await;
        let (_, whole) = dashboard(&server, &state, Q2).await;
        let springfield = whole["areas"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|a| a[1].as_str().is_some_and(|n| n.contains("Springfield")))
            .and_then(|a| a[0].as_str())
            .expect("Springfield among the state director's areas")
            .to_owned();
        let (status, one) = dashboard(
            &server,
            &state,
            &format!("{Q2}&query%5Barea%5D={}", encode(&springfield)),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{one}");
        assert_eq!(one["visits"], 1);
        // The drill-down: the visit list narrowed to the same area, never wider than the scope.
        let listed = |area: String, session: String| {
            let server = &server;
            async move {
                let (status, rows) = server
                    .call(
                        "list_visits",
                        &format!("filter%5Bfrom%5D=2026-04-01&filter%5Bto%5D=2026-06-30&filter%5Barea%5D={}", encode(&area)),
                        &session,
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{rows}");
                rows["items"].as_array().map_or(0, Vec::len)
            }
        };
        assert_eq!(listed(springfield.clone(), state.clone()).await, 1);
        let elsewhere = whole["areas"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a[0].as_str())
            .find(|a| a.starts_with("center:") && *a != springfield)
            .expect("another center")
            .to_owned();
        assert_eq!(listed(elsewhere, state.clone()).await, 0);
        assert_eq!(
            listed(springfield.clone(), outside.clone()).await,
            0,
            "outside the scope"
        );

        for area in ["state", springfield.as_str()] {
            let (status, _) = dashboard(
                &server,
                &outside,
                &format!("{Q2}&query%5Barea%5D={}", encode(area)),
            )
            .await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{area} opened from another board"
            );
            let response = server
                .get(
                    &format!("/dashboard/visits.csv?area={}", encode(area)),
                    Some(&outside),
                )
                .await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "not a table");
            let response = server
                .get(
                    &format!("/dashboard/figures.csv?area={}", encode(area)),
                    Some(&outside),
                )
                .await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
        }
        for email in [REP, ADMIN, "coordinator@bizworks.test"] {
            let session = server.sign_in(email).await;
            let (status, _) = dashboard(&server, &session, Q2).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{email} opened the dashboard"
            );
            let response = server.get("/dashboard/figures.csv", Some(&session)).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{email} downloaded it"
            );
        }
        let (status, error) = dashboard(
            &server,
            &state,
            "query%5Bperiod%5D=custom&query%5Bfrom%5D=2026-02-01&query%5Bto%5D=2026-01-01",
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert_eq!(error["InvalidFields"][0]["field"], "to");
    }
);
