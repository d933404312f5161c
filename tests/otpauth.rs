//! Key URIs: what we build, what we read, and one error per problem (Google Authenticator's
//! Key Uri Format).
// Under wasm the tests are `wasm_bindgen_test`s, which clippy does not know to be tests.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use twofold::{Algorithm, Error, OtpType, OtpauthParams, build_otpauth_uri, parse_otpauth_uri};

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn totp(issuer: Option<&str>, account: &str) -> OtpauthParams {
    OtpauthParams {
        otp_type: OtpType::Totp,
        issuer: issuer.map(str::to_owned),
        account: account.to_owned(),
        secret: SECRET.to_owned(),
        algorithm: Algorithm::Sha1,
        digits: 6,
        period: 30,
        counter: None,
    }
}

fn codes(uri: &twofold::OtpauthUri) -> Vec<&str> {
    uri.warnings.iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn builds_the_format_every_app_reads() {
    let built = build_otpauth_uri(&totp(Some("ACME Co"), "alice@example.com")).expect("valid");
    assert_eq!(
        built.uri,
        "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\
         &issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
    );
    assert!(built.warnings.is_empty());
}

#[test]
fn canonicalises_the_secret_and_trims_names() {
    let mut params = totp(Some("  ACME "), " alice ");
    params.secret = "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp====".to_owned();
    let built = build_otpauth_uri(&params).expect("valid");
    assert!(built.uri.starts_with("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&"));
}

#[test]
fn warns_about_what_apps_ignore() {
    let mut params = totp(None, "alice");
    params.secret = "JBSWY3DPEHPK3PXP".to_owned();
    params.algorithm = Algorithm::Sha256;
    params.digits = 8;
    params.period = 60;
    let built = build_otpauth_uri(&params).expect("valid");
    assert_eq!(
        codes(&built),
        [
            "issuer_missing",
            "secret_short",
            "algorithm_not_default",
            "digits_not_default",
            "period_not_default"
        ]
    );
}

#[test]
fn hotp_carries_a_counter_and_no_period() {
    let mut params = totp(Some("ACME"), "alice");
    params.otp_type = OtpType::Hotp;
    params.counter = Some(42);
    let built = build_otpauth_uri(&params).expect("valid");
    assert!(built.uri.starts_with("otpauth://hotp/ACME:alice?"));
    assert!(built.uri.ends_with("&digits=6&counter=42"));
    assert_eq!(parse_otpauth_uri(&built.uri), Ok(params));
}

#[test]
fn building_refuses_each_problem() {
    let cases: Vec<(OtpauthParams, Error)> = vec![
        (totp(Some("AC:ME"), "alice"), Error::IssuerContainsColon),
        (totp(Some(" "), "alice"), Error::IssuerEmpty),
        (totp(Some("ACME"), "al:ice"), Error::AccountContainsColon),
        (totp(Some("ACME"), "  "), Error::AccountEmpty),
        (
            OtpauthParams { secret: "JBSW1".into(), ..totp(None, "a") },
            Error::Base32CharacterInvalid { position: 4 },
        ),
        (OtpauthParams { secret: "JBSWY3DP".into(), ..totp(None, "a") }, Error::SecretTooShort { min: 10 }),
        (OtpauthParams { secret: String::new(), ..totp(None, "a") }, Error::SecretEmpty),
        (OtpauthParams { digits: 9, ..totp(None, "a") }, Error::DigitsOutOfRange { min: 6, max: 8 }),
        (OtpauthParams { period: 0, ..totp(None, "a") }, Error::PeriodOutOfRange { min: 1, max: 3600 }),
        (OtpauthParams { counter: Some(1), ..totp(None, "a") }, Error::CounterWithTotp),
        (OtpauthParams { otp_type: OtpType::Hotp, ..totp(None, "a") }, Error::CounterMissing),
        (
            OtpauthParams { otp_type: OtpType::Hotp, counter: Some(1), period: 60, ..totp(None, "a") },
            Error::PeriodWithHotp,
        ),
        (
            OtpauthParams { otp_type: OtpType::Hotp, counter: Some(1 << 53), ..totp(None, "a") },
            Error::CounterInvalid,
        ),
        (totp(Some("ACME"), &"a".repeat(4000)), Error::UriTooLong { max: 4096 }),
    ];
    for (params, error) in cases {
        assert_eq!(build_otpauth_uri(&params).map(|u| u.uri), Err(error.clone()), "{params:?}");
    }
}

#[test]
fn reads_what_other_tools_write() {
    let expect = totp(Some("ACME Co"), "alice@example.com");
    for uri in [
        // Literal and encoded colon, spaces after it, `+` for a space in the query, any case in
        // the scheme, type, parameter names and algorithm, padding and lower case in the secret,
        // unknown parameters and a fragment.
        "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co",
        "otpauth://totp/ACME%20Co%3A%20%20alice%40example.com?issuer=ACME+Co&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        "OTPAUTH://TOTP/ACME%20Co:alice@example.com?SECRET=jbswy3dpehpk3pxpjbswy3dpehpk3pxp&Algorithm=sha1&image=https%3A%2F%2Fx",
        "otpauth://totp/alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co&period=30&digits=6#x",
        "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP======&&",
    ] {
        assert_eq!(parse_otpauth_uri(uri), Ok(expect.clone()), "{uri}");
    }
}

#[test]
fn reading_refuses_each_problem() {
    let s = SECRET;
    let cases = [
        ("https://totp/A:b?secret=X".to_owned(), Error::UriSchemeInvalid),
        ("otpauth:/totp/A:b".to_owned(), Error::UriSchemeInvalid),
        ("".to_owned(), Error::UriSchemeInvalid),
        (format!("otpauth://motp/A:b?secret={s}"), Error::UriTypeUnknown),
        (format!("otpauth://totp?secret={s}"), Error::UriLabelMissing),
        (format!("otpauth://totp/?secret={s}"), Error::UriLabelMissing),
        (format!("otpauth://totp/A%2:b?secret={s}"), Error::UriEncodingInvalid),
        (format!("otpauth://totp/A%FF:b?secret={s}"), Error::UriEncodingInvalid),
        (
            format!("otpauth://totp/A:b?secret={s}&secret={s}"),
            Error::UriParameterDuplicated { name: "secret".into() },
        ),
        ("otpauth://totp/A:b?issuer=A".to_owned(), Error::UriSecretMissing),
        (
            "otpauth://totp/A:b?secret=AB1CDEFGHIJKLMNOP".to_owned(),
            Error::Base32CharacterInvalid { position: 2 },
        ),
        ("otpauth://totp/A:b?secret=ABCDEFGHI".to_owned(), Error::Base32LengthInvalid),
        ("otpauth://totp/A:b?secret=ABCDEFGH".to_owned(), Error::SecretTooShort { min: 10 }),
        (format!("otpauth://totp/A:b?secret={s}&issuer=B"), Error::IssuerMismatch),
        (format!("otpauth://totp/A:b:c?secret={s}"), Error::AccountContainsColon),
        (format!("otpauth://totp/:b?secret={s}"), Error::IssuerEmpty),
        (format!("otpauth://totp/A:?secret={s}"), Error::AccountEmpty),
        (format!("otpauth://totp/b?secret={s}&issuer="), Error::IssuerEmpty),
        (format!("otpauth://totp/b?secret={s}&issuer=A%3AB"), Error::IssuerContainsColon),
        (format!("otpauth://totp/A:b?secret={s}&algorithm=MD5"), Error::AlgorithmUnknown),
        (format!("otpauth://totp/A:b?secret={s}&digits=10"), Error::DigitsOutOfRange { min: 6, max: 8 }),
        (format!("otpauth://totp/A:b?secret={s}&digits=six"), Error::DigitsOutOfRange { min: 6, max: 8 }),
        (format!("otpauth://totp/A:b?secret={s}&digits=-6"), Error::DigitsOutOfRange { min: 6, max: 8 }),
        (format!("otpauth://totp/A:b?secret={s}&period=0"), Error::PeriodOutOfRange { min: 1, max: 3600 }),
        (
            format!("otpauth://totp/A:b?secret={s}&period=99999999999999999999"),
            Error::PeriodOutOfRange { min: 1, max: 3600 },
        ),
        (format!("otpauth://totp/A:b?secret={s}&counter=3"), Error::CounterWithTotp),
        (format!("otpauth://hotp/A:b?secret={s}"), Error::CounterMissing),
        (format!("otpauth://hotp/A:b?secret={s}&counter=1.5"), Error::CounterInvalid),
        (format!("otpauth://hotp/A:b?secret={s}&counter=9007199254740992"), Error::CounterInvalid),
        (format!("otpauth://hotp/A:b?secret={s}&counter=1&period=60"), Error::PeriodWithHotp),
        (format!("otpauth://totp/A:b?secret={s}&x={}", "y".repeat(5000)), Error::UriTooLong { max: 4096 }),
    ];
    for (uri, error) in cases {
        assert_eq!(parse_otpauth_uri(&uri), Err(error), "{uri}");
    }
}

#[test]
fn what_parses_builds_even_when_writing_it_makes_it_longer() {
    // Found by the key_uri fuzz target: raw control characters in a label are read as they
    // are, and written percent-encoded at three times their length, past the limit.
    let s = "GEZDGNBVGY3TQOJQ";
    let uri = |n: usize| format!("otpauth://totp/A:{}?secret={s}", "\u{13}".repeat(n));
    let fits = parse_otpauth_uri(&uri(1300)).expect("its canonical form fits");
    assert!(build_otpauth_uri(&fits).is_ok_and(|built| built.uri.len() <= 4096));
    assert!(uri(1500).len() <= 4096);
    assert_eq!(parse_otpauth_uri(&uri(1500)), Err(Error::UriTooLong { max: 4096 }));
}
