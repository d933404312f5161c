//! The server's configuration: flags, each also an environment variable, and starting up
//! from them.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::clock::Clock;
use crate::crypto::{SecretBox, load_key};
use crate::delivery::smtp::Smtp;
use crate::http::{Limits, serve};
use crate::service::hashing::Hashing;
use crate::service::{background, demo};
use crate::state::{AppState, Options};
use crate::store::{Backend, Store, StoreOptions};

/// The twofold backend. Every flag can also be set by the environment variable shown.
#[derive(Parser, Debug)]
#[command(version, about)]
pub struct Config {
    /// Instead of serving, a task for the operator.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A SQLite file (created if missing; `:memory:` for a throwaway one), or a PostgreSQL
    /// URL (`postgres://user:password@host:port/database`).
    #[arg(long, global = true, env = "TWOFOLD_DATABASE", default_value = "data/twofold.sqlite3")]
    pub database: String,
    /// Connections to PostgreSQL per instance (SQLite always uses one).
    #[arg(long, env = "TWOFOLD_POOL_SIZE", default_value_t = 10)]
    pub pool_size: u32,
    /// Milliseconds a PostgreSQL statement may run before it is cancelled.
    #[arg(long, env = "TWOFOLD_STATEMENT_TIMEOUT_MS", default_value_t = 5000)]
    pub statement_timeout_ms: u64,
    /// Address to listen on.
    #[arg(long, env = "TWOFOLD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Folder of the front end, served at `/`.
    #[arg(long, env = "TWOFOLD_WWW", default_value = "www")]
    pub www: PathBuf,
    /// Folder of the built npm package (its `js/` and `pkg/` are served at `/twofold/`).
    #[arg(long, env = "TWOFOLD_PACKAGE", default_value = ".")]
    pub package: PathBuf,
    /// Seed the demo tenant `acme` and print its administrator's password (once).
    #[arg(long, env = "TWOFOLD_DEMO")]
    pub demo: bool,
    /// Key encrypting TOTP secrets at rest, base64 of 32 bytes (else the key file is used).
    /// Every instance on one PostgreSQL database needs the same key.
    #[arg(long, global = true, env = "TWOFOLD_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,
    /// Key file, created with a random key if missing [default: beside a SQLite database].
    #[arg(long, global = true, env = "TWOFOLD_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,
    /// SMTP relay (`host:port`, plain) for the outbox; without it messages stay in the outbox.
    #[arg(long, env = "TWOFOLD_SMTP")]
    pub smtp: Option<String>,
    /// Sender address of messages.
    #[arg(long, env = "TWOFOLD_SMTP_FROM", default_value = "twofold@localhost")]
    pub smtp_from: String,
    /// Mark cookies `Secure` with the `__Host-` prefix, and send HSTS: the default unless the
    /// server listens on loopback, where browsers are reached over plain HTTP.
    #[arg(long, env = "TWOFOLD_SECURE_COOKIES", num_args = 0..=1, default_missing_value = "true")]
    pub secure_cookies: Option<bool>,
    /// Trust `X-Forwarded-For` from the reverse proxy the connection comes from.
    #[arg(long, env = "TWOFOLD_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// The reverse proxies (CIDR, comma-separated) whose `X-Forwarded-For` entries are
    /// believed: the client is the right-most address that is not one of them. Implies
    /// `--trust-proxy`.
    #[arg(long, env = "TWOFOLD_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Attempts (passwords and codes, failed or refused) one address may make in ten minutes.
    #[arg(long, env = "TWOFOLD_IP_FAILURE_LIMIT", default_value_t = 50)]
    pub ip_failure_limit: i64,
    /// Signups one address may make in an hour.
    #[arg(long, env = "TWOFOLD_SIGNUPS_PER_ADDRESS", default_value_t = 10)]
    pub signups_per_address: i64,
    /// Signups one tenant may take in an hour.
    #[arg(long, env = "TWOFOLD_SIGNUPS_PER_TENANT", default_value_t = 200)]
    pub signups_per_tenant: i64,
    /// Networks (CIDR, comma-separated) where syslog collectors may be although they are
    /// loopback, link-local or private; tenants' collectors anywhere else are public hosts.
    #[arg(long, env = "TWOFOLD_OUTBOUND_ALLOW", value_delimiter = ',')]
    pub outbound_allow: Vec<ipnet::IpNet>,
    /// The address people reach the site at (`https://auth.example.com/`): the host an SMS
    /// code is bound to, the start of mailed links [default: http:// and the listen address].
    #[arg(long, env = "TWOFOLD_PUBLIC_URL")]
    pub public_url: Option<reqwest::Url>,
    /// Texts one tenant may send in an hour.
    #[arg(long, env = "TWOFOLD_SMS_PER_TENANT", default_value_t = 200, value_parser = clap::value_parser!(i64).range(1..=1_000_000))]
    pub sms_per_tenant: i64,
    /// Twilio's base URL (tests point it at a local fake).
    #[arg(long, env = "TWOFOLD_TWILIO_URL")]
    pub twilio_url: Option<reqwest::Url>,
    /// Twilio Verify's base URL.
    #[arg(long, env = "TWOFOLD_TWILIO_VERIFY_URL")]
    pub twilio_verify_url: Option<reqwest::Url>,
    /// Clickatell's base URL.
    #[arg(long, env = "TWOFOLD_CLICKATELL_URL")]
    pub clickatell_url: Option<reqwest::Url>,
    /// SMSC's base URL.
    #[arg(long, env = "TWOFOLD_SMSC_URL")]
    pub smsc_url: Option<reqwest::Url>,
    /// A breached-password range API, asked `GET {URL}{PREFIX}` (the URL as written, then the
    /// five upper-case hex characters) with `Add-Padding: true` about the new passwords of
    /// tenants whose policy sets `rejectBreached`: the public one (`…/range/`) or a mirror.
    /// None by default: screening is then unavailable, and such a policy is refused.
    #[arg(long, env = "TWOFOLD_BREACH_API")]
    pub breach_api: Option<reqwest::Url>,
    /// Milliseconds a range request may take before the tenant's choice for an unanswered
    /// check (accept or refuse) applies.
    #[arg(long, env = "TWOFOLD_BREACH_TIMEOUT_MS", default_value_t = 2000, value_parser = clap::builder::RangedU64ValueParser::<u64>::new().range(1..=60_000))]
    pub breach_timeout_ms: u64,
    /// Days audit events are kept before the hourly sweep deletes them.
    #[arg(long, env = "TWOFOLD_AUDIT_RETENTION_DAYS", default_value_t = 365, value_parser = clap::value_parser!(i64).range(1..=36_500))]
    pub audit_retention_days: i64,
    /// Connections open at once; one more is answered 503 and closed. Keep it below the
    /// open-file limit (`ulimit -n`), which lowers it otherwise.
    #[arg(long, env = "TWOFOLD_MAX_CONNECTIONS", default_value_t = 1024, value_parser = at_least_one())]
    pub max_connections: u64,
    /// Milliseconds a request head may take from its first byte to its last (else 408).
    #[arg(long, env = "TWOFOLD_HEADER_TIMEOUT_MS", default_value_t = 10_000, value_parser = at_least_one())]
    pub header_timeout_ms: u64,
    /// Milliseconds a request body may take from when it is first read to its last byte
    /// (else 408).
    #[arg(long, env = "TWOFOLD_BODY_TIMEOUT_MS", default_value_t = 15_000, value_parser = at_least_one())]
    pub body_timeout_ms: u64,
    /// Milliseconds a kept-alive connection may stay silent between requests before it is
    /// closed.
    #[arg(long, env = "TWOFOLD_IDLE_TIMEOUT_MS", default_value_t = 75_000, value_parser = at_least_one())]
    pub idle_timeout_ms: u64,
    /// Milliseconds requests in flight get to finish after SIGINT or SIGTERM before every
    /// connection left is closed.
    #[arg(long, env = "TWOFOLD_SHUTDOWN_GRACE_MS", default_value_t = 10_000)]
    pub shutdown_grace_ms: u64,
}

