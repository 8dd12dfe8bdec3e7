//! The sync API through the real server, on SQLite and PostgreSQL: exactly-once pushes,
//! refusals that block nothing else, conflicts the rep decides, field-by-field merges,
//! offline duplicates, pulls limited to what the person may see, and who may sync at all.

mod common;

use common::fixtures::{Reference, reference};
use common::{Engine, TestServer, pull_kept_and_built};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const REP: &str = "rep@bizworks.test";
const OTHER_REP: &str = "rep.worcester@bizworks.test";

fn id() -> String {
    Uuid::now_v7().to_string()
}

fn business(mutation: u64, id: &str, name: &str, zip: &str) -> Value {
    json!({
        "mutation": mutation, "schema": 2, "id": id, "base_version": null, "kind": "business",
        "draft": {
            "legal_name": name, "naics": "332710", "address": "9 Field Road",
            "city": "Springfield", "zip": zip, "stage": "growth"
        }
    })
}

fn contact(mutation: u64, id: &str, business: &str, key: bool) -> Value {
    json!({
        "mutation": mutation, "schema": 2, "id": id, "base_version": null, "kind": "contact",
        "business": business, "draft": { "name": "Avery Quill", "key_representative": key }
    })
}

fn visit_draft(
    r: &Reference,
    business: &str,
    contact: &str,
    presented: usize,
    notes: &str,
) -> Value {
    json!({
        "date": "2026-11-02", "category": r.category, "activity_type": r.orientation,
        "mode": "in_person",
        "businesses": [{ "business": business, "contacts_met": [contact] }],
        "presented": r.services.iter().take(presented).collect::<Vec<_>>(),
        "jobseekers_hired": "1", "notes": notes
    })
}

fn visit(mutation: u64, id: &str, base: Option<i64>, draft: Value) -> Value {
    json!({
        "mutation": mutation, "schema": 2, "id": id, "base_version": base, "kind": "visit",
        "draft": draft, "recorded_at": "2026-11-02T15:04:05Z"
    })
}

async fn push(
    server: &TestServer,
    session: &str,
    device: &str,
    changes: Vec<Value>,
) -> (StatusCode, Value) {
    let pending = changes.len();
    server
        .post_json(
            "/api/sync/push",
            &json!({ "device": device, "app_version": "test", "pending": pending, "changes": changes }),
            session,
        )
        .await
}

