//! `paap search platform -survey`: in the query language `-word` excludes a word, but clap
//! takes any `-…` for an option and stops with "unexpected argument". Before parsing, such
//! words after `search` (anything starting with one `-` that is not one of the command's own
//! options) are moved behind a `--`, where clap reads them as query words. Exclusions mean
//! the same wherever they stand in the query, so moving them changes no answer.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory, Parser};

use super::Cli;

/// Parses the command line (program name first), or prints why it cannot and exits. A
/// word where a command goes that is neither a command nor `-` is said to be no command,
/// with the nearest one ("'lst' is not a paap command; did you mean 'list'?"), rather than
/// clap's "invalid value 'lst' for '[-]'": the optional `-` takes the first free word.
pub fn parse(args: Vec<OsString>) -> Cli {
    match Cli::try_parse_from(with_search_exclusions_last(args)) {
        Ok(cli) => cli,
        Err(err) => not_a_command(&err).unwrap_or(err).exit(),
    }
}

/// The error to give for `err` when it is a word that is no command.
fn not_a_command(err: &clap::Error) -> Option<clap::Error> {
    let text = |kind| match err.get(kind) {
        Some(ContextValue::String(text)) => Some(text.as_str()),
        _ => None,
    };
    if err.kind() != ErrorKind::InvalidValue || text(ContextKind::InvalidArg) != Some("[-]") {
        return None;
    }
    let word = text(ContextKind::InvalidValue)?;
    let mut cli = Cli::command();
    let commands: Vec<String> = cli
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect();
    let mut message = format!("'{word}' is not a paap command");
    // As clap suggests: the most similar name, if it is similar enough.
    let nearest = commands
        .iter()
        .map(|name| (strsim::jaro(word, name), name))
        .filter(|(similarity, _)| *similarity > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, name)) = nearest {
        message.push_str(&format!("; did you mean '{name}'?"));
    }
    message.push_str(&format!(
        "\n\nThe commands: {}. With none, paap opens the browser; `-` reads markdown from \
         standard input.",
        commands.join(", ")
    ));
    Some(cli.error(ErrorKind::InvalidSubcommand, message))
}

/// `args` (program name first) with the exclusions of a `search` query moved behind `--`.
/// Any other command line comes back as it was.
pub fn with_search_exclusions_last(args: Vec<OsString>) -> Vec<OsString> {
    let mut cli = Cli::command();
    cli.build();
    let Some(at) = subcommand_position(&cli, &args) else {
        return args;
    };
    let Some(search) = cli
        .find_subcommand("search")
        .filter(|_| args[at] == "search")
    else {
        return args;
    };
    let mut kept: Vec<OsString> = args[..=at].to_vec();
    let mut moved = Vec::new();
    let mut rest = args[at + 1..].iter();
    while let Some(arg) = rest.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            kept.push(arg.clone());
            kept.extend(rest.by_ref().cloned());
            kept.append(&mut moved);
            return kept;
        }
        if !text.starts_with('-') || text == "-" {
            kept.push(arg.clone());
            continue;
        }
        match find_option(search, &text) {
            Some(option) => {
                kept.push(arg.clone());
                if takes_separate_value(option, &text) {
                    kept.extend(rest.next().cloned());
                }
            }
            // `--limt`: a mistyped option, left for clap to refuse (and suggest `--limit`).
            None if text.starts_with("--") => kept.push(arg.clone()),
            None => moved.push(arg.clone()),
        }
    }
    if !moved.is_empty() {
        kept.push("--".into());
        kept.append(&mut moved);
    }
    kept
}

/// Where the subcommand's name stands in `args`: the first word that is neither an option
/// of the top-level command nor an option's value. `None` when there is none, or a `--`
/// comes first.
fn subcommand_position(cli: &Command, args: &[OsString]) -> Option<usize> {
    let mut i = 1;
    while i < args.len() {
        let text = args[i].to_string_lossy();
        if text == "--" {
            return None;
        }
        if !text.starts_with('-') || text == "-" {
            return Some(i);
        }
        if find_option(cli, &text).is_some_and(|option| takes_separate_value(option, &text)) {
            i += 1;
        }
        i += 1;
    }
    None
}

/// The option of `command` that `text` (`--name`, `--name=value`, `-x`) names.
fn find_option<'c>(command: &'c Command, text: &str) -> Option<&'c Arg> {
    if let Some(long) = text.strip_prefix("--") {
        let name = long.split('=').next().unwrap_or(long);
        return command.get_arguments().find(|arg| {
            arg.get_long() == Some(name)
                || arg
                    .get_all_aliases()
                    .is_some_and(|aliases| aliases.contains(&name))
        });
    }
    let mut shorts = text[1..].chars();
    let (Some(short), None) = (shorts.next(), shorts.next()) else {
        return None;
    };
    command
        .get_arguments()
        .find(|arg| arg.get_short() == Some(short))
}

/// Whether `option`, written as `text`, takes the next argument as its value.
fn takes_separate_value(option: &Arg, text: &str) -> bool {
    option.get_action().takes_values() && !text.contains('=')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(line: &str) -> Vec<String> {
        let args = line.split(' ').map(OsString::from).collect();
        with_search_exclusions_last(args)
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn exclusions_move_behind_a_double_dash() {
        assert_eq!(
            rewrite("paap search platform -survey --json --limit 3"),
            [
                "paap", "search", "platform", "--json", "--limit", "3", "--", "-survey"
            ]
        );
        assert_eq!(
            rewrite("paap --content docs search -kind:post --kind persona roles"),
            [
                "paap",
                "--content",
                "docs",
                "search",
                "--kind",
                "persona",
                "roles",
                "--",
                "-kind:post"
            ]
        );
    }

    #[test]
    fn options_and_their_values_stay() {
        for line in [
            "paap search platform --limit=2 --json",
            "paap search --content search platform",
            "paap search -h",
            "paap --no-bundled search - x",
            "paap search platform --limt 3",
        ] {
            assert_eq!(rewrite(line), line.split(' ').collect::<Vec<_>>(), "{line}");
        }
    }

    #[test]
    fn words_after_a_double_dash_come_first() {
        assert_eq!(
            rewrite("paap search -draft -- -old platform"),
            ["paap", "search", "--", "-old", "platform", "-draft"]
        );
    }

    #[test]
    fn other_commands_and_values_named_search_are_left_alone() {
        for line in [
            "paap show -x",
            "paap --content search list -x",
            "paap --config search",
            "paap -- search -x",
        ] {
            assert_eq!(rewrite(line), line.split(' ').collect::<Vec<_>>(), "{line}");
        }
    }
}
