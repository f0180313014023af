//! `paap sync`: fetching sources (a repository's or a tarball's files) onto this machine.

pub mod spec;
