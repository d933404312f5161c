//! The TypeScript types of the options objects, which `read` takes apart by hand and so have no
//! Rust struct to derive them from. Results and documents (`TotpCode`, `Verdict`, `Policy`...)
//! get theirs from their Rust types (tsify, the `typescript` feature). `TwofoldError` is here
//! too, one member a code with what `Error::details` gives it: a test in `error.rs` holds the
//! two together.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const OPTIONS: &str = r#"
/**
 * What every function throws: an `Error` whose `name` is `TwofoldError` and whose `code` is
 * stable, with `field` naming the argument, option or policy field at fault when there is one,
 * and what the code carries about its limits: `min` and `max` (bytes of a secret, digits,
 * seconds, time steps, modules, characters, codes), `expected` (the digits a code must have,
 * or what an argument must be), `known` (the names allowed), and so on. Narrow on `code`:
 * `if (error.code === 'digits_out_of_range') error.max`.
 */
export type TwofoldError = Error & { name: 'TwofoldError'; field?: string } & (
    | { code: 'base32_character_invalid'; position: number }
    | { code: 'base32_length_invalid' }
    | { code: 'secret_empty' }
    | { code: 'secret_too_short'; min: number }
    | { code: 'secret_too_long'; max: number }
    | { code: 'secret_size_out_of_range'; min: number; max: number }
    | { code: 'algorithm_unknown' }
    | { code: 'digits_out_of_range'; min: number; max: number }
    | { code: 'period_out_of_range'; min: number; max: number }
    | { code: 'window_out_of_range'; max: number }
    | { code: 'time_invalid' }
    | { code: 'counter_invalid' }
    | { code: 'code_length_mismatch'; expected: number }
    | { code: 'code_not_numeric' }
    | { code: 'uri_too_long'; max: number }
    | { code: 'uri_scheme_invalid' }
    | { code: 'uri_type_unknown' }
    | { code: 'uri_label_missing' }
    | { code: 'uri_encoding_invalid' }
    | { code: 'uri_parameter_duplicated'; parameter: string }
    | { code: 'uri_secret_missing' }
    | { code: 'account_empty' }
    | { code: 'account_contains_colon' }
    | { code: 'issuer_empty' }
    | { code: 'issuer_contains_colon' }
    | { code: 'issuer_mismatch' }
    | { code: 'counter_missing' }
    | { code: 'counter_with_totp' }
    | { code: 'period_with_hotp' }
    | { code: 'qr_data_too_long' }
    | { code: 'qr_color_invalid' }
    | { code: 'qr_margin_out_of_range'; max: number }
    | { code: 'qr_title_too_long'; max: number }
    | { code: 'recovery_count_out_of_range'; min: number; max: number }
    | { code: 'recovery_code_malformed'; length: number; alphabet: string }
    | { code: 'policy_invalid'; detail: string }
    | { code: 'context_invalid'; detail: string }
    | { code: 'preset_unknown'; known: string[] }
    | { code: 'random_unavailable' }
    | { code: 'options_invalid'; field: string; known: string[] }
    | { code: 'argument_invalid'; field: string; expected: string }
    | { code: 'type_mismatch' }
    | { code: 'secret_mismatch' }
    | { code: 'counter_mismatch' }
    | { code: 'checker_freed' }
    | { code: 'breach_range_malformed'; line: number }
    | { code: 'breach_range_too_large'; max: number }
    | { code: 'breach_unavailable'; status?: number }
);

/**
 * Code parameters; each defaults to what every app supports (SHA1, 6 digits, 30 s). The object
 * `parseOtpauthUri` returns is accepted whole: its `type`, `secret` and `counter` must then
 * agree with the call (`type_mismatch`, `secret_mismatch`, `counter_mismatch` otherwise), and
 * its `issuer` and `account` are labels that no code depends on.
 */
export interface OtpOptions {
    /** `SHA1` (default), `SHA256` or `SHA512`. */
    algorithm?: Algorithm;
    /** 6 (default), 7 or 8. */
    digits?: number;
    /** Seconds per time step, 1 to 3600; 30 by default (HOTP takes no other). */
    period?: number;
    type?: OtpType;
    issuer?: string;
    account?: string;
    secret?: string;
    /** HOTP only: the counter passed to `hotp`. */
    counter?: number;
}

/** `OtpOptions` and the moment to compute the code for. */
export interface TotpOptions extends OtpOptions {
    /** Unix seconds; now by default. */
    time?: number;
}

/** `TotpOptions` and how lenient to be. */
export interface VerifyOptions extends TotpOptions {
    /** Time steps accepted each way for clock drift, 0 to 10; 1 by default. */
    window?: number;
    /** The last time step accepted for this secret: it and every earlier one are refused. */
    afterTimeStep?: number;
}

/** How to draw a QR code as SVG. */
export interface SvgOptions {
    /** Error correction, `M` by default. */
    ecc?: Ecc;
    /** Quiet zone around the code in modules, 4 by default as the standard asks; at most 64. */
    margin?: number;
    /** Colour of dark modules (CSS), `#000` by default. */
    dark?: string;
    /** Colour of the background (CSS; `none` or `transparent` for none), `#fff` by default. */
    light?: string;
    /** The accessible name, read by screen readers; `QR code` by default. */
    title?: string;
}

/** Options of a QR code matrix. */
export interface MatrixOptions {
    /** Error correction, `M` by default. */
    ecc?: Ecc;
}

/** What a preset policy depends on. */
export interface PresetOptions {
    /** The tenant enforces two-factor authentication, so the password is not the only factor. */
    twoFactor?: boolean;
    /** The tenant's own banned words (company and product names). */
    bannedWords?: string[];
}
"#;
