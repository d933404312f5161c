//! HMAC (RFC 2104) over SHA-1, SHA-256 and SHA-512 (FIPS 180-4), as one-time passwords use it.
//!
//! Our own, in a few loops, rather than the RustCrypto crates: a code hashes a block or two of
//! key and counter, so speed never shows, while their generic digest machinery (block buffers,
//! wrappers, unrolled rounds) was a fifth of the `twofold/otp` WebAssembly. The RFC vectors and
//! the totp-lite oracle (tests/totp_lite.rs, over those very crates) check these.

use super::params::Algorithm;

/// SHA-256's round constants (FIPS 180-4 §4.2.2): the first 32 bits of the fractional parts of
/// the cube roots of the first 64 primes.
const K256: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// SHA-512's round constants (FIPS 180-4 §4.2.3): 64 bits of the same cube roots, of the first
/// 80 primes.
const K512: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

impl Algorithm {
    /// Bytes per block, which is also the size of an HMAC key after padding.
    fn block_len(self) -> usize {
        if self == Self::Sha512 { 128 } else { 64 }
    }

    /// The state before any block (FIPS 180-4 §5.3).
    fn initial(self) -> State {
        match self {
            Self::Sha1 => State::Sha1([0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]),
            Self::Sha256 => State::Sha256([
                0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
                0x5be0cd19,
            ]),
            Self::Sha512 => State::Sha512([
                0x6a09e667f3bcc908,
                0xbb67ae8584caa73b,
                0x3c6ef372fe94f82b,
                0xa54ff53a5f1d36f1,
                0x510e527fade682d1,
                0x9b05688c2b3e6c1f,
                0x1f83d9abfb41bd6b,
                0x5be0cd19137e2179,
            ]),
        }
    }

    /// The hash of `message` (FIPS 180-4 §5.1 padding, then the rounds of §6). Also the
    /// SHA-1 a breach check sends the start of, so the crate has one SHA-1; only that
    /// check (and the FIPS vectors' tests) hash without a key, so the OTP-only build has no
    /// use for it.
    #[cfg(any(test, feature = "passwords"))]
    pub(crate) fn digest(self, message: &[u8]) -> Digest {
        self.initial().finish(0, message)
    }
}

/// A hash's output: its first `len` bytes (20, 32 or 64).
pub(crate) struct Digest {
    bytes: [u8; 64],
    len: usize,
}

impl Digest {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// A hash part-way through its message, after whole blocks.
#[derive(Clone, Copy)]
enum State {
    Sha1([u32; 5]),
    Sha256([u32; 8]),
    Sha512([u64; 8]),
}

impl State {
    fn block_len(&self) -> usize {
        if matches!(self, Self::Sha512(_)) { 128 } else { 64 }
    }

    /// Hashes one block (`block_len` bytes).
    fn compress(&mut self, block: &[u8]) {
        match self {
            Self::Sha1(state) => sha1(state, block),
            Self::Sha256(state) => sha256(state, block),
            Self::Sha512(state) => sha512(state, block),
        }
    }

    /// The hash of the `done` bytes already hashed followed by `tail`: its whole blocks, then
    /// the padding of FIPS 180-4 §5.1 (a 1 bit, zeros, and the length in bits at the end of a
    /// block, in 8 bytes, or 16 for SHA-512).
    fn finish(mut self, done: usize, tail: &[u8]) -> Digest {
        let block = self.block_len();
        let whole = tail.len() / block * block;
        for chunk in tail[..whole].chunks_exact(block) {
            self.compress(chunk);
        }
        let rest = &tail[whole..];
        let mut last = [0u8; 256];
        last[..rest.len()].copy_from_slice(rest);
        last[rest.len()] = 0x80;
        let field = block / 8;
        let blocks = if rest.len() < block - field { 1 } else { 2 };
        let bits = ((done + tail.len()) as u128) * 8;
        last[blocks * block - field..blocks * block].copy_from_slice(&bits.to_be_bytes()[16 - field..]);
        for chunk in last[..blocks * block].chunks_exact(block) {
            self.compress(chunk);
        }
        let mut digest = Digest { bytes: [0; 64], len: 0 };
        let mut put = |word: &[u8]| {
            digest.bytes[digest.len..digest.len + word.len()].copy_from_slice(word);
            digest.len += word.len();
        };
        match self {
            Self::Sha1(state) => state.iter().for_each(|s| put(&s.to_be_bytes())),
            Self::Sha256(state) => state.iter().for_each(|s| put(&s.to_be_bytes())),
            Self::Sha512(state) => state.iter().for_each(|s| put(&s.to_be_bytes())),
        }
        digest
    }
}

fn words32(block: &[u8]) -> impl Iterator<Item = u32> + '_ {
    block.chunks_exact(4).map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
}

