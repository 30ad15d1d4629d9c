//! The run loop and the terminal's life cycle: raw mode and the alternate screen on start,
//! restored on quit, panic, SIGTERM and SIGHUP. One `tokio::select!` over the terminal's
//! events, the poller's messages and a tick at the instant the screen next changes by the clock
//! alone ([`views::clock::next_change`]: the next whole minute when idle and LIVE). A frame is
//! rendered after a message or that tick, at most 20 a second, and written only when it differs
//! from the last one written, inside a synchronized update over a `BufWriter` so it leaves in
//! one write; an unchanged poll writes nothing. The terminal's cursor is shown only where the
//! text field with focus has it (a move of it alone is a change to write), hidden otherwise.

use std::io::{BufWriter, Stdout, Write};
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, EventStream};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use crossterm::{cursor, execute, queue, terminal};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::journal::Journal;
use super::setup::{ConsoleOptions, initial_state};
use super::{cache, clipboard, export, outbox, pages, poller, reminders, search};
use crate::console::look::theme::Theme;
use crate::console::message::{Effect, Msg};
use crate::console::model::State;
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

/// A frame as written: the cells and where the cursor was left (`None`: hidden).
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    cells: Buffer,
    cursor: Option<Position>,
}

/// Renders the state into the terminal's next buffer and says whether it (or the cursor of the
/// text field with focus) differs from `last`, the frame last written (`None`: nothing written
/// yet or the screen was cleared). When it does not, the buffer is cleared again and there is
/// nothing to write.
fn render_changed<B: Backend>(
    term: &mut Terminal<B>,
    last: &mut Option<Shown>,
    state: &State,
    theme: &Theme,
) -> Result<bool, B::Error> {
    // Re-lays out on a size change (which also forgets what the screen shows).
    term.autoresize()?;
    let mut frame = term.get_frame();
    let area = frame.area();
    let cursor = views::draw(state, theme, frame.buffer_mut(), area);
    let next = term.current_buffer_mut();
    if last.as_ref().is_some_and(|l| l.cells == *next && l.cursor == cursor) {
        next.reset();
        return Ok(false);
    }
    *last = Some(Shown { cells: next.clone(), cursor });
    Ok(true)
}

/// Writes the cells that differ from the previous frame, then shows the cursor where the text
/// field with focus has it, or hides it.
fn write_frame<B: Backend>(term: &mut Terminal<B>, cursor: Option<Position>) -> Result<(), B::Error> {
    term.flush()?;
    match cursor {
        Some(at) => {
            term.set_cursor_position(at)?;
            term.show_cursor()?;
        }
        None => term.hide_cursor()?,
    }
    term.swap_buffers();
    Ok(())
}

/// Draws a frame if the screen changed; returns whether anything was written.
fn draw(term: &mut Term, last: &mut Option<Shown>, state: &State, theme: &Theme) -> std::io::Result<bool> {
    if !render_changed(term, last, state, theme)? {
        return Ok(false);
    }
    queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    write_frame(term, last.as_ref().and_then(|l| l.cursor))?;
    queue!(term.backend_mut(), EndSynchronizedUpdate)?;
    Write::flush(term.backend_mut())?;
    Ok(true)
}

/// How long the tokio clock waits for the wall-clock instant `at` (zero once it is past).
fn until(at: DateTime<Utc>) -> Instant {
    Instant::now() + (at - Utc::now()).to_std().unwrap_or(Duration::ZERO)
}