fn statuses(answer: &Value) -> Vec<String> {
    answer["results"]
        .as_array()
        .map(|results| {
            results
                .iter()
                .map(|r| r["status"].as_str().unwrap_or("?").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn count_visits(server: &TestServer, id: &str) -> u64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    server::entities::visit::Entity::find()
        .filter(server::entities::visit::Column::Id.eq(id.parse::<Uuid>().expect("uuid")))
        .count(&server.db)
        .await
        .expect("count")
}

on_both_engines!(
    a_push_sent_twice_or_cut_off_lands_exactly_once,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let device = id();
        let (b, c, v) = (id(), id(), id());
        let batch = vec![
            business(1, &b, "Offline Orchard Co", "01104"),
            contact(2, &c, &b, true),
            visit(3, &v, None, visit_draft(&r, &b, &c, 4, "met the owner")),
        ];

        // Cut off half way: only the first change arrived; the device sends all three again.
        let (status, first) = push(&server, &rep, &device, batch[..1].to_vec()).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        assert_eq!(statuses(&first), ["applied"]);
        let (status, whole) = push(&server, &rep, &device, batch.clone()).await;
        assert_eq!(status, StatusCode::OK, "{whole}");
        assert_eq!(
            statuses(&whole),
            ["applied", "applied", "applied"],
            "{whole}"
        );
        assert_eq!(whole["last_mutation"], 3);
        // The same push again (a lost answer): the same answers, nothing applied twice.
        let (_, again) = push(&server, &rep, &device, batch.clone()).await;
        assert_eq!(again["results"], whole["results"]);
        assert_eq!(count_visits(&server, &v).await, 1);

        // The visit is on the server, judged by the rule, and its author reads it.
        let (status, stored) = server.call("get_visit", &format!("id={v}"), &rep).await;
        assert_eq!(status, StatusCode::OK, "{stored}");
        assert_eq!(stored["results"][0]["qualifies"], true);
        assert_eq!(stored["notes"], "met the owner");
        let parts = common::kept_parts(&server.db).await;
        assert!(parts[&v].is_some(), "a pushed visit keeps its parts");
    }
);

on_both_engines!(
    a_number_spent_on_another_record_is_never_told_applied,
    |engine: Engine| async move {
        // A device whose store lost its count (or a second copy of its outbox) numbers new
        // changes with numbers the server already processed for other records. Told "applied",
        // the device would mark them sent and they would never arrive.
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let device = id();
        let (b, c, first) = (id(), id(), id());
        let (_, answer) = push(
            &server,
            &rep,
            &device,
            vec![
                business(1, &b, "Counted Cannery", "01104"),
                contact(2, &c, &b, true),
                visit(3, &first, None, visit_draft(&r, &b, &c, 2, "the first")),
            ],
        )
        .await;
        assert_eq!(statuses(&answer), ["applied", "applied", "applied"]);

        // Number 3 again, now for a new visit: not applied, not "applied", to be sent again.
        let lost = id();
        let (status, answer) = push(
            &server,
            &rep,
            &device,
            vec![visit(
                3,
                &lost,
                None,
                visit_draft(&r, &b, &c, 2, "after a lost count"),
            )],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(statuses(&answer), ["retry_later"], "{answer}");
        assert_eq!(
            answer["last_mutation"], 3,
            "the device learns where its count is"
        );
        assert_eq!(count_visits(&server, &lost).await, 0);
        // Sent again under the next number, as the outbox does: applied once.
        let (_, answer) = push(
            &server,
            &rep,
            &device,
            vec![visit(
                4,
                &lost,
                None,
                visit_draft(&r, &b, &c, 2, "after a lost count"),
            )],
        )
        .await;
        assert_eq!(statuses(&answer), ["applied"], "{answer}");
        assert_eq!(count_visits(&server, &lost).await, 1);

        // Another rep's device repeating a number with this visit's id learns nothing of it.
        let other = server.sign_in(OTHER_REP).await;
        let theirs = id();
        let (_, answer) = push(
            &server,
            &other,
            &theirs,
            vec![business(1, &id(), "Their Mill", "01608")],
        )
        .await;
        assert_eq!(statuses(&answer), ["applied"]);
        let (_, answer) = push(
            &server,
            &other,
            &theirs,
            vec![json!({
                "mutation": 1, "schema": 2, "id": first, "base_version": null, "kind": "delete_visit"
            })],
        )
        .await;
        assert_eq!(statuses(&answer), ["retry_later"], "{answer}");
        assert!(answer["results"][0].get("version").is_none(), "{answer}");
    }
);

on_both_engines!(
    a_refused_change_blocks_nothing_and_keeps_its_answer,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let device = id();
        let (b, c, bad, good) = (id(), id(), id(), id());
        let mut future = visit_draft(&r, &b, &c, 4, "");
        future["date"] = json!("2099-01-01");
        let batch = vec![
            business(1, &b, "Refusal Test Works", "01105"),
            contact(2, &c, &b, true),
            visit(3, &bad, None, future),
            visit(4, &good, None, visit_draft(&r, &b, &c, 2, "")),
            json!({ "mutation": 5, "schema": 99, "id": id(), "kind": "delete_visit" }),
        ];
        let (status, answer) = push(&server, &rep, &device, batch.clone()).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(
            statuses(&answer),
            ["applied", "applied", "rejected", "applied", "rejected"]
        );
        let refused = &answer["results"][2];
        assert_eq!(refused["code"], "invalid");
        assert_eq!(refused["field"], "date");
        assert_eq!(refused["errors"][0]["message"], "cannot be in the future");
        assert_eq!(answer["results"][4]["code"], "unsupported_schema");
        assert_eq!(
            answer["last_mutation"], 5,
            "the number advances past refusals"
        );
        // Sent again, the refusal comes back the same, from what the server kept.
        let (_, again) = push(&server, &rep, &device, batch[2..3].to_vec()).await;
        assert_eq!(again["results"][0], answer["results"][2]);
        assert_eq!(count_visits(&server, &bad).await, 0);
        assert_eq!(count_visits(&server, &good).await, 1);
    }
);

on_both_engines!(
    a_visit_changed_on_both_sides_is_for_the_rep_to_decide,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let device = id();
        let (b, c, v) = (id(), id(), id());
        let (_, created) = push(
            &server,
            &rep,
            &device,
            vec![
                business(1, &b, "Both Sides Bakery", "01106"),
                contact(2, &c, &b, true),
                visit(3, &v, None, visit_draft(&r, &b, &c, 4, "first notes")),
            ],
        )
        .await;
        assert_eq!(created["results"][2]["version"], 1);

        // Meanwhile the rep changes it online (version 2)…
        let online = format!(
            "id={v}&{}",
            common::fixtures::visit_body(&r, "in_person", &[(&b, &[&c])], 4)
                + "&draft%5Bnotes%5D=changed%20online"
        );
        let (status, _) = server.call("update_visit", &online, &rep).await;
        assert_eq!(status, StatusCode::OK);
        // …and the device sends its own edit based on version 1: not applied blindly.
        let edit = visit(
            4,
            &v,
            Some(1),
            visit_draft(&r, &b, &c, 4, "changed offline"),
        );
        let (_, answer) = push(&server, &rep, &device, vec![edit]).await;
        assert_eq!(statuses(&answer), ["conflict"], "{answer}");
        assert_eq!(answer["results"][0]["server_version"], 2);
        assert_eq!(answer["results"][0]["server"]["notes"], "changed online");
        let (_, stored) = server.call("get_visit", &format!("id={v}"), &rep).await;
        assert_eq!(stored["notes"], "changed online");

        // The rep keeps theirs: sent again on top of version 2, under a new number.
        let keep = visit(
            5,
            &v,
            Some(2),
            visit_draft(&r, &b, &c, 4, "changed offline"),
        );
        let (_, answer) = push(&server, &rep, &device, vec![keep]).await;
        assert_eq!(statuses(&answer), ["applied"]);
        assert_eq!(answer["results"][0]["version"], 3);
        let (_, stored) = server.call("get_visit", &format!("id={v}"), &rep).await;
        assert_eq!(stored["notes"], "changed offline");

        // Another rep can neither change nor delete it, whatever they send.
        let other = server.sign_in(OTHER_REP).await;
        let theirs = visit(1, &v, Some(3), visit_draft(&r, &b, &c, 4, "not mine"));
        let delete = json!({ "mutation": 2, "schema": 2, "id": v, "base_version": 3, "kind": "delete_visit" });
        let (_, answer) = push(&server, &other, &id(), vec![theirs, delete]).await;
        assert_eq!(statuses(&answer), ["rejected", "rejected"]);
        assert_eq!(answer["results"][0]["code"], "forbidden");
        let (_, stored) = server.call("get_visit", &format!("id={v}"), &rep).await;
        assert_eq!(stored["notes"], "changed offline");
    }
);

on_both_engines!(
    the_same_change_by_another_road_is_no_conflict,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let (first_device, new_device) = (id(), id());
        let (b, c, v) = (id(), id(), id());
        let (later, met_later) = (id(), id());
        // Two businesses, the later-made first as the rep added them: the server lists them
        // in id order, which is still the same visit.
        let edited = || {
            let mut draft = visit_draft(&r, &b, &c, 4, "changed in the field");
            draft["mode"] = json!("group_presentation");
            draft["businesses"] = json!([
                { "business": later, "contacts_met": [met_later] },
                { "business": b, "contacts_met": [c] },
            ]);
            draft
        };
        let (_, sent) = push(
            &server,
            &rep,
            &first_device,
            vec![
                business(1, &b, "Two Roads Tannery", "01108"),
                contact(2, &c, &b, true),
                business(3, &later, "Two Roads Tack Shop", "01108"),
                contact(4, &met_later, &later, false),
                visit(5, &v, None, visit_draft(&r, &b, &c, 4, "first notes")),
                visit(6, &v, Some(1), edited()),
            ],
        )
        .await;
        assert_eq!(statuses(&sent), ["applied"; 6], "{sent}");
        assert_eq!(sent["results"][5]["version"], 2);

        // The answer was lost and the page carried the edit to a new device: based on
        // version 1 like before, but the server already holds exactly it.
        let (_, again) = push(
            &server,
            &rep,
            &new_device,
            vec![visit(1, &v, Some(1), edited())],
        )
        .await;
        assert_eq!(statuses(&again), ["applied"], "{again}");
        assert_eq!(again["results"][0]["version"], 2, "stored once, not again");

        // A different edit from the same old version is still the rep's to decide, against
        // the server's version 2.
        let other = visit(2, &v, Some(1), visit_draft(&r, &b, &c, 4, "another idea"));
        let (_, answer) = push(&server, &rep, &new_device, vec![other]).await;
        assert_eq!(statuses(&answer), ["conflict"], "{answer}");
        assert_eq!(answer["results"][0]["server_version"], 2);
        let (_, stored) = server.call("get_visit", &format!("id={v}"), &rep).await;
        assert_eq!(stored["notes"], "changed in the field");
    }
);