fn sha1(state: &mut [u32; 5], block: &[u8]) {
    // The message schedule as a ring of 16 words (FIPS 180-4 §6.1.3): w[t] is computed from
    // w[t-3], w[t-8], w[t-14] and w[t-16], found at t+13, t+8, t+2 and t modulo 16.
    let mut w = [0u32; 16];
    for (slot, word) in w.iter_mut().zip(words32(block)) {
        *slot = word;
    }
    let mut v = *state;
    // Four runs of twenty rounds, each with its own function and constant, so that no round
    // branches on which it is.
    sha1_rounds(&mut v, &mut w, 0, |b, c, d| (b & c) | (!b & d), 0x5A827999);
    sha1_rounds(&mut v, &mut w, 20, |b, c, d| b ^ c ^ d, 0x6ED9EBA1);
    sha1_rounds(&mut v, &mut w, 40, |b, c, d| (b & c) | (b & d) | (c & d), 0x8F1BBCDC);
    sha1_rounds(&mut v, &mut w, 60, |b, c, d| b ^ c ^ d, 0xCA62C1D6);
    for (s, x) in state.iter_mut().zip(v) {
        *s = s.wrapping_add(x);
    }
}

/// Rounds `from` to `from + 19` of SHA-1, with the function and constant of that run.
#[inline(always)]
fn sha1_rounds(v: &mut [u32; 5], w: &mut [u32; 16], from: usize, f: impl Fn(u32, u32, u32) -> u32, k: u32) {
    let [mut a, mut b, mut c, mut d, mut e] = *v;
    for t in from..from + 20 {
        if t >= 16 {
            w[t & 15] = (w[(t + 13) & 15] ^ w[(t + 8) & 15] ^ w[(t + 2) & 15] ^ w[t & 15]).rotate_left(1);
        }
        let next =
            a.rotate_left(5).wrapping_add(f(b, c, d)).wrapping_add(e).wrapping_add(k).wrapping_add(w[t & 15]);
        (e, d, c, b, a) = (d, c, b.rotate_left(30), a, next);
    }
    *v = [a, b, c, d, e];
}

fn sha256(state: &mut [u32; 8], block: &[u8]) {
    let mut w = [0u32; 64];
    for (slot, word) in w.iter_mut().zip(words32(block)) {
        *slot = word;
    }
    for t in 16..64 {
        let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
        let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1);
    }
    let mut v = *state;
    for (k, word) in K256.iter().zip(w) {
        let [a, b, c, d, e, f, g, h] = v;
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let t1 = h.wrapping_add(s1).wrapping_add((e & f) ^ (!e & g)).wrapping_add(*k).wrapping_add(word);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let t2 = s0.wrapping_add((a & b) ^ (a & c) ^ (b & c));
        v = [t1.wrapping_add(t2), a, b, c, d.wrapping_add(t1), e, f, g];
    }
    for (s, x) in state.iter_mut().zip(v) {
        *s = s.wrapping_add(x);
    }
}

