//! Administrators invite and deactivate accounts; nobody else can, on SQLite and PostgreSQL.

mod common;

use common::{Engine, TestServer, encode, location, session_token};
use reqwest::StatusCode;

const ADMIN: &str = "admin@bizworks.test";
const REP: &str = "rep@bizworks.test";
const DIRECTOR: &str = "director@bizworks.test";

fn invite(email: &str, role: &str, unit: &str) -> String {
    format!(
        "draft%5Bemail%5D={}&draft%5Bdisplay_name%5D=Jo%20Newcomer&draft%5Brole%5D={role}&draft%5Bunit%5D={}",
        encode(email),
        encode(unit)
    )
}

on_both_engines!(
    an_invited_rep_signs_in_and_a_deactivated_one_cannot,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let admin = server.sign_in(ADMIN).await;
        let (status, units) = server.call("get_org_units", "", &admin).await;
        assert_eq!(status, StatusCode::OK, "{units}");
        assert_eq!(units["centers"].as_array().map(Vec::len), Some(32));
        let center = units["centers"][0]["id"]
            .as_str()
            .expect("a center")
            .to_owned();

        let (status, error) = server
            .call(
                "invite_user",
                &invite("jo@bizworks.test", "rep", "state"),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["InvalidFields"][0]["field"], "unit");
        let (status, invited) = server
            .call(
                "invite_user",
                &invite("Jo@BizWorks.test", "rep", &format!("center:{center}")),
                &admin,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{invited}");
        assert_eq!(invited["email"], "jo@bizworks.test");
        let password = invited["temporary_password"]
            .as_str()
            .expect("a password")
            .to_owned();
        assert_eq!(password.len(), 12);
        let (status, _) = server
            .call(
                "invite_user",
                &invite("jo@bizworks.test", "rep", &format!("center:{center}")),
                &admin,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "one account per e-mail"
        );

        let signed_in = server
            .try_sign_in("jo@bizworks.test", &password, None)
            .await;
        assert_eq!(location(&signed_in), "/account/password");
        let jo = session_token(&signed_in).expect("a session");

        // The temporary password opens only the change-password form.
        let held = server.get("/visits", Some(&jo)).await;
        assert_eq!(held.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&held), "/account/password");
        let (status, _) = server.call("list_visits", "", &jo).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "server functions refuse too");
        assert_eq!(
            server.get("/account/password", Some(&jo)).await.status(),
            StatusCode::OK
        );
        let change = |current: &str, new: &str, confirm: &str| {
            format!(
                "current={}&new_password={}&confirm={}",
                encode(current),
                encode(new),
                encode(confirm)
            )
        };
        let chosen = "river lantern orchard";
        for (body, problem) in [
            (change(&password, "short", "short"), "too_short"),
            (change(&password, chosen, "river lantern"), "mismatch"),
            (change(&password, &password, &password), "unchanged"),
            (change("not it at all", chosen, chosen), "wrong_current"),
        ] {
            let refused = server
                .post_form("/account/password", &body, Some(&jo))
                .await;
            assert_eq!(
                location(&refused),
                format!("/account/password?error={problem}")
            );
        }
        assert_eq!(
            server.get("/visits", Some(&jo)).await.status(),
            StatusCode::SEE_OTHER,
            "still held after refusals"
        );
        // A second device signed in with the temporary password is signed out by the change.
        let other = session_token(
            &server
                .try_sign_in("jo@bizworks.test", &password, None)
                .await,
        )
        .expect("a second session");
        let changed = server
            .post_form(
                "/account/password",
                &change(&password, chosen, chosen),
                Some(&jo),
            )
            .await;
        assert_eq!(location(&changed), "/?password=changed");
        assert_eq!(
            server.get("/visits", Some(&jo)).await.status(),
            StatusCode::OK
        );
        assert!(
            server
                .get("/visits", Some(&other))
                .await
                .status()
                .is_redirection()
                && location(&server.get("/visits", Some(&other)).await).starts_with("/sign-in"),
            "the other session ended"
        );
        let refused = server
            .try_sign_in("jo@bizworks.test", &password, None)
            .await;
        assert!(location(&refused).starts_with("/sign-in?error=credentials"));
        let password = chosen.to_owned();

        let (_, users) = server.call("list_users", "", &admin).await;
        let id = users
            .as_array()
            .expect("users")
            .iter()
            .find(|u| u["email"] == "jo@bizworks.test")
            .and_then(|u| u["id"].as_str())
            .expect("listed")
            .to_owned();
        let (status, _) = server
            .call("set_user_active", &format!("id={id}&active=false"), &admin)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            server
                .get("/visits", Some(&jo))
                .await
                .status()
                .is_redirection(),
            "signed out at once"
        );
        let refused = server
            .try_sign_in("jo@bizworks.test", &password, None)
            .await;
        assert!(location(&refused).starts_with("/sign-in?error=credentials"));
        let (status, _) = server
            .call("set_user_active", &format!("id={id}&active=true"), &admin)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            location(
                &server
                    .try_sign_in("jo@bizworks.test", &password, None)
                    .await
            ),
            "/"
        );

        // An administrator cannot lock themselves out.
        let me = users
            .as_array()
            .expect("users")
            .iter()
            .find(|u| u["email"] == ADMIN)
            .and_then(|u| u["id"].as_str())
            .expect("listed")
            .to_owned();
        let (status, _) = server
            .call("set_user_active", &format!("id={me}&active=false"), &admin)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
);

on_both_engines!(
    only_administrators_manage_accounts,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        for who in [REP, DIRECTOR] {
            let session = server.sign_in(who).await;
            assert_eq!(
                server.call("get_org_units", "", &session).await.0,
                StatusCode::FORBIDDEN,
                "{who}"
            );
            assert_eq!(
                server.call("list_users", "", &session).await.0,
                StatusCode::FORBIDDEN,
                "{who}"
            );
            assert_eq!(
                server
                    .call(
                        "invite_user",
                        &invite("x@bizworks.test", "admin", ""),
                        &session
                    )
                    .await
                    .0,
                StatusCode::FORBIDDEN,
                "{who}"
            );
        }
    }
);
