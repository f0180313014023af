//! Command-line interface: clap types and one function per subcommand.
