//! The port the server implements, and the guard types every server function must hold to
//! reach it. A backend method takes the guard for its role as an argument, so calling one
//! without checking who is asking does not compile.

use std::sync::Arc;

use leptos::prelude::*;

use crate::access::{Area, can_use};
use crate::error::AppError;
use crate::model::{
    ActivityTypeFields, Appointment, AttendanceMark, BusinessDetail, BusinessDraft, BusinessFields,
    BusinessId, BusinessQuery, BusinessSummary, CommitteeFilter, CommitteeId, CommitteeSummary,
    ContactFields, ContactId, CountFields, Dashboard, DashboardQuery, Duplicate, DuplicatePair,
    EditableVisit, EstablishmentCount, InviteFields, Invited, JoinDraft, JoinRequestId,
    JoinRequestRow, MeetingFields, MeetingId, MeetingRow, NotificationRow, OrgUnits, Page,
    PersonCommittees, RequestStatus, Role, Roster, Service, ServiceFields, ServiceId, SessionUser,
    UnitFields, UnitKind, UserId, UserRow, VisitDetail, VisitFields, VisitFilter, VisitId,
    VisitKinds, VisitReference, VisitRow,
};
use crate::model::{
    AssistanceDetail, AssistanceFields, AssistanceOverview, AssistanceRequestId, AssistanceStatus,
    Catalogue, Decision, MySubmissions, Program, ProgramId, ProgramQuery, PublicStatus,
    SubmissionDetail, SubmissionDraft, SubmissionId, SubmissionStatus, UpdateDraft, WindowDraft,
    WindowStatus,
};
use crate::rules::participation::Attendance;

/// Put into the request's extensions by the server's session layer once the session
/// cookie has been resolved. Nothing else creates it.
#[derive(Clone, Debug)]
pub struct SignedIn(pub SessionUser);

/// Put into the request's extensions instead of [`SignedIn`] when the cookie named a session
/// that has since expired, so the person can be told why they must sign in again.
#[derive(Clone, Copy, Debug)]
pub struct SessionExpired;

/// A signed-in person. Only obtainable from the request's session.
#[derive(Clone, Debug)]
pub struct Viewer {
    user: SessionUser,
}

impl Viewer {
    pub fn user(&self) -> &SessionUser {
        &self.user
    }

    /// Succeeds when this person may use `area`.
    pub fn may(&self, area: Area) -> Result<(), AppError> {
        if can_use(Some(self.user.role), area) {
            Ok(())
        } else {
            Err(AppError::forbidden(area))
        }
    }

    /// Narrows to someone who works with businesses, or refuses.
    pub fn businesses(self) -> Result<BusinessViewer, AppError> {
        self.may(Area::Businesses)?;
        Ok(BusinessViewer(self))
    }

    /// Narrows to a rep or director in the visits area, or refuses.
    pub fn visits(self) -> Result<VisitViewer, AppError> {
        self.may(Area::Visits)?;
        Ok(VisitViewer(self))
    }

    /// Narrows to someone signed in who may use committees (everyone signed in).
    pub fn committees(self) -> Result<CommitteeViewer, AppError> {
        self.may(Area::Committees)?;
        Ok(CommitteeViewer(self))
    }

    /// Narrows to a TA coordinator or an administrator: the people who see assistance
    /// requests and decide on submissions.
    pub fn coordinator(self) -> Result<CoordinatorViewer, AppError> {
        self.may(Area::Assistance)?;
        Ok(CoordinatorViewer(self))
    }

    /// Narrows to an administrator, or refuses.
    pub fn admin(self) -> Result<AdminViewer, AppError> {
        self.may(Area::Admin)?;
        debug_assert_eq!(self.user.role, Role::Admin);
        Ok(AdminViewer(self))
    }
}

/// Someone who may find, read and create businesses.
#[derive(Clone, Debug)]
pub struct BusinessViewer(Viewer);

impl BusinessViewer {
    pub fn viewer(&self) -> &Viewer {
        &self.0
    }
}

/// A rep or director, in the visits area.
#[derive(Clone, Debug)]
pub struct VisitViewer(Viewer);

impl VisitViewer {
    pub fn viewer(&self) -> &Viewer {
        &self.0
    }

    /// Narrows to a director: only directors review visits.
    pub fn director(self) -> Result<DirectorViewer, AppError> {
        if self.0.user.role == Role::Director {
            Ok(DirectorViewer(self))
        } else {
            Err(AppError::Forbidden {
                area: "reviewing visits (directors only)".to_owned(),
            })
        }
    }

