//! A browser that may skip the second step for a while.

/// A remembered device as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RememberedDevice {
    /// When it was remembered, unix seconds.
    pub created_at: i64,
    /// When it stops skipping the code.
    pub expires_at: i64,
    /// The browser that asked.
    pub user_agent: String,
}
