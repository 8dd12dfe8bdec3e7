//! Fault injection: simulated devices sync through a small proxy that drops requests and
//! answers, duplicates and reorders pushes, and restarts the server in the middle of a push.
//! Each server instance runs on its own runtime and thread, so a restart kills its in-flight
//! requests and database connections, as a crash would. After every seeded run, once the
//! network heals, each device's latest intent is on the server, nothing is pending, and no
//! change was applied twice.
//!
//! CI runs a few seeds on SQLite and PostgreSQL. More, or one seed again:
//!
//! ```sh
//! BIZWORKS_FAULT_SEEDS=1000 cargo test -p server --test faults -- --nocapture
//! BIZWORKS_FAULT_SEED=4242 cargo test -p server --test faults -- --nocapture
//! .ci/with-postgres env BIZWORKS_FAULT_SEEDS=1000 cargo test -p server --test faults
//! ```

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::mpsc;
use std::time::Duration;

use app::model::{
    BusinessDraft, BusinessId, ContactDraft, ContactId, VisitBusinessDraft, VisitDraft,
};
use app::sync::outbox::{EntryState, Outbox};
use app::sync::protocol::{ChangeBody, PushRequest, PushResponse};
use chrono::Utc;
use common::{Engine, encode, fresh_database, session_token};
use leptos::config::LeptosOptions;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::seed::demo::{self, DemoSize};
use server::{AppState, Config, db, router};
use uuid::Uuid;

