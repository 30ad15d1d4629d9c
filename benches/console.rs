//! The console's figures of issue 8: one frame of every view at 200×50 (ratatui's
//! `TestBackend`, through `Terminal::draw` as the run loop draws), with the state a console
//! builds from a real server (`dutydesk::console::support::Console`, loaded over HTTP from
//! the reference server on a loopback port), at `loudi` and `province` scale (SQLite); and the
//! merge of one change into that state (the update function on one poll's message).
//!
//! Data sets and settings: `benches/support`. Quick run:
//! `cargo bench --bench console -- --warm-up-time 1 --measurement-time 3 --sample-size 10`.

// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

mod support;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use dutydesk::console::support::Console;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{Bench, Engine};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 50;

fn frames(c: &mut Criterion, rt: &tokio::runtime::Runtime, console: &Console, label: &str) {
    let views: Vec<String> =
        Console::plain_views().into_iter().map(str::to_string).chain(console.drill_downs()).collect();
    for view in views {
        let shown = match rt.block_on(console.open(&view)) {
            Ok(shown) => shown,
            Err(e) => {
                println!("figure: frame {view} {label}: cannot open: {e:#}");
                continue;
            }
        };
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
        c.bench_function(&format!("frame {view} {label} {WIDTH}x{HEIGHT}"), |b| {
            b.iter(|| {
                // A cleared buffer each time, so every frame is drawn and diffed in full.
                terminal.clear().expect("clear");
                terminal.draw(|f| shown.render(f)).expect("draw");
            });
        });
    }
}

fn merges(c: &mut Criterion, console: &Console, label: &str) {
    let mut console = console.clone();
    let Some((dash, overdue)) = console.figures() else {
        println!("figure: merge {label}: no dashboard loaded");
        return;
    };
    // Two dashboards one change apart (a park's open problems), merged in turn, so every merge
    // is a real change.
    let mut changed = dash.clone();
    if let Some(p) = changed.rows.first_mut() {
        p.problems.open += 1;
    }
    changed.totals.problems.open += 1;
    changed.change_seq += 1;
    let variants = [(dash, overdue.clone()), (changed, overdue)];
    let mut n = 0usize;
    c.bench_function(&format!("merge one dashboard change {label}"), |b| {
        b.iter_batched(
            || {
                n += 1;
                variants[n % 2].clone()
            },
            |(d, o)| console.merge_figures(d, o),
            BatchSize::SmallInput,
        );
    });
    if let Some((rows, total)) = console.escalated() {
        let mut bumped = rows.clone();
        if let Some(p) = bumped.first_mut() {
            p.version += 1;
        }
        let queues = [(rows, total), (bumped, total)];
        let mut n = 0usize;
        c.bench_function(&format!("merge one escalated change {label}"), |b| {
            b.iter_batched(
                || {
                    n += 1;
                    queues[n % 2].clone()
                },
                |(rows, total)| console.merge_escalated(rows, total),
                BatchSize::SmallInput,
            );
        });
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    for preset in support::presets() {
        let bench = rt.block_on(Bench::open(Engine::Sqlite, preset)).expect("the bench data");
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("its address"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = rt.spawn(dutydesk::server::serve(listener, bench.state.clone(), async {
            let _ = stopped.await;
        }));
        let console = rt.block_on(Console::load(&url, &bench.viewer, WIDTH, HEIGHT)).expect("the console loads");
        let label = preset.as_str();
        frames(c, &rt, &console, label);
        merges(c, &console, label);
        let _ = stop.send(());
        let _ = rt.block_on(server);
        rt.block_on(bench.close());
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