on_both_engines!(
    today_is_the_states_date_not_utcs,
    |engine: Engine| async move {
        let date_at = |offset| (chrono::Utc::now() + chrono::Duration::hours(offset)).date_naive();
        // Chosen again if UTC's day turned while the server started (seconds before 00:00).
        let mut started = None;
        for _ in 0..2 {
            let (zone, offset) = common::zone_a_day_from_utc();
            let Some(server) =
                TestServer::start_with(engine, |config| config.time_zone = zone.to_owned()).await
            else {
                return;
            };
            if date_at(offset) != date_at(0) {
                started = Some((server, zone, offset));
                break;
            }
        }
        let (server, zone, offset) = started.expect("a zone off UTC's date");
        let in_zone = || date_at(offset);
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let local = in_zone();
        let (status, answer) = server.get_json("/api/sync/reference", &rep).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let said = answer["reference"]["today"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            [local, in_zone()].iter().any(|d| d.to_string() == said),
            "the device was told today is {said}, in {zone} it is {local}"
        );
        // And the zone, to tell the state's date on its own clock days later.
        assert_eq!(answer["reference"]["time_zone"], zone, "{answer}");
        let (_, form) = server.call("visit_form_reference", "", &rep).await;
        assert_eq!(form["time_zone"], zone, "{form}");

        // A visit dated the state's today is not in the future; one dated a day after is.
        let (b, c) = (id(), id());
        let dated = |mutation, day: chrono::NaiveDate| {
            let mut draft = visit_draft(&r, &b, &c, 4, "dated by the state's calendar");
            draft["date"] = json!(day.to_string());
            visit(mutation, &id(), None, draft)
        };
        let today = in_zone();
        let tomorrow = today.succ_opt().expect("a next day");
        let (_, answer) = push(
            &server,
            &rep,
            &id(),
            vec![
                business(1, &b, "Calendar Cooperage", "01109"),
                contact(2, &c, &b, true),
                dated(3, today),
                dated(4, tomorrow),
            ],
        )
        .await;
        assert_eq!(
            statuses(&answer),
            ["applied", "applied", "applied", "rejected"],
            "{answer}"
        );
        assert_eq!(answer["results"][3]["field"], "date", "{answer}");
    }
);

