//! The core's speed natively, for the same operations `bench/run.mjs` measures through the
//! npm package: TOTP generation and verification, key URIs, QR codes, password verdicts.
// A benchmark may panic on a broken fixture, and criterion's macros write undocumented items.
#![allow(clippy::panic, missing_docs)]

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::Criterion;
    use twofold::{
        Algorithm, MatrixOptions, OtpParams, OtpType, OtpauthParams, Policy, Secret, SvgOptions, Totp,
        UserContext, build_otpauth_uri, check_password, parse_otpauth_uri, qr_matrix, qr_svg,
    };

    fn totp() -> Totp {
        let secret =
            Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap_or_else(|e| panic!("{e}"));
        Totp::new(secret, OtpParams::default())
    }

    pub fn otp(c: &mut Criterion) {
        let totp = totp();
        c.bench_function("totp generate", |b| b.iter(|| totp.generate(black_box(1_800_000_000))));
        let code = totp.generate(1_800_000_000).code;
        c.bench_function("totp verify (window 1)", |b| {
            b.iter(|| totp.verify(black_box(&code), 1_800_000_000, 1, None))
        });
    }

    pub fn uris_and_qr(c: &mut Criterion) {
        let params = OtpauthParams {
            otp_type: OtpType::Totp,
            issuer: Some("ACME Corporation".into()),
            account: "jane.doe@example.com".into(),
            secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".into(),
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
            counter: None,
        };
        let uri = build_otpauth_uri(&params).map(|u| u.uri).unwrap_or_default();
        c.bench_function("otpauth build", |b| b.iter(|| build_otpauth_uri(black_box(&params))));
        c.bench_function("otpauth parse", |b| b.iter(|| parse_otpauth_uri(black_box(&uri))));
        c.bench_function("qr matrix (otpauth URI, M)", |b| {
            b.iter(|| qr_matrix(black_box(&uri), &MatrixOptions::default()))
        });
        let options = SvgOptions::default();
        c.bench_function("qr svg (otpauth URI, M)", |b| b.iter(|| qr_svg(black_box(&uri), &options)));
    }

    pub fn passwords(c: &mut Criterion) {
        let policy = Policy::from_json(
            r#"{"minLength":12,"classes":{"digit":1},"minScore":3,"rejectPersonalData":true,"bannedWords":["acme","roadrunner"]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let context = UserContext { email: Some("jane.doe@example.com".into()), ..UserContext::default() };
        let long = "correct horse battery staple ".repeat(40);
        let megabyte = "aZ3$".repeat(1 << 18);
        for (name, password) in [
            ("common", "password1"),
            ("l33t", "R0adRunn3r!2024"),
            ("passphrase", "orbit velvet cactus nine"),
            ("random 32", "k9#Qm2$vX7!pL4&nR8@tW3^yB6*zD1%c"),
            ("1,160 chars", long.as_str()),
            ("1 MB", megabyte.as_str()),
        ] {
            c.bench_function(&format!("check_password {name}"), |b| {
                b.iter(|| check_password(black_box(password), &policy, &context, "en"))
            });
        }
        banned_worst_case(c, &context);
    }

    /// The costliest banned-word list a policy accepts: 500 words of 16 letters in which every
    /// first half is shared by four words (the most allowed), against 4,096 characters made
    /// of those halves, so every place starts a match that must be confirmed and fails.
    fn banned_worst_case(c: &mut Criterion, context: &UserContext) {
        let letters = |mut n: usize| -> String {
            (0..8)
                .map(|_| {
                    let c = char::from(b'a' + (n % 26) as u8);
                    n /= 26;
                    c
                })
                .collect()
        };
        let heads: Vec<String> = (0..125).map(|i| letters(i * 7919 + 17)).collect();
        let words: Vec<String> =
            (0..500).map(|i| format!("{}{}", heads[i / 4], letters(i * 104_729 + 3))).collect();
        let json = format!(r#"{{"minLength":8,"bannedWords":{words:?}}}"#);
        let policy = Policy::from_json(&json).unwrap_or_else(|e| panic!("{e}"));
        let password: String = heads.iter().cycle().flat_map(|h| h.chars()).take(4096).collect();
        c.bench_function("check_password 4,096 chars, 500 banned words (worst case)", |b| {
            b.iter(|| check_password(black_box(&password), &policy, context, "en"))
        });
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::otp, native::uris_and_qr, native::passwords);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
