//! Who may do what to a visit and a business, as one table: every person (and nobody signed
//! in) against every action, on a visit written by the demo rep. Each cell is checked at the
//! server, over HTTP, on SQLite and PostgreSQL: hiding a button is not access control.

mod common;

use common::fixtures::{business_with_contact, outside_director, reference, visit_body};
use common::{Engine, TestServer};
use reqwest::StatusCode;

/// The people of the table. The visit's author is the demo rep (Springfield).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Nobody,
    Author,
    OtherRep,
    StateDirector,
    OtherBoardDirector,
    Coordinator,
    Admin,
}

const EVERYONE: [Who; 7] = [
    Who::Nobody,
    Who::Author,
    Who::OtherRep,
    Who::StateDirector,
    Who::OtherBoardDirector,
    Who::Coordinator,
    Who::Admin,
];

const OK: u16 = 200;
const NO_SESSION: u16 = 401;
const REFUSED: u16 = 403;

/// The answer each person gets, in the order of [`EVERYONE`].
struct Row {
    action: &'static str,
    expected: [u16; 7],
}

on_both_engines!(
    every_cross_owner_read_and_write_is_refused,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let mut sessions = Vec::new();
        for who in EVERYONE {
            let session = match who {
                Who::Nobody => String::new(),
                Who::Author => server.sign_in("rep@bizworks.test").await,
                Who::OtherRep => server.sign_in("rep.worcester@bizworks.test").await,
                Who::StateDirector => server.sign_in("director@bizworks.test").await,
                Who::OtherBoardDirector => {
                    outside_director(&server, "elsewhere.director@bizworks.test").await
                }
                Who::Coordinator => server.sign_in("coordinator@bizworks.test").await,
                Who::Admin => server.sign_in("admin@bizworks.test").await,
            };
            sessions.push((who, session));
        }
        let author = &sessions[1].1;
        let (business, contact) =
            business_with_contact(&server, author, "Access Table Works", true).await;
        let r = reference(&server, author).await;
        let body = visit_body(&r, "in_person", &[(&business, &[&contact])], 4);
        let (status, visit) = server.call("record_visit", &body, author).await;
        assert_eq!(status, StatusCode::OK, "{visit}");
        let visit = visit.as_str().expect("visit id").to_owned();

        // Writes refused to everyone but the allowed person leave nothing behind, so each
        // row can run through every person; the allowed writes come after the refusals.
        let rows = [
            Row {
                action: "get_visit",
                expected: [NO_SESSION, OK, REFUSED, OK, REFUSED, REFUSED, REFUSED],
            },
            Row {
                action: "get_editable_visit",
                expected: [NO_SESSION, OK, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
            },
            Row {
                action: "update_visit",
                expected: [NO_SESSION, OK, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
            },
            Row {
                action: "review_visit",
                expected: [NO_SESSION, REFUSED, REFUSED, OK, REFUSED, REFUSED, REFUSED],
            },
            Row {
                action: "list_visits",
                expected: [NO_SESSION, OK, OK, OK, OK, REFUSED, REFUSED],
            },
            Row {
                action: "get_business",
                expected: [NO_SESSION, OK, OK, OK, OK, REFUSED, OK],
            },
            Row {
                action: "update_contact",
                expected: [NO_SESSION, OK, OK, OK, OK, REFUSED, OK],
            },
            Row {
                action: "delete_visit",
                expected: [NO_SESSION, OK, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
            },
        ];
        let request = |action: &str| -> String {
            match action {
                "update_visit" => format!("id={visit}&{body}"),
                "review_visit" => format!("id={visit}&comment=Check%20the%20contact"),
                "list_visits" => "filter%5Bonly%5D=all".to_owned(),
                "get_business" => format!("id={business}"),
                "update_contact" => {
                    format!(
                        "id={contact}&draft%5Bname%5D=Sam%20Lee&draft%5Bkey_representative%5D=true"
                    )
                }
                _ => format!("id={visit}"),
            }
        };
        let mut wrong = Vec::new();
        for row in &rows {
            // Refusals first, then the allowed calls, so a refused write can never hide
            // behind an earlier allowed one (say, a delete).
            let order = sessions
                .iter()
                .zip(row.expected)
                .filter(|(_, expected)| *expected != OK)
                .chain(sessions.iter().zip(row.expected).filter(|(_, e)| *e == OK));
            for ((who, session), expected) in order {
                let (status, answer) = server.call(row.action, &request(row.action), session).await;
                if status.as_u16() != expected {
                    wrong.push(format!(
                        "{} by {who:?}: expected {expected}, got {status} {answer}",
                        row.action
                    ));
                }
                if row.action == "list_visits" && status == StatusCode::OK {
                    // Lists filter in the query: only those who may read the visit see it.
                    let sees = answer["items"]
                        .as_array()
                        .is_some_and(|rows| rows.iter().any(|v| v["id"] == visit.as_str()));
                    let may = matches!(who, Who::Author | Who::StateDirector);
                    if sees != may {
                        wrong.push(format!("list_visits by {who:?}: sees the visit = {sees}"));
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "access table broken:\n{}",
            wrong.join("\n")
        );

        // The deleted visit is gone for its author and the director alike.
        for who in [Who::Author, Who::StateDirector] {
            let session = &sessions.iter().find(|(w, _)| *w == who).expect("person").1;
            let (status, _) = server
                .call("get_visit", &format!("id={visit}"), session)
                .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}");
        }
    }
);
