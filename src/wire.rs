//! The small words every lab speaks on the wire: request ids, the updates a
//! running job sends before its answer (progress, streamed text), messages
//! for the learner (a code the page translates, with its values), and the
//! byte codec of large `f32` arrays.
//!
//! These sit below every lab so that a lab never needs the union of all the
//! labs' requests and replies (`protocol.rs`, above the labs): that union
//! importing the labs and the labs importing it was the crate's import
//! circle. A lab's answer goes back to the router as a value; only what a
//! job says *while* it runs goes through the host (`host.rs`).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Identifies one request; its events echo it.
pub type RequestId = u32;

/// A job stopped because the page cancelled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

/// A finished job: its answer, or cancelled; `Err` when it failed.
pub type Outcome<T> = Result<Result<T, Cancelled>, Message>;

/// What the engine tells the learner (why a request was refused, what it
/// changed): a code that names the text in the page's message tables, in
/// English and Chinese (`vision.channels`), the values that text names, and
/// the English text itself for logs, tests and the console. Build one with
/// [`message!`](crate::message).
///
/// Failures no learner can cause (a read-back that lost an output) keep
/// their English text under the code [`Message::FAILED`]; every refusal
/// has its own code. A test of the page checks that every code written in
/// `src/` has its text in both languages, with the same values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Message {
    /// The key of its text in the page's tables.
    pub code: String,
    /// The values the text names, by placeholder.
    pub params: BTreeMap<String, Param>,
    /// The English text.
    pub text: String,
}

/// One value a message names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Param {
    /// A count, size or setting.
    Number(f64),
    /// A name, a character or a text.
    Text(String),
}

impl Message {
    /// The code of a failure the learner did not cause; its one value,
    /// `message`, is the English text.
    pub const FAILED: &'static str = "engine.failed";

    /// A message with code `code` and English `text`, no values yet.
    pub fn new(code: &str, text: String) -> Self {
        Self {
            code: code.to_owned(),
            params: BTreeMap::new(),
            text,
        }
    }

    /// The same message naming `value` as `{name}`.
    pub fn with(mut self, name: &str, value: impl Into<Param>) -> Self {
        self.params.insert(name.to_owned(), value.into());
        self
    }
}

/// `Ok` when knob value `v` is within `lo..=hi`; otherwise the message
/// `code` ("{name} must be {lo} to {hi}; {v} asked"), whose `knob` value is
/// the code of the knob's name in the page's tables, so the page says it in
/// the learner's language.
pub fn within(code: &str, knob: &str, name: &str, v: u32, lo: u32, hi: u32) -> Result<(), Message> {
    if (lo..=hi).contains(&v) {
        return Ok(());
    }
    let text = format!("{name} must be {lo} to {hi}; {v} asked");
    Err(Message::new(code, text)
        .with("knob", knob)
        .with("lo", lo)
        .with("hi", hi)
        .with("v", v))
}

/// `message!("vision.msg.channels", "block {block}: channels must be 1 to {max}", block = n, max = MAX)`:
/// a [`Message`] whose English text is formatted from the named values,
/// which are also its parameters. The code's first part is the page id of
/// the lab it belongs to (or `engine.`).
#[macro_export]
macro_rules! message {
    ($code:literal, $text:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        // `total = total` is fine: the binding is what `format!` captures.
        $(#[allow(clippy::redundant_locals)] let $name = $value;)*
        $crate::wire::Message::new($code, format!($text))
            $(.with(stringify!($name), $name.clone()))*
    }};
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A message reads as its English text (`err.contains("set up")` in tests).
impl std::ops::Deref for Message {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::new(Message::FAILED, text.clone()).with("message", text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::from(text.to_owned())
    }
}

macro_rules! number_param {
    ($($t:ty),*) => {$(
        impl From<$t> for Param {
            fn from(value: $t) -> Self {
                Param::Number(value as f64)
            }
        }
    )*};
}
number_param!(u8, u16, u32, u64, usize, i32, i64, f32, f64);

impl From<String> for Param {
    fn from(value: String) -> Self {
        Param::Text(value)
    }
}

impl From<&str> for Param {
    fn from(value: &str) -> Self {
        Param::Text(value.to_owned())
    }
}

impl From<char> for Param {
    fn from(value: char) -> Self {
        Param::Text(value.to_string())
    }
}

/// What a running job tells the page before its answer. Serialised exactly
/// as the matching variants of the page's `Event` (`{ "type": "progress",
/// "id", ... }`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Update {
    /// Long work advanced: `loaded` of `total` units of `stage`.
    Progress {
        id: RequestId,
        stage: String,
        loaded: f64,
        total: f64,
    },
    /// A piece of streamed text (generated characters), before the result.
    Chunk { id: RequestId, text: String },
    /// Generated tokens, each with the distribution it was drawn from,
    /// before the result.
    Tokens { id: RequestId, tokens: Vec<Drawn> },
}

