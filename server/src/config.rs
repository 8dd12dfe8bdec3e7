//! Configuration in three layers: defaults, then an optional TOML file (named by
//! `BIZWORKS_CONFIG`), then `BIZWORKS_*` environment variables. `DATABASE_URL` is honoured
//! too, as every database tool expects it.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

/// The server's settings, after layering.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// `sqlite://…` (the default, a file under `data/`) or `postgres://…`.
    pub database_url: String,
    /// Mark the session cookie `Secure` and send HSTS; set when served over https.
    pub secure_cookies: bool,
    /// A session unused for this long is over.
    pub session_idle: Duration,
    /// A session this old is over however much it is used, so a stolen cookie kept busy
    /// does not open the account for good.
    pub session_lifetime: Duration,
    /// Failed sign-ins allowed per account and per address in an hour.
    pub sign_in_failures_per_hour: u32,
    /// The origin browsers see (`https://bizworks.example.org`) when behind a proxy that
    /// rewrites `Host`; otherwise the request's own host is the origin.
    pub public_origin: Option<String>,
    /// Where deadlines are typed and read (a tz database name).
    pub time_zone: String,
    /// Assistance requests the public form takes from one address in an hour.
    pub assistance_requests_per_hour: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client; empty when the server faces
    /// browsers directly (the header is then ignored: anyone could write it).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

pub use migrations::DEFAULT_DATABASE_URL;

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: DEFAULT_DATABASE_URL.to_owned(),
            secure_cookies: false,
            session_idle: Duration::from_secs(8 * 60 * 60),
            session_lifetime: Duration::from_secs(7 * 24 * 60 * 60),
            sign_in_failures_per_hour: 100,
            public_origin: None,
            time_zone: "America/New_York".to_owned(),
            assistance_requests_per_hour: 10,
            trusted_proxies: Vec::new(),
        }
    }
}

/// Keeps the database password out of logs.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_password(&self.database_url))
            .field("secure_cookies", &self.secure_cookies)
            .field("session_idle", &self.session_idle)
            .field("session_lifetime", &self.session_lifetime)
            .field("sign_in_failures_per_hour", &self.sign_in_failures_per_hour)
            .field("public_origin", &self.public_origin)
            .field("time_zone", &self.time_zone)
            .field(
                "assistance_requests_per_hour",
                &self.assistance_requests_per_hour,
            )
            .field("trusted_proxies", &self.trusted_proxies)
            .finish()
    }
}

/// The settings a file or the environment may give; everything optional.
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct Layer {
    database_url: Option<String>,
    secure_cookies: Option<bool>,
    session_idle_minutes: Option<u64>,
    session_lifetime_hours: Option<u64>,
    sign_in_failures_per_hour: Option<u32>,
    public_origin: Option<String>,
    time_zone: Option<String>,
    assistance_requests_per_hour: Option<u32>,
    trusted_proxies: Option<Vec<std::net::IpAddr>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the configuration file {path} is not valid: {message}")]
    File { path: String, message: String },
    #[error("{name}={value:?} is not valid: {why}")]
    Variable {
        name: String,
        value: String,
        why: &'static str,
    },
}

impl Config {
    /// Reads the real process environment (and the file it names).
    pub fn from_env() -> Result<Config, ConfigError> {
        let vars: Vec<(String, String)> = std::env::vars().collect();
        let file = vars
            .iter()
            .find(|(name, _)| name == "BIZWORKS_CONFIG")
            .map(|(_, path)| {
                std::fs::read_to_string(path)
                    .map(|text| (path.clone(), text))
                    .map_err(|source| ConfigError::Read {
                        path: path.clone(),
                        source,
                    })
            })
            .transpose()?;
        Config::layered(
            file.as_ref()
                .map(|(path, text)| (Path::new(path), text.as_str())),
            vars,
        )
    }

    /// Defaults, then the file's text, then the variables.
    pub fn layered(
        file: Option<(&Path, &str)>,
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        if let Some((path, text)) = file {
            let layer: Layer = toml::from_str(text).map_err(|error| ConfigError::File {
                path: path.display().to_string(),
                message: error.message().to_owned(),
            })?;
            config.apply(layer);
        }
        config.apply(env_layer(vars)?);
        if crate::local_time::LocalTime::named(&config.time_zone).is_err() {
            return Err(ConfigError::Variable {
                name: "time_zone".to_owned(),
                value: config.time_zone.clone(),
                why: "use a tz database name such as America/New_York",
            });
        }
        Ok(config)
    }

