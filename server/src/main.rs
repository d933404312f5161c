//! `twofold-server`: configuration, logging, the database, then serve until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use twofold_server::clock::Clock;
use twofold_server::crypto::{SecretBox, load_key};
use twofold_server::db::Db;
use twofold_server::outbox::Smtp;
use twofold_server::{AppState, Options, app_with_front_end, background, demo};

/// The twofold backend. Every flag can also be set by the environment variable shown.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Config {
    /// SQLite database file (created if missing; `:memory:` for a throwaway one).
    #[arg(long, env = "TWOFOLD_DATABASE", default_value = "data/twofold.sqlite3")]
    database: String,
    /// Address to listen on.
    #[arg(long, env = "TWOFOLD_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Folder of the front end, served at `/`.
    #[arg(long, env = "TWOFOLD_WWW", default_value = "www")]
    www: PathBuf,
    /// Folder of the built npm package (its `js/` and `pkg/` are served at `/twofold/`).
    #[arg(long, env = "TWOFOLD_PACKAGE", default_value = ".")]
    package: PathBuf,
    /// Seed the demo tenant `acme` and print its administrator's password (once).
    #[arg(long, env = "TWOFOLD_DEMO")]
    demo: bool,
    /// Key encrypting TOTP secrets at rest, base64 of 32 bytes (else the key file is used).
    #[arg(long, env = "TWOFOLD_SECRET_KEY", hide_env_values = true)]
    secret_key: Option<String>,
    /// Key file, created with a random key if missing [default: beside the database].
    #[arg(long, env = "TWOFOLD_SECRET_KEY_FILE")]
    secret_key_file: Option<PathBuf>,
    /// SMTP relay (`host:port`, plain) for the outbox; without it messages stay in the outbox.
    #[arg(long, env = "TWOFOLD_SMTP")]
    smtp: Option<String>,
    /// Sender address of messages.
    #[arg(long, env = "TWOFOLD_SMTP_FROM", default_value = "twofold@localhost")]
    smtp_from: String,
    /// Mark cookies `Secure` (serve over HTTPS).
    #[arg(long, env = "TWOFOLD_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Trust `X-Forwarded-For` from a reverse proxy for the client address.
    #[arg(long, env = "TWOFOLD_TRUST_PROXY")]
    trust_proxy: bool,
    /// Failed attempts one address may make in ten minutes.
    #[arg(long, env = "TWOFOLD_IP_FAILURE_LIMIT", default_value_t = 50)]
    ip_failure_limit: i64,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .init();
    if let Err(error) = run(Config::parse()).await {
        tracing::error!("{error}");
        std::process::exit(1);
    }
}

async fn run(config: Config) -> Result<(), String> {
    let db = Db::open(&config.database)?;
    let key_file = config.secret_key_file.clone().unwrap_or_else(|| {
        let database = PathBuf::from(&config.database);
        database.parent().map_or_else(|| PathBuf::from("secret.key"), |p| p.join("secret.key"))
    });
    let key = load_key(config.secret_key.as_deref(), &key_file)?;
    let options = Options {
        secure_cookies: config.secure_cookies,
        trust_proxy: config.trust_proxy,
        ip_failure_limit: config.ip_failure_limit,
    };
    let state = AppState { db, clock: Clock::System, vault: SecretBox::new(&key), options };
    // Computed now, not on the first unknown email, whose answer would otherwise be slower.
    if twofold_server::crypto::dummy_hash().is_empty() {
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

    let app = app_with_front_end(state, &config.www, &config.package);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("listening on {}: {e}", config.listen))?;
    let address = listener.local_addr().map_err(|e| format!("listening: {e}"))?;
    println!("twofold: serving on http://{address}/ (database {})", config.database);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| format!("serving: {e}"))?;
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
