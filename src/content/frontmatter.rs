//! Tolerant YAML (`---`) and TOML (`+++`) front matter parsing.
