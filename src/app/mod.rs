//! Application state, actions, effects and the pure `update` function.
