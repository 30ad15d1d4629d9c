//! The command line (clap): the console by default, and the server's subcommands. Every flag
//! can also come from a `DUTYDESK_*` environment variable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The version `--version` prints: the crate's, the commit (`-dirty` if the work tree had
/// changes) and the build date (`build.rs`).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("BUILD_COMMIT_AND_DATE"), ")");

/// dutydesk: the return-to-work command center's console, and its reporting API.
#[derive(Debug, Parser)]
#[command(name = "dutydesk", version = VERSION, about, long_about = None, after_help = crate::commands::EXIT_STATUS_HELP)]
pub struct Cli {
    /// Settings file (default: $XDG_CONFIG_HOME/dutydesk/config.toml if present).
    #[arg(long, global = true, env = "DUTYDESK_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to run; the console when absent.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Console options (when no subcommand is given).
    #[command(flatten)]
    pub console: ConsoleArgs,
}

/// Options of the console and of `snapshot`.
#[derive(Debug, Args, Clone, Default)]
pub struct ConsoleArgs {
    /// Central reporting API base URL; without one, the embedded demo runs.
    #[arg(long, env = "DUTYDESK_API")]
    pub api: Option<String>,
    /// Bearer token for the API.
    #[arg(long, env = "DUTYDESK_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// File holding the token on its first line.
    #[arg(long, env = "DUTYDESK_TOKEN_FILE")]
    pub token_file: Option<PathBuf>,
    /// Theme: dark, light, high-contrast, mono, or a user theme name.
    #[arg(long, env = "DUTYDESK_THEME")]
    pub theme: Option<String>,
    /// Language: en or zh-CN.
    #[arg(long, env = "DUTYDESK_LANG")]
    pub lang: Option<String>,
    /// Hide every triage action.
    #[arg(long, env = "DUTYDESK_READONLY")]
    pub readonly: bool,
    /// A keymap file to use instead of `<config dir>/keys.toml`.
    #[arg(long, env = "DUTYDESK_KEYMAP")]
    pub keymap: Option<PathBuf>,
    /// A PEM file of CA certificates to trust besides the system's (an internal CA of an
    /// HTTPS API); `SSL_CERT_FILE` is honoured too.
    #[arg(long, env = "DUTYDESK_CA_CERT")]
    pub ca_cert: Option<PathBuf>,
    /// Start the embedded demo on a fresh database.
    #[arg(long, env = "DUTYDESK_RESET_DEMO")]
    pub reset_demo: bool,
}

/// The subcommands; without one, dutydesk runs the console.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the reporting API server.
    Serve(ServeArgs),
    /// Fill a database with a deterministic, realistic demo preset.
    Seed(SeedArgs),
    /// Import a roster (parks, units, departments, enterprises, officers, assignments) from
    /// xlsx or csv files, or write the empty template.
    Import(ImportArgs),
    /// Drive a realistic day through the API, as officers and park desks would.
    Simulate(SimulateArgs),
    /// Manage API tokens.
    Token {
        /// What to do.
        #[command(subcommand)]
        action: TokenCommand,
    },
    /// Print one frame of a console view as plain text, then exit.
    Snapshot(SnapshotArgs),
    /// Print the shift handover of a window (text, markdown or JSON), then exit.
    Handover(HandoverArgs),
    /// Print a shell completion script (bash, zsh or fish) to standard output.
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output, or write one page per command to a folder.
    Man(ManArgs),
    /// Write a console table, every row read from the API, to a CSV or XLSX file, then exit.
    Export(ExportArgs),
    /// Print the settings in effect as TOML, each with where it came from (`--defaults`: the
    /// built-in defaults with their comments).
    Config(ConfigArgs),
    /// Measure a server under simulated consoles and a check-in burst (scripts/province-load.sh).
    #[command(hide = true)]
    Loadtest(LoadtestArgs),
}

/// Options of `dutydesk config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the built-in defaults, every setting with its meaning, instead of the settings in effect.
    #[arg(long)]
    pub defaults: bool,
}

/// Where the database is.
#[derive(Debug, Args, Clone)]
pub struct DbArg {
    /// sqlite://PATH, a plain path, or postgres://USER@HOST/DB (default: the demo database
    /// in the user's data directory).
    #[arg(long, env = "DUTYDESK_DB")]
    pub db: Option<String>,
}