on_both_engines!(
    a_create_never_rewrites_a_record_someone_else_made,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (b, c) = (id(), id());
        let (_, answer) = push(
            &server,
            &rep,
            &id(),
            vec![
                business(1, &b, "Id Keeper Works", "01105"),
                contact(2, &c, &b, false),
            ],
        )
        .await;
        assert_eq!(statuses(&answer), ["applied", "applied"], "{answer}");

        // Another rep "creates" records under those ids: one of their own businesses with
        // the contact's id, made a key representative, and a business with the business's.
        let other = server.sign_in(OTHER_REP).await;
        let theirs = id();
        let mut hijack = contact(2, &c, &theirs, true);
        hijack["draft"]["name"] = json!("Someone Else");
        let mut taken = business(3, &b, "Not Id Keeper", "01602");
        taken["draft"]["city"] = json!("Worcester");
        let (_, answer) = push(
            &server,
            &other,
            &id(),
            vec![
                business(1, &theirs, "Their Own Works", "01602"),
                hijack,
                taken,
            ],
        )
        .await;
        assert_eq!(
            statuses(&answer),
            ["applied", "rejected", "rejected"],
            "{answer}"
        );
        for refused in &answer["results"].as_array().expect("results")[1..] {
            assert_eq!(refused["code"], "id_taken", "{answer}");
        }
        let (_, detail) = server.call("get_business", &format!("id={b}"), &rep).await;
        assert_eq!(
            detail["summary"]["legal_name"], "Id Keeper Works",
            "{detail}"
        );
        let contacts = detail["contacts"].as_array().expect("contacts");
        assert_eq!(contacts.len(), 1, "{detail}");
        assert_eq!(contacts[0]["name"], "Avery Quill", "{detail}");
        assert_eq!(contacts[0]["key_representative"], false, "{detail}");

        // The maker's own create sent again from a new device (the change carried over)
        // is the same record by another road, not a refusal.
        let (_, again) = push(&server, &rep, &id(), vec![contact(1, &c, &b, false)]).await;
        assert_eq!(statuses(&again), ["applied"], "{again}");
    }
);

on_both_engines!(
    business_edits_merge_field_by_field,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let device = id();
        let b = id();
        push(
            &server,
            &rep,
            &device,
            vec![business(1, &b, "Merge Field Mill", "01107")],
        )
        .await;
        let base = json!({
            "legal_name": "Merge Field Mill", "naics": "332710", "address": "9 Field Road",
            "city": "Springfield", "zip": "01107", "stage": "growth"
        });
        // Online, someone changes the address and the stage.
        let online = "id=".to_owned()
            + &b
            + "&draft%5Blegal_name%5D=Merge%20Field%20Mill&draft%5Bnaics%5D=332710&draft%5Baddress%5D=12%20Mill%20Lane&draft%5Bcity%5D=Springfield&draft%5Bzip%5D=01107&draft%5Bstage%5D=stable";
        let (status, _) = server.call("update_business", &online, &rep).await;
        assert_eq!(status, StatusCode::OK);
        // Offline, the rep changed the employee count and the stage, from the first version.
        let mut mine = base.clone();
        mine["employee_count"] = json!("45");
        mine["stage"] = json!("decline");
        let edit = json!({
            "mutation": 2, "schema": 2, "id": b, "base_version": 1, "kind": "business",
            "draft": mine, "base": base
        });
        let (_, answer) = push(&server, &rep, &device, vec![edit]).await;
        assert_eq!(statuses(&answer), ["applied"], "{answer}");
        let review = &answer["results"][0]["review"];
        assert_eq!(review.as_array().map(Vec::len), Some(1), "{answer}");
        assert_eq!(review[0]["field"], "stage");
        assert_eq!(review[0]["mine"], "decline");
        assert_eq!(review[0]["theirs"], "stable");
        let (_, detail) = server.call("get_business", &format!("id={b}"), &rep).await;
        assert_eq!(
            detail["address"], "12 Mill Lane",
            "the server's change stays"
        );
        assert_eq!(
            detail["employee_count"], 45,
            "the device's change is applied"
        );
        assert_eq!(
            detail["summary"]["stage"], "stable",
            "a clash keeps the server's value"
        );
    }
);

on_both_engines!(
    an_offline_duplicate_comes_back_flagged_and_a_missing_business_waits,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let (one, two) = (id(), id());
        push(
            &server,
            &rep,
            &id(),
            vec![business(1, &one, "Twin Pines Lumber LLC", "01108")],
        )
        .await;
        // Another device creates the same firm (different punctuation and suffix).
        let (_, answer) = push(
            &server,
            &rep,
            &id(),
            vec![business(1, &two, "Twin Pines Lumber, Inc.", "01108")],
        )
        .await;
        assert_eq!(statuses(&answer), ["applied"]);
        let duplicates = &answer["results"][0]["duplicates"];
        assert_eq!(duplicates[0]["business"]["id"], one.as_str(), "{answer}");
        assert_eq!(duplicates[0]["likeness"], "SameNameAndZip");

        // A visit naming a business the server has never seen is to be sent again later.
        let unknown = id();
        let (_, answer) = push(
            &server,
            &rep,
            &id(),
            vec![visit(
                1,
                &id(),
                None,
                visit_draft(&r, &unknown, &id(), 4, ""),
            )],
        )
        .await;
        assert_eq!(statuses(&answer), ["retry_later"], "{answer}");
    }
);

