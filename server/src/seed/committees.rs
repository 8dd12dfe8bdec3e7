//! The demo's committees and regional teams: the four committees the program names, a team
//! per region, chairs, members, six months of meetings with attendance (one member falling
//! behind), and a meeting to come.

use app::model::{CommitteeKind, MemberRole};
use app::rules::membership::JoinMode;
use app::rules::participation::{Attendance, Rule};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use uuid::Uuid;

use crate::entities::{attendance, committee, committee_member, meeting, region, user};

struct Group {
    name: &'static str,
    purpose: &'static str,
    mode: JoinMode,
    capacity: Option<i32>,
    interests: &'static str,
    /// The chair's e-mail.
    chair: &'static str,
}

const COMMITTEES: &[Group] = &[
    Group {
        name: "Systems Development and Tracking",
        purpose: "Keeps the tracking system and its reports true to how reps work.",
        mode: JoinMode::Apply,
        capacity: Some(12),
        interests: "data,reporting,systems",
        chair: "coordinator@bizworks.test",
    },
    Group {
        name: "Marketing",
        purpose: "Tells employers what the workforce system offers, in one voice.",
        mode: JoinMode::Open,
        capacity: None,
        interests: "marketing,outreach,events",
        chair: "director@bizworks.test",
    },
    Group {
        name: "Training",
        purpose: "Trains business services staff: the slate, the orientation, the tools.",
        mode: JoinMode::Apply,
        capacity: Some(3),
        interests: "training,onboarding",
        chair: "coordinator@bizworks.test",
    },
    Group {
        name: "MOSES workgroup",
        purpose: "Works through changes to MOSES with the state's system team.",
        mode: JoinMode::Invite,
        capacity: None,
        interests: "data,systems",
        chair: "director@bizworks.test",
    },
];

fn member(
    committee: Uuid,
    person: Uuid,
    role: MemberRole,
    joined: DateTime<Utc>,
) -> committee_member::Model {
    committee_member::Model {
        committee_id: committee,
        user_id: person,
        role: role.as_str().to_owned(),
        status: "active".to_owned(),
        joined_on: joined.date_naive(),
        term_ends_on: Some((joined + Duration::days(730)).date_naive()),
        interests: String::new(),
        expertise: String::new(),
        changed_at: joined,
    }
}

/// A demo account's id by e-mail, if the accounts are loaded.
pub(super) async fn person(db: &impl ConnectionTrait, email: &str) -> Result<Option<Uuid>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .map(|u| u.id))
}

/// Loads the committees; the accounts and regions must be there.
pub async fn load(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    let rule = serde_json::to_string(&Rule::default()).unwrap_or_default();
    let rep = person(db, "rep@bizworks.test").await?;
    let started = now - Duration::days(200);
    for group in COMMITTEES {
        let id = Uuid::now_v7();
        committee::Model {
            id,
            kind: CommitteeKind::Committee.as_str().to_owned(),
            region_id: None,
            name: group.name.to_owned(),
            purpose: group.purpose.to_owned(),
            join_mode: group.mode.as_str().to_owned(),
            capacity: group.capacity,
            rule: rule.clone(),
            interests: group.interests.to_owned(),
            created_at: started,
            archived_at: None,
        }
        .into_active_model()
        .insert(db)
        .await?;
        let Some(chair) = person(db, group.chair).await? else {
            continue;
        };
        member(id, chair, MemberRole::Chair, started)
            .into_active_model()
            .insert(db)
            .await?;
        if group.name != "Marketing" {
            continue;
        }
        // Marketing meets monthly; the demo rep came to the first two of six, then stopped:
        // a third of the last six months, below the rule's half, so the chair sees them at risk.
        let Some(rep) = rep else { continue };
        member(id, rep, MemberRole::Member, started)
            .into_active_model()
            .insert(db)
            .await?;
        for month in 0..7i64 {
            // Six past meetings a month apart, the last three weeks ago, and one in ten days,
            // at 15:00 UTC: mid-morning in the default zone, not the seed's time of day.
            let day = (now + Duration::days(30 * (month - 6) + 10)).date_naive();
            let starts_at = day.and_hms_opt(15, 0, 0).unwrap_or_default().and_utc();
            let meeting_id = Uuid::now_v7();
            meeting::Model {
                id: meeting_id,
                committee_id: id,
                starts_at,
                place: "Springfield career center, room 2, and by video call".to_owned(),
                agenda: "Campaign calendar; employer newsletter; what reps heard this month."
                    .to_owned(),
                created_by: chair,
                created_at: started,
                cancelled_at: None,
            }
            .into_active_model()
            .insert(db)
            .await?;
            if starts_at > now {
                continue;
            }
            for (who, mark) in [
                (chair, Attendance::Present),
                (
                    rep,
                    if month < 2 {
                        Attendance::Present
                    } else {
                        Attendance::Absent
                    },
                ),
            ] {
                attendance::Model {
                    meeting_id,
                    user_id: who,
                    mark: mark.as_str().to_owned(),
                    recorded_by: chair,
                    recorded_at: starts_at,
                }
                .into_active_model()
                .insert(db)
                .await?;
            }
        }
    }
    for area in region::Entity::find().all(db).await? {
        committee::Model {
            id: Uuid::now_v7(),
            kind: CommitteeKind::RegionalTeam.as_str().to_owned(),
            region_id: Some(area.id),
            name: format!("{} regional team", area.name),
            purpose: format!(
                "Business services staff of the {} region plan joint events and share leads.",
                area.name
            ),
            join_mode: JoinMode::Open.as_str().to_owned(),
            capacity: None,
            rule: rule.clone(),
            interests: "outreach,events".to_owned(),
            created_at: started,
            archived_at: None,
        }
        .into_active_model()
        .insert(db)
        .await?;
    }
    Ok(())
}
