//! The server's side of the app's backend port: each method receives the guard its caller
//! had to obtain, and reads or writes through sea-orm.

mod assistance;
pub mod audit;
pub(crate) mod businesses;
mod committees;
pub(crate) mod contacts;
mod counts;
mod dashboard;
pub mod kept;
mod meetings;
mod members;
mod merges;
pub mod metrics;
mod names;
mod notifications;
mod org_units;
mod programs;
pub mod rollups;
mod slate;
mod sql;
mod submissions;
pub mod sync_clock;
mod users;
mod visit_kinds;
pub mod visit_parts;
pub mod visit_pulled;
pub mod visit_write;
pub(crate) mod visits;
pub mod words;
pub mod writer;

use app::backend::{
    AdminViewer, AssistanceBackend, Backend, BusinessViewer, CommitteeViewer, CoordinatorViewer,
    DirectorViewer, RepViewer, Viewer, VisitViewer, Visitor,
};
use app::error::AppError;
use app::model::{
    ActivityTypeFields, Appointment, AttendanceMark, BusinessDetail, BusinessDraft, BusinessFields,
    BusinessId, BusinessQuery, BusinessSummary, CommitteeFilter, CommitteeId, CommitteeSummary,
    ContactFields, ContactId, CountFields, Dashboard, DashboardQuery, Duplicate, DuplicatePair,
    EditableVisit, EstablishmentCount, InviteFields, Invited, JoinDraft, JoinRequestId,
    JoinRequestRow, MeetingFields, MeetingId, MeetingRow, NotificationRow, OrgUnits, Page,
    PersonCommittees, RequestStatus, Roster, Service, ServiceFields, ServiceId, UnitFields,
    UnitKind, UserId, UserRow, VisitDetail, VisitFields, VisitFilter, VisitId, VisitKinds,
    VisitReference, VisitRow,
};
use app::model::{
    AssistanceDetail, AssistanceFields, AssistanceOverview, AssistanceRequestId, AssistanceStatus,
    Catalogue, Decision, MySubmissions, Program, ProgramId, ProgramQuery, PublicStatus,
    SubmissionDetail, SubmissionDraft, SubmissionId, SubmissionStatus, UpdateDraft, WindowDraft,
    WindowStatus,
};
use app::rules::participation::Attendance;
use sea_orm::{DatabaseConnection, DbErr};

use crate::config::Config;
use crate::local_time::LocalTime;

pub struct Storage {
    db: DatabaseConnection,
    /// The state's clock, for deadlines typed and shown in local time.
    local: LocalTime,
    assistance_requests_per_hour: u32,
}

impl Storage {
    pub fn new(db: DatabaseConnection, config: &Config) -> Self {
        Storage {
            db,
            local: LocalTime::configured(&config.time_zone),
            assistance_requests_per_hour: config.assistance_requests_per_hour,
        }
    }
}

/// Logs the cause and gives the person a message they can act on.
fn unavailable(error: DbErr) -> AppError {
    tracing::error!(%error, "database request failed");
    AppError::Unavailable
}

/// Inside storage, `?` works on both database errors and the app's own refusals; at the
/// port, database errors become [`AppError::Unavailable`] with the cause logged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Db(error) => unavailable(error),
            StoreError::App(error) => error,
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[async_trait::async_trait]
impl Backend for Storage {
    fn today(&self) -> chrono::NaiveDate {
        self.local.today()
    }

    async fn list_users(&self, _admin: &AdminViewer) -> Result<Vec<UserRow>, AppError> {
        Ok(users::list(&self.db).await?)
    }

    async fn org_units(&self, _admin: &AdminViewer) -> Result<OrgUnits, AppError> {
        Ok(org_units::all(&self.db).await?)
    }

    async fn invite_user(
        &self,
        admin: &AdminViewer,
        fields: InviteFields,
    ) -> Result<Invited, AppError> {
        Ok(users::invite(&self.db, admin, fields).await?)
    }

    async fn set_user_active(
        &self,
        admin: &AdminViewer,
        id: UserId,
        active: bool,
    ) -> Result<(), AppError> {
        Ok(users::set_active(&self.db, admin, id, active).await?)
    }

    async fn search_businesses(
        &self,
        who: &BusinessViewer,
        query: BusinessQuery,
    ) -> Result<Page<BusinessSummary>, AppError> {
        Ok(businesses::search(&self.db, who, query).await?)
    }

    async fn business(
        &self,
        _who: &BusinessViewer,
        id: BusinessId,
    ) -> Result<BusinessDetail, AppError> {
        Ok(businesses::detail(&self.db, id, &self.local).await?)
    }

    async fn likely_duplicates(
        &self,
        _who: &BusinessViewer,
        draft: BusinessDraft,
    ) -> Result<Vec<Duplicate>, AppError> {
        Ok(businesses::duplicates(&self.db, &draft).await?)
    }

