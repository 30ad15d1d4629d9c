//! The roots a client trusts for HTTPS: the system's (rustls-native-certs, which reads
//! `SSL_CERT_FILE` when it is set) and the compiled-in Mozilla roots, plus the certificates of
//! `SSL_CERT_FILE` and of `--ca-cert FILE` (console flag or `console.ca_cert`) added
//! explicitly, so an internal CA works whatever the system store holds.

use std::path::Path;

use super::error::ClientError;

/// The PEM certificates of `path` (one or a bundle), or a message naming the file.
fn certificates(path: &Path, what: &str) -> Result<Vec<reqwest::Certificate>, ClientError> {
    let pem = std::fs::read(path).map_err(|e| ClientError::Config(format!("{what} {}: {e}", path.display())))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| ClientError::Config(format!("{what} {}: not PEM certificates: {e}", path.display())))?;
    if certs.is_empty() {
        return Err(ClientError::Config(format!("{what} {}: holds no PEM certificate", path.display())));
    }
    Ok(certs)
}

/// Adds the trusted roots to a client builder: `ca_cert` (an error if unreadable or empty) and
/// `SSL_CERT_FILE` (skipped with a log line if unreadable, as OpenSSL does).
pub(super) fn with_roots(
    mut builder: reqwest::ClientBuilder,
    ca_cert: Option<&Path>,
) -> Result<reqwest::ClientBuilder, ClientError> {
    if let Some(path) = ca_cert {
        for cert in certificates(path, "--ca-cert")? {
            builder = builder.add_root_certificate(cert);
        }
    }
    if let Some(file) = std::env::var_os("SSL_CERT_FILE").filter(|f| !f.is_empty()) {
        match certificates(Path::new(&file), "SSL_CERT_FILE") {
            Ok(certs) => {
                for cert in certs {
                    builder = builder.add_root_certificate(cert);
                }
            }
            Err(e) => tracing::warn!(error = %e, "SSL_CERT_FILE ignored"),
        }
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_empty_ca_file_is_named() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let missing = dir.path().join("none.pem");
        let e = certificates(&missing, "--ca-cert").expect_err("missing");
        assert!(e.to_string().contains("none.pem"), "{e}");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no certificate here\n").expect("written");
        let e = certificates(&empty, "--ca-cert").expect_err("empty");
        assert!(e.to_string().contains("no PEM certificate"), "{e}");
    }
}
