//! The dashboard's roll-ups against the visits, on SQLite and PostgreSQL: after generated
//! data and after every kind of write that moves a figure (a visit recorded, edited and
//! deleted on the form and through sync, a business's stage changed, a merge and its undo, a
//! center moved to another board), the roll-up tables (the businesses' stored months and the
//! open follow-ups' links included) equal a rebuild from the visits, and
//! every figure read from them equals the same figure counted from the visits
//! (`storage::metrics`), for every area and several periods.

mod common;

use chrono::NaiveDate;
use common::fixtures::{Reference, business_with_contact, reference, visit_body};
use common::{Engine, TestServer, encode};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Value, json};
use server::storage::metrics::{self, Frame};
use server::storage::rollups::{self, read};
use server::storage::writer;
use uuid::Uuid;

use app::model::{BoardId, Scope};
use app::rules::period::{Period, PeriodKind};
use app::rules::reach::whole_months;

const REP: &str = "rep@bizworks.test";
const ADMIN: &str = "admin@bizworks.test";

/// Every row of the roll-up tables that holds something, in key order, as text.
async fn tables(db: &impl ConnectionTrait) -> Vec<String> {
    let queries = [
        "SELECT area, rep, stage, month, earlier, businesses FROM rollup_reach \
         WHERE businesses <> 0 ORDER BY area, rep, stage, month, earlier",
        "SELECT center_id, author_id, month, visits, hired, oriented, flagged FROM rollup_visits \
         WHERE visits <> 0 OR hired <> 0 OR oriented <> 0 OR flagged <> 0 \
         ORDER BY center_id, author_id, month",
        "SELECT center_id, service_id, month, visits FROM rollup_services WHERE visits <> 0 \
         ORDER BY center_id, service_id, month",
        "SELECT visit_id, center_id, visit_date, follow_up_date FROM open_follow_ups \
         ORDER BY visit_id",
        "SELECT business_id, stage, served, last_date FROM rollup_businesses ORDER BY business_id",
        "SELECT visit_id, business_id, visit_date FROM open_follow_up_links \
         ORDER BY visit_id, business_id",
    ];
    let mut rows = Vec::new();
    for (table, query) in queries.into_iter().enumerate() {
        let found = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), query))
            .await
            .expect("roll-up rows");
        for row in found {
            let text = match table {
                0 => format!(
                    "reach {} {} {} {} {} {}",
                    row.try_get_by_index::<String>(0).expect("area"),
                    row.try_get_by_index::<String>(1).expect("rep"),
                    row.try_get_by_index::<String>(2).expect("stage"),
                    row.try_get_by_index::<i32>(3).expect("month"),
                    row.try_get_by_index::<i32>(4).expect("earlier"),
                    row.try_get_by_index::<i64>(5).expect("n"),
                ),
                1 => format!(
                    "visits {} {} {} {} {} {} {}",
                    row.try_get_by_index::<Uuid>(0).expect("center"),
                    row.try_get_by_index::<Uuid>(1).expect("author"),
                    row.try_get_by_index::<i32>(2).expect("month"),
                    row.try_get_by_index::<i64>(3).expect("visits"),
                    row.try_get_by_index::<i64>(4).expect("hired"),
                    row.try_get_by_index::<i64>(5).expect("oriented"),
                    row.try_get_by_index::<i64>(6).expect("flagged"),
                ),
                2 => format!(
                    "services {} {} {} {}",
                    row.try_get_by_index::<Uuid>(0).expect("center"),
                    row.try_get_by_index::<Uuid>(1).expect("service"),
                    row.try_get_by_index::<i32>(2).expect("month"),
                    row.try_get_by_index::<i64>(3).expect("visits"),
                ),
                4 => format!(
                    "business {} {} {} {:?}",
                    row.try_get_by_index::<Uuid>(0).expect("business"),
                    row.try_get_by_index::<String>(1).expect("stage"),
                    row.try_get_by_index::<String>(2).expect("served"),
                    row.try_get_by_index::<Option<NaiveDate>>(3).expect("last"),
                ),
                5 => format!(
                    "open link {} {} {}",
                    row.try_get_by_index::<Uuid>(0).expect("visit"),
                    row.try_get_by_index::<Uuid>(1).expect("business"),
                    row.try_get_by_index::<NaiveDate>(2).expect("date"),
                ),
                _ => format!(
                    "open {} {} {} {}",
                    row.try_get_by_index::<Uuid>(0).expect("visit"),
                    row.try_get_by_index::<Uuid>(1).expect("center"),
                    row.try_get_by_index::<NaiveDate>(2).expect("date"),
                    row.try_get_by_index::<NaiveDate>(3).expect("follow-up"),
                ),
            };
            rows.push(text);
        }
    }
    rows
}

