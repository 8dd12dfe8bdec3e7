//! Merging likely duplicates and undoing it, on SQLite and PostgreSQL: nothing is lost either
//! way.

mod common;

use common::{Engine, TestServer, encode, kept_parts, pull_kept_and_built};
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

/// The form of an in-person or group visit with the orientation activity.
async fn visit_form(server: &TestServer, session: &str, businesses: &[(&str, &str)]) -> String {
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
    // Two services presented, the first also delivered.
    for (n, service) in (reference["slate"].as_array().into_iter().flatten())
        .take(2)
        .enumerate()
    {
        let service = service["id"].as_str().expect("a service");
        body.push_str(&format!("&draft%5Bpresented%5D%5B{n}%5D={service}"));
        if n == 0 {
            body.push_str(&format!("&draft%5Bdelivered%5D%5B0%5D={service}"));
        }
    }
    for (n, (business, met)) in businesses.iter().enumerate() {
        body.push_str(&format!(
            "&draft%5Bbusinesses%5D%5B{n}%5D%5Bbusiness%5D={business}&draft%5Bbusinesses%5D%5B{n}%5D%5Bcontacts_met%5D%5B0%5D={met}"
        ));
    }
    body
}

/// Records an in-person or group visit with the orientation activity.
async fn visit(server: &TestServer, session: &str, businesses: &[(&str, &str)]) -> String {
    let body = visit_form(server, session, businesses).await;
    let (status, id) = server.call("record_visit", &body, session).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    id.as_str().expect("id").to_owned()
}

/// Two likely duplicates with a contact each, a visit to the twin and a group visit to both.
struct Twins {
    keep: String,
    twin: String,
    kim: String,
    tay: String,
    only_twin: String,
    both: String,
}

async fn twins(server: &TestServer, rep: &str) -> Twins {
    let keep = create(server, rep, "Granby Tool Inc.").await;
    let twin = create(server, rep, "GRANBY TOOL").await;
    let kim = contact(server, rep, &keep, "Kim Keeper").await;
    let tay = contact(server, rep, &twin, "Tay Twin").await;
    let only_twin = visit(server, rep, &[(&twin, &tay)]).await;
    let both = visit(server, rep, &[(&keep, &kim), (&twin, &tay)]).await;
    Twins {
        keep,
        twin,
        kim,
        tay,
        only_twin,
        both,
    }
}

/// Undoes the latest merge into `survivor`.
async fn undo_latest_merge(server: &TestServer, session: &str, survivor: &str) {
    let (_, business) = server
        .call("get_business", &format!("id={survivor}"), session)
        .await;
    let merge = business["merges"][0]["id"].as_str().expect("a merge");
    let (status, body) = server
        .call("undo_merge", &format!("merge={merge}"), session)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
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

/// The businesses and contacts met of a visit as the rep's device pulls it.
async fn pulled(server: &TestServer, session: &str, visit: &str) -> Vec<(String, Vec<String>)> {
    let (status, page) = server
        .get_json("/api/sync/pull?cursor=0&limit=5000", session)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let change = (page["changes"].as_array().expect("changes").iter())
        .find(|c| c["id"] == visit)
        .expect("the visit is pulled");
    let mut out: Vec<(String, Vec<String>)> = (change["visit"]["draft"]["businesses"].as_array())
        .expect("businesses")
        .iter()
        .map(|b| {
            let business = b["business"].as_str().expect("business").to_owned();
            (business, names_of(&b["contacts_met"]))
        })
        .collect();
    out.sort();
    out
}

fn names_of(list: &Value) -> Vec<String> {
    let mut out: Vec<String> = (list.as_array().into_iter().flatten())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    out.sort();
    out
}

on_both_engines!(
    a_visits_kept_parts_follow_merges_and_undos,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let Twins {
            keep,
            twin,
            kim,
            tay,
            only_twin,
            both,
        } = twins(&server, &rep).await;
        let parts = kept_parts(&server.db).await;
        let group = parts[&both]
            .clone()
            .expect("a written visit keeps its parts");
        let mut linked = vec![keep.clone(), twin.clone()];
        linked.sort();
        assert_eq!(
            (group.businesses.iter().map(|b| b.to_string())).collect::<Vec<_>>(),
            linked
        );
        assert_eq!(group.contacts_met.len(), 2);
        assert_eq!(
            (group.presented.len(), group.delivered.len()),
            (2, 1),
            "{group:?}"
        );
        let before = pulled(&server, &rep, &both).await;
        let mut expected = vec![
            (keep.clone(), vec![kim.clone()]),
            (twin.clone(), vec![tay.clone()]),
        ];
        expected.sort();
        assert_eq!(before, expected);

        // A merge moves the links: the copies are forgotten and the tables read instead.
        let merge = format!("survivor={keep}&merged={twin}");
        let (status, _) = server.call("merge_businesses", &merge, &rep).await;
        assert_eq!(status, StatusCode::OK);
        let parts = kept_parts(&server.db).await;
        assert_eq!(parts[&only_twin], None);
        assert_eq!(parts[&both], None);
        assert_eq!(
            pulled(&server, &rep, &both).await,
            [(keep.clone(), names_of(&serde_json::json!([kim, tay])))]
        );
        assert_eq!(
            pulled(&server, &rep, &only_twin).await,
            [(keep.clone(), vec![tay.clone()])]
        );

        // Recorded while merged: a visit to the survivor that met the twin's contact.
        let between = visit(&server, &rep, &[(&keep, &tay)]).await;

        // Undone: the pull says what it said before the merge.
        undo_latest_merge(&server, &rep, &keep).await;
        kept_parts(&server.db).await;
        assert_eq!(pulled(&server, &rep, &both).await, before);
        // The contact went back to the twin, so the visit recorded meanwhile no longer lists
        // them at the survivor, whether its pull entry was kept or is built.
        pull_kept_and_built(&server, &rep).await;
        assert_eq!(
            pulled(&server, &rep, &between).await,
            [(keep.clone(), Vec::new())]
        );

        // Saved again, the visit keeps its parts again.
        assert_eq!(kept_parts(&server.db).await[&only_twin], None);
        let form = visit_form(&server, &rep, &[(&twin, &tay)]).await;
        let (status, saved) = server
            .call("update_visit", &format!("id={only_twin}&{form}"), &rep)
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let parts = kept_parts(&server.db).await;
        assert_eq!(
            parts[&only_twin].as_ref().map(|p| p.businesses.len()),
            Some(1)
        );
    }
);