    /// Narrows to a field rep: only reps record and change visits.
    pub fn rep(self) -> Result<RepViewer, AppError> {
        if self.0.user.role == Role::Rep {
            Ok(RepViewer(self))
        } else {
            Err(AppError::Forbidden {
                area: "recording visits (field reps only)".to_owned(),
            })
        }
    }
}

/// A director, who reviews the visits in their scope.
#[derive(Clone, Debug)]
pub struct DirectorViewer(VisitViewer);

impl DirectorViewer {
    pub fn viewer(&self) -> &Viewer {
        self.0.viewer()
    }
}

/// A field rep, who records visits and changes their own.
#[derive(Clone, Debug)]
pub struct RepViewer(VisitViewer);

impl RepViewer {
    pub fn viewer(&self) -> &Viewer {
        self.0.viewer()
    }
}

/// A signed-in person in the committees area. Whether they chair a given committee is a
/// per-committee question the backend answers, not a role.
#[derive(Clone, Debug)]
pub struct CommitteeViewer(Viewer);

impl CommitteeViewer {
    pub fn viewer(&self) -> &Viewer {
        &self.0
    }
}

/// A TA coordinator or an administrator.
#[derive(Clone, Debug)]
pub struct CoordinatorViewer(Viewer);

impl CoordinatorViewer {
    pub fn viewer(&self) -> &Viewer {
        &self.0
    }
}

/// Put into the request's extensions by the server: the address the request came from, for
/// limits on what the public may send.
#[derive(Clone, Debug)]
pub struct ClientAddress(pub String);

/// Anyone, signed in or not, on a public page; carries where they came from so public forms
/// can be rate-limited per address.
#[derive(Clone, Debug)]
pub struct Visitor {
    address: String,
}

impl Visitor {
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The visitor of the current request. Without an address (never behind our own
    /// server), every such visitor shares one limit.
    pub fn of_request() -> Visitor {
        let address = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ClientAddress>().cloned())
            .map_or_else(|| "unknown".to_owned(), |a| a.0);
        Visitor { address }
    }
}

/// A signed-in administrator.
#[derive(Clone, Debug)]
pub struct AdminViewer(Viewer);

impl AdminViewer {
    pub fn viewer(&self) -> &Viewer {
        &self.0
    }
}

/// The signed-in person of the current request, if any.
pub fn maybe_viewer() -> Option<Viewer> {
    let parts = use_context::<http::request::Parts>()?;
    Viewer::of_request(&parts)
}

impl Viewer {
    /// The signed-in person of a request, for handlers outside Leptos (the sync API). Like
    /// [`viewer`], it reads only what the session layer put into the request.
    pub fn of_request(parts: &http::request::Parts) -> Option<Viewer> {
        let signed_in = parts.extensions.get::<SignedIn>()?;
        Some(Viewer {
            user: signed_in.0.clone(),
        })
    }

    /// The signed-in person of a request, or why there is none (never signed in, or the
    /// session expired), for every handler that must refuse: server functions, the sync API
    /// and the CSV exports alike.
    pub fn signed_in(parts: &http::request::Parts) -> Result<Viewer, AppError> {
        Viewer::of_request(parts).ok_or_else(|| {
            if parts.extensions.get::<SessionExpired>().is_some() {
                AppError::SessionExpired
            } else {
                AppError::NotSignedIn
            }
        })
    }
}

/// The signed-in person of the current request, or why there is none.
pub fn viewer() -> Result<Viewer, AppError> {
    match use_context::<http::request::Parts>() {
        Some(parts) => Viewer::signed_in(&parts),
        None => Err(AppError::NotSignedIn),
    }
}

