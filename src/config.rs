//! The configuration file: theme, mouse, side pane, width cap, folders, key map.
