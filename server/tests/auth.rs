//! Accounts and access over real HTTP, on SQLite and on PostgreSQL.

mod common;

use common::{Engine, TestServer, location, session_token, set_cookie};
use reqwest::StatusCode;
use server::seed::demo::ADMIN_EMAIL;

const REP: &str = "rep@bizworks.test";
const DIRECTOR: &str = "director@bizworks.test";
const COORDINATOR: &str = "coordinator@bizworks.test";

on_both_engines!(
    sign_in_starts_a_protected_session,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let response = server
            .try_sign_in("Rep@BizWorks.test ", "bizworks-demo", None)
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let cookie = set_cookie(&response);
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
        let token = session_token(&response).expect("a session token");
        let home = server.get("/", Some(&token)).await;
        assert_eq!(home.status(), StatusCode::OK);
        let html = home.text().await.expect("body");
        assert!(html.contains("Welcome, Riley"), "greets the rep");
        assert!(html.contains("Signed in as"), "shows the account");
    }
);

on_both_engines!(
    secure_cookies_when_configured,
    |engine: Engine| async move {
        let Some(server) = TestServer::start_with(engine, |c| c.secure_cookies = true).await else {
            return;
        };
        let response = server.try_sign_in(REP, "bizworks-demo", None).await;
        assert!(set_cookie(&response).contains("; Secure"));
    }
);

on_both_engines!(
    wrong_password_keeps_the_email_and_says_why,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let response = server.try_sign_in(REP, "not-it", None).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            location(&response),
            "/sign-in?error=credentials&email=rep%40bizworks.test"
        );
        assert!(session_token(&response).is_none());
        let page = server.get(&location(&response), None).await;
        let html = page.text().await.expect("body");
        assert!(html.contains("The e-mail or password is not right"));
        assert!(
            html.contains("value=\"rep@bizworks.test\""),
            "keeps what was typed"
        );
        // An unknown account gets the very same answer.
        let unknown = server.try_sign_in("nobody@bizworks.test", "x", None).await;
        assert_eq!(
            location(&unknown),
            "/sign-in?error=credentials&email=nobody%40bizworks.test"
        );
    }
);

on_both_engines!(
    failures_are_throttled_per_account,
    |engine: Engine| async move {
        let Some(server) =
            TestServer::start_with(engine, |c| c.sign_in_failures_per_hour = 3).await
        else {
            return;
        };
        for _ in 0..3 {
            let response = server.try_sign_in(DIRECTOR, "guess", None).await;
            assert!(location(&response).contains("error=credentials"));
        }
        // Even the right password is refused now, with a message that says why.
        let response = server.try_sign_in(DIRECTOR, "bizworks-demo", None).await;
        assert!(
            location(&response).starts_with("/sign-in?error=throttled"),
            "{}",
            location(&response)
        );
        assert!(session_token(&response).is_none());
        let page = server.get("/sign-in?error=throttled", None).await;
        assert!(
            page.text()
                .await
                .expect("body")
                .contains("Too many failed sign-ins")
        );
    }
);

on_both_engines!(
    each_role_reaches_only_its_pages,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let table: &[(&str, &[(&str, u16)])] = &[
            (
                REP,
                &[
                    ("/visits", 200),
                    ("/businesses", 200),
                    ("/dashboard", 403),
                    ("/admin", 403),
                    ("/assistance", 403),
                ],
            ),
            (
                DIRECTOR,
                &[
                    ("/dashboard", 200),
                    ("/visits", 200),
                    ("/admin", 403),
                    ("/assistance", 403),
                ],
            ),
            (
                COORDINATOR,
                &[
                    ("/assistance", 200),
                    ("/visits", 403),
                    ("/businesses", 403),
                    ("/admin", 403),
                ],
            ),
            (
                ADMIN_EMAIL,
                &[
                    ("/admin", 200),
                    ("/assistance", 200),
                    ("/visits", 403),
                    ("/dashboard", 403),
                ],
            ),
        ];
        for (email, pages) in table {
            let token = server.sign_in(email).await;
            for (path, status) in *pages {
                let response = server.get(path, Some(&token)).await;
                assert_eq!(response.status().as_u16(), *status, "{email} GET {path}");
                if *status == 403 {
                    assert!(response.text().await.expect("body").contains("Not allowed"));
                }
            }
        }
    }
);

