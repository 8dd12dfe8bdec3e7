//! Records the tests build on: a business with a contact, the visit form's reference data,
//! a visit form body, and a director whose scope excludes the demo rep's center.

use reqwest::StatusCode;

use super::{TestServer, encode};

pub fn business_body(name: &str, zip: &str) -> String {
    format!(
        "draft%5Blegal_name%5D={}&draft%5Bnaics%5D=332710&draft%5Baddress%5D=1%20Main%20St&draft%5Bcity%5D=Springfield&draft%5Bzip%5D={zip}&draft%5Bstage%5D=growth",
        encode(name)
    )
}

/// A business with one contact; returns (business id, contact id).
pub async fn business_with_contact(
    server: &TestServer,
    rep: &str,
    name: &str,
    key: bool,
) -> (String, String) {
    let (status, id) = server
        .call("create_business", &business_body(name, "01103"), rep)
        .await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_str().expect("id").to_owned();
    let mut body = format!("business={id}&draft%5Bname%5D=Sam%20Lee");
    if key {
        body.push_str("&draft%5Bkey_representative%5D=true");
    }
    let (status, contact) = server.call("add_contact", &body, rep).await;
    assert_eq!(status, StatusCode::OK, "{contact}");
    (id, contact.as_str().expect("contact id").to_owned())
}

pub struct Reference {
    pub category: String,
    pub orientation: String,
    pub services: Vec<String>,
}

pub async fn reference(server: &TestServer, session: &str) -> Reference {
    let (status, r) = server.call("visit_form_reference", "", session).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let orientation = r["activity_types"]
        .as_array()
        .expect("activity types")
        .iter()
        .find(|a| a["is_orientation"] == true)
        .expect("an orientation activity")
        .clone();
    Reference {
        category: orientation["category"]
            .as_str()
            .expect("category")
            .to_owned(),
        orientation: orientation["id"].as_str().expect("id").to_owned(),
        services: r["slate"]
            .as_array()
            .expect("slate")
            .iter()
            .map(|s| s["id"].as_str().expect("service id").to_owned())
            .collect(),
    }
}

/// A visit form body: businesses as (id, contacts met), `presented` services by index.
pub fn visit_body(
    r: &Reference,
    mode: &str,
    businesses: &[(&str, &[&str])],
    presented: usize,
) -> String {
    let mut body = format!(
        "draft%5Bdate%5D=2026-11-02&draft%5Bcategory%5D={}&draft%5Bactivity_type%5D={}&draft%5Bmode%5D={mode}&draft%5Bjobseekers_hired%5D=1",
        r.category, r.orientation
    );
    for (n, (business, met)) in businesses.iter().enumerate() {
        body.push_str(&format!(
            "&draft%5Bbusinesses%5D%5B{n}%5D%5Bbusiness%5D={business}"
        ));
        for (m, contact) in met.iter().enumerate() {
            body.push_str(&format!(
                "&draft%5Bbusinesses%5D%5B{n}%5D%5Bcontacts_met%5D%5B{m}%5D={contact}"
            ));
        }
    }
    for (n, service) in r.services.iter().take(presented).enumerate() {
        body.push_str(&format!("&draft%5Bpresented%5D%5B{n}%5D={service}"));
    }
    body
}

/// A director of a board other than Springfield's (the demo rep's center); signed in.
pub async fn outside_director(server: &TestServer, email: &str) -> String {
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
    use server::entities::{board, center, user};
    let springfield = center::Entity::find()
        .filter(center::Column::City.eq("Springfield"))
        .one(&server.db)
        .await
        .expect("query")
        .expect("the demo center");
    let other_board = board::Entity::find()
        .filter(board::Column::Id.ne(springfield.board_id))
        .one(&server.db)
        .await
        .expect("query")
        .expect("another board");
    let mut scoped = user::Entity::find()
        .filter(user::Column::Email.eq("director@bizworks.test"))
        .one(&server.db)
        .await
        .expect("query")
        .expect("the demo director");
    scoped.id = uuid::Uuid::now_v7();
    scoped.email = email.to_owned();
    scoped.scope_kind = Some("board".to_owned());
    scoped.scope_id = Some(other_board.id);
    scoped
        .into_active_model()
        .insert(&server.db)
        .await
        .expect("insert");
    server.sign_in(email).await
}