fn sha512(state: &mut [u64; 8], block: &[u8]) {
    let mut w = [0u64; 80];
    for (slot, word) in w.iter_mut().zip(block.chunks_exact(8)) {
        *slot = u64::from_be_bytes([word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7]]);
    }
    for t in 16..80 {
        let s0 = w[t - 15].rotate_right(1) ^ w[t - 15].rotate_right(8) ^ (w[t - 15] >> 7);
        let s1 = w[t - 2].rotate_right(19) ^ w[t - 2].rotate_right(61) ^ (w[t - 2] >> 6);
        w[t] = w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1);
    }
    let mut v = *state;
    for (k, word) in K512.iter().zip(w) {
        let [a, b, c, d, e, f, g, h] = v;
        let s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
        let t1 = h.wrapping_add(s1).wrapping_add((e & f) ^ (!e & g)).wrapping_add(*k).wrapping_add(word);
        let s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
        let t2 = s0.wrapping_add((a & b) ^ (a & c) ^ (b & c));
        v = [t1.wrapping_add(t2), a, b, c, d.wrapping_add(t1), e, f, g];
    }
    for (s, x) in state.iter_mut().zip(v) {
        *s = s.wrapping_add(x);
    }
}

/// HMAC (RFC 2104 §2) with one key, its padded key's block hashed once for both passes, so
/// that each message costs the blocks of the message and of the inner hash only: a window of
/// codes is a third cheaper than HMACs from scratch, and nothing is allocated.
pub(super) struct Hmac {
    inner: State,
    outer: State,
}

impl Hmac {
    /// Keys `algorithm` with `key`: a key longer than a block is hashed first, then padded
    /// with zeros to a block.
    pub(super) fn new(algorithm: Algorithm, key: &[u8]) -> Self {
        let block = algorithm.block_len();
        let hashed;
        let key = if key.len() > block {
            hashed = algorithm.initial().finish(0, key);
            hashed.as_bytes()
        } else {
            key
        };
        let keyed = |pad: u8| {
            let mut padded = [pad; 128];
            for (p, k) in padded.iter_mut().zip(key) {
                *p ^= k;
            }
            let mut state = algorithm.initial();
            state.compress(&padded[..block]);
            state
        };
        Self { inner: keyed(0x36), outer: keyed(0x5c) }
    }

    /// HMAC(key, message).
    pub(super) fn mac(&self, message: &[u8]) -> Digest {
        let block = self.inner.block_len();
        let inner = self.inner.finish(block, message);
        self.outer.finish(block, inner.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn digests_are_fips_180_4s_examples() {
        // FIPS 180-4's examples ("abc", and the two-block message), as NIST publishes them.
        let two_blocks = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(
            hex(Algorithm::Sha1.digest(b"abc").as_bytes()),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex(Algorithm::Sha1.digest(two_blocks).as_bytes()),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        assert_eq!(
            hex(Algorithm::Sha256.digest(b"abc").as_bytes()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(Algorithm::Sha256.digest(two_blocks).as_bytes()),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(Algorithm::Sha512.digest(b"abc").as_bytes()),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
        assert_eq!(hex(Algorithm::Sha1.digest(b"").as_bytes()), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    }

    #[test]
    fn hmacs_are_rfc_4231s_and_rfc_2202s() {
        // RFC 2202 test case 2 (SHA-1) and RFC 4231 test cases 2 and 6 (a key longer than a block).
        assert_eq!(
            hex(Hmac::new(Algorithm::Sha1, b"Jefe").mac(b"what do ya want for nothing?").as_bytes()),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        assert_eq!(
            hex(Hmac::new(Algorithm::Sha256, b"Jefe").mac(b"what do ya want for nothing?").as_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex(Hmac::new(Algorithm::Sha512, b"Jefe").mac(b"what do ya want for nothing?").as_bytes()),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554\
             9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        );
        let long_key = [0xaa; 131];
        let message = b"Test Using Larger Than Block-Size Key - Hash Key First";
        assert_eq!(
            hex(Hmac::new(Algorithm::Sha256, &long_key).mac(message).as_bytes()),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert_eq!(
            hex(Hmac::new(Algorithm::Sha512, &long_key).mac(message).as_bytes()),
            "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352\
             6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
        );
    }
}
