//! The TypeScript types of the options objects, which `read` takes apart by hand and so have no
//! Rust struct to derive them from. Results and documents (`TotpCode`, `Verdict`, `Policy`...)
//! get theirs from their Rust types (tsify, the `typescript` feature).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const OPTIONS: &str = r#"
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
