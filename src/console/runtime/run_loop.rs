//! The run loop and the terminal's life cycle: raw mode and the alternate screen on start,
//! restored on quit, panic, SIGTERM and SIGHUP. One `tokio::select!` over the terminal's
//! events, the poller's messages and a 1 s tick; frames are drawn only after a change, at most
//! 20 a second, each inside a synchronized update over a `BufWriter` so it leaves in one write.

use std::io::{BufWriter, Stdout, Write};
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, EventStream};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use crossterm::{cursor, execute, queue, terminal};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::api::client::ApiClient;

use super::setup::{ConsoleOptions, initial_state};
use super::{outbox, pages, poller, search};
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::update::update;
use crate::console::views;

type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// The shortest time between two frames.
const FRAME: Duration = Duration::from_millis(50);

/// Puts the terminal back: leaves raw mode and the alternate screen, shows the cursor. Safe to
/// call more than once and when the terminal is gone.
pub fn restore_terminal() {
    let _ = terminal::disable_raw_mode();
    let mut out = std::io::stdout();
    let _ = execute!(out, EndSynchronizedUpdate, DisableBracketedPaste, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
}

/// The terminal, closed without ratatui's own `Drop` when the terminal is gone: that `Drop`
/// `eprintln!`s when it cannot show the cursor, and `eprintln!` panics when stderr is a hung-up
/// terminal (EIO), so a SIGHUP ended in a panic, seconds of backtrace symbolising, and an abort.
struct HangupSafeTerminal(Option<Term>);

impl std::ops::Deref for HangupSafeTerminal {
    type Target = Term;

    fn deref(&self) -> &Term {
        self.0.as_ref().expect("the terminal is only taken when dropped")
    }
}

impl std::ops::DerefMut for HangupSafeTerminal {
    fn deref_mut(&mut self) -> &mut Term {
        self.0.as_mut().expect("the terminal is only taken when dropped")
    }
}

impl Drop for HangupSafeTerminal {
    fn drop(&mut self) {
        if let Some(mut term) = self.0.take()
            && term.show_cursor().is_err()
        {
            // Nothing left to restore; the process is leaving.
            std::mem::forget(term);
        }
    }
}

/// Restores the terminal when dropped (normal exit and unwinding).
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn setup() -> anyhow::Result<(HangupSafeTerminal, TerminalGuard)> {
    // Restore before the (chained) panic report so it is readable.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        // Also in the log: after a hang-up the report below has no terminal to go to.
        tracing::error!("panic: {info}");
        previous(info);
    }));
    terminal::enable_raw_mode().context("cannot put the terminal in raw mode (is this a terminal?)")?;
    let guard = TerminalGuard;
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout());
    // Bracketed paste: pasted text (and some input methods' commits) arrives in one piece.
    execute!(out, terminal::EnterAlternateScreen, EnableBracketedPaste, cursor::Hide)?;
    let term = HangupSafeTerminal(Some(Terminal::new(CrosstermBackend::new(out))?));
    Ok((term, guard))
}

fn draw(term: &mut Term, state: &crate::console::model::State, theme: &Theme) -> std::io::Result<()> {
    queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| views::render(state, theme, f, f.area()))?;
    queue!(term.backend_mut(), EndSynchronizedUpdate)?;
    term.backend_mut().flush()
}

/// Runs the console until the user quits, a signal arrives or the terminal goes away.
pub async fn run(opts: ConsoleOptions) -> anyhow::Result<()> {
    let client = ApiClient::new(&opts.api_url, &opts.token)?;
    let (mut state, mut theme) = initial_state(&opts, &client.host(), Utc::now());
    for n in &state.notices {
        tracing::warn!("{n}");
    }
    tracing::info!(api = %client.host(), demo = opts.demo, "console starting");
    let (tx, mut rx) = mpsc::unbounded_channel();
    let poller = poller::spawn(client.clone(), tx.clone(), state.settings.poll_secs);
    let officer_search = search::spawn(client.clone(), tx.clone());
    spawn_signals(tx.clone())?;

    let (mut term, _guard) = setup()?;
    let size = term.size()?;
    update(&mut state, Msg::Resize(size.width, size.height));
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut dirty = true;
    let mut last_frame = Instant::now() - FRAME;

    loop {
        if dirty && last_frame.elapsed() >= FRAME {
            draw(&mut term, &state, &theme).context("drawing failed (terminal gone?)")?;
            last_frame = Instant::now();
            dirty = false;
        }
        let next_frame = last_frame + FRAME;
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Msg::Key(k),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(Event::Paste(text))) => Msg::Paste(text),
                Some(Ok(_)) => continue,
                // The terminal went away (hang-up): leave instead of spinning.
                Some(Err(_)) | None => Msg::Quit,
            },
            Some(m) = rx.recv() => m,
            _ = tick.tick() => Msg::Tick(Utc::now()),
            _ = tokio::time::sleep_until(next_frame), if dirty => continue,
        };
        let resized = matches!(msg, Msg::Resize(..));
        for fx in update(&mut state, msg) {
            match fx {
                Effect::Quit => {
                    tracing::info!("console quitting");
                    return Ok(());
                }
                Effect::Watch(v) => poller.watch(v),
                Effect::Refresh => poller.refresh(),
                Effect::LoadTheme(name) => {
                    let (t, error) = Theme::load(&name);
                    let name = t.name.clone();
                    theme = t;
                    update(&mut state, Msg::Theme { name, error });
                }
                Effect::Bell => {
                    // Through the terminal writer, never through logs.
                    let _ = term.backend_mut().write_all(b"\x07");
                }
                Effect::Triage { seq, problem_id, version, request, idempotency_key } => {
                    let out = outbox::Outgoing { seq, problem_id, version, request, key: idempotency_key };
                    outbox::spawn_triage(client.clone(), tx.clone(), out);
                }
                Effect::LoadPage { list, cursor } => pages::spawn_page(client.clone(), tx.clone(), list, cursor),
                Effect::LoadDepartmentLoads { departments } => {
                    outbox::spawn_department_loads(client.clone(), tx.clone(), departments);
                }
                Effect::SearchOfficers { query } => officer_search.search(query),
                Effect::ClearScreen => term.clear()?,
            }
        }
        if resized {
            // Re-lay out at once, without waiting for the frame budget.
            term.autoresize()?;
            last_frame = Instant::now() - FRAME;
        }
        dirty = true;
    }
}

fn spawn_signals(tx: mpsc::UnboundedSender<Msg>) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        let mut hup = signal(SignalKind::hangup())?;
        let mut int = signal(SignalKind::interrupt())?;
        tokio::spawn(async move {
            tokio::select! {
                _ = term.recv() => tracing::info!("SIGTERM"),
                _ = hup.recv() => tracing::info!("SIGHUP"),
                _ = int.recv() => tracing::info!("SIGINT"),
            }
            let _ = tx.send(Msg::Quit);
        });
    }
    #[cfg(not(unix))]
    {
        tokio::spawn(async move {
            let _ = tokio::signal::ctrl_c().await;
            let _ = tx.send(Msg::Quit);
        });
    }
    Ok(())
}
