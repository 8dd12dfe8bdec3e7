//! The demo data: an organisation shaped like Massachusetts' (7 regions, 16 boards, 32
//! centers), the seven services of the slate, one account per role plus a rep per center,
//! and a few hundred businesses with a few thousand visits over three years. Loading it twice
//! changes nothing.

use app::model::Stage;
use chrono::Utc;
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

use super::generate::{self, GenerateError, Reference};
use crate::auth::password;
use crate::entities::{activity_type, board, center, region, service, user, visit_category};
use crate::storage::writer;

pub const PASSWORD: &str = "bizworks-demo";
pub const ADMIN_EMAIL: &str = "admin@bizworks.test";

/// How much generated data comes with the demo.
#[derive(Clone, Copy, Debug)]
pub struct DemoSize {
    pub businesses: u64,
    pub visits: u64,
}

impl DemoSize {
    pub fn full() -> Self {
        DemoSize {
            businesses: 300,
            visits: 3_000,
        }
    }

    /// Organisation and accounts only, for tests that need nothing else.
    pub fn accounts_only() -> Self {
        DemoSize {
            businesses: 0,
            visits: 0,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Generate(#[from] GenerateError),
    #[error(transparent)]
    Password(#[from] password::PasswordError),
}

/// A board and the cities of its two centers.
type Board = (&'static str, [&'static str; 2]);

/// Regions, their boards, and each board's two centers (city names).
const ORGANISATION: &[(&str, &[Board])] = &[
    (
        "Berkshire",
        &[("Berkshire Workforce Board", ["Pittsfield", "North Adams"])],
    ),
    (
        "Pioneer Valley",
        &[
            ("Hampden Workforce Board", ["Springfield", "Westfield"]),
            (
                "Franklin Hampshire Workforce Board",
                ["Greenfield", "Northampton"],
            ),
        ],
    ),
    (
        "Central",
        &[
            ("Central Workforce Board", ["Worcester", "Southbridge"]),
            ("North Central Workforce Board", ["Fitchburg", "Gardner"]),
        ],
    ),
    (
        "Northeast",
        &[
            (
                "Merrimack Valley Workforce Board",
                ["Lawrence", "Haverhill"],
            ),
            ("Greater Lowell Workforce Board", ["Lowell", "Chelmsford"]),
            ("North Shore Workforce Board", ["Salem", "Lynn"]),
        ],
    ),
    (
        "Greater Boston",
        &[
            ("Boston Workforce Board", ["Boston Downtown", "Roxbury"]),
            ("Metro North Workforce Board", ["Cambridge", "Woburn"]),
        ],
    ),
    (
        "Metro South/West",
        &[(
            "Metro South/West Workforce Board",
            ["Framingham", "Norwood"],
        )],
    ),
    (
        "Southeast",
        &[
            ("Brockton Area Workforce Board", ["Brockton", "Stoughton"]),
            ("South Shore Workforce Board", ["Quincy", "Plymouth"]),
            ("Bristol Workforce Board", ["Fall River", "Taunton"]),
            ("Cape and Islands Workforce Board", ["Hyannis", "Falmouth"]),
            (
                "Greater New Bedford Workforce Board",
                ["New Bedford", "Wareham"],
            ),
        ],
    ),
];

/// The state's slate of services, and the business-cycle stages each one suits.
pub const SLATE: &[(&str, &str, &[Stage])] = &[
    (
        "Recruiting, hiring, training and retention help",
        "Business Service Representatives in every career center help employers recruit, hire, train and keep staff.",
        &[Stage::StartUp, Stage::Growth, Stage::Stable],
    ),
    (
        "Workforce Training Fund",
        "Grants that help employers train their current employees.",
        &[Stage::Growth, Stage::Stable],
    ),
    (
        "Rapid Response",
        "Lay-off aversion, and re-employment help for workers when a lay-off cannot be avoided.",
        &[Stage::Decline, Stage::Closing],
    ),
    (
        "Work Share",
        "Keeps good employees through a down cycle with reduced hours instead of lay-offs.",
        &[Stage::Decline],
    ),
    (
        "On-the-Job Training and Learn-at-Work grants",
        "Support for innovative training at the workplace.",
        &[Stage::StartUp, Stage::Growth],
    ),
    (
        "Workforce Competitive Trust Fund",
        "Training for the skills that high-demand occupations need.",
        &[Stage::Growth],
    ),
    (
        "Office of Business Development",
        "Helps companies expand in the state or relocate to it.",
        &[Stage::Growth],
    ),
];

/// Visit categories and their activity types (name, counts as an orientation).
const ACTIVITIES: &[(&str, &[(&str, bool)])] = &[
    (
        "Marketing/Outreach Activities",
        &[
            ("BizWorks Orientation", true),
            ("Employer meeting", false),
            ("Business expo", false),
        ],
    ),
    (
        "Recruitment",
        &[("Job fair", false), ("Recruitment event", false)],
    ),
    ("Training", &[("Training grant consultation", false)]),
    ("Lay-off aversion", &[("Rapid Response meeting", false)]),
];

struct DemoAccount {
    email: &'static str,
    name: &'static str,
    role: &'static str,
}

const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "rep@bizworks.test",
        name: "Riley Santos",
        role: "rep",
    },
    DemoAccount {
        email: "director@bizworks.test",
        name: "Dana Whitfield",
        role: "director",
    },
    DemoAccount {
        email: "coordinator@bizworks.test",
        name: "Casey Okafor",
        role: "coordinator",
    },
    DemoAccount {
        email: ADMIN_EMAIL,
        name: "Alex Moreau",
        role: "admin",
    },
];

/// Whether the demo accounts are there.
pub async fn is_loaded(db: &DatabaseConnection) -> bool {
    user::Entity::find()
        .filter(user::Column::Email.eq(ADMIN_EMAIL))
        .count(db)
        .await
        .is_ok_and(|count| count > 0)
}

/// Loads the demo data unless it is already there; says what it did.
pub async fn seed(db: &DatabaseConnection, size: DemoSize) -> Result<String, SeedError> {
    if is_loaded(db).await {
        return Ok("The demo data is already loaded; nothing changed.".to_owned());
    }
    let started = std::time::Instant::now();
    let hash = password::hash(PASSWORD.to_owned()).await?;
    let now = Utc::now();
    let txn = writer::begin(db).await?;
    let mut first_center = None;
    let mut center_ids = Vec::new();
    for (region_name, boards) in ORGANISATION {
        let region_id = Uuid::now_v7();
        region::Model {
            id: region_id,
            name: (*region_name).to_owned(),
            created_at: now,
        }
        .into_active_model()
        .insert(&txn)
        .await?;
        for (board_name, cities) in *boards {
            let board_id = Uuid::now_v7();
            board::Model {
                id: board_id,
                region_id,
                name: (*board_name).to_owned(),
                created_at: now,
            }
            .into_active_model()
            .insert(&txn)
            .await?;
            for city in cities {
                let center_id = Uuid::now_v7();
                center::Model {
                    id: center_id,
                    board_id,
                    name: format!("{city} Career Center"),
                    city: (*city).to_owned(),
                    created_at: now,
                }
                .into_active_model()
                .insert(&txn)
                .await?;
                if *city == "Springfield" {
                    first_center = Some(center_id);
                }
                center_ids.push((center_id, *city));
            }
        }
    }
    for (position, (name, description, stages)) in SLATE.iter().enumerate() {
        service::Model {
            id: Uuid::now_v7(),
            name: (*name).to_owned(),
            description: (*description).to_owned(),
            position: position as i32,
            retired_at: None,
            created_at: now,
            suggested_for: Stage::join(stages),
        }
        .into_active_model()
        .insert(&txn)
        .await?;
    }
    let mut position = 0;
    for (index, (category, types)) in ACTIVITIES.iter().enumerate() {
        let category_id = Uuid::now_v7();
        visit_category::Model {
            id: category_id,
            name: (*category).to_owned(),
            position: index as i32,
            retired_at: None,
        }
        .into_active_model()
        .insert(&txn)
        .await?;
        for (name, is_orientation) in *types {
            activity_type::Model {
                id: Uuid::now_v7(),
                name: (*name).to_owned(),
                category_id: Some(category_id),
                is_orientation: *is_orientation,
                position,
                retired_at: None,
            }
            .into_active_model()
            .insert(&txn)
            .await?;
            position += 1;
        }
    }
    let new_user = |email: String, name: String, role: &str| user::Model {
        id: Uuid::now_v7(),
        email,
        display_name: name,
        password_hash: hash.clone(),
        role: role.to_owned(),
        center_id: None,
        scope_kind: None,
        scope_id: None,
        active: true,
        must_change_password: false,
        created_at: now,
        updated_at: now,
    };
    for account in ACCOUNTS {
        let mut model = new_user(
            account.email.to_owned(),
            account.name.to_owned(),
            account.role,
        );
        match account.role {
            "rep" => model.center_id = first_center,
            "director" => model.scope_kind = Some("state".to_owned()),
            _ => {}
        }
        model.into_active_model().insert(&txn).await?;
    }
    // One more rep per center, so every center has visits of its own.
    let mut rng = StdRng::seed_from_u64(2026);
    for (center_id, city) in &center_ids {
        if Some(*center_id) == first_center {
            continue;
        }
        let slug: String = city.to_lowercase().replace(' ', "-");
        let mut model = new_user(
            format!("rep.{slug}@bizworks.test"),
            generate::person_name(&mut rng),
            "rep",
        );
        model.center_id = Some(*center_id);
        model.into_active_model().insert(&txn).await?;
    }
    super::committees::load(&txn, now).await?;
    super::programs::load(&txn, now).await?;
    txn.commit().await?;
    let reference = Reference::load(db).await?;
    generate::fill(db, &reference, size.businesses, size.visits, 2026, false).await?;
    Ok(format!(
        "Loaded the demo data ({} centers, {} businesses, {} visits) in {:.1} s. Sign in as {ADMIN_EMAIL} with password {PASSWORD}.",
        center_ids.len(),
        size.businesses,
        size.visits,
        started.elapsed().as_secs_f64()
    ))
}
