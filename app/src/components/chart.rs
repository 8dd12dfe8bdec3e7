//! Charts drawn by the app itself as SVG: labelled for screen readers (`role="img"` with a
//! title and a description naming every value), and always shown beside the same numbers as a
//! table, so nobody has to read a figure off a bar.

use leptos::prelude::*;

/// Horizontal bars, one per label, longest first as given.
#[component]
pub fn BarChart(
    /// What the chart shows, for its accessible name.
    title: String,
    bars: Vec<(String, u64)>,
) -> impl IntoView {
    let most = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let row = 28u64;
    let label_width = 200u64;
    let bar_width = 360u64;
    let height = row * bars.len() as u64 + 4;
    let described = bars
        .iter()
        .map(|(label, value)| format!("{label}: {value}"))
        .collect::<Vec<_>>()
        .join("; ");
    let shapes = bars
        .into_iter()
        .enumerate()
        .map(|(n, (label, value))| {
            let y = row * n as u64;
            let width = value * bar_width / most;
            let short: String = if label.chars().count() > 28 {
                label.chars().take(27).chain(['…']).collect()
            } else {
                label
            };
            view! {
                <text x="0" y=y + 18 class="chart-label">{short}</text>
                <rect x=label_width y=y + 4 width=width.max(1) height="20" rx="3" class="chart-bar" />
                <text x=label_width + width + 6 y=y + 18 class="chart-value">{value}</text>
            }
        })
        .collect_view();
    view! {
        <svg
            class="chart"
            role="img"
            viewBox=format!("0 0 {} {height}", label_width + bar_width + 60)
            preserveAspectRatio="xMinYMin meet"
        >
            <title>{format!("{title}. {described}")}</title>
            {shapes}
        </svg>
    }
}

/// Monthly columns with a line for a second series: visits as columns, businesses as a line.
#[component]
pub fn TrendChart(title: String, points: Vec<(String, u64, u64)>) -> impl IntoView {
    let most = points
        .iter()
        .map(|(_, a, b)| (*a).max(*b))
        .max()
        .unwrap_or(0)
        .max(1);
    let column = 26u64;
    let plot = 160u64;
    let width = column * points.len() as u64 + 40;
    let described = points
        .iter()
        .map(|(month, visits, businesses)| {
            format!("{month}: {visits} visits, {businesses} businesses")
        })
        .collect::<Vec<_>>()
        .join("; ");
    let line = points
        .iter()
        .enumerate()
        .map(|(n, (_, _, b))| {
            format!(
                "{},{}",
                column * n as u64 + column / 2,
                plot - b * plot / most
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let columns = points
        .into_iter()
        .enumerate()
        .map(|(n, (month, visits, _))| {
            let x = column * n as u64;
            let height = visits * plot / most;
            // Every third month is labelled, so the labels never overlap.
            let label = (n % 3 == 0).then(|| view! {
                <text x=x + 2 y=plot + 16 class="chart-axis">{month}</text>
            });
            view! {
                <rect x=x + 3 y=plot - height width=column - 6 height=height.max(1) class="chart-bar" />
                {label}
            }
        })
        .collect_view();
    view! {
        <svg class="chart chart-trend" role="img" viewBox=format!("0 0 {width} {}", plot + 24)>
            <title>{format!("{title}. {described}")}</title>
            {columns}
            <polyline points=line class="chart-line" fill="none" />
        </svg>
        <p class="chart-key">
            <span class="key key-bar" aria-hidden="true"></span>" Visits "
            <span class="key key-line" aria-hidden="true"></span>" Businesses engaged"
        </p>
    }
}
