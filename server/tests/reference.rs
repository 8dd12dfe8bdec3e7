//! Administrators keep units, visit kinds and establishment counts; nobody else can. On
//! SQLite and PostgreSQL.

mod common;

use common::{Engine, TestServer, encode};
use reqwest::StatusCode;

const ADMIN: &str = "admin@bizworks.test";
const DIRECTOR: &str = "director@bizworks.test";
const REP: &str = "rep@bizworks.test";

on_both_engines!(
    units_are_added_renamed_and_removed_only_when_empty,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let admin = server.sign_in(ADMIN).await;
        let unit = |kind: &str, name: &str, parent: &str, city: &str| {
            format!(
                "draft%5Bkind%5D={kind}&draft%5Bname%5D={}&draft%5Bparent%5D={parent}&draft%5Bcity%5D={}",
                encode(name),
                encode(city)
            )
        };
        let (status, region) = server
            .call("save_unit", &unit("region", "Islands", "", ""), &admin)
            .await;
        assert_eq!(status, StatusCode::OK, "{region}");
        let region = region.as_str().expect("id").to_owned();
        let (status, error) = server
            .call("save_unit", &unit("region", "Islands", "", ""), &admin)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["InvalidFields"][0]["field"], "name");
        let (status, board) = server
            .call(
                "save_unit",
                &unit("board", "Cape and Islands Board", &region, ""),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{board}");
        let board = board.as_str().expect("id").to_owned();
        let (status, error) = server
            .call(
                "save_unit",
                &unit("center", "Nantucket", &board, ""),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["InvalidFields"][0]["field"], "city");

        let (status, error) = server
            .call("remove_unit", &format!("kind=region&id={region}"), &admin)
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "a region with a board stays");
        assert!(error.to_string().contains("1 board"), "{error}");
        let (status, _) = server
            .call(
                "save_unit",
                &format!(
                    "id={board}&{}",
                    unit("board", "Cape Cod Board", &region, "")
                ),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, units) = server.call("get_org_units", "", &admin).await;
        let renamed = units["boards"]
            .as_array()
            .expect("boards")
            .iter()
            .find(|b| b["id"] == board.as_str())
            .expect("listed");
        assert_eq!(renamed["name"], "Cape Cod Board");
        assert_eq!(renamed["parent"], region.as_str());
        for (kind, id) in [("board", &board), ("region", &region)] {
            let (status, _) = server
                .call("remove_unit", &format!("kind={kind}&id={id}"), &admin)
                .await;
            assert_eq!(status, StatusCode::OK, "{kind}");
        }
        // A demo center with staff and businesses cannot be removed.
        let center = units["centers"]
            .as_array()
            .expect("centers")
            .iter()
            .find(|c| c["attached"].as_u64().unwrap_or(0) > 0)
            .and_then(|c| c["id"].as_str())
            .expect("a staffed center")
            .to_owned();
        let (status, _) = server
            .call("remove_unit", &format!("kind=center&id={center}"), &admin)
            .await;
        assert_eq!(status, StatusCode::CONFLICT);

        let director = server.sign_in(DIRECTOR).await;
        for (name, body) in [
            ("save_unit", unit("region", "Mallory", "", "")),
            ("remove_unit", format!("kind=center&id={center}")),
            ("get_org_units", String::new()),
        ] {
            assert_eq!(
                server.call(name, &body, &director).await.0,
                StatusCode::FORBIDDEN,
                "{name}"
            );
        }
    }
);

on_both_engines!(
    categories_and_activity_types_retire_but_stay,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let admin = server.sign_in(ADMIN).await;
        let (status, category) = server
            .call("save_category", "draft%5Bname%5D=Outreach%20events", &admin)
            .await;
        assert_eq!(status, StatusCode::OK, "{category}");
        let category = category.as_str().expect("id").to_owned();
        let (status, kind) = server
            .call(
                "save_activity_type",
                &format!("draft%5Bname%5D=Harbour%20walkabout&draft%5Bcategory%5D={category}"),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{kind}");
        let kind = kind.as_str().expect("id").to_owned();
        let (status, _) = server
            .call("retire_category", &format!("id={category}"), &admin)
            .await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "an active type is filed under it"
        );
        for (name, id) in [
            ("retire_activity_type", &kind),
            ("retire_category", &category),
        ] {
            let (status, _) = server.call(name, &format!("id={id}"), &admin).await;
            assert_eq!(status, StatusCode::OK, "{name}");
        }
        let (_, kinds) = server.call("admin_visit_kinds", "", &admin).await;
        let listed = kinds["activity_types"]
            .as_array()
            .expect("types")
            .iter()
            .find(|t| t["id"] == kind.as_str())
            .expect("retired types stay listed");
        assert_eq!(listed["retired"], true);
        let director = server.sign_in(DIRECTOR).await;
        assert_eq!(
            server.call("admin_visit_kinds", "", &director).await.0,
            StatusCode::FORBIDDEN
        );
    }
);

