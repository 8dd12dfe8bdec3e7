//! The typed models of the domain, one type per concept, shared by browser and server.

mod assistance;
mod business;
mod committee;
mod dashboard;
mod ids;
mod notification;
mod org;
mod program;
mod role;
mod service;
mod state_time;
mod submission;
mod user;
mod visit;

pub use assistance::{
    AssistanceDetail, AssistanceDraft, AssistanceFields, AssistanceOverview, AssistanceRow,
    AssistanceStatus, AssistanceUpdate, AssistanceUpdateRow, PublicStatus, UpdateDraft,
};
pub use business::{
    AuditLine, BusinessDetail, BusinessDraft, BusinessFields, BusinessList, BusinessQuery,
    BusinessSummary, Contact, ContactDraft, ContactFields, Duplicate, DuplicatePair, MergeLine,
    Page, StageChange, VisitLine,
};
pub use committee::{
    AppointDraft, Appointment, AttendanceMark, CommitteeFilter, CommitteeKind, CommitteeSummary,
    JoinDraft, JoinFields, JoinRequestRow, MeetingDraft, MeetingFields, MeetingRow, MemberRole,
    MemberRow, MemberStanding, PersonCommittees, RequestStatus, Roster, Seat,
};
pub use dashboard::{
    Counted, DASHBOARD_TABLES, Dashboard, DashboardQuery, Freshness, Ranked, TrendPoint,
};
pub use ids::{
    AssistanceRequestId, BoardId, BusinessId, CenterId, CommitteeId, ContactId, DeviceId,
    JoinRequestId, MeetingId, ProgramId, RegionId, ServiceId, SubmissionId, UserId, VisitId,
};
pub use notification::NotificationRow;
pub use org::{
    CenterPlace, CountDraft, CountFields, EstablishmentCount, UnitDraft, UnitFields, UnitKind,
};
pub use program::{Catalogue, DeliveryMode, ModeChoice, Program, ProgramQuery, split_tags};
pub use role::{Role, Scope, UnknownRole};
pub use service::{RetiredService, Service, ServiceDraft, ServiceFields};
pub use state_time::StateTime;
pub use submission::{
    Decision, DecisionDraft, MySubmissions, SubmissionDetail, SubmissionDraft, SubmissionFields,
    SubmissionRow, SubmissionStatus, WindowDraft, WindowStatus, window_is_open,
};
pub use user::{InviteDraft, InviteFields, Invited, OrgUnits, SessionUser, Unit, UserRow};
pub use visit::{
    ActivityType, ActivityTypeDraft, ActivityTypeFields, Category, CategoryDraft, ChosenBusiness,
    EditableVisit, ReviewStatus, Stage, VISITS_PER_PAGE, VisitBusinessDraft, VisitBusinessResult,
    VisitDetail, VisitDraft, VisitFields, VisitFilter, VisitKinds, VisitMode, VisitOnly,
    VisitReference, VisitRow,
};
