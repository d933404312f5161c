//! What the server reads out of a request before any rule runs, fed arbitrary text: the
//! client address from `X-Forwarded-For` lines, a phone number, an email address, a syslog
//! target, an `Accept-Language` header. Each answers a value or a refusal, never a panic,
//! and a value it answers reads back as itself.
#![no_main]

use std::net::{IpAddr, Ipv4Addr};

use libfuzzer_sys::fuzz_target;
use twofold_server::delivery::sms::E164;
use twofold_server::model::{Mailbox, SyslogTarget};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    match pick % 5 {
        0 => {
            let lines: Vec<&[u8]> = rest.split(|&b| b == b'\n').collect();
            let peer = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
            let trusted = ["10.0.0.0/8".parse().expect("network")];
            for trusted in [&trusted[..], &[]] {
                if let Err(refused) = twofold_server::http::decoding::forwarded_client(&lines, peer, trusted) {
                    assert_eq!(refused.code(), "forwarded_invalid");
                }
            }
        }
        1 => {
            if let Ok(number) = E164::parse(&String::from_utf8_lossy(rest)) {
                let again = E164::parse(number.as_str()).expect("E.164 reads back");
                assert_eq!(again.as_str(), number.as_str());
                let _ = number.masked();
            }
        }
        2 => {
            let _ = Mailbox::parse(&String::from_utf8_lossy(rest));
        }
        3 => {
            let _ = SyslogTarget::parse(&String::from_utf8_lossy(rest));
        }
        _ => {
            let chosen = twofold_server::i18n::negotiate(&String::from_utf8_lossy(rest));
            assert!(twofold_server::i18n::supported(chosen).is_some(), "{chosen}");
        }
    }
});
