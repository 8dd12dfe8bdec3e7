//! Visits through the real server functions: the orientation rule stored per business, and
//! who may read or delete what, on SQLite and PostgreSQL.

mod common;

use common::fixtures::{business_with_contact, outside_director, reference, visit_body};
use common::{Engine, TestServer, encode};
use reqwest::StatusCode;
use serde_json::Value;

const REP: &str = "rep@bizworks.test";
const OTHER_REP: &str = "rep.worcester@bizworks.test";
const DIRECTOR: &str = "director@bizworks.test";
const ADMIN: &str = "admin@bizworks.test";

on_both_engines!(
    a_group_orientation_is_judged_per_business,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (with_key, key_contact) =
            business_with_contact(&server, &rep, "Keyed Machining", true).await;
        let (without_key, plain_contact) =
            business_with_contact(&server, &rep, "Plain Logistics", false).await;
        let r = reference(&server, &rep).await;
        let body = visit_body(
            &r,
            "group_presentation",
            &[
                (&with_key, &[&key_contact]),
                (&without_key, &[&plain_contact]),
            ],
            4,
        );
        let (status, id) = server.call("record_visit", &body, &rep).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let id = id.as_str().expect("visit id").to_owned();
        let (status, visit) = server.call("get_visit", &format!("id={id}"), &rep).await;
        assert_eq!(status, StatusCode::OK, "{visit}");
        assert_eq!(visit["slate_size"], 7);
        let results = visit["results"].as_array().expect("results");
        let verdict = |name: &str| {
            results
                .iter()
                .find(|r| r["business"]["legal_name"] == name)
                .cloned()
                .expect("a result per business")
        };
        assert_eq!(verdict("Keyed Machining")["qualifies"], true);
        assert_eq!(verdict("Plain Logistics")["qualifies"], false);
        assert_eq!(
            verdict("Plain Logistics")["reasons"],
            "no key representative met"
        );

        // Saved as typed, and flagged in the list.
        let (_, rows) = server
            .call("list_visits", "filter%5Bonly%5D=flagged", &rep)
            .await;
        assert_eq!(rows["items"].as_array().map(Vec::len), Some(1), "{rows}");
        assert_eq!(rows["items"][0]["flagged"], true);

        // The dashboard's "orientations that qualify" opens the visits with a business that
        // met the rule: not an orientation that failed it for every business.
        let failing = visit_body(&r, "in_person", &[(&without_key, &[&plain_contact])], 2);
        let (status, failing) = server.call("record_visit", &failing, &rep).await;
        assert_eq!(status, StatusCode::OK, "{failing}");
        let listed = |rows: &serde_json::Value| -> Vec<String> {
            rows["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|row| row["id"].as_str().map(str::to_owned))
                .collect()
        };
        let (_, rows) = server
            .call("list_visits", "filter%5Bonly%5D=qualifying", &rep)
            .await;
        assert_eq!(listed(&rows), [id.as_str()], "{rows}");
        let (_, rows) = server
            .call("list_visits", "filter%5Bonly%5D=orientations", &rep)
            .await;
        assert_eq!(listed(&rows).len(), 2, "{rows}");
    }
);

on_both_engines!(
    three_services_by_email_fail_with_every_reason,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (business, contact) = business_with_contact(&server, &rep, "Emailed Co", true).await;
        let r = reference(&server, &rep).await;
        let (status, id) = server
            .call(
                "record_visit",
                &visit_body(&r, "email", &[(&business, &[&contact])], 3),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let (_, visit) = server
            .call(
                "get_visit",
                &format!("id={}", id.as_str().expect("id")),
                &rep,
            )
            .await;
        assert_eq!(
            visit["results"][0]["reasons"],
            "3 of 7 services; needs 4; mode is e-mail"
        );
    }
);

on_both_engines!(
    bad_visits_are_refused_field_by_field,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (a, _) = business_with_contact(&server, &rep, "Alpha Co", false).await;
        let (b, _) = business_with_contact(&server, &rep, "Beta Co", false).await;
        let r = reference(&server, &rep).await;
        let body = visit_body(&r, "in_person", &[(&a, &[]), (&b, &[])], 1)
            .replace("2026-11-02", "2999-01-01");
        let (status, error) = server.call("record_visit", &body, &rep).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = error["InvalidFields"]
            .as_array()
            .expect("field errors")
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert_eq!(fields, ["date", "businesses"]);
        let (_, rows) = server
            .call("list_visits", "filter%5Bonly%5D=all", &rep)
            .await;
        assert_eq!(rows["items"], Value::Array(Vec::new()), "nothing saved");
    }
);

