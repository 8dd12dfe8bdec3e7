//! Committees and regional teams: the directory, asking to join, and the chair's decisions.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    AppointDraft, AttendanceMark, CommitteeFilter, CommitteeId, CommitteeSummary, JoinDraft,
    JoinRequestId, JoinRequestRow, MeetingDraft, MeetingId, MeetingRow, PersonCommittees,
    RequestStatus, Roster, UserId,
};
use crate::rules::participation::Attendance;

/// The directory, filtered by region and interest.
#[server(endpoint = "list_committees")]
pub async fn list_committees(
    #[server(default)] filter: CommitteeFilter,
) -> Result<Vec<CommitteeSummary>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.committees(&who, filter).await
    };
    respond(result.await)
}

/// One committee or team, as the directory shows it.
#[server(endpoint = "get_committee")]
pub async fn get_committee(committee: CommitteeId) -> Result<CommitteeSummary, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.committee(&who, committee).await
    };
    respond(result.await)
}

/// Asks to join a committee with interests, expertise and a short statement.
#[server(endpoint = "ask_to_join")]
pub async fn ask_to_join(
    committee: CommitteeId,
    #[server(default)] draft: JoinDraft,
) -> Result<JoinRequestRow, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.ask_to_join(&who, committee, draft).await
    };
    respond(result.await)
}

/// The person's own requests to join, newest first.
#[server(endpoint = "my_join_requests")]
pub async fn my_join_requests() -> Result<Vec<JoinRequestRow>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.my_join_requests(&who).await
    };
    respond(result.await)
}

/// A committee's requests waiting for its chair.
#[server(endpoint = "pending_join_requests")]
pub async fn pending_join_requests(
    committee: CommitteeId,
) -> Result<Vec<JoinRequestRow>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.pending_join_requests(&who, committee).await
    };
    respond(result.await)
}

/// The chair approves, or declines saying why.
#[server(endpoint = "decide_join_request")]
pub async fn decide_join_request(
    request: JoinRequestId,
    approve: bool,
    #[server(default)] reason: String,
) -> Result<RequestStatus, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?
            .decide_join_request(&who, request, approve, reason)
            .await
    };
    respond(result.await)
}

/// The chair schedules a meeting: date, time, place or call details, agenda.
#[server(endpoint = "schedule_meeting")]
pub async fn schedule_meeting(
    committee: CommitteeId,
    #[server(default)] draft: MeetingDraft,
) -> Result<MeetingId, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        let fields = draft.validate().map_err(AppError::InvalidFields)?;
        backend()?.schedule_meeting(&who, committee, fields).await
    };
    respond(result.await)
}

/// The chair records attendance: `marks[0][0]=<person>&marks[0][1]=present`.
#[server(endpoint = "record_attendance")]
pub async fn record_attendance(
    meeting: MeetingId,
    #[server(default)] marks: Vec<AttendanceMark>,
) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.record_attendance(&who, meeting, marks).await
    };
    respond(result.await)
}

/// The chair's roster: members with their standing, meetings and marks.
#[server(endpoint = "committee_roster")]
pub async fn committee_roster(committee: CommitteeId) -> Result<Roster, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.roster(&who, committee).await
    };
    respond(result.await)
}

/// The chair moves a member to active, inactive or removed.
#[server(endpoint = "set_member_status")]
pub async fn set_member_status(
    committee: CommitteeId,
    person: UserId,
    status: String,
) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?
            .set_member_status(&who, committee, person, status)
            .await
    };
    respond(result.await)
}

/// A member's own attendance record at a committee.
#[server(endpoint = "my_attendance")]
pub async fn my_attendance(
    committee: CommitteeId,
) -> Result<Vec<(MeetingRow, Option<Attendance>)>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.my_attendance(&who, committee).await
    };
    respond(result.await)
}

/// A member leaves a committee.
#[server(endpoint = "leave_committee")]
pub async fn leave_committee(committee: CommitteeId) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.leave_committee(&who, committee).await
    };
    respond(result.await)
}

/// The chair's part of a committee page: its roster and waiting requests, or `None` for
/// anyone who does not chair it (the page then leaves that part out, and still answers 200).
#[server(endpoint = "committee_chair_view")]
pub async fn committee_chair_view(
    committee: CommitteeId,
) -> Result<Option<(Roster, Vec<JoinRequestRow>)>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        let store = backend()?;
        match store.roster(&who, committee).await {
            Ok(roster) => {
                let requests = store.pending_join_requests(&who, committee).await?;
                Ok(Some((roster, requests)))
            }
            Err(AppError::Forbidden { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    };
    respond(result.await)
}

/// A member's part of a committee page: their own attendance, or `None` when they are not a
/// member.
#[server(endpoint = "committee_member_view")]
pub async fn committee_member_view(
    committee: CommitteeId,
) -> Result<Option<Vec<(MeetingRow, Option<Attendance>)>>, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        match backend()?.my_attendance(&who, committee).await {
            Ok(record) => Ok(Some(record)),
            Err(AppError::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    };
    respond(result.await)
}

/// An administrator appoints a chair, a vice-chair or a member, with an optional term end.
#[server(endpoint = "appoint_member")]
pub async fn appoint_member(
    committee: CommitteeId,
    person: UserId,
    #[server(default)] draft: AppointDraft,
) -> Result<(), AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let admin = viewer()?.admin()?;
        let store = backend()?;
        let appointment = draft
            .validate(store.today())
            .map_err(AppError::InvalidFields)?;
        store.appoint(&admin, committee, person, appointment).await
    };
    respond(result.await)
}

/// A member's page: the committees they sit on.
#[server(endpoint = "person_seats")]
pub async fn person_seats(person: UserId) -> Result<PersonCommittees, AppError> {
    use crate::backend::{backend, respond, viewer};
    let result = async {
        let who = viewer()?.committees()?;
        backend()?.person_committees(&who, person).await
    };
    respond(result.await)
}