on_both_engines!(
    each_pulled_visit_carries_its_own_form,
    |engine: Engine| async move {
        // The forms of a page are built in the page's order. A deleted visit between two live
        // ones, and a visit whose kept copies of its parts and its pull entry are gone (built
        // from the tables), must not shift any form onto its neighbour.
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let device = id();
        let (b, person) = (id(), id());
        let visits: Vec<String> = (0..4).map(|_| id()).collect();
        let mut changes = vec![
            business(1, &b, "Order Test Works", "01109"),
            contact(2, &person, &b, true),
        ];
        for (n, v) in visits.iter().enumerate() {
            let draft = visit_draft(&r, &b, &person, n + 1, &format!("first {n}"));
            changes.push(visit(3 + n as u64, v, None, draft));
        }
        let (_, answer) = push(&server, &rep, &device, changes).await;
        assert!(statuses(&answer).iter().all(|s| s == "applied"), "{answer}");
        // Pull order from here: visit 0, visit 1 (deleted), visit 2 and visit 3 (edited).
        let delete = json!({ "mutation": 7, "schema": 2, "id": visits[1], "base_version": 1, "kind": "delete_visit" });
        let (_, answer) = push(&server, &rep, &device, vec![delete]).await;
        assert_eq!(statuses(&answer), ["applied"], "{answer}");
        let mut edits = Vec::new();
        for (n, v) in visits.iter().enumerate().skip(2) {
            let draft = visit_draft(&r, &b, &person, 5 - n, &format!("edited {n}"));
            edits.push(visit(6 + n as u64, v, Some(1), draft));
        }
        let (_, answer) = push(&server, &rep, &device, edits).await;
        assert_eq!(statuses(&answer), ["applied"; 2], "{answer}");
        {
            use sea_orm::sea_query::Expr;
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            use server::entities::visit as stored;
            let third: Uuid = visits[2].parse().expect("uuid");
            stored::Entity::update_many()
                .col_expr(stored::Column::Parts, Expr::value(Option::<String>::None))
                .col_expr(stored::Column::Pulled, Expr::value(Option::<String>::None))
                .filter(stored::Column::Id.eq(third))
                .exec(&server.db)
                .await
                .expect("forget the kept copy");
        }

        let (status, page) = server
            .get_json("/api/sync/pull?cursor=0&limit=1000", &rep)
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let pulled: Vec<&Value> = page["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter(|c| c["kind"] == "visit" && visits.iter().any(|v| c["id"] == v.as_str()))
            .collect();
        let order: Vec<&str> = pulled.iter().filter_map(|c| c["id"].as_str()).collect();
        let expected: Vec<&str> = visits.iter().map(String::as_str).collect();
        assert_eq!(order, expected);
        assert_eq!(pulled[1]["deleted"], true);
        assert_eq!(pulled[1]["visit"], Value::Null);
        for (n, notes, presented) in [(0, "first 0", 1), (2, "edited 2", 3), (3, "edited 3", 2)] {
            let draft = &pulled[n]["visit"]["draft"];
            assert_eq!(draft["notes"], notes, "visit {n}: {draft}");
            assert_eq!(
                draft["presented"].as_array().map(Vec::len),
                Some(presented),
                "visit {n}: {draft}"
            );
            assert_eq!(draft["businesses"][0]["business"], b.as_str(), "visit {n}");
            assert_eq!(
                draft["businesses"][0]["contacts_met"][0],
                person.as_str(),
                "visit {n}"
            );
        }
    }
);

/// How many visits have a pull entry kept for their current sequence.
async fn kept_entries(server: &TestServer) -> usize {
    use sea_orm::EntityTrait;
    server::entities::visit::Entity::find()
        .all(&server.db)
        .await
        .expect("visits")
        .iter()
        .filter(|v| v.pulled.is_some() && v.pulled_seq == Some(v.change_seq))
        .count()
}

on_both_engines!(
    a_kept_pull_entry_is_what_the_pull_would_build,
    |engine: Engine| async move {
        // A pull sends most visits as the entry written with them. Whatever happened since
        // (an edit, a review, a deletion, a contact removed), the page must be exactly the one
        // built from the rows.
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let device = id();
        let (a, b, key_a, other_a, key_b) = (id(), id(), id(), id(), id());
        let visits: Vec<String> = (0..5).map(|_| id()).collect();
        let both = json!({
            "date": "2026-11-03", "category": r.category, "activity_type": r.orientation,
            "mode": "group_presentation",
            "businesses": [
                { "business": a, "contacts_met": [key_a] },
                { "business": b, "contacts_met": [key_b] }
            ],
            "presented": r.services, "delivered": r.services.iter().take(2).collect::<Vec<_>>(),
            "referred": r.services.iter().skip(1).take(1).collect::<Vec<_>>(),
            "jobseekers_hired": "2", "positions_open": "5", "notes": "Both sites, \"quoted\" ✓",
            "follow_up": "2026-12-15"
        });
        let changes = vec![
            business(1, &a, "Entry Works", "01109"),
            business(2, &b, "Entry Annex", "01104"),
            contact(3, &key_a, &a, true),
            contact(4, &other_a, &a, false),
            contact(5, &key_b, &b, true),
            visit(
                6,
                &visits[0],
                None,
                visit_draft(&r, &a, &key_a, 6, "to be reviewed"),
            ),
            visit(
                7,
                &visits[1],
                None,
                visit_draft(&r, &a, &other_a, 1, "met the one removed"),
            ),
            visit(8, &visits[2], None, both),
            visit(
                9,
                &visits[3],
                None,
                visit_draft(&r, &b, &key_b, 2, "to be deleted"),
            ),
            visit(
                10,
                &visits[4],
                None,
                visit_draft(&r, &b, &key_b, 3, "to be edited"),
            ),
        ];
        let (_, answer) = push(&server, &rep, &device, changes).await;
        assert!(statuses(&answer).iter().all(|s| s == "applied"), "{answer}");
        assert_eq!(
            kept_entries(&server).await,
            5,
            "each pushed visit keeps its entry"
        );

        let delete = json!({ "mutation": 11, "schema": 2, "id": visits[3], "base_version": 1, "kind": "delete_visit" });
        let edit = visit(
            12,
            &visits[4],
            Some(1),
            visit_draft(&r, &b, &key_b, 4, "edited"),
        );
        let (_, answer) = push(&server, &rep, &device, vec![delete, edit]).await;
        assert_eq!(statuses(&answer), ["applied"; 2], "{answer}");
        let director = server.sign_in("director@bizworks.test").await;
        let review = format!("id={}&comment=Check%20the%20date", visits[0]);
        let (status, _) = server.call("review_visit", &review, &director).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = server
            .call("remove_contact", &format!("id={other_a}"), &rep)
            .await;
        assert_eq!(status, StatusCode::OK);
        // The reviewed and the deleted visits have new sequences, and the one that met the
        // removed contact lost its entry; the two-business visit and the edit keep theirs.
        assert_eq!(kept_entries(&server).await, 2);

        let kept = pull_kept_and_built(&server, &rep).await;
        let of = |id: &str| {
            kept["changes"]
                .as_array()
                .and_then(|all| all.iter().find(|c| c["id"] == id))
                .cloned()
                .unwrap_or(Value::Null)
        };
        assert_eq!(of(&visits[0])["visit"]["review"], "has_issues");
        let met = &of(&visits[1])["visit"]["draft"]["businesses"][0]["contacts_met"];
        assert_eq!(met, &json!([]), "the removed contact is left out");
        assert_eq!(of(&visits[3])["deleted"], true);
        assert_eq!(of(&visits[4])["visit"]["draft"]["notes"], "edited");
        assert_eq!(of(&visits[2])["visit"]["draft"]["positions_open"], "5");
        // The page is valid protocol, not only equal JSON.
        let parsed: app::sync::protocol::PullResponse =
            serde_json::from_value(kept.clone()).expect("a pull page");
        assert_eq!(
            parsed.changes.len(),
            kept["changes"].as_array().map_or(0, Vec::len)
        );
    }
);

on_both_engines!(
    generated_visits_keep_the_entry_the_pull_would_build,
    |engine: Engine| async move {
        // The generator (the demo data, the benchmarks) keeps each visit's pull entry as a
        // push does, so its visits are as a rep's real ones: the page sent from the kept
        // entries is the one built from the rows, group visits and contacts met included.
        // It also runs on a database in use (`server generate`), where some contacts have
        // been removed: no generated visit may meet one.
        let Some(server) = TestServer::start_sized(engine, 30, 0).await else {
            return;
        };
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        use server::entities::contact;
        let removed = contact::Entity::update_many()
            .col_expr(contact::Column::DeletedAt, Expr::value(chrono::Utc::now()))
            .filter(contact::Column::KeyRepresentative.eq(false))
            .exec(&server.db)
            .await
            .expect("remove the contacts who are not key representatives");
        assert!(removed.rows_affected > 0);
        let reference = server::seed::generate::Reference::load(&server.db)
            .await
            .expect("the demo's reference data");
        server::seed::generate::fill(&server.db, &reference, 0, 400, 7, false)
            .await
            .expect("generate visits");
        let removed: std::collections::HashSet<Uuid> = contact::Entity::find()
            .filter(contact::Column::DeletedAt.is_not_null())
            .all(&server.db)
            .await
            .expect("contacts")
            .into_iter()
            .map(|c| c.id)
            .collect();
        let met = server::entities::visit_contact::Entity::find()
            .all(&server.db)
            .await
            .expect("contacts met");
        assert!(!met.is_empty());
        assert!(
            met.iter().all(|m| !removed.contains(&m.contact_id)),
            "a generated visit met a removed contact"
        );
        let visits = server::entities::visit::Entity::find()
            .all(&server.db)
            .await
            .expect("visits");
        assert!(!visits.is_empty());
        assert_eq!(
            kept_entries(&server).await,
            visits.len(),
            "every visit keeps its entry"
        );
        // The rep with the most visits, a group visit among them.
        let mut per_author = std::collections::HashMap::<Uuid, usize>::new();
        for v in &visits {
            *per_author.entry(v.author_id).or_default() += 1;
        }
        let busiest = per_author
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|(a, _)| a);
        let author = server::entities::user::Entity::find_by_id(busiest.expect("an author"))
            .one(&server.db)
            .await
            .expect("query")
            .expect("the author");
        let rep = server.sign_in(&author.email).await;
        let page = pull_kept_and_built(&server, &rep).await;
        let pulled: Vec<&Value> = (page["changes"].as_array().into_iter().flatten())
            .filter(|c| c["kind"] == "visit")
            .collect();
        let theirs = visits.iter().filter(|v| v.author_id == author.id).count();
        assert_eq!(pulled.len(), theirs, "{author:?}");
        assert!(
            pulled.iter().any(|c| {
                let met = &c["visit"]["draft"]["businesses"][0]["contacts_met"];
                met.as_array().is_some_and(|m| !m.is_empty())
            }),
            "some pulled visit lists a contact met"
        );
    }
);