/// Options of `dutydesk serve`: the database, the address, and overrides of the server settings.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The database to serve (migrated on start).
    #[command(flatten)]
    pub db: DbArg,
    /// Address to listen on.
    #[arg(long, env = "DUTYDESK_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Fallback name of the top of the data when the database has none (overrides server.city;
    /// seeded data names its province, cities and counties itself).
    #[arg(long, env = "DUTYDESK_CITY")]
    pub city: Option<String>,
    /// IANA time zone (overrides server.time_zone in the config).
    #[arg(long, env = "DUTYDESK_TIME_ZONE")]
    pub time_zone: Option<String>,
    /// Report deadline, local HH:MM (overrides server.report_deadline in the config).
    #[arg(long, env = "DUTYDESK_REPORT_DEADLINE")]
    pub report_deadline: Option<String>,
    /// Check-in cutoff, local HH:MM (overrides server.checkin_cutoff in the config).
    #[arg(long, env = "DUTYDESK_CHECKIN_CUTOFF")]
    pub checkin_cutoff: Option<String>,
    /// Poll interval advertised to clients, seconds (overrides server.poll_interval_secs in the config).
    #[arg(long, env = "DUTYDESK_POLL_INTERVAL")]
    pub poll_interval: Option<u64>,
}

/// The demo presets `seed` can generate, by city and size.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PresetArg {
    /// 娄底市: ~1,305 enterprises, ~1,238 officers.
    Loudi,
    /// 长沙市: ~3,800 officers.
    Changsha,
    /// A province: ~100,000 enterprises, ~90,000 officers.
    Province,
}

/// Options of `dutydesk seed`: which database, which preset, which random seed.
#[derive(Debug, Args)]
pub struct SeedArgs {
    /// The database to fill; it must be empty unless `reset` is set.
    #[command(flatten)]
    pub db: DbArg,
    /// The demo preset to generate.
    #[arg(long, env = "DUTYDESK_PRESET", value_enum, default_value = "loudi")]
    pub preset: PresetArg,
    /// Random seed (same seed and time, same data).
    #[arg(long, env = "DUTYDESK_SEED", default_value_t = 2020)]
    pub seed: u64,
    /// Wipe the database first.
    #[arg(long)]
    pub reset: bool,
}

/// Options of `dutydesk import`: the files to read together, or the template to write.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The database to import into.
    #[command(flatten)]
    pub db: DbArg,
    /// Roster files (.xlsx with a sheet per kind, or .csv with one kind each), validated and
    /// written together in one transaction.
    #[arg(required_unless_present = "template", conflicts_with = "template")]
    pub files: Vec<PathBuf>,
    /// Validate and print what would be added, changed and left alone, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write an empty template workbook (every sheet, its headers and an example row) to this
    /// new .xlsx file, then exit.
    #[arg(long, value_name = "FILE.xlsx")]
    pub template: Option<PathBuf>,
}

/// Options of `dutydesk simulate`: the API to drive, an admin token and the pace.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// API base URL.
    #[arg(long, env = "DUTYDESK_API")]
    pub api: String,
    /// An admin token.
    #[arg(long, env = "DUTYDESK_TOKEN", hide_env_values = true)]
    pub token: String,
    /// Pace: 1.0 is a few actions a second.
    #[arg(long, env = "DUTYDESK_SPEED", default_value_t = 1.0)]
    pub speed: f64,
}

/// Roles for `token create`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RoleArg {
    /// Read only: dashboards, lists and timelines.
    Viewer,
    /// Reads and triages problems.
    Dispatcher,
    /// Intake for its own enterprises.
    Officer,
    /// Everything, including intake on behalf of an officer.
    Admin,
}

/// The `dutydesk token` subcommands: create, list and revoke API tokens.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; prints it as the last line.
    Create {
        /// The database that keeps the token.
        #[command(flatten)]
        db: DbArg,
        /// What the token may do.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The person or purpose.
        #[arg(long)]
        name: String,
        /// The officer (role officer).
        #[arg(long)]
        officer: Option<i64>,
    },
    /// List tokens (never their secrets).
    List {
        /// The database whose tokens to list.
        #[command(flatten)]
        db: DbArg,
    },
    /// Revoke a token by id.
    Revoke {
        /// The database that keeps the token.
        #[command(flatten)]
        db: DbArg,
        /// The token's id, as token list shows it.
        id: i64,
    },
}

/// Options of `dutydesk snapshot`: the view, the frame's size and the console's options.
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// View: dashboard, problems, escalated, parks, units, attendance, overdue.
    #[arg(long, default_value = "dashboard")]
    pub view: String,
    /// Width in columns.
    #[arg(long, default_value_t = 120)]
    pub width: u16,
    /// Height in rows.
    #[arg(long, default_value_t = 40)]
    pub height: u16,
    /// The whole frame as the terminal shows it: the key-hint bar, the selection marker and
    /// blank rows to the height (without it, only the view).
    #[arg(long, visible_alias = "chrome")]
    pub full: bool,
    /// Console options (API, token, language, theme).
    #[command(flatten)]
    pub console: ConsoleArgs,
}