/// The roll-ups equal a rebuild, and each figure equals the visits' count.
async fn check(db: &DatabaseConnection, step: &str) {
    let kept = tables(db).await;
    let txn = writer::begin(db).await.expect("begin");
    rollups::rebuild(&txn).await.expect("rebuild");
    let rebuilt = tables(&txn).await;
    txn.rollback().await.expect("rollback");
    assert!(!rebuilt.is_empty(), "{step}: nothing to compare");
    let parts = common::kept_parts(db).await;
    assert!(
        parts.values().any(Option::is_some),
        "{step}: no visit keeps its parts"
    );
    if kept != rebuilt {
        let missing: Vec<&String> = rebuilt.iter().filter(|r| !kept.contains(r)).collect();
        let extra: Vec<&String> = kept.iter().filter(|r| !rebuilt.contains(r)).collect();
        panic!(
            "{step}: the kept roll-ups differ from a rebuild\nmissing: {missing:#?}\nextra: {extra:#?}"
        );
    }

    let places = server::org::places(db).await.expect("places");
    let mut areas = vec![Scope::State];
    for place in places.values() {
        for area in [
            Scope::Region(place.region),
            Scope::Board(place.board),
            Scope::Center(place.center),
        ] {
            if !areas.contains(&area) {
                areas.push(area);
            }
        }
    }
    let today = chrono::Utc::now().date_naive();
    let mut periods = Vec::new();
    for on in [
        today,
        NaiveDate::from_ymd_opt(2026, 4, 15).expect("date"),
        today - chrono::Duration::days(400),
        today - chrono::Duration::days(800),
    ] {
        for kind in [
            PeriodKind::Month,
            PeriodKind::Quarter,
            PeriodKind::ProgramYear,
        ] {
            periods.push(Period::containing(kind, on));
        }
    }
    for area in areas {
        let centers: Vec<Uuid> = places
            .iter()
            .filter(|(_, place)| area.covers(**place))
            .map(|(id, _)| *id)
            .collect();
        let narrowed = (area != Scope::State).then_some(centers.as_slice());
        for period in &periods {
            let frame = Frame {
                centers: narrowed,
                period: *period,
            };
            let (first, last) = whole_months(*period).expect("whole months");
            let run = read::Run {
                area,
                centers: narrowed,
                first,
                last,
            };
            let at = format!("{step}, {area:?}, {} to {}", period.first, period.last);
            let (visits, hired) = metrics::visits_and_hired(db, frame).await.expect("visits");
            let (oriented, flagged) = metrics::orientations(db, frame).await.expect("oriented");
            assert_eq!(
                read::visit_sums(db, run).await.expect("sums"),
                [visits, hired, oriented, flagged],
                "{at}: visits, hired, orientations"
            );
            let served = read::employer_measures(db, run).await.expect("served");
            assert_eq!(
                (served.in_period, served.in_both, served.before),
                metrics::employer_measures(db, frame).await.expect("e1-e4"),
                "{at}: E1, E3, E4"
            );
            assert_eq!(
                read::stages(db, run).await.expect("stages"),
                metrics::stages(db, frame).await.expect("stages"),
                "{at}: stages"
            );
            assert_eq!(
                read::services_delivered(db, run).await.expect("services"),
                metrics::services_delivered(db, frame)
                    .await
                    .expect("services"),
                "{at}: services"
            );
            assert_eq!(
                read::overdue_follow_ups(db, narrowed, *period, today)
                    .await
                    .expect("overdue"),
                metrics::overdue_follow_ups(db, frame, today)
                    .await
                    .expect("overdue"),
                "{at}: follow-ups overdue"
            );
            for by_rep in [false, true] {
                assert_eq!(
                    read::ranking(db, run, &centers, by_rep)
                        .await
                        .expect("ranking"),
                    metrics::ranking(db, frame, by_rep).await.expect("ranking"),
                    "{at}: ranking (by rep: {by_rep})"
                );
            }
        }
        let months = periods[0].trend_months();
        assert_eq!(
            read::trend(db, area, narrowed, &months)
                .await
                .expect("trend"),
            metrics::trend(db, narrowed, &months).await.expect("trend"),
            "{step}, {area:?}: trend"
        );
    }
}