    async fn create_business(
        &self,
        who: &BusinessViewer,
        fields: BusinessFields,
    ) -> Result<BusinessId, AppError> {
        Ok(BusinessId(
            businesses::create(&self.db, who, None, fields).await?.id,
        ))
    }

    async fn update_business(
        &self,
        who: &BusinessViewer,
        id: BusinessId,
        fields: BusinessFields,
    ) -> Result<BusinessId, AppError> {
        Ok(BusinessId(
            businesses::update(&self.db, who, id, fields).await?.id,
        ))
    }

    async fn merge_businesses(
        &self,
        who: &BusinessViewer,
        survivor: BusinessId,
        merged: BusinessId,
    ) -> Result<uuid::Uuid, AppError> {
        Ok(merges::merge(&self.db, who, survivor, merged).await?)
    }

    async fn undo_merge(
        &self,
        who: &BusinessViewer,
        merge: uuid::Uuid,
    ) -> Result<BusinessId, AppError> {
        Ok(merges::undo(&self.db, who, merge).await?)
    }

    async fn slate(&self, _admin: &AdminViewer) -> Result<Vec<Service>, AppError> {
        Ok(slate::all(&self.db).await?)
    }

    async fn save_service(
        &self,
        admin: &AdminViewer,
        id: Option<ServiceId>,
        fields: ServiceFields,
    ) -> Result<ServiceId, AppError> {
        Ok(slate::save(&self.db, admin, id, fields).await?)
    }

    async fn retire_service(&self, admin: &AdminViewer, id: ServiceId) -> Result<(), AppError> {
        Ok(slate::retire(&self.db, admin, id).await?)
    }

    async fn save_unit(
        &self,
        admin: &AdminViewer,
        id: Option<uuid::Uuid>,
        fields: UnitFields,
    ) -> Result<uuid::Uuid, AppError> {
        Ok(org_units::save(&self.db, admin, id, fields).await?)
    }

    async fn remove_unit(
        &self,
        admin: &AdminViewer,
        kind: UnitKind,
        id: uuid::Uuid,
    ) -> Result<(), AppError> {
        Ok(org_units::remove(&self.db, admin, kind, id).await?)
    }

    async fn visit_kinds(&self, _admin: &AdminViewer) -> Result<VisitKinds, AppError> {
        Ok(visit_kinds::all(&self.db, &self.local).await?)
    }

    async fn save_category(
        &self,
        admin: &AdminViewer,
        id: Option<uuid::Uuid>,
        name: String,
    ) -> Result<uuid::Uuid, AppError> {
        Ok(visit_kinds::save_category(&self.db, admin, id, name).await?)
    }

    async fn retire_category(&self, admin: &AdminViewer, id: uuid::Uuid) -> Result<(), AppError> {
        Ok(visit_kinds::retire_category(&self.db, admin, id).await?)
    }

    async fn save_activity_type(
        &self,
        admin: &AdminViewer,
        id: Option<uuid::Uuid>,
        fields: ActivityTypeFields,
    ) -> Result<uuid::Uuid, AppError> {
        Ok(visit_kinds::save_activity_type(&self.db, admin, id, fields).await?)
    }

    async fn retire_activity_type(
        &self,
        admin: &AdminViewer,
        id: uuid::Uuid,
    ) -> Result<(), AppError> {
        Ok(visit_kinds::retire_activity_type(&self.db, admin, id).await?)
    }

    async fn establishment_counts(
        &self,
        _admin: &AdminViewer,
    ) -> Result<Vec<EstablishmentCount>, AppError> {
        Ok(counts::all(&self.db, &self.local).await?)
    }

    async fn save_count(
        &self,
        admin: &AdminViewer,
        fields: CountFields,
    ) -> Result<uuid::Uuid, AppError> {
        Ok(counts::save(&self.db, admin, fields).await?)
    }

    async fn remove_count(&self, admin: &AdminViewer, id: uuid::Uuid) -> Result<(), AppError> {
        Ok(counts::remove(&self.db, admin, id).await?)
    }

    async fn possible_duplicates(
        &self,
        admin: &AdminViewer,
    ) -> Result<Vec<DuplicatePair>, AppError> {
        Ok(merges::pairs(&self.db, admin).await?)
    }

    async fn add_contact(
        &self,
        who: &BusinessViewer,
        business: BusinessId,
        fields: ContactFields,
    ) -> Result<ContactId, AppError> {
        Ok(ContactId(
            contacts::add(&self.db, who, None, business, fields)
                .await?
                .id,
        ))
    }

    async fn update_contact(
        &self,
        who: &BusinessViewer,
        id: ContactId,
        fields: ContactFields,
    ) -> Result<BusinessId, AppError> {
        Ok(BusinessId(
            contacts::update(&self.db, who, id, fields)
                .await?
                .business_id,
        ))
    }