/// What the operator may do instead of serving.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Print a new one-time password for a tenant's administrator, who must change it at the
    /// next sign-in (their second factor is still asked for). Their sessions end.
    ResetAdmin {
        /// The tenant's URL name.
        #[arg(long)]
        tenant: String,
        /// Which administrator, where the tenant has several.
        #[arg(long)]
        email: Option<String>,
    },
}

fn at_least_one() -> clap::builder::RangedU64ValueParser {
    clap::builder::RangedU64ValueParser::new().range(1..)
}

impl Config {
    /// The connection limits, from the flags.
    ///
    /// The defaults: 1024 connections, what one small instance serves, and under the common
    /// open-file limit of 1024 once lowered by what the process keeps for itself. 10 s for
    /// a head, which a browser sends in one packet: ample on a slow link, short for a
    /// client that sends one byte at a time. 15 s for a body, at most 64 KiB: 4.4 KB/s.
    /// 75 s of silence, longer than the 60 s after which common load balancers drop an
    /// idle connection, so that the balancer closes first and never sends a request down a
    /// connection this server is closing. 10 s of grace, more than a request waits for the
    /// database (3 s) and runs a statement (5 s).
    pub fn limits(&self) -> Limits {
        Limits {
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            header_timeout: Duration::from_millis(self.header_timeout_ms),
            body_timeout: Duration::from_millis(self.body_timeout_ms),
            idle_timeout: Duration::from_millis(self.idle_timeout_ms),
            shutdown_grace: Duration::from_millis(self.shutdown_grace_ms),
        }
    }

    fn key(&self, backend: Backend) -> Result<[u8; 32], String> {
        let file = match (&self.secret_key_file, backend) {
            (Some(file), _) => file.clone(),
            (None, Backend::Sqlite) => {
                let database = PathBuf::from(&self.database);
                database.parent().map_or_else(|| PathBuf::from("secret.key"), |p| p.join("secret.key"))
            }
            (None, Backend::Postgres) if self.secret_key.is_none() => {
                return Err(
                    "with PostgreSQL, give every instance the same --secret-key or --secret-key-file".into(),
                );
            }
            (None, Backend::Postgres) => PathBuf::new(),
        };
        load_key(self.secret_key.as_deref(), &file)
    }
}

