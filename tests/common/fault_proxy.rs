//! A fault-injecting TCP proxy for the tests, run inside the test process (threads, blocking
//! sockets): it listens on a loopback port and, by its [`Fault`], passes every byte to the
//! upstream server and back, hangs (accepts and reads, never forwards, never answers), or
//! applies and drops (forwards the request, discards the answer and closes the connection
//! once the server has answered, the way a link that dies on the way back does). Changing the
//! fault cuts every open connection, so a kept-alive connection cannot carry the old behaviour
//! over. It counts the POSTs it has forwarded to the server.

#![allow(dead_code)] // Each test file uses a different part.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the proxy does to the connections it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Every byte both ways.
    Pass = 0,
    /// Accepts, reads and forgets; never connects upstream, never answers.
    Hang = 1,
    /// Forwards the request; drops the answer and closes the client's connection.
    DropAnswers = 2,
}

impl Fault {
    fn from_u8(v: u8) -> Fault {
        match v {
            1 => Fault::Hang,
            2 => Fault::DropAnswers,
            _ => Fault::Pass,
        }
    }
}

struct Shared {
    fault: AtomicU8,
    upstream: Mutex<SocketAddr>,
    open: Mutex<Vec<TcpStream>>,
    posts: AtomicUsize,
    stop: AtomicBool,
}

/// A running proxy; stops when dropped.
pub(crate) struct FaultProxy {
    /// The address it listens on.
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl FaultProxy {
    /// A proxy to `upstream` on a free loopback port, starting with `fault`.
    pub(crate) fn start(upstream: SocketAddr, fault: Fault) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            fault: AtomicU8::new(fault as u8),
            upstream: Mutex::new(upstream),
            open: Mutex::new(Vec::new()),
            posts: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let s = shared.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = conn else { continue };
                let s = s.clone();
                std::thread::spawn(move || serve(s, client));
            }
        });
        FaultProxy { addr, shared }
    }

    /// `http://ADDR`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Changes the fault, cutting every open connection.
    pub(crate) fn set(&self, fault: Fault) {
        self.shared.fault.store(fault as u8, Ordering::SeqCst);
        self.cut();
    }

    /// Points the proxy at another upstream (a restarted server), cutting open connections.
    pub(crate) fn set_upstream(&self, upstream: SocketAddr) {
        *self.shared.upstream.lock().unwrap() = upstream;
        self.cut();
    }

    /// How many POSTs it has forwarded to the server so far.
    pub(crate) fn posts_forwarded(&self) -> usize {
        self.shared.posts.load(Ordering::SeqCst)
    }

    fn cut(&self) {
        for c in self.shared.open.lock().unwrap().drain(..) {
            let _ = c.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.cut();
        // Wake the accept loop so it sees `stop`.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn remember(s: &Shared, c: &TcpStream) {
    if let Ok(c) = c.try_clone() {
        s.open.lock().unwrap().push(c);
    }
}

fn serve(s: Arc<Shared>, mut client: TcpStream) {
    remember(&s, &client);
    let fault = Fault::from_u8(s.fault.load(Ordering::SeqCst));
    if fault == Fault::Hang {
        let mut buf = [0u8; 4096];
        while matches!(client.read(&mut buf), Ok(n) if n > 0) {}
        return;
    }
    let upstream = *s.upstream.lock().unwrap();
    let Ok(server) = TcpStream::connect_timeout(&upstream, Duration::from_secs(2)) else {
        let _ = client.shutdown(Shutdown::Both);
        return;
    };
    remember(&s, &server);
    let (Ok(mut c_read), Ok(mut s_write)) = (client.try_clone(), server.try_clone()) else { return };
    let counts = s.clone();
    // Client → server, counting POSTs as they pass.
    let up = std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        loop {
            match c_read.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let posts = buf[..n].windows(5).filter(|w| *w == b"POST ").count();
                    if s_write.write_all(&buf[..n]).is_err() {
                        break;
                    }
                    counts.posts.fetch_add(posts, Ordering::SeqCst);
                }
            }
        }
        let _ = s_write.shutdown(Shutdown::Write);
    });
    // Server → client: passed, or dropped with the connection cut once the server answered.
    let mut s_read = server;
    let mut buf = [0u8; 16384];
    loop {
        match s_read.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if fault == Fault::DropAnswers {
                    break;
                }
                if client.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = client.shutdown(Shutdown::Both);
    let _ = s_read.shutdown(Shutdown::Both);
    let _ = up.join();
}
