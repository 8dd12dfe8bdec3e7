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
        let dated = |date: &str, services: &[String]| {
            let mut body = format!(
                "draft%5Bdate%5D={date}&draft%5Bmode%5D=in_person&draft%5Bbusinesses%5D%5B0%5D%5Bbusiness%5D={business}&draft%5Bbusinesses%5D%5B0%5D%5Bcontacts_met%5D%5B0%5D={contact}"
            );
            for (n, s) in services.iter().enumerate() {
                body.push_str(&format!("&draft%5Bpresented%5D%5B{n}%5D={s}"));
            }
            body
        };
        let record = |services: &[String]| dated("2026-11-02", services);
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

        // Before: four of seven qualifies (one of them the service about to be retired).
        let mut four = slate[..3].to_vec();
        four.push(slate[6].clone());
        let (status, before) = server
            .call("record_visit", &format!("{head}&{}", record(&four)), &rep)
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
        assert_eq!(reference["retired"][0]["id"], slate[6].as_str());
        assert_eq!(
            reference["retired"][0]["retired_on"],
            server.today().to_string()
        );
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
        // Retired two days ago, as far as the server knows: a visit dated today may not name
        // it, and is told which field and why.
        {
            use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
            use server::entities::service;
            let id: uuid::Uuid = slate[6].parse().expect("uuid");
            let mut row = service::Entity::find_by_id(id)
                .one(&server.db)
                .await
                .expect("read")
                .expect("the service")
                .into_active_model();
            row.retired_at = Set(Some(chrono::Utc::now() - chrono::Duration::days(2)));
            row.update(&server.db).await.expect("backdated");
        }
        let today = server.today().to_string();
        let (status, error) = server
            .call(
                "record_visit",
                &format!("{head}&{}", dated(&today, &four)),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        let refused = &error["InvalidFields"];
        assert!(
            refused
                .as_array()
                .is_some_and(|all| all.iter().any(|e| e["field"] == "presented"
                    && e["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("was retired on")))),
            "{error}"
        );

        // The older visit keeps the slate of its day.
        let (_, visit) = server
            .call("get_visit", &format!("id={before}"), &rep)
            .await;
        assert_eq!(visit["slate_size"], 7);
        assert_eq!(visit["results"][0]["qualifies"], true);

        // The older visit, changed later, keeps naming it: history is not rewritten, and
        // the rep is not made to drop it to fix a note.
        let (status, saved) = server
            .call(
                "update_visit",
                &format!(
                    "id={before}&{head}&{}&draft%5Bnotes%5D=Fixed",
                    record(&four)
                ),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let (_, visit) = server
            .call("get_visit", &format!("id={before}"), &rep)
            .await;
        let presented = visit["presented"].as_array().expect("presented");
        assert_eq!(presented.len(), 4, "{visit}");
        assert!(
            presented
                .iter()
                .any(|name| name.as_str().is_some_and(|n| n.ends_with("(retired)"))),
            "the retired service is still on it: {visit}"
        );

        // Saved again after the retirement, the rule runs against today's slate (three of
        // six active services presented): the figure says so, nothing is silently changed.
        assert_eq!(visit["slate_size"], 6);
        assert_eq!(visit["results"][0]["reasons"], "3 of 6 services; needs 4");
    }
);