on_both_engines!(
    visits_are_read_by_their_author_and_directors_in_scope,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (business, contact) =
            business_with_contact(&server, &rep, "Private Notes Inc", true).await;
        let r = reference(&server, &rep).await;
        let body = visit_body(&r, "in_person", &[(&business, &[&contact])], 4)
            + "&draft%5Bnotes%5D=confidential";
        let (_, id) = server.call("record_visit", &body, &rep).await;
        let id = id.as_str().expect("id").to_owned();
        let read = format!("id={id}");

        let director = server.sign_in(DIRECTOR).await;
        let (status, visit) = server.call("get_visit", &read, &director).await;
        assert_eq!(status, StatusCode::OK, "the state director reads it");
        assert_eq!(visit["notes"], "confidential");
        let (_, listed) = server
            .call("list_visits", "filter%5Bonly%5D=all", &director)
            .await;
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));

        let other = server.sign_in(OTHER_REP).await;
        assert_eq!(
            server.call("get_visit", &read, &other).await.0,
            StatusCode::FORBIDDEN
        );
        let (_, theirs) = server
            .call("list_visits", "filter%5Bonly%5D=all", &other)
            .await;
        assert_eq!(theirs["items"], Value::Array(Vec::new()));
        assert_eq!(
            server.call("delete_visit", &read, &other).await.0,
            StatusCode::FORBIDDEN
        );

        let admin = server.sign_in(ADMIN).await;
        assert_eq!(
            server.call("get_visit", &read, &admin).await.0,
            StatusCode::FORBIDDEN
        );
        // Directors read but do not record or delete.
        assert_eq!(
            server.call("delete_visit", &read, &director).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            server.call("record_visit", &body, &director).await.0,
            StatusCode::FORBIDDEN
        );

        // The author deletes it; it is gone for everyone, and the deletion is audited.
        assert_eq!(
            server.call("delete_visit", &read, &rep).await.0,
            StatusCode::OK
        );
        assert_eq!(
            server.call("get_visit", &read, &rep).await.0,
            StatusCode::NOT_FOUND
        );
        let (_, listed) = server
            .call("list_visits", "filter%5Bonly%5D=all", &director)
            .await;
        assert_eq!(listed["items"], Value::Array(Vec::new()));
    }
);

on_both_engines!(
    the_review_loop_returns_a_fixed_visit_to_received,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (business, contact) =
            business_with_contact(&server, &rep, "Review Loop Co", true).await;
        let r = reference(&server, &rep).await;
        let body = visit_body(&r, "in_person", &[(&business, &[&contact])], 2);
        let (_, id) = server.call("record_visit", &body, &rep).await;
        let id = id.as_str().expect("id").to_owned();
        let (_, older) = server
            .call(
                "record_visit",
                &body.replace("2026-11-02", "2026-11-01"),
                &rep,
            )
            .await;
        let older = older.as_str().expect("id").to_owned();

        // Only directors review, and only with a comment.
        let director = server.sign_in(DIRECTOR).await;
        let mark = |visit: &str, comment: &str| format!("id={visit}&comment={}", encode(comment));
        assert_eq!(
            server
                .call("review_visit", &mark(&older, "date?"), &rep)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let (status, error) = server
            .call("review_visit", &mark(&older, "  "), &director)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["InvalidFields"][0]["field"], "comment");
        let (status, _) = server
            .call(
                "review_visit",
                &mark(&older, "Which contact was met?"),
                &director,
            )
            .await;
        assert_eq!(status, StatusCode::OK);

        // The rep sees it first in the list, with the comment on the visit.
        let (_, rows) = server
            .call("list_visits", "filter%5Bonly%5D=all", &rep)
            .await;
        let rows = &rows["items"];
        assert_eq!(rows[0]["id"], older.as_str(), "has issues comes first");
        assert_eq!(rows[0]["review"], "has_issues");
        assert_eq!(rows[1]["id"], id.as_str());
        let (_, visit) = server.call("get_visit", &format!("id={older}"), &rep).await;
        assert_eq!(visit["review_comment"], "Which contact was met?");
        assert_eq!(visit["can_edit"], true);

        // Another rep can neither load nor change it.
        let other = server.sign_in(OTHER_REP).await;
        assert_eq!(
            server
                .call("get_editable_visit", &format!("id={older}"), &other)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let fix = format!(
            "id={older}&{}",
            visit_body(&r, "in_person", &[(&business, &[&contact])], 4)
        );
        assert_eq!(
            server.call("update_visit", &fix, &other).await.0,
            StatusCode::FORBIDDEN
        );

        // The author loads it as a draft, fixes it, and it returns to "received", re-judged.
        let (status, editable) = server
            .call("get_editable_visit", &format!("id={older}"), &rep)
            .await;
        assert_eq!(status, StatusCode::OK, "{editable}");
        assert_eq!(
            editable["draft"]["businesses"][0]["contacts_met"][0],
            contact.as_str()
        );
        let (status, saved) = server.call("update_visit", &fix, &rep).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved, older.as_str(), "the same visit, not a new one");
        let (_, visit) = server.call("get_visit", &format!("id={older}"), &rep).await;
        assert_eq!(visit["review"], "received");
        assert_eq!(visit["results"][0]["qualifies"], true);
        let actions: Vec<&str> = visit["audit"]
            .as_array()
            .expect("audit")
            .iter()
            .filter_map(|a| a["action"].as_str())
            .collect();
        assert_eq!(actions, ["edited", "marked has issues", "recorded"]);
    }
);

