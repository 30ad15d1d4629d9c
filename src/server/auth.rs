//! Bearer-token authentication (middleware), and the principals handlers ask for in their
//! signature: [`Principal`] (any token), [`CommandViewer`], [`Dispatcher`], [`Commenter`] and
//! [`IntakeFiler`]. Each is an extractor that answers 403 (problem+json) when the token's role
//! does not allow the request, so no handler checks roles by hand.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use super::error::ApiProblem;
use super::state::AppState;
use crate::api::types::Role;
use crate::config::RateLimits;
use crate::store::tokens::Principal;

/// Resolves `Authorization: Bearer …` into a [`Principal`] in the request's extensions.
pub async fn require_token(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, ApiProblem> {
    let header = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let Some(secret) = header.strip_prefix("Bearer ").map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(ApiProblem::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "send Authorization: Bearer <token> (create one with `dutydesk token create`)",
        ));
    };
    // A client address that failed too often is refused before its token is looked at, so
    // tokens cannot be guessed at speed; a good token does not count against it.
    let client = client_address(&req, state.config.rate_limits.trust_forwarded_for);
    let failures = state.config.rate_limits.failed_auth;
    if let Err(wait) = state.failed_auth.check(client, failures, state.now()) {
        return Err(too_many_failures(failures, wait));
    }
    let Some(principal) = state.store.authenticate(secret).await? else {
        let _ = state.failed_auth.take(client, failures, state.now());
        return Err(ApiProblem::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "the token is unknown or revoked",
        ));
    };
    let per_minute = per_minute(&state.config.rate_limits, principal.role);
    if let Err(wait) = state.rate.take(principal.token_id, per_minute, state.now()) {
        // Read what the client is sending before answering, so the connection stays usable
        // for its retry (an unread body would make the server close it).
        let _ = axum::body::to_bytes(req.into_body(), state.config.max_body_bytes).await;
        let mut p = ApiProblem::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            format!(
                "more than {per_minute} requests a minute with this {} token; retry in {wait} s",
                principal.role.as_str()
            ),
        );
        p.retry_after = Some(wait);
        return Err(p);
    }
    req.extensions_mut().insert(principal);
    Ok(next.run(req).await)
}

/// The address a request comes from: the connection's peer (when the server was started with
/// connect info), or the last `X-Forwarded-For` entry when `forwarded` (behind a proxy that
/// appends it); `None` when neither is known (one bucket for all such requests).
fn client_address(req: &Request, forwarded: bool) -> Option<IpAddr> {
    if forwarded
        && let Some(ip) = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|v| v.trim().parse::<IpAddr>().ok())
            .next_back()
    {
        return Some(ip);
    }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

/// 429 for a client address past `[server.rate_limits] failed_auth`.
fn too_many_failures(per_minute: u32, wait: u64) -> ApiProblem {
    let mut p = ApiProblem::new(
        axum::http::StatusCode::TOO_MANY_REQUESTS,
        "TOO_MANY_FAILED_AUTH",
        format!("more than {per_minute} failed authentications a minute from this address; retry in {wait} s"),
    );
    p.retry_after = Some(wait);
    p
}

/// Any authenticated token (set by [`require_token`] on every `/api/v1` route).
impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiProblem> {
        parts.extensions.get::<Principal>().cloned().ok_or_else(|| {
            ApiProblem::new(axum::http::StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "this endpoint needs a bearer token")
        })
    }
}

/// Declares a principal extractor: a [`Principal`] that passes `$rule`.
macro_rules! principal {
    ($(#[$doc:meta])* $name:ident, $rule:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub Principal);

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = ApiProblem;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiProblem> {
                let p = Principal::from_request_parts(parts, state).await?;
                $rule(&p)?;
                Ok(Self(p))
            }
        }
    };
}

principal!(
    /// A token that may read the command center's views (dashboard, overdue): not an officer's.
    CommandViewer,
    can_read_command_views
);
principal!(
    /// A token that may triage problems: a dispatcher's or an admin's.
    Dispatcher,
    can_triage
);
principal!(
    /// A token that may file intake (check-ins, reports, new problems): an officer's, for
    /// itself, or an admin's, on behalf of a named officer ([`IntakeFiler::officer`]).
    IntakeFiler,
    can_file_intake
);

impl IntakeFiler {
    /// The officer the intake is for and the name to record, given the body's `officer_id`.
    pub fn officer(&self, on_behalf: Option<i64>) -> Result<(i64, String), ApiProblem> {
        intake_officer(&self.0, on_behalf)
    }
}

/// Who may comment on a problem: a dispatcher or an admin on any, an officer on those of its
/// own enterprises (which the handler checks against the problem).
#[derive(Debug, Clone)]
pub enum Commenter {
    /// A dispatcher or an admin.
    Dispatcher(Principal),
    /// An officer, limited to its own enterprises' problems.
    Officer(Principal),
}

impl<S: Send + Sync> FromRequestParts<S> for Commenter {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiProblem> {
        let p = Principal::from_request_parts(parts, state).await?;
        if p.role == Role::Officer {
            return Ok(Self::Officer(p));
        }
        can_triage(&p)?;
        Ok(Self::Dispatcher(p))
    }
}

/// Reads for the command center's views (dashboard, officers, overdue): not for officers.
fn can_read_command_views(p: &Principal) -> Result<(), ApiProblem> {
    if p.role == Role::Officer {
        return Err(ApiProblem::forbidden(
            "officer tokens see their own enterprises only; this view is for the command center",
        ));
    }
    Ok(())
}