    fn apply(&mut self, layer: Layer) {
        if let Some(url) = layer.database_url {
            self.database_url = url;
        }
        if let Some(secure) = layer.secure_cookies {
            self.secure_cookies = secure;
        }
        if let Some(minutes) = layer.session_idle_minutes {
            self.session_idle = Duration::from_secs(minutes.saturating_mul(60));
        }
        if let Some(hours) = layer.session_lifetime_hours {
            self.session_lifetime = Duration::from_secs(hours.saturating_mul(60 * 60));
        }
        if let Some(limit) = layer.sign_in_failures_per_hour {
            self.sign_in_failures_per_hour = limit;
        }
        if let Some(origin) = layer.public_origin {
            self.public_origin = Some(origin.trim_end_matches('/').to_owned());
        }
        if let Some(zone) = layer.time_zone {
            self.time_zone = zone;
        }
        if let Some(limit) = layer.assistance_requests_per_hour {
            self.assistance_requests_per_hour = limit;
        }
        if let Some(proxies) = layer.trusted_proxies {
            self.trusted_proxies = proxies;
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}

fn env_layer(vars: impl IntoIterator<Item = (String, String)>) -> Result<Layer, ConfigError> {
    let mut layer = Layer::default();
    let mut plain_database_url = None;
    for (name, value) in vars {
        let invalid = |why| ConfigError::Variable {
            name: name.clone(),
            value: value.clone(),
            why,
        };
        match name.as_str() {
            "DATABASE_URL" => plain_database_url = Some(value.clone()),
            "BIZWORKS_DATABASE_URL" => layer.database_url = Some(value.clone()),
            "BIZWORKS_SECURE_COOKIES" => {
                layer.secure_cookies =
                    Some(parse_bool(&value).ok_or_else(|| invalid("use true or false"))?)
            }
            "BIZWORKS_SESSION_IDLE_MINUTES" => {
                layer.session_idle_minutes = Some(
                    value
                        .parse()
                        .map_err(|_| invalid("use a whole number of minutes"))?,
                )
            }
            "BIZWORKS_SESSION_LIFETIME_HOURS" => {
                layer.session_lifetime_hours = Some(
                    value
                        .parse()
                        .map_err(|_| invalid("use a whole number of hours"))?,
                )
            }
            "BIZWORKS_SIGN_IN_FAILURES_PER_HOUR" => {
                layer.sign_in_failures_per_hour =
                    Some(value.parse().map_err(|_| invalid("use a whole number"))?)
            }
            "BIZWORKS_PUBLIC_ORIGIN" => {
                if !(value.starts_with("http://") || value.starts_with("https://")) {
                    return Err(invalid(
                        "use a full origin such as https://bizworks.example.org",
                    ));
                }
                layer.public_origin = Some(value.clone())
            }
            "BIZWORKS_TIME_ZONE" => {
                crate::local_time::LocalTime::named(&value)
                    .map_err(|_| invalid("use a tz database name such as America/New_York"))?;
                layer.time_zone = Some(value.clone())
            }
            "BIZWORKS_TRUSTED_PROXIES" => {
                layer.trusted_proxies = Some(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(str::parse)
                        .collect::<Result<_, _>>()
                        .map_err(|_| invalid("use IP addresses separated by commas"))?,
                )
            }
            "BIZWORKS_ASSISTANCE_REQUESTS_PER_HOUR" => {
                layer.assistance_requests_per_hour =
                    Some(value.parse().map_err(|_| invalid("use a whole number"))?)
            }
            _ => {}
        }
    }
    // The project's own variable wins over the generic one.
    if layer.database_url.is_none() {
        layer.database_url = plain_database_url;
    }
    Ok(layer)
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `postgres://user:secret@host/db` becomes `postgres://user:***@host/db`.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn defaults_use_sqlite_under_data() {
        let config = Config::layered(None, vars(&[])).expect("defaults are valid");
        assert_eq!(config, Config::default());
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert!(!config.is_postgres());
        assert_eq!(config.sign_in_failures_per_hour, 100);
    }

    #[test]
    fn file_then_environment_override_in_order() {
        let file = "database_url = \"postgres://a@h/file\"\nsession_idle_minutes = 30\nsecure_cookies = true\nsession_lifetime_hours = 48\n";
        let config = Config::layered(
            Some((Path::new("bizworks.toml"), file)),
            vars(&[("BIZWORKS_SESSION_IDLE_MINUTES", "5")]),
        )
        .expect("valid");
        assert_eq!(config.session_lifetime, Duration::from_secs(48 * 3600));
        assert_eq!(config.database_url, "postgres://a@h/file");
        assert!(config.is_postgres());
        assert!(config.secure_cookies);
        assert_eq!(config.session_idle, Duration::from_secs(300));
    }

    #[test]
    fn deployment_settings_are_read_and_checked() {
        let file = "trusted_proxies = [\"10.0.0.5\"]\ntime_zone = \"America/Chicago\"\n";
        let config = Config::layered(
            Some((Path::new("bizworks.toml"), file)),
            vars(&[("BIZWORKS_ASSISTANCE_REQUESTS_PER_HOUR", "3")]),
        )
        .expect("valid");
        assert_eq!(
            config.trusted_proxies,
            ["10.0.0.5".parse::<std::net::IpAddr>().expect("ip")]
        );
        assert_eq!(config.time_zone, "America/Chicago");
        assert_eq!(config.assistance_requests_per_hour, 3);
        let proxies = Config::layered(None, vars(&[("BIZWORKS_TRUSTED_PROXIES", "10.0.0.5, ::1")]))
            .expect("valid");
        assert_eq!(proxies.trusted_proxies.len(), 2);
        assert!(
            Config::layered(None, vars(&[("BIZWORKS_TRUSTED_PROXIES", "proxy.local")])).is_err()
        );
        assert!(Config::layered(None, vars(&[("BIZWORKS_TIME_ZONE", "Mars/Base")])).is_err());
        let wrong_zone = Some((Path::new("f.toml"), "time_zone = \"Mars/Base\""));
        assert!(Config::layered(wrong_zone, vars(&[])).is_err());
    }

    #[test]
    fn bizworks_database_url_beats_database_url_beats_file() {
        let file = Some((Path::new("f.toml"), "database_url = \"sqlite://file.db\""));
        let plain = vars(&[("DATABASE_URL", "postgres://plain")]);
        assert_eq!(
            Config::layered(file, plain.clone())
                .expect("valid")
                .database_url,
            "postgres://plain"
        );
        let mut both = plain;
        both.extend(vars(&[("BIZWORKS_DATABASE_URL", "postgres://ours")]));
        assert_eq!(
            Config::layered(file, both).expect("valid").database_url,
            "postgres://ours"
        );
    }

    #[test]
    fn bad_values_name_the_variable_and_the_fix() {
        let error = Config::layered(None, vars(&[("BIZWORKS_SECURE_COOKIES", "maybe")]))
            .expect_err("maybe is not a boolean");
        assert_eq!(
            error.to_string(),
            "BIZWORKS_SECURE_COOKIES=\"maybe\" is not valid: use true or false"
        );
        let error = Config::layered(None, vars(&[("BIZWORKS_PUBLIC_ORIGIN", "example.org")]))
            .expect_err("an origin needs a scheme");
        assert!(error.to_string().contains("https://"), "{error}");
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        let error = Config::layered(
            Some((Path::new("b.toml"), "databse_url = \"x\"")),
            vars(&[]),
        )
        .expect_err("typo");
        assert!(error.to_string().contains("b.toml"), "{error}");
        assert!(error.to_string().contains("databse_url"), "{error}");
    }

    #[test]
    fn debug_output_hides_the_database_password() {
        let config = Config {
            database_url: "postgres://bizworks:s3cret@db:5432/bizworks".into(),
            ..Config::default()
        };
        let shown = format!("{config:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(
            shown.contains("postgres://bizworks:***@db:5432/bizworks"),
            "{shown}"
        );
        assert_eq!(redact_password("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