    async fn remove_contact(
        &self,
        who: &BusinessViewer,
        id: ContactId,
    ) -> Result<BusinessId, AppError> {
        Ok(contacts::remove(&self.db, who, id).await?)
    }

    async fn visit_reference(&self, _who: &VisitViewer) -> Result<VisitReference, AppError> {
        Ok(visits::reference_for_device(&self.db, &self.local).await?)
    }

    async fn save_visit(
        &self,
        who: &RepViewer,
        existing: Option<VisitId>,
        fields: VisitFields,
    ) -> Result<VisitId, AppError> {
        Ok(visits::save(&self.db, who, existing, fields).await?)
    }

    async fn editable_visit(
        &self,
        who: &RepViewer,
        id: VisitId,
    ) -> Result<EditableVisit, AppError> {
        Ok(visits::draft(&self.db, who, id).await?)
    }

    async fn review_visit(
        &self,
        who: &DirectorViewer,
        id: VisitId,
        comment: String,
    ) -> Result<(), AppError> {
        Ok(visits::review(&self.db, who, id, comment).await?)
    }

    async fn list_visits(
        &self,
        who: &VisitViewer,
        filter: VisitFilter,
    ) -> Result<Page<VisitRow>, AppError> {
        Ok(visits::list(&self.db, who, filter).await?)
    }

    async fn visit(&self, who: &VisitViewer, id: VisitId) -> Result<VisitDetail, AppError> {
        Ok(visits::detail(&self.db, who, id, &self.local).await?)
    }

    async fn delete_visit(&self, who: &RepViewer, id: VisitId) -> Result<(), AppError> {
        Ok(visits::delete(&self.db, who, id).await?)
    }

    async fn committees(
        &self,
        _who: &CommitteeViewer,
        filter: CommitteeFilter,
    ) -> Result<Vec<CommitteeSummary>, AppError> {
        Ok(committees::directory(&self.db, filter, &self.local).await?)
    }

    async fn committee(
        &self,
        _who: &CommitteeViewer,
        committee: CommitteeId,
    ) -> Result<CommitteeSummary, AppError> {
        Ok(committees::one(&self.db, committee, &self.local).await?)
    }

    async fn ask_to_join(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
        draft: JoinDraft,
    ) -> Result<JoinRequestRow, AppError> {
        Ok(committees::ask(
            &self.db,
            who.viewer().user(),
            committee,
            draft,
            self.local.today(),
        )
        .await?)
    }

    async fn my_join_requests(
        &self,
        who: &CommitteeViewer,
    ) -> Result<Vec<JoinRequestRow>, AppError> {
        Ok(committees::my_requests(&self.db, who.viewer().user()).await?)
    }

    async fn pending_join_requests(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
    ) -> Result<Vec<JoinRequestRow>, AppError> {
        Ok(committees::pending_requests(
            &self.db,
            who.viewer().user(),
            committee,
            self.local.today(),
        )
        .await?)
    }

    async fn decide_join_request(
        &self,
        who: &CommitteeViewer,
        request: JoinRequestId,
        approve: bool,
        reason: String,
    ) -> Result<RequestStatus, AppError> {
        Ok(committees::decide(
            &self.db,
            who.viewer().user(),
            request,
            approve,
            reason,
            self.local.today(),
        )
        .await?)
    }

    async fn schedule_meeting(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
        fields: MeetingFields,
    ) -> Result<MeetingId, AppError> {
        Ok(meetings::schedule(
            &self.db,
            who.viewer().user(),
            committee,
            fields,
            &self.local,
        )
        .await?)
    }

    async fn record_attendance(
        &self,
        who: &CommitteeViewer,
        meeting: MeetingId,
        marks: Vec<AttendanceMark>,
    ) -> Result<(), AppError> {
        Ok(meetings::record_attendance(
            &self.db,
            who.viewer().user(),
            meeting,
            marks,
            self.local.today(),
        )
        .await?)
    }

    async fn roster(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
    ) -> Result<Roster, AppError> {
        Ok(meetings::roster(&self.db, who.viewer().user(), committee, &self.local).await?)
    }

    async fn set_member_status(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
        person: UserId,
        status: String,
    ) -> Result<(), AppError> {
        Ok(meetings::set_member_status(
            &self.db,
            who.viewer().user(),
            committee,
            person,
            status,
            self.local.today(),
        )
        .await?)
    }

    async fn my_attendance(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
    ) -> Result<Vec<(MeetingRow, Option<Attendance>)>, AppError> {
        Ok(meetings::own_record(&self.db, who.viewer().user(), committee, &self.local).await?)
    }

