//! Runs the console against an API without the CLI: `cargo run --example console -- URL TOKEN`.
//! (The `dutydesk` binary does the same with flags, config and the embedded demo.)

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let api = args.next().unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let token = args.next().unwrap_or_default();
    let _guard = dutydesk::console::init_file_logging(&dutydesk::config::Config::builtin().console).ok();
    dutydesk::console::run(dutydesk::console::ConsoleOptions::new(&api, &token)).await
}
