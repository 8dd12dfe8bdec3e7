//! Merging likely duplicates and undoing it, on SQLite and PostgreSQL: nothing is lost either
//! way.

mod common;

use common::{Engine, TestServer, encode};
use reqwest::StatusCode;
use serde_json::Value;

const REP: &str = "rep@bizworks.test";
const ADMIN: &str = "admin@bizworks.test";
const COORDINATOR: &str = "coordinator@bizworks.test";

fn draft(name: &str) -> String {
    format!(
        "draft%5Blegal_name%5D={}&draft%5Bnaics%5D=332710&draft%5Baddress%5D=1%20Main%20St&draft%5Bcity%5D=Springfield&draft%5Bzip%5D=01103&draft%5Bstage%5D=growth",
        encode(name)
    )
}

async fn create(server: &TestServer, session: &str, name: &str) -> String {
    let (status, id) = server.call("create_business", &draft(name), session).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    id.as_str().expect("id").to_owned()
}

async fn contact(server: &TestServer, session: &str, business: &str, name: &str) -> String {
    let body = format!(
        "business={business}&draft%5Bname%5D={}&draft%5Bkey_representative%5D=true",
        encode(name)
    );
    let (status, id) = server.call("add_contact", &body, session).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    id.as_str().expect("id").to_owned()
}

/// Records an in-person or group visit with the orientation activity.
async fn visit(server: &TestServer, session: &str, businesses: &[(&str, &str)]) -> String {
    let (_, reference) = server.call("visit_form_reference", "", session).await;
    let activity = &reference["activity_types"][0];
    let mode = if businesses.len() > 1 {
        "group_presentation"
    } else {
        "in_person"
    };
    let mut body = format!(
        "draft%5Bdate%5D=2026-11-02&draft%5Bcategory%5D={}&draft%5Bactivity_type%5D={}&draft%5Bmode%5D={mode}",
        activity["category"].as_str().expect("category"),
        activity["id"].as_str().expect("id"),
    );
    for (n, (business, met)) in businesses.iter().enumerate() {
        body.push_str(&format!(
            "&draft%5Bbusinesses%5D%5B{n}%5D%5Bbusiness%5D={business}&draft%5Bbusinesses%5D%5B{n}%5D%5Bcontacts_met%5D%5B0%5D={met}"
        ));
    }
    let (status, id) = server.call("record_visit", &body, session).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    id.as_str().expect("id").to_owned()
}

fn names(list: &Value, key: &str) -> Vec<String> {
    let mut out: Vec<String> = list
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i[key].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

on_both_engines!(
    a_merge_moves_everything_and_undo_puts_it_back,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let keep = create(&server, &rep, "Granby Tool Inc.").await;
        let twin = create(&server, &rep, "GRANBY TOOL").await;
        let keep_contact = contact(&server, &rep, &keep, "Kim Keeper").await;
        let twin_contact = contact(&server, &rep, &twin, "Tay Twin").await;
        let only_twin = visit(&server, &rep, &[(&twin, &twin_contact)]).await;
        let both = visit(
            &server,
            &rep,
            &[(&keep, &keep_contact), (&twin, &twin_contact)],
        )
        .await;

        let admin = server.sign_in(ADMIN).await;
        let (status, pairs) = server.call("possible_duplicates", "", &admin).await;
        assert_eq!(status, StatusCode::OK, "{pairs}");
        assert_eq!(pairs.as_array().map(Vec::len), Some(1), "{pairs}");
        assert_eq!(pairs[0]["likeness"], "SameNameAndZip");

        // Only business roles merge.
        let coordinator = server.sign_in(COORDINATOR).await;
        let merge = format!("survivor={keep}&merged={twin}");
        assert_eq!(
            server
                .call("merge_businesses", &merge, &coordinator)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let (status, _) = server.call("merge_businesses", &merge, &rep).await;
        assert_eq!(status, StatusCode::OK);

        let (_, survivor) = server
            .call("get_business", &format!("id={keep}"), &rep)
            .await;
        assert_eq!(
            names(&survivor["contacts"], "name"),
            ["Kim Keeper", "Tay Twin"]
        );
        let visits: Vec<String> = names(&survivor["visits"], "id");
        assert!(
            visits.contains(&only_twin) && visits.contains(&both),
            "{visits:?}"
        );
        assert_eq!(
            survivor["visits"].as_array().map(Vec::len),
            Some(2),
            "the group visit counts once"
        );
        let merge_id = survivor["merges"][0]["id"]
            .as_str()
            .expect("a merge to undo")
            .to_owned();
        let (_, gone) = server
            .call("get_business", &format!("id={twin}"), &rep)
            .await;
        assert_eq!(gone["merged_into"]["id"], keep.as_str());
        let (_, pairs) = server.call("possible_duplicates", "", &admin).await;
        assert_eq!(pairs, Value::Array(Vec::new()));
        let (_, group) = server.call("get_visit", &format!("id={both}"), &rep).await;
        assert_eq!(group["results"].as_array().map(Vec::len), Some(1));

        // Undo: both businesses exactly as before.
        let (status, _) = server
            .call("undo_merge", &format!("merge={merge_id}"), &rep)
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, survivor) = server
            .call("get_business", &format!("id={keep}"), &rep)
            .await;
        assert_eq!(names(&survivor["contacts"], "name"), ["Kim Keeper"]);
        assert_eq!(names(&survivor["visits"], "id"), [both.as_str()]);
        assert_eq!(survivor["merges"], Value::Array(Vec::new()));
        let (_, back) = server
            .call("get_business", &format!("id={twin}"), &rep)
            .await;
        assert_eq!(back["merged_into"], Value::Null);
        assert_eq!(names(&back["contacts"], "name"), ["Tay Twin"]);
        let mut expected = vec![only_twin.clone(), both.clone()];
        expected.sort();
        assert_eq!(names(&back["visits"], "id"), expected);
        let (_, group) = server.call("get_visit", &format!("id={both}"), &rep).await;
        assert_eq!(
            group["results"].as_array().map(Vec::len),
            Some(2),
            "the dropped link is back"
        );
        let audit: Vec<&str> = back["audit"]
            .as_array()
            .expect("audit")
            .iter()
            .filter_map(|a| a["action"].as_str())
            .collect();
        assert!(
            audit.contains(&"merged away") && audit.contains(&"merge undone"),
            "{audit:?}"
        );

        // A second undo is refused with a reason.
        let (status, _) = server
            .call("undo_merge", &format!("merge={merge_id}"), &rep)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = server
            .call(
                "merge_businesses",
                &format!("survivor={keep}&merged={keep}"),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
);
