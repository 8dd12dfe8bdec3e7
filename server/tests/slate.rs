//! The slate of services as administrators keep it, and what retiring a service means for
//! the orientation rule, on SQLite and PostgreSQL.

mod common;

use common::{Engine, TestServer, encode};
use reqwest::StatusCode;
use serde_json::Value;

const ADMIN: &str = "admin@bizworks.test";
const REP: &str = "rep@bizworks.test";
const DIRECTOR: &str = "director@bizworks.test";

fn service(name: &str, extra: &str) -> String {
    format!(
        "draft%5Bname%5D={}&draft%5Bdescription%5D=x{extra}",
        encode(name)
    )
}

fn active(slate: &Value) -> Vec<String> {
    slate
        .as_array()
        .expect("a list")
        .iter()
        .filter(|s| s["retired"] == false)
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect()
}

on_both_engines!(
    admins_add_rename_and_retire_services,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let admin = server.sign_in(ADMIN).await;
        let (status, slate) = server.call("admin_slate", "", &admin).await;
        assert_eq!(status, StatusCode::OK, "{slate}");
        assert_eq!(active(&slate).len(), 7);

        let (status, id) = server
            .call(
                "save_service",
                &service("Apprenticeship grants", "&draft%5Bsuits_growth%5D=true"),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let id = id.as_str().expect("id").to_owned();
        let (status, error) = server
            .call("save_service", &service("Work Share", ""), &admin)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["InvalidFields"][0]["field"], "name");
        let (status, _) = server
            .call(
                "save_service",
                &format!("id={id}&{}", service("Registered apprenticeship", "")),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, slate) = server.call("admin_slate", "", &admin).await;
        let added = slate
            .as_array()
            .expect("list")
            .iter()
            .find(|s| s["id"] == id.as_str())
            .cloned()
            .expect("kept");
        assert_eq!(added["name"], "Registered apprenticeship");
        assert_eq!(added["suggested_for"], Value::Array(Vec::new()));

        let (status, _) = server
            .call("retire_service", &format!("id={id}"), &admin)
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, slate) = server.call("admin_slate", "", &admin).await;
        assert_eq!(active(&slate).len(), 7, "retired, but still listed");
        assert_eq!(slate.as_array().map(Vec::len), Some(8));
        assert_eq!(
            server
                .call("retire_service", &format!("id={id}"), &admin)
                .await
                .0,
            StatusCode::NOT_FOUND
        );

        for who in [REP, DIRECTOR] {
            let session = server.sign_in(who).await;
            assert_eq!(
                server.call("admin_slate", "", &session).await.0,
                StatusCode::FORBIDDEN,
                "{who}"
            );
            assert_eq!(
                server
                    .call("save_service", &service("Sneaky", ""), &session)
                    .await
                    .0,
                StatusCode::FORBIDDEN,
                "{who}"
            );
            assert_eq!(
                server
                    .call("retire_service", &format!("id={id}"), &session)
                    .await
                    .0,
                StatusCode::FORBIDDEN,
                "{who}"
            );
        }
    }
);

on_both_engines!(
    retiring_a_service_changes_the_majority_for_new_visits_only,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let (_, business) = server
        .call("create_business", "draft%5Blegal_name%5D=Slate%20Test%20Co&draft%5Bnaics%5D=332710&draft%5Baddress%5D=1%20A%20St&draft%5Bcity%5D=Springfield&draft%5Bzip%5D=01103&draft%5Bstage%5D=growth", &rep)
        .await;
        let business = business.as_str().expect("id").to_owned();
        let (_, contact) = server
            .call(
                "add_contact",
                &format!(
                    "business={business}&draft%5Bname%5D=Owner&draft%5Bkey_representative%5D=true"
                ),
                &rep,
            )
            .await;
        let contact = contact.as_str().expect("id").to_owned();
        let record = |services: &[String]| {
            let mut body = format!(
                "draft%5Bdate%5D=2026-11-02&draft%5Bmode%5D=in_person&draft%5Bbusinesses%5D%5B0%5D%5Bbusiness%5D={business}&draft%5Bbusinesses%5D%5B0%5D%5Bcontacts_met%5D%5B0%5D={contact}"
            );
            for (n, s) in services.iter().enumerate() {
                body.push_str(&format!("&draft%5Bpresented%5D%5B{n}%5D={s}"));
            }
            body
        };
        let (_, reference) = server.call("visit_form_reference", "", &rep).await;
        let activity = &reference["activity_types"][0];
        let head = format!(
            "draft%5Bcategory%5D={}&draft%5Bactivity_type%5D={}",
            activity["category"].as_str().expect("category"),
            activity["id"].as_str().expect("activity")
        );
        let slate: Vec<String> = reference["slate"]
            .as_array()
            .expect("slate")
            .iter()
            .filter_map(|s| s["id"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(slate.len(), 7);

        // Before: four of seven qualifies.
        let (status, before) = server
            .call(
                "record_visit",
                &format!("{head}&{}", record(&slate[..4])),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{before}");
        let before = before.as_str().expect("id").to_owned();

        let admin = server.sign_in(ADMIN).await;
        assert_eq!(
            server
                .call("retire_service", &format!("id={}", slate[6]), &admin)
                .await
                .0,
            StatusCode::OK
        );

        let (_, reference) = server.call("visit_form_reference", "", &rep).await;
        assert_eq!(reference["slate"].as_array().map(Vec::len), Some(6));
        // After: three of six is not a majority; four of six is.
        let (_, three) = server
            .call(
                "record_visit",
                &format!("{head}&{}", record(&slate[..3])),
                &rep,
            )
            .await;
        let (_, visit) = server
            .call(
                "get_visit",
                &format!("id={}", three.as_str().expect("id")),
                &rep,
            )
            .await;
        assert_eq!(visit["slate_size"], 6);
        assert_eq!(visit["results"][0]["reasons"], "3 of 6 services; needs 4");
        // A retired service presented on a new visit does not count toward the majority.
        let mut with_retired = slate[..3].to_vec();
        with_retired.push(slate[6].clone());
        let (status, error) = server
            .call(
                "record_visit",
                &format!("{head}&{}", record(&with_retired)),
                &rep,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a retired service is no longer offered: {error}"
        );

        // The older visit keeps the slate of its day.
        let (_, visit) = server
            .call("get_visit", &format!("id={before}"), &rep)
            .await;
        assert_eq!(visit["slate_size"], 7);
        assert_eq!(visit["results"][0]["qualifies"], true);
    }
);
