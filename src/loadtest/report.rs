//! The load test's figures and their text: a row per console, then the pooled cycles, the
//! server's CPU and memory, and the check-in burst.

use std::fmt::Write;
use std::time::{Duration, Instant};

use super::Plan;
use super::proxy::Cycle;
use super::writers::WriterReport;

/// The instants that divide a run: start, measured idle from `idle`, busy from `busy`, `end`.
#[derive(Debug, Clone, Copy)]
pub struct Phases {
    /// Consoles started.
    pub start: Instant,
    /// The warm-up is over; the idle phase starts.
    pub idle: Instant,
    /// The writers start.
    pub busy: Instant,
    /// The writers stopped.
    pub end: Instant,
}

/// What one console did.
#[derive(Debug, Clone)]
pub struct ConsoleReport {
    /// Its number, from 1.
    pub n: usize,
    /// Its traffic, cut into cycles.
    pub cycles: Vec<Cycle>,
    /// Polls that brought new figures.
    pub data: usize,
    /// Polls answered 304.
    pub not_modified: usize,
    /// Polls and view fetches that failed.
    pub failed: usize,
    /// The first error it saw.
    pub first_error: Option<String>,
    /// When each successful message arrived.
    pub arrivals: Vec<Instant>,
}

/// The server's use of the machine, from `/proc` (absent without `--server-pid`).
#[derive(Debug, Clone, Default)]
pub struct ServerUsage {
    /// CPU seconds during the idle phase.
    pub idle_cpu_secs: Option<f64>,
    /// CPU seconds during the busy phase.
    pub busy_cpu_secs: Option<f64>,
    /// The largest resident memory sampled (once a second).
    pub rss_max: Option<u64>,
    /// Resident memory at the end.
    pub rss_end: Option<u64>,
}

/// Everything a run measured.
#[derive(Debug, Clone)]
pub struct Report {
    /// What was run.
    pub plan: Plan,
    /// The poll interval the server advertises (`/me`), in seconds.
    pub poll_secs: u64,
    /// When each phase started.
    pub phases: Phases,
    /// Each console.
    pub consoles: Vec<ConsoleReport>,
    /// The writers together.
    pub burst: WriterReport,
    /// The server process.
    pub usage: ServerUsage,
}

/// The `p`-quantile (0 to 1) of sorted values by nearest rank; `None` when empty.
pub fn quantile<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

fn ms(d: Option<Duration>) -> String {
    d.map_or("-".into(), |d| format!("{:.0}", d.as_secs_f64() * 1000.0))
}

fn bytes(b: Option<u64>) -> String {
    match b {
        None => "-".into(),
        Some(b) if b < 10_000 => format!("{b} B"),
        Some(b) if b < 10_000_000 => format!("{:.1} KB", b as f64 / 1000.0),
        Some(b) => format!("{:.1} MB", b as f64 / 1e6),
    }
}

impl Report {
    /// The cycles of a console that started within `[from, to)`.
    fn cycles_in(c: &ConsoleReport, from: Instant, to: Instant) -> Vec<Cycle> {
        c.cycles.iter().filter(|x| x.start >= from && x.start < to).copied().collect()
    }

    /// The idle and busy cycles of every console, pooled.
    pub fn pooled(&self) -> (Vec<Cycle>, Vec<Cycle>) {
        let p = self.phases;
        let idle = self.consoles.iter().flat_map(|c| Self::cycles_in(c, p.idle, p.busy)).collect();
        let busy = self.consoles.iter().flat_map(|c| Self::cycles_in(c, p.busy, p.end)).collect();
        (idle, busy)
    }

    fn phase_line(&self, name: &str, cycles: &[Cycle], secs: f64, cpu: Option<f64>) -> String {
        let mut d: Vec<Duration> = cycles.iter().map(Cycle::duration).collect();
        d.sort();
        let mut b: Vec<u64> = cycles.iter().map(Cycle::bytes).collect();
        b.sort_unstable();
        let interval = Duration::from_secs(self.poll_secs);
        let within = cycles.iter().filter(|c| c.duration() <= interval).count();
        let share = if cycles.is_empty() { 0.0 } else { 100.0 * within as f64 / cycles.len() as f64 };
        let cpu = cpu.map_or("-".into(), |s| format!("{:.1} %", 100.0 * s / secs.max(0.001)));
        format!(
            "{name:<5} {:>6} cycles  time p50 {} ms  p99 {} ms  max {} ms  within {}s: {share:.1} %  bytes/cycle p50 {}  p99 {}  max {}  server CPU {cpu} of a core\n",
            cycles.len(),
            ms(quantile(&d, 0.5)),
            ms(quantile(&d, 0.99)),
            ms(d.last().copied()),
            self.poll_secs,
            bytes(quantile(&b, 0.5)),
            bytes(quantile(&b, 0.99)),
            bytes(b.last().copied()),
        )
    }

