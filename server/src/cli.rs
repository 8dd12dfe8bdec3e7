//! The server's subcommands. Few and simple enough that a hand-written parser stays smaller
//! than an argument-parsing dependency.

/// What the binary was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Migrate, then serve the app (the default).
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Load the demo organisation, accounts, businesses and visits (once).
    SeedDemo,
    /// Add generated businesses and visits for benchmarks.
    Generate {
        visits: u64,
        businesses: u64,
    },
    Help,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    #[error("unknown command {0:?}; run `server help` for the list")]
    UnknownCommand(String),
    #[error("unknown option {0:?} for `{1}`")]
    UnknownOption(String, &'static str),
    #[error("{0} needs a whole number, got {1:?}")]
    NotANumber(&'static str, String),
    #[error("{0} needs a value")]
    MissingValue(&'static str),
}

pub const USAGE: &str = "\
Usage: server [COMMAND]

Commands:
  serve                                   migrate the database, then serve the app (default)
  migrate                                 bring the database schema up to date and exit
  seed-demo                               load the demo data once (safe to run again)
  generate --visits N --businesses M      add generated data for benchmarks
  help                                    show this text

Configuration: defaults, then the file named by BIZWORKS_CONFIG, then BIZWORKS_* variables
(DATABASE_URL selects the database; see docs/ARCHITECTURE.md).";

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, CliError> {
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        return Ok(Command::Serve);
    };
    match command.as_str() {
        "serve" => no_options(args, "serve", Command::Serve),
        "migrate" => no_options(args, "migrate", Command::Migrate),
        "seed-demo" => no_options(args, "seed-demo", Command::SeedDemo),
        "help" | "--help" | "-h" => Ok(Command::Help),
        "generate" => {
            let (mut visits, mut businesses) = (0, 0);
            while let Some(option) = args.next() {
                let target = match option.as_str() {
                    "--visits" => &mut visits,
                    "--businesses" => &mut businesses,
                    _ => return Err(CliError::UnknownOption(option, "generate")),
                };
                let name = if option == "--visits" {
                    "--visits"
                } else {
                    "--businesses"
                };
                let value = args.next().ok_or(CliError::MissingValue(name))?;
                *target = parse_count(name, &value)?;
            }
            Ok(Command::Generate { visits, businesses })
        }
        _ => Err(CliError::UnknownCommand(command)),
    }
}

fn no_options(
    mut args: impl Iterator<Item = String>,
    name: &'static str,
    command: Command,
) -> Result<Command, CliError> {
    match args.next() {
        Some(extra) => Err(CliError::UnknownOption(extra, name)),
        None => Ok(command),
    }
}

/// Accepts `1000000` as well as `1_000_000`.
fn parse_count(name: &'static str, value: &str) -> Result<u64, CliError> {
    value
        .replace('_', "")
        .parse()
        .map_err(|_| CliError::NotANumber(name, value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Command, CliError> {
        parse(args.iter().map(|arg| (*arg).to_owned()))
    }

    #[test]
    fn no_arguments_means_serve() {
        assert_eq!(run(&[]), Ok(Command::Serve));
    }

    #[test]
    fn subcommands_parse() {
        assert_eq!(run(&["migrate"]), Ok(Command::Migrate));
        assert_eq!(run(&["seed-demo"]), Ok(Command::SeedDemo));
        assert_eq!(
            run(&[
                "generate",
                "--visits",
                "1_000_000",
                "--businesses",
                "100000"
            ]),
            Ok(Command::Generate {
                visits: 1_000_000,
                businesses: 100_000
            })
        );
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(run(&["serv"]), Err(CliError::UnknownCommand("serv".into())));
        assert_eq!(
            run(&["generate", "--visits", "many"]),
            Err(CliError::NotANumber("--visits", "many".into()))
        );
        assert_eq!(
            run(&["generate", "--visits"]),
            Err(CliError::MissingValue("--visits"))
        );
        assert_eq!(
            run(&["migrate", "--now"]),
            Err(CliError::UnknownOption("--now".into(), "migrate"))
        );
    }
}
