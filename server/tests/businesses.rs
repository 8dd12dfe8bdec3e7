//! Businesses and contacts through the real server functions, on SQLite and PostgreSQL.

mod common;

use common::{Engine, TestServer, encode};
use reqwest::StatusCode;
use serde_json::Value;

const REP: &str = "rep@bizworks.test";
const DIRECTOR: &str = "director@bizworks.test";
const COORDINATOR: &str = "coordinator@bizworks.test";

/// The form body of a business draft, as the browser's form sends it.
fn draft(name: &str, fein: &str, zip: &str) -> String {
    [
        ("legal_name", name),
        ("dba", ""),
        ("fein", fein),
        ("naics", "332710"),
        ("address", "12 Mill Road"),
        ("city", "Springfield"),
        ("zip", zip),
        ("employee_count", "85"),
        ("stage", "growth"),
    ]
    .iter()
    .map(|(field, value)| format!("draft%5B{field}%5D={}", encode(value)))
    .collect::<Vec<_>>()
    .join("&")
}

async fn search(server: &TestServer, text: &str, session: &str) -> Vec<String> {
    let body = format!(
        "query%5Btext%5D={}&query%5Blist%5D=all&query%5Bpage%5D=0",
        encode(text)
    );
    let (status, page) = server.call("search_businesses", &body, session).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["legal_name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

on_both_engines!(
    a_rep_creates_finds_and_reads_a_business,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (status, id) = server
            .call(
                "create_business",
                &draft("Quabbin Tool & Die, Inc.", "04-1234567", "01103"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let id = id.as_str().expect("the new id").to_owned();

        // Found by a name prefix, a second word, the FEIN with its dash, the city and the ZIP.
        for query in ["quab", "Quabbin die", "04-123", "springf", "01103"] {
            assert!(
                search(&server, query, &rep)
                    .await
                    .contains(&"Quabbin Tool & Die, Inc.".to_owned()),
                "{query} finds it"
            );
        }
        assert!(search(&server, "quabbinx", &rep).await.is_empty());

        let (status, detail) = server.call("get_business", &format!("id={id}"), &rep).await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        assert_eq!(detail["summary"]["fein"], "041234567");
        assert_eq!(detail["stages"][0]["stage"], "growth");
        assert_eq!(detail["audit"][0]["action"], "created");
        assert_eq!(detail["audit"][0]["actor"], "Riley Santos");
    }
);

on_both_engines!(
    bad_fields_are_named_and_nothing_is_saved,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (status, error) = server
            .call("create_business", &draft("", "12-34", "1103"), &rep)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = error["InvalidFields"]
            .as_array()
            .expect("field errors")
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert_eq!(fields, ["legal_name", "fein", "zip"]);
        assert!(search(&server, "12", &rep).await.is_empty());
    }
);

on_both_engines!(
    a_fein_belongs_to_one_business,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (status, _) = server
            .call(
                "create_business",
                &draft("Nashoba Brewing LLC", "987654321", "01432"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, error) = server
            .call(
                "create_business",
                &draft("Another Name", "98-7654321", "02110"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = error["InvalidFields"][0]["message"]
            .as_str()
            .unwrap_or_default();
        assert!(message.contains("Nashoba Brewing LLC"), "{message}");
    }
);

on_both_engines!(
    likely_duplicates_are_shown_before_saving,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let director = server.sign_in(DIRECTOR).await;
        let (status, _) = server
            .call(
                "create_business",
                &draft("Wachusett Plastics Corp.", "", "01541"),
                &director,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, found) = server
            .call(
                "likely_duplicates",
                &draft("WACHUSETT PLASTICS", "", "01541-2200"),
                &director,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{found}");
        assert_eq!(
            found[0]["business"]["legal_name"],
            "Wachusett Plastics Corp."
        );
        assert_eq!(found[0]["likeness"], "SameNameAndZip");
        let (_, none) = server
            .call(
                "likely_duplicates",
                &draft("Wachusett Plastics", "", "02110"),
                &director,
            )
            .await;
        assert_eq!(none, Value::Array(Vec::new()));
    }
);

on_both_engines!(
    contacts_are_validated_and_listed_key_first,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (_, id) = server
            .call(
                "create_business",
                &draft("Monadnock Bakery", "", "01420"),
                &rep,
            )
            .await;
        let id = id.as_str().expect("id").to_owned();
        let contact = |name: &str, email: &str, key: bool| {
            let mut body = format!(
                "business={id}&draft%5Bname%5D={}&draft%5Bemail%5D={}&draft%5Bphone%5D=413-555-0101",
                encode(name),
                encode(email)
            );
            if key {
                body.push_str("&draft%5Bkey_representative%5D=true");
            }
            body
        };
        let (status, error) = server
            .call(
                "add_contact",
                &contact("Pat Doe", "not-an-address", false),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["InvalidFields"][0]["field"], "email");
        assert_eq!(
            server
                .call("add_contact", &contact("Zoe Worker", "", false), &rep)
                .await
                .0,
            StatusCode::OK
        );
        assert_eq!(
            server
                .call(
                    "add_contact",
                    &contact("Ana Owner", "ana@monadnock.test", true),
                    &rep
                )
                .await
                .0,
            StatusCode::OK
        );
        let (_, detail) = server.call("get_business", &format!("id={id}"), &rep).await;
        assert_eq!(detail["contacts"][0]["name"], "Ana Owner");
        assert_eq!(detail["contacts"][0]["key_representative"], true);
        assert_eq!(detail["contacts"][1]["name"], "Zoe Worker");

        // Change: validated like adding, the refusal names the field, nothing is changed.
        let zoe = detail["contacts"][1]["id"].as_str().expect("id").to_owned();
        let change = |name: &str, email: &str| {
            format!(
                "id={zoe}&draft%5Bname%5D={}&draft%5Bemail%5D={}&draft%5Btitle%5D=HR%20lead",
                encode(name),
                encode(email)
            )
        };
        let (status, error) = server
            .call("update_contact", &change("", "zoe@monadnock.test"), &rep)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["InvalidFields"][0]["field"], "name");
        let (status, business) = server
            .call(
                "update_contact",
                &change("Zoe Worker-Smith", "zoe@monadnock.test"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{business}");
        assert_eq!(business, id.as_str());
        let (_, detail) = server.call("get_business", &format!("id={id}"), &rep).await;
        assert_eq!(detail["contacts"][1]["name"], "Zoe Worker-Smith");
        assert_eq!(detail["contacts"][1]["title"], "HR lead");
        assert_eq!(detail["contacts"][1]["key_representative"], false);

        // Remove: gone from the business, written to its audit trail, not removable twice.
        let (status, _) = server
            .call("remove_contact", &format!("id={zoe}"), &rep)
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, detail) = server.call("get_business", &format!("id={id}"), &rep).await;
        assert_eq!(detail["contacts"].as_array().map(Vec::len), Some(1));
        let actions: Vec<String> = detail["audit"]
            .as_array()
            .expect("audit")
            .iter()
            .map(|a| a["action"].as_str().unwrap_or_default().to_owned())
            .collect();
        for action in ["contact added", "contact changed", "contact removed"] {
            assert!(
                actions.iter().any(|a| a == action),
                "{action} in {actions:?}"
            );
        }
        let (status, _) = server
            .call("remove_contact", &format!("id={zoe}"), &rep)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = server
            .call("update_contact", &change("Back Again", ""), &rep)
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a removed contact cannot be changed"
        );

        // Roles without the businesses area cannot touch contacts.
        let coordinator = server.sign_in(COORDINATOR).await;
        let ana = detail["contacts"][0]["id"].as_str().expect("id").to_owned();
        for (name, body) in [
            (
                "update_contact",
                format!("id={ana}&draft%5Bname%5D=Mallory"),
            ),
            ("remove_contact", format!("id={ana}")),
            ("add_contact", contact("Mallory", "", false)),
        ] {
            assert_eq!(
                server.call(name, &body, &coordinator).await.0,
                StatusCode::FORBIDDEN,
                "{name}"
            );
        }
        let (_, detail) = server.call("get_business", &format!("id={id}"), &rep).await;
        assert_eq!(detail["contacts"][0]["name"], "Ana Owner");
    }
);

on_both_engines!(
    only_business_roles_reach_businesses,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let coordinator = server.sign_in(COORDINATOR).await;
        let body = "query%5Btext%5D=&query%5Blist%5D=all&query%5Bpage%5D=0";
        assert_eq!(
            server.call("search_businesses", body, &coordinator).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            server
                .call(
                    "create_business",
                    &draft("Sneaky LLC", "", "01103"),
                    &coordinator
                )
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let anonymous = server.post_form("/api/search_businesses", body, None).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    }
);

on_both_engines!(
    search_pages_through_the_demo_businesses,
    |engine: Engine| async move {
        let Some(server) = TestServer::start_seeded(engine, 45).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let mut seen = Vec::new();
        for page in 0..3 {
            let body = format!("query%5Btext%5D=&query%5Blist%5D=all&query%5Bpage%5D={page}");
            let (status, result) = server.call("search_businesses", &body, &rep).await;
            assert_eq!(status, StatusCode::OK);
            let items = result["items"].as_array().expect("items");
            assert_eq!(result["has_more"], page < 2, "page {page}");
            seen.extend(
                items
                    .iter()
                    .map(|i| i["id"].as_str().unwrap_or_default().to_owned()),
            );
        }
        assert_eq!(seen.len(), 45);
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 45, "no business on two pages");
    }
);

on_both_engines!(
    a_changed_business_is_found_by_its_new_name_and_keeps_its_history,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (_, first) = server
            .call(
                "create_business",
                &draft("Old Mill Bakery", "111111111", "01103"),
                &rep,
            )
            .await;
        let (_, second) = server
            .call(
                "create_business",
                &draft("Other Holder", "222222222", "01103"),
                &rep,
            )
            .await;
        let first = first.as_str().expect("id").to_owned();
        assert!(second.is_string());

        // Taking another business's FEIN is refused, naming the holder.
        let body = format!(
            "id={first}&{}",
            draft("Old Mill Bakery", "222222222", "01103")
        );
        let (status, error) = server.call("update_business", &body, &rep).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            error["InvalidFields"][0]["message"]
                .as_str()
                .unwrap_or_default()
                .contains("Other Holder")
        );

        let renamed = format!(
            "id={first}&{}",
            draft("Riverside Mill Bakery", "111111111", "01103")
        )
        .replace("stage%5D=growth", "stage%5D=decline");
        let (status, saved) = server.call("update_business", &renamed, &rep).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert!(
            search(&server, "riverside", &rep)
                .await
                .contains(&"Riverside Mill Bakery".to_owned())
        );
        assert!(
            search(&server, "old mill", &rep).await.is_empty(),
            "the old words are gone"
        );
        let (_, detail) = server
            .call("get_business", &format!("id={first}"), &rep)
            .await;
        let stages: Vec<&str> = detail["stages"]
            .as_array()
            .expect("stages")
            .iter()
            .filter_map(|s| s["stage"].as_str())
            .collect();
        assert_eq!(stages, ["growth", "decline"]);
        assert_eq!(detail["audit"][0]["action"], "edited");
    }
);