/// The store, opened (and migrated) as the flags say.
async fn open_store(config: &Config) -> Result<Store, String> {
    let store_options = StoreOptions {
        pool_size: config.pool_size,
        statement_timeout: Duration::from_millis(config.statement_timeout_ms),
        ..StoreOptions::default()
    };
    Store::open(&config.database, &store_options).await.map_err(|e| format!("opening the database: {e}"))
}

/// The application state the flags describe, on `store`.
fn state(config: &Config, store: Store) -> Result<AppState, String> {
    let key = config.key(store.backend())?;
    let options = Options {
        secure_cookies: config.secure_cookies.unwrap_or(!config.listen.ip().is_loopback()),
        trust_proxy: config.trust_proxy || !config.trusted_proxies.is_empty(),
        trusted_proxies: config.trusted_proxies.clone(),
        ip_failure_limit: config.ip_failure_limit,
        signups_per_address_hour: config.signups_per_address,
        signups_per_tenant_hour: config.signups_per_tenant,
        outbound_allow: config.outbound_allow.clone(),
        audit_retention_days: config.audit_retention_days,
        public_url: config
            .public_url
            .as_ref()
            .map_or_else(|| format!("http://{}/", config.listen), ToString::to_string),
        sms_endpoints: {
            let defaults = crate::delivery::sms::Endpoints::default();
            crate::delivery::sms::Endpoints {
                twilio: config.twilio_url.clone().unwrap_or(defaults.twilio),
                twilio_verify: config.twilio_verify_url.clone().unwrap_or(defaults.twilio_verify),
                clickatell: config.clickatell_url.clone().unwrap_or(defaults.clickatell),
                smsc: config.smsc_url.clone().unwrap_or(defaults.smsc),
                timeout: defaults.timeout,
            }
        },
        sms_per_tenant_hour: config.sms_per_tenant,
        breach_api: crate::delivery::breach::RangeApi {
            base: config.breach_api.clone(),
            timeout: Duration::from_millis(config.breach_timeout_ms),
        },
    };
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    Ok(AppState {
        store,
        clock: Clock::System,
        vault: SecretBox::new(&key),
        options,
        hashing: std::sync::Arc::new(Hashing::for_cores(cores)),
        http: crate::delivery::sms::client()?,
        ranges: std::sync::Arc::default(),
    })
}

/// `reset-admin`: a one-time password for a tenant's administrator, printed once.
async fn reset_admin(config: &Config, tenant: &str, email: Option<&str>) -> Result<(), String> {
    let store = open_store(config).await?;
    let app = state(config, store.clone())?;
    let given = crate::service::operator::reset_admin(&app, tenant, email).await;
    store.close().await;
    let given = given.map_err(|error| format!("reset-admin: {}", error.message(crate::i18n::FALLBACK)))?;
    println!(
        "One-time password for {} in `{tenant}`: {}  (shown once; it must be changed at the next sign-in)",
        given.email, given.password
    );
    Ok(())
}

/// Opens the store, seeds the demo if asked, starts the background work, and serves until
/// SIGINT or SIGTERM; or does the operator's task the command line names.
///
/// # Errors
///
/// What stopped it, for the log.
pub async fn run(config: Config) -> Result<(), String> {
    if let Some(Command::ResetAdmin { tenant, email }) = &config.command {
        return reset_admin(&config, tenant, email.as_deref()).await;
    }
    let store = open_store(&config).await?;
    let limits = config.limits();
    let state = state(&config, store.clone())?;
    // Computed now, not on the first unknown email, whose answer would otherwise be slower.
    if crate::crypto::dummy_hash().is_empty() {
        return Err("could not compute the timing-equaliser hash".to_owned());
    }
    if config.demo {
        match demo::seed(&state).await.map_err(|e| format!("seeding the demo: {e:?}"))? {
            Some(password) => println!(
                "Demo tenant `{}` created. Administrator: {}  password: {password}  (shown once; stored hashed)",
                demo::DEMO_TENANT,
                demo::DEMO_ADMIN
            ),
            None => println!(
                "Demo tenant `{}` already exists (its administrator is {}).",
                demo::DEMO_TENANT,
                demo::DEMO_ADMIN
            ),
        }
    }
    background::spawn(state.clone(), config.smtp.map(|relay| Smtp { relay, from: config.smtp_from }));

    let app = crate::app_with_front_end(state, &config.www, &config.package);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("listening on {}: {e}", config.listen))?;
    let address = listener.local_addr().map_err(|e| format!("listening: {e}"))?;
    let shown = match store.backend() {
        Backend::Sqlite => config.database.clone(),
        Backend::Postgres => "PostgreSQL".to_owned(),
    };
    println!("twofold: serving on http://{address}/ (database {shown})");
    serve(listener, app, limits, shutdown()).await;
    store.close().await;
    println!("twofold: stopped");
    Ok(())
}

/// Resolves on SIGINT (Ctrl+C) or SIGTERM.
async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
