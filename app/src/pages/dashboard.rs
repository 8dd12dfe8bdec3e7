//! The director's dashboard: engagement figures for an area of their scope and a period, the
//! federal employer measures with E1-E4 beside them, charts with their numbers as tables, each
//! figure's "how this is counted", links down to the visits behind a figure, CSV of every
//! table, and how fresh the data is. The choices live in the address, so a view can be linked.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::get_dashboard;
use crate::components::chart::{BarChart, TrendChart};
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::model::{Counted, Dashboard, DashboardQuery, Ranked, StateTime};
use crate::resource::load;
use crate::rules::metrics::how;
use crate::rules::period::PeriodKind;

/// The address's query, as the CSV links repeat it.
fn query_string(query: &DashboardQuery) -> String {
    let pairs = [
        ("area", &query.area),
        ("period", &query.period),
        ("on", &query.on),
        ("from", &query.from),
        ("to", &query.to),
    ];
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::url::encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let address = use_query_map();
    let query = Memo::new(move |_| {
        address.with(|q| DashboardQuery {
            area: q.get("area").unwrap_or_default(),
            period: q.get("period").unwrap_or_default(),
            on: q.get("on").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
        })
    });
    let figures = load(move || query.get(), get_dashboard);
    view! {
        <Title text="Dashboard" />
        <h1>"Dashboard"</h1>
            <Transition fallback=|| view! { <p class="loading">"Counting…"</p> }>
                {move || Suspend::new(async move {
                    let asked = query.get_untracked();
                    match figures.await {
                        Ok(dashboard) => view! { <Figures dashboard asked /> }.into_any(),
                        // A period typed wrong keeps the form, to correct it; a refusal does not.
                        Err(error @ (AppError::InvalidFields(_) | AppError::Invalid { .. })) => view! {
                            <Choices dashboard=None asked />
                            <Problem error />
                        }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    }
                })}
            </Transition>
    }
}