on_both_engines!(
    pulls_bring_what_the_person_may_see_with_tombstones,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let device = id();
        let (b, person, v) = (id(), id(), id());
        push(
            &server,
            &rep,
            &device,
            vec![
                business(1, &b, "Pull Test Press", "01109"),
                contact(2, &person, &b, true),
                visit(
                    3,
                    &v,
                    None,
                    visit_draft(&r, &b, &person, 4, "private notes"),
                ),
            ],
        )
        .await;
        let (status, page) = server
            .get_json("/api/sync/pull?cursor=0&limit=2", &rep)
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["changes"].as_array().map(Vec::len), Some(2));
        assert_eq!(page["has_more"], true);
        let (_, rest) = server
            .get_json(
                &format!("/api/sync/pull?cursor={}&limit=1000", page["cursor"]),
                &rep,
            )
            .await;
        let all: Vec<Value> = page["changes"]
            .as_array()
            .into_iter()
            .chain(rest["changes"].as_array())
            .flatten()
            .cloned()
            .collect();
        let seqs: Vec<i64> = all.iter().filter_map(|c| c["seq"].as_i64()).collect();
        assert!(
            seqs.windows(2).all(|w| w[0] < w[1]),
            "oldest first, no repeats"
        );
        let mine = all
            .iter()
            .find(|c| c["id"] == v.as_str())
            .expect("the visit");
        assert_eq!(mine["visit"]["draft"]["notes"], "private notes");
        assert!(
            all.iter()
                .any(|c| c["id"] == b.as_str() && c["kind"] == "business")
        );
        assert!(
            all.iter()
                .any(|c| c["id"] == person.as_str() && c["kind"] == "contact")
        );

        // Another rep's device never receives the visit or its notes.
        let other = server.sign_in(OTHER_REP).await;
        let (_, theirs) = server
            .get_json("/api/sync/pull?cursor=0&limit=5000", &other)
            .await;
        assert!(
            !theirs.to_string().contains("private notes"),
            "another rep pulled someone else's visit"
        );

        // Deleting it sends a tombstone after the cursor.
        let cursor = rest["cursor"].as_i64().expect("cursor");
        let delete = json!({ "mutation": 4, "schema": 2, "id": v, "base_version": 1, "kind": "delete_visit" });
        let (_, answer) = push(&server, &rep, &device, vec![delete]).await;
        assert_eq!(statuses(&answer), ["applied"]);
        let (_, after) = server
            .get_json(&format!("/api/sync/pull?cursor={cursor}"), &rep)
            .await;
        let tombstone = after["changes"]
            .as_array()
            .and_then(|changes| changes.iter().find(|c| c["id"] == v.as_str()))
            .expect("a tombstone");
        assert_eq!(tombstone["deleted"], true);
        assert_eq!(tombstone["visit"], Value::Null);
    }
);

