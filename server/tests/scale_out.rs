//! Two server instances on one database, as behind a load balancer: a session made on one is
//! valid on the other (and ended on both by signing out of either), and two devices syncing
//! alternately through both, with answers lost and pushes sent again through the other
//! instance, end with every visit stored exactly once and the same history pulled from
//! either. Nothing the second instance needs lives in the first one's memory.

mod common;

use std::collections::BTreeSet;

use common::fixtures::reference;
use common::{Engine, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const REP: &str = "rep@bizworks.test";

fn id() -> String {
    Uuid::now_v7().to_string()
}

async fn push(server: &TestServer, session: &str, device: &str, changes: &[Value]) -> Value {
    let (status, answer) = server
        .post_json(
            "/api/sync/push",
            &json!({ "device": device, "app_version": "test", "pending": changes.len(), "changes": changes }),
            session,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

fn statuses(answer: &Value) -> Vec<String> {
    answer["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["status"].as_str().unwrap_or("?").to_owned())
        .collect()
}

async fn pulled_visits(server: &TestServer, session: &str) -> BTreeSet<String> {
    let mut cursor = 0;
    let mut ids = BTreeSet::new();
    loop {
        let (status, page) = server
            .get_json(
                &format!("/api/sync/pull?cursor={cursor}&limit=1000"),
                session,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        for change in page["changes"].as_array().into_iter().flatten() {
            if change["kind"] == "visit" {
                ids.extend(change["id"].as_str().map(str::to_owned));
            }
        }
        cursor = page["cursor"].as_i64().unwrap_or_default();
        if page["has_more"] != true {
            return ids;
        }
    }
}

async fn signed_in_as(server: &TestServer, session: &str) -> Value {
    let (status, user) = server.call("current_user", "", session).await;
    assert_eq!(status, StatusCode::OK);
    user["email"].clone()
}

on_both_engines!(
    two_instances_share_sessions_and_lose_or_double_nothing,
    |engine: Engine| async move {
        let Some(one) = TestServer::start(engine).await else {
            return;
        };
        let two = one.another_instance().await;

        // A session made on one instance works on the other; signing out of either ends it.
        let first = one.sign_in(REP).await;
        assert_eq!(signed_in_as(&two, &first).await, REP);
        let response = two.post_form("/auth/sign-out", "", Some(&first)).await;
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(signed_in_as(&one, &first).await, Value::Null);
        let session = two.sign_in(REP).await;
        assert_eq!(signed_in_as(&one, &session).await, REP);

        // A business and its contact, pushed through the first instance.
        let r = reference(&one, &session).await;
        let (business, contact) = (id(), id());
        let setup = id();
        let answer = push(&one, &session, &setup, &[
            json!({ "mutation": 1, "schema": 2, "id": business, "base_version": null, "kind": "business",
                    "draft": { "legal_name": "Two Door Mills", "naics": "332710", "address": "2 Mill Road",
                               "city": "Springfield", "zip": "01105", "stage": "growth" } }),
            json!({ "mutation": 2, "schema": 2, "id": contact, "base_version": null, "kind": "contact",
                    "business": business, "draft": { "name": "Jo Two", "key_representative": true } }),
        ]).await;
        assert_eq!(statuses(&answer), ["applied", "applied"], "{answer}");

        // Two devices, ten rounds of five visits each, each round through alternate instances
        // at the same time; then every push again through the other instance, as a device does
        // when the answer was lost.
        let devices = [id(), id()];
        let mut sent = BTreeSet::new();
        for round in 0..10u64 {
            let mut batches = Vec::new();
            for _ in &devices {
                let batch: Vec<Value> = (0..5u64)
                    .map(|n| {
                        let visit = id();
                        sent.insert(visit.clone());
                        json!({
                            "mutation": round * 5 + n + 1, "schema": 2, "id": visit, "base_version": null,
                            "kind": "visit", "recorded_at": "2026-11-02T15:04:05Z",
                            "draft": {
                                "date": "2026-11-02", "category": r.category, "activity_type": r.orientation,
                                "mode": "in_person",
                                "businesses": [{ "business": business, "contacts_met": [contact] }],
                                "presented": r.services.iter().take(4).collect::<Vec<_>>(),
                                "jobseekers_hired": "0", "notes": format!("round {round}")
                            }
                        })
                    })
                    .collect();
                batches.push(batch);
            }
            let (here, there) = if round % 2 == 0 {
                (&one, &two)
            } else {
                (&two, &one)
            };
            let (a, b) = tokio::join!(
                push(here, &session, &devices[0], &batches[0]),
                push(there, &session, &devices[1], &batches[1]),
            );
            assert_eq!(statuses(&a), ["applied"; 5], "{a}");
            assert_eq!(statuses(&b), ["applied"; 5], "{b}");
            let (again_a, again_b) = tokio::join!(
                push(there, &session, &devices[0], &batches[0]),
                push(here, &session, &devices[1], &batches[1]),
            );
            assert_eq!(
                again_a["results"], a["results"],
                "a resent push answers the same"
            );
            assert_eq!(again_b["results"], b["results"]);
        }

        // Every visit is stored once, and both instances pull the same history.
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let ids: Vec<Uuid> = sent.iter().filter_map(|v| v.parse().ok()).collect();
        let stored = server::entities::visit::Entity::find()
            .filter(server::entities::visit::Column::Id.is_in(ids))
            .count(&two.db)
            .await
            .expect("count");
        assert_eq!(stored, 100);
        let from_one = pulled_visits(&one, &session).await;
        let from_two = pulled_visits(&two, &session).await;
        assert_eq!(from_one, from_two);
        assert!(
            sent.is_subset(&from_one),
            "a visit pushed is missing from the pull"
        );
    }
);
