//! The JSON the API answers with, one type per shape, so that what a client gets is written
//! down in one place.

use serde::Serialize;
use twofold::{Policy, Requirement};

use crate::model::{
    ApiToken, Authenticator, FactorKind, Message, RememberedDevice, Stage, Tenant, User, UserSummary,
};
use crate::service::Account;
use crate::service::audit::EventRecord;
use crate::service::compliance::Standing;
use crate::service::enrollment::Added;
use crate::service::links::Holder;
use crate::service::two_factor::Enrollment;

/// A user as they see their own account.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserBody<'a> {
    id: i64,
    email: &'a str,
    email_verified: bool,
    name: &'a str,
    role: &'static str,
    two_factor_enabled: bool,
    two_factor_required: bool,
    two_factor_deadline: Option<i64>,
    recovery_codes_left: i64,
    password_expires_at: Option<i64>,
    notify_new_browser: bool,
    login: Option<&'a str>,
    phone: Option<String>,
    phone_verified: bool,
}

impl<'a> From<&'a Account> for UserBody<'a> {
    fn from(account: &'a Account) -> Self {
        let user = &account.user;
        Self {
            id: user.id,
            email: &user.email,
            email_verified: user.email_verified_at.is_some(),
            name: &user.name,
            role: user.role.as_str(),
            two_factor_enabled: user.two_factor_enabled(),
            two_factor_required: account.two_factor_required,
            two_factor_deadline: user.two_factor_deadline,
            recovery_codes_left: account.recovery_codes_left,
            password_expires_at: user.password_expires_at,
            notify_new_browser: user.notify_new_browser,
            login: user.login.as_deref(),
            phone: user.phone.as_deref().map(|p| mask(FactorKind::Sms, p)),
            phone_verified: user.phone_verified_at.is_some(),
        }
    }
}

/// What anyone may know of a tenant: its name and the rules a new password must meet.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantBody<'a> {
    slug: &'a str,
    name: &'a str,
    policy: &'a Policy,
    two_factor_required: &'static str,
    allowed_factors: &'a [FactorKind],
    remember_device_days: i64,
    self_signup: bool,
}

impl<'a> From<&'a Tenant> for TenantBody<'a> {
    fn from(tenant: &'a Tenant) -> Self {
        Self {
            slug: &tenant.slug,
            name: &tenant.name,
            policy: &tenant.policy,
            two_factor_required: tenant.settings.two_factor_required.as_str(),
            allowed_factors: &tenant.settings.allowed_factors,
            remember_device_days: tenant.settings.remember_device_days,
            self_signup: tenant.settings.self_signup,
        }
    }
}

/// Where sign-in stands, and the account once it is past the second factor.
#[derive(Serialize)]
pub struct StageBody<'a> {
    stage: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<UserBody<'a>>,
}

impl<'a> StageBody<'a> {
    /// At `stage`, with the account if it is known.
    pub fn new(stage: Stage, account: Option<&'a Account>) -> Self {
        Self { stage: stage.as_str(), user: account.map(UserBody::from) }
    }
}

/// `GET /api/session`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionBody<'a> {
    /// Signed in all the way.
    pub signed_in: bool,
    /// The stage, when there is a session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<&'static str>,
    /// The account, past the second factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<UserBody<'a>>,
    /// The tenant, past the second factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<TenantBody<'a>>,
    /// The token to echo in `X-CSRF-Token`.
    pub csrf_token: &'a str,
}

/// A signed-out answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedOutBody {
    signed_in: bool,
}

impl SignedOutBody {
    /// Not signed in.
    pub const VALUE: Self = Self { signed_in: false };
}

/// A secret to enroll and its Key URI.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentBody<'a> {
    factor_id: i64,
    secret: &'a str,
    uri: &'a str,
}

impl<'a> From<&'a Enrollment> for EnrollmentBody<'a> {
    fn from(e: &'a Enrollment) -> Self {
        Self { factor_id: e.factor_id, secret: &e.secret, uri: &e.uri }
    }
}

/// An authenticator as its owner sees it: what it is and where codes go (masked), never a
/// secret.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactorBody<'a> {
    id: i64,
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    confirmed: bool,
    created_at: i64,
    last_used_at: Option<i64>,
    /// An emailed code is weaker than an app (NIST SP 800-63B-4 does not count email as an
    /// out-of-band authenticator); SMS is a restricted authenticator there.
    assurance: &'static str,
}

impl<'a> From<&'a Authenticator> for FactorBody<'a> {
    fn from(f: &'a Authenticator) -> Self {
        Self {
            id: f.id,
            kind: f.kind.as_str(),
            name: &f.name,
            address: f.address.as_deref().map(|a| mask(f.kind, a)),
            confirmed: f.confirmed(),
            created_at: f.created_at,
            last_used_at: f.last_used_at,
            assurance: match f.kind {
                FactorKind::Totp => "app",
                FactorKind::Email => "weaker",
                FactorKind::Sms => "restricted",
            },
        }
    }
}

