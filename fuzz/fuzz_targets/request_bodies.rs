//! Every route's JSON body, fed arbitrary bytes: decoding answers the body or a client's
//! refusal (`body_invalid`, 400), never a panic and never an internal error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_server::http::decoding::{REQUEST_BODIES, decode_body};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the body type, so one corpus covers them all.
    let Some((&pick, body)) = data.split_first() else { return };
    let name = REQUEST_BODIES[usize::from(pick) % REQUEST_BODIES.len()];
    match decode_body(name, body).expect("a listed body") {
        Ok(()) => {}
        Err(refused) => assert_eq!(refused.code(), "body_invalid", "{name}: {refused:?}"),
    }
});
