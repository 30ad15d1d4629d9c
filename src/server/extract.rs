//! Extractors whose rejections are problem+json: JSON bodies, path parameters, query strings,
//! and list queries validated into the store's typed filters.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::error::ApiProblem;
use crate::store::filters::FromQuery;

/// JSON body extractor whose rejections are problem+json.
#[derive(Debug, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiProblem))]
pub struct JsonBody<T>(pub T);

/// Query extractor whose rejections are problem+json.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiProblem))]
pub struct QueryParams<T>(pub T);

/// Path extractor whose rejections are problem+json.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiProblem))]
pub struct PathParams<T>(pub T);

/// A list query validated into the store's typed filter `F`: a malformed query string or an
/// unacceptable value (unknown state, bad cursor, …) is 400 INVALID_QUERY naming the field.
#[derive(Debug)]
pub struct Filter<F>(pub F);

impl<S: Send + Sync, F: FromQuery> FromRequestParts<S> for Filter<F> {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiProblem> {
        let QueryParams(q) = QueryParams::<F::Query>::from_request_parts(parts, state).await?;
        F::from_query(q).map(Filter).map_err(ApiProblem::invalid_query)
    }
}
