//! Where slow hashing runs: argon2 and the strength estimate, on blocking threads, in two
//! queues so that sign-ins never wait behind signups, and at most a few at a time for any
//! one address, so that one client cannot take every slot.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use crate::error::{Error, Result};

/// Which queue a piece of work waits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    /// Checking a password someone offers (sign-in, the current password of a change).
    Verify,
    /// Judging and hashing a password someone chooses (signup, a new password).
    Choose,
}

/// The hashing queues of this process. They bound this machine's memory and CPU (argon2
/// takes 19 MiB a hash), so they are the one thing kept per process, not in the database.
#[derive(Debug)]
pub struct Hashing {
    verify: Semaphore,
    choose: Semaphore,
    per_address: usize,
    in_flight: Mutex<HashMap<String, usize>>,
}

impl Hashing {
    /// Queues of `verify` and `choose` slots; an address may have `per_address` hashes in
    /// flight.
    pub fn new(verify: usize, choose: usize, per_address: usize) -> Self {
        Self {
            verify: Semaphore::new(verify.max(1)),
            choose: Semaphore::new(choose.max(1)),
            per_address: per_address.max(1),
            in_flight: Mutex::new(HashMap::new()),
        }
    }

    /// Slots for a machine with `cores` cores: two sign-ins a core, one signup a core, and
    /// two hashes in flight an address.
    pub fn for_cores(cores: usize) -> Self {
        Self::new(2 * cores, cores, 2)
    }

    /// Runs `work` in `queue` for `address` (its rate key).
    ///
    /// # Errors
    ///
    /// `rate_limited` when the address already has its hashes in flight; internal errors if
    /// the work panicked.
    pub async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        queue: Queue,
        address: &str,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let _slot = InFlight::enter(self, address).ok_or(Error::RateLimited { retry_after: 1 })?;
        let semaphore = match queue {
            Queue::Verify => &self.verify,
            Queue::Choose => &self.choose,
        };
        let _permit = semaphore.acquire().await.map_err(Error::internal)?;
        tokio::task::spawn_blocking(work).await.map_err(Error::internal)
    }
}

/// One hash in flight for an address; leaving gives the slot back.
struct InFlight {
    hashing: Arc<Hashing>,
    address: String,
}

impl InFlight {
    fn enter(hashing: &Arc<Hashing>, address: &str) -> Option<Self> {
        let mut counts = hashing.in_flight.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = counts.entry(address.to_owned()).or_insert(0);
        if *count >= hashing.per_address {
            return None;
        }
        *count += 1;
        Some(Self { hashing: hashing.clone(), address: address.to_owned() })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut counts = self.hashing.in_flight.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_address_has_only_its_slots_and_gets_them_back() {
        let hashing = Arc::new(Hashing::new(4, 1, 2));
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let rx = Arc::new(Mutex::new(rx));
        let busy: Vec<_> = (0..2)
            .map(|_| {
                let (hashing, rx) = (hashing.clone(), rx.clone());
                tokio::spawn(async move {
                    hashing.run(Queue::Verify, "192.0.2.1", move || rx.lock().unwrap().recv().ok()).await
                })
            })
            .collect();
        while hashing.in_flight.lock().unwrap().get("192.0.2.1") != Some(&2) {
            tokio::task::yield_now().await;
        }
        let third = hashing.run(Queue::Verify, "192.0.2.1", || ()).await;
        assert_eq!(third.map_err(|e| e.code()), Err("rate_limited"));
        assert!(
            hashing.run(Queue::Verify, "192.0.2.2", || ()).await.is_ok(),
            "another address is not held up"
        );
        tx.send(()).unwrap();
        tx.send(()).unwrap();
        for task in busy {
            task.await.unwrap().unwrap();
        }
        assert!(hashing.in_flight.lock().unwrap().is_empty());
        assert!(hashing.run(Queue::Verify, "192.0.2.1", || ()).await.is_ok());
    }
}
