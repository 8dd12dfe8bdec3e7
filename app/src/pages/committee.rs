//! One committee or regional team: what it does and how to join; for a member, their own
//! attendance and the way out; for its chair (or an administrator), the requests to decide,
//! meetings to schedule, attendance to record and the roster with who is at risk.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{
    AppointMember, AskToJoin, DecideJoinRequest, LeaveCommittee, RecordAttendance, ScheduleMeeting,
    SetMemberStatus, committee_chair_view, committee_member_view, get_committee, my_join_requests,
};
use crate::components::problem::Problem;
use crate::components::saved::count_successes;
use crate::error::AppError;
use crate::model::{
    CommitteeId, CommitteeSummary, JoinRequestRow, MeetingRow, MemberRole, RequestStatus, Roster,
    StateTime,
};
use crate::resource::{Loaded, load};
use crate::rules::membership::JoinMode;
use crate::rules::participation::Attendance;

#[component]
pub fn CommitteePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<uuid::Uuid>().ok())
                .map(CommitteeId)
        })
    });
    let changed = RwSignal::new(0usize);
    let ask = ServerAction::<AskToJoin>::new();
    let decide = ServerAction::<DecideJoinRequest>::new();
    let schedule = ServerAction::<ScheduleMeeting>::new();
    let attend = ServerAction::<RecordAttendance>::new();
    let status = ServerAction::<SetMemberStatus>::new();
    let leave = ServerAction::<LeaveCommittee>::new();
    let appoint = ServerAction::<AppointMember>::new();
    count_successes(appoint, changed);
    count_successes(ask, changed);
    count_successes(decide, changed);
    count_successes(schedule, changed);
    count_successes(attend, changed);
    count_successes(status, changed);
    count_successes(leave, changed);
    let group = load(
        move || (id.get(), changed.get()),
        |(id, _)| async move {
            let id = id.ok_or(AppError::NotFound {
                what: "That committee".to_owned(),
            })?;
            get_committee(id).await
        },
    );
    let mine = load(
        move || (id.get(), changed.get()),
        |(id, _)| async move {
            let Some(id) = id else { return (None, None) };
            let record = committee_member_view(id).await.ok().flatten();
            let request = my_join_requests()
                .await
                .ok()
                .and_then(|rows| rows.into_iter().find(|r| r.committee == id));
            (record, request)
        },
    );
    // The chair's part: `None` for anyone else, and then nothing is shown.
    let chair = load(
        move || (id.get(), changed.get()),
        |(id, _)| async move { committee_chair_view(id?).await.ok().flatten() },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the committee…"</p> }>
            {move || Suspend::new(async move {
                match group.await {
                    Ok(group) => view! {
                        <Title text=group.name.clone() />
                        <Summary group=group.clone() />
                        <Membership group mine ask leave />
                    }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                chair.await.map(|(roster, requests)| view! {
                    <ChairPanel roster requests decide schedule attend status appoint />
                }.into_any())
            })}
        </Transition>
    }
}

#[component]
fn Summary(group: CommitteeSummary) -> impl IntoView {
    view! {
        <div class="page-head">
            <h1>{group.name.clone()}</h1>
            <span class="badge">{group.kind.label()}</span>
        </div>
        <p class="lede">{group.purpose.clone()}</p>
        <dl class="facts">
            {group.region.clone().map(|(_, name)| view! { <dt>"Region"</dt><dd>{name}</dd> })}
            <dt>"Chair"</dt>
            <dd>{group.chair.clone().unwrap_or_else(|| "No chair yet".to_owned())}</dd>
            <dt>"Members"</dt>
            <dd>{match group.capacity {
                Some(capacity) => format!("{} of {capacity} seats taken", group.members),
                None => group.members.to_string(),
            }}</dd>
            <dt>"Next meeting"</dt>
            <dd>{group.next_meeting.as_ref().map_or_else(|| "None scheduled".to_owned(), StateTime::describe)}</dd>
            <dt>"How to join"</dt>
            <dd>{group.join_mode.how_to_join()}</dd>
        </dl>
    }
}

type Mine = (
    Option<Vec<(MeetingRow, Option<Attendance>)>>,
    Option<JoinRequestRow>,
);

