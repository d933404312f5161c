//! Every route's JSON body, fed arbitrary bytes: decoding answers the body or a client's
//! refusal (`body_invalid`, 400), never a panic and never an internal error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_server::http::decoding::{REQUEST_BODIES, decode_body};

/// The body type an input is for: `module::Type` and a new line (as the seeds are written, so
/// they stay with their type when the list grows), or else its first byte's pick.
fn split(data: &[u8]) -> Option<(&'static str, &[u8])> {
    let named = REQUEST_BODIES.iter().find_map(|name| {
        let rest = data.strip_prefix(name.as_bytes())?.strip_prefix(b"\n")?;
        Some((*name, rest))
    });
    named.or_else(|| data.split_first().map(|(&pick, rest)| (REQUEST_BODIES[usize::from(pick) % REQUEST_BODIES.len()], rest)))
}

fuzz_target!(|data: &[u8]| {
    let Some((name, body)) = split(data) else { return };
    match decode_body(name, body).expect("a listed body") {
        Ok(()) => {}
        Err(refused) => assert_eq!(refused.code(), "body_invalid", "{name}: {refused:?}"),
    }
});
