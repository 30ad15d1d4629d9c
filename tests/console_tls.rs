//! HTTPS with an internal CA: a self-signed CA and server certificates made in the test
//! (rcgen), a tiny TLS server (tokio-rustls), and the console's client: an unknown issuer, a
//! name mismatch and an expired certificate are each named as such (not "error sending
//! request"), and with the CA given as `--ca-cert` (or `SSL_CERT_FILE`) it connects.

use std::sync::Arc;

use dutydesk::api::client::{ApiClient, Cause, ClientError, ClientOptions, TlsCause};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A CA of its own: its issuer and its certificate in PEM.
fn ca() -> (CertifiedIssuer<'static, KeyPair>, String) {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, "dutydesk test CA");
    let ca = CertifiedIssuer::self_signed(params, KeyPair::generate().expect("a CA key")).expect("a CA");
    let pem = ca.pem();
    (ca, pem)
}

/// Serves `GET /healthz` over TLS with a certificate for `names`, signed by `ca`, expired if
/// asked; returns the port.
async fn tls_server(ca: &CertifiedIssuer<'static, KeyPair>, names: &[&str], expired: bool) -> u16 {
    let mut params = CertificateParams::new(names.iter().map(ToString::to_string).collect::<Vec<_>>()).expect("params");
    if expired {
        params.not_before = rcgen::date_time_ymd(2019, 1, 1);
        params.not_after = rcgen::date_time_ymd(2020, 1, 1);
    }
    let key = KeyPair::generate().expect("a key");
    let cert = params.signed_by(&key, ca).expect("a certificate");
    let chain = vec![CertificateDer::from(cert.der().to_vec()), CertificateDer::from(ca.der().to_vec())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("a server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let port = listener.local_addr().expect("an address").port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let mut buf = [0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let answer =
                    "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok";
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

fn client(port: u16, ca_cert: Option<std::path::PathBuf>) -> ApiClient {
    let opts = ClientOptions { ca_cert, ..Default::default() };
    ApiClient::with_options(&format!("https://127.0.0.1:{port}"), "t", opts).expect("a client")
}

fn tls_cause(e: ClientError) -> TlsCause {
    match e {
        ClientError::Unreachable(Cause::Tls(c), _) => c,
        other => panic!("not a TLS failure: {other:?}"),
    }
}

/// One test, in order, because `SSL_CERT_FILE` is the process's environment.
#[tokio::test]
async fn an_internal_ca_is_trusted_when_given_and_every_tls_failure_is_named() {
    let (ca, pem) = ca();
    let dir = tempfile::tempdir().expect("a temp dir");
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &pem).expect("the CA written");

    let good = tls_server(&ca, &["127.0.0.1"], false).await;
    let e = client(good, None).healthz().await.expect_err("an unknown CA is refused");
    assert!(e.to_string().contains("unknown issuer"), "the message names the cause: {e}");
    assert_eq!(tls_cause(e), TlsCause::UnknownIssuer);
    client(good, Some(ca_file.clone())).healthz().await.expect("with --ca-cert it connects");

    let other = tls_server(&ca, &["other.example.gov.cn"], false).await;
    let e = client(other, Some(ca_file.clone())).healthz().await.expect_err("another name");
    assert_eq!(tls_cause(e), TlsCause::NameMismatch);

    let expired = tls_server(&ca, &["127.0.0.1"], true).await;
    let e = client(expired, Some(ca_file.clone())).healthz().await.expect_err("expired");
    assert_eq!(tls_cause(e), TlsCause::Expired);

    // SAFETY: this test binary has one test, and it sets the variable before making the
    // client that reads it; nothing else reads the environment meanwhile.
    unsafe { std::env::set_var("SSL_CERT_FILE", &ca_file) };
    client(good, None).healthz().await.expect("with SSL_CERT_FILE it connects");
    unsafe { std::env::remove_var("SSL_CERT_FILE") };

    let missing = dir.path().join("missing.pem");
    let opts = ClientOptions { ca_cert: Some(missing), ..Default::default() };
    let e = ApiClient::with_options("https://127.0.0.1:1", "t", opts).expect_err("an unreadable --ca-cert");
    assert!(e.to_string().contains("missing.pem"), "{e}");
}