on_both_engines!(
    a_business_visited_outside_the_center_and_its_survivor_reach_the_device,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        // Two businesses of another center, created there.
        let theirs = server.sign_in(OTHER_REP).await;
        let (far, twin, person) = (id(), id(), id());
        push(
            &server,
            &theirs,
            &id(),
            vec![
                business(1, &far, "Faraway Tooling", "01608"),
                business(2, &twin, "Faraway Tooling Twin", "01608"),
                contact(3, &person, &far, true),
            ],
        )
        .await;
        let rep = server.sign_in(REP).await;
        // Something of the rep's own, written later, moves their cursor past those two.
        let (_, answer) = push(
            &server,
            &rep,
            &id(),
            vec![business(1, &id(), "Hometown Bakery", "01103")],
        )
        .await;
        assert_eq!(statuses(&answer), ["applied"], "{answer}");
        let pulled_ids = |page: &Value| -> Vec<String> {
            page["changes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["id"].as_str().map(str::to_owned))
                .collect()
        };
        let (_, before) = server
            .get_json("/api/sync/pull?cursor=0&limit=5000", &rep)
            .await;
        assert!(
            !pulled_ids(&before).contains(&far),
            "another center's business reached the rep's device unasked"
        );

        // The rep visits one of them: from then on their device keeps it and its contacts.
        let r = reference(&server, &rep).await;
        let (_, answer) = push(
            &server,
            &rep,
            &id(),
            vec![visit(
                1,
                &id(),
                None,
                visit_draft(&r, &far, &person, 4, "visited across the county line"),
            )],
        )
        .await;
        assert_eq!(statuses(&answer), ["applied"], "{answer}");
        // Both were written before the device's cursor: keeping them re-sends them after it.
        let cursor = before["cursor"].as_i64().expect("cursor");
        let (_, after) = server
            .get_json(&format!("/api/sync/pull?cursor={cursor}&limit=5000"), &rep)
            .await;
        let ids = pulled_ids(&after);
        assert!(ids.contains(&far), "the visited business is missing");
        assert!(ids.contains(&person), "its contact is missing");
        assert!(!ids.contains(&twin), "a business the rep never visited");

        // Merged into its twin: the rep hears of the merge and receives the survivor.
        let merge = format!("survivor={twin}&merged={far}");
        let (status, body) = server.call("merge_businesses", &merge, &theirs).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, merged) = server
            .get_json(&format!("/api/sync/pull?cursor={cursor}&limit=5000"), &rep)
            .await;
        let changes = merged["changes"].as_array().cloned().unwrap_or_default();
        let tombstone = changes
            .iter()
            .find(|c| c["id"] == far.as_str())
            .expect("the merged business's tombstone");
        assert_eq!(tombstone["merged_into"], twin.as_str());
        assert!(
            changes.iter().any(|c| c["id"] == twin.as_str()
                && c["business"]["draft"]["legal_name"] == "Faraway Tooling Twin"),
            "the survivor did not reach the rep's device: {merged}"
        );
    }
);