on_both_engines!(
    signed_out_visitors_are_sent_to_sign_in,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let response = server.get("/admin", None).await;
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(location(&response), "/sign-in?next=/admin");
        let public = server.get("/programs", None).await;
        assert_eq!(public.status(), StatusCode::OK);
        let missing = server.get("/no-such-page", None).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(
            missing
                .text()
                .await
                .expect("body")
                .contains("Page not found")
        );
    }
);

on_both_engines!(
    server_functions_check_the_role_too,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let rep = server.sign_in(REP).await;
        let refused = server.post_form("/api/list_users", "", Some(&rep)).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let anonymous = server.post_form("/api/list_users", "", None).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        let admin = server.sign_in(ADMIN_EMAIL).await;
        let allowed = server.post_form("/api/list_users", "", Some(&admin)).await;
        assert_eq!(allowed.status(), StatusCode::OK);
        let body = allowed.text().await.expect("body");
        for email in [REP, DIRECTOR, COORDINATOR, ADMIN_EMAIL] {
            assert!(body.contains(email), "{email} listed");
        }
    }
);

on_both_engines!(
    cross_origin_posts_are_refused,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let admin = server.sign_in(ADMIN_EMAIL).await;
        let forged = server
            .post_form_from(
                "/api/list_users",
                "",
                Some(&admin),
                Some("http://evil.example"),
            )
            .await;
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);
        let bare = server
            .post_form_from("/auth/sign-out", "", Some(&admin), None)
            .await;
        assert_eq!(bare.status(), StatusCode::FORBIDDEN);
        // The session survived both attempts.
        assert_eq!(
            server.get("/admin", Some(&admin)).await.status(),
            StatusCode::OK
        );
    }
);

on_both_engines!(
    sign_out_ends_the_session_and_sign_in_renews_it,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let first = server.sign_in(ADMIN_EMAIL).await;
        // Signing in again while holding a session replaces it with a new id.
        let again = server
            .try_sign_in(ADMIN_EMAIL, "bizworks-demo", Some(&first))
            .await;
        let second = session_token(&again).expect("new session");
        assert_ne!(first, second);
        assert!(
            server
                .get("/admin", Some(&first))
                .await
                .status()
                .is_redirection()
        );
        assert_eq!(
            server.get("/admin", Some(&second)).await.status(),
            StatusCode::OK
        );
        let out = server.post_form("/auth/sign-out", "", Some(&second)).await;
        assert_eq!(out.status(), StatusCode::SEE_OTHER);
        assert!(set_cookie(&out).contains("Max-Age=0"));
        assert!(
            server
                .get("/admin", Some(&second))
                .await
                .status()
                .is_redirection()
        );
    }
);