/// One generated token and the next-token distribution it was drawn from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Drawn {
    /// The token's text.
    pub text: String,
    /// Forced by the prompt or the acrostic, not drawn.
    pub forced: bool,
    /// The likeliest candidates after the temperature, likeliest first
    /// (the drawn token among them only if it was that likely).
    pub top: Vec<Candidate>,
    /// Tokens the top-k and top-p filters kept.
    pub kept: u32,
    /// Probability mass (after the temperature) the filters kept; the kept
    /// tokens' probabilities are divided by it.
    pub kept_mass: f32,
}

/// One candidate next token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// The token's text.
    pub text: String,
    /// The model's probability (temperature 1).
    pub p: f32,
    /// After the temperature.
    pub tempered: f32,
    /// Kept by top-k and top-p.
    pub kept: bool,
    /// What it was drawn with: renormalised over the kept tokens, 0 when
    /// filtered out.
    pub drawn_with: f32,
}

/// Large `f32` arrays travel as little-endian bytes: serde-wasm-bindgen turns
/// bytes into one `Uint8Array` (the page views it as a `Float32Array`)
/// instead of a JavaScript array of numbers, which would cost a conversion
/// per value.
pub mod f32_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Write `values` as bytes.
    pub fn serialize<S: Serializer>(values: &[f32], serializer: S) -> Result<S::Ok, S::Error> {
        // On little-endian targets (wasm32, x86, arm) the floats already are
        // their bytes: hand them over without a copy (tens of MB at 512 tokens).
        #[cfg(target_endian = "little")]
        {
            // SAFETY: f32 has no padding and any byte is a valid u8; the
            // slice covers exactly the floats' memory and borrows `values`.
            let bytes = unsafe {
                std::slice::from_raw_parts(
                    values.as_ptr().cast::<u8>(),
                    std::mem::size_of_val(values),
                )
            };
            serializer.serialize_bytes(bytes)
        }
        #[cfg(not(target_endian = "little"))]
        {
            let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
            serializer.serialize_bytes(&bytes)
        }
    }

    /// Read values written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<f32>, D::Error> {
        let bytes: Vec<u8> = Vec::deserialize(deserializer)?;
        if !bytes.len().is_multiple_of(4) {
            return Err(serde::de::Error::custom(
                "f32 bytes: length is not a multiple of 4",
            ));
        }
        Ok(bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f32_arrays_travel_as_bytes_and_come_back() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Holder(#[serde(with = "f32_bytes")] Vec<f32>);
        let values = Holder(vec![1.0, -0.5, f32::MIN_POSITIVE]);
        let json = serde_json::to_value(&values).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 12, "4 bytes per value");
        assert_eq!(serde_json::from_value::<Holder>(json).unwrap(), values);
    }

    #[test]
    fn a_message_names_its_values_and_formats_its_text() {
        let n = 4;
        let m = crate::message!(
            "vision.msg.channels",
            "block {block}: channels must be 1 to {max}",
            block = n,
            max = 64u32
        );
        assert_eq!(m.text, "block 4: channels must be 1 to 64");
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            serde_json::json!({"code": "vision.msg.channels", "params": {"block": 4.0, "max": 64.0},
                "text": "block 4: channels must be 1 to 64"})
        );
        let failed = Message::from("missing output");
        assert_eq!(
            (failed.code.as_str(), failed.contains("output")),
            (Message::FAILED, true)
        );
    }

    #[test]
    fn updates_are_tagged_camel_case() {
        let json = serde_json::to_value(Update::Progress {
            id: 2,
            stage: "matmul".into(),
            loaded: 1.0,
            total: 3.0,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"type":"progress","id":2,"stage":"matmul","loaded":1.0,"total":3.0})
        );
    }
}

/// Bytes as bytes on the wire (`Uint8Array` in the page): `#[serde(with =
/// "crate::wire::bytes")]` on a `Vec<u8>`. Read back from bytes or from a
/// sequence of numbers, whichever the page's side hands over.
pub mod bytes {
    use std::fmt;

    use serde::de::{SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};

    /// Write `bytes` as one byte string.
    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    /// Read what [`serialize`] wrote.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        struct Bytes;
        impl<'de> Visitor<'de> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_byte_buf(Bytes)
    }
}
