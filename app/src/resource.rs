//! Page data loaded through server functions, carried from the server's render to the browser.
//!
//! Leptos' default resource codec reads the carried JSON with `serde_json::from_str`, while
//! server functions read their answers with `serde_json::from_slice`. Each page type's
//! deserializer was therefore compiled into the browser twice, once per reader. [`Json`]
//! reads the carried text as bytes, so the hydrated page and a later server-function call
//! share one deserializer per type (docs/PERFORMANCE.md, "One reader per type").

use leptos::prelude::Resource;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON written as `JsonSerdeCodec` writes it, read with the server functions' reader.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A page's data: what `Resource<T>` is, with the shared reader.
pub type Loaded<T> = Resource<T, Json>;

/// `Resource::new` with the shared reader: loaded on the server, carried to the browser.
#[track_caller]
pub fn load<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Loaded<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use leptos::server::codee::string::JsonSerdeCodec;

    use super::*;
    use crate::error::AppError;

    type Carried = Result<Vec<String>, AppError>;

    #[test]
    fn writes_what_leptos_default_writes_and_reads_it_back() {
        let value: Carried = Ok(vec!["Acme \"Tools\" </script>".into(), "é".into()]);
        let Ok(ours) = <Json as Encoder<Carried>>::encode(&value) else {
            panic!("encodes");
        };
        let Ok(leptos) = <JsonSerdeCodec as Encoder<Carried>>::encode(&value) else {
            panic!("leptos encodes");
        };
        assert_eq!(ours, leptos);
        let back: Result<Carried, _> = <Json as Decoder<Carried>>::decode(&leptos);
        assert_eq!(back.ok(), Some(value));
        let refused: Carried = Err(AppError::Forbidden {
            area: "the dashboard".into(),
        });
        let Ok(text) = <JsonSerdeCodec as Encoder<Carried>>::encode(&refused) else {
            panic!("leptos encodes");
        };
        let back: Result<Carried, _> = <Json as Decoder<Carried>>::decode(&text);
        assert_eq!(back.ok(), Some(refused));
        let broken: Result<Carried, _> = <Json as Decoder<Carried>>::decode("{");
        assert!(broken.is_err());
    }
}
