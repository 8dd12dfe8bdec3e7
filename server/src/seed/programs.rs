//! The demo's Peer to Peer catalogue: the programs the project's issuance names as examples,
//! a submission window open for six weeks, a submission waiting for the coordinator, and
//! requests from other states at each stage of the work.

use app::model::{AssistanceStatus, DeliveryMode, SubmissionStatus};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use uuid::Uuid;

use super::committees::person;
use crate::entities::{
    assistance_request, assistance_update, program, submission, submission_window,
};

use DeliveryMode::*;

struct Showcase {
    title: &'static str,
    summary: &'static str,
    problem: &'static str,
    results: &'static str,
    offer: &'static str,
    contact: (&'static str, &'static str),
    modes: &'static [DeliveryMode],
    tags: &'static str,
}

const PROGRAMS: &[Showcase] = &[
    Showcase {
        title: "Mass BizWorks",
        summary: "One coordinated business services team across the workforce system: every \
                  employer visit recorded once, key representatives known, services offered \
                  as one slate.",
        problem: "Employers were contacted by many programs that did not know of each other, \
                  and no one could say which businesses the system served.",
        results: "A shared record of employer visits, more repeat business customers, and \
                  employer penetration measured by region.",
        offer: "A two-day training for business service teams, the visit template and slate, \
                and coaching calls while a state sets up its own team.",
        contact: ("Rosemary Alexander", "p2p@bizworks.test"),
        modes: &[Classroom, VideoConference, Handbooks],
        tags: "employer engagement, business services, data",
    },
    Showcase {
        title: "RESEA: Reemployment Services and Eligibility Assessment",
        summary: "Claimants most likely to exhaust benefits meet a career counselor early for \
                  an assessment, a reemployment plan and labor market information.",
        problem: "Long unemployment claims and claimants who did not use career center \
                  services until late.",
        results: "Shorter claims and more claimants returning to work within six months.",
        offer: "Session outlines, counselor scripts and a recorded walkthrough of the first \
                meeting.",
        contact: ("Career Services Desk", "resea@bizworks.test"),
        modes: &[VideoConference, ConferenceCall, Videos],
        tags: "reemployment, claimants",
    },
    Showcase {
        title: "Multicultural Services for Limited-English Speakers",
        summary: "Career center services in the languages job seekers speak, with bilingual \
                  staff, interpreted workshops and translated materials.",
        problem: "Job seekers with limited English could not use workshops or self-service \
                  tools, and employers could not reach them.",
        results: "More limited-English job seekers completing workshops and placed in jobs.",
        offer: "Translated workshop materials, a staff handbook on interpreted services, and \
                in-person training for front-line staff.",
        contact: ("Multicultural Services Unit", "lep@bizworks.test"),
        modes: &[Classroom, Handbooks, Videos],
        tags: "limited english, equity",
    },
    Showcase {
        title: "On-the-Job Training and Re-entry Projects, Hampden County",
        summary: "On-the-job training contracts that help employers hire people returning \
                  from incarceration, with case management before and after release.",
        problem: "People leaving incarceration struggled to find work, and employers were \
                  wary of hiring them.",
        results: "Employers hiring through OJT contracts and higher job retention after a \
                  year.",
        offer: "Contract templates, employer outreach materials, and a site visit to the \
                Hampden County partners.",
        contact: ("Hampden County Workforce Board", "reentry@bizworks.test"),
        modes: &[Classroom, ConferenceCall, Handbooks],
        tags: "re-entry, ojt, employer engagement",
    },
    Showcase {
        title: "Recruitment Projects: Plainville casino and Titleist",
        summary: "Large recruitments run by career centers for employers opening or growing \
                  sites, in Fall River (the Plainville casino) and New Bedford (Titleist).",
        problem: "Employers needed hundreds of hires at once, faster than their own \
                  recruiters could screen.",
        results: "Hundreds of candidates screened and hired through career center events.",
        offer: "A recruitment event playbook, screening forms, and conference calls with the \
                teams who ran them.",
        contact: ("Bristol Workforce Board", "recruitment@bizworks.test"),
        modes: &[ConferenceCall, VideoConference, Handbooks],
        tags: "recruitment, employer engagement",
    },
];

struct Asked {
    program: usize,
    name: &'static str,
    agency: &'static str,
    state: &'static str,
    need: &'static str,
    modes: &'static [DeliveryMode],
    status: AssistanceStatus,
    days_ago: i64,
}

const REQUESTS: &[Asked] = &[
    Asked {
        program: 0,
        name: "Jordan Avery",
        agency: "Ohio Department of Job and Family Services",
        state: "OH",
        need: "We are forming business service teams in each region and want to learn how \
               visits are recorded and measured.",
        modes: &[VideoConference],
        status: AssistanceStatus::Received,
        days_ago: 2,
    },
    Asked {
        program: 1,
        name: "Maria Chavez",
        agency: "New Mexico Department of Workforce Solutions",
        state: "NM",
        need: "Training for new RESEA counselors before the spring intake.",
        modes: &[VideoConference, Videos],
        status: AssistanceStatus::Scheduled,
        days_ago: 20,
    },
    Asked {
        program: 2,
        name: "Sam Lee",
        agency: "Oregon Employment Department",
        state: "OR",
        need: "Translated workshop materials for Spanish and Vietnamese speakers.",
        modes: &[Handbooks],
        status: AssistanceStatus::Delivered,
        days_ago: 60,
    },
    Asked {
        program: 3,
        name: "Terry Brooks",
        agency: "Georgia Department of Labor",
        state: "GA",
        need: "Advice on OJT contracts with re-entry employers.",
        modes: &[ConferenceCall],
        status: AssistanceStatus::Closed,
        days_ago: 120,
    },
];