/// Triage: dispatchers and admins.
fn can_triage(p: &Principal) -> Result<(), ApiProblem> {
    if !p.role.can_triage() {
        return Err(ApiProblem::forbidden(format!(
            "a {} token cannot triage problems; a dispatcher or admin token can",
            p.role.as_str()
        )));
    }
    Ok(())
}

/// Intake: officers and admins (which officer, [`intake_officer`] decides).
fn can_file_intake(p: &Principal) -> Result<(), ApiProblem> {
    match p.role {
        Role::Officer | Role::Admin => Ok(()),
        role => Err(ApiProblem::forbidden(format!(
            "a {} token cannot file intake; officer and admin tokens can",
            role.as_str()
        ))),
    }
}

/// Intake (check-ins, reports, new problems): the officer for itself, or an admin on behalf
/// of a named officer. Returns the officer the intake is for and the name to record.
fn intake_officer(p: &Principal, on_behalf: Option<i64>) -> Result<(i64, String), ApiProblem> {
    match (p.role, p.officer_id, on_behalf) {
        (Role::Officer, Some(me), None) => Ok((me, p.name.clone())),
        (Role::Officer, Some(me), Some(other)) if other == me => Ok((me, p.name.clone())),
        (Role::Officer, _, Some(_)) => {
            Err(ApiProblem::forbidden("an officer token files intake only for itself: drop officer_id"))
        }
        (Role::Officer, None, _) => Err(ApiProblem::forbidden("this officer token is not linked to an officer")),
        (Role::Admin, _, Some(o)) => Ok((o, format!("{} (admin)", p.name))),
        (Role::Admin, _, None) => {
            Err(ApiProblem::invalid("officer_id", "an admin files intake on behalf of an officer: give officer_id"))
        }
        (role, _, _) => Err(ApiProblem::forbidden(format!(
            "a {} token cannot file intake; officer and admin tokens can",
            role.as_str()
        ))),
    }
}

/// The requests a minute a token of `role` may send (`[server.rate_limits]`).
pub fn per_minute(limits: &RateLimits, role: Role) -> u32 {
    match role {
        Role::Viewer => limits.viewer,
        Role::Dispatcher => limits.dispatcher,
        Role::Officer => limits.officer,
        Role::Admin => limits.admin,
    }
}

/// The officer whose enterprises bound an officer token's reads.
pub fn read_scope(p: &Principal) -> Option<i64> {
    if p.role == Role::Officer { Some(p.officer_id.unwrap_or(-1)) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(role: Role, officer_id: Option<i64>) -> Principal {
        Principal { token_id: 1, name: "张敏".into(), role, officer_id }
    }

    #[test]
    fn an_admin_token_carries_a_morning_of_intake() {
        let limits = crate::config::Config::builtin().server.rate_limits;
        let rate = crate::server::state::RateLimiter::default();
        let t0: chrono::DateTime<chrono::Utc> = "2026-02-16T00:00:00Z".parse().unwrap();
        // 150 requests a second for ten minutes, each at its own instant.
        let at = |n: i64| t0 + chrono::Duration::microseconds(n * 1_000_000 / 150);
        let admin = per_minute(&limits, Role::Admin);
        assert!((0..90_000).all(|n| rate.take(1, admin, at(n)).is_ok()), "never limited at 150/s");
        let viewer = per_minute(&limits, Role::Viewer);
        assert!((0..90_000).any(|n| rate.take(2, viewer, at(n)).is_err()), "a console's budget is smaller");
    }

    #[test]
    fn intake_rules() {
        assert_eq!(intake_officer(&p(Role::Officer, Some(7)), None).unwrap().0, 7);
        assert!(intake_officer(&p(Role::Officer, Some(7)), Some(8)).is_err());
        assert_eq!(intake_officer(&p(Role::Admin, None), Some(8)).unwrap().0, 8);
        assert_eq!(intake_officer(&p(Role::Admin, None), None).unwrap_err().status.as_u16(), 422);
        assert_eq!(intake_officer(&p(Role::Dispatcher, None), Some(8)).unwrap_err().status.as_u16(), 403);
        assert_eq!(intake_officer(&p(Role::Viewer, None), None).unwrap_err().status.as_u16(), 403);
        assert!(can_file_intake(&p(Role::Officer, Some(7))).is_ok() && can_file_intake(&p(Role::Admin, None)).is_ok());
        assert_eq!(can_file_intake(&p(Role::Dispatcher, None)).unwrap_err().status.as_u16(), 403);
        assert_eq!(can_file_intake(&p(Role::Viewer, None)).unwrap_err().status.as_u16(), 403);
    }

    #[test]
    fn triage_and_views() {
        assert!(can_triage(&p(Role::Dispatcher, None)).is_ok());
        assert!(can_triage(&p(Role::Admin, None)).is_ok());
        assert!(can_triage(&p(Role::Viewer, None)).is_err());
        assert!(can_triage(&p(Role::Officer, Some(1))).is_err());
        assert!(can_read_command_views(&p(Role::Officer, Some(1))).is_err());
        assert!(can_read_command_views(&p(Role::Viewer, None)).is_ok());
        assert_eq!(read_scope(&p(Role::Officer, Some(3))), Some(3));
        assert_eq!(read_scope(&p(Role::Viewer, None)), None);
    }
}
