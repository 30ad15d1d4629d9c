//! `dutydesk handover`: the shift handover of a window from the API (or the embedded demo),
//! printed as text, markdown or JSON. The window's spellings are read in the server's zone
//! (`GET /me`); a bad value is a clear line and exit status 2.

use chrono::Utc;
use chrono_tz::Tz;

use super::{Failure, console_options};
use crate::api::handover_text::{HandoverFormat, HandoverLang, parse_when, render};
use crate::api::types::HandoverQuery;
use crate::cli::HandoverArgs;
use crate::config::Config;

/// The language of the output: `--lang` (which must name one), else the config, else `LANG`,
/// else English.
fn language(config: &Config, flag: Option<&str>) -> Result<HandoverLang, Failure> {
    if let Some(flag) = flag {
        return HandoverLang::from_code(flag)
            .ok_or_else(|| Failure::usage(format!("--lang {flag:?}: use en or zh-CN")));
    }
    let env = ["LC_ALL", "LANG"].into_iter().filter_map(|k| std::env::var(k).ok()).find(|v| !v.trim().is_empty());
    Ok(HandoverLang::from_code(&config.console.lang)
        .or_else(|| env.as_deref().and_then(HandoverLang::from_code))
        .unwrap_or_default())
}

/// `dutydesk handover`.
pub async fn handover(config: &Config, args: &HandoverArgs) -> Result<(), Failure> {
    let format: HandoverFormat = args.format.parse().map_err(|e| Failure::usage(format!("--format: {e}")))?;
    let lang = language(config, args.console.lang.as_deref())?;
    if !(1..=200).contains(&args.limit) {
        return Err(Failure::usage(format!("--limit {}: give 1 to 200", args.limit)));
    }
    let (api, token, demo) = super::api_or_demo(config, &args.console).await?;
    let result = fetch(config, args, &api, &token, demo.is_some(), format, lang).await;
    if let Some(demo) = demo {
        demo.stop().await;
    }
    print!("{}", result?);
    Ok(())
}

/// Reads the server's zone, turns the window into instants and renders the answer.
async fn fetch(
    config: &Config,
    args: &HandoverArgs,
    api: &str,
    token: &str,
    demo: bool,
    format: HandoverFormat,
    lang: HandoverLang,
) -> Result<String, Failure> {
    let client =
        console_options(config, &args.console, api, token, demo).client().map_err(|e| Failure::from_client(api, &e))?;
    let me = client.me().await.map_err(|e| Failure::from_client(api, &e))?;
    let tz: Tz = me.settings.time_zone.parse().map_err(|_| {
        Failure::runtime(format!("the server's time zone {:?} is not one this build knows", me.settings.time_zone))
    })?;
    let now = Utc::now();
    let since = parse_when(&args.since, now, tz).map_err(|e| Failure::usage(format!("--since: {e}")))?;
    let until = parse_when(&args.until, now, tz).map_err(|e| Failure::usage(format!("--until: {e}")))?;
    if since >= until {
        return Err(Failure::usage(format!("--since ({since}) must be before --until ({until})")));
    }
    let q = HandoverQuery {
        since: Some(since.to_rfc3339()),
        // "now" is the server's now: no clock skew between here and there.
        until: (!args.until.trim().eq_ignore_ascii_case("now")).then(|| until.to_rfc3339()),
        scope: args.scope.clone(),
        limit: Some(args.limit),
    };
    let handover = client.handover(&q).await.map_err(|e| Failure::from_client(api, &e))?;
    Ok(render(&handover, format, lang))
}
