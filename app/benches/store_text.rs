//! The device store's text, at 2,000 pending visits: what a page pays to read its outbox
//! (when it opens, and when another tab wrote it) and to write it (at every change).
//!
//! Three ways each, in turn, on the same outbox in the same run:
//! - baseline: serde_json alone, on text without the UUID shorthand (the least any store that
//!   keeps JSON pays);
//! - tree: the shorthand rewritten in a parsed `Value` tree (how the store worked until
//!   2026-12-02: parse, rewrite, write out, parse again into the type);
//! - text: the shorthand rewritten in the text (`compact_text`, `expand_text`), one parse.
//!
//! `cargo bench -p app --bench store_text`. Native code: the browser runs the same Rust as
//! wasm, slower, but the work compared is the same.

use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "common/pending_visits.rs"]
mod pending_visits;

use app::sync::compact::{compact, compact_text, expand, expand_text};
use app::sync::outbox::Outbox;

const VISITS: u32 = 2_000;
const ROUNDS: usize = 25;

/// The median of `ROUNDS` timings of `work`.
fn median(mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[ROUNDS / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn row(what: &str, baseline: Duration, tree: Duration, text: Duration) {
    let ratio = |d: Duration| d.as_secs_f64() / baseline.as_secs_f64();
    println!(
        "| {what} | {} | {} ({:.2}×) | {} ({:.2}×) | {:.2}× |",
        ms(baseline),
        ms(tree),
        ratio(tree),
        ms(text),
        ratio(text),
        tree.as_secs_f64() / text.as_secs_f64()
    );
}

fn main() {
    let outbox = pending_visits::outbox_of(VISITS);
    let plain = serde_json::to_string(&outbox).expect("an outbox writes");
    let short = compact_text(&plain).into_owned();
    // The two ways read the same thing.
    let by_tree: Outbox = serde_json::from_slice(
        &serde_json::to_vec(&expand(serde_json::from_str(&short).expect("reads"))).expect("writes"),
    )
    .expect("reads");
    let by_text: Outbox = serde_json::from_str(&expand_text(&short)).expect("reads");
    assert_eq!(by_tree.entries.len(), by_text.entries.len());
    assert_eq!(serde_json::to_string(&by_text).expect("writes"), plain);

    println!(
        "# The store's text, {VISITS} pending visits: {} characters plain, {} in shorthand\n",
        plain.chars().count(),
        short.chars().count()
    );
    println!("median of {ROUNDS}, ms (× the baseline)\n");
    println!("| | baseline: serde_json alone | tree | text | tree ÷ text |");
    println!("|---|---|---|---|---|");

    let read_baseline = median(|| {
        black_box(serde_json::from_str::<Outbox>(black_box(&plain)).expect("reads"));
    });
    let read_tree = median(|| {
        let tree = expand(serde_json::from_str(black_box(&short)).expect("reads"));
        let text = serde_json::to_vec(&tree).expect("writes");
        black_box(serde_json::from_slice::<Outbox>(&text).expect("reads"));
    });
    let read_text = median(|| {
        black_box(serde_json::from_str::<Outbox>(&expand_text(black_box(&short))).expect("reads"));
    });
    row("read the outbox", read_baseline, read_tree, read_text);

    let write_baseline = median(|| {
        black_box(serde_json::to_string(black_box(&outbox)).expect("writes"));
    });
    let write_tree = median(|| {
        let tree = serde_json::to_value(black_box(&outbox)).expect("writes");
        black_box(compact(tree).to_string());
    });
    let write_text = median(|| {
        let text = serde_json::to_string(black_box(&outbox)).expect("writes");
        black_box(compact_text(&text).into_owned());
    });
    row("write the outbox", write_baseline, write_tree, write_text);

    let expanding = median(|| {
        black_box(expand_text(black_box(&short)));
    });
    let compacting = median(|| {
        black_box(compact_text(black_box(&plain)));
    });
    println!(
        "\nThe text rewrite alone: expanding {} ms, compacting {} ms.",
        ms(expanding),
        ms(compacting)
    );
}