/// Options of `dutydesk handover`: the window, the scope, the format and the console's options
/// (API, token, language).
#[derive(Debug, Args)]
pub struct HandoverArgs {
    /// The shift's start: HH:MM (the last one before now, local), YYYY-MM-DD, "YYYY-MM-DD HH:MM"
    /// or an RFC 3339 instant.
    #[arg(long)]
    pub since: String,
    /// The shift's end, spelled as --since, or now.
    #[arg(long, default_value = "now")]
    pub until: String,
    /// What it covers: province, city:ID or county:ID (default the top of the data).
    #[arg(long)]
    pub scope: Option<String>,
    /// text, markdown or json.
    #[arg(long, default_value = "text")]
    pub format: String,
    /// Rows per list (1 to 200); every list says its total.
    #[arg(long, default_value_t = 20)]
    pub limit: i64,
    /// Console options (API, token, language).
    #[command(flatten)]
    pub console: ConsoleArgs,
}

/// Options of `dutydesk export`: the view and its filters, the format, the file and the
/// console's options.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// View: problems, escalated, overdue, parks, units, enterprises (needs --park), officers
    /// (needs --park or --unit).
    #[arg(long)]
    pub view: String,
    /// A park by name or pinyin: whose enterprises or officers; narrows problems.
    #[arg(long)]
    pub park: Option<String>,
    /// A dispatching unit by name: whose officers.
    #[arg(long)]
    pub unit: Option<String>,
    /// The dashboard's scope for overdue, parks and units: province, or a city or county by name.
    #[arg(long)]
    pub scope: Option<String>,
    /// Server-side filters of problems, as `:problems` takes them: "state=open level=1
    /// priority=urgent assignee=NAME".
    #[arg(long)]
    pub filter: Option<String>,
    /// File format: csv or xlsx.
    #[arg(long, default_value = "csv")]
    pub format: String,
    /// The file to write; `-` writes CSV to standard output.
    #[arg(long)]
    pub out: PathBuf,
    /// Replace the file if it exists (else an existing file is an error).
    #[arg(long)]
    pub force: bool,
    /// Console options (API, token, language).
    #[command(flatten)]
    pub console: ConsoleArgs,
}

/// Options of the hidden `dutydesk loadtest`: the server, the consoles and the burst
/// (`scripts/province-load.sh` passes them; `docs/performance.md` reads its report).
#[derive(Debug, Args)]
pub struct LoadtestArgs {
    /// API base URL of the server under test.
    #[arg(long)]
    pub api: String,
    /// A token for the consoles (each console should have its own: see --token-file).
    #[arg(long, hide_env_values = true)]
    pub token: Option<String>,
    /// A file of console tokens, one a line; console N takes line N (round again when fewer).
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// A file of admin tokens for the check-in writers, one a line.
    #[arg(long)]
    pub writer_token_file: Option<PathBuf>,
    /// Simulated consoles, each the real poller and update function without a terminal.
    #[arg(long, default_value_t = 30)]
    pub consoles: usize,
    /// The view every console watches (`dashboard`, `problems`, `escalated`, …, as `snapshot --view`).
    #[arg(long, default_value = "dashboard")]
    pub view: String,
    /// Seconds of start-up not measured (first loads of /me, /org and the lists).
    #[arg(long, default_value_t = 15)]
    pub warmup_secs: u64,
    /// Seconds measured with no writes.
    #[arg(long, default_value_t = 60)]
    pub idle_secs: u64,
    /// Seconds measured while the writers post check-ins.
    #[arg(long, default_value_t = 60)]
    pub busy_secs: u64,
    /// Concurrent check-in writers in the busy phase.
    #[arg(long, default_value_t = 8)]
    pub writers: usize,
    /// Check-ins a second, all writers together (0: a busy phase without writes).
    #[arg(long, default_value_t = 150.0)]
    pub rate: f64,
    /// The server's process id, for its CPU time and resident memory from /proc.
    #[arg(long)]
    pub server_pid: Option<u32>,
}

/// Options of `dutydesk completions`: the shell.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell whose completion script to print, e.g. `dutydesk completions bash >
    /// ~/.local/share/bash-completion/completions/dutydesk`.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options of `dutydesk man`: standard output, or a folder of pages.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write dutydesk.1 and one page per subcommand (dutydesk-serve.1 …) into this folder
    /// instead of printing dutydesk.1.
    #[arg(long)]
    pub out: Option<PathBuf>,
}