/// A server instance on its own runtime; killing it drops every task and connection.
struct Instance {
    base: String,
    kill: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Instance {
    fn boot(url: &str) -> Instance {
        let url = url.to_owned();
        let (ready, started) = mpsc::channel();
        let (kill, killed) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let database = db::connect(&url).await.expect("open the database");
                let options = LeptosOptions::builder()
                    .output_name("bizworks")
                    .site_root("target/site")
                    .site_pkg_dir("pkg")
                    .build();
                let config = Config {
                    database_url: url.clone(),
                    ..Config::default()
                };
                let state = AppState::new(options, database, config);
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("a free port");
                let addr = listener.local_addr().expect("bound");
                tokio::spawn(async move {
                    let _ = axum::serve(
                        listener,
                        router(state).into_make_service_with_connect_info::<SocketAddr>(),
                    )
                    .await;
                });
                let _ = ready.send(format!("http://{addr}"));
            });
            // Serve until killed, then drop everything at once.
            let _ = killed.recv();
            runtime.shutdown_background();
        });
        let base = started.recv().expect("the server started");
        Instance {
            base,
            kill: Some(kill),
            thread: Some(thread),
        }
    }

    fn kill(&mut self) {
        if let Some(kill) = self.kill.take() {
            let _ = kill.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// What the network does to one push.
#[derive(Clone, Copy, Debug)]
enum Fault {
    None,
    DropRequest,
    DropAnswer,
    Duplicate,
    /// Held back, delivered later (after newer pushes): reordered.
    HoldBack,
    /// The server is killed and started again while the push is in flight.
    Restart,
}

/// A simulated device: the app's own outbox, and what its rep meant to record.
struct Device {
    id: Uuid,
    session: String,
    outbox: Outbox,
    business: BusinessId,
    contact: ContactId,
    /// Each visit's latest notes, as the rep last saved them.
    intent: BTreeMap<Uuid, String>,
    /// Every number each record went out under.
    numbers: HashMap<Uuid, BTreeSet<u64>>,
}

struct Rig {
    url: String,
    server: Instance,
    client: reqwest::Client,
    rng: StdRng,
    held: Vec<(usize, String, serde_json::Value)>,
    category: String,
    activity: String,
    log: Vec<String>,
}

impl Rig {
    async fn sign_in(&self, email: &str) -> String {
        let response = self
            .client
            .post(format!("{}/auth/sign-in", self.server.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", &self.server.base)
            .body(format!(
                "email={}&password={}",
                encode(email),
                encode(demo::PASSWORD)
            ))
            .send()
            .await
            .expect("sign in");
        session_token(&response).expect("a session")
    }

    async fn send(
        client: &reqwest::Client,
        base: &str,
        session: &str,
        body: &serde_json::Value,
    ) -> Option<PushResponse> {
        let response = client
            .post(format!("{base}/api/sync/push"))
            .header("content-type", "application/json")
            .header("origin", base)
            .header("cookie", format!("bizworks_session={session}"))
            .body(body.to_string())
            .timeout(Duration::from_secs(20))
            .send()
            .await
            .ok()?;
        if response.status() != StatusCode::OK {
            return None;
        }
        serde_json::from_str(&response.text().await.ok()?).ok()
    }

    fn restart(&mut self) {
        self.server.kill();
        self.server = Instance::boot(&self.url);
    }

    /// One push through the faulty network; the answer the device gets, if any.
    async fn push(
        &mut self,
        device: usize,
        session: &str,
        body: serde_json::Value,
        fault: Fault,
    ) -> Option<PushResponse> {
        let base = self.server.base.clone();
        match fault {
            Fault::None => Self::send(&self.client, &base, session, &body).await,
            Fault::DropRequest => None,
            Fault::DropAnswer => {
                Self::send(&self.client, &base, session, &body).await;
                None
            }
            Fault::Duplicate => {
                let (a, b) = tokio::join!(
                    Self::send(&self.client, &base, session, &body),
                    Self::send(&self.client, &base, session, &body)
                );
                a.or(b)
            }
            Fault::HoldBack => {
                self.held.push((device, session.to_owned(), body));
                None
            }
            Fault::Restart => {
                let client = self.client.clone();
                let session = session.to_owned();
                let in_flight =
                    tokio::spawn(async move { Self::send(&client, &base, &session, &body).await });
                tokio::time::sleep(Duration::from_millis(self.rng.gen_range(0..15))).await;
                self.restart();
                in_flight.await.ok().flatten()
            }
        }
    }

    /// Delivers a push held back earlier; its answer reaches the device late.
    async fn deliver_late(&mut self, devices: &mut [Device]) {
        if self.held.is_empty() {
            return;
        }
        let i = self.rng.gen_range(0..self.held.len());
        let (device, session, body) = self.held.remove(i);
        if let Some(answer) = Self::send(&self.client, &self.server.base, &session, &body).await {
            devices[device].outbox.apply(&answer, Utc::now());
        }
    }
}

fn visit_body(rig: &Rig, device: &Device, notes: &str) -> ChangeBody {
    ChangeBody::Visit {
        draft: VisitDraft {
            date: "2026-11-02".to_owned(),
            category: rig.category.clone(),
            activity_type: rig.activity.clone(),
            mode: "in_person".to_owned(),
            businesses: vec![VisitBusinessDraft {
                business: Some(device.business),
                contacts_met: vec![device.contact],
            }],
            jobseekers_hired: "0".to_owned(),
            notes: notes.to_owned(),
            ..VisitDraft::default()
        },
        recorded_at: Some(Utc::now()),
    }
}

fn base_of(outbox: &Outbox, id: Uuid) -> Option<i64> {
    outbox.entry_for(id).and_then(|e| match e.state {
        EntryState::Sent { version, .. } => Some(version),
        _ => e.base_version,
    })
}

async fn sync(rig: &mut Rig, devices: &mut [Device], d: usize, fault: Fault) {
    let batch = devices[d].outbox.next_batch(rig.rng.gen_range(1..6));
    if batch.is_empty() {
        return;
    }
    for change in &batch {
        devices[d]
            .numbers
            .entry(change.id)
            .or_default()
            .insert(change.mutation);
    }
    let request = PushRequest {
        device: app::model::DeviceId(devices[d].id),
        app_version: "fault-test".to_owned(),
        pending: u32::try_from(devices[d].outbox.pending()).unwrap_or(0),
        storage_used: None,
        changes: batch,
    };
    let body = serde_json::to_value(&request).expect("serialises");
    let session = devices[d].session.clone();
    if let Some(answer) = rig.push(d, &session, body, fault).await {
        devices[d].outbox.apply(&answer, Utc::now());
    }
}

/// One seeded run; `Err` says what broke.
async fn run(engine: Engine, seed: u64) -> Result<(), String> {
    let Some(scratch) = fresh_database(engine).await else {
        return Ok(());
    };
    let url = scratch.url().to_owned();
    let database = db::connect(&url).await.map_err(|e| e.to_string())?;
    db::migrate(&database, &url)
        .await
        .map_err(|e| e.to_string())?;
    demo::seed(&database, DemoSize::accounts_only())
        .await
        .map_err(|e| e.to_string())?;
    let mut rig = Rig {
        server: Instance::boot(&url),
        url,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?,
        rng: StdRng::seed_from_u64(seed),
        held: Vec::new(),
        category: String::new(),
        activity: String::new(),
        log: Vec::new(),
    };
    let outcome = exercise(&mut rig, &database, seed).await;
    rig.server.kill();
    outcome.map_err(|broken| format!("{broken}\nwhat happened:\n{}", rig.log.join("\n")))
}

async fn exercise(
    rig: &mut Rig,
    database: &sea_orm::DatabaseConnection,
    seed: u64,
) -> Result<(), String> {
    let reference: serde_json::Value = {
        let session = rig.sign_in("rep@bizworks.test").await;
        let response = rig
            .client
            .get(format!("{}/api/sync/reference", rig.server.base))
            .header("cookie", format!("bizworks_session={session}"))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let text = response.text().await.map_err(|e| e.to_string())?;
        serde_json::from_str(&text).map_err(|e| e.to_string())?
    };
    let activity = reference["reference"]["activity_types"][0].clone();
    rig.category = activity["category"].as_str().unwrap_or_default().to_owned();
    rig.activity = activity["id"].as_str().unwrap_or_default().to_owned();

    let mut devices = Vec::new();
    for (n, email) in [
        "rep@bizworks.test",
        "rep@bizworks.test",
        "rep.worcester@bizworks.test",
    ]
    .into_iter()
    .enumerate()
    {
        let session = rig.sign_in(email).await;
        let mut outbox = Outbox::new();
        let business = BusinessId::new_v7();
        let contact = ContactId::new_v7();
        outbox.record(
            business.0,
            None,
            ChangeBody::Business {
                draft: BusinessDraft {
                    legal_name: format!("Fault Test Works {seed}-{n}"),
                    naics: "332710".to_owned(),
                    address: "1 Test Road".to_owned(),
                    city: "Springfield".to_owned(),
                    zip: "01103".to_owned(),
                    stage: "growth".to_owned(),
                    ..BusinessDraft::default()
                },
                base: None,
            },
            "business".to_owned(),
            Utc::now(),
            true,
        );
        outbox.record(
            contact.0,
            None,
            ChangeBody::Contact {
                business,
                draft: ContactDraft {
                    name: format!("Owner {n}"),
                    key_representative: true,
                    ..ContactDraft::default()
                },
                base: None,
            },
            "contact".to_owned(),
            Utc::now(),
            true,
        );
        devices.push(Device {
            id: Uuid::now_v7(),
            session,
            outbox,
            business,
            contact,
            intent: BTreeMap::new(),
            numbers: HashMap::new(),
        });
    }

    let steps = rig.rng.gen_range(25..45);
    for step in 0..steps {
        let d = rig.rng.gen_range(0..devices.len());
        let roll = rig.rng.gen_range(0..100);
        if roll < 40 {
            // Record a new visit, or change one already recorded.
            let id = match devices[d].intent.keys().copied().collect::<Vec<_>>() {
                known if !known.is_empty() && rig.rng.gen_bool(0.4) => {
                    known[rig.rng.gen_range(0..known.len())]
                }
                _ => Uuid::now_v7(),
            };
            let notes = format!("seed {seed} step {step} device {d}");
            let body = visit_body(rig, &devices[d], &notes);
            let base = base_of(&devices[d].outbox, id);
            devices[d]
                .outbox
                .record(id, base, body, "visit".to_owned(), Utc::now(), true);
            devices[d].intent.insert(id, notes);
            rig.log.push(format!("{step}: device {d} records {id}"));
        } else if roll < 45 {
            rig.log.push(format!("{step}: a held push arrives late"));
            rig.deliver_late(&mut devices).await;
        } else {
            let fault = match rig.rng.gen_range(0..12) {
                0..=3 => Fault::None,
                4 => Fault::DropRequest,
                5 | 6 => Fault::DropAnswer,
                7 | 8 => Fault::Duplicate,
                9 | 10 => Fault::HoldBack,
                _ => Fault::Restart,
            };
            rig.log.push(format!("{step}: device {d} syncs, {fault:?}"));
            sync(rig, &mut devices, d, fault).await;
        }
    }

    // The network heals: held pushes arrive, then every device syncs until nothing waits.
    while !rig.held.is_empty() {
        rig.deliver_late(&mut devices).await;
    }
    for d in 0..devices.len() {
        for _ in 0..50 {
            if devices[d].outbox.queued() == 0 {
                break;
            }
            sync(rig, &mut devices, d, Fault::None).await;
        }
        let left: Vec<String> = devices[d]
            .outbox
            .entries
            .iter()
            .filter(|e| e.state.is_pending())
            .map(|e| format!("{} {:?}", e.label, e.state))
            .collect();
        if !left.is_empty() {
            return Err(format!("device {d} still holds {left:?}"));
        }
    }

    // Nothing lost: each visit as its rep last saved it. Nothing doubled: no more changes
    // applied to a record than numbers it went out under, and each record created once.
    let db = database;
    for (d, device) in devices.iter().enumerate() {
        for (id, notes) in &device.intent {
            let stored = server::entities::visit::Entity::find_by_id(*id)
                .one(db)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("device {d}: visit {id} was lost"))?;
            if &stored.notes != notes {
                return Err(format!(
                    "device {d}: visit {id} holds {:?}, meant {notes:?}",
                    stored.notes
                ));
            }
            let applied = server::entities::audit_log::Entity::find()
                .filter(server::entities::audit_log::Column::Entity.eq("visit"))
                .filter(server::entities::audit_log::Column::EntityId.eq(id.to_string()))
                .all(db)
                .await
                .map_err(|e| e.to_string())?;
            let created = applied.iter().filter(|a| a.action == "recorded").count();
            let sent = device.numbers.get(id).map_or(0, BTreeSet::len);
            if created != 1 || applied.len() > sent || stored.version != applied.len() as i64 {
                return Err(format!(
                    "device {d}: visit {id} recorded {created} times, changed {} times under {sent} numbers, version {}",
                    applied.len(),
                    stored.version
                ));
            }
        }
        let created = server::entities::audit_log::Entity::find()
            .filter(server::entities::audit_log::Column::EntityId.eq(device.business.0.to_string()))
            .filter(server::entities::audit_log::Column::Action.eq("created"))
            .all(db)
            .await
            .map_err(|e| e.to_string())?;
        if created.len() != 1 {
            return Err(format!(
                "device {d}: its business was created {} times",
                created.len()
            ));
        }
    }
    Ok(())
}

fn seeds() -> Vec<u64> {
    if let Ok(seed) = std::env::var("BIZWORKS_FAULT_SEED") {
        return seed.parse().map(|s| vec![s]).unwrap_or_default();
    }
    let count = std::env::var("BIZWORKS_FAULT_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3u64);
    (1..=count).map(|n| n * 7919).collect()
}

fn run_all(engine: Engine) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    for seed in seeds() {
        if let Err(broken) = runtime.block_on(run(engine, seed)) {
            panic!(
                "{engine:?}, seed {seed}: {broken}\nreplay: BIZWORKS_FAULT_SEED={seed} cargo test -p server --test faults"
            );
        }
        println!("{engine:?}: seed {seed} held");
    }
}

#[test]
fn nothing_lost_nothing_doubled_sqlite() {
    run_all(Engine::Sqlite);
}

#[test]
fn nothing_lost_nothing_doubled_postgres() {
    run_all(Engine::Postgres);
}