on_both_engines!(
    a_retired_activity_type_stays_on_older_visits_only,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let admin = server.sign_in(ADMIN).await;
        let (_, category) = server
            .call("save_category", "draft%5Bname%5D=Outreach%20events", &admin)
            .await;
        let category = category.as_str().expect("id").to_owned();
        let (_, kind) = server
            .call(
                "save_activity_type",
                &format!("draft%5Bname%5D=Harbour%20walkabout&draft%5Bcategory%5D={category}"),
                &admin,
            )
            .await;
        let kind = kind.as_str().expect("id").to_owned();

        let rep = server.sign_in(REP).await;
        let (_, business) = server
            .call(
                "create_business",
                "draft%5Blegal_name%5D=Walkabout%20Co&draft%5Bnaics%5D=332710&draft%5Baddress%5D=1%20A%20St&draft%5Bcity%5D=Springfield&draft%5Bzip%5D=01103&draft%5Bstage%5D=growth",
                &rep,
            )
            .await;
        let business = business.as_str().expect("id").to_owned();
        let visit = |date: &str| {
            format!(
                "draft%5Bdate%5D={date}&draft%5Bmode%5D=in_person&draft%5Bcategory%5D={category}&draft%5Bactivity_type%5D={kind}&draft%5Bbusinesses%5D%5B0%5D%5Bbusiness%5D={business}"
            )
        };
        let (status, older) = server
            .call("record_visit", &visit("2026-11-02"), &rep)
            .await;
        assert_eq!(status, StatusCode::OK, "{older}");
        let older = older.as_str().expect("id").to_owned();

        for (name, id) in [
            ("retire_activity_type", &kind),
            ("retire_category", &category),
        ] {
            let (status, _) = server.call(name, &format!("id={id}"), &admin).await;
            assert_eq!(status, StatusCode::OK, "{name}");
        }
        // The form's reference keeps them, with the day, for visits from before.
        let (_, reference) = server.call("visit_form_reference", "", &rep).await;
        let listed = reference["activity_types"]
            .as_array()
            .expect("types")
            .iter()
            .find(|t| t["id"] == kind.as_str())
            .cloned()
            .expect("a retired type stays in the reference");
        assert_eq!(listed["retired_on"], server.today().to_string());

        // Retired two days ago, as far as the server knows.
        {
            use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
            use server::entities::{activity_type, visit_category};
            let two_days_ago = Some(chrono::Utc::now() - chrono::Duration::days(2));
            let mut row =
                activity_type::Entity::find_by_id(kind.parse::<uuid::Uuid>().expect("id"))
                    .one(&server.db)
                    .await
                    .expect("read")
                    .expect("the type")
                    .into_active_model();
            row.retired_at = Set(two_days_ago);
            row.update(&server.db).await.expect("backdated");
            let mut row =
                visit_category::Entity::find_by_id(category.parse::<uuid::Uuid>().expect("id"))
                    .one(&server.db)
                    .await
                    .expect("read")
                    .expect("the category")
                    .into_active_model();
            row.retired_at = Set(two_days_ago);
            row.update(&server.db).await.expect("backdated");
        }
        // A new visit may not use them, and is told which fields and why.
        let (status, error) = server
            .call("record_visit", &visit(&server.today().to_string()), &rep)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        let mut fields: Vec<_> = error["InvalidFields"]
            .as_array()
            .expect("field errors")
            .iter()
            .filter(|e| {
                e["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("was retired on") && m.ends_with("choose another"))
            })
            .filter_map(|e| e["field"].as_str())
            .collect();
        fields.sort_unstable();
        assert_eq!(fields, ["activity_type", "category"], "{error}");

        // The older visit, changed later, keeps them: fixing a note never means relabelling.
        let (status, saved) = server
            .call(
                "update_visit",
                &format!("id={older}&{}&draft%5Bnotes%5D=Fixed", visit("2026-11-02")),
                &rep,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let (_, detail) = server.call("get_visit", &format!("id={older}"), &rep).await;
        assert_eq!(detail["notes"], "Fixed", "{detail}");
    }
);

on_both_engines!(
    one_establishment_count_per_area_and_day,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let admin = server.sign_in(ADMIN).await;
        let count = |start: &str, end: &str, n: &str| {
            format!(
                "draft%5Barea%5D=state&draft%5Bperiod_start%5D={start}&draft%5Bperiod_end%5D={end}&draft%5Bestablishments%5D={}",
                encode(n)
            )
        };
        let (status, id) = server
            .call(
                "save_establishment_count",
                &count("2040-07-01", "2041-06-30", "24,500"),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let id = id.as_str().expect("id").to_owned();
        let (status, error) = server
            .call(
                "save_establishment_count",
                &count("2041-01-01", "2041-12-31", "25000"),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "overlaps");
        assert_eq!(error["InvalidFields"][0]["field"], "period_start");
        let (status, error) = server
            .call(
                "save_establishment_count",
                &count("2041-07-01", "2041-06-30", "1"),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["InvalidFields"][0]["field"], "period_end");
        let (_, counts) = server.call("establishment_counts", "", &admin).await;
        let saved = counts
            .as_array()
            .expect("counts")
            .iter()
            .find(|c| c["id"] == id.as_str())
            .expect("listed");
        assert_eq!(saved["establishments"], 24_500);
        assert_eq!(saved["area_name"], "Statewide");

        let director = server.sign_in(DIRECTOR).await;
        assert_eq!(
            server
                .call("remove_establishment_count", &format!("id={id}"), &director)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let (status, _) = server
            .call("remove_establishment_count", &format!("id={id}"), &admin)
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = server
            .call(
                "save_establishment_count",
                &count("2041-01-01", "2041-12-31", "25000"),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "free again once removed");
    }
);
