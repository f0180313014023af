//! Terminal setup and restore, the event loop, and running effects.