/// Where codes go, shown so that the owner recognises it and an onlooker learns little.
fn mask(kind: FactorKind, address: &str) -> String {
    match kind {
        FactorKind::Sms => {
            crate::delivery::sms::E164::parse(address).map_or_else(|_| "•••".to_owned(), |n| n.masked())
        }
        _ => match address.split_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}•••@{domain}")
            }
            None => "•••".to_owned(),
        },
    }
}

/// `GET /api/me/factors`.
#[derive(Serialize)]
pub struct FactorsBody<'a> {
    factors: Vec<FactorBody<'a>>,
}

impl<'a> From<&'a [Authenticator]> for FactorsBody<'a> {
    fn from(factors: &'a [Authenticator]) -> Self {
        Self { factors: factors.iter().map(FactorBody::from).collect() }
    }
}

/// An authenticator just added: an app's key and Key URI, or where the code went.
#[derive(Serialize)]
pub struct AddedBody<'a> {
    factor: FactorBody<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<&'a str>,
}

impl<'a> From<&'a Added> for AddedBody<'a> {
    fn from(added: &'a Added) -> Self {
        Self {
            factor: FactorBody::from(&added.factor),
            secret: added.secret.as_deref(),
            uri: added.uri.as_deref(),
        }
    }
}

/// An authenticator confirmed, with recovery codes when it turned 2FA on.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmedBody<'a> {
    /// The authenticator.
    pub factor: FactorBody<'a>,
    /// Recovery codes, shown once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<&'a [String]>,
    /// The account.
    pub user: UserBody<'a>,
}

/// Fresh recovery codes, and the account when it changed with them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodesBody<'a> {
    /// The codes, shown once.
    pub recovery_codes: &'a [String],
    /// The account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<UserBody<'a>>,
}

/// How many recovery codes are left.
#[derive(Serialize)]
pub struct LeftBody {
    /// Unspent codes.
    pub left: i64,
}

/// The account alone.
#[derive(Serialize)]
pub struct UserOnlyBody<'a> {
    /// The account.
    pub user: UserBody<'a>,
}

/// A remembered device.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceBody<'a> {
    created_at: i64,
    expires_at: i64,
    user_agent: &'a str,
}

/// `GET /api/me/devices`.
#[derive(Serialize)]
pub struct DevicesBody<'a> {
    devices: Vec<DeviceBody<'a>>,
}

impl<'a> From<&'a [RememberedDevice]> for DevicesBody<'a> {
    fn from(devices: &'a [RememberedDevice]) -> Self {
        let devices = devices
            .iter()
            .map(|d| DeviceBody {
                created_at: d.created_at,
                expires_at: d.expires_at,
                user_agent: &d.user_agent,
            })
            .collect();
        Self { devices }
    }
}

/// How many devices were forgotten.
#[derive(Serialize)]
pub struct RevokedBody {
    /// The count.
    pub revoked: u64,
}

/// A policy and its checklist.
#[derive(Serialize)]
pub struct PolicyBody<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// Its rules as a checklist, in English.
    pub requirements: Vec<Requirement>,
}

/// A user in the admin's list.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSummaryBody<'a> {
    id: i64,
    email: &'a str,
    name: &'a str,
    role: &'static str,
    two_factor_enabled: bool,
    two_factor_deadline: Option<i64>,
    locked_until: Option<i64>,
    created_at: i64,
    recovery_codes_left: i64,
    service_account: bool,
    status: &'static str,
    login: Option<&'a str>,
    phone: Option<String>,
    phone_verified: bool,
    invitation_expires_at: Option<i64>,
}

impl<'a> From<&'a UserSummary> for UserSummaryBody<'a> {
    fn from(u: &'a UserSummary) -> Self {
        Self {
            id: u.id,
            email: &u.email,
            name: &u.name,
            role: u.role.as_str(),
            two_factor_enabled: u.two_factor_enabled,
            two_factor_deadline: u.two_factor_deadline,
            locked_until: u.locked_until,
            created_at: u.created_at,
            recovery_codes_left: u.recovery_codes_left,
            status: u.status.as_str(),
            login: u.login.as_deref(),
            phone: u.phone.as_deref().map(|p| mask(FactorKind::Sms, p)),
            phone_verified: u.phone_verified,
            invitation_expires_at: u.invitation_expires_at,
            service_account: u.service_account,
        }
    }
}

/// `GET /api/admin/users`.
#[derive(Serialize)]
pub struct UsersBody<'a> {
    users: Vec<UserSummaryBody<'a>>,
}

impl<'a> From<&'a [UserSummary]> for UsersBody<'a> {
    fn from(users: &'a [UserSummary]) -> Self {
        Self { users: users.iter().map(UserSummaryBody::from).collect() }
    }
}

/// One user in the admin's list, after an action on them.
#[derive(Serialize)]
pub struct UserSummaryOnlyBody<'a> {
    /// The user.
    pub user: UserSummaryBody<'a>,
}