/// The area and period form: a plain GET, so it works without JavaScript.
#[component]
fn Choices(dashboard: Option<Dashboard>, asked: DashboardQuery) -> impl IntoView {
    let areas = dashboard
        .as_ref()
        .map(|d| d.areas.clone())
        .unwrap_or_default();
    let chosen_area = dashboard
        .as_ref()
        .map(|d| d.area.clone())
        .unwrap_or(asked.area.clone());
    let kind = dashboard
        .as_ref()
        .map(|d| d.kind)
        .or_else(|| PeriodKind::parse(&asked.period))
        .unwrap_or_default();
    let (from, to) = match (&dashboard, kind) {
        (Some(d), PeriodKind::Custom) => (d.period.first.to_string(), d.period.last.to_string()),
        _ => (asked.from.clone(), asked.to.clone()),
    };
    let on = match &dashboard {
        Some(d) if kind != PeriodKind::Custom => d.period.first.to_string(),
        _ => asked.on.clone(),
    };
    view! {
        <form method="get" action="/dashboard" class="filters dashboard-choices">
            <div class="field">
                <label for="dash-area">"Area"</label>
                <select id="dash-area" name="area">
                    {areas.into_iter().map(|(value, label)| {
                        let selected = value == chosen_area;
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="dash-period">"Period"</label>
                <select id="dash-period" name="period">
                    {PeriodKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=k == kind>{k.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="dash-on">"A day in the period"</label>
                <input id="dash-on" name="on" type="date" value=on aria-describedby="dash-on-hint" />
                <p class="hint" id="dash-on-hint">"For a month, quarter or program year."</p>
            </div>
            <div class="field">
                <label for="dash-from">"From"</label>
                <input id="dash-from" name="from" type="date" value=from />
            </div>
            <div class="field">
                <label for="dash-to">"To"</label>
                <input id="dash-to" name="to" type="date" value=to aria-describedby="dash-custom-hint" />
                <p class="hint" id="dash-custom-hint">"From and to: for custom dates."</p>
            </div>
            <button type="submit" class="button button-primary">"Show"</button>
        </form>
    }
}

fn csv_link(dashboard: &Dashboard, table: &'static str, asked: &DashboardQuery) -> impl IntoView {
    let mut query = asked.clone();
    query.area = dashboard.area.clone();
    let href = format!("/dashboard/{table}.csv?{}", query_string(&query));
    view! { <a class="csv-link" href=href download="" rel="external">"Download CSV"</a> }
}

/// A link to the visits behind a figure, with the period in the address.
fn visits_link(dashboard: &Dashboard, only: &str) -> String {
    let mut href = format!(
        "/visits?from={}&to={}&area={}",
        dashboard.period.first,
        dashboard.period.last,
        crate::url::encode_component(&dashboard.area)
    );
    if !only.is_empty() {
        href.push_str(&format!("&only={only}"));
    }
    href
}

#[component]
fn Figures(dashboard: Dashboard, asked: DashboardQuery) -> impl IntoView {
    let heading = format!("{} · {}", dashboard.area_name, dashboard.period.label());
    let tiles: Vec<(&'static str, String, &'static str, Option<String>)> = vec![
        (
            "Visits",
            dashboard.visits.to_string(),
            how::VISITS,
            Some(visits_link(&dashboard, "")),
        ),
        (
            "Businesses engaged",
            dashboard.engaged.to_string(),
            how::ENGAGED,
            Some(visits_link(&dashboard, "")),
        ),
        (
            "New / returning",
            format!("{} / {}", dashboard.new_businesses(), dashboard.returning),
            how::NEW_RETURNING,
            None,
        ),
        (
            "Orientations that qualify",
            dashboard.orientations.to_string(),
            how::ORIENTATIONS,
            Some(visits_link(&dashboard, "qualifying")),
        ),
        (
            "Orientations flagged",
            dashboard.flagged_orientations.to_string(),
            how::ORIENTATIONS,
            Some(visits_link(&dashboard, "flagged")),
        ),
        (
            "Job seekers hired",
            dashboard.hired.to_string(),
            how::HIRED,
            Some(visits_link(&dashboard, "")),
        ),
        (
            "Follow-ups overdue",
            dashboard.overdue.to_string(),
            how::OVERDUE,
            None,
        ),
    ];
    let tiles = tiles
        .into_iter()
        .map(|(name, value, explained, link)| {
            let value = match link {
                Some(href) => view! { <a href=href class="figure-value">{value}</a> }.into_any(),
                None => view! { <span class="figure-value">{value}</span> }.into_any(),
            };
            view! {
                <div class="figure">
                    <dt>{name}</dt>
                    <dd>{value}<span class="how">{explained}</span></dd>
                </div>
            }
        })
        .collect_view();
    let repeat = dashboard.repeat_rate().label();
    let penetration = dashboard.penetration_rate().label();
    let penetration_parts = match dashboard.in_area {
        Some(e2) => format!("E1 {} of E2 {e2}", dashboard.engaged),
        None => format!("E1 {}; E2: no count entered", dashboard.engaged),
    };
    let trend_points: Vec<(String, u64, u64)> = dashboard
        .trend
        .iter()
        .map(|p| (p.month.format("%b %y").to_string(), p.visits, p.businesses))
        .collect();
    let stage_bars: Vec<(String, u64)> = dashboard
        .stages
        .iter()
        .map(|c| (c.label.clone(), c.count))
        .collect();
    let center_bars: Vec<(String, u64)> = dashboard
        .centers
        .iter()
        .map(|r| (r.name.clone(), r.visits))
        .collect();
    let links = (
        csv_link(&dashboard, "figures", &asked),
        csv_link(&dashboard, "services", &asked),
        csv_link(&dashboard, "stages", &asked),
        csv_link(&dashboard, "trend", &asked),
        csv_link(&dashboard, "centers", &asked),
        csv_link(&dashboard, "reps", &asked),
        csv_link(&dashboard, "freshness", &asked),
    );
    let freshness = dashboard
        .freshness
        .iter()
        .map(|f| {
            view! {
                <tr>
                    <th scope="row">{f.center.clone()}</th>
                    <td>{f.devices}</td>
                    <td>{f.last_sync.as_ref().map_or_else(|| "Never".to_owned(), StateTime::describe)}</td>
                    <td>{f.pending}</td>
                </tr>
            }
        })
        .collect_view();
    let trend_rows = dashboard
        .trend
        .iter()
        .map(|p| view! {
            <tr><th scope="row">{p.month.format("%B %Y").to_string()}</th><td>{p.visits}</td><td>{p.businesses}</td></tr>
        })
        .collect_view();
    view! {
        <Choices dashboard=Some(dashboard.clone()) asked=asked.clone() />
        <h2 class="dashboard-heading">{heading}</h2>
        <p class="muted">{how::SYNCED}</p>
        <section class="panel" aria-labelledby="figures-title">
            <div class="page-head">
                <h2 id="figures-title">"Engagement"</h2>
                {links.0}
            </div>
            <dl class="figures">{tiles}</dl>
        </section>
        <section class="panel" aria-labelledby="measures-title">
            <h2 id="measures-title">"Federal employer measures"</h2>
            <dl class="figures">
                <div class="figure">
                    <dt>"Repeat business customers rate"</dt>
                    <dd>
                        <span class="figure-value">{repeat}</span>
                        <span class="measure-parts">{format!("E3 {} of E4 {}", dashboard.returning, dashboard.served_before)}</span>
                        <span class="how">{how::REPEAT}</span>
                    </dd>
                </div>
                <div class="figure">
                    <dt>"Employer penetration rate"</dt>
                    <dd>
                        <span class="figure-value">{penetration}</span>
                        <span class="measure-parts">{penetration_parts}</span>
                        <span class="how">{how::PENETRATION}</span>
                    </dd>
                </div>
            </dl>
        </section>
        <section class="panel" aria-labelledby="trend-title">
            <div class="page-head">
                <h2 id="trend-title">"Monthly trend"</h2>
                {links.3}
            </div>
            <p class="how">{how::TREND}</p>
            <TrendChart title="Visits and businesses engaged per month".to_owned() points=trend_points />
            <details>
                <summary>"Show the numbers"</summary>
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">"Visits and businesses engaged per month"</caption>
                        <thead><tr><th scope="col">"Month"</th><th scope="col">"Visits"</th><th scope="col">"Businesses"</th></tr></thead>
                        <tbody>{trend_rows}</tbody>
                    </table>
                </div>
            </details>
        </section>
        <div class="dashboard-columns">
            <section class="panel" aria-labelledby="services-title">
                <div class="page-head">
                    <h2 id="services-title">"Services delivered"</h2>
                    {links.1}
                </div>
                <p class="how">{how::SERVICES}</p>
                <CountedTable rows=dashboard.services.clone() label="Service" value="Visits" empty="No service delivered in this period." />
            </section>
            <section class="panel" aria-labelledby="stages-title">
                <div class="page-head">
                    <h2 id="stages-title">"Business-cycle stage"</h2>
                    {links.2}
                </div>
                <p class="how">{how::STAGES}</p>
                {(!stage_bars.is_empty()).then(|| view! { <BarChart title="Businesses engaged by stage".to_owned() bars=stage_bars /> })}
                <CountedTable rows=dashboard.stages.clone() label="Stage" value="Businesses" empty="No business engaged in this period." />
            </section>
        </div>
        <section class="panel" aria-labelledby="centers-title">
            <div class="page-head">
                <h2 id="centers-title">"Centers"</h2>
                {links.4}
            </div>
            <p class="how">{how::RANKING}</p>
            {(!center_bars.is_empty()).then(|| view! { <BarChart title="Visits by center".to_owned() bars=center_bars /> })}
            <RankedTable rows=dashboard.centers.clone() label="Center" />
        </section>
        <section class="panel" aria-labelledby="reps-title">
            <div class="page-head">
                <h2 id="reps-title">"Reps"</h2>
                {links.5}
            </div>
            <RankedTable rows=dashboard.reps.clone() label="Rep" />
        </section>
        <section class="panel" aria-labelledby="freshness-title">
            <div class="page-head">
                <h2 id="freshness-title">"Data freshness"</h2>
                {links.6}
            </div>
            <p class="how">{how::FRESHNESS}</p>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Last sync per center"</caption>
                    <thead><tr><th scope="col">"Center"</th><th scope="col">"Devices"</th><th scope="col">"Last sync"</th><th scope="col">"Pending changes reported"</th></tr></thead>
                    <tbody>{freshness}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn CountedTable(
    rows: Vec<Counted>,
    label: &'static str,
    value: &'static str,
    empty: &'static str,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table>
                <thead><tr><th scope="col">{label}</th><th scope="col">{value}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! { <tr><th scope="row">{r.label}</th><td>{r.count}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn RankedTable(rows: Vec<Ranked>, label: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">"No visits in this period."</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table>
                <thead><tr><th scope="col">{label}</th><th scope="col">"Visits"</th><th scope="col">"Businesses engaged"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! { <tr><th scope="row">{r.name}</th><td>{r.visits}</td><td>{r.businesses}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
