//! A one-line progress bar on standard error, for long generation runs.

use std::io::Write;
use std::time::Instant;

pub struct Progress {
    what: &'static str,
    total: u64,
    done: u64,
    started: Instant,
    shown_percent: Option<u64>,
    enabled: bool,
}

impl Progress {
    pub fn new(what: &'static str, total: u64, enabled: bool) -> Self {
        Progress {
            what,
            total,
            done: 0,
            started: Instant::now(),
            shown_percent: None,
            enabled: enabled && total > 0,
        }
    }

    pub fn advance(&mut self, by: u64) {
        self.done = (self.done + by).min(self.total);
        let percent = self.done * 100 / self.total.max(1);
        if self.enabled && self.shown_percent != Some(percent) {
            self.shown_percent = Some(percent);
            let filled = (percent / 5) as usize;
            eprint!(
                "\r{:<10} [{}{}] {:>3}% {}/{} ({:.1} s)",
                self.what,
                "#".repeat(filled),
                "-".repeat(20 - filled),
                percent,
                self.done,
                self.total,
                self.started.elapsed().as_secs_f64()
            );
            let _ = std::io::stderr().flush();
            if self.done == self.total {
                eprintln!();
            }
        }
    }
}