on_both_engines!(
    only_the_owner_syncs_a_device_and_only_when_signed_in,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let device = id();
        let (status, _) = push(&server, &rep, &device, Vec::new()).await;
        assert_eq!(status, StatusCode::OK);
        let other = server.sign_in(OTHER_REP).await;
        let (status, answer) = push(&server, &other, &device, Vec::new()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(answer["error"], "device_of_another_user");

        let (status, answer) = push(&server, "", &device, Vec::new()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(answer["error"], "not_signed_in");
        let coordinator = server.sign_in("coordinator@bizworks.test").await;
        let (status, _) = server.get_json("/api/sync/pull", &coordinator).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = server.get_json("/api/sync/reference", &coordinator).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, reference) = server.get_json("/api/sync/reference", &rep).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            reference["reference"]["slate"].as_array().map(Vec::len),
            Some(7)
        );

        // The body is checked, and the answer says what is wrong with it.
        let (status, answer) = server
            .post_json("/api/sync/push", &json!({ "device": "nope" }), &rep)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer["error"], "bad_request");

        // Without our Origin, a push is refused (cross-site request forgery).
        let response = reqwest::Client::new()
            .post(server.url("/api/sync/push"))
            .header("content-type", "application/json")
            .header("origin", "https://elsewhere.example")
            .header("cookie", format!("bizworks_session={rep}"))
            .body(
                json!({ "device": device, "app_version": "x", "pending": 0, "changes": [] })
                    .to_string(),
            )
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);

        let (status, doc) = server.get_json("/api/openapi.json", "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc["paths"]["/api/sync/push"]["post"].is_object());
    }
);

on_both_engines!(
    pages_never_split_changes_that_share_a_sequence,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let r = reference(&server, &rep).await;
        let (gone, keep, person) = (id(), id(), id());
        let visits: Vec<String> = (0..3).map(|_| id()).collect();
        let mut changes = vec![
            business(1, &gone, "Sequence Sharing Works", "01103"),
            business(2, &keep, "Sequence Keeping Works", "01103"),
            contact(3, &person, &gone, true),
        ];
        for (n, v) in visits.iter().enumerate() {
            changes.push(visit(
                4 + n as u64,
                v,
                None,
                visit_draft(&r, &gone, &person, 4, "tie"),
            ));
        }
        let (_, answer) = push(&server, &rep, &id(), changes).await;
        assert!(statuses(&answer).iter().all(|s| s == "applied"), "{answer}");
        let (_, start) = server
            .get_json("/api/sync/pull?cursor=0&limit=5000", &rep)
            .await;
        let cursor = start["cursor"].as_i64().expect("cursor");

        // The merge gives the three moved visits one new sequence.
        let merge = format!("survivor={keep}&merged={gone}");
        let (status, body) = server.call("merge_businesses", &merge, &rep).await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // Pages of one change each still bring every moved visit.
        let (mut cursor, mut seen, mut pages) = (cursor, Vec::new(), 0);
        loop {
            let (status, page) = server
                .get_json(&format!("/api/sync/pull?cursor={cursor}&limit=1"), &rep)
                .await;
            assert_eq!(status, StatusCode::OK, "{page}");
            for change in page["changes"].as_array().into_iter().flatten() {
                seen.push(change["id"].as_str().unwrap_or_default().to_owned());
            }
            let next = page["cursor"].as_i64().expect("cursor");
            assert!(next >= cursor, "the cursor went back");
            cursor = next;
            pages += 1;
            assert!(pages < 50, "paging never ended: {seen:?}");
            if page["has_more"] != true {
                break;
            }
        }
        for v in &visits {
            assert!(seen.contains(v), "visit {v} was skipped: {seen:?}");
        }
        assert!(
            seen.contains(&gone),
            "the merged business's tombstone: {seen:?}"
        );
        assert!(
            seen.contains(&person),
            "the contact moved to the survivor: {seen:?}"
        );
    }
);

// Found by schemathesis (`.ci/schemathesis`): numbers the database cannot hold were taken, and
// a mutation number past 2^63 broke the exactly-once rule on its second sending (a 503).
on_both_engines!(
    numbers_out_of_range_are_refused_before_anything_is_written,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let device = id();
        let huge = json!({
            "mutation": u64::MAX, "schema": 2, "id": id(), "base_version": null, "kind": "delete_visit"
        });
        for _ in 0..2 {
            let (status, answer) = push(&server, &rep, &device, vec![huge.clone()]).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
            assert_eq!(answer["error"], "bad_request");
        }
        for limit in ["0", "5001"] {
            let (status, answer) = server
                .get_json(&format!("/api/sync/pull?cursor=0&limit={limit}"), &rep)
                .await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "limit {limit}: {answer}"
            );
        }
        let (status, _) = server
            .get_json("/api/sync/pull?cursor=0&limit=5000", &rep)
            .await;
        assert_eq!(status, StatusCode::OK);
    }
);

on_both_engines!(
    every_sync_answer_is_dated_by_the_servers_clock_and_never_kept,
    |engine: Engine| async move {
        // Devices check their clock against `Date` (app::sync::clock), read as they read it;
        // a kept copy would be dated by another moment.
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        for (path, session, expected) in [
            ("/api/sync/reference", Some(rep.as_str()), StatusCode::OK),
            (
                "/api/sync/pull?cursor=0&limit=10",
                Some(rep.as_str()),
                StatusCode::OK,
            ),
            (
                "/api/sync/pull?cursor=0&limit=10",
                None,
                StatusCode::UNAUTHORIZED,
            ),
        ] {
            let response = server.get(path, session).await;
            assert_eq!(response.status(), expected, "{path}");
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let dated = header("date")
                .and_then(|d| chrono::DateTime::parse_from_rfc2822(&d).ok())
                .unwrap_or_else(|| panic!("{path}: no Date a device can read"));
            let off = (chrono::Utc::now() - dated.with_timezone(&chrono::Utc))
                .num_seconds()
                .abs();
            assert!(off <= 5, "{path}: dated {dated}, {off} s from now");
            assert_eq!(
                header("cache-control").as_deref(),
                Some("no-store"),
                "{path}"
            );
        }
    }
);
