//! `/api/admin/…`: the tenant's policy, settings, users, audit log and outbox.

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use twofold::Policy;

use super::body::{
    AuditPageBody, ComplianceBody, OutboxBody, PolicyBody, UserSummaryBody, UserSummaryOnlyBody, UsersBody,
};
use super::extract::{ApiBytes, ApiJson, ApiOptionalJson, ApiPath, ApiQuery};
use crate::error::{Error, Result};
use crate::model::{AuditFilter, Settings, UserSummary};
use crate::service::audit::{DEFAULT_PER_PAGE, EventRecord, Export, ExportFormat};
use crate::service::invitations::{self, Card};
use crate::service::sessions::Session;
use crate::service::tokens::Credentials;
use crate::service::{Client, admin, compliance};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/policy", get(policy_show).put(policy_update))
        .route("/api/admin/policy/compliance", get(compliance_show))
        .route("/api/admin/policy/compliance/require-change", axum::routing::post(compliance_require_change))
        .route("/api/admin/settings", get(settings_show).put(settings_update))
        .route("/api/admin/users", get(users_index).post(user_invite))
        .route("/api/admin/users/{id}/invitation", post(invitation_resend).delete(invitation_revoke))
        .route("/api/admin/users/{id}/disable", post(user_disable))
        .route("/api/admin/users/{id}/enable", post(user_enable))
        .route("/api/admin/users/{id}/role", put(user_role_update))
        .route("/api/admin/outbox", get(outbox_index))
        .route("/api/admin/sms/test", post(sms_test))
        .route("/api/admin/users/{id}/reset-2fa", post(user_two_factor_reset))
        .route("/api/admin/users/{id}/unlock", post(user_unlock))
}

/// The routes that take an API token as well as a session.
pub fn token_router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/audit", get(audit_index))
        .route("/api/admin/audit/export", get(audit_export))
}

fn policy_response(policy: &Policy) -> Result<Response> {
    Ok(Json(PolicyBody { policy, requirements: admin::requirements(policy)? }).into_response())
}

async fn policy_show(session: Session) -> Result<Response> {
    policy_response(admin::policy(&session)?)
}

/// Takes the raw body so the core's own parser reads it: the errors an admin sees are the
/// ones the browser's policy editor shows.
async fn policy_update(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiBytes(body): ApiBytes,
) -> Result<Response> {
    let text = std::str::from_utf8(&body).map_err(|_| Error::invalid("body_invalid").reason("utf8"))?;
    let policy = admin::update_policy(&app, &client, &session, Policy::from_json(text)?).await?;
    policy_response(&policy)
}