async fn record(server: &TestServer, rep: &str, body: &str) -> String {
    let (status, id) = server.call("record_visit", body, rep).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    id.as_str().expect("visit id").to_owned()
}

fn dated(r: &Reference, date: &str, businesses: &[(&str, &[&str])], extra: &str) -> String {
    visit_body(r, "in_person", businesses, 2).replace("2026-11-02", date) + extra
}

on_both_engines!(
    the_rollups_follow_every_write,
    |engine: Engine| async move {
        let Some(server) = TestServer::start_sized(engine, 40, 300).await else {
            return;
        };
        let db = &server.db;
        check(db, "generated data").await;

        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let (a, a_key) = business_with_contact(&server, &rep, "Aspen Assembly", true).await;
        let (b, b_met) = business_with_contact(&server, &rep, "Beech Bindery", false).await;
        let (twin, twin_key) =
            business_with_contact(&server, &rep, "Aspen Assembly Co", true).await;
        let delivered = format!("&draft%5Bdelivered%5D%5B0%5D={}", r.services[0]);
        let follow_up = "&draft%5Bfollow_up%5D=2026-05-01";

        // Recorded on the form: a group presentation (an orientation for A, flagged for B),
        // a later visit that closes its follow-up, a visit to the twin.
        let group = visit_body(
            &r,
            "group_presentation",
            &[(&a, &[&a_key]), (&b, &[&b_met])],
            4,
        )
        .replace("2026-11-02", "2026-04-01")
            + &delivered
            + follow_up;
        let group = record(&server, &rep, &group).await;
        check(db, "a group presentation recorded").await;
        let later = record(
            &server,
            &rep,
            &dated(&r, "2026-06-30", &[(&a, &[&a_key])], &delivered),
        )
        .await;
        check(db, "a later visit").await;
        let twin_visit = record(
            &server,
            &rep,
            &dated(&r, "2025-02-10", &[(&twin, &[&twin_key])], follow_up),
        )
        .await;
        check(db, "the twin visited").await;

        // Edited: another date and another business; then deleted.
        let fix = format!(
            "id={later}&{}",
            dated(
                &r,
                "2025-12-31",
                &[(&b, &[&b_met])],
                "&draft%5Bfollow_up%5D=2026-01-15"
            )
        );
        let (status, saved) = server.call("update_visit", &fix, &rep).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        check(db, "a visit edited to another date and business").await;
        let (status, _) = server
            .call("delete_visit", &format!("id={group}"), &rep)
            .await;
        assert_eq!(status, StatusCode::OK);
        check(db, "a visit deleted").await;

        // Through sync: two new visits, then one edited and one deleted in one push.
        let device = Uuid::now_v7().to_string();
        let draft = |date: &str, business: &str, contact: &str| {
            json!({
                "date": date, "category": r.category, "activity_type": r.orientation,
                "mode": "in_person",
                "businesses": [{ "business": business, "contacts_met": [contact] }],
                "presented": r.services.iter().take(4).collect::<Vec<_>>(),
                "delivered": [r.services[1].clone()],
                "jobseekers_hired": "2", "notes": "", "follow_up": "2026-02-01"
            })
        };
        let change = |mutation: u64, id: &str, base: Option<i64>, draft: Value| {
            json!({
                "mutation": mutation, "schema": 2, "id": id, "base_version": base, "kind": "visit",
                "draft": draft, "recorded_at": "2026-01-02T15:04:05Z"
            })
        };
        let (v1, v2) = (Uuid::now_v7().to_string(), Uuid::now_v7().to_string());
        let push = |changes: Vec<Value>| {
            let body = json!({ "device": device, "app_version": "test", "pending": changes.len(), "changes": changes });
            let server = &server;
            let rep = &rep;
            async move { server.post_json("/api/sync/push", &body, rep).await }
        };
        let (status, answer) = push(vec![
            change(1, &v1, None, draft("2026-01-05", &a, &a_key)),
            change(2, &v2, None, draft("2026-01-06", &twin, &twin_key)),
        ])
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        check(db, "two visits pushed").await;
        let (status, answer) = push(vec![
            change(3, &v1, Some(1), draft("2024-07-01", &b, &b_met)),
            json!({ "mutation": 4, "schema": 2, "id": v2, "base_version": 1, "kind": "delete_visit" }),
        ])
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert!(answer.to_string().contains("applied"), "{answer}");
        check(db, "a pushed visit edited and another deleted").await;

        // A business's stage changed.
        let body = format!(
            "id={b}&draft%5Blegal_name%5D=Beech%20Bindery&draft%5Bnaics%5D=332710&draft%5Baddress%5D=1%20Main%20St&draft%5Bcity%5D=Springfield&draft%5Bzip%5D=01103&draft%5Bstage%5D=decline"
        );
        let (status, saved) = server.call("update_business", &body, &rep).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        check(db, "a stage changed").await;

        // The twin merged into A (a visit to both keeps one link), then the merge undone.
        let both = visit_body(
            &r,
            "group_presentation",
            &[(&a, &[&a_key]), (&twin, &[&twin_key])],
            4,
        )
        .replace("2026-11-02", "2026-03-03");
        let both = record(&server, &rep, &both).await;
        let (status, merge) = server
            .call(
                "merge_businesses",
                &format!("survivor={a}&merged={twin}"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{merge}");
        check(db, "a merge").await;
        let (_, survivor) = server.call("get_business", &format!("id={a}"), &rep).await;
        let merge = survivor["merges"][0]["id"]
            .as_str()
            .expect("a merge")
            .to_owned();
        let (status, _) = server
            .call("undo_merge", &format!("merge={merge}"), &rep)
            .await;
        assert_eq!(status, StatusCode::OK);
        check(db, "a merge undone").await;
        assert!(!both.is_empty() && !twin_visit.is_empty());

        // The rep's center moved to another board: its visits count there now.
        let admin = server.sign_in(ADMIN).await;
        let (_, units) = server.call("get_org_units", "", &admin).await;
        let springfield = units["centers"]
            .as_array()
            .expect("centers")
            .iter()
            .find(|c| {
                c["name"]
                    .as_str()
                    .is_some_and(|n| n.contains("Springfield"))
            })
            .expect("the demo rep's center")
            .clone();
        let elsewhere = units["boards"]
            .as_array()
            .expect("boards")
            .iter()
            .find(|b| b["id"] != springfield["parent"])
            .and_then(|b| b["id"].as_str())
            .expect("another board")
            .to_owned();
        let body = format!(
            "id={}&draft%5Bkind%5D=center&draft%5Bname%5D={}&draft%5Bparent%5D={elsewhere}&draft%5Bcity%5D=Springfield",
            springfield["id"].as_str().expect("id"),
            encode(springfield["name"].as_str().expect("name")),
        );
        let (status, saved) = server.call("save_unit", &body, &admin).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        check(db, "a center moved to another board").await;
        // The board the center joined now counts its visits (the check compared real figures).
        let board = Frame {
            centers: Some(&[
                Uuid::parse_str(springfield["id"].as_str().expect("id")).expect("uuid")
            ]),
            period: Period::containing(
                PeriodKind::ProgramYear,
                NaiveDate::from_ymd_opt(2026, 4, 15).expect("date"),
            ),
        };
        let (visits, _) = metrics::visits_and_hired(db, board).await.expect("visits");
        let run = read::Run {
            area: Scope::Board(BoardId(Uuid::parse_str(&elsewhere).expect("uuid"))),
            centers: None,
            first: whole_months(board.period).expect("months").0,
            last: whole_months(board.period).expect("months").1,
        };
        let served = read::employer_measures(db, run).await.expect("served");
        assert!(
            visits > 0 && served.in_period > 0,
            "{visits} visits, {served:?}"
        );
    }
);