on_both_engines!(
    a_merge_moves_everything_and_undo_puts_it_back,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let Twins {
            keep,
            twin,
            only_twin,
            both,
            ..
        } = twins(&server, &rep).await;

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

on_both_engines!(
    a_merge_waits_for_a_writer_and_moves_what_it_linked,
    |engine: Engine| async move {
        // Another writer holds the sync clock (on SQLite, the write lock) while a merge starts.
        // The merge must wait for it and then read the links, or it leaves a visit linked meanwhile
        // unmoved (PostgreSQL) or fails on its first write, its reads outdated (SQLite).
        use sea_orm::sea_query::Expr;
        use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
        use server::entities::{visit, visit_business};
        use server::storage::{rollups, sync_clock};

        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let Twins { keep, twin, .. } = twins(&server, &rep).await;
        let elm = create(&server, &rep, "Elm Street Bakery").await;
        let pat = contact(&server, &rep, &elm, "Pat Baker").await;
        let late = visit(&server, &rep, &[(&elm, &pat)]).await;
        let id = |text: &str| uuid::Uuid::parse_str(text).expect("a uuid");
        let (late, twin_id) = (id(&late), id(&twin));

        // Another writer takes the clock, and while the merge waits for it, links the visit to the
        // twin as a visit's edit would: roll-ups, link, kept copies forgotten, a new sequence.
        let writer = sync_clock::begin(&server.db).await.expect("take the clock");
        let link_meanwhile = async move {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            let rollup = rollups::before(&writer, &[late], [twin_id])
                .await
                .expect("the roll-ups before");
            visit_business::ActiveModel {
                visit_id: Set(late),
                business_id: Set(twin_id),
                orientation_qualifies: Set(true),
                orientation_reasons: Set(String::new()),
            }
            .insert(&writer)
            .await
            .expect("link the visit to the twin");
            let seq = sync_clock::take(&writer, 1).await.expect("a sequence");
            visit::Entity::update_many()
                .col_expr(visit::Column::ChangeSeq, Expr::value(seq))
                .col_expr(visit::Column::Parts, Expr::value(Option::<String>::None))
                .col_expr(visit::Column::Pulled, Expr::value(Option::<String>::None))
                .filter(visit::Column::Id.eq(late))
                .exec(&writer)
                .await
                .expect("the visit's new sequence");
            rollup.apply(&writer).await.expect("the roll-ups after");
            writer.commit().await.expect("commit");
            seq
        };
        let merge = format!("survivor={keep}&merged={twin}");
        let ((status, merged), linked_at) = tokio::join!(
            server.call("merge_businesses", &merge, &rep),
            link_meanwhile
        );
        assert_eq!(status, StatusCode::OK, "{merged}");

        // The merge read the links once it had the clock: it moved this visit too, so a device
        // hears of it (a new sequence) and the undo knows to put it back.
        let row = visit::Entity::find_by_id(late)
            .one(&server.db)
            .await
            .expect("query")
            .expect("the visit");
        assert!(
            row.change_seq > linked_at,
            "the merge left the visit linked meanwhile at sequence {}",
            row.change_seq
        );
        undo_latest_merge(&server, &rep, &keep).await;
        let mut linked: Vec<uuid::Uuid> = visit_business::Entity::find()
            .filter(visit_business::Column::VisitId.eq(late))
            .all(&server.db)
            .await
            .expect("links")
            .into_iter()
            .map(|link| link.business_id)
            .collect();
        linked.sort();
        let mut expected = vec![id(&elm), twin_id];
        expected.sort();
        assert_eq!(linked, expected, "the undo put the link back on the twin");
        pull_kept_and_built(&server, &rep).await;
    }
);
