//! What must never happen, whatever the input.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use twofold::{
    Algorithm, Ecc, MatrixOptions, OtpParams, OtpType, OtpauthParams, Secret, SvgOptions, Totp,
    build_otpauth_uri, normalize_recovery_code, parse_code, parse_otpauth_uri, qr_matrix, qr_svg,
    recovery_code_from_entropy,
};

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256), Just(Algorithm::Sha512)]
}

/// Names as people write them: any Unicode but the colon, not blank, no surrounding spaces.
fn name() -> impl Strategy<Value = String> {
    "[^:]{1,40}".prop_map(|s| s.trim().to_owned()).prop_filter("blank", |s| !s.is_empty())
}

/// Everything `build_otpauth_uri` accepts, in canonical form.
fn params() -> impl Strategy<Value = OtpauthParams> {
    let secret = prop::collection::vec(any::<u8>(), 10..=64)
        .prop_map(|bytes| Secret::from_bytes(bytes).map(|s| s.to_base32()).unwrap_or_default());
    let kind = prop_oneof![
        (1u32..=3600).prop_map(|period| (OtpType::Totp, period, None)),
        (0u64..=(1 << 53) - 1).prop_map(|counter| (OtpType::Hotp, 30, Some(counter))),
    ];
    (prop::option::of(name()), name(), secret, algorithm(), 6u8..=8, kind).prop_map(
        |(issuer, account, secret, algorithm, digits, (otp_type, period, counter))| OtpauthParams {
            otp_type,
            issuer,
            account,
            secret,
            algorithm,
            digits,
            period,
            counter,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_uri_we_build_parses_back_to_the_same_parameters(params in params()) {
        let built = build_otpauth_uri(&params).expect("valid parameters");
        prop_assert_eq!(parse_otpauth_uri(&built.uri), Ok(params));
    }

    #[test]
    fn reading_any_text_as_a_uri_never_panics(text in "\\PC{0,200}") {
        let _ = parse_otpauth_uri(&text);
        let _ = parse_otpauth_uri(&format!("otpauth://totp/{text}"));
        let _ = parse_otpauth_uri(&format!("otpauth://hotp/a:b?secret=JBSWY3DPEHPK3PXP&{text}"));
    }

    #[test]
    fn any_generated_code_verifies_once(
        bytes in prop::collection::vec(any::<u8>(), 10..=64),
        algorithm in algorithm(),
        digits in 6u8..=8,
        period in 1u32..=3600,
        time in 0u64..=(1 << 53) - 1,
    ) {
        let params = OtpParams::new(algorithm, digits, period).expect("in range");
        let totp = Totp::new(Secret::from_bytes(bytes).expect("in range"), params);
        let code = totp.generate(time);
        prop_assert_eq!(code.code.len(), usize::from(digits));
        prop_assert!((1..=period).contains(&code.remaining_seconds));
        let first = totp.verify(&code.code, time, 1, None).expect("well-formed");
        prop_assert!(first.valid);
        let replay = totp.verify(&code.code, time, 1, first.time_step).expect("well-formed");
        prop_assert!(!replay.valid);
    }

    #[test]
    fn reading_any_secret_or_code_never_panics(text in "\\PC{0,300}", digits in 0u8..=20) {
        let _ = Secret::from_base32(&text);
        let _ = parse_code(&text, digits);
        let _ = normalize_recovery_code(&text);
    }

    #[test]
    fn any_recovery_code_normalizes_to_itself(entropy in any::<[u8; 16]>()) {
        let code = recovery_code_from_entropy(entropy);
        prop_assert_eq!(normalize_recovery_code(&code.to_lowercase().replace('-', " ")), Ok(code));
    }

    #[test]
    fn any_text_renders_or_is_too_long(text in "\\PC{0,300}", ecc in prop_oneof![Just(Ecc::L), Just(Ecc::M), Just(Ecc::Q), Just(Ecc::H)]) {
        let matrix = qr_matrix(&text, &MatrixOptions { ecc }).expect("short text fits");
        prop_assert_eq!(matrix.modules.len(), (matrix.size * matrix.size) as usize);
        let options = SvgOptions { ecc, ..SvgOptions::default() };
        prop_assert!(qr_svg(&text, &options).is_ok());
    }
}