/// Runs the console until the user quits, a signal arrives or the terminal goes away.
pub async fn run(opts: ConsoleOptions) -> anyhow::Result<()> {
    let client = opts.client()?;
    let (mut state, mut theme) = initial_state(&opts, &client.host(), Utc::now());
    for n in &state.notices {
        tracing::warn!("{n}");
    }
    tracing::info!(api = %client.host(), demo = opts.demo, "console starting");
    // The demo's API is a new loopback port each run: nothing to keep for it.
    let mut cache = if opts.demo {
        cache::Cache::in_dir(None, &opts.api_url, &opts.token)
    } else {
        cache::Cache::open(&opts.api_url, &opts.token)
    };
    cache.restore(&mut state);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let poller = poller::spawn(client.clone(), tx.clone(), state.settings.poll_secs);
    let officer_search = search::spawn(client.clone(), tx.clone());
    let journal = Journal::new(&crate::config::state_dir(), &opts.api_url, &opts.token);
    tracing::info!(file = %journal.path().display(), "outbox");
    let outbox = outbox::spawn(client.clone(), tx.clone(), Some(journal));
    let state_dir = crate::config::state_dir();
    let reminding = Journal::of_kind(&state_dir, &opts.api_url, &opts.token, "reminders");
    let reminders = reminders::spawn(client.clone(), tx.clone(), Some(reminding));
    spawn_signals(tx.clone())?;

    let (mut term, _guard) = setup()?;
    let size = term.size()?;
    update(&mut state, Msg::Resize(size.width, size.height));
    let mut events = EventStream::new();
    let mut dirty = true;
    let mut last_frame = Instant::now() - FRAME;
    let mut shown: Option<Shown> = None;

    loop {
        if dirty && last_frame.elapsed() >= FRAME {
            if draw(&mut term, &mut shown, &state, &theme).context("drawing failed (terminal gone?)")? {
                last_frame = Instant::now();
            }
            dirty = false;
        }
        let next_frame = last_frame + FRAME;
        let tick = until(views::clock::next_change(&state));
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
            _ = tokio::time::sleep_until(tick) => Msg::Tick(Utc::now()),
            _ = tokio::time::sleep_until(next_frame), if dirty => continue,
        };
        if !matches!(msg, Msg::Tick(_)) {
            // The clock only ticks when the screen needs it: bring it up to date first, so a
            // key or a poll sees (and stamps toasts and freezes with) the time it happens.
            update(&mut state, Msg::Tick(Utc::now()));
        }
        let resized = matches!(msg, Msg::Resize(..));
        let observed = cache::Observed::of(&msg);
        let effects = update(&mut state, msg);
        cache.observe(&state, observed);
        for fx in effects {
            match fx {
                Effect::Quit => {
                    tracing::info!("console quitting");
                    return Ok(());
                }
                Effect::Watch(v) => {
                    if let Some(kept) = v.as_ref().and_then(|v| cache.view(&state, v)) {
                        update(&mut state, kept);
                    }
                    poller.watch(v);
                }
                Effect::Refresh => poller.refresh(),
                Effect::Scope(scope) => poller.scope(scope),
                Effect::Date(date) => poller.date(date),
                Effect::LoadTheme(name) => {
                    let (t, error) = Theme::load(&name);
                    let name = t.name.clone();
                    theme = t;
                    update(&mut state, Msg::Theme { name, error });
                }
                Effect::Bell => {
                    // Through the terminal writer, never through logs.
                    let _ = term.backend_mut().write_all(b"\x07");
                    let _ = Write::flush(term.backend_mut());
                }
                // Between frames, through the terminal writer: a frame is never torn.
                Effect::Copy(text) => {
                    if let Err(e) = clipboard::copy(term.backend_mut(), &text) {
                        tracing::warn!(error = %e, "copy: the terminal refused the OSC 52 sequence");
                    }
                }
                Effect::Triage(p) => outbox.send(*p),
                Effect::DropPending { key } => outbox.drop_action(key),
                Effect::Remind(p) => reminders.send(*p),
                Effect::CountOverdue(choice) => reminders::spawn_count(client.clone(), tx.clone(), choice),
                Effect::LoadPage { list, cursor } => pages::spawn_page(client.clone(), tx.clone(), list, cursor),
                Effect::LoadDepartmentLoads { departments } => {
                    outbox::spawn_department_loads(client.clone(), tx.clone(), departments);
                }
                Effect::SearchOfficers { query } => officer_search.search(query),
                Effect::WatchDeadlines { after } => pages::spawn_deadlines(client.clone(), tx.clone(), after),
                Effect::Export(req) => export::spawn(client.clone(), tx.clone(), *req),
                Effect::ClearScreen => {
                    term.clear()?;
                    shown = None;
                }
            }
        }
        if resized {
            // Re-lay out at once, without waiting for the frame budget.
            term.autoresize()?;
            last_frame = Instant::now() - FRAME;
            // A resize may clear the screen: the next frame is written whole.
            shown = None;
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

#[cfg(test)]
mod tests {
    use chrono::Duration as Span;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::console::look::i18n::Lang;
    use crate::console::tests::fixtures;
    use crate::console::views::buffer_text;

    /// Renders like the loop; when the frame changed, writes it to the test terminal.
    fn frame(term: &mut Terminal<TestBackend>, last: &mut Option<Shown>, s: &State) -> bool {
        let changed = render_changed(term, last, s, &Theme::default_theme()).unwrap();
        if changed {
            write_frame(term, last.as_ref().and_then(|l| l.cursor)).unwrap();
        }
        changed
    }

    #[test]
    fn only_a_screen_that_changed_is_written() {
        let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
        let mut last = None;
        let mut s = fixtures::state(160, 48, Lang::En);
        assert!(frame(&mut term, &mut last, &s), "the first frame is written");
        // Unchanged polls and the clock inside the minute: nothing to write.
        for secs in [5, 10, 30] {
            let at = fixtures::now() + Span::seconds(secs);
            update(&mut s, Msg::Data { at, poll_secs: None, fresh: None });
            update(&mut s, Msg::Tick(at));
            assert!(!frame(&mut term, &mut last, &s), "an unchanged screen at +{secs}s is not written");
        }
        // The next minute is, and whole: the skipped renders left nothing behind.
        let minute = fixtures::now() + Span::seconds(60);
        update(&mut s, Msg::Data { at: minute, poll_secs: None, fresh: None });
        update(&mut s, Msg::Tick(minute));
        assert!(frame(&mut term, &mut last, &s));
        let mut expected = Terminal::new(TestBackend::new(160, 48)).unwrap();
        expected.draw(|f| views::render(&s, &Theme::default_theme(), f, f.area())).unwrap();
        assert_eq!(term.backend().buffer(), expected.backend().buffer());
        assert!(buffer_text(term.backend().buffer()).contains("14:33"));
        // After a clear (Ctrl-l) the same screen is written again.
        last = None;
        assert!(frame(&mut term, &mut last, &s));
    }

    #[test]
    fn a_cursor_that_moved_is_written_and_hidden_when_the_field_closes() {
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut last = None;
        let mut s = fixtures::state(80, 24, Lang::Zh);
        let key = |s: &mut State, code, mods| {
            update(s, Msg::Key(crossterm::event::KeyEvent::new(code, mods)));
        };
        use crossterm::event::{KeyCode, KeyModifiers};
        key(&mut s, KeyCode::Char('/'), KeyModifiers::NONE);
        update(&mut s, Msg::Paste("娄底园".into()));
        assert!(frame(&mut term, &mut last, &s));
        let end = term.get_cursor_position().unwrap();
        // Only the cursor moves (two columns: over a Chinese character): still written.
        key(&mut s, KeyCode::Left, KeyModifiers::NONE);
        assert!(frame(&mut term, &mut last, &s), "a cursor move alone is a change");
        assert_eq!(term.get_cursor_position().unwrap(), Position::new(end.x - 2, end.y));
        assert!(!frame(&mut term, &mut last, &s), "nothing moved since");
        key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
        assert!(frame(&mut term, &mut last, &s));
        assert_eq!(last.as_ref().map(|l| l.cursor), Some(None), "no field, no cursor");
    }
}
