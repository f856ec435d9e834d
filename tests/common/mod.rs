//! What the integration tests share: where the checkout is.

use std::path::PathBuf;

/// The checkout whose tests are running. Cargo sets `CARGO_MANIFEST_DIR`
/// when it runs a test; the value compiled in is only the fallback, as a
/// test binary reused from a shared build folder may have been compiled in
/// another checkout of the same sources, which may lack the assets.
pub fn root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}