on_both_engines!(
    directors_review_only_within_their_scope,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (business, contact) =
            business_with_contact(&server, &rep, "Scoped Review Co", true).await;
        let r = reference(&server, &rep).await;
        let (_, id) = server
            .call(
                "record_visit",
                &visit_body(&r, "in_person", &[(&business, &[&contact])], 4),
                &rep,
            )
            .await;
        let id = id.as_str().expect("id").to_owned();

        // A director of a board other than the rep's (Springfield is under Hampden).
        let outsider = outside_director(&server, "board.director@bizworks.test").await;

        let mark = format!("id={id}&comment=check");
        assert_eq!(
            server
                .call("get_visit", &format!("id={id}"), &outsider)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            server.call("review_visit", &mark, &outsider).await.0,
            StatusCode::FORBIDDEN
        );
        let (_, listed) = server
            .call("list_visits", "filter%5Bonly%5D=all", &outsider)
            .await;
        assert_eq!(listed["items"], Value::Array(Vec::new()));
    }
);

on_both_engines!(
    the_list_comes_a_page_at_a_time_newest_first,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (business, contact) = business_with_contact(&server, &rep, "Paged Tooling", true).await;
        let r = reference(&server, &rep).await;
        let body = visit_body(&r, "in_person", &[(&business, &[&contact])], 4);
        let mut recorded = Vec::new();
        for _ in 0..52 {
            let (status, id) = server.call("record_visit", &body, &rep).await;
            assert_eq!(status, StatusCode::OK, "{id}");
            recorded.push(id.as_str().expect("visit id").to_owned());
        }
        let page = |n: u32| {
            let (server, rep) = (&server, &rep);
            async move {
                let (status, page) = server
                    .call(
                        "list_visits",
                        &format!("filter%5Bonly%5D=all&filter%5Bpage%5D={n}"),
                        rep,
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{page}");
                page
            }
        };
        let first = page(0).await;
        let second = page(1).await;
        assert_eq!(first["items"].as_array().map(Vec::len), Some(50));
        assert_eq!(first["has_more"], true);
        assert_eq!(second["items"].as_array().map(Vec::len), Some(2));
        assert_eq!(second["has_more"], false);
        assert_eq!(second["page"], 1);
        // Same date: the newest recorded comes first, and the pages together hold each
        // visit exactly once.
        let listed: Vec<String> = [&first, &second]
            .iter()
            .flat_map(|p| p["items"].as_array().cloned().unwrap_or_default())
            .filter_map(|row| row["id"].as_str().map(str::to_owned))
            .collect();
        let newest_first: Vec<String> = recorded.iter().rev().cloned().collect();
        assert_eq!(listed, newest_first);

        // The page itself links to the next one with the same filters, and back.
        let html = server
            .get("/visits?only=all&from=2026-01-01", Some(&rep))
            .await
            .text()
            .await
            .expect("page");
        assert!(
            html.contains("href=\"/visits?only=all&amp;from=2026-01-01&amp;page=1\""),
            "a link to older visits"
        );
        let html = server
            .get("/visits?only=all&from=2026-01-01&page=1", Some(&rep))
            .await
            .text()
            .await
            .expect("page");
        assert!(html.contains(">Newer visits<"), "a link back");
        assert!(!html.contains(">Older visits<"), "nothing older");
    }
);