async fn compliance_show(State(app): State<AppState>, session: Session) -> Result<Response> {
    Ok(Json(ComplianceBody::from(&compliance::standing(&app, &session).await?)).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct RequireChangeBody {
    #[serde(default)]
    include_unknown: bool,
}

#[derive(serde::Serialize)]
struct MarkedBody {
    marked: u64,
}

async fn compliance_require_change(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<RequireChangeBody>,
) -> Result<Response> {
    let marked = compliance::require_change(&app, &client, &session, body.include_unknown).await?;
    Ok(Json(MarkedBody { marked }).into_response())
}

async fn settings_show(State(app): State<AppState>, session: Session) -> Result<Response> {
    Ok(Json(admin::settings(&app, &session)?).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PhoneBody {
    phone: String,
}

async fn sms_test(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<PhoneBody>,
) -> Result<Response> {
    Ok(Json(admin::sms_test(&app, &client, &session, &body.phone).await?).into_response())
}

async fn settings_update(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(settings): ApiJson<Settings>,
) -> Result<Response> {
    Ok(Json(admin::update_settings(&app, &client, &session, settings).await?).into_response())
}

async fn users_index(State(app): State<AppState>, session: Session) -> Result<Response> {
    let users = admin::users(&app, &session).await?;
    Ok(Json(UsersBody::from(users.as_slice())).into_response())
}

/// Filters and paging of an audit query.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AuditQuery {
    event: Option<String>,
    email: Option<String>,
    since: Option<i64>,
    until: Option<i64>,
    page: Option<i64>,
    per_page: Option<i64>,
    format: Option<String>,
}

impl AuditQuery {
    fn filter(&self) -> AuditFilter {
        AuditFilter::new(self.event.clone(), self.email.as_deref(), self.since, self.until)
    }
}

async fn audit_index(
    State(app): State<AppState>,
    client: Client,
    credentials: Credentials,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Response> {
    let (page, per_page) = (query.page.unwrap_or(1), query.per_page.unwrap_or(DEFAULT_PER_PAGE));
    let found = admin::audit_page(&app, &client, credentials, &query.filter(), page, per_page).await?;
    let body = AuditPageBody {
        events: found.events.iter().map(EventRecord::from).collect(),
        total: found.total,
        page: found.page,
        per_page: found.per_page,
    };
    Ok(Json(body).into_response())
}

async fn audit_export(
    State(app): State<AppState>,
    client: Client,
    credentials: Credentials,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Response> {
    let format = ExportFormat::parse(query.format.as_deref().unwrap_or("jsonl"))?;
    let export = admin::audit_export(&app, &client, credentials, query.filter(), format).await?;
    let (content_type, extension) = match format {
        ExportFormat::JsonLines => ("application/x-ndjson", "jsonl"),
        ExportFormat::Syslog => ("text/plain; charset=utf-8", "log"),
    };
    let disposition = format!("attachment; filename=\"audit-{}.{extension}\"", export.slug());
    let headers = [(CONTENT_TYPE, content_type.to_owned()), (CONTENT_DISPOSITION, disposition)];
    Ok((headers, Body::from_stream(chunks(export))).into_response())
}

/// The export as a stream of chunks; a failure mid-way ends the stream with an error, which
/// cuts the response short rather than passing off a partial log as whole.
fn chunks(export: Export) -> impl futures_util::Stream<Item = std::io::Result<String>> {
    futures_util::stream::unfold(Some(export), |state| async move {
        let mut export = state?;
        match export.next_chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk), Some(export))),
            Ok(None) => None,
            Err(error) => {
                tracing::warn!(?error, "audit export cut short");
                Some((Err(std::io::Error::other(error.code())), None))
            }
        }
    })
}

async fn outbox_index(State(app): State<AppState>, session: Session) -> Result<Response> {
    let messages = admin::outbox(&app, &session).await?;
    Ok(Json(OutboxBody::from(messages.as_slice())).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReasonBody {
    reason: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct OptionalReasonBody {
    #[serde(default)]
    reason: Option<String>,
}

#[derive(serde::Serialize)]
struct DoneBody {
    done: bool,
}

async fn user_two_factor_reset(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Response> {
    admin::reset_two_factor(&app, &client, &session, id, &body.reason).await?;
    Ok(Json(DoneBody { done: true }).into_response())
}

async fn user_unlock(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<OptionalReasonBody>,
) -> Result<Response> {
    let reason = body.reason.unwrap_or_else(|| "—".to_owned());
    admin::unlock(&app, &client, &session, id, &reason).await?;
    Ok(Json(DoneBody { done: true }).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CardBody {
    email: String,
    name: String,
    role: String,
    login: Option<String>,
    phone: Option<String>,
    locale: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RoleBody {
    role: String,
}

fn user_response(status: StatusCode, user: &UserSummary) -> Response {
    (status, Json(UserSummaryOnlyBody { user: UserSummaryBody::from(user) })).into_response()
}

async fn user_invite(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<CardBody>,
) -> Result<Response> {
    let card = Card {
        email: &body.email,
        name: &body.name,
        role: &body.role,
        login: body.login.as_deref(),
        phone: body.phone.as_deref(),
        locale: body.locale.as_deref(),
    };
    let user = invitations::invite(&app, &client, &session, &card).await?;
    Ok(user_response(StatusCode::CREATED, &user))
}

async fn invitation_resend(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response> {
    Ok(user_response(StatusCode::OK, &invitations::resend(&app, &client, &session, id).await?))
}

async fn invitation_revoke(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response> {
    Ok(user_response(StatusCode::OK, &invitations::revoke(&app, &client, &session, id).await?))
}

async fn user_disable(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
    ApiOptionalJson(body): ApiOptionalJson<OptionalReasonBody>,
) -> Result<Response> {
    set_disabled(&app, &client, &session, id, body, true).await
}

async fn user_enable(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
    ApiOptionalJson(body): ApiOptionalJson<OptionalReasonBody>,
) -> Result<Response> {
    set_disabled(&app, &client, &session, id, body, false).await
}

/// Disable and enable differ only in the state they ask for.
async fn set_disabled(
    app: &AppState,
    client: &Client,
    session: &Session,
    id: i64,
    body: Option<OptionalReasonBody>,
    disabled: bool,
) -> Result<Response> {
    let reason = body.and_then(|b| b.reason).unwrap_or_else(|| "—".to_owned());
    Ok(user_response(
        StatusCode::OK,
        &admin::set_disabled(app, client, session, id, disabled, &reason).await?,
    ))
}

async fn user_role_update(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RoleBody>,
) -> Result<Response> {
    Ok(user_response(StatusCode::OK, &admin::change_role(&app, &client, &session, id, &body.role).await?))
}