#[component]
fn Membership(
    group: CommitteeSummary,
    mine: Loaded<Mine>,
    ask: ServerAction<AskToJoin>,
    leave: ServerAction<LeaveCommittee>,
) -> impl IntoView {
    let id = group.id;
    let mode = group.join_mode;
    view! {
        <section class="panel" aria-labelledby="membership-title">
            <h2 id="membership-title">"Your membership"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let (record, request) = mine.await;
                    match (record, request) {
                        (Some(record), _) => view! { <OwnRecord id record leave /> }.into_any(),
                        (None, Some(request)) if matches!(request.status, RequestStatus::Pending | RequestStatus::Waiting) => view! {
                            <p role="status">{format!("Your request: {}.", request.status.label())}</p>
                        }.into_any(),
                        (None, request) => view! {
                            {request.and_then(|r| (r.status == RequestStatus::Declined).then(|| view! {
                                <p class="muted">{format!("Your last request was declined: {}", r.reason.unwrap_or_default())}</p>
                            }))}
                            <JoinForm id mode ask />
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn JoinForm(id: CommitteeId, mode: JoinMode, ask: ServerAction<AskToJoin>) -> impl IntoView {
    if matches!(mode, JoinMode::Invite | JoinMode::Closed) {
        return view! { <p>{mode.how_to_join()}</p> }.into_any();
    }
    let failure = move || ask.value().get().and_then(Result::err);
    let field = move |name: &'static str| move || failure().and_then(|e| e.field(name));
    view! {
        <ActionForm action=ask attr:class="form">
            <input type="hidden" name="committee" value=id.to_string() />
            {move || failure().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
            <div class="field">
                <label for="join-interests">"Your interests"</label>
                <input id="join-interests" name="draft[interests]" placeholder="data, outreach, training" aria-describedby="join-interests-hint" />
                <p class="hint" id="join-interests-hint">"Comma-separated, up to 10."</p>
                <p class="field-error">{field("interests")}</p>
            </div>
            <div class="field">
                <label for="join-expertise">"Your expertise"</label>
                <input id="join-expertise" name="draft[expertise]" placeholder="Salesforce, grant writing" />
                <p class="field-error">{field("expertise")}</p>
            </div>
            <div class=if mode == JoinMode::Apply { "field field-required" } else { "field" }>
                <label for="join-statement">"Why you want to join"</label>
                <textarea id="join-statement" name="draft[statement]" rows="3" maxlength="1000"></textarea>
                <p class="field-error">{field("statement")}</p>
            </div>
            <button type="submit" class="button button-primary">
                {if mode == JoinMode::Open { "Join" } else { "Ask to join" }}
            </button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn OwnRecord(
    id: CommitteeId,
    record: Vec<(MeetingRow, Option<Attendance>)>,
    leave: ServerAction<LeaveCommittee>,
) -> impl IntoView {
    let past: Vec<_> = record.into_iter().filter(|(m, _)| m.held).collect();
    view! {
        <p>"You are a member."</p>
        <h3>"Your attendance"</h3>
        {if past.is_empty() {
            view! { <p class="muted">"No meetings yet."</p> }.into_any()
        } else {
            view! {
                <ul class="attendance-list">
                    {past.into_iter().map(|(meeting, mark)| view! {
                        <li>{meeting.starts_at.describe()}" · "{mark.map_or("Not recorded", Attendance::label)}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <ActionForm action=leave>
            <input type="hidden" name="committee" value=id.to_string() />
            <button type="submit" class="button">"Leave this committee"</button>
        </ActionForm>
        {move || leave.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
    }
}

#[component]
fn ChairPanel(
    roster: Roster,
    requests: Vec<JoinRequestRow>,
    decide: ServerAction<DecideJoinRequest>,
    schedule: ServerAction<ScheduleMeeting>,
    attend: ServerAction<RecordAttendance>,
    status: ServerAction<SetMemberStatus>,
    appoint: ServerAction<AppointMember>,
) -> impl IntoView {
    let id = roster.committee;
    let appoints = roster
        .appoints
        .then(|| view! { <AppointForm roster=roster.clone() appoint /> });
    view! {
        <section class="panel" aria-labelledby="requests-title">
            <h2 id="requests-title">"Requests to join"</h2>
            {move || decide.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
            {if requests.is_empty() {
                view! { <p class="muted">"No requests waiting."</p> }.into_any()
            } else {
                view! { <ul class="request-list">{requests.into_iter().map(|r| view! { <RequestItem request=r decide /> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="meeting-title">
            <h2 id="meeting-title">"Schedule a meeting"</h2>
            <MeetingForm id schedule />
        </section>
        <RosterTable roster=roster.clone() status />
        {appoints}
        <AttendanceForms roster attend />
    }
    .into_any()
}

/// An administrator appoints a chair or vice-chair (or makes someone a plain member again),
/// from the members or anyone else with an account.
#[component]
fn AppointForm(roster: Roster, appoint: ServerAction<AppointMember>) -> impl IntoView {
    let id = roster.committee;
    let failure = move || appoint.value().get().and_then(Result::err);
    let field = move |name: &'static str| move || failure().and_then(|e| e.field(name));
    let members = roster
        .members
        .iter()
        .map(|m| {
            let label = format!("{} ({})", m.member.name, m.member.role.label());
            view! { <option value=m.member.person.to_string()>{label}</option> }
        })
        .collect_view();
    let others = roster
        .appointable
        .into_iter()
        .map(|(person, name)| view! { <option value=person.to_string()>{name}</option> })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="appoint-title">
            <h2 id="appoint-title">"Appoint a chair or vice-chair"</h2>
            <p class="muted">"A new chair's predecessor stays on as a member. The person is told in their notifications."</p>
            <ActionForm action=appoint attr:class="form">
                <input type="hidden" name="committee" value=id.to_string() />
                {move || failure().filter(|e| !matches!(e, AppError::InvalidFields(_))).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
                <div class="field field-required">
                    <label for="appoint-person">"Person"</label>
                    <select id="appoint-person" name="person">
                        <optgroup label="Members">{members}</optgroup>
                        <optgroup label="Everyone else">{others}</optgroup>
                    </select>
                </div>
                <div class="field field-required">
                    <label for="appoint-role">"Role"</label>
                    <select id="appoint-role" name="draft[role]">
                        {MemberRole::ALL.into_iter().rev().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                    </select>
                    <p class="field-error">{field("role")}</p>
                </div>
                <div class="field">
                    <label for="appoint-term">"Term ends"</label>
                    <input id="appoint-term" name="draft[term_ends_on]" type="date" aria-describedby="appoint-term-hint" />
                    <p class="hint" id="appoint-term-hint">"Leave empty to keep the person's current term in this role (one that has ended is not kept), or for no set end."</p>
                    <p class="field-error">{field("term_ends_on")}</p>
                </div>
                <button type="submit" class="button button-primary">"Appoint"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RequestItem(request: JoinRequestRow, decide: ServerAction<DecideJoinRequest>) -> impl IntoView {
    let reason_id = format!("decline-{}", request.id);
    let tags = [request.interests.join(", "), request.expertise.join(", ")]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="request">
            <p><strong>{request.person_name.clone()}</strong>" · "{tags}</p>
            <p>{request.statement.clone()}</p>
            <div class="actions">
                <ActionForm action=decide>
                    <input type="hidden" name="request" value=request.id.to_string() />
                    <input type="hidden" name="approve" value="true" />
                    <button type="submit" class="button button-primary">{format!("Approve {}", request.person_name)}</button>
                </ActionForm>
                <ActionForm action=decide attr:class="inline-form">
                    <input type="hidden" name="request" value=request.id.to_string() />
                    <input type="hidden" name="approve" value="false" />
                    <label for=reason_id.clone()>"Reason"</label>
                    // Said by the field itself, beside this request, when left empty.
                    <input id=reason_id name="reason" required />
                    <button type="submit" class="button button-danger">"Decline"</button>
                </ActionForm>
            </div>
        </li>
    }
}

#[component]
fn MeetingForm(id: CommitteeId, schedule: ServerAction<ScheduleMeeting>) -> impl IntoView {
    let failure = move || schedule.value().get().and_then(Result::err);
    let field = move |name: &'static str| move || failure().and_then(|e| e.field(name));
    // A refusal that is not about a field (the chair's term ended, the server unreachable)
    // is said above the form; field errors sit by their fields.
    let refusal = move || {
        failure().filter(|e| e.status() != 422).map(|e| {
            view! { <p class="alert" role="alert">{e.to_string()}</p> }
        })
    };
    view! {
        {refusal}
        <ActionForm action=schedule attr:class="form">
            <input type="hidden" name="committee" value=id.to_string() />
            <div class="field field-required">
                <label for="meeting-date">"Date"</label>
                <input id="meeting-date" name="draft[date]" type="date" />
                <p class="field-error">{field("date")}</p>
            </div>
            <div class="field field-required">
                <label for="meeting-time">"Time (the state's clock)"</label>
                <input id="meeting-time" name="draft[time]" type="time" />
                <p class="field-error">{field("time")}</p>
            </div>
            <div class="field field-required">
                <label for="meeting-place">"Place or call details"</label>
                <input id="meeting-place" name="draft[place]" />
                <p class="field-error">{field("place")}</p>
            </div>
            <div class="field">
                <label for="meeting-agenda">"Agenda"</label>
                <textarea id="meeting-agenda" name="draft[agenda]" rows="3"></textarea>
                <p class="field-error">{field("agenda")}</p>
            </div>
            <button type="submit" class="button button-primary">"Schedule"</button>
        </ActionForm>
    }
}

#[component]
fn RosterTable(roster: Roster, status: ServerAction<SetMemberStatus>) -> impl IntoView {
    let id = roster.committee;
    let rows = roster
        .members
        .into_iter()
        .map(|m| {
            let person = m.member.person;
            let name = m.member.name.clone();
            let next = if m.status == "inactive" { "active" } else { "inactive" };
            let next_label = if next == "active" { "Make active" } else { "Move to inactive" };
            let toggle_label = format!("{next_label}: {name}");
            let remove_label = format!("Remove {name}");
            let term = m
                .member
                .term_ends_on
                .map(|d| format!(", until {}", d.format("%-d %b %Y")));
            view! {
                <tr class:at-risk=m.standing.at_risk>
                    <td><a href=format!("/people/{person}")>{m.member.name.clone()}</a></td>
                    <td>{m.member.role.label()}{term}</td>
                    <td>{m.status.clone()}</td>
                    <td>
                        {m.standing.at_risk.then(|| view! { <span class="badge badge-danger">"At risk"</span>" " })}
                        {m.standing.reason.clone()}
                    </td>
                    <td>
                        {(m.member.role != MemberRole::Chair && m.status != "waiting").then(|| view! {
                            <ActionForm action=status>
                                <input type="hidden" name="committee" value=id.to_string() />
                                <input type="hidden" name="person" value=person.to_string() />
                                <input type="hidden" name="status" value=next />
                                <button type="submit" class="button">{toggle_label}</button>
                            </ActionForm>
                            <ActionForm action=status>
                                <input type="hidden" name="committee" value=id.to_string() />
                                <input type="hidden" name="person" value=person.to_string() />
                                <input type="hidden" name="status" value="removed" />
                                <button type="submit" class="button button-danger">{remove_label}</button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="roster-title">
            <h2 id="roster-title">"Members"</h2>
            <p class="muted">{format!("Rule: {}. Excused absences never count against anyone.", roster.rule.describe())}</p>
            <p><a href=format!("/committees/{id}/roster.csv") download="" rel="external">"Download the roster (CSV)"</a></p>
            {move || status.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Members and their participation"</caption>
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Role"</th><th scope="col">"Status"</th><th scope="col">"Participation"</th><th scope="col"></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn AttendanceForms(roster: Roster, attend: ServerAction<RecordAttendance>) -> impl IntoView {
    let members: Vec<_> = roster
        .members
        .iter()
        .filter(|m| m.status != "waiting")
        .map(|m| (m.member.person, m.member.name.clone()))
        .collect();
    let held: Vec<MeetingRow> = roster
        .meetings
        .iter()
        .filter(|m| m.held)
        .take(3)
        .cloned()
        .collect();
    let marks = roster.marks.clone();
    view! {
        <section class="panel" aria-labelledby="attendance-title">
            <h2 id="attendance-title">"Attendance"</h2>
            {move || attend.value().get().and_then(Result::err).map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
            {if held.is_empty() {
                view! { <p class="muted">"No meeting has taken place yet."</p> }.into_any()
            } else {
                held.into_iter().map(|meeting| {
                    let rows = members.iter().enumerate().map(|(n, (person, name))| {
                        let current = marks
                            .iter()
                            .find(|(m, p, _)| *m == meeting.id && p == person)
                            .map(|(_, _, a)| *a);
                        let select_id = format!("mark-{}-{}", meeting.id, person);
                        view! {
                            <div class="field">
                                <input type="hidden" name=format!("marks[{n}][person]") value=person.to_string() />
                                <label for=select_id.clone()>{name.clone()}</label>
                                <select id=select_id name=format!("marks[{n}][mark]")>
                                    // Nobody is marked present for not having been looked at.
                                    <option value="" selected=current.is_none()>"Not recorded"</option>
                                    {Attendance::ALL.into_iter().map(|a| view! {
                                        <option value=a.as_str() selected=current == Some(a)>{a.label()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view();
                    view! {
                        <ActionForm action=attend attr:class="form attendance-form">
                            <fieldset>
                                <legend>{format!("Meeting of {}", meeting.starts_at.describe())}</legend>
                                <input type="hidden" name="meeting" value=meeting.id.to_string() />
                                {rows}
                                <button type="submit" class="button button-primary">"Save attendance"</button>
                            </fieldset>
                        </ActionForm>
                    }
                }).collect_view().into_any()
            }}
        </section>
    }
    .into_any()
}
