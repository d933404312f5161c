//! `twofold-server`: logging, the configuration, then serve (see `config.rs`).

use clap::Parser;
use twofold_server::config::{Config, run};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn,sqlx=warn".into()),
        )
        .init();
    if let Err(error) = run(Config::parse()).await {
        tracing::error!("{error}");
        std::process::exit(1);
    }
}