on_both_engines!(idle_sessions_expire, |engine: Engine| async move {
    let Some(server) = TestServer::start_with(engine, |c| {
        c.session_idle = std::time::Duration::from_secs(1)
    })
    .await
    else {
        return;
    };
    let token = server.sign_in(ADMIN_EMAIL).await;
    assert_eq!(
        server.get("/admin", Some(&token)).await.status(),
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let expired = server.get("/admin", Some(&token)).await;
    assert!(expired.status().is_redirection());
    assert_eq!(location(&expired), "/sign-in?error=expired&next=/admin");
    // The expired session is gone: the next request is simply signed out.
    let after = server.get("/admin", Some(&token)).await;
    assert_eq!(location(&after), "/sign-in?next=/admin");
});

on_both_engines!(
    sessions_end_at_their_lifetime_however_busy,
    |engine: Engine| async move {
        let Some(server) = TestServer::start_with(engine, |c| {
            c.session_lifetime = std::time::Duration::from_secs(2)
        })
        .await
        else {
            return;
        };
        let token = server.sign_in(ADMIN_EMAIL).await;
        // Used all along, so never idle (eight hours allowed), yet it ends.
        for _ in 0..4 {
            assert_eq!(
                server.get("/admin", Some(&token)).await.status(),
                StatusCode::OK
            );
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
        let expired = server.get("/admin", Some(&token)).await;
        assert_eq!(location(&expired), "/sign-in?error=expired&next=/admin");
        let after = server.get("/admin", Some(&token)).await;
        assert_eq!(location(&after), "/sign-in?next=/admin");
    }
);

on_both_engines!(
    pages_carry_security_headers_and_a_matching_nonce,
    |engine: Engine| async move {
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let response = server.get("/", None).await;
        let headers = response.headers().clone();
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in the policy")
            .to_owned();
        let html = response.text().await.expect("body");
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "scripts carry the nonce"
        );
        assert_eq!(
            headers.get("x-content-type-options").map(|v| v.as_bytes()),
            Some(&b"nosniff"[..])
        );
        assert_eq!(
            headers.get("x-frame-options").map(|v| v.as_bytes()),
            Some(&b"DENY"[..])
        );
        assert!(headers.get("referrer-policy").is_some());
        let health = server.get("/healthz", None).await;
        assert_eq!(health.status(), StatusCode::OK);
        assert!(health.headers().get("content-security-policy").is_some());
    }
);

on_both_engines!(
    every_account_is_told_the_unit_it_works_for_as_it_is_named_now,
    |engine: Engine| async move {
        use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
        use server::entities::{board, center, region, user};
        let Some(server) = TestServer::start(engine).await else {
            return;
        };
        let db = &server.db;
        let springfield = center::Entity::find()
            .filter(center::Column::City.eq("Springfield"))
            .one(db)
            .await
            .expect("query")
            .expect("the demo center");
        let its_board = board::Entity::find_by_id(springfield.board_id)
            .one(db)
            .await
            .expect("query")
            .expect("its board");
        let its_region = region::Entity::find_by_id(its_board.region_id)
            .one(db)
            .await
            .expect("query")
            .expect("its region");
        let director = user::Entity::find()
            .filter(user::Column::Email.eq(DIRECTOR))
            .one(db)
            .await
            .expect("query")
            .expect("the demo director");
        // A director per kind of scope, each also at a center (as the demo rep is), which
        // names the unit only when the scope does not: one whose board no longer exists, one
        // with a scope of no kind we know, and one whose region has no id.
        let springfields = springfield.name.clone();
        let scopes = [
            ("state", None, "Statewide".to_owned()),
            (
                "region",
                Some(its_region.id),
                format!("{} region", its_region.name),
            ),
            ("board", Some(its_board.id), its_board.name.clone()),
            ("center", Some(springfield.id), springfields.clone()),
            (
                "board",
                Some(uuid::Uuid::now_v7()),
                "Unknown unit".to_owned(),
            ),
            ("county", Some(its_board.id), springfields.clone()),
            ("region", None, springfields.clone()),
        ];
        let unit_name = |token: String| {
            let server = &server;
            async move {
                let (status, me) = server.call("current_user", "", &token).await;
                assert_eq!(status, StatusCode::OK, "{me}");
                me["unit_name"].as_str().expect("a unit name").to_owned()
            }
        };
        for (n, (kind, id, expected)) in scopes.into_iter().enumerate() {
            let mut scoped = director.clone();
            scoped.id = uuid::Uuid::now_v7();
            scoped.email = format!("scoped{n}@bizworks.test");
            scoped.scope_kind = Some(kind.to_owned());
            scoped.scope_id = id;
            scoped.center_id = Some(springfield.id);
            scoped.into_active_model().insert(db).await.expect("insert");
            let token = server.sign_in(&format!("scoped{n}@bizworks.test")).await;
            assert_eq!(unit_name(token).await, expected, "a {kind} scope");
        }
        // A rep has no scope: their center is their unit, and a new name shows at once.
        let rep = server.sign_in(REP).await;
        assert_eq!(unit_name(rep.clone()).await, springfield.name);
        let mut renamed = springfield.clone().into_active_model();
        renamed.name = sea_orm::Set("Springfield Works".to_owned());
        renamed.update(db).await.expect("rename");
        assert_eq!(unit_name(rep).await, "Springfield Works");
        // An administrator works for no unit in particular.
        let admin = server.sign_in(ADMIN_EMAIL).await;
        assert_eq!(unit_name(admin).await, "Statewide");
    }
);
