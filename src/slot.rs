//! Where a lab keeps the thing its requests share (a network being
//! trained): a request uses it through [`Slot::with`], which takes it out
//! for the length of the call, across `await`s, and hands it back; a request
//! that arrives meanwhile waits its turn instead of failing on a borrow. A new setup replaces the value and bumps the
//! generation, so a request still holding the old one drops it instead of
//! putting it back.

use std::cell::{Cell, RefCell};

use crate::host::Host;
use crate::message;
use crate::wire::Message;

/// How long a request waits for another to hand the value back.
const WAIT_MS: f64 = 120_000.0;

/// A value shared by one lab's requests.
pub struct Slot<T> {
    value: RefCell<Option<T>>,
    /// Bumped by every [`Slot::replace`]; 0 = nothing set up yet.
    generation: Cell<u64>,
    /// Bumped by every [`Slot::ticket`].
    setups: Cell<u64>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self {
            value: RefCell::new(None),
            generation: Cell::new(0),
            setups: Cell::new(0),
        }
    }
}

impl<T> Slot<T> {
    /// Start a setup that will [`Slot::install`] a value after `await`s.
    pub fn ticket(&self) -> u64 {
        self.setups.set(self.setups.get() + 1);
        self.setups.get()
    }

    /// Put in the value of setup `ticket`, unless a setup that started
    /// later has begun meanwhile (its value is the one the page waits for).
    pub fn install(&self, ticket: u64, value: T) -> Result<(), Message> {
        if ticket != self.setups.get() {
            return Err(message!("engine.replaced", "replaced by a newer setup"));
        }
        self.replace(value);
        Ok(())
    }

    /// Put a new value in, dropping the old one.
    pub fn replace(&self, value: T) {
        *self.value.borrow_mut() = Some(value);
        self.generation.set(self.generation.get() + 1);
    }

    /// Run `use_it` on the value once no other request is using it, then
    /// hand the value back (unless a setup replaced it meanwhile).
    pub async fn with<R>(
        &self,
        host: &impl Host,
        use_it: impl AsyncFnOnce(&mut T) -> Result<R, Message>,
    ) -> Result<R, Message> {
        let (mut value, generation) = self.take(host).await?;
        let result = use_it(&mut value).await;
        self.give_back(value, generation);
        result
    }

    /// The value, once no other request is using it, with its generation.
    async fn take(&self, host: &impl Host) -> Result<(T, u64), Message> {
        let start = host.now_ms();
        loop {
            let generation = self.generation.get();
            if generation == 0 {
                return Err(message!("engine.setUpFirst", "set up a network first"));
            }
            if let Some(value) = self.value.borrow_mut().take() {
                return Ok((value, generation));
            }
            if host.now_ms() - start > WAIT_MS {
                return Err(message!(
                    "engine.busy",
                    "the network stayed busy with another request"
                ));
            }
            host.yield_now().await;
        }
    }

    /// Hand the value back, unless a setup replaced it meanwhile.
    fn give_back(&self, value: T, generation: u64) {
        if generation == self.generation.get() {
            *self.value.borrow_mut() = Some(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::{TestHost, block_on};

    #[test]
    fn a_later_setup_wins_and_a_replaced_value_is_not_put_back() {
        let slot = Slot::default();
        let host = TestHost::default();
        assert!(block_on(slot.take(&host)).is_err(), "nothing set up yet");
        let (first, second) = (slot.ticket(), slot.ticket());
        slot.install(second, "second").unwrap();
        assert!(slot.install(first, "first").is_err());
        let seen = block_on(slot.with(&host, async |value| {
            let seen = *value;
            slot.replace("third");
            Ok(seen)
        }));
        assert_eq!(seen, Ok("second"));
        let now = block_on(slot.with(&host, async |value| Ok(*value)));
        assert_eq!(now, Ok("third"), "the replaced value was not put back");
    }
}
