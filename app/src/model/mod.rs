//! The typed models of the domain, one type per concept, shared by browser and server.

mod business;
mod committee;
mod dashboard;
mod ids;
mod notification;
mod org;
mod role;
mod service;
mod user;
mod visit;

pub use business::{
    AuditLine, BusinessDetail, BusinessDraft, BusinessFields, BusinessList, BusinessQuery,
    BusinessSummary, Contact, ContactDraft, ContactFields, Duplicate, DuplicatePair, MergeLine,
    Page, StageChange, VisitLine,
};
pub use committee::{
    AppointDraft, Appointment, CommitteeFilter, CommitteeKind, CommitteeSummary, JoinDraft,
    JoinFields, JoinRequestRow, MeetingDraft, MeetingFields, MeetingRow, MemberRole, MemberRow,
    MemberStanding, PersonCommittees, RequestStatus, Roster, Seat,
};
pub use dashboard::{
    Counted, DASHBOARD_TABLES, Dashboard, DashboardQuery, Freshness, Ranked, TrendPoint,
};
pub use ids::{
    BoardId, BusinessId, CenterId, CommitteeId, ContactId, DeviceId, JoinRequestId, MeetingId,
    RegionId, ServiceId, UserId, VisitId,
};
pub use notification::NotificationRow;
pub use org::{
    CenterPlace, CountDraft, CountFields, EstablishmentCount, UnitDraft, UnitFields, UnitKind,
};
pub use role::{Role, Scope, UnknownRole};
pub use service::{Service, ServiceDraft, ServiceFields};
pub use user::{InviteDraft, InviteFields, Invited, OrgUnits, SessionUser, Unit, UserRow};
pub use visit::{
    ActivityType, ActivityTypeDraft, ActivityTypeFields, Category, CategoryDraft, ChosenBusiness,
    EditableVisit, ReviewStatus, Stage, VisitBusinessDraft, VisitBusinessResult, VisitDetail,
    VisitDraft, VisitFields, VisitFilter, VisitKinds, VisitMode, VisitOnly, VisitReference,
    VisitRow,
};
