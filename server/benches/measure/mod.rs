//! Timing helpers shared by the benchmarks: run a case many times, report percentiles, and
//! compare with a baseline measured in the same run on the same data.

#![allow(dead_code)]

use std::future::Future;
use std::time::{Duration, Instant};

/// Runs a benchmark on a runtime with two workers, as the server runs on the reference
/// two-core machine.
pub fn on_two_workers<F: Future>(run: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(run)
}

/// Latencies of one case, sorted.
pub struct Samples {
    pub name: String,
    sorted: Vec<Duration>,
}

impl Samples {
    pub fn percentile(&self, p: f64) -> Duration {
        if self.sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.sorted.len() as f64).ceil() as usize;
        self.sorted[rank.clamp(1, self.sorted.len()) - 1]
    }

    pub fn p50(&self) -> Duration {
        self.percentile(50.0)
    }

    pub fn p95(&self) -> Duration {
        self.percentile(95.0)
    }
}

/// Runs `case` `warmup` times unmeasured, then `runs` times measured.
pub async fn sample<F, Fut>(name: &str, warmup: usize, runs: usize, mut case: F) -> Samples
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    for _ in 0..warmup {
        case().await;
    }
    let mut sorted = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        case().await;
        sorted.push(started.elapsed());
    }
    sorted.sort_unstable();
    Samples {
        name: name.to_owned(),
        sorted,
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// How many times faster `ours` is than `baseline` at the 95th percentile.
pub fn speedup(baseline: &Samples, ours: &Samples) -> String {
    let ours = ours.p95().as_secs_f64();
    if ours == 0.0 {
        return "∞".to_owned();
    }
    format!("{:.1}×", baseline.p95().as_secs_f64() / ours)
}

/// An env var as a number, or `default`.
pub fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}