/// What the server gives the app: storage behind the guards.
#[async_trait::async_trait]
pub trait Backend: AssistanceBackend + Send + Sync + 'static {
    /// The state's date now: days (a chair's last day, the latest date a visit may have, this
    /// month) turn at the state's midnight, not at UTC's.
    fn today(&self) -> chrono::NaiveDate;

    /// Every account, for the admin's user list.
    async fn list_users(&self, admin: &AdminViewer) -> Result<Vec<UserRow>, AppError>;

    async fn search_businesses(
        &self,
        who: &BusinessViewer,
        query: BusinessQuery,
    ) -> Result<Page<BusinessSummary>, AppError>;

    async fn business(
        &self,
        who: &BusinessViewer,
        id: BusinessId,
    ) -> Result<BusinessDetail, AppError>;

    async fn likely_duplicates(
        &self,
        who: &BusinessViewer,
        draft: BusinessDraft,
    ) -> Result<Vec<Duplicate>, AppError>;

    /// Fields arrive validated: the type says so.
    async fn create_business(
        &self,
        who: &BusinessViewer,
        fields: BusinessFields,
    ) -> Result<BusinessId, AppError>;

    /// Changes a business's fields (validated); a new stage is added to its history.
    async fn update_business(
        &self,
        who: &BusinessViewer,
        id: BusinessId,
        fields: BusinessFields,
    ) -> Result<BusinessId, AppError>;

    /// Moves every visit, contact and branch of `merged` to `survivor`, which remains;
    /// written to the audit log and undoable. Returns the merge's id.
    async fn merge_businesses(
        &self,
        who: &BusinessViewer,
        survivor: BusinessId,
        merged: BusinessId,
    ) -> Result<uuid::Uuid, AppError>;

    /// Puts everything a merge moved back where it was.
    async fn undo_merge(
        &self,
        who: &BusinessViewer,
        merge: uuid::Uuid,
    ) -> Result<BusinessId, AppError>;

    /// The regions, boards and centers, for choosing where someone works.
    async fn org_units(&self, admin: &AdminViewer) -> Result<OrgUnits, AppError>;

    /// Creates an account with a temporary password, returned once.
    async fn invite_user(
        &self,
        admin: &AdminViewer,
        fields: InviteFields,
    ) -> Result<Invited, AppError>;

    /// Deactivates (ending every session) or reactivates an account.
    async fn set_user_active(
        &self,
        admin: &AdminViewer,
        id: UserId,
        active: bool,
    ) -> Result<(), AppError>;

    /// The whole slate, retired services included, in order.
    async fn slate(&self, admin: &AdminViewer) -> Result<Vec<Service>, AppError>;

    /// Adds a service (`id` is `None`) or renames and re-describes one.
    async fn save_service(
        &self,
        admin: &AdminViewer,
        id: Option<ServiceId>,
        fields: ServiceFields,
    ) -> Result<ServiceId, AppError>;

    /// Retires a service: new visits no longer offer it and the majority shrinks; older
    /// visits keep the slate of their day.
    async fn retire_service(&self, admin: &AdminViewer, id: ServiceId) -> Result<(), AppError>;

    /// Adds a unit (`id` is `None`) or renames, moves or re-towns one.
    async fn save_unit(
        &self,
        admin: &AdminViewer,
        id: Option<uuid::Uuid>,
        fields: UnitFields,
    ) -> Result<uuid::Uuid, AppError>;

    /// Removes a unit; refused while anything (units, staff, records) is attached to it.
    async fn remove_unit(
        &self,
        admin: &AdminViewer,
        kind: UnitKind,
        id: uuid::Uuid,
    ) -> Result<(), AppError>;

    async fn visit_kinds(&self, admin: &AdminViewer) -> Result<VisitKinds, AppError>;

    async fn save_category(
        &self,
        admin: &AdminViewer,
        id: Option<uuid::Uuid>,
        name: String,
    ) -> Result<uuid::Uuid, AppError>;

    /// Retires a category; refused while active activity types are filed under it.
    async fn retire_category(&self, admin: &AdminViewer, id: uuid::Uuid) -> Result<(), AppError>;

    async fn save_activity_type(
        &self,
        admin: &AdminViewer,
        id: Option<uuid::Uuid>,
        fields: ActivityTypeFields,
    ) -> Result<uuid::Uuid, AppError>;

    async fn retire_activity_type(
        &self,
        admin: &AdminViewer,
        id: uuid::Uuid,
    ) -> Result<(), AppError>;

    async fn establishment_counts(
        &self,
        admin: &AdminViewer,
    ) -> Result<Vec<EstablishmentCount>, AppError>;

    /// Records a count; refused when the area already has one for an overlapping period.
    async fn save_count(
        &self,
        admin: &AdminViewer,
        fields: CountFields,
    ) -> Result<uuid::Uuid, AppError>;

    async fn remove_count(&self, admin: &AdminViewer, id: uuid::Uuid) -> Result<(), AppError>;

    /// Every pair of live businesses that look like one establishment.
    async fn possible_duplicates(
        &self,
        admin: &AdminViewer,
    ) -> Result<Vec<DuplicatePair>, AppError>;

    async fn add_contact(
        &self,
        who: &BusinessViewer,
        business: BusinessId,
        fields: ContactFields,
    ) -> Result<ContactId, AppError>;

    /// Changes a contact's details; returns its business.
    async fn update_contact(
        &self,
        who: &BusinessViewer,
        id: ContactId,
        fields: ContactFields,
    ) -> Result<BusinessId, AppError>;

    /// Removes a contact from its business (visits that met them still name them).
    async fn remove_contact(
        &self,
        who: &BusinessViewer,
        id: ContactId,
    ) -> Result<BusinessId, AppError>;

    /// Categories, activity types and the active slate, for the visit form.
    async fn visit_reference(&self, who: &VisitViewer) -> Result<VisitReference, AppError>;

    /// Records a validated visit, or replaces one of the rep's own (`existing`); the
    /// orientation rule is applied again here.
    async fn save_visit(
        &self,
        who: &RepViewer,
        existing: Option<VisitId>,
        fields: VisitFields,
    ) -> Result<VisitId, AppError>;

    /// One of the rep's own visits, as the form edits it.
    async fn editable_visit(&self, who: &RepViewer, id: VisitId)
    -> Result<EditableVisit, AppError>;

    /// Marks a visit in the director's scope "has issues", with what to fix.
    async fn review_visit(
        &self,
        who: &DirectorViewer,
        id: VisitId,
        comment: String,
    ) -> Result<(), AppError>;

    /// A rep's own visits, or a director's visits in scope; those with issues first, one
    /// page of [`crate::model::VISITS_PER_PAGE`].
    async fn list_visits(
        &self,
        who: &VisitViewer,
        filter: VisitFilter,
    ) -> Result<Page<VisitRow>, AppError>;

    /// One visit, if the person may read it.
    async fn visit(&self, who: &VisitViewer, id: VisitId) -> Result<VisitDetail, AppError>;

    /// Soft-deletes one of the rep's own visits.
    async fn delete_visit(&self, who: &RepViewer, id: VisitId) -> Result<(), AppError>;

    /// The directory of committees and regional teams.
    async fn committees(
        &self,
        who: &CommitteeViewer,
        filter: CommitteeFilter,
    ) -> Result<Vec<CommitteeSummary>, AppError>;

    /// One committee or team, as the directory shows it.
    async fn committee(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
    ) -> Result<CommitteeSummary, AppError>;

    /// Asks to join: joined at once, waiting list, or sent to the chair, by the join mode.
    async fn ask_to_join(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
        draft: JoinDraft,
    ) -> Result<JoinRequestRow, AppError>;

    /// The person's own requests and their state.
    async fn my_join_requests(
        &self,
        who: &CommitteeViewer,
    ) -> Result<Vec<JoinRequestRow>, AppError>;

    /// A committee's undecided requests: its chair or an administrator only.
    async fn pending_join_requests(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
    ) -> Result<Vec<JoinRequestRow>, AppError>;

    /// The chair approves or declines (with a reason); the person is notified.
    async fn decide_join_request(
        &self,
        who: &CommitteeViewer,
        request: JoinRequestId,
        approve: bool,
        reason: String,
    ) -> Result<RequestStatus, AppError>;

    /// The chair schedules a meeting.
    async fn schedule_meeting(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
        fields: MeetingFields,
    ) -> Result<MeetingId, AppError>;

    /// The chair records who came: present, absent or excused; `None` takes a mark back to
    /// "not recorded", which counts neither way.
    async fn record_attendance(
        &self,
        who: &CommitteeViewer,
        meeting: MeetingId,
        marks: Vec<AttendanceMark>,
    ) -> Result<(), AppError>;

    /// Members with their standing under the committee's rule, meetings and marks: for the
    /// chair or an administrator.
    async fn roster(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
    ) -> Result<Roster, AppError>;

    /// The chair moves a member to `active`, `inactive` or `removed`; audited.
    async fn set_member_status(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
        person: UserId,
        status: String,
    ) -> Result<(), AppError>;

    /// A member's own attendance record.
    async fn my_attendance(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
    ) -> Result<Vec<(MeetingRow, Option<Attendance>)>, AppError>;

    /// A member leaves the committee.
    async fn leave_committee(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
    ) -> Result<(), AppError>;

    /// An administrator appoints a chair, a vice-chair or a plain member (seating them if
    /// needed); a new chair's predecessor becomes a member. Audited; the person is notified.
    async fn appoint(
        &self,
        admin: &AdminViewer,
        committee: CommitteeId,
        person: UserId,
        appointment: Appointment,
    ) -> Result<(), AppError>;

    /// A member's page: the committees they sit on. Others see only active seats; the person
    /// and administrators also see inactive ones and waiting lists.
    async fn person_committees(
        &self,
        who: &CommitteeViewer,
        person: UserId,
    ) -> Result<PersonCommittees, AppError>;

    /// The signed-in person's own notifications, newest first.
    async fn notifications(&self, who: &Viewer) -> Result<Vec<NotificationRow>, AppError>;

    /// Marks all of the person's own notifications read; answers how many were unread.
    async fn mark_notifications_read(&self, who: &Viewer) -> Result<u64, AppError>;

    /// Every dashboard figure for an area inside the director's own scope and a period.
    async fn dashboard(
        &self,
        who: &DirectorViewer,
        query: DashboardQuery,
    ) -> Result<Dashboard, AppError>;
}

