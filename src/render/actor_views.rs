//! The `actor` value of actor pages, made once per actor and dropped after its last page.

use std::sync::{Mutex, PoisonError};

use tera::Value;

use crate::config::Config;
use crate::model::Site;
use crate::model::id::ActorId;
use crate::render::catalogue::actor_pages;

/// Each actor's `actor` value, made by the first of its pages to render and dropped after
/// the last: an actor with dozens of pages builds it once, and the values of actors already
/// done are not held to the end of the build. A page rendered more often than counted (`check` renders
/// each page twice, with the templates as written and minified) only makes the value again.
pub struct ActorViews {
    slots: Vec<Mutex<ActorSlot>>,
}

struct ActorSlot {
    value: Option<Value>,
    pages_left: usize,
}

impl ActorViews {
    /// Counts each actor's pages (not the whole site's: an incremental rebuild binds the
    /// renderer anew and renders a handful of pages).
    pub fn new(site: &Site, config: &Config) -> ActorViews {
        let counts = ActorId::all(site.actors.len()).zip(&site.actors);
        ActorViews::with_counts(
            counts.map(|(a, actor)| actor_pages(a, actor, &config.paginate).count()),
        )
    }

    fn with_counts(counts: impl Iterator<Item = usize>) -> ActorViews {
        let slot = |pages_left| {
            Mutex::new(ActorSlot {
                value: None,
                pages_left,
            })
        };
        ActorViews {
            slots: counts.map(slot).collect(),
        }
    }

    pub(super) fn get(&self, actor: ActorId, make: impl FnOnce() -> Value) -> Value {
        let mut slot = self.slots[actor.index()]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let value = slot.value.get_or_insert_with(make).clone();
        slot.pages_left = slot.pages_left.saturating_sub(1);
        if slot.pages_left == 0 {
            slot.value = None;
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actor_view_is_made_once_for_its_pages_then_dropped() {
        // Actor 0 has one page, actor 1 three.
        let views = ActorViews::with_counts([1, 3].into_iter());
        let made = std::cell::Cell::new(0);
        let make = || {
            made.set(made.get() + 1);
            Value::from(made.get())
        };
        let values: Vec<Value> = (0..3).map(|_| views.get(ActorId::new(1), make)).collect();
        assert_eq!(values, vec![Value::from(1); 3]);
        assert_eq!(made.get(), 1);
        // Its three pages are done: the value is gone, and a fourth rendering makes it again.
        assert_eq!(views.get(ActorId::new(1), make), Value::from(2));
        // An actor with one page keeps nothing.
        assert_eq!(views.get(ActorId::new(0), make), Value::from(3));
        assert_eq!(views.get(ActorId::new(0), make), Value::from(4));
    }
}