    async fn leave_committee(
        &self,
        who: &CommitteeViewer,
        committee: CommitteeId,
    ) -> Result<(), AppError> {
        Ok(meetings::leave(&self.db, who.viewer().user(), committee, self.local.today()).await?)
    }

    async fn appoint(
        &self,
        admin: &AdminViewer,
        committee: CommitteeId,
        person: UserId,
        appointment: Appointment,
    ) -> Result<(), AppError> {
        Ok(members::appoint(
            &self.db,
            admin.viewer().user(),
            committee,
            person,
            appointment,
            self.local.today(),
        )
        .await?)
    }

    async fn person_committees(
        &self,
        who: &CommitteeViewer,
        person: UserId,
    ) -> Result<PersonCommittees, AppError> {
        Ok(members::person_committees(&self.db, who.viewer().user(), person).await?)
    }

    async fn notifications(&self, who: &Viewer) -> Result<Vec<NotificationRow>, AppError> {
        Ok(notifications::mine(&self.db, who.user(), &self.local).await?)
    }

    async fn mark_notifications_read(&self, who: &Viewer) -> Result<u64, AppError> {
        Ok(notifications::mark_read(&self.db, who.user()).await?)
    }

    async fn dashboard(
        &self,
        who: &DirectorViewer,
        query: DashboardQuery,
    ) -> Result<Dashboard, AppError> {
        Ok(dashboard::dashboard(&self.db, who.viewer().user(), query, &self.local).await?)
    }
}

#[async_trait::async_trait]
impl AssistanceBackend for Storage {
    async fn catalogue(&self, query: ProgramQuery) -> Result<Catalogue, AppError> {
        Ok(programs::catalogue(&self.db, &query).await?)
    }

    async fn program(&self, id: ProgramId) -> Result<Program, AppError> {
        Ok(programs::one(&self.db, id).await?)
    }

    async fn request_assistance(
        &self,
        visitor: &Visitor,
        program: ProgramId,
        fields: AssistanceFields,
    ) -> Result<String, AppError> {
        Ok(programs::request(
            &self.db,
            visitor.address(),
            self.assistance_requests_per_hour,
            program,
            fields,
        )
        .await?)
    }

    async fn refuse_automated(&self, visitor: &Visitor) -> Result<(), AppError> {
        Ok(programs::refuse(
            &self.db,
            visitor.address(),
            self.assistance_requests_per_hour,
        )
        .await?)
    }

    async fn assistance_status(&self, reference: String) -> Result<PublicStatus, AppError> {
        Ok(programs::public_status(&self.db, &reference, &self.local).await?)
    }

    async fn my_submissions(&self, who: &Viewer) -> Result<MySubmissions, AppError> {
        Ok(submissions::mine(&self.db, who, &self.local).await?)
    }

    async fn submission(
        &self,
        who: &Viewer,
        id: SubmissionId,
    ) -> Result<SubmissionDetail, AppError> {
        Ok(submissions::detail(&self.db, who, id, &self.local).await?)
    }

    async fn save_submission(
        &self,
        who: &Viewer,
        id: SubmissionId,
        draft: SubmissionDraft,
        submit: bool,
    ) -> Result<SubmissionId, AppError> {
        Ok(submissions::save(&self.db, who, id, draft, submit, &self.local).await?)
    }

    async fn decide_submission(
        &self,
        who: &CoordinatorViewer,
        id: SubmissionId,
        decision: Decision,
        comment: String,
    ) -> Result<SubmissionStatus, AppError> {
        Ok(submissions::decide(&self.db, who, id, decision, comment).await?)
    }

    async fn open_window(
        &self,
        who: &CoordinatorViewer,
        draft: WindowDraft,
    ) -> Result<WindowStatus, AppError> {
        Ok(submissions::open_window(&self.db, who, draft, &self.local).await?)
    }

    async fn close_window(&self, who: &CoordinatorViewer) -> Result<WindowStatus, AppError> {
        Ok(submissions::close_window(&self.db, who, &self.local).await?)
    }

    async fn assistance_overview(
        &self,
        who: &CoordinatorViewer,
        status: Option<AssistanceStatus>,
    ) -> Result<AssistanceOverview, AppError> {
        Ok(assistance::overview(&self.db, who, status, &self.local).await?)
    }

    async fn assistance_request(
        &self,
        who: &CoordinatorViewer,
        id: AssistanceRequestId,
    ) -> Result<AssistanceDetail, AppError> {
        Ok(assistance::detail(&self.db, who, id, &self.local).await?)
    }

    async fn update_assistance(
        &self,
        who: &CoordinatorViewer,
        id: AssistanceRequestId,
        update: UpdateDraft,
    ) -> Result<AssistanceStatus, AppError> {
        Ok(assistance::update(&self.db, who, id, update, &self.local).await?)
    }
}