/// The Peer to Peer technical assistance part of the port: the public catalogue and
/// requests, staff submissions, and the coordinator's work.
#[async_trait::async_trait]
pub trait AssistanceBackend: Send + Sync + 'static {
    /// Programs of the public catalogue that match, with every topic for the filter.
    async fn catalogue(&self, query: ProgramQuery) -> Result<Catalogue, AppError>;

    /// One program of the catalogue.
    async fn program(&self, id: ProgramId) -> Result<Program, AppError>;

    /// Records a request for help from another state; answers its reference number. Refused
    /// when the visitor's address sent too many in the last hour.
    async fn request_assistance(
        &self,
        visitor: &Visitor,
        program: ProgramId,
        fields: AssistanceFields,
    ) -> Result<String, AppError>;

    /// Notes a public form refused as automated, so it counts against the address's limit.
    async fn refuse_automated(&self, visitor: &Visitor) -> Result<(), AppError>;

    /// What the holder of a reference number may read about their request.
    async fn assistance_status(&self, reference: String) -> Result<PublicStatus, AppError>;

    /// The submission window and the person's own submissions.
    async fn my_submissions(&self, who: &Viewer) -> Result<MySubmissions, AppError>;

    /// One submission: its author, or a coordinator once it has been submitted.
    async fn submission(
        &self,
        who: &Viewer,
        id: SubmissionId,
    ) -> Result<SubmissionDetail, AppError>;

    /// Saves the author's draft under `id` (made by the form, so saving twice never makes
    /// two), then submits it when asked. The draft is kept even when submitting is refused,
    /// say because the window has closed.
    async fn save_submission(
        &self,
        who: &Viewer,
        id: SubmissionId,
        draft: SubmissionDraft,
        submit: bool,
    ) -> Result<SubmissionId, AppError>;

    /// Accepts (the program joins the catalogue), returns with comments, or declines.
    async fn decide_submission(
        &self,
        who: &CoordinatorViewer,
        id: SubmissionId,
        decision: Decision,
        comment: String,
    ) -> Result<SubmissionStatus, AppError>;

    /// Opens a submission window closing at the local deadline typed.
    async fn open_window(
        &self,
        who: &CoordinatorViewer,
        draft: WindowDraft,
    ) -> Result<WindowStatus, AppError>;

    /// Closes the open window now.
    async fn close_window(&self, who: &CoordinatorViewer) -> Result<WindowStatus, AppError>;

    /// Requests (all, or those at one status), counts, submissions waiting and the window.
    async fn assistance_overview(
        &self,
        who: &CoordinatorViewer,
        status: Option<AssistanceStatus>,
    ) -> Result<AssistanceOverview, AppError>;

    async fn assistance_request(
        &self,
        who: &CoordinatorViewer,
        id: AssistanceRequestId,
    ) -> Result<AssistanceDetail, AppError>;

    /// Moves a request on (or adds a note), by the rule in `rules::assistance`.
    async fn update_assistance(
        &self,
        who: &CoordinatorViewer,
        id: AssistanceRequestId,
        update: UpdateDraft,
    ) -> Result<AssistanceStatus, AppError>;
}

/// How the backend travels in Leptos' context.
pub type SharedBackend = Arc<dyn Backend>;

/// The backend the server provided for this request.
pub fn backend() -> Result<SharedBackend, AppError> {
    use_context::<SharedBackend>().ok_or(AppError::Unavailable)
}

/// Sets the response status from a failed result, so pages and server functions answer
/// with the status their error deserves (a refused page is a 403, not a 200).
///
/// A plain form post to a server function (no JavaScript) is the exception: Leptos answers it
/// with a redirect back to the form, carrying the error in the URL so the page shows it; a
/// status here would turn that redirect into a bare error body.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && !is_plain_form_post()
        && let Some(options) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        options.set_status(status);
    }
    result
}

/// A server function called by a browser's own form submission (it asks for HTML back),
/// rather than by the hydrated page's `fetch`.
fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts.uri.path().starts_with("/api/")
            && parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|accept| accept.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
    })
}