    /// The report as text: the plan, a row per console, the phases pooled, the burst.
    pub fn render(&self) -> String {
        let p = self.phases;
        let (idle_secs, busy_secs) = ((p.busy - p.idle).as_secs_f64(), (p.end - p.busy).as_secs_f64());
        let mut out = String::new();
        let plan = &self.plan;
        let _ = writeln!(
            out,
            "loadtest {}: {} consoles on {:?}, poll interval {} s; warm-up {:.0} s, idle {idle_secs:.0} s, busy {busy_secs:.0} s ({} writers, {} check-ins/s asked)",
            plan.api,
            plan.consoles,
            plan.view,
            self.poll_secs,
            (p.idle - p.start).as_secs_f64(),
            plan.writers,
            plan.rate
        );
        let _ = writeln!(
            out,
            "cycle = a burst of requests and answers (ends after {} ms quiet, no request unanswered); bytes = both ways on the wire, headers included",
            super::proxy::QUIET.as_millis()
        );
        let _ = writeln!(
            out,
            "{:>3}  {:>9}  {:>15}  {:>15}  {:>13}  {:>19}  {:>19}  {:>14}  {:>7}",
            "#",
            "cycles i/b",
            "idle p50/p99 ms",
            "busy p50/p99 ms",
            "period p50/p99",
            "idle B/cycle p50/max",
            "busy B/cycle p50/max",
            "data/304/fail",
            "max gap"
        );
        for c in &self.consoles {
            let _ = writeln!(out, "{}", self.console_row(c));
            if let Some(e) = &c.first_error {
                let _ = writeln!(out, "     first error: {e}");
            }
        }
        let (idle, busy) = self.pooled();
        out.push_str(&self.phase_line("idle", &idle, idle_secs, self.usage.idle_cpu_secs));
        out.push_str(&self.phase_line("busy", &busy, busy_secs, self.usage.busy_cpu_secs));
        let _ = writeln!(out, "server RSS max {}  at the end {}", bytes(self.usage.rss_max), bytes(self.usage.rss_end));
        let mut lat = self.burst.latencies.clone();
        lat.sort();
        let _ = writeln!(
            out,
            "check-ins: {} accepted, {:.1}/s achieved, latency p50 {} ms  p99 {} ms  max {} ms; refused: {}",
            lat.len(),
            lat.len() as f64 / busy_secs.max(0.001),
            ms(quantile(&lat, 0.5)),
            ms(quantile(&lat, 0.99)),
            ms(lat.last().copied()),
            if self.burst.refused.is_empty() {
                "none".to_string()
            } else {
                self.burst.refused.iter().map(|(k, n)| format!("{n}× {k}")).collect::<Vec<_>>().join(", ")
            }
        );
        out
    }

    fn console_row(&self, c: &ConsoleReport) -> String {
        let p = self.phases;
        let idle = Self::cycles_in(c, p.idle, p.busy);
        let busy = Self::cycles_in(c, p.busy, p.end);
        let times = |v: &[Cycle]| {
            let mut d: Vec<Duration> = v.iter().map(Cycle::duration).collect();
            d.sort();
            format!("{}/{}", ms(quantile(&d, 0.5)), ms(quantile(&d, 0.99)))
        };
        let sizes = |v: &[Cycle]| {
            let mut b: Vec<u64> = v.iter().map(Cycle::bytes).collect();
            b.sort_unstable();
            format!("{}/{}", bytes(quantile(&b, 0.5)), bytes(b.last().copied()))
        };
        let measured = Self::cycles_in(c, p.idle, p.end);
        let mut periods: Vec<Duration> = measured.windows(2).map(|w| w[1].start - w[0].start).collect();
        periods.sort();
        let secs = |d: Option<Duration>| d.map_or("-".into(), |d| format!("{:.1}", d.as_secs_f64()));
        let arrivals: Vec<Instant> = c.arrivals.iter().copied().filter(|a| *a >= p.idle && *a < p.end).collect();
        let gap = arrivals.windows(2).map(|w| w[1] - w[0]).max();
        format!(
            "{:>3}  {:>9}  {:>15}  {:>15}  {:>13}  {:>19}  {:>19}  {:>14}  {:>7}",
            c.n,
            format!("{}/{}", idle.len(), busy.len()),
            times(&idle),
            times(&busy),
            format!("{}/{} s", secs(quantile(&periods, 0.5)), secs(quantile(&periods, 0.99))),
            sizes(&idle),
            sizes(&busy),
            format!("{}/{}/{}", c.data, c.not_modified, c.failed),
            gap.map_or("-".into(), |g| format!("{:.1} s", g.as_secs_f64()))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(quantile(&v, 0.5), Some(50));
        assert_eq!(quantile(&v, 0.99), Some(99));
        assert_eq!(quantile(&v, 1.0), Some(100));
        assert_eq!(quantile(&[7u32], 0.99), Some(7));
        assert_eq!(quantile::<u32>(&[], 0.5), None);
    }

    #[test]
    fn sizes_read_as_bytes_kilobytes_and_megabytes() {
        assert_eq!(bytes(Some(812)), "812 B");
        assert_eq!(bytes(Some(52_300)), "52.3 KB");
        assert_eq!(bytes(Some(1_220_000)), "1220.0 KB");
        assert_eq!(bytes(Some(12_200_000)), "12.2 MB");
        assert_eq!(bytes(None), "-");
    }
}