pub async fn load(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    let mut ids = Vec::new();
    for (i, showcase) in PROGRAMS.iter().enumerate() {
        let id = Uuid::now_v7();
        ids.push(id);
        program::ActiveModel {
            id: Set(id),
            title: Set(showcase.title.to_owned()),
            summary: Set(showcase.summary.to_owned()),
            problem: Set(showcase.problem.to_owned()),
            results: Set(showcase.results.to_owned()),
            offer: Set(showcase.offer.to_owned()),
            contact_name: Set(showcase.contact.0.to_owned()),
            contact_email: Set(showcase.contact.1.to_owned()),
            contact_phone: Set(None),
            modes: Set(DeliveryMode::join(showcase.modes)),
            tags: Set(showcase.tags.to_owned()),
            submission_id: Set(None),
            published_at: Set(now - Duration::days(200 - i as i64)),
        }
        .insert(db)
        .await?;
    }
    let Some(coordinator) = person(db, "coordinator@bizworks.test").await? else {
        return Ok(());
    };
    let window = Uuid::now_v7();
    submission_window::ActiveModel {
        id: Set(window),
        opens_at: Set(now - Duration::days(1)),
        // 17:00 in Boston in winter: close of business, as the issuance put it.
        closes_at: Set((now + Duration::days(42))
            .date_naive()
            .and_hms_opt(22, 0, 0)
            .map_or(now + Duration::days(42), |t| t.and_utc())),
        opened_by: Set(coordinator),
    }
    .insert(db)
    .await?;
    if let Some(rep) = person(db, "rep@bizworks.test").await? {
        submission::ActiveModel {
            id: Set(Uuid::now_v7()),
            author_id: Set(rep),
            status: Set(SubmissionStatus::Submitted.as_str().to_owned()),
            title: Set("Springfield Employer Breakfasts".to_owned()),
            summary: Set(
                "Quarterly breakfasts where employers meet every partner at once.".to_owned(),
            ),
            problem: Set("Employers did not know which partner to call.".to_owned()),
            results: Set(
                "Forty employers a quarter, a third of them new to the center.".to_owned(),
            ),
            offer: Set("An event kit and a call with the organisers.".to_owned()),
            modes: Set(DeliveryMode::join(&[ConferenceCall, Handbooks])),
            tags: Set("employer engagement, events".to_owned()),
            travel_costs: Set("None".to_owned()),
            material_costs: Set("$200 for printed kits".to_owned()),
            contact_name: Set("Riley Santos".to_owned()),
            contact_email: Set("rep@bizworks.test".to_owned()),
            contact_phone: Set(None),
            comment: Set(None),
            window_id: Set(Some(window)),
            submitted_at: Set(Some(now - Duration::hours(3))),
            decided_at: Set(None),
            decided_by: Set(None),
            program_id: Set(None),
            created_at: Set(now - Duration::hours(5)),
            updated_at: Set(now - Duration::hours(3)),
        }
        .insert(db)
        .await?;
    }
    for (n, asked) in REQUESTS.iter().enumerate() {
        let id = Uuid::now_v7();
        let received = now - Duration::days(asked.days_ago);
        let scheduled_for = match asked.status {
            AssistanceStatus::Received => None,
            AssistanceStatus::Scheduled => Some((now + Duration::days(21)).date_naive()),
            _ => Some((received + Duration::days(14)).date_naive()),
        };
        assistance_request::ActiveModel {
            id: Set(id),
            // Demo references are easy to type; real ones are random.
            reference: Set(format!("TA-DEM00-0000{n}")),
            program_id: Set(ids[asked.program]),
            name: Set(asked.name.to_owned()),
            agency: Set(asked.agency.to_owned()),
            state: Set(asked.state.to_owned()),
            email: Set(format!("{}@example.org", asked.state.to_lowercase())),
            need: Set(asked.need.to_owned()),
            modes: Set(DeliveryMode::join(asked.modes)),
            dates: Set("Any weekday".to_owned()),
            status: Set(asked.status.as_str().to_owned()),
            scheduled_for: Set(scheduled_for),
            scheduled_mode: Set(scheduled_for.map(|_| asked.modes[0].as_str().to_owned())),
            created_at: Set(received),
            updated_at: Set(received),
        }
        .insert(db)
        .await?;
        let steps = AssistanceStatus::ALL
            .into_iter()
            .filter(|s| *s <= asked.status);
        for (day, status) in steps.enumerate() {
            let note = match status {
                AssistanceStatus::Closed => "Delivered and followed up; nothing more asked.",
                _ => "",
            };
            assistance_update::ActiveModel {
                request_id: Set(id),
                author_id: Set((day > 0).then_some(coordinator)),
                status: Set(status.as_str().to_owned()),
                note: Set(note.to_owned()),
                at: Set(received + Duration::days(day as i64 * 7)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