/// What a page opened from a link (an invitation, a password reset) needs: the tenant with
/// its policy, the account, the personal data the server judges a password with (so the
/// page's checklist says what the server will), and when the link lapses.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HolderBody<'a> {
    tenant: TenantBody<'a>,
    user: HolderUserBody<'a>,
    personal_data: twofold::UserContext,
    expires_at: i64,
}

/// The account a link is for.
#[derive(Serialize)]
struct HolderUserBody<'a> {
    email: &'a str,
    name: &'a str,
    login: Option<&'a str>,
}

impl<'a> From<&'a Holder> for HolderBody<'a> {
    fn from(holder: &'a Holder) -> Self {
        Self {
            tenant: TenantBody::from(&holder.tenant),
            user: HolderUserBody {
                email: &holder.user.email,
                name: &holder.user.name,
                login: holder.user.login.as_deref(),
            },
            personal_data: holder.personal_data(),
            expires_at: holder.expires_at,
        }
    }
}

/// `GET /api/admin/audit`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditPageBody<'a> {
    /// The events, newest first.
    pub events: Vec<EventRecord<'a>>,
    /// How many match.
    pub total: i64,
    /// The page number.
    pub page: i64,
    /// Events a page.
    pub per_page: i64,
}

/// A message in the outbox.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageBody<'a> {
    id: i64,
    at: i64,
    recipient: &'a str,
    subject: &'a str,
    body: &'a str,
    delivered_at: Option<i64>,
}

/// `GET /api/admin/outbox`.
#[derive(Serialize)]
pub struct OutboxBody<'a> {
    messages: Vec<MessageBody<'a>>,
}

impl<'a> From<&'a [Message]> for OutboxBody<'a> {
    fn from(messages: &'a [Message]) -> Self {
        let messages = messages
            .iter()
            .map(|m| MessageBody {
                id: m.id,
                at: m.at,
                recipient: &m.recipient,
                subject: &m.subject,
                body: &m.body,
                delivered_at: m.delivered_at,
            })
            .collect();
        Self { messages }
    }
}

/// Whose an API token is.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerBody<'a> {
    id: i64,
    email: &'a str,
    name: &'a str,
    service_account: bool,
}

/// An API token as its owner and the tenant's administrators see it: never its secret.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenBody<'a> {
    id: i64,
    name: &'a str,
    scopes: Vec<&'static str>,
    hint: &'a str,
    owner: OwnerBody<'a>,
    created_by: i64,
    created_at: i64,
    expires_at: i64,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl<'a> From<&'a ApiToken> for TokenBody<'a> {
    fn from(t: &'a ApiToken) -> Self {
        Self {
            id: t.id,
            name: &t.name,
            scopes: t.scopes.iter().map(|s| s.as_str()).collect(),
            hint: &t.hint,
            owner: OwnerBody {
                id: t.user_id,
                email: &t.owner_email,
                name: &t.owner_name,
                service_account: t.owner_service,
            },
            created_by: t.created_by,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// `GET /api/me/tokens`, `GET /api/admin/tokens`.
#[derive(Serialize)]
pub struct TokensBody<'a> {
    tokens: Vec<TokenBody<'a>>,
}

impl<'a> From<&'a [ApiToken]> for TokensBody<'a> {
    fn from(tokens: &'a [ApiToken]) -> Self {
        Self { tokens: tokens.iter().map(TokenBody::from).collect() }
    }
}

/// A token just made, with its secret: the one time it is shown.
#[derive(Serialize)]
pub struct CreatedTokenBody<'a> {
    /// The token.
    pub token: TokenBody<'a>,
    /// `tf_…`.
    pub secret: &'a str,
}

/// One token.
#[derive(Serialize)]
pub struct OneTokenBody<'a> {
    /// The token.
    pub token: TokenBody<'a>,
}

/// A service account just made.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccountBody<'a> {
    id: i64,
    email: &'a str,
    name: &'a str,
    service_account: bool,
    created_at: i64,
}

impl<'a> From<&'a User> for ServiceAccountBody<'a> {
    fn from(u: &'a User) -> Self {
        Self {
            id: u.id,
            email: &u.email,
            name: &u.name,
            service_account: u.service_account,
            created_at: u.created_at,
        }
    }
}

/// `GET /api/admin/policy/compliance`: how the tenant's people stand against its policy.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComplianceBody {
    policy_version: i64,
    policy_changed_at: Option<i64>,
    active: i64,
    passing: i64,
    failing: i64,
    unknown: i64,
}

impl From<&Standing> for ComplianceBody {
    fn from(s: &Standing) -> Self {
        Self {
            policy_version: s.policy_version,
            policy_changed_at: s.policy_changed_at,
            active: s.passing + s.failing + s.unknown,
            passing: s.passing,
            failing: s.failing,
            unknown: s.unknown,
        }
    }
}
